"""The open data package holds the water objects and their works, official rows only."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest

from jasyl.web.water.tests.conftest import water_object, work

pytestmark = pytest.mark.django_db


def test_the_package_holds_the_official_water_rows(client, roadmap, districts):
    canal = water_object("C-1", "canal")
    river = water_object("R-1", "river")
    sample = water_object("S-1", "pond", is_sample=True)
    work(canal, "reconstruction", datetime.date(2024, 5, 1), km_done=Decimal("1.25"))
    work(sample, "cleaning", datetime.date(2024, 5, 1))
    response = client.get("/opendata/green-almaty/datapackage.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:

        def table(name: str) -> list[dict[str, str]]:
            return list(csv.DictReader(io.StringIO(archive.read(name).decode())))

        objects = {r["code"]: r for r in table("water-objects.csv")}
        assert sorted(objects) == ["C-1", "R-1"]
        assert objects["C-1"]["wkt"].startswith("LINESTRING")
        assert objects["R-1"]["status"] == "" and objects["C-1"]["status"] == "planned"
        (done,) = table("water-works.csv")
        assert (done["object"], done["kind"], done["km_done"]) == ("C-1", "reconstruction", "1.25")
    assert river.natural
