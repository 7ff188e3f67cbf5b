"""The grid counts of an aggregated layer: how many of its rows lie in each cell of the Web
Mercator grid, at every zoom its low-zoom tiles show (`Layer.cell_zooms`).

Nothing is stored on the layer's rows: a row's cell is computed from its point (a polygon's or
line's centroid) in EPSG:3857, at `FINE_ZOOM`, and the coarser cells by halving (a shift). The
same arithmetic runs in SQL (`rebuild_counts`) and in Python (`adjust_counts`), so both put a
point in the same cell.

- `rebuild_counts(layer)`: count every row afresh, one GROUP BY over the layer's rows; run it
  after a bulk load, or to repair the counts.
- `adjust_counts(layer, point, delta, category=None)`: one row written (+1) or removed (-1); the
  service that writes the row calls it inside its own transaction, so the counts and the rows
  change together. A row that moves is -1 at its old point and +1 at its new one.
- `rows_counted(layer, pks)` before and after a write of many rows, then `move_counts(layer,
  before, after)`: the counts follow a bulk write (an import) in a few queries per batch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.contrib.gis.db.models.functions import Centroid, Transform
from django.contrib.gis.geos import GEOSGeometry, Point
from django.db import models, transaction
from django.db.models import Count, Func, Sum, Value
from django.db.models.functions import Floor

from jasyl.core.tiles.mercator import HALF_WORLD, WORLD, cell_of
from jasyl.core.tiles.models import GridCount
from jasyl.core.tiles.registry import FINE_ZOOM, Layer

WGS84, WEB_MERCATOR = 4326, 3857
BATCH = 1000
# Primary keys or cells named in one query (SQLite takes at most 999 parameters in some builds).
PKS_PER_QUERY = 300


def _aggregate(layer: Layer) -> str:
    if layer.aggregate is None:
        raise ValueError(f"map layer {layer.name!r} has no aggregate")
    return layer.aggregate


def _fine_cell(value: Any) -> int:
    """A fine cell's column or row from SQL's FLOOR, kept inside the grid as `cell_of` does."""
    return min(max(int(value), 0), (1 << FINE_ZOOM) - 1)


Cells = dict[tuple[int, int, int], tuple[list[int], Counter[str]]]
"""(zoom, x, y) -> ([rows], rows per category)"""


def _cells(layer: Layer, queryset: models.QuerySet[Any]) -> tuple[Cells, int]:
    """The rows of `queryset` (some of the layer's) counted per cell of every zoom the layer's
    aggregate shows, and how many rows: one GROUP BY by fine cell, computed where the rows are."""
    point = Transform(
        layer.geometry if layer.kind == "point" else Centroid(layer.geometry), WEB_MERCATOR
    )
    x = Func(point, function="ST_X", output_field=models.FloatField())
    y = Func(point, function="ST_Y", output_field=models.FloatField())
    half, world, per_side = Value(HALF_WORLD), Value(WORLD), Value(float(1 << FINE_ZOOM))
    category = [layer.category] if layer.category else []
    fine = (
        queryset.order_by()
        .filter(**{f"{layer.geometry}__isnull": False})
        .annotate(
            _cell_x=Floor((x + half) / world * per_side),
            _cell_y=Floor((half - y) / world * per_side),
        )
        .values("_cell_x", "_cell_y", *category)
        .annotate(_rows=Count("pk"))
    )
    zooms = layer.cell_zooms()
    cells: Cells = {}
    counted = 0
    for row in fine:
        column, line, rows = _fine_cell(row["_cell_x"]), _fine_cell(row["_cell_y"]), row["_rows"]
        value = row[layer.category] if layer.category else None
        counted += rows
        for zoom in zooms:
            shift = FINE_ZOOM - zoom
            total, by_category = cells.setdefault(
                (zoom, column >> shift, line >> shift), ([0], Counter())
            )
            total[0] += rows
            if value is not None and value != "":
                by_category[str(value)] += rows
    return cells, counted


def rebuild_counts(layer: Layer) -> int:
    """Replace the layer's grid counts by a fresh count of its rows; the number of rows counted."""
    aggregate = _aggregate(layer)
    cells, counted = _cells(layer, layer.queryset())
    with transaction.atomic():
        GridCount.objects.filter(layer=aggregate).delete()
        GridCount.objects.bulk_create(
            (
                GridCount(
                    layer=aggregate,
                    zoom=zoom,
                    x=cx,
                    y=cy,
                    count=total[0],
                    categories=dict(sorted(by_category.items())),
                )
                for (zoom, cx, cy), (total, by_category) in cells.items()
            ),
            batch_size=BATCH,
        )
    return counted


def rows_counted(layer: Layer, pks: Iterable[Any]) -> Cells:
    """The cells that the layer's rows among `pks` count in now (a row the layer's queryset
    leaves out, a felled tree say, counts nowhere)."""
    keys = list(pks)
    cells: Cells = {}
    for start in range(0, len(keys), PKS_PER_QUERY):
        found, _rows = _cells(
            layer, layer.queryset().filter(pk__in=keys[start : start + PKS_PER_QUERY])
        )
        for key, (total, by_category) in found.items():
            mine = cells.setdefault(key, ([0], Counter()))
            mine[0][0] += total[0]
            mine[1].update(by_category)
    return cells


def move_counts(layer: Layer, before: Cells, after: Cells) -> None:
    """Change the layer's grid counts from what some rows counted `before` a write to what they
    count `after` it (`rows_counted` on both sides of the write, inside its transaction)."""
    aggregate = _aggregate(layer)
    deltas: dict[tuple[int, int, int], tuple[int, Counter[str]]] = {}
    for sign, cells in ((-1, before), (1, after)):
        for key, (total, by_category) in cells.items():
            count, categories = deltas.get(key, (0, Counter()))
            categories = Counter(categories)
            for name, rows in by_category.items():
                categories[name] += sign * rows
            deltas[key] = (count + sign * total[0], categories)
    changed = {
        key: (count, Counter({k: v for k, v in categories.items() if v}))
        for key, (count, categories) in deltas.items()
        if count or any(categories.values())
    }
    if not changed:
        return
    with transaction.atomic():
        # Every cell gets its row, then each zoom's rows in the changed cells' box are locked
        # (one query per zoom, coarsest first: the same order in every transaction) and written
        # back in batches.
        GridCount.objects.bulk_create(
            [GridCount(layer=aggregate, zoom=z, x=x, y=y) for z, x, y in sorted(changed)],
            ignore_conflicts=True,
            batch_size=BATCH,
        )
        for zoom in sorted({z for z, _x, _y in changed}):
            keys = [(x, y) for z, x, y in changed if z == zoom]
            xs, ys = [x for x, _y in keys], [y for _x, y in keys]
            boxed = (
                GridCount.objects.select_for_update()
                .filter(layer=aggregate, zoom=zoom)
                .filter(x__gte=min(xs), x__lte=max(xs), y__gte=min(ys), y__lte=max(ys))
                .order_by("x", "y")
            )
            locked = [row for row in boxed if (zoom, row.x, row.y) in changed]
            for row in locked:
                count, categories = changed[(zoom, row.x, row.y)]
                row.count = max(row.count + count, 0)
                for name, delta in categories.items():
                    left = int(row.categories.get(name, 0)) + delta
                    if left > 0:
                        row.categories[name] = left
                    else:
                        row.categories.pop(name, None)
            GridCount.objects.bulk_create(
                locked,
                update_conflicts=True,
                unique_fields=["layer", "zoom", "x", "y"],
                update_fields=["count", "categories"],
                batch_size=BATCH,
            )
            emptied = [row.pk for row in locked if row.count == 0]
            for start in range(0, len(emptied), PKS_PER_QUERY):
                GridCount.objects.filter(pk__in=emptied[start : start + PKS_PER_QUERY]).delete()


def counted(layer: Layer) -> int:
    """How many rows the layer's grid counts hold: the sum of its coarsest cells, read without
    counting the rows themselves."""
    zooms = layer.cell_zooms()
    if not zooms:
        return 0
    found = GridCount.objects.filter(layer=_aggregate(layer), zoom=zooms[0]).aggregate(
        n=Sum("count")
    )
    return int(found["n"] or 0)


def adjust_counts(
    layer: Layer, point: GEOSGeometry, delta: int, category: object | None = None
) -> None:
    """Count one row more (delta +1) or less (-1) in the cells of its point (WGS 84 unless the
    geometry says otherwise; a polygon or line counts at its centroid), and in its category
    (none when the row's category is empty): `move_counts` with the cells of one point."""
    _aggregate(layer)
    if delta == 0:
        return
    where = point if isinstance(point, Point) else point.centroid
    assert isinstance(where, Point)
    projected = Point(where.x, where.y, srid=where.srid or WGS84).transform(
        WEB_MERCATOR, clone=True
    )
    assert isinstance(projected, Point)
    column, line = cell_of(projected.x, projected.y, FINE_ZOOM)
    key = None if category is None or category == "" else str(category)
    rows = abs(delta)
    cells: Cells = {
        (zoom, column >> (FINE_ZOOM - zoom), line >> (FINE_ZOOM - zoom)): (
            [rows],
            Counter({key: rows}) if key is not None else Counter(),
        )
        for zoom in layer.cell_zooms()
    }
    if delta > 0:
        move_counts(layer, {}, cells)
    else:
        move_counts(layer, cells, {})
