"""The open data package holds the EV charging locations with their connectors and the
air-purification blocks, official rows only."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile

import pytest

from jasyl.domain.charging.models import AirPurifierBlock
from jasyl.testing.greenfund import IN_EAST, IN_WEST, districts, english, point  # noqa: F401
from jasyl.web.charging.tests.conftest import charger

pytestmark = pytest.mark.django_db


def test_the_package_holds_the_official_chargers_and_blocks(client, roadmap, districts):  # noqa: F811
    charger(roadmap, "EV-1", IN_WEST, status="in_service", in_service_on=datetime.date(2024, 5, 2))
    charger(roadmap, "EV-SAMPLE", IN_EAST, is_sample=True)
    AirPurifierBlock.objects.create(
        code="AP-1", name_en="Sairan 1", geometry=point(IN_WEST), modules=4
    )
    response = client.get("/opendata/green-almaty/datapackage.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:

        def table(name: str) -> list[dict[str, str]]:
            return list(csv.DictReader(io.StringIO(archive.read(name).decode())))

        (location,) = table("ev-charging-locations.csv")
        assert (location["code"], location["status"], location["in_service_on"]) == (
            "EV-1",
            "in_service",
            "2024-05-02",
        )
        assert [
            (r["location"], r["connector_id"], r["standard"], r["power_type"], r["max_power_kw"])
            for r in table("ev-charging-connectors.csv")
        ] == [
            ("EV-1", "1", "IEC_62196_T2", "AC_3_PHASE", "22"),
            ("EV-1", "2", "CHADEMO", "DC", "50"),
        ]
        (block,) = table("air-purifier-blocks.csv")
        assert (block["code"], block["modules"], block["status"]) == ("AP-1", "4", "planned")
        descriptor = json.loads(archive.read("datapackage.json"))
        names = {r["name"]: r for r in descriptor["resources"]}
        fields = [f["name"] for f in names["ev-charging-locations"]["schema"]["fields"]]
        assert fields[-1] == "address" and "in_service_on" in fields
