"""A layer's tile decoded as a map client reads it: the features near the tile, in tile units
(4096 a side, y down, 64 units of buffer), with their attributes; the same on SpatiaLite (the
Python encoder) and PostGIS (`ST_AsMVT`), through the spatial index on both."""

from __future__ import annotations

import math
from decimal import Decimal

import mapbox_vector_tile
import pytest
import shapely
from django.db import connection
from django.test.utils import CaptureQueriesContext
from shapely.geometry import shape

from jasyl.core.tiles.encoding import near, python_tile, render, sql_tile, tile_sql
from jasyl.core.tiles.mercator import Tile
from jasyl.core.tiles.registry import Layer
from jasyl.core.tiles.tests.conftest import district
from jasyl.domain.places.models import AdministrativeUnit

pytestmark = pytest.mark.django_db
postgis_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostGIS only")

# Two squares of 0.02° side near Almaty, sharing the meridian 76.92° E; both lie in the zoom-11
# tile 1461/750, and the zoom-12 tiles 2922/1501 and 2923/1501 meet at 76.9921875° E... west of
# them: at zoom 12 the squares straddle the edge at 76.904296875° E.
WEST = (76.90, 43.24, 76.92, 43.26)
EAST = (76.92, 43.24, 76.94, 43.26)
TILE = Tile(11, 1461, 750)


def units():
    return AdministrativeUnit.objects.filter(level="district")


LAYER = Layer(
    name="test-districts",
    queryset=units,
    geometry="boundary",
    fields=("code", "name_kk", "name_ru", "name_en", "area_ha", "parent"),
)


def decoded(data: bytes) -> dict:
    """The tile as its layers, coordinates in tile units with y pointing down (MVT 2.1, 4.3)."""
    return mapbox_vector_tile.decode(data, default_options={"y_coord_down": True})


def pixel(tile: Tile, lon: float, lat: float) -> tuple[float, float]:
    """Where a point falls in the tile, in tile units, by the spherical Mercator formulas."""
    west, south, east, north = tile.bounds()
    x = 6378137.0 * math.radians(lon)
    y = 6378137.0 * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return ((x - west) / (east - west) * 4096, (north - y) / (north - south) * 4096)


def corners(tile: Tile, box: tuple[float, float, float, float]) -> set[tuple[int, int]]:
    west, south, east, north = box
    points = [(west, south), (east, south), (east, north), (west, north)]
    return {tuple(round(c) for c in pixel(tile, lon, lat)) for lon, lat in points}


def ring(feature: dict) -> set[tuple[int, int]]:
    geometry = feature["geometry"]
    assert geometry["type"] == "Polygon", geometry["type"]
    return {tuple(point) for point in geometry["coordinates"][0]}


def close(found: set, expected: set) -> bool:
    """The same corners, give or take one unit of rounding."""
    return len(found) == len(expected) and all(
        any(abs(a - c) <= 1 and abs(b - d) <= 1 for c, d in expected) for a, b in found
    )


def test_a_district_appears_in_its_tile_with_its_attributes_and_corners():
    west = district("west", WEST, name_ru="Западный", name_en="West")
    layer = decoded(render(LAYER, TILE))["test-districts"]
    assert layer["extent"] == 4096
    (feature,) = layer["features"]
    assert feature["id"] == west.pk
    assert feature["properties"] == {
        "code": "west",
        "name_kk": "west ауданы",
        "name_ru": "Западный",
        "name_en": "West",
        "area_ha": float(west.area_ha),
    }
    assert isinstance(feature["properties"]["area_ha"], float)
    assert close(ring(feature), corners(TILE, WEST))


def test_a_district_across_the_tiles_edge_is_cut_at_the_buffer():
    district("west", WEST)
    tile = Tile(12, 2922, 1501)
    (feature,) = decoded(render(LAYER, tile))["test-districts"]["features"]
    xs = {x for x, _ in ring(feature)}
    assert max(xs) == 4096 + 64, "cut 64 units past the east edge"
    assert min(xs) == round(pixel(tile, WEST[0], WEST[1])[0])


def test_a_tile_far_from_every_district_is_empty():
    district("west", WEST)
    assert render(LAYER, Tile(11, 1461, 760)) == b""
    assert render(LAYER, Tile(11, 1400, 750)) == b""


def test_a_tile_below_the_layers_zoom_without_aggregate_is_empty():
    district("west", WEST)
    zoomed = Layer(**{**LAYER.__dict__, "min_zoom": 12})
    assert render(zoomed, TILE) == b""
    assert render(zoomed, Tile(12, 2922, 1501)) != b""


def test_only_the_layers_rows_are_drawn():
    district("west", WEST)
    parent = AdministrativeUnit.objects.get(code="west")
    AdministrativeUnit.objects.create(
        code="west-1", level="subdistrict", parent=parent, name_kk="Шағын",
        boundary=parent.boundary, source="synthetic.geojson",
    )  # fmt: skip
    features = decoded(render(LAYER, TILE))["test-districts"]["features"]
    assert [f["properties"]["code"] for f in features] == ["west"]


def test_a_subdistrict_layer_carries_its_parents_key():
    west = district("west", WEST)
    AdministrativeUnit.objects.create(
        code="west-1", level="subdistrict", parent=west, name_kk="Шағын",
        boundary=west.boundary, source="synthetic.geojson",
    )  # fmt: skip
    layer = Layer(
        name="test-subdistricts",
        queryset=lambda: AdministrativeUnit.objects.filter(level="subdistrict"),
        geometry="boundary",
        fields=("code", "parent"),
    )
    (feature,) = decoded(render(layer, TILE))["test-subdistricts"]["features"]
    assert feature["properties"] == {"code": "west-1", "parent": west.pk}


def test_the_tile_is_read_in_one_query():
    district("west", WEST)
    district("east", EAST)
    with CaptureQueriesContext(connection) as queries:
        assert len(decoded(render(LAYER, TILE))["test-districts"]["features"]) == 2
    assert len(reads(queries)) == 1, queries.captured_queries


def reads(queries: CaptureQueriesContext) -> list[str]:
    """The statements that read rows: not PostgreSQL's settings of a tile's plan, nor the
    savepoint of the transaction they hold for."""
    skipped = ("SET ", "SAVEPOINT ", "RELEASE SAVEPOINT ")
    return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(skipped)]


def test_the_python_encoder_reads_the_rows_through_the_spatial_index():
    district("west", WEST)
    queryset = near(units().order_by(), LAYER, TILE)
    plan = queryset.explain()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
        assert "Index Cond: ((boundary && " in plan, plan
    else:
        # The R*Tree of SpatiaLite's index gives the rowids; the table is searched by them.
        assert "idx_places_administrativeunit_boundary" in plan, plan
        assert "INTEGER PRIMARY KEY" in plan, plan
    assert list(queryset.values_list("code", flat=True)) == ["west"]


@postgis_only
def test_the_postgis_statement_filters_through_the_gist_index():
    district("west", WEST)
    sql, params = tile_sql(LAYER, TILE, units().order_by(), connection)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # The tile's envelope is computed once, and the GiST index answers `&&` with it.
    assert "Index Cond: (boundary && " in plan, plan


def normalized(data: bytes) -> list[tuple[int, dict, shapely.Geometry]]:
    features = decoded(data)["test-districts"]["features"]
    return sorted(
        (f["id"], f["properties"], shapely.normalize(shape(f["geometry"]))) for f in features
    )


@postgis_only
@pytest.mark.parametrize("tile", [TILE, Tile(12, 2922, 1501), Tile(14, 11691, 6005)])
def test_postgis_and_the_python_encoder_give_the_same_features(tile):
    district("west", WEST, name_en="West")
    district("east", EAST, name_ru="Восточный")
    # A district with a hole and a name left blank in one language.
    holed = AdministrativeUnit.objects.create(
        code="holed", name_kk="Тесік", source="synthetic.geojson",
        boundary=shapely_to_geos(
            shapely.Polygon(
                [(76.95, 43.24), (76.99, 43.24), (76.99, 43.27), (76.95, 43.27)],
                [[(76.96, 43.25), (76.97, 43.25), (76.97, 43.26), (76.96, 43.26)]],
            )
        ),
    )  # fmt: skip
    assert holed.area_ha > Decimal(0)
    queryset = units().order_by()
    by_sql = normalized(sql_tile(LAYER, tile, queryset, connection))
    by_python = normalized(python_tile(LAYER, tile, queryset))
    assert [(pk, props) for pk, props, _ in by_sql] == [(pk, props) for pk, props, _ in by_python]
    for (_, _, a), (_, _, b) in zip(by_sql, by_python, strict=True):
        # The same outline, give or take a unit where the two round a cut edge differently.
        assert a.symmetric_difference(b).area <= 0.01 * a.area + 4 * a.length, (a, b)


def test_a_shape_whose_box_meets_the_tile_but_not_its_outline_is_left_out():
    """An L-shaped district round the tile's south-west corner: its box covers the tile, so the
    index finds it, but no part of it falls in the tile or its buffer. Neither encoder draws it;
    a district inside the tile is drawn."""
    tile = Tile(14, 11691, 6005)
    west, south, east, north = tile.lonlat_bounds()
    far, notch = 0.05, 0.01  # degrees; the tile's buffer is 1/64 of its 0.022° width
    AdministrativeUnit.objects.create(
        code="around", name_kk="Бұрыш", source="synthetic.geojson",
        boundary=shapely_to_geos(
            shapely.Polygon([
                (west - far, south - far), (east + far, south - far), (east + far, south - notch),
                (west - notch, south - notch), (west - notch, north + far),
                (west - far, north + far),
            ])
        ),
    )  # fmt: skip
    middle_lon, middle_lat = (west + east) / 2, (south + north) / 2
    district(
        "inside", (middle_lon - 0.001, middle_lat - 0.001, middle_lon + 0.001, middle_lat + 0.001)
    )
    queryset = units().order_by()
    box_west, box_south, box_east, box_north = AdministrativeUnit.objects.get(
        code="around"
    ).boundary.extent
    assert box_west < west and box_south < south and box_east > east and box_north > north
    assert [
        f["properties"]["code"] for f in decoded(render(LAYER, tile))["test-districts"]["features"]
    ] == ["inside"]
    assert [p["code"] for _, p, _ in normalized(python_tile(LAYER, tile, queryset))] == ["inside"]


def shapely_to_geos(polygon):
    from django.contrib.gis.geos import GEOSGeometry, MultiPolygon

    return MultiPolygon(GEOSGeometry(polygon.wkt, srid=4326), srid=4326)
