"""The waste registries' rows move onto the shared lifecycle (migrations 0002-0004): each keeps
its status, the day of its last change becomes the date of that stage, and a row in service
without a day takes the day Jasyl last recorded it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("waste", "0001_initial")]
AFTER = [("waste", "0004_drop_status_changed_on")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_the_status_date_becomes_the_date_of_the_rows_stage():
    old = migrate(BEFORE)
    place = Point(76.91, 43.25, srid=4326)
    sites = old.get_model("waste", "ContainerSite").objects
    sites.create(code="S-1", geometry=place, status="in_service", status_changed_on="2024-05-02")
    sites.create(code="S-2", geometry=place, status="designed", status_changed_on="2023-11-20")
    sites.create(code="S-3", geometry=place, status="planned")
    undated = sites.create(code="S-4", geometry=place, status="in_service")
    plants = old.get_model("waste", "TreatmentPlant").objects
    plants.create(code="P-1", geometry=place, kind="rdf", status="decommissioned",
                  status_changed_on="2025-01-10")  # fmt: skip
    try:
        new = migrate(AFTER)
        found = {s.code: s for s in new.get_model("waste", "ContainerSite").objects.all()}
        assert (found["S-1"].status, found["S-1"].in_service_on) == (
            "in_service",
            datetime.date(2024, 5, 2),
        )
        assert (found["S-2"].status, found["S-2"].designed_on) == (
            "designed",
            datetime.date(2023, 11, 20),
        )
        assert found["S-2"].in_service_on is None
        assert found["S-3"].planned_on is None
        assert found["S-4"].in_service_on == undated.updated_at.date()
        plant = new.get_model("waste", "TreatmentPlant").objects.get(code="P-1")
        assert plant.decommissioned_on == datetime.date(2025, 1, 10)
    finally:
        migrate(AFTER)
