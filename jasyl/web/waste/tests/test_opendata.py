"""The open data package holds the waste registries and the tonnage, official rows only."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest

from jasyl.domain.waste.models import TonnageRecord
from jasyl.web.waste.tests.conftest import container_site

pytestmark = pytest.mark.django_db


def test_the_package_holds_the_official_waste_rows(client, roadmap, districts):
    container_site("CS-1")
    container_site("SAMPLE-1", is_sample=True)
    TonnageRecord.objects.create(
        month=datetime.date(2024, 5, 1),
        site_code="CS-1",
        fraction="glass",
        destination="recycling",
        tonnes=Decimal("1.25"),
        source="report",
    )
    response = client.get("/opendata/green-almaty/datapackage.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:

        def table(name: str) -> list[dict[str, str]]:
            return list(csv.DictReader(io.StringIO(archive.read(name).decode())))

        assert [r["code"] for r in table("waste-container-sites.csv")] == ["CS-1"]
        assert [(r["site"], r["fraction"], r["count"]) for r in table("waste-containers.csv")] == [
            ("CS-1", "dry", "2"),
            ("CS-1", "wet", "3"),
        ]
        (record,) = table("waste-tonnage.csv")
        assert (record["month"], record["tonnes"], record["destination"]) == (
            "2024-05",
            "1.25",
            "recycling",
        )
