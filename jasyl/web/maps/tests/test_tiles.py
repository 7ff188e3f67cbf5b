"""The tile URL as a map client uses it: `/tiles/<layer>/<z>/<x>/<y>.pbf`, outside the language
prefixes, with the districts of `places` as a layer (synthetic squares, never real boundaries)."""

from __future__ import annotations

import mapbox_vector_tile
import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jasyl.core import tiles
from jasyl.core.tiles.tests.test_encoding import reads
from jasyl.domain.places.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

# A 0.02° square near Almaty, wholly inside the zoom-11 tile 1461/750.
SQUARE = (76.90, 43.24, 76.92, 43.26)
URL = "/tiles/districts/11/1461/750.pbf"


@pytest.fixture
def west(db):
    return AdministrativeUnit.objects.create(
        code="west",
        name_kk="Батыс ауданы",
        name_ru="Западный район",
        name_en="West district",
        boundary=MultiPolygon(Polygon.from_bbox(SQUARE), srid=4326),
        source="synthetic.geojson",
    )


def test_the_districts_layer_is_registered_with_its_names():
    layer = tiles.layer("districts")
    assert layer.public and layer.kind == "polygon"
    assert layer.fields == ("code", "name_kk", "name_ru", "name_en")


def test_a_districts_tile_holds_the_district_with_its_names(client, west):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    layer = mapbox_vector_tile.decode(response.content)["districts"]
    (feature,) = layer["features"]
    assert feature["id"] == west.pk
    assert feature["properties"] == {
        "code": "west",
        "name_kk": "Батыс ауданы",
        "name_ru": "Западный район",
        "name_en": "West district",
    }
    assert feature["geometry"]["type"] == "Polygon"


def test_a_tile_is_cached_briefly_by_anyone_and_revalidated_by_its_etag(client, west):
    response = client.get(URL)
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60"}
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    west.name_en = "West"
    west.save()
    changed = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_tile_without_a_district_answers_no_content(client, west):
    response = client.get("/tiles/districts/11/1461/760.pbf")
    assert response.status_code == 204
    assert response.content == b""
    assert "max-age=60" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url",
    [
        "/tiles/nowhere/11/1461/750.pbf",
        "/tiles/districts/23/0/0.pbf",
        "/tiles/districts/11/2048/750.pbf",
        "/tiles/districts/11/1461/2048.pbf",
        "/tiles/districts/0/0/1.pbf",
        "/tiles/districts/17/93550/48024.pbf",  # beyond the layer's max_zoom (16)
        "/tiles/districts/99999999999999999999/0/0.pbf",
        "/tiles/districts/11/-1/750.pbf",
        "/en/tiles/districts/11/1461/750.pbf",
    ],
)
def test_an_unknown_layer_or_a_tile_outside_the_grid_is_not_found(client, west, url):
    assert client.get(url).status_code == 404


def test_a_tile_only_answers_reads(client, west):
    assert client.post(URL).status_code == 405
    assert client.head(URL).status_code == 200


def test_a_tile_is_one_query(client, west):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    assert len(reads(queries)) == 1, queries.captured_queries


def test_the_chargers_layer_holds_the_official_chargers_only(client):
    from jasyl.domain.charging.models import ChargingLocation

    for code, sample in (("EV-1", False), ("EV-SAMPLE", True)):
        ChargingLocation.objects.create(
            code=code,
            name_en=f"Charger {code}",
            geometry=Point(76.91, 43.25, srid=4326),
            address="Abay 1",
            is_sample=sample,
        )
    response = client.get("/tiles/ev-chargers/11/1461/750.pbf")
    assert response.status_code == 200
    (feature,) = mapbox_vector_tile.decode(response.content)["ev-chargers"]["features"]
    assert feature["properties"] == {
        "code": "EV-1",
        "name_kk": "",
        "name_ru": "",
        "name_en": "Charger EV-1",
        "status": "planned",
        "address": "Abay 1",
    }


def test_a_waste_site_shows_its_stage_and_the_day_it_came_into_service(client):
    import datetime

    from jasyl.domain.waste.models import WasteSite

    WasteSite.objects.create(
        code="ECO-1",
        name_en="Eco-station",
        kind="eco_station",
        geometry=Point(76.91, 43.25, srid=4326),
        status="in_service",
        in_service_on=datetime.date(2024, 4, 1),
    )
    response = client.get("/tiles/waste-sites/11/1461/750.pbf")
    (feature,) = mapbox_vector_tile.decode(response.content)["waste-sites"]["features"]
    assert feature["properties"]["status"] == "in_service"
    assert feature["properties"]["in_service_on"] == "2024-04-01"
