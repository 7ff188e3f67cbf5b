"""The hourly summary kept beside the measurements: each ingested file is merged into it, and
it always equals the summary computed again from the measurements. On PostgreSQL both ingest
paths (rows and SQL) are checked."""

import datetime
import io

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test import RequestFactory

from jasyl.domain.airquality import hours
from jasyl.domain.airquality.ingest import ingest_file
from jasyl.domain.airquality.models import HourlyMean, Measurement, Station
from jasyl.samples import air as sample

HEADER = "location_id,sensors_id,location,datetime,lat,lon,parameter,units,value\n"
UTC = datetime.UTC


def csv(*rows: tuple[str, str, float]) -> bytes:
    return (
        HEADER + "".join(f"900001,1,H1,{at},43,76,{p},µg/m³,{v}\n" for at, p, v in rows)
    ).encode()


def summary():
    return sorted(
        HourlyMean.objects.values_list("station__code", "parameter", "hour", "readings", "total")
    )


@pytest.fixture
def post(db):
    return Station.objects.create(
        code="H1", name_kk="Сынақ", operator="Test", kind="reference", openaq_location=900001
    )


PATHS = [False] + ([True] if connection.vendor == "postgresql" else [])


@pytest.mark.parametrize("bulk", PATHS)
def test_files_merge_into_the_hours_they_share(post, bulk):
    # 10:00-10:59 Almaty (05 UTC) gets 10 and 20 from the first file, 30 from the second;
    # the second file's 40 opens 06 UTC; its repeat of 10:00 is not stored, so not counted.
    first = csv(
        ("2025-01-15T10:00:00+05:00", "pm25", 10), ("2025-01-15T10:10:00+05:00", "pm25", 20)
    )
    second = csv(
        ("2025-01-15T10:00:00+05:00", "pm25", 99),
        ("2025-01-15T10:50:00+05:00", "pm25", 30),
        ("2025-01-15T11:00:00+05:00", "pm25", 40),
    )
    ingest_file(handle=io.BytesIO(first), file_name="a.csv", bulk=bulk)
    ingest_file(handle=io.BytesIO(second), file_name="b.csv", bulk=bulk)
    ingest_file(handle=io.BytesIO(second), file_name="b.csv", bulk=bulk)  # again: no change
    five = datetime.datetime(2025, 1, 15, 5, tzinfo=UTC)
    six = datetime.datetime(2025, 1, 15, 6, tzinfo=UTC)
    assert summary() == [("H1", "pm25", five, 3, 60.0), ("H1", "pm25", six, 1, 40.0)]
    assert HourlyMean.objects.get(hour=five).highest == 30
    assert HourlyMean.objects.get(hour=five).mean == 20
    merged = summary()
    hours.rebuild([post.pk])
    assert summary() == merged


def test_a_dry_run_leaves_the_hours_alone(post):
    ingest_file(
        handle=io.BytesIO(csv(("2025-01-15T10:00:00+05:00", "pm10", 5))),
        file_name="a.csv",
        dry_run=True,
    )
    assert summary() == []


def test_measurements_are_read_only_in_the_admin(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = site._registry[Measurement]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_removing_the_sample_stations_removes_their_hours(db):
    sample.generate(days=2)
    assert HourlyMean.objects.filter(station__sample=True).exists()
    sample.generate(days=2, remove=True)
    stored = summary()
    hours.rebuild(Station.objects.values_list("pk", flat=True))
    assert summary() == stored
    sample.remove_sample()
    assert not HourlyMean.objects.exists()
