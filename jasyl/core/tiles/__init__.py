"""Map layers as vector tiles: the one map-layer mechanism of Jasyl.

- `registry`: `Layer`, `register`, `layer`, `layers`; apps register their layers at start.
- `mercator`: the tile `z/x/y` (`Tile`, `OutOfRange`) and its bounds.
- `encoding`: `render(layer, tile)`, the tile's Mapbox Vector Tile bytes (PostGIS `ST_AsMVT`,
  or `mapbox-vector-tile` on SpatiaLite; grid counts below the layer's `min_zoom`).
- `counts`: `rebuild_counts`, `adjust_counts`, `rows_counted` + `move_counts` and `counted`,
  the grid counts
  (`models.GridCount`).

The tile view itself is the web layer's (`jasyl/web/maps`). See docs/architecture.md, "Maps and
geometry".
"""

from jasyl.core.tiles.counts import (
    adjust_counts,
    counted,
    move_counts,
    rebuild_counts,
    rows_counted,
)
from jasyl.core.tiles.encoding import EXTENT, render
from jasyl.core.tiles.mercator import MAX_ZOOM, OutOfRange, Tile
from jasyl.core.tiles.registry import FINE_ZOOM, GRID_DEPTH, Layer, layer, layers, register

__all__ = [
    "EXTENT",
    "FINE_ZOOM",
    "GRID_DEPTH",
    "MAX_ZOOM",
    "Layer",
    "OutOfRange",
    "Tile",
    "adjust_counts",
    "counted",
    "layer",
    "layers",
    "move_counts",
    "rebuild_counts",
    "register",
    "render",
    "rows_counted",
]
