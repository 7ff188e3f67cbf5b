"""The waste ledger: recyclable fractions collected against their target path, and the
facilities built (container sites, eco-stations, mesh containers, bulky-waste sites) against
the number the plan's own outputs plan to have built, year by year.

Which registry indicators play which role is data, in `data/<programme>-waste.yaml`.

Per year of the programme (31 December values only):

- *recyclables*: the value observed, and the target path: the published targets joined by
  straight lines (2025: 5, 2026: 6, ... 2030: 10 thousand t), starting from the baseline where
  the plan states one; before the first point and after the last target the path is unknown.
- *planned* (per facility): the quantities of the indicator's measure in its activity's planned
  outputs, added up over the budget periods ended by that year. A period whose outputs do not
  count the measure plans none of it (the 2022 design documentation of item 10.2 builds no
  site). A period of several years (2026-2030) is not spread over its years: the plan states
  only its total, so the cumulative plan reaches that total in the period's last year, and the
  years before it within the period are unknown. When no output of the activity counts the
  measure at all, every planned figure is unknown.
- *built*: the cumulative value observed; *difference*: built - planned; *share*: built /
  planned (unknown when nothing is planned).

A figure that cannot be computed is None, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jasyl.domain.indicators.ledgers import (
    DATA,
    LedgerDataError,
    along,
    need,
    pick_series,
    programme_years,
    read_data,
    year_end_values,
)
from jasyl.domain.indicators.models import Indicator
from jasyl.domain.indicators.selectors import Assessed, Series, assessed
from jasyl.domain.roadmap.domain import Period, Plan
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.selectors import current_plan

RECYCLABLES = "recyclables"


@dataclass(frozen=True)
class Rules:
    """The content of a `<programme>-waste.yaml` file."""

    file: str
    recyclables: str
    facilities: tuple[str, ...]

    @property
    def roles(self) -> dict[str, str]:
        """Each indicator code by the key that names it in the file."""
        facilities = {f"facilities[{i}]": code for i, code in enumerate(self.facilities)}
        return {RECYCLABLES: self.recyclables, **facilities}


def load_rules(programme_code: str, folder: Path | None = None) -> Rules:
    """The ledger's data of one programme (from `DATA` unless another folder is given);
    `NoLedger` when it has none, `LedgerDataError` naming the file and the key when something
    is missing or wrong."""
    file, content = read_data(programme_code, "waste", folder or DATA)
    codes = need(content, "indicators", "", file)
    recyclables = str(need(codes, RECYCLABLES, "indicators", file))
    facilities = need(codes, "facilities", "indicators", file)
    if not isinstance(facilities, list) or not all(
        isinstance(code, str) and code for code in facilities
    ):
        raise LedgerDataError(f"{file}: indicators.facilities must be a list of indicator codes")
    return Rules(file, recyclables, tuple(facilities))


# ------------------------------------------------------------------------------ pure functions


def target_path(
    years: Iterable[int], targets: Mapping[int, Decimal], start: tuple[int, Decimal] | None
) -> dict[int, Decimal | None]:
    """The straight lines through `start` (the baseline) and the targets, by year; None before
    the first point and after the last target."""
    points = {**({start[0]: start[1]} if start else {}), **targets}
    return {year: along(points, year) for year in years}


def planned_by_period(plan: Plan, activity: str, measure: str) -> dict[str, Decimal] | None:
    """The quantity of `measure` the activity's planned outputs state per budget period; None
    when no output counts it."""
    found = plan.activity(activity).outputs
    by_period = {
        period: sum((q.value for q in statement.quantities if q.measure == measure), Decimal(0))
        for period, statement in found.items()
        if any(q.measure == measure for q in statement.quantities)
    }
    return by_period or None


def planned_cumulative(
    years: Iterable[int], periods: Iterable[Period], planned: Mapping[str, Decimal] | None
) -> dict[int, Decimal | None]:
    """The number planned to be built by the end of each year (see the module's docstring)."""
    chosen = list(periods)
    result: dict[int, Decimal | None] = {}
    for year in years:
        if planned is None or any(
            p.start <= year < p.end and planned.get(p.code, 0) for p in chosen
        ):
            result[year] = None
            continue
        result[year] = sum(
            (planned.get(p.code, Decimal(0)) for p in chosen if p.end <= year), Decimal(0)
        )
    return result


@dataclass(frozen=True)
class FacilityYear:
    year: int
    planned: Decimal | None
    built: Decimal | None
    # built - planned: negative, behind the plan.
    difference: Decimal | None
    # built / planned, a fraction.
    share: Decimal | None
    target: Decimal | None


def facility_years(
    *,
    years: Iterable[int],
    planned: Mapping[int, Decimal | None],
    built: Mapping[int, Decimal],
    targets: Mapping[int, Decimal],
) -> list[FacilityYear]:
    """One row per year: planned by then, built by then, the difference and the share done."""
    rows = []
    for year in sorted(years):
        plan, done = planned.get(year), built.get(year)
        difference = share = None
        if plan is not None and done is not None:
            difference = done - plan
            share = done / plan if plan else None
        rows.append(FacilityYear(year, plan, done, difference, share, targets.get(year)))
    return rows


@dataclass(frozen=True)
class RecyclablesYear:
    year: int
    observed: Decimal | None
    path: Decimal | None
    # observed - path: negative, below the path to the targets.
    difference: Decimal | None


def recyclables_years(
    observed: Mapping[int, Decimal], path: Mapping[int, Decimal | None]
) -> list[RecyclablesYear]:
    rows = []
    for year in sorted(path):
        value, on_path = observed.get(year), path[year]
        difference = value - on_path if value is not None and on_path is not None else None
        rows.append(RecyclablesYear(year, value, on_path, difference))
    return rows


# ------------------------------------------------------------------------------ the database


@dataclass(frozen=True)
class Facility:
    indicator: Indicator
    # False when no planned output of the activity counts the facility.
    planned_in_outputs: bool
    years: list[FacilityYear]


@dataclass(frozen=True)
class Waste:
    rules: Rules
    recyclables: Assessed
    recyclables_years: list[RecyclablesYear]
    facilities: list[Facility]


def _facility(series: Series, plan: Plan, years: range) -> Facility:
    indicator = series.indicator
    per_period = planned_by_period(plan, indicator.activity.code, indicator.measure.code)
    return Facility(
        indicator=indicator,
        planned_in_outputs=per_period is not None,
        years=facility_years(
            years=years,
            planned=planned_cumulative(years, plan.periods, per_period),
            built=year_end_values((v.on, v.value) for v in series.city),
            targets=series.targets,
        ),
    )


def waste(programme: Programme, *, sample: bool = False) -> Waste:
    """The ledger of the programme from its plan and registry: official values, or the sample
    ones."""
    rules = load_rules(programme.code)
    items = {item.indicator.code: item for item in assessed(programme, sample=sample)}
    series = pick_series(
        (item.series for item in items.values()), rules.roles, rules.file, programme
    )
    years = programme_years(programme)
    plan = current_plan(programme)
    recyclables = items[series.pop(RECYCLABLES).indicator.code]
    indicator = recyclables.indicator
    start = (
        (indicator.baseline_year, indicator.baseline_value)
        if indicator.baseline_value is not None and indicator.baseline_year
        else None
    )
    return Waste(
        rules=rules,
        recyclables=recyclables,
        recyclables_years=recyclables_years(
            year_end_values((v.on, v.value) for v in recyclables.series.city),
            target_path(years, recyclables.series.targets, start),
        ),
        facilities=[_facility(s, plan, years) for s in series.values()],
    )
