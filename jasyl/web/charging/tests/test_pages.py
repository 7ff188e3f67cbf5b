"""The public pages of EV chargers and air-purification blocks: the list with its filters, a
row's page with its connectors and lifecycle, CSV and GeoJSON of the filtered rows, and sample
rows only behind the switch, marked."""

from __future__ import annotations

import datetime
import json

import pytest

from jasyl.domain.charging.models import AirPurifierBlock
from jasyl.testing.greenfund import IN_EAST, IN_WEST, districts, english, point  # noqa: F401
from jasyl.web.charging.tests.conftest import charger

pytestmark = pytest.mark.django_db
BASE = "/en/programmes/green-almaty/registries/"


def test_the_chargers_list_filters_and_downloads(client, roadmap, districts):  # noqa: F811
    west = charger(
        roadmap, "EV-W", IN_WEST, status="in_service", in_service_on=datetime.date(2024, 5, 2)
    )
    west.district = districts["west"]
    west.save()
    charger(roadmap, "EV-E", IN_EAST)
    charger(roadmap, "EV-S", IN_EAST, is_sample=True)
    page = client.get(BASE + "ev-chargers/").content.decode()
    assert "EV-W" in page and "EV-E" in page and "EV-S" not in page
    assert "Show the sample data" in page
    filtered = client.get(BASE + "ev-chargers/?status=in_service").content.decode()
    assert "EV-W" in filtered and "EV-E" not in filtered
    csv = client.get(BASE + "data/ev-chargers.csv?status=in_service").content.decode()
    assert "EV-W" in csv and "EV-E" not in csv and "CHADEMO, IEC_62196_T2" in csv
    collection = json.loads(client.get(BASE + "data/ev-chargers.geojson").content)
    first = next(f for f in collection["features"] if f["properties"]["code"] == "EV-W")
    assert first["properties"]["status"] == "in_service"
    assert [c["max_power_kw"] for c in first["properties"]["evses"][0]["connectors"]] == [22, 50]
    sample = client.get(BASE + "ev-chargers/?data=sample").content.decode()
    assert "EV-S" in sample and "Sample data for demonstration" in sample
    detail = client.get(BASE + f"ev-chargers/{west.pk}/").content.decode()
    assert "CHADEMO" in detail and "In service" in detail.replace("in service", "In service")


def test_the_air_purifier_blocks_list(client, roadmap, districts):  # noqa: F811
    AirPurifierBlock.objects.create(
        code="AP-1", name_en="Sairan 1", geometry=point(IN_WEST), modules=4, equipment="Sea Air"
    )
    page = client.get(BASE + "air-purifiers/").content.decode()
    assert "AP-1" in page and "Sea Air" in page
    assert client.get(BASE + "nothing/").status_code == 404
