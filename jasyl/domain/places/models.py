"""The city's administrative units (its districts, and smaller units where the office has them)
as polygons: every registry row of the maps gets its district from them by a spatial join when
it is written (selectors.district_at).

Boundaries come only from a file the programme office supplies (`jasyl load-boundaries`); Jasyl
ships none and never draws one itself.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.gis.db import models
from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext_lazy as _

from jasyl.core.i18n import Text, as_text

# Geometry is stored in WGS 84; areas are measured in UTM zone 43N, where Almaty lies
# (EPSG:32643, https://epsg.io/32643), and stored with the unit.
WGS84 = 4326
UTM_43N = 32643


class AdministrativeUnit(models.Model):
    class Level(models.TextChoices):
        DISTRICT = "district", _("district")
        SUBDISTRICT = "subdistrict", _("smaller unit within a district")

    code = models.SlugField(verbose_name=_("code"), max_length=100, unique=True)
    level = models.CharField(
        verbose_name=_("level"), max_length=20, choices=Level.choices, default=Level.DISTRICT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("within"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    name_kk = models.CharField(verbose_name=_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(verbose_name=_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(verbose_name=_("name (English)"), max_length=300, blank=True)
    boundary = models.MultiPolygonField(verbose_name=_("boundary"), srid=WGS84)
    area_ha = models.DecimalField(
        verbose_name=_("area (ha)"), max_digits=12, decimal_places=2, editable=False
    )
    source = models.CharField(
        verbose_name=_("source file"), max_length=300, help_text=_("the file it was loaded from")
    )
    loaded_at = models.DateTimeField(verbose_name=_("loaded at"), auto_now=True)

    class Meta:
        ordering = ["level", "code"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> Text:
        return as_text(self, "name")

    def save(self, *args: object, **kwargs: object) -> None:
        self.area_ha = area_in_hectares(self.boundary)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def area_in_hectares(geometry: GEOSGeometry) -> Decimal:
    """The area of a WGS 84 geometry measured in UTM 43N, in hectares to two decimals."""
    projected = geometry.transform(UTM_43N, clone=True)
    return Decimal(projected.area / 10_000).quantize(Decimal("0.01"))
