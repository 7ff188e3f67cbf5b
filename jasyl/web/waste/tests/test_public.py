"""The public waste pages: lists with filters, a site's page, the recyclables KPI with its
method, and the CSV and GeoJSON downloads of the same rows, official apart from sample."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest

from jasyl.domain.waste.models import TonnageRecord
from jasyl.web.waste.tests.conftest import BASE, container_site, eco_station

pytestmark = pytest.mark.django_db


def test_the_container_sites_list_filters_by_kind_and_status(client, roadmap, districts):
    container_site("CS-1")
    container_site(
        "CS-2", kind="courtyard", status="in_service", in_service_on=datetime.date(2024, 5, 2)
    )
    container_site("SAMPLE-1", is_sample=True)
    page = client.get(BASE + "container-sites/").content.decode()
    assert "CS-1" in page and "CS-2" in page and "SAMPLE-1" not in page
    assert "dry (mixed recyclables) ×2" in page
    page = client.get(BASE + "container-sites/?kind=courtyard").content.decode()
    assert "CS-2" in page and "CS-1" not in page
    page = client.get(BASE + "container-sites/?status=planned").content.decode()
    assert "CS-1" in page and "CS-2" not in page
    sample = client.get(BASE + "container-sites/?data=sample").content.decode()
    assert "SAMPLE-1" in sample and "CS-1" not in sample
    assert client.get(BASE + "nothing/").status_code == 404


def test_a_site_page_shows_its_containers_status_and_history(client, roadmap, districts):
    site = container_site("CS-1")
    page = client.get(f"{BASE}container-sites/{site.pk}/").content.decode()
    assert "Yard CS-1" in page and "west ауданы" in page
    assert 'id="containers"' in page and "wet (residual)" in page
    assert "History of changes" in page
    # The public is not offered the office's status form.
    assert "/status/" not in page


def test_csv_and_geojson_hold_the_rows_of_the_list(client, roadmap, districts):
    container_site("CS-1")
    eco_station("ECO-1", activity=roadmap.activities.get(code="10.3"))
    rows = list(csv.reader(io.StringIO(client.get(BASE + "data/sites.csv").content.decode())))
    assert rows[0][:4] == ["Code", "Name", "Kind", "Status"]
    assert rows[1][:4] == ["ECO-1", "Eco ECO-1", "eco-station", "in service"]
    assert rows[1][6] == "10.3"
    found = json.loads(client.get(BASE + "data/container-sites.geojson").content)
    (feature,) = found["features"]
    assert feature["geometry"]["type"] == "Point"
    assert feature["properties"]["containers"] == {
        "dry": {"count": 2, "volume_m3": None},
        "wet": {"count": 3, "volume_m3": None},
    }
    assert feature["properties"]["district"] == "west"


def test_the_api_lists_the_sites_as_geojson(client, roadmap, districts):
    eco_station("ECO-1")
    eco_station("ECO-2", kind="mesh_container")
    answer = client.get("/api/v1/programmes/green-almaty/waste/sites/?kind=mesh_container")
    assert answer.status_code == 200
    body = answer.json()
    assert [f["properties"]["code"] for f in body["features"]] == ["ECO-2"]


def test_the_recyclables_kpi_counts_recycling_only_and_states_its_method(
    client, roadmap, districts
):
    for month, destination, tonnes in (
        (1, "recycling", "2500"),
        (2, "recycling", "1000"),
        (2, "energy_recovery", "9000"),
    ):
        TonnageRecord.objects.create(
            month=datetime.date(2025, month, 1),
            operator_name="Op",
            fraction="plastic",
            destination=destination,
            tonnes=Decimal(tonnes),
            source="report",
        )
    page = client.get(BASE + "recyclables/").content.decode()
    assert "3.5" in page  # thousand tonnes recycled in 2025, the 9 000 t burnt left out
    assert "How it is computed" in page and "3(17)" in page
    rows = list(csv.reader(io.StringIO(client.get(BASE + "data/recyclables.csv").content.decode())))
    assert rows[1][:3] == ["2025", "3.5", "5"]
    assert "9000" in rows[1]
