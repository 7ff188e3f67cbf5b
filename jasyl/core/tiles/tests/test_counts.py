"""The grid counts behind a layer's low-zoom tiles: counted afresh in one GROUP BY, kept up to
date one row at a time, and the only thing a low-zoom tile reads."""

from __future__ import annotations

import datetime
import math
import random
from decimal import Decimal

import mapbox_vector_tile
import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jasyl.core.tiles.counts import adjust_counts, counted, rebuild_counts
from jasyl.core.tiles.encoding import python_tile, render, sql_tile
from jasyl.core.tiles.mercator import Tile
from jasyl.core.tiles.models import GridCount
from jasyl.core.tiles.registry import Layer
from jasyl.core.tiles.tests.conftest import Pin, district
from jasyl.domain.places.models import AdministrativeUnit

pytestmark = pytest.mark.django_db
postgis_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostGIS only")

# Central Almaty, and a point in Astana, far from it.
ALMATY = (76.92, 43.25)
ASTANA = (71.43, 51.13)


@pytest.fixture
def pins(pin_table, registered):
    """A point layer drawn one by one from zoom 14, counted by kind below."""
    return registered(
        Layer(
            name="test-pins",
            queryset=lambda: Pin.objects.all(),
            geometry="location",
            fields=("kind", "height", "planted"),
            min_zoom=14,
            aggregate="test-pin-counts",
            category="kind",
        )
    )


def osm_cell(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """The tile holding a point, by the OpenStreetMap wiki's formula."""
    n = 2**zoom
    lat_rad = math.radians(lat)
    return (
        int((lon + 180.0) / 360.0 * n),
        int((1.0 - math.asinh(math.tan(lat_rad)) / math.pi) / 2.0 * n),
    )


def plant(layer: Layer, lon: float, lat: float, kind: str = "", **values) -> Pin:
    """What a registry's service does: write the row and count it, in one transaction."""
    pin = Pin.objects.create(location=Point(lon, lat, srid=4326), kind=kind, **values)
    adjust_counts(layer, pin.location, +1, category=kind or None)
    return pin


def fell(layer: Layer, pin: Pin) -> None:
    adjust_counts(layer, pin.location, -1, category=pin.kind or None)
    pin.delete()


def counts(layer: Layer) -> set[tuple]:
    return {
        (row.zoom, row.x, row.y, row.count, tuple(sorted(row.categories.items())))
        for row in GridCount.objects.filter(layer=layer.aggregate)
    }


def decoded(data: bytes) -> dict:
    return mapbox_vector_tile.decode(data, default_options={"y_coord_down": True})


def test_rebuilding_counts_every_point_in_its_cell_at_every_zoom_shown(pins):
    for offset in (0.0, 0.0001, 0.0002):
        Pin.objects.create(location=Point(ALMATY[0] + offset, ALMATY[1], srid=4326), kind="elm")
    Pin.objects.create(location=Point(*ASTANA, srid=4326), kind="oak")

    assert rebuild_counts(pins) == 4
    assert sorted({row.zoom for row in GridCount.objects.all()}) == list(range(4, 17))

    def cell(place, zoom):
        x, y = osm_cell(*place, zoom)
        found = GridCount.objects.get(layer="test-pin-counts", zoom=zoom, x=x, y=y)
        return found.count, found.categories

    for zoom in (10, 16):
        assert cell(ALMATY, zoom) == (3, {"elm": 3})
        assert cell(ASTANA, zoom) == (1, {"oak": 1})
    # At zoom 4 a cell is 22.5 degrees wide: both cities are in one.
    assert cell(ALMATY, 4) == cell(ASTANA, 4) == (4, {"elm": 3, "oak": 1})


def test_counting_row_by_row_agrees_with_a_rebuild(pins):
    rng = random.Random(20240611)
    planted = [
        plant(
            pins,
            rng.uniform(76.80, 77.10),
            rng.uniform(43.15, 43.35),
            kind=rng.choice(["elm", "oak", "pine", ""]),
        )
        for _ in range(150)
    ]
    for pin in planted[::3]:
        fell(pins, pin)
    by_rows = counts(pins)
    assert sum(c for zoom, _, _, c, _ in by_rows if zoom == 16) == 100
    assert counted(pins) == 100

    assert rebuild_counts(pins) == 100
    assert counts(pins) == by_rows


def test_a_cell_counted_down_to_nothing_is_gone(pins):
    pin = plant(pins, *ALMATY, kind="elm")
    other = plant(pins, ALMATY[0], ALMATY[1] + 0.00001, kind="oak")
    fell(pins, pin)
    assert {c[4] for c in counts(pins)} == {(("oak", 1),)}
    fell(pins, other)
    assert not GridCount.objects.exists()


def test_a_low_zoom_tile_is_drawn_from_the_counts_alone(pins, django_assert_num_queries):
    pin = plant(pins, *ALMATY, kind="elm")
    plant(pins, *ALMATY, kind="elm")
    plant(pins, *ALMATY, kind="oak")
    Pin.objects.all().delete()  # the counts stay; the tile must not need the rows
    assert pin.pk is not None

    tile = Tile(10, *osm_cell(*ALMATY, 10))
    with CaptureQueriesContext(connection) as queries:
        data = render(pins, tile)
    assert len(queries) == 1
    assert Pin._meta.db_table not in queries[0]["sql"]

    (cell,) = decoded(data)["test-pin-counts"]["features"]
    assert cell["properties"] == {"count": 3, "count:elm": 2, "count:oak": 1}
    # At zoom 10 the cells are those of zoom 14, 16 by 16 in the tile; this one at its centre.
    x, y = osm_cell(*ALMATY, 14)
    assert cell["geometry"] == {
        "type": "Point",
        "coordinates": [(x - tile.x * 16) * 256 + 128, (y - tile.y * 16) * 256 + 128],
    }


def test_a_low_zoom_tile_without_counts_is_empty(pins):
    Pin.objects.create(location=Point(*ALMATY, srid=4326))  # not counted by a service
    assert render(pins, Tile(10, *osm_cell(*ALMATY, 10))) == b""


def test_at_the_layers_zoom_the_points_themselves_are_drawn(pins):
    pin = plant(
        pins, *ALMATY, kind="elm", height=Decimal("12.5"), planted=datetime.date(2024, 4, 22)
    )
    plant(pins, *ASTANA, kind="oak")
    (feature,) = decoded(render(pins, Tile(14, *osm_cell(*ALMATY, 14))))["test-pins"]["features"]
    assert feature["id"] == pin.pk
    assert feature["properties"] == {"kind": "elm", "height": 12.5, "planted": "2024-04-22"}
    assert feature["geometry"]["type"] == "Point"
    assert all(0 <= c <= 4096 for c in feature["geometry"]["coordinates"])


@postgis_only
def test_postgis_and_the_python_encoder_give_the_same_points(pins):
    rng = random.Random(7)
    for _ in range(40):
        plant(pins, rng.uniform(76.91, 76.935), rng.uniform(43.245, 43.26), kind="elm")
    tile = Tile(14, *osm_cell(*ALMATY, 14))
    queryset = Pin.objects.order_by()

    def features(data):
        found = decoded(data)["test-pins"]["features"]
        return sorted((f["id"], f["properties"], f["geometry"]["coordinates"]) for f in found)

    by_sql = features(sql_tile(pins, tile, queryset, connection))
    assert len(by_sql) > 5
    assert by_sql == features(python_tile(pins, tile, queryset))


def test_districts_are_counted_at_their_centre(registered):
    layer = registered(
        Layer(
            name="test-district-counts-layer",
            queryset=AdministrativeUnit.objects.all,
            geometry="boundary",
            fields=("code",),
            min_zoom=12,
            aggregate="test-district-counts",
        )
    )
    for code, box in (("a", (76.90, 43.24, 76.92, 43.26)), ("b", (76.95, 43.20, 76.97, 43.21))):
        unit = district(code, box)
        adjust_counts(layer, unit.boundary, +1)
    by_rows = counts(layer)
    assert rebuild_counts(layer) == 2
    assert counts(layer) == by_rows
    (row,) = GridCount.objects.filter(
        layer="test-district-counts", zoom=15, x=osm_cell(76.91, 43.25, 15)[0]
    )
    assert row.count == 1


def test_a_layer_without_an_aggregate_has_no_counts():
    layer = Layer(name="x", queryset=lambda: Pin.objects.all(), geometry="location", fields=())
    with pytest.raises(ValueError, match="no aggregate"):
        adjust_counts(layer, Point(*ALMATY, srid=4326), 1)
