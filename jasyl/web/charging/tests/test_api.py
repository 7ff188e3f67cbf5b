"""The API's GeoJSON of EV charging locations and air-purification blocks: official rows with
their EVSEs and connectors, filtered, sample rows only on request; both in the schema."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from jasyl.domain.charging.models import AirPurifierBlock
from jasyl.testing.greenfund import IN_EAST, IN_WEST, districts, english, point  # noqa: F401
from jasyl.web.charging.tests.conftest import charger

pytestmark = pytest.mark.django_db
API = "/api/v1/programmes/green-almaty/registries/"


def test_the_api_lists_chargers_with_their_connectors(client, roadmap, districts):  # noqa: F811
    charger(
        roadmap,
        "EV-W",
        IN_WEST,
        status="in_service",
        in_service_on=datetime.date(2024, 5, 2),
        district=districts["west"],
    )
    charger(roadmap, "EV-E", IN_EAST)
    charger(roadmap, "EV-S", IN_EAST, is_sample=True)
    body = client.get(API + "ev-chargers/").json()
    assert [f["properties"]["code"] for f in body["features"]] == ["EV-E", "EV-W"]
    west = body["features"][1]
    assert west["geometry"] == {"type": "Point", "coordinates": list(IN_WEST)}
    properties = west["properties"]
    assert (properties["status"], properties["in_service_on"]) == ("in_service", "2024-05-02")
    assert properties["activity"] == "1.4" and properties["district"] == "west"
    (evse,) = properties["evses"]
    assert [(c["standard"], c["power_type"], c["max_power_kw"]) for c in evse["connectors"]] == [
        ("IEC_62196_T2", "AC_3_PHASE", 22),
        ("CHADEMO", "DC", 50),
    ]
    served = client.get(API + "ev-chargers/?status=in_service").json()["features"]
    assert [f["properties"]["code"] for f in served] == ["EV-W"]
    # A power type outside OCPI 2.2.1's list is refused, naming the parameter.
    refused = client.get(API + "ev-chargers/?kind=AC_2_PHASE")
    assert refused.status_code == 400 and "kind" in refused.content.decode()
    sample = client.get(API + "ev-chargers/?data=sample").json()["features"]
    assert [f["properties"]["code"] for f in sample] == ["EV-S"]
    assert sample[0]["properties"]["sample"] is True


def test_the_api_lists_air_purifier_blocks(client, roadmap, districts):  # noqa: F811
    AirPurifierBlock.objects.create(
        code="AP-1", name_en="Sairan 1", geometry=point(IN_WEST), modules=4, equipment="Sea Air"
    )
    (found,) = client.get(API + "air-purifiers/").json()["features"]
    assert (found["properties"]["modules"], found["properties"]["equipment"]) == (4, "Sea Air")
    assert found["properties"]["status"] == "planned"


def test_both_endpoints_are_in_the_schema(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    schema = (tmp_path / "s.yaml").read_text()
    assert "/api/v1/programmes/{programme}/registries/ev-chargers/:" in schema
    assert "/api/v1/programmes/{programme}/registries/air-purifiers/:" in schema
