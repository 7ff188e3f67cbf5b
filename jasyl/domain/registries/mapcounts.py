"""The map's grid counts follow every write of a registry's rows.

A registry whose rows are drawn on the map with counts at low zooms (a `jasyl.core.tiles.Layer`
with an aggregate, over the registry's model) has its counts changed in the same transaction as
the rows: what the written rows counted before the write is taken away and what they count after
it is added (`tiles.rows_counted` and `tiles.move_counts`), so an import of 100 000 trees moves
the counts in a few queries per batch, and a tree felled leaves the counts of standing trees.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models

from jasyl.core import tiles


class Touched:
    """The primary keys of the rows a write touches; the rows it creates are added once they
    have their keys."""

    def __init__(self, pks: Iterable[Any]) -> None:
        self.pks = {pk for pk in pks if pk is not None}

    def add(self, rows: Iterable[models.Model]) -> None:
        self.pks.update(row.pk for row in rows if row.pk is not None)


def _counted_layers(model: type[models.Model]) -> list[tiles.Layer]:
    return [layer for layer in tiles.layers() if layer.aggregate and layer.model is model]


@contextmanager
def counts_follow(model: type[models.Model], pks: Iterable[Any] = ()) -> Iterator[Touched]:
    """Around a write of `model`'s rows `pks` (and the rows added to the `Touched` it yields),
    inside the write's transaction."""
    touched = Touched(pks)
    watched = _counted_layers(model)
    before = {layer.name: tiles.rows_counted(layer, touched.pks) for layer in watched}
    yield touched
    for layer in watched:
        tiles.move_counts(layer, before[layer.name], tiles.rows_counted(layer, touched.pks))
