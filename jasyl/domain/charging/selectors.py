"""Reads of the charging and air-purification registries: what an activity delivered (the
counters of `registries.outputs`), and the rows the pages list, filtered."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Prefetch, QuerySet

from jasyl.domain.charging.models import AirPurifierBlock, ChargingLocation, Connector, Evse
from jasyl.domain.registries.selectors import delivered, delivered_rows
from jasyl.domain.roadmap.models import Programme

CHARGING_ACTIVITY = "1.4"
AIR_PURIFIER_ACTIVITY = "1.8"


def evses_delivered(programme: Programme, year: int | None) -> Decimal:
    """EVSEs of official charging locations of item 1.4 that entered service in `year`."""
    locations = delivered_rows(ChargingLocation, programme, CHARGING_ACTIVITY, year)
    return Decimal(Evse.objects.filter(location__in=locations).count())


def evses_of(locations: QuerySet[ChargingLocation]) -> Decimal:
    """The EVSEs of these charging locations (what item 1.4's output counts)."""
    return Decimal(Evse.objects.filter(location__in=locations).count())


def blocks_delivered(programme: Programme, year: int | None) -> Decimal:
    """Air-purification blocks of item 1.8 that entered service in `year`."""
    return delivered(AirPurifierBlock, programme, AIR_PURIFIER_ACTIVITY, year)


@dataclass(frozen=True)
class Filters:
    """A registry list's filters as the page's query states them (unknown values dropped)."""

    district: str = ""
    status: str = ""
    kind: str = ""  # connector standard (chargers) or power type

    @classmethod
    def from_query(
        cls, params: Any, districts: list[str], statuses: list[str], kinds: list[str]
    ) -> Filters:
        def chosen(name: str, allowed: list[str]) -> str:
            value = str(params.get(name, "")).strip()
            return value if value in allowed else ""

        return cls(
            district=chosen("district", districts),
            status=chosen("status", statuses),
            kind=chosen("kind", kinds),
        )

    def query(self, sample: bool) -> dict[str, str]:
        found = {k: v for k, v in vars(self).items() if v}
        return {**found, **({"data": "sample"} if sample else {})}


def _common(rows: QuerySet[Any], filters: Filters, sample: bool) -> QuerySet[Any]:
    rows = rows.filter(is_sample=sample).select_related(
        "district", "holder", "activity", "budget_period"
    )
    if filters.district:
        rows = rows.filter(district__code=filters.district)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return rows


def locations(filters: Filters, *, sample: bool) -> QuerySet[ChargingLocation]:
    """Charging locations with their EVSEs and connectors (three queries in all)."""
    rows = _common(ChargingLocation.objects.all(), filters, sample)
    if filters.kind:
        rows = rows.filter(evses__connectors__power_type=filters.kind).distinct()
    annotated: QuerySet[ChargingLocation] = rows.annotate(
        evse_count=Count("evses", distinct=True),
        top_kw=Max("evses__connectors__max_power_kw"),
    ).prefetch_related(
        Prefetch(
            "evses",
            Evse.objects.prefetch_related(
                Prefetch("connectors", Connector.objects.order_by("connector_id"))
            ),
        )
    )
    return annotated


def blocks(filters: Filters, *, sample: bool) -> QuerySet[AirPurifierBlock]:
    return _common(AirPurifierBlock.objects.all(), filters, sample)


def sample_exists(model: type[Any]) -> bool:
    return bool(model._default_manager.filter(is_sample=True).exists())
