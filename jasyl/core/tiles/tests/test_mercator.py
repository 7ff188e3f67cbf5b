"""Tile arithmetic against the formulas of the OpenStreetMap wiki ("Slippy map tilenames",
https://wiki.openstreetmap.org/wiki/Slippy_map_tilenames), computed here independently."""

from __future__ import annotations

import math

import pytest

from jasyl.core.tiles.mercator import HALF_WORLD, OutOfRange, Tile, cell_of

# The Web Mercator square's edge of latitude: atan(sinh(pi)).
EDGE_LATITUDE = 85.0511287798066


def osm_tile(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    n = 2**zoom
    lat_rad = math.radians(lat)
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(lat_rad)) / math.pi) / 2.0 * n)
    return x, y


def mercator(lon: float, lat: float) -> tuple[float, float]:
    return (
        6378137.0 * math.radians(lon),
        6378137.0 * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)),
    )


def test_the_zoom_0_tile_is_the_whole_square_world():
    assert Tile(0, 0, 0).bounds() == (-HALF_WORLD, -HALF_WORLD, HALF_WORLD, HALF_WORLD)
    west, south, east, north = Tile(0, 0, 0).lonlat_bounds()
    assert (west, east) == pytest.approx((-180, 180))
    assert (south, north) == pytest.approx((-EDGE_LATITUDE, EDGE_LATITUDE))


@pytest.mark.parametrize(
    ("z", "x", "y"),
    [(-1, 0, 0), (23, 0, 0), (0, 1, 0), (0, 0, 1), (3, 8, 0), (3, 0, 8), (3, -1, 0), (3, 0, -1)],
)
def test_a_tile_outside_the_grid_does_not_exist(z, x, y):
    with pytest.raises(OutOfRange):
        Tile(z, x, y)


def test_the_last_tile_of_the_deepest_zoom_exists():
    last = 2**22 - 1
    west, south, east, _ = Tile(22, last, last).bounds()
    assert east == pytest.approx(HALF_WORLD) and south == pytest.approx(-HALF_WORLD)
    assert east - west == pytest.approx(2 * HALF_WORLD / 2**22)


@pytest.mark.parametrize("zoom", [0, 5, 11, 16, 22])
def test_central_almaty_lies_in_the_tile_the_osm_formula_names(zoom):
    lon, lat = 76.92, 43.25
    tile = Tile(zoom, *osm_tile(lon, lat, zoom))
    west, south, east, north = tile.lonlat_bounds()
    assert west <= lon < east and south < lat <= north
    assert cell_of(*mercator(lon, lat), zoom) == (tile.x, tile.y)


def test_neighbouring_tiles_share_their_edge():
    assert Tile(1, 0, 0).bounds()[2] == Tile(1, 1, 0).bounds()[0] == 0
    assert Tile(1, 0, 0).bounds()[1] == Tile(1, 0, 1).bounds()[3] == 0


def test_a_margin_widens_the_tile_on_every_side_by_its_share_of_the_side():
    tile = Tile(11, 1461, 750)
    west, south, east, north = tile.bounds()
    wide = tile.bounds(margin=64 / 4096)
    side = east - west
    assert wide == pytest.approx(
        (west - side / 64, south - side / 64, east + side / 64, north + side / 64)
    )


def test_a_point_past_the_edge_of_the_world_counts_in_the_edge_cell():
    assert cell_of(0.0, 2 * HALF_WORLD, 3) == (4, 0)
    assert cell_of(-3 * HALF_WORLD, -2 * HALF_WORLD, 3) == (0, 7)
    assert cell_of(HALF_WORLD, -HALF_WORLD, 3) == (7, 7)
