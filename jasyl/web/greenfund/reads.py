"""What the green fund's pages, downloads and API read: the felling register with its filters,
the registries' lists, the district statistics set beside the official count, and the history of
a row as people read it.

Reads only, each in a fixed number of queries; they compose `greenfund.selectors`,
`registries.selectors` and the indicators' registry (the official figures), which no domain app
may combine itself (`indicators` sits above `greenfund`).

A permit's state is computed here from its figures and today's date by the domain's one rule
(`compensation.permit_state`), so that a deadline that passed this morning shows as overdue
before the daily job moves the stored state; the register's state filter uses the same rule as
a query.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.gis.geos import MultiPoint, Point
from django.db.models import F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from jasyl.domain.agencies.models import Agency
from jasyl.domain.greenfund import selectors
from jasyl.domain.greenfund.compensation import PermitState, Reason, permit_state
from jasyl.domain.greenfund.kpis import coverage
from jasyl.domain.greenfund.models import (
    CompensatoryPlanting,
    FellingPermit,
    Nursery,
    NurseryStock,
    Park,
    Species,
    Tree,
    WoodWasteSite,
)
from jasyl.domain.indicators.ledgers import LedgerDataError, load_rules
from jasyl.domain.indicators.selectors import counted_values, registry
from jasyl.domain.places.models import WGS84, AdministrativeUnit
from jasyl.domain.registries.rights import executing_agencies
from jasyl.domain.roadmap.models import Activity, ActivityAgency, Programme
from jasyl.web.common import registries as common
from jasyl.web.common.registries import Change as Change
from jasyl.web.common.registries import HistoryRow as HistoryRow
from jasyl.web.common.registries import changes_of as changes_of
from jasyl.web.common.registries import districts as districts
from jasyl.web.common.registries import readable as readable
from jasyl.web.common.registries import sample_exists as sample_exists
from jasyl.web.common.registries import stamp as stamp
from jasyl.web.common.registries import today as today
from jasyl.web.greenfund import shown

# Longest list of a permit's compensation trees shown on its page.
SHOWN_TREES = 100
YEARS = (1900, 2100)


# ------------------------------------------------------------------------------ permits


def state_of(permit: FellingPermit, on: datetime.date | None = None) -> str:
    """The permit's state today, by the domain's rule."""
    return permit_state(
        felled=permit.felled_count,
        owed=permit.owed,
        planted=permit.planted_count,
        deadline=permit.deadline,
        today=on or today(),
    ).value


def state_filter(state: str, on: datetime.date) -> Q:
    """`compensation.permit_state` as a query: the permits in `state` on `on`."""
    felled = Q(felled_count__gt=0)
    known = felled & Q(owed__isnull=False)
    owing = known & Q(planted_count__lt=F("owed"))
    return {
        PermitState.OPEN: Q(felled_count=0),
        PermitState.UNKNOWN: felled & Q(owed__isnull=True),
        PermitState.FULFILLED: known & Q(planted_count__gte=F("owed")),
        PermitState.OVERDUE: owing & Q(deadline__lt=on),
        PermitState.DUE: owing & (Q(deadline__isnull=True) | Q(deadline__gte=on)),
    }[PermitState(state)]


@dataclass(frozen=True)
class PermitFilters:
    """The register's filters, each checked: an unknown value is no filter."""

    district: str = ""
    reason: str = ""
    state: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, params: Mapping[str, str], known_districts: Iterable[str]) -> PermitFilters:
        district = params.get("district", "")
        reason = params.get("reason", "")
        state = params.get("state", "")
        typed = params.get("year", "")
        year = int(typed) if typed.isdigit() and YEARS[0] <= int(typed) <= YEARS[1] else None
        return cls(
            district=district if district in set(known_districts) else "",
            reason=reason if reason in Reason.values else "",
            state=state if state in PermitState.values else "",
            year=year,
        )

    def query(self, sample: bool) -> dict[str, str]:
        """The filters as query parameters (for links and downloads)."""
        found = {
            "district": self.district,
            "reason": self.reason,
            "state": self.state,
            "year": str(self.year) if self.year else "",
            "data": "sample" if sample else "",
        }
        return {name: value for name, value in found.items() if value}


def permits(
    filters: PermitFilters, *, sample: bool, on: datetime.date | None = None
) -> QuerySet[FellingPermit]:
    """The register: official permits (or the sample ones), filtered, newest first."""
    found = FellingPermit.objects.filter(is_sample=sample).select_related("district")
    if filters.district:
        found = found.filter(district__code=filters.district)
    if filters.reason:
        found = found.filter(reason=filters.reason)
    if filters.state:
        found = found.filter(state_filter(filters.state, on or today()))
    if filters.year:
        found = found.filter(issued_on__year=filters.year)
    return found.order_by("-issued_on", "number")


def permit_years(*, sample: bool) -> list[int]:
    dates = FellingPermit.objects.filter(is_sample=sample).dates("issued_on", "year", order="DESC")
    return [d.year for d in dates]


def with_places(found: QuerySet[FellingPermit]) -> QuerySet[FellingPermit]:
    """Permits with their trees' places read at once (for their GeoJSON)."""
    return found.prefetch_related(
        Prefetch("trees", queryset=Tree.objects.only("id", "geometry").order_by("id"))
    )


def permit_places(permit: FellingPermit) -> MultiPoint | None:
    """Where a permit's trees stand: its registered trees and its other places (prefetched)."""
    points: list[Any] = [tree.geometry for tree in permit.trees.all()]
    if permit.points is not None:
        points += list(permit.points)
    if not points:
        return None
    return MultiPoint([Point(p.x, p.y) for p in points], srid=WGS84)


def permit_page(pk: int) -> FellingPermit:
    """A permit with what its page shows (404 if there is none); sample permits too, marked."""
    return get_object_or_404(
        FellingPermit.objects.select_related(
            "district", "issuer", "applicant", "activity", "rule"
        ).prefetch_related(
            Prefetch(
                "trees",
                queryset=Tree.objects.select_related("species", "district").order_by("code"),
            ),
            Prefetch(
                "plantings",
                queryset=CompensatoryPlanting.objects.select_related("species", "district"),
            ),
        ),
        pk=pk,
    )


def compensation_trees(permit: FellingPermit) -> tuple[list[Tree], int]:
    """The trees registered by the permit's plantings (the first `SHOWN_TREES`) and how many."""
    found = Tree.objects.filter(planting__permit=permit).order_by("code")
    shown = list(found[: SHOWN_TREES + 1])
    total = len(shown) if len(shown) <= SHOWN_TREES else found.count()
    return shown[:SHOWN_TREES], total


# ------------------------------------------------------------------------------ trees


def tree_page(pk: int) -> Tree:
    return get_object_or_404(
        Tree.objects.select_related(
            "species", "district", "activity", "holder", "felled_by", "planting__permit"
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class TreeFilters:
    district: str = ""
    species: str = ""
    condition: str = ""
    status: str = ""

    @classmethod
    def from_query(cls, params: Mapping[str, str], known_districts: Iterable[str]) -> TreeFilters:
        district = params.get("district", "")
        condition = params.get("condition", "")
        status = params.get("status", "")
        return cls(
            district=district if district in set(known_districts) else "",
            species=params.get("species", "")[:200],
            condition=condition if condition in Tree.Condition.values else "",
            status=status if status in Tree.Status.values else "",
        )

    def query(self, sample: bool) -> dict[str, str]:
        found = {
            "district": self.district,
            "species": self.species,
            "condition": self.condition,
            "status": self.status,
            "data": "sample" if sample else "",
        }
        return {name: value for name, value in found.items() if value}


def trees(filters: TreeFilters, *, sample: bool) -> QuerySet[Tree]:
    """The registry's trees (official or sample), filtered, by code."""
    found = selectors.trees(sample=sample).select_related(
        "species", "district", "felled_by", "activity"
    )
    if filters.district:
        found = found.filter(district__code=filters.district)
    if filters.species:
        found = found.filter(species__latin_name__iexact=filters.species)
    if filters.condition:
        found = found.filter(condition=filters.condition)
    if filters.status:
        found = found.filter(status=filters.status)
    return found.order_by("code")


def species_list() -> list[Species]:
    return list(Species.objects.order_by("latin_name"))


def trees_by_code(codes: Iterable[str]) -> tuple[list[Tree], list[str]]:
    """The registry's trees with these codes (in the order given) and the codes not found."""
    wanted = list(dict.fromkeys(code for code in codes if code))
    found = {t.code: t for t in Tree.objects.filter(code__in=wanted).select_related("district")}
    return [found[c] for c in wanted if c in found], [c for c in wanted if c not in found]


# ------------------------------------------------------------------------------ history


def history(row: Any, *, applied_only: bool) -> list[common.HistoryRow]:
    """A row's edits as people read them, the texts Jasyl wrote in the visitor's language."""
    return common.history(row, applied_only=applied_only, changes=shown.changes, note=shown.note)


# ------------------------------------------------------------------------------ places


def parks(*, sample: bool) -> QuerySet[Park]:
    return Park.objects.filter(is_sample=sample).select_related("district", "holder")


def wood_waste_sites(*, sample: bool) -> QuerySet[WoodWasteSite]:
    return WoodWasteSite.objects.filter(is_sample=sample).select_related("district", "holder")


def nurseries(*, sample: bool) -> QuerySet[Nursery]:
    """Nurseries with their stock counts (one more query for all of them)."""
    return (
        Nursery.objects.filter(is_sample=sample)
        .select_related("district", "holder")
        .prefetch_related(
            Prefetch("stock", queryset=NurseryStock.objects.order_by("species_id", "-counted_on"))
        )
    )


@dataclass(frozen=True)
class Stock:
    seedlings: int | None
    """The latest count of each species, added up; None when never counted."""
    counted_on: datetime.date | None
    """The latest of those counts."""


def nursery_stock(nursery: Nursery) -> Stock:
    """A nursery's seedlings: the latest count of each species (prefetched), added up."""
    latest: dict[int | None, NurseryStock] = {}
    for row in nursery.stock.all():
        if row.species_id not in latest or row.counted_on > latest[row.species_id].counted_on:
            latest[row.species_id] = row
    if not latest:
        return Stock(None, None)
    return Stock(
        sum(row.count for row in latest.values()), max(row.counted_on for row in latest.values())
    )


# ------------------------------------------------------------------------------ statistics


@dataclass(frozen=True)
class Official:
    """The official count of the green fund's trees: the stock indicator's latest city-wide
    value (None: the indicator has no value, or the programme keeps no green fund ledger)."""

    indicator: Any = None
    value: Decimal | None = None
    on: datetime.date | None = None
    source: str = ""


def official_stock(programme: Programme, *, sample: bool) -> Official:
    """The stock indicator named by the green fund ledger's data, with its latest value."""
    try:
        code = load_rules(programme.code).indicators["stock"]
    except LedgerDataError:
        return Official()
    series = next((s for s in registry(programme, sample=sample) if s.indicator.code == code), None)
    if series is None:
        return Official()
    # The same values the indicator's chart and status count: none dated after today.
    values = counted_values(series, today())
    if not values:
        return Official(series.indicator)
    latest = values[-1]
    return Official(series.indicator, latest.value, latest.on, latest.source)


@dataclass(frozen=True)
class DistrictRow:
    district: AdministrativeUnit | None
    standing: int
    share: Decimal | None
    planted: int
    felled: int
    overdue: int


@dataclass(frozen=True)
class AgencyRow:
    agency: Agency | None
    overdue: int


@dataclass(frozen=True)
class YearRow:
    year: int
    planted: int
    felled: int


@dataclass
class Statistics:
    stock: int
    official: Official
    coverage: Decimal | None
    by_district: list[DistrictRow]
    by_species: list[selectors.SpeciesCount]
    conditions: list[selectors.Share]
    by_year: list[YearRow]
    overdue_by_agency: list[AgencyRow]
    overdue: int = 0
    has_sample: bool = False
    sample: bool = False
    today: datetime.date = field(default_factory=today)


def _percent(part: int, whole: int) -> Decimal | None:
    return None if not whole else (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def statistics(programme: Programme, *, sample: bool) -> Statistics:
    """The registry's figures by district, species, condition and year, the overdue
    compensation by district and agency, and the registry's stock against the official count."""
    on = today()
    stock_by = selectors.stock_by_district(sample=sample)
    planted = selectors.planted_by_year_and_district(sample=sample)
    felled = selectors.felled_by_year_and_district(sample=sample)
    overdue = selectors.overdue_counts(today=on, sample=sample)
    stock = sum(stock_by.values())
    units = {unit.pk: unit for unit in districts()}

    def total(counts: Mapping[tuple[int, int | None], int], district: int | None) -> int:
        return sum(n for (_year, d), n in counts.items() if d == district)

    unplaced = {*stock_by, *overdue.by_district, *(d for _y, d in [*planted, *felled])}
    keys: list[int | None] = [*units, *([None] if None in unplaced else [])]
    by_district = [
        DistrictRow(
            units.get(pk) if pk is not None else None,
            stock_by.get(pk, 0),
            _percent(stock_by.get(pk, 0), stock),
            total(planted, pk),
            total(felled, pk),
            overdue.by_district.get(pk, 0),
        )
        for pk in keys
    ]
    years = sorted({y for y, _d in planted} | {y for y, _d in felled})
    by_year = [
        YearRow(
            year,
            sum(n for (y, _d), n in planted.items() if y == year),
            sum(n for (y, _d), n in felled.items() if y == year),
        )
        for year in years
    ]
    agencies = Agency.objects.in_bulk([pk for pk in overdue.by_agency if pk is not None])
    by_agency = sorted(
        (AgencyRow(agencies.get(pk) if pk else None, n) for pk, n in overdue.by_agency.items()),
        key=lambda row: (-row.overdue, row.agency.code if row.agency else "~"),
    )
    official = official_stock(programme, sample=sample)
    return Statistics(
        stock=stock,
        official=official,
        coverage=coverage(stock, official.value),
        by_district=by_district,
        by_species=selectors.by_species(sample=sample),
        conditions=selectors.condition_shares(sample=sample),
        by_year=by_year,
        overdue_by_agency=by_agency,
        overdue=sum(overdue.by_district.values()),
        has_sample=sample or sample_exists(Tree) or sample_exists(FellingPermit),
        sample=sample,
        today=on,
    )


# ------------------------------------------------------------------------------ editing


def writable_activities(programme: Programme, agency_codes: Iterable[str]) -> QuerySet[Activity]:
    """The programme's activities executed by these agencies (all of them for None)."""
    found = Activity.objects.filter(programme=programme)
    links = ActivityAgency.objects.filter(agency__code__in=list(agency_codes))
    return found.filter(pk__in=links.values("activity_id")).order_by("position")


def programme_activities(programme: Programme) -> QuerySet[Activity]:
    return Activity.objects.filter(programme=programme).order_by("position")


def programme_agencies(programme: Programme) -> QuerySet[Agency]:
    return Agency.objects.filter(programmes=programme).order_by("position", "code")


def executing(tree: Tree) -> list[str]:
    """The codes of the agencies executing the tree's activity (none without one)."""
    if tree.activity_id is None:
        return []
    return executing_agencies([tree.activity_id])[tree.activity_id]


def standing_trees_of(permit: FellingPermit) -> list[Tree]:
    return list(permit.trees.filter(status=Tree.Status.STANDING).order_by("code"))
