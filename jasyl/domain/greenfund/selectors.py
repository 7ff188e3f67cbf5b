"""Reads of the green fund: the rule in force, the KPIs of the registry, the overdue
compensation, and the registry's figures for comparing with the official count.

Every count groups the stored district id with an indexed GROUP BY (`Tree.Meta.indexes`):
never a spatial join at read time. Official and sample rows are never mixed: `sample=False`
reads the official registry, `sample=True` the demonstration data only.

The official count is the green fund's indicators (`indicators`, above this app, which this app
may not import): a page of the web layer takes `registry_figures` from here and the official
observations from `indicators`, and shows both with their coverage (`kpis.coverage`, see
docs/greenfund.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear

from jasyl.domain.greenfund import compensation
from jasyl.domain.greenfund.kpis import share
from jasyl.domain.greenfund.models import CompensationRule, FellingPermit, Species, Tree

STANDING = Tree.Status.STANDING
FELLED = Tree.Status.FELLED


def rule_in_force(*, reason: str, on: datetime.date) -> CompensationRule | None:
    """The compensation rule for `reason` in force on `on` (None: none is)."""
    rules = list(CompensationRule.objects.all())
    terms = compensation.in_force([r.terms for r in rules], reason, on)
    return next((r for r in rules if terms is not None and r.pk == terms.key), None)


def trees(*, sample: bool = False) -> QuerySet[Tree]:
    return Tree.objects.filter(is_sample=sample)


# ------------------------------------------------------------------------------ KPIs


def stock(*, sample: bool = False) -> int:
    """Trees standing in the registry."""
    return trees(sample=sample).filter(status=STANDING).count()


def stock_by_district(*, sample: bool = False) -> dict[int | None, int]:
    """Standing trees per district id (None: not placed in any district)."""
    rows = (
        trees(sample=sample)
        .filter(status=STANDING)
        .values_list("district_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {district: n for district, n in rows}


def planted_by_year_and_district(*, sample: bool = False) -> dict[tuple[int, int | None], int]:
    """Trees of the registry by the year planted and district (trees without a year left out),
    standing or felled since."""
    rows = (
        trees(sample=sample)
        .filter(planted_year__isnull=False)
        .values_list("planted_year", "district_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(year, district): n for year, district, n in rows}


def felled_by_year_and_district(*, sample: bool = False) -> dict[tuple[int, int | None], int]:
    """Trees of the registry felled, by the year felled and district (without a date: left
    out)."""
    rows = (
        trees(sample=sample)
        .filter(status=FELLED, felled_on__isnull=False)
        .annotate(year=ExtractYear("felled_on"))
        .values_list("year", "district_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(year, district): n for year, district, n in rows}


@dataclass(frozen=True)
class Share:
    key: str
    """A condition's value, or "" for the trees whose condition is not recorded."""
    count: int
    share: Decimal | None


def condition_shares(*, sample: bool = False) -> list[Share]:
    """Standing trees per condition with their share of all standing trees, in the order of
    the conditions (then the unrecorded)."""
    rows = dict(
        trees(sample=sample)
        .filter(status=STANDING)
        .values_list("condition")
        .annotate(n=Count("id"))
        .order_by()
    )
    total = sum(rows.values())
    order = [*Tree.Condition.values, ""]
    return [Share(key, rows.get(key, 0), share(rows.get(key, 0), total)) for key in order]


@dataclass(frozen=True)
class SpeciesCount:
    species: Species | None
    count: int
    share: Decimal | None


def by_species(*, sample: bool = False) -> list[SpeciesCount]:
    """Standing trees per species, most first (None: species not known)."""
    rows = (
        trees(sample=sample)
        .filter(status=STANDING)
        .values_list("species_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict(rows)
    total = sum(counts.values())
    known = Species.objects.in_bulk([pk for pk in counts if pk is not None])
    found = [
        SpeciesCount(known.get(pk) if pk else None, n, share(n, total)) for pk, n in counts.items()
    ]
    return sorted(found, key=lambda c: (-c.count, c.species.latin_name if c.species else "~"))


@dataclass(frozen=True)
class RegistryFigures:
    """What the registry counts, to set beside the official figures of the green fund's
    indicators (stock, planted, felled)."""

    stock: int
    planted: dict[int, int] = field(default_factory=dict)
    felled: dict[int, int] = field(default_factory=dict)


def _by_year(counts: dict[tuple[int, int | None], int]) -> dict[int, int]:
    years: dict[int, int] = {}
    for (year, _district), n in counts.items():
        years[year] = years.get(year, 0) + n
    return dict(sorted(years.items()))


def registry_figures(*, sample: bool = False) -> RegistryFigures:
    return RegistryFigures(
        stock=stock(sample=sample),
        planted=_by_year(planted_by_year_and_district(sample=sample)),
        felled=_by_year(felled_by_year_and_district(sample=sample)),
    )


# ------------------------------------------------------------------------------ compensation


def overdue_permits(*, today: datetime.date, sample: bool = False) -> QuerySet[FellingPermit]:
    """Permits whose deadline passed before the compensation owed was planted: computed from
    the data, so right even before the daily job moved their stored state."""
    return (
        FellingPermit.objects.filter(
            is_sample=sample,
            felled_count__gt=0,
            owed__isnull=False,
            deadline__lt=today,
            planted_count__lt=F("owed"),
        )
        .select_related("applicant", "district", "activity__programme")
        .order_by("deadline", "number")
    )


@dataclass(frozen=True)
class OverdueCounts:
    by_district: dict[int | None, int]
    by_agency: dict[int | None, int]
    """By the applicant agency's id (None: the applicant is not an agency)."""


def overdue_counts(*, today: datetime.date, sample: bool = False) -> OverdueCounts:
    permits = overdue_permits(today=today, sample=sample).order_by()
    return OverdueCounts(
        by_district=dict(permits.values_list("district_id").annotate(n=Count("id"))),
        by_agency=dict(permits.values_list("applicant_id").annotate(n=Count("id"))),
    )


def near_deadline(
    *, today: datetime.date, days: int, sample: bool = False
) -> QuerySet[FellingPermit]:
    """Felled permits still owing whose deadline is within `days` days from `today`."""
    return FellingPermit.objects.filter(
        is_sample=sample,
        felled_count__gt=0,
        owed__isnull=False,
        deadline__gte=today,
        deadline__lte=today + datetime.timedelta(days=days),
        planted_count__lt=F("owed"),
    ).select_related("applicant", "activity__programme")


def permits_in(states: Iterable[str], *, sample: bool = False) -> QuerySet[FellingPermit]:
    return FellingPermit.objects.filter(Q(state__in=list(states)), is_sample=sample)
