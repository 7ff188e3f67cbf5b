"""Schemathesis against a real server: generated requests to every read endpoint must get
answers the schema documents, and never a server error."""

from __future__ import annotations

import datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jasyl.domain.airquality.tests.factories import full_day, station
from jasyl.domain.greenfund.models import Nursery, Park, WoodWasteSite
from jasyl.domain.indicators.services import sync_indicators
from jasyl.domain.registries.services import save_entry
from jasyl.domain.water.tests.helpers import water_object
from jasyl.testing.greenfund import EAST, IN_EAST, IN_WEST, districts, point, square  # noqa: F401
from jasyl.testing.reports import approved_reports, observe
from jasyl.web.greenfund.tests.conftest import permit, reference_data, tree

# The same in SQLite and PostgreSQL: .ci/run runs it once.
pytestmark = pytest.mark.once

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def published(roadmap, districts):  # noqa: F811 (the fixture imported above)
    sync_indicators(roadmap)
    approved_reports(roadmap, ["1.1", "2.2"], year=2023)
    approved_reports(roadmap, ["1.1"], year=2024, sample=True)
    observe("1:air_emissions", 2022, 125)
    observe("1:air_emissions", 2023, 121)
    # The green fund's registries: a felled permit with its trees, one without a rule, places.
    reference_data()
    felled = permit("P-1", [tree("T1"), tree("T2", IN_EAST)], felled_on=datetime.date(2025, 3, 2))
    permit("P-2", [tree("T3")], reason="construction")
    tree("S1", is_sample=True, condition="good", height_m="7.5")
    places = ((Park, square(EAST)), (Nursery, point(IN_WEST)), (WoodWasteSite, point(IN_EAST)))
    for model, geometry in places:
        values = {"code": f"{model.__name__}-1", "name_kk": "Ат", "geometry": geometry}
        save_entry(model=model, entry=None, values=values, actor=None, access=None)
    assert felled.owed == 20
    # The water registry: a canal (a line) and a river (natural: no status).
    for code, kind in (("C-1", "canal"), ("R-1", "river")):
        water_object(code, kind)
    # Air quality: an official station with two days, a demonstration one without a place.
    official = station("A", official=True)
    full_day(official, "pm25", datetime.date(2025, 3, 10), 40.0)
    full_day(official, "no2", datetime.date(2025, 3, 11), 50.0)
    full_day(
        station("S", sample=True, latitude=None, longitude=None),
        "pm25",
        datetime.date(2025, 3, 10),
        5.0,
    )
    return roadmap


def test_read_endpoints_conform_to_the_schema(live_server, published):
    schema = schemathesis.openapi.from_url(live_server.url + "/api/v1/schema/?format=json")
    failures = []
    operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
    assert len(operations) >= 19
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8,
            deadline=None,
            database=None,
            derandomize=True,  # the same cases on every run, so that CI does not flicker
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(base_url=live_server.url, checks=CHECKS)

        try:
            run()
        except Exception as error:
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
