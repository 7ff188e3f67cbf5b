"""Reads of the waste registries: the rows the public sees (official or sample), a site with
its containers, the containers per fraction, and the tonnage by year as the KPI reads it."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum

from jasyl.domain.waste import kpi
from jasyl.domain.waste.models import (
    Container,
    ContainerSite,
    TonnageRecord,
    TreatmentPlant,
    WasteSite,
)

RELATED = ("district", "holder", "activity", "budget_period")
"""What a registry row's pages, downloads and API show beside it."""


def container_sites(*, sample: bool) -> QuerySet[ContainerSite]:
    """Container sites with their containers (one more query for all of them)."""
    return (
        ContainerSite.objects.filter(is_sample=sample)
        .select_related(*RELATED)
        .prefetch_related(Prefetch("containers", queryset=Container.objects.order_by("fraction")))
    )


def waste_sites(*, sample: bool) -> QuerySet[WasteSite]:
    return WasteSite.objects.filter(is_sample=sample).select_related(*RELATED)


def plants(*, sample: bool) -> QuerySet[TreatmentPlant]:
    return TreatmentPlant.objects.filter(is_sample=sample).select_related(*RELATED)


def containers_by_fraction(*, sample: bool) -> dict[str, int]:
    """Containers per fraction at the container sites in service."""
    rows = (
        Container.objects.filter(site__is_sample=sample, site__status="in_service")
        .values("fraction")
        .annotate(total=Sum("count"))
    )
    return {row["fraction"]: int(row["total"]) for row in rows}


def tonnage(*, sample: bool) -> QuerySet[TonnageRecord]:
    return TonnageRecord.objects.filter(is_sample=sample).select_related("operator")


def tonnage_by_year(*, sample: bool) -> list[kpi.Year]:
    """The KPI's years from the records (one query, summed by month and destination)."""
    rows: Iterable[dict[str, object]] = (
        TonnageRecord.objects.filter(is_sample=sample)
        .values("month", "destination")
        .annotate(tonnes=Sum("tonnes"))
        .order_by("month")
    )
    return kpi.by_year(
        (
            kpi.Tonnes(row["month"], str(row["destination"]), Decimal(str(row["tonnes"])))  # type: ignore[arg-type]
            for row in rows
        ),
        kpi.rules(),
    )


def tonnage_by_fraction(*, sample: bool) -> list[tuple[int, str, str, Decimal]]:
    """(year, fraction, destination, tonnes), by year."""
    rows = (
        TonnageRecord.objects.filter(is_sample=sample)
        .values("month__year", "fraction", "destination")
        .annotate(tonnes=Sum("tonnes"), records=Count("id"))
        .order_by("month__year", "fraction", "destination")
    )
    return [
        (
            int(r["month__year"]),
            str(r["fraction"]),
            str(r["destination"]),
            Decimal(str(r["tonnes"])),
        )
        for r in rows
    ]
