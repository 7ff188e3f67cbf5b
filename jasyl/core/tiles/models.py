"""The precomputed counts behind a layer's low-zoom tiles (part of the `core` app)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GridCount(models.Model):
    """How many rows of an aggregated layer lie in one cell of the Web Mercator grid (the tile
    z/x/y), and how many of each category. A tile below the layer's `min_zoom` is drawn from
    these rows alone, never from the layer's table: at zoom 10, 6.5 million points took 19 s
    through `ST_AsMVT` and a table of counts 0.002 s (docs/architecture.md, "Maps and
    geometry"). Written only by `jasyl.core.tiles.counts`."""

    layer = models.CharField(verbose_name=_("map layer"), max_length=63)
    zoom = models.PositiveSmallIntegerField(verbose_name=_("zoom"))
    x = models.PositiveIntegerField(verbose_name=_("column"))
    y = models.PositiveIntegerField(verbose_name=_("row"))
    count = models.PositiveIntegerField(verbose_name=_("count"), default=0)
    # {"<category>": count} for the layer's category field, when it has one.
    categories = models.JSONField(verbose_name=_("counts by category"), default=dict, blank=True)

    class Meta:
        app_label = "core"
        verbose_name = _("map grid count")
        verbose_name_plural = _("map grid counts")
        constraints = [
            # Also the index a tile's cells are read by (layer, zoom, then an x range).
            models.UniqueConstraint(fields=["layer", "zoom", "x", "y"], name="grid_count_cell"),
            models.CheckConstraint(condition=models.Q(zoom__lte=22), name="grid_count_zoom"),
        ]

    def __str__(self) -> str:
        return f"{self.layer} {self.zoom}/{self.x}/{self.y}: {self.count}"
