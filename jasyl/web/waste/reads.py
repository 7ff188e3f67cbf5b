"""What the waste pages, downloads and API read: the three registries (container sites,
collection sites, plants) described once each (`Registry`), their filters, a row with its
history, and the recyclables KPI from the tonnage records beside the plan's targets.

Reads only, each in a fixed number of queries; they compose `waste.selectors`, the plan and
the shared reads of every registry (`web/common/registries.py`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from jasyl.domain.registries.lifecycle import Stage
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.selectors import current_plan
from jasyl.domain.waste import kpi, selectors
from jasyl.domain.waste.models import (
    Container,
    ContainerSite,
    TreatmentPlant,
    WasteEntry,
    WasteSite,
)


@dataclass(frozen=True)
class Registry:
    """One waste registry as the pages show it."""

    slug: str
    model: type[WasteEntry]
    title: Any
    lead: Any
    rows: Callable[..., QuerySet[Any]]
    kinds: list[tuple[str, Any]]
    import_kind: str


REGISTRIES: dict[str, Registry] = {
    "container-sites": Registry(
        "container-sites",
        ContainerSite,
        _("Container sites"),
        _(
            "Courtyard and underground container sites, with their containers per fraction "
            "(dry, wet, glass, plastic, paper, metal, bulky)."
        ),
        selectors.container_sites,
        ContainerSite.Kind.choices,
        "container-sites",
    ),
    "sites": Registry(
        "sites",
        WasteSite,
        _("Eco-stations and collection sites"),
        _(
            "Eco-stations, mesh containers for bottles and cans, and the sites for bulky and "
            "for construction waste."
        ),
        selectors.waste_sites,
        WasteSite.Kind.choices,
        "waste-sites",
    ),
    "plants": Registry(
        "plants",
        TreatmentPlant,
        _("Waste treatment plants"),
        _(
            "Plants producing refuse-derived fuel (RDF), incineration plants and "
            "construction-waste processing, with their capacity."
        ),
        selectors.plants,
        TreatmentPlant.Kind.choices,
        "waste-plants",
    ),
}


def registry(slug: str) -> Registry:
    if slug not in REGISTRIES:
        raise Http404("No such registry")
    return REGISTRIES[slug]


@dataclass(frozen=True)
class Filters:
    """A list's filters, each checked: an unknown value is no filter."""

    district: str = ""
    kind: str = ""
    status: str = ""

    @classmethod
    def from_query(
        cls, params: Mapping[str, str], known_districts: Iterable[str], kinds: Iterable[str]
    ) -> Filters:
        district = params.get("district", "")
        kind = params.get("kind", "")
        status = params.get("status", "")
        return cls(
            district=district if district in set(known_districts) else "",
            kind=kind if kind in set(kinds) else "",
            status=status if status in Stage.values else "",
        )

    def query(self, sample: bool) -> dict[str, str]:
        found = {
            "district": self.district,
            "kind": self.kind,
            "status": self.status,
            "data": "sample" if sample else "",
        }
        return {name: value for name, value in found.items() if value}


def rows(found: Registry, filters: Filters, *, sample: bool) -> QuerySet[Any]:
    """The registry's official rows (or the sample ones), filtered, by code."""
    chosen = found.rows(sample=sample)
    if filters.district:
        chosen = chosen.filter(district__code=filters.district)
    if filters.kind:
        chosen = chosen.filter(kind=filters.kind)
    if filters.status:
        chosen = chosen.filter(status=filters.status)
    return chosen.order_by("code")


def row_page(found: Registry, pk: int) -> Any:
    """A row with what its page shows (404 if there is none); sample rows too, marked."""
    chosen: Any = found.model._default_manager.select_related(
        "district", "holder", "activity", "budget_period"
    )
    if found.model is ContainerSite:
        chosen = chosen.prefetch_related("containers")
    return get_object_or_404(chosen, pk=pk)


def containers_text(site: ContainerSite) -> str:
    """ "dry ×2, wet ×2" in the reader's language (the containers prefetched)."""
    held: list[Container] = list(site.containers.all())
    return ", ".join(f"{c.get_fraction_display()} ×{c.count}" for c in held)


# ------------------------------------------------------------------------------ the KPI


@dataclass(frozen=True)
class KpiYear:
    year: int
    value: Decimal
    """Thousand tonnes recycled (the KPI's unit)."""
    target: Decimal | None
    """The plan's target for that year, where it states one."""
    apart: dict[str, Decimal]
    """Tonnes set apart, by destination."""


@dataclass
class Kpi:
    rules: kpi.Rules
    years: list[KpiYear]
    targets: dict[int, Decimal]
    unit: str = ""
    kpi_text: dict[int, Any] = field(default_factory=dict)


def recyclables(programme: Programme, *, sample: bool) -> Kpi:
    """The recyclables KPI per year from the records, beside the plan's targets for it."""
    rule = kpi.rules()
    plan = current_plan(programme)
    activity = next((a for a in plan.activities if a.code == rule.activity), None)
    targets: dict[int, Decimal] = {}
    texts: dict[int, Any] = {}
    unit = ""
    for year, target in (activity.kpi if activity is not None else {}).items():
        for quantity in target.quantities:
            if quantity.measure == rule.measure:
                targets[year] = quantity.value
                texts[year] = target.text
                unit = quantity.unit
    years = [
        KpiYear(y.year, y.value(rule.per_unit), targets.get(y.year), y.apart)
        for y in selectors.tonnage_by_year(sample=sample)
    ]
    return Kpi(rule, years, targets, unit, texts)
