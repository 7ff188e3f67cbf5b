"""Web Mercator tiles: a tile `z/x/y` and its bounds, and the grid cell a point falls in.

The tiling is that of OpenStreetMap and every web map ("Slippy map tilenames",
https://wiki.openstreetmap.org/wiki/Slippy_map_tilenames): at zoom z the square world of
EPSG:3857 (https://epsg.io/3857), from -20 037 508.342789244 m to +20 037 508.342789244 m on
both axes (pi times the WGS 84 semi-major axis, 6 378 137 m), is cut into 2^z by 2^z tiles, x
counted from the west and y from the north. PostGIS's `ST_TileEnvelope` uses the same square
(https://postgis.net/docs/ST_TileEnvelope.html).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# The deepest zoom a tile may have: 22 is MapLibre's and Mapbox's largest tile zoom.
MAX_ZOOM = 22
RADIUS = 6378137.0
HALF_WORLD = math.pi * RADIUS
WORLD = 2 * HALF_WORLD

Bounds = tuple[float, float, float, float]


class OutOfRange(ValueError):
    """A tile that does not exist: a zoom outside 0..22, or x or y outside 0..2^z - 1."""


@dataclass(frozen=True)
class Tile:
    z: int
    x: int
    y: int

    def __post_init__(self) -> None:
        if not 0 <= self.z <= MAX_ZOOM:
            raise OutOfRange(f"zoom {self.z} is outside 0..{MAX_ZOOM}")
        last = (1 << self.z) - 1
        if not (0 <= self.x <= last and 0 <= self.y <= last):
            raise OutOfRange(f"tile {self.x}/{self.y} is outside 0..{last} at zoom {self.z}")

    def __str__(self) -> str:
        return f"{self.z}/{self.x}/{self.y}"

    @property
    def size(self) -> float:
        """The side of the tile in metres of EPSG:3857."""
        return WORLD / (1 << self.z)

    def bounds(self, margin: float = 0.0) -> Bounds:
        """(west, south, east, north) in EPSG:3857, widened on each side by `margin` times the
        tile's side (as `ST_TileEnvelope`'s `margin`)."""
        size = self.size
        west = -HALF_WORLD + self.x * size
        north = HALF_WORLD - self.y * size
        extra = margin * size
        return (west - extra, north - size - extra, west + size + extra, north + extra)

    def lonlat_bounds(self, margin: float = 0.0) -> Bounds:
        """(west, south, east, north) in degrees of WGS 84 (EPSG:4326). The projection keeps
        meridians and parallels straight, so the corners bound the whole tile."""
        west, south, east, north = self.bounds(margin)
        lon_west, lat_south = to_lonlat(west, south)
        lon_east, lat_north = to_lonlat(east, north)
        return (lon_west, lat_south, lon_east, lat_north)


def to_lonlat(x: float, y: float) -> tuple[float, float]:
    """EPSG:3857 metres to WGS 84 degrees (the spherical Mercator's inverse)."""
    return (math.degrees(x / RADIUS), math.degrees(math.atan(math.sinh(y / RADIUS))))


def cell_of(x: float, y: float, zoom: int) -> tuple[int, int]:
    """The cell (the tile's x, y) at `zoom` that holds the EPSG:3857 point (x, y); a point past
    the edge of the square world (beyond 85.05° of latitude) counts in the edge's cell.

    The arithmetic is the SQL of `counts.rebuild_counts`, term by term, so that a point counted
    in Python and in the database lands in the same cell. The share of the world is multiplied
    by 2^zoom, which is exact in floating point: a cell at one zoom is always the halving of
    its cell at the next, and a point on a cell's edge belongs to the cell east or south of it."""
    cells = float(1 << zoom)
    last = cells - 1
    column = math.floor(min(max((x + HALF_WORLD) / WORLD * cells, 0.0), last))
    row = math.floor(min(max((HALF_WORLD - y) / WORLD * cells, 0.0), last))
    return (column, row)
