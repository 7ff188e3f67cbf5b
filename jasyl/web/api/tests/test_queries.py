"""Every list endpoint reads in a fixed number of queries, however many rows it returns."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jasyl.testing.reports import approved_reports, observe
from jasyl.web.api.tests.conftest import API

FEW = ["1.1", "2.2"]
MANY = ["1.1", "1.2", "2.2", "2.3", "3.1", "3.2"]


def queries(api, url: str) -> int:
    api.get(url)  # the plan is then cached for its edition, as in production
    with CaptureQueriesContext(connection) as captured:
        assert api.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/programmes/", 2),
        (API + "activities/", 5),
        # The plan is cached; the registry rules count what each registry holds.
        (API + "audit/", 16),
        (API + "agencies/", 1),
        (API + "periods/", 3),
        (API + "reports/", 5),
        (API + "indicators/", 5),
        (API + "indicators/1:air_emissions/observations/", 5),
        (API + "plan/", 1),
        (API + "execution/", 3),
    ],
)
def test_list_endpoints_read_in_a_fixed_number_of_queries(
    api, registry, django_assert_num_queries, url, expected
):
    approved_reports(registry, FEW, year=2023)
    observe("1:air_emissions", 2022, 125)
    few = queries(api, url + ("&" if "?" in url else "?") + "limit=2")
    approved_reports(registry, MANY, year=2024)
    observe("1:air_emissions", 2023, 121)
    observe("1:air_emissions", 2024, 119)
    with django_assert_num_queries(expected):
        assert api.get(url + "?limit=500").status_code == 200
    assert few == expected
