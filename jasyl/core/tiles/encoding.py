"""A layer's tile as Mapbox Vector Tile bytes: in one SQL statement on PostGIS, in Python with
`mapbox-vector-tile` on SpatiaLite; from the grid counts below the layer's `min_zoom`.

Both encoders give the same features: the geometry in tile coordinates, 4096 units a side and
the y axis pointing down, clipped 64 units (1/64 of the tile) outside the tile so that lines and
outlines meet across tiles (Mapbox Vector Tile specification 2.1, sections 4.2 and 4.3,
https://github.com/mapbox/vector-tile-spec/tree/master/2.1; PostGIS `ST_AsMVTGeom`,
https://postgis.net/docs/ST_AsMVTGeom.html); the row's primary key as the feature id; the
layer's fields as attributes, decimals as doubles, dates as ISO text, empty values left out.
Only the rows near the tile are read, through the spatial index: the GiST index with `&&` on
PostGIS, the R*Tree table `idx_<table>_<column>` on SpatiaLite, whose own spatial lookups do not
use it (1 million points: 0.24 s through the ORM, 0.003 s through the R*Tree).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import mapbox_vector_tile  # type: ignore[import-untyped]
import shapely  # type: ignore[import-untyped]
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import Transform
from django.contrib.gis.geos import Polygon
from django.db import connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from mapbox_vector_tile.encoder import (  # type: ignore[import-untyped]
    on_invalid_geometry_make_valid,
)

from jasyl.core.tiles.mercator import Tile
from jasyl.core.tiles.models import GridCount
from jasyl.core.tiles.registry import FINE_ZOOM, GRID_DEPTH, Layer

# MVT 2.1, section 4.2: a layer's extent; 4096 is the usual value and ST_AsMVT's default.
EXTENT = 4096
# How far outside the tile a geometry is kept, in tile units (ST_AsMVTGeom's `buffer`).
BUFFER = 64
MARGIN = BUFFER / EXTENT
WGS84, WEB_MERCATOR = 4326, 3857
# The feature's id and geometry among the selected columns; not a field name Django allows.
ID, GEOMETRY = "__id", "__geometry"


def render(layer: Layer, tile: Tile) -> bytes:
    """The tile's bytes; empty when it holds no feature (the view answers 204)."""
    if tile.z < layer.min_zoom:
        return aggregate_tile(layer, tile) if layer.aggregate else b""
    queryset = layer.queryset().order_by()
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        return sql_tile(layer, tile, queryset, connection)
    return python_tile(layer, tile, queryset)


# A tile's statement reads at most a few thousand rows through the index, in milliseconds: two
# parallel workers and the JIT compiler, which PostgreSQL's default costs call for on a big table,
# cost more than they save. On 6.5 million trees a zoom-16 tile took a median 60 ms at the server's
# defaults and 15 ms without them, the same features (benchmarks/README.md, "The green fund at
# city scale"). Serially, the features also come in one order, so a tile's bytes and ETag repeat.
PLAN_SETTINGS = ("SET LOCAL max_parallel_workers_per_gather = 0", "SET LOCAL jit = off")


def sql_tile(
    layer: Layer, tile: Tile, queryset: QuerySet[Any], connection: BaseDatabaseWrapper
) -> bytes:
    """PostGIS: the tile in one statement (`tile_sql`), planned without parallel workers or JIT
    (`PLAN_SETTINGS`, for this transaction only)."""
    sql, params = tile_sql(layer, tile, queryset, connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for setting in PLAN_SETTINGS:
            cursor.execute(setting)
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return bytes(row[0]) if row and row[0] else b""


def tile_sql(
    layer: Layer, tile: Tile, queryset: QuerySet[Any], connection: BaseDatabaseWrapper
) -> tuple[str, list[Any]]:
    """The layer's query as the ORM compiles it, wrapped in `ST_AsMVTGeom` and `ST_AsMVT`
    (https://postgis.net/docs/ST_AsMVT.html) and filtered by `&&` with the tile and its buffer
    in WGS 84, which the GiST index of the geometry column answers. A row whose clipped geometry
    is empty (its box meets the tile, its shape does not) gets NULL from `ST_AsMVTGeom`, and
    `ST_AsMVT` leaves it out; filtering it out as well would compute every row's geometry twice."""
    quote = connection.ops.quote_name
    # A feature id is a whole number (MVT 2.1, section 4.2): a key that is not one is left out.
    with_id = isinstance(queryset.model._meta.pk, models.IntegerField)
    ids = (ID,) if with_id else ()
    inner, params = queryset.values_list(
        *(["pk"] if with_id else []), layer.geometry, *layer.fields
    ).query.sql_with_params()
    columns = ", ".join(quote(name) for name in (*ids, GEOMETRY, *layer.fields))
    id_argument = f", '{ID}'" if with_id else ""
    id_column = f", q.{quote(ID)}" if with_id else ""
    attributes = "".join(
        f", {_sql_attribute(queryset.model._meta.get_field(name), quote(name))}"
        for name in layer.fields
    )
    sql = (
        f"SELECT ST_AsMVT(tile, %s, {EXTENT}, '{GEOMETRY}'{id_argument}) FROM ("
        f" SELECT ST_AsMVTGeom(ST_Transform(q.{quote(GEOMETRY)}, {WEB_MERCATOR}),"
        f"  ST_TileEnvelope(%s::integer, %s::integer, %s::integer), {EXTENT}, {BUFFER}, true)"
        f"  AS {quote(GEOMETRY)}{id_column}{attributes}"
        f" FROM ({inner}) AS q({columns})"
        f" WHERE q.{quote(GEOMETRY)} && ST_Transform(ST_TileEnvelope("
        f"  %s::integer, %s::integer, %s::integer, margin => %s::double precision), {WGS84})"
        f") AS tile"
    )
    where = (tile.z, tile.x, tile.y)
    return sql, [layer.name, *where, *params, *where, MARGIN]


def _sql_attribute(field: models.Field[Any, Any], column: str) -> str:
    """The column as ST_AsMVT should carry it: decimals as doubles and dates as text, as the
    Python encoder does (ST_AsMVT would write a numeric as its text)."""
    if isinstance(field, models.DecimalField):
        return f"q.{column}::double precision AS {column}"
    if isinstance(field, models.DateField):
        return f"q.{column}::text AS {column}"
    return f"q.{column}"


def python_tile(layer: Layer, tile: Tile, queryset: QuerySet[Any]) -> bytes:
    """Any GeoDjango database (SpatiaLite in practice): the rows near the tile in EPSG:3857,
    clipped to the tile and its buffer, scaled into tile units with the y axis turned down (the
    MVT's, as ST_AsMVTGeom does), then encoded by `mapbox-vector-tile`, which rounds them to
    whole units and orients the rings."""
    west, south, east, north = tile.bounds()
    buffered = tile.bounds(MARGIN)
    origin, scale = (west, north), (EXTENT / (east - west), -EXTENT / (north - south))
    rows = (
        near(queryset, layer, tile)
        .annotate(_tile_geometry=Transform(layer.geometry, WEB_MERCATOR))
        .values_list("pk", "_tile_geometry", *layer.fields)
    )
    features = []
    for pk, geometry, *values in rows:
        if geometry is None:
            continue
        clipped = shapely.clip_by_rect(shapely.from_wkb(bytes(geometry.wkb)), *buffered)
        if clipped.is_empty:
            continue
        features.append(
            {
                "geometry": shapely.transform(clipped, lambda xy: (xy - origin) * scale),
                "id": pk if isinstance(pk, int) else None,
                "properties": {
                    name: attribute(value)
                    for name, value in zip(layer.fields, values, strict=True)
                    if value is not None
                },
            }
        )
    if not features:
        return b""
    return bytes(
        mapbox_vector_tile.encode(
            {"name": layer.name, "features": features},
            default_options={
                "extents": EXTENT,
                "y_coord_down": True,
                "on_invalid_geometry": on_invalid_geometry_make_valid,
            },
        )
    )


def attribute(value: Any) -> str | int | float | bool:
    """A field's value as an MVT attribute value (string, integer, double or boolean)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def near(queryset: QuerySet[Any], layer: Layer, tile: Tile) -> QuerySet[Any]:
    """The rows whose geometry meets the tile and its buffer, found through the spatial index,
    then checked exactly."""
    west, south, east, north = tile.lonlat_bounds(MARGIN)
    envelope = Polygon.from_bbox((west, south, east, north))
    envelope.srid = WGS84
    connection = connections[queryset.db]
    if getattr(connection.ops, "spatialite", False):
        field = queryset.model._meta.get_field(layer.geometry)
        assert isinstance(field, GeometryField)
        # The table that holds the column (a parent's, for a model that inherits it).
        table = field.model._meta.db_table
        quote = connection.ops.quote_name
        # SpatiaLite keeps the R*Tree of a spatial index in `idx_<table>_<column>`: pkid is the
        # row's rowid, and each box is rounded outwards, so no row that meets the tile is missed.
        index = quote(f"idx_{table}_{field.column}")
        queryset = queryset.alias(
            _rowid=RawSQL(f"{quote(table)}.rowid", (), models.IntegerField())
        ).filter(
            _rowid__in=RawSQL(
                f"SELECT pkid FROM {index} WHERE xmin <= %s AND xmax >= %s"
                " AND ymin <= %s AND ymax >= %s",
                (east, west, north, south),
            )
        )
    else:
        queryset = queryset.filter(**{f"{layer.geometry}__bboverlaps": envelope})
    return queryset.filter(**{f"{layer.geometry}__intersects": envelope})


def aggregate_tile(layer: Layer, tile: Tile) -> bytes:
    """The layer's grid counts inside the tile, one point per cell at its centre with `count`
    and `count:<category>` attributes; read from `GridCount` only, never from the layer's rows.
    A tile at zoom z shows the cells of zoom min(z + GRID_DEPTH, FINE_ZOOM)."""
    zoom = min(tile.z + GRID_DEPTH, FINE_ZOOM)
    per_side = 1 << (zoom - tile.z)
    first_x, first_y = tile.x * per_side, tile.y * per_side
    cells = GridCount.objects.filter(
        layer=layer.aggregate,
        zoom=zoom,
        x__gte=first_x,
        x__lt=first_x + per_side,
        y__gte=first_y,
        y__lt=first_y + per_side,
        count__gt=0,
    ).values_list("x", "y", "count", "categories")
    side = EXTENT // per_side
    features = [
        {
            "geometry": shapely.Point(
                (x - first_x) * side + side // 2, (y - first_y) * side + side // 2
            ),
            "properties": {
                "count": count,
                **{f"count:{name}": n for name, n in sorted((categories or {}).items()) if n},
            },
        }
        for x, y, count, categories in cells
    ]
    if not features:
        return b""
    return bytes(
        mapbox_vector_tile.encode(
            {"name": layer.aggregate, "features": features},
            # The cells are placed in tile units already, y pointing down.
            default_options={"extents": EXTENT, "y_coord_down": True},
        )
    )
