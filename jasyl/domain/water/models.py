"""Water objects (roadmap items 4-8, and item 9's information database on water objects):
rivers, canals and aryks (lines, with their length), water intakes and hydraulic structures
(points), ponds, water bodies and reservoirs (polygons, with their area) and flood-protection
sites (a point or a polygon), with a log of the works done on each (`WaterWork`): cleaning,
landscaping, construction, reconstruction with the kilometres done, design documentation and
flood-protection works, each with the roadmap activity and budget period that paid for it.

A water object is a registry row with a lifecycle (`registries.lifecycle.LifecycleEntry`:
planned -> designed -> under construction -> in service -> decommissioned), since most of them
are built. A river is not built: its row has no lifecycle (it stays at the first stage with no
date, the pages say "natural", and `services.advance_status` refuses it); what the programme
does to a river's channel (item 8) is in its works. The vocabulary follows OpenStreetMap
(`waterway=river|canal|ditch`, `usage=irrigation`, `natural=water` with `water=pond|reservoir`;
docs/water.md). Lengths and areas are measured in UTM zone 43N, like every area of the project
(`places.models.UTM_43N`), and stored. Writes go through `services.py`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.gis.db import models
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jasyl.domain.places.models import UTM_43N, WGS84, area_in_hectares
from jasyl.domain.registries.lifecycle import DATE_FIELDS, LifecycleEntry, Stage
from jasyl.domain.roadmap.models import Activity, BudgetPeriod

# Bounds that catch a slip of unit or of drawing (a line across the country), not a judgement
# of an object: the whole city covers about 68 000 ha.
LENGTH_KM = (Decimal(0), Decimal(500))
AREA_HA = (Decimal(0), Decimal(100_000))
KM_DONE = (Decimal(0), Decimal(500))


class Kind(models.TextChoices):
    RIVER = "river", _("river")
    CANAL = "canal", _("canal")
    ARYK = "aryk", _("aryk (irrigation ditch)")
    WATER_INTAKE = "water_intake", _("water intake")
    HYDRAULIC_STRUCTURE = "hydraulic_structure", _("hydraulic structure")
    POND = "pond", _("pond")
    WATER_BODY = "water_body", _("water body")
    RESERVOIR = "reservoir", _("reservoir")
    FLOOD_PROTECTION_SITE = "flood_protection_site", _("flood-protection site")


LINES = frozenset({Kind.RIVER, Kind.CANAL, Kind.ARYK})
WATER_BODIES = frozenset({Kind.POND, Kind.WATER_BODY, Kind.RESERVOIR})
NATURAL = frozenset({Kind.RIVER})
"""Kinds that are not built: their rows have no lifecycle."""

SHAPES: dict[str, tuple[str, ...]] = {
    **{k: ("LineString", "MultiLineString") for k in LINES},
    Kind.WATER_INTAKE: ("Point",),
    Kind.HYDRAULIC_STRUCTURE: ("Point",),
    **{k: ("Polygon", "MultiPolygon") for k in WATER_BODIES},
    Kind.FLOOD_PROTECTION_SITE: ("Point", "Polygon", "MultiPolygon"),
}
"""The geometry types each kind takes."""

OSM_WATERWAY: dict[str, str] = {Kind.RIVER: "river", Kind.CANAL: "canal", Kind.ARYK: "ditch"}
OSM_WATER: dict[str, str] = {Kind.POND: "pond", Kind.RESERVOIR: "reservoir"}


class Usage(models.TextChoices):
    """What a canal or aryk carries water for (OSM `usage=*` of `waterway=canal|ditch`)."""

    IRRIGATION = "irrigation", _("irrigation")
    WATER_SUPPLY = "water_supply", _("water supply")
    SPILLWAY = "spillway", _("spillway")


def length_in_km(geometry: GEOSGeometry) -> Decimal:
    """The length of a WGS 84 line measured in UTM 43N, in kilometres to three decimals."""
    projected = geometry.transform(UTM_43N, clone=True)
    return Decimal(projected.length / 1000).quantize(Decimal("0.001"))


def shape_error(kind: str, geometry: GEOSGeometry | None) -> str:
    """Why a geometry does not fit the kind ("" when it does)."""
    if geometry is None or kind not in SHAPES:
        return ""
    allowed = SHAPES[kind]
    if geometry.geom_type in allowed:
        return ""
    return gettext("A %(kind)s is drawn as %(allowed)s, not as %(found)s.") % {
        "kind": Kind(kind).label,
        "allowed": " or ".join(allowed),
        "found": geometry.geom_type,
    }


class WaterObject(LifecycleEntry):
    """A river, canal or aryk, water intake, hydraulic structure, pond, water body, reservoir
    or flood-protection site."""

    derived_fields = ("length_km", "area_ha")

    geometry = models.GeometryField(verbose_name=_("place"), srid=WGS84, spatial_index=True)
    kind = models.CharField(verbose_name=_("kind"), max_length=30, choices=Kind.choices)
    usage = models.CharField(
        verbose_name=_("usage"),
        max_length=20,
        choices=Usage.choices,
        blank=True,
        help_text=_("what a canal or aryk carries water for (OpenStreetMap usage=*)"),
    )
    length_km = models.DecimalField(
        verbose_name=_("length (km)"),
        max_digits=8,
        decimal_places=3,
        null=True,
        blank=True,
        editable=False,
        help_text=_("measured from the line"),
    )
    area_ha = models.DecimalField(
        verbose_name=_("area (ha)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_("measured from the polygon"),
    )

    class Meta(LifecycleEntry.Meta):
        verbose_name = _("water object")
        verbose_name_plural = _("water objects")
        indexes = [models.Index(fields=["is_sample", "kind", "status"], name="water_object_kind")]
        constraints = [
            *LifecycleEntry.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="water_waterobject_kind"
            ),
            models.CheckConstraint(
                condition=Q(length_km__isnull=True) | Q(length_km__gte=0),
                name="water_waterobject_length",
            ),
            models.CheckConstraint(
                condition=Q(area_ha__isnull=True) | Q(area_ha__gte=0),
                name="water_waterobject_area",
            ),
        ]

    @property
    def natural(self) -> bool:
        return self.kind in NATURAL

    @property
    def stage_label(self) -> str:
        """The stage as the pages show it: "natural" for a river."""
        return str(_("natural (not built)")) if self.natural else super().stage_label

    def next_stages(self) -> list[tuple[str, str]]:
        """The stages a built object may move to (forward only); none for a river."""
        return [] if self.natural else super().next_stages()

    @property
    def is_line(self) -> bool:
        return self.kind in LINES

    @property
    def osm_tags(self) -> dict[str, str]:
        """The object's OpenStreetMap tags, as far as its kind and usage tell them."""
        tags: dict[str, str] = {}
        if self.kind in OSM_WATERWAY:
            tags["waterway"] = OSM_WATERWAY[self.kind]
        elif self.kind in WATER_BODIES:
            tags["natural"] = "water"
            if self.kind in OSM_WATER:
                tags["water"] = OSM_WATER[self.kind]
        if self.usage:
            tags["usage"] = self.usage
        return tags

    def derive(self) -> None:
        geometry = self.geometry
        lines = geometry is not None and geometry.geom_type in ("LineString", "MultiLineString")
        areas = geometry is not None and geometry.geom_type in ("Polygon", "MultiPolygon")
        self.length_km = length_in_km(geometry) if lines else None
        self.area_ha = area_in_hectares(geometry) if areas else None

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        try:
            super().clean()
        except ValidationError as error:
            errors.update(error.message_dict)
        problem = shape_error(self.kind, self.geometry)
        if problem:
            errors["geometry"] = problem
        if self.usage and self.kind not in (Kind.CANAL, Kind.ARYK):
            errors["usage"] = gettext("Only a canal or an aryk has a usage.")
        if self.kind in NATURAL and (
            self.status != Stage.PLANNED or any(getattr(self, f) for f in DATE_FIELDS.values())
        ):
            errors["status"] = gettext(
                "A river is natural, not built: it has no stage nor dates of a lifecycle; "
                "record the works on its channel instead."
            )
        for name, value, (low, high) in (
            ("geometry", self.length_km, LENGTH_KM),
            ("geometry", self.area_ha, AREA_HA),
        ):
            if value is not None and not low < value <= high:
                errors.setdefault(
                    name,
                    gettext(
                        "The drawn shape measures %(value)s; it must be above %(low)s "
                        "and at most %(high)s (km or ha)."
                    )
                    % {"value": value, "low": low, "high": high},
                )
        if errors:
            raise ValidationError(errors)


class WorkKind(models.TextChoices):
    CLEANING = "cleaning", _("cleaning (of the bed or channel)")
    LANDSCAPING = "landscaping", _("landscaping of the banks and adjacent area")
    CONSTRUCTION = "construction", _("construction")
    RECONSTRUCTION = "reconstruction", _("reconstruction (of a channel or structure)")
    DESIGN = "design_documentation", _("design and estimate documentation")
    FLOOD_PROTECTION = "flood_protection", _("flood-protection works")


CHANNEL_WORKS = frozenset({WorkKind.CLEANING, WorkKind.CONSTRUCTION, WorkKind.RECONSTRUCTION})
"""The works measured in kilometres done, on a river, canal or aryk."""


def work_errors(
    *,
    water_object: WaterObject | None,
    kind: str,
    done_on: datetime.date | None,
    km_done: Decimal | None,
    activity: Activity | None,
    budget_period: BudgetPeriod | None,
    today: datetime.date,
) -> dict[str, str]:
    """What is wrong with a work, by field (empty: nothing): the rules the model, the office's
    form and the import share."""
    errors: dict[str, str] = {}
    if done_on is not None and done_on > today:
        errors["done_on"] = gettext("%(day)s is in the future: record a work once it is done.") % {
            "day": done_on.isoformat()
        }
    if km_done is not None:
        if not KM_DONE[0] < km_done <= KM_DONE[1]:
            errors["km_done"] = gettext(
                "%(value)s km must be above %(low)s and at most %(high)s."
            ) % {"value": km_done, "low": KM_DONE[0], "high": KM_DONE[1]}
        elif water_object is not None and not water_object.is_line:
            errors["km_done"] = gettext(
                "Kilometres are recorded for works on a river, canal or aryk, not on a %(kind)s."
            ) % {"kind": Kind(water_object.kind).label}
        elif kind not in CHANNEL_WORKS:
            errors["km_done"] = gettext(
                "Kilometres are recorded for cleaning, construction or reconstruction only."
            )
        elif (
            water_object is not None
            and water_object.length_km is not None
            and km_done > water_object.length_km
        ):
            errors["km_done"] = gettext(
                "%(value)s km is more than the length of %(code)s (%(length)s km)."
            ) % {"value": km_done, "code": water_object.code, "length": water_object.length_km}
    elif (
        kind == WorkKind.RECONSTRUCTION
        and water_object is not None
        and water_object.kind == Kind.RIVER
    ):
        errors["km_done"] = gettext(
            "Give the kilometres of channel reconstructed: item 8 counts them."
        )
    if budget_period is not None:
        if activity is not None and budget_period.programme_id != activity.programme_id:
            errors["budget_period"] = gettext(
                "The budget period is not of the activity's programme."
            )
        elif done_on is not None and not (
            budget_period.start_year <= done_on.year <= budget_period.end_year
        ):
            errors["budget_period"] = gettext("%(day)s is not in the budget period %(period)s.") % {
                "day": done_on.isoformat(),
                "period": budget_period.code,
            }
    return errors


class WaterWork(models.Model):
    """A work done on a water object: what, when, how many kilometres (channel works), the
    roadmap activity and budget period that paid for it, and the source that states it."""

    water_object = models.ForeignKey(
        WaterObject,
        verbose_name=_("water object"),
        on_delete=models.PROTECT,
        related_name="works",
    )
    kind = models.CharField(verbose_name=_("work"), max_length=30, choices=WorkKind.choices)
    done_on = models.DateField(verbose_name=_("done on"))
    km_done = models.DecimalField(
        verbose_name=_("kilometres done"),
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("for works on a channel: the length cleaned, built or reconstructed"),
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("roadmap activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    budget_period = models.ForeignKey(
        BudgetPeriod,
        verbose_name=_("budget period"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.TextField(verbose_name=_("source"))
    note = models.CharField(verbose_name=_("note"), max_length=300, blank=True)
    is_sample = models.BooleanField(verbose_name=_("sample data"), default=False)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("work on a water object")
        verbose_name_plural = _("works on water objects")
        ordering = ["water_object", "done_on", "kind"]
        indexes = [
            models.Index(fields=["is_sample", "kind", "done_on"], name="water_work_counted"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["water_object", "kind", "done_on"], name="water_work_once"
            ),
            models.CheckConstraint(condition=Q(kind__in=WorkKind.values), name="water_work_kind"),
            models.CheckConstraint(
                condition=Q(km_done__isnull=True) | Q(km_done__gt=0), name="water_work_km"
            ),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def key(self) -> str:
        return f"{self.water_object.code} {self.kind} {self.done_on.isoformat()}"

    @property
    def code(self) -> str:
        """What the history calls it."""
        return self.key

    def clean(self) -> None:
        errors = work_errors(
            water_object=self.water_object if self.water_object_id else None,
            kind=self.kind,
            done_on=self.done_on,
            km_done=self.km_done,
            activity=self.activity,
            budget_period=self.budget_period,
            today=timezone.localdate(),
        )
        if errors:
            raise ValidationError(errors)
