"""Reads of the water registry: its rows filtered as the pages, downloads and API list them,
and an object's works."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, Count, F, Func, QuerySet
from django.db.models.functions import Upper

from jasyl.domain.water.models import WaterObject, WaterWork


@dataclass(frozen=True)
class Filters:
    """A list's filters, each already checked against what is known."""

    district: str = ""
    kind: str = ""
    status: str = ""

    def query(self, sample: bool) -> dict[str, str]:
        found = {**vars(self), "data": "sample" if sample else ""}
        return {name: value for name, value in found.items() if value}


def objects(filters: Filters, *, sample: bool) -> QuerySet[WaterObject]:
    """Official water objects (or the sample ones), filtered, by code, with their number of
    works."""
    rows = WaterObject.objects.filter(is_sample=sample).select_related(
        "district", "holder", "activity"
    )
    if filters.district:
        rows = rows.filter(district__code=filters.district)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.status:
        rows = rows.filter(status=filters.status)
    annotated: QuerySet[WaterObject] = rows.annotate(work_count=Count("works")).order_by("code")
    return annotated


def works_of(row: WaterObject) -> QuerySet[WaterWork]:
    return row.works.select_related("activity", "budget_period").order_by("done_on", "kind")


def works(*, sample: bool) -> QuerySet[WaterWork]:
    """Every official work (or sample one), for the open data package."""
    return (
        WaterWork.objects.filter(is_sample=sample)
        .select_related("water_object", "activity", "budget_period")
        .order_by("water_object__code", "done_on", "kind")
    )


def sample_exists() -> bool:
    return WaterObject.objects.filter(is_sample=True).exists()


SHAPE_TYPES = {
    "point": ("POINT",),
    "line": ("LINESTRING", "MULTILINESTRING"),
    "polygon": ("POLYGON", "MULTIPOLYGON"),
}


def drawn_as(shape: str) -> QuerySet[WaterObject]:
    """Every water object drawn as points, lines or polygons (`shape`): a map layer each. The
    type is read by the database's GeometryType (PostGIS and SpatiaLite name them alike)."""
    kind = Func(F("geometry"), function="GeometryType", output_field=CharField())
    found: QuerySet[WaterObject] = WaterObject.objects.alias(shape=Upper(kind)).filter(
        shape__in=SHAPE_TYPES[shape]
    )
    return found
