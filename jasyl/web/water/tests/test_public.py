"""The public water pages: the list with its filters, an object's page with its works, the CSV
and GeoJSON downloads of the same rows, the API, in Kazakh, Russian and English; and the
office's forms, refused to anyone else."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.test import Client

from jasyl.domain.water.models import WaterObject, WaterWork
from jasyl.web.water.tests.conftest import BASE, water_object, work

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_kind_and_status_apart_from_sample(client, roadmap, districts):
    water_object("C-1", "canal", usage="irrigation")
    water_object(
        "W-1", "water_intake", status="in_service", in_service_on=datetime.date(2024, 1, 2)
    )
    water_object("S-1", "pond", is_sample=True)
    page = client.get(BASE + "objects/").content.decode()
    assert "C-1" in page and "W-1" in page and "S-1" not in page
    page = client.get(BASE + "objects/?kind=canal").content.decode()
    assert "C-1" in page and "W-1" not in page
    page = client.get(BASE + "objects/?status=in_service").content.decode()
    assert "W-1" in page and "C-1" not in page
    sample = client.get(BASE + "objects/?data=sample").content.decode()
    assert "S-1" in sample and "C-1" not in sample


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("kk", ("Өзгерістер тарихы",)),
        ("ru", ("История изменений",)),
        ("en", ("History of changes",)),
    ],
)
def test_an_object_page_shows_its_works_in_each_language(
    client, roadmap, districts, language, words
):
    canal = water_object("C-1", "canal", usage="irrigation")
    work(
        canal,
        "reconstruction",
        datetime.date(2024, 5, 1),
        km_done=Decimal("1.2"),
        activity=roadmap.activities.get(code="5.2"),
    )
    answer = client.get(f"/{language}/programmes/green-almaty/water/objects/{canal.pk}/")
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "waterway=canal" in page and "usage=irrigation" in page
    assert 'id="works"' in page and "5.2" in page
    # The page is in the visitor's language: its shared parts come from the catalogues.
    assert f'<html lang="{language}"' in page
    assert all(word in page for word in words)
    assert "/status/" not in page and "/works/new/" not in page


def test_a_river_shows_as_natural_without_stages(client, roadmap, districts):
    river = water_object("R-1", "river")
    page = client.get(f"{BASE}objects/{river.pk}/").content.decode()
    assert "natural (not built)" in page
    assert 'id="stages"' not in page


def test_csv_and_geojson_hold_the_rows_of_the_list(client, roadmap, districts):
    canal = water_object("C-1", "canal", activity=roadmap.activities.get(code="5.2"))
    water_object("P-1", "pond")
    work(canal, "cleaning", datetime.date(2024, 5, 1), km_done=Decimal("0.5"))
    rows = list(csv.reader(io.StringIO(client.get(BASE + "data/objects.csv").content.decode())))
    assert rows[0][:4] == ["Code", "Name", "Kind", "Status"]
    assert rows[1][:4] == ["C-1", "Object C-1", "canal", "planned"]
    assert rows[1][8] == "5.2" and rows[1][10] == "1"
    works = list(csv.reader(io.StringIO(client.get(BASE + "data/works.csv").content.decode())))
    assert works[1][:4] == ["C-1", "cleaning (of the bed or channel)", "2024-05-01", "0.5"]
    found = json.loads(client.get(BASE + "data/objects.geojson").content)
    shapes = {f["properties"]["code"]: f["geometry"]["type"] for f in found["features"]}
    assert shapes == {"C-1": "LineString", "P-1": "MultiPolygon"}
    pond = next(f for f in found["features"] if f["properties"]["code"] == "P-1")
    assert pond["properties"]["osm"] == {"natural": "water", "water": "pond"}
    assert client.get(BASE + "data/nothing.csv").status_code == 404


def test_the_api_lists_water_objects_as_geojson(client, roadmap, districts):
    water_object("C-1", "canal")
    water_object("W-1", "water_intake")
    answer = client.get("/api/v1/programmes/green-almaty/water/objects/?kind=water_intake")
    assert answer.status_code == 200
    assert [f["properties"]["code"] for f in answer.json()["features"]] == ["W-1"]
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/programmes/{programme}/water/objects/" in schema


def test_only_the_office_registers_and_records(roadmap, districts, team):
    canal = water_object("C-1", "canal")
    editor = Client()
    editor.force_login(team["editor"])
    assert editor.get(BASE + "objects/new/").status_code == 403
    assert editor.post(f"{BASE}objects/{canal.pk}/works/new/", {}).status_code == 403


def test_the_office_registers_a_canal_and_a_bad_shape_is_named(roadmap, districts, team):
    office = Client()
    office.force_login(team["reviewer"])
    form = {
        "code": "C-9",
        "kind": "canal",
        "name_en": "Canal section",
        "usage": "irrigation",
        "status": "planned",
        "geometry": "POINT(76.91 43.25)",
    }
    answer = office.post(BASE + "objects/new/", form)
    assert answer.status_code == 400
    assert "canal is drawn as LineString or MultiLineString" in answer.content.decode()
    answer = office.post(BASE + "objects/new/", {**form, "geometry": "LINESTRING(76.91 nonsense"})
    assert answer.status_code == 400 and "neither WKT nor a GeoJSON" in answer.content.decode()
    line = {"type": "LineString", "coordinates": [[76.90, 43.25], [76.92, 43.25]]}
    answer = office.post(BASE + "objects/new/", {**form, "geometry": json.dumps(line)})
    assert answer.status_code == 302
    canal = WaterObject.objects.get(code="C-9")
    assert canal.district.code == "west" and canal.length_km > Decimal("1.6")
    answer = office.post(
        f"{BASE}objects/{canal.pk}/works/new/",
        {"kind": "landscaping", "done_on": "2024-05-01", "km_done": "1", "source": "act"},
    )
    assert answer.status_code == 400
    assert "cleaning, construction or reconstruction only" in answer.content.decode()
    answer = office.post(
        f"{BASE}objects/{canal.pk}/works/new/",
        {"kind": "reconstruction", "done_on": "2024-05-01", "km_done": "1,2", "source": "act"},
    )
    assert answer.status_code == 302
    assert WaterWork.objects.get(water_object=canal).km_done == Decimal("1.2")
