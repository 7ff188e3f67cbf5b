"""The green fund ledger: trees planted against the compensation owed for the hazardous trees
felled, year by year, and whether the plan's own targets provide enough planting.

The compensation ratio and the indicators it reads are data, with their source, in
`data/<programme>-green-fund.yaml` (for the bundled roadmap: 10 trees per hazardous tree felled,
from the description of item 2.2: 846 280 trees in place of 84 628 felled).

Per year of the programme (31 December values only; a cumulative series counts from zero before
the programme's first year):

- *planted* and *felled* in the year: the difference of the cumulative series with the year
  before;
- *owed*: ratio x hazardous trees felled so far; *fulfilled*: trees planted so far, at most what
  is owed; *balance*: owed - fulfilled, the compensation still to plant (0: compensated);
- *stock*: the trees of the green fund observed that year; *target*: its target for the year.

A figure that cannot be computed is None, never 0. `plan_check` compares the planned planting
(targets of the planted series) with ratio x the planned felling, per target year.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext_lazy

from jasyl.core import yamlfiles
from jasyl.core.i18n import LANGUAGES, current_language
from jasyl.domain.indicators.models import Indicator
from jasyl.domain.indicators.selectors import Assessed, Series, assessed
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.selectors import year_span

DATA = Path(__file__).resolve().parent / "data"
# The verification statuses a reference value may have, as the page shows them.
STATUSES = {"derived from the published plan": gettext_lazy("derived from the published plan")}
ROLES = ("stock", "planted", "felled")


class LedgerDataError(Exception):
    """A ledger's data file is malformed, or names what the registry does not have."""


class NoLedger(LedgerDataError):
    """The programme has no data file for this ledger."""


@dataclass(frozen=True)
class Rules:
    """The content of a `<programme>-green-fund.yaml` file."""

    file: str
    ratio: Decimal
    source: Mapping[str, str]
    status: str
    indicators: Mapping[str, str]

    @property
    def source_text(self) -> str:
        return self.source[current_language()]

    @property
    def status_label(self) -> str:
        return str(STATUSES[self.status])


def need(mapping: Any, key: str, where: str, file: str) -> Any:
    """`mapping[key]`, or a `LedgerDataError` naming the file and the key (`where.key`)."""
    if not isinstance(mapping, dict):
        raise LedgerDataError(f"{file}: {where or 'the file'} must be a mapping")
    value = mapping.get(key)
    if value is None or value == "":
        raise LedgerDataError(f"{file}: the key {where + '.' if where else ''}{key} is missing")
    return value


def read_data(programme_code: str, ledger_name: str, folder: Path = DATA) -> tuple[str, Any]:
    """The file name and the parsed content of `<programme>-<ledger_name>.yaml`; `NoLedger`
    when the programme has no such file, `LedgerDataError` when it is not valid YAML."""
    path = folder / f"{programme_code}-{ledger_name}.yaml"
    file = path.name
    if not path.is_file():
        raise NoLedger(f"{file}: no such file in {folder}")
    try:
        return file, yamlfiles.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise LedgerDataError(f"{file}: not valid YAML: {error}") from error


def pick_series(
    found: Iterable[Series], codes: Mapping[str, str], file: str, programme: Programme
) -> dict[str, Series]:
    """The series of each role's indicator code; an error naming the file and the role's key
    for a code the registry does not have."""
    by_code = {s.indicator.code: s for s in found}
    picked = {}
    for role, code in codes.items():
        if code not in by_code:
            raise LedgerDataError(
                f"{file}: indicators.{role}: {code} is not an indicator of {programme.code}"
            )
        picked[role] = by_code[code]
    return picked


def load_rules(programme_code: str, folder: Path = DATA) -> Rules:
    """The ledger's data of one programme; `NoLedger` when it has none, `LedgerDataError`
    naming the file and the key when something is missing or wrong."""
    file, content = read_data(programme_code, "green-fund", folder)
    compensation = need(content, "compensation", "", file)
    try:
        ratio = Decimal(str(need(compensation, "ratio", "compensation", file)))
    except InvalidOperation:
        ratio = Decimal(0)
    if not ratio.is_finite() or ratio <= 0:
        raise LedgerDataError(f"{file}: compensation.ratio must be a positive number")
    source = need(compensation, "source", "compensation", file)
    texts = {lang: str(need(source, lang, "compensation.source", file)) for lang in LANGUAGES}
    status = str(need(compensation, "status", "compensation", file))
    if status not in STATUSES:
        raise LedgerDataError(
            f"{file}: compensation.status {status!r} is not one of: {', '.join(STATUSES)}"
        )
    codes = need(content, "indicators", "", file)
    indicators = {role: str(need(codes, role, "indicators", file)) for role in ROLES}
    return Rules(file, ratio, texts, status, indicators)


# ------------------------------------------------------------------------------ pure functions


def year_end_values(values: Iterable[tuple[datetime.date, Decimal]]) -> dict[int, Decimal]:
    """The values dated 31 December, by year (a later one in the list wins)."""
    return {on.year: value for on, value in values if (on.month, on.day) == (12, 31)}


def along(points: Mapping[int, Decimal], year: int, *, hold: bool = False) -> Decimal | None:
    """The value in `year` on the straight lines through `points`; before the first point
    none, after the last none or, with `hold`, the last value."""
    if not points:
        return None
    years = sorted(points)
    if year in points:
        return points[year]
    if year < years[0]:
        return None
    if year > years[-1]:
        return points[years[-1]] if hold else None
    before = max(y for y in years if y < year)
    after = min(y for y in years if y > year)
    share = Decimal(year - before) / Decimal(after - before)
    return points[before] + (points[after] - points[before]) * share


def in_year(cumulative: Mapping[int, Decimal], year: int, first: int) -> Decimal | None:
    """A cumulative series' increase during `year`; it stands at zero before `first`."""
    current = cumulative.get(year)
    previous = Decimal(0) if year <= first else cumulative.get(year - 1)
    if current is None or previous is None:
        return None
    return current - previous


@dataclass(frozen=True)
class Year:
    year: int
    planted: Decimal | None
    felled: Decimal | None
    owed: Decimal | None
    fulfilled: Decimal | None
    balance: Decimal | None
    stock: Decimal | None
    target: Decimal | None


def ledger(
    *,
    years: Iterable[int],
    ratio: Decimal,
    planted: Mapping[int, Decimal],
    felled: Mapping[int, Decimal],
    stock: Mapping[int, Decimal],
    targets: Mapping[int, Decimal],
) -> list[Year]:
    """One row per year from year-end cumulative `planted` and `felled`, the `stock` observed
    and its `targets`."""
    chosen = sorted(years)
    first = chosen[0] if chosen else 0
    rows = []
    for year in chosen:
        so_far_felled = felled.get(year)
        so_far_planted = planted.get(year)
        owed = ratio * so_far_felled if so_far_felled is not None else None
        fulfilled = (
            min(so_far_planted, owed) if so_far_planted is not None and owed is not None else None
        )
        rows.append(
            Year(
                year=year,
                planted=in_year(planted, year, first),
                felled=in_year(felled, year, first),
                owed=owed,
                fulfilled=fulfilled,
                balance=owed - fulfilled if owed is not None and fulfilled is not None else None,
                stock=stock.get(year),
                target=targets.get(year),
            )
        )
    return rows


@dataclass(frozen=True)
class PlanCheck:
    """At a target year: the planned planting against ratio x the planned felling."""

    year: int
    planting: Decimal | None
    felling: Decimal | None
    owed: Decimal | None
    # planting - owed: positive, more than the compensation needs; negative, a shortfall.
    margin: Decimal | None

    @property
    def enough(self) -> bool | None:
        return None if self.margin is None else self.margin >= 0

    @property
    def shortfall(self) -> Decimal | None:
        return None if self.margin is None else -self.margin


def plan_check(
    ratio: Decimal, planting: Mapping[int, Decimal], felling: Mapping[int, Decimal]
) -> list[PlanCheck]:
    """Per target year of either series (cumulative targets)."""
    checks = []
    for year in sorted(set(planting) | set(felling)):
        planned, felled = planting.get(year), felling.get(year)
        owed = ratio * felled if felled is not None else None
        margin = planned - owed if planned is not None and owed is not None else None
        checks.append(PlanCheck(year, planned, felled, owed, margin))
    return checks


# ------------------------------------------------------------------------------ the database


@dataclass(frozen=True)
class GreenFund:
    rules: Rules
    indicators: Mapping[str, Indicator]
    years: list[Year]
    checks: list[PlanCheck]
    # The stock with its outlook: its status and projection against the targets.
    stock: Assessed


def programme_years(programme: Programme) -> range:
    """The first through the last year of the programme's budget periods."""
    span = year_span(programme)
    if span is None:
        raise LedgerDataError(f"{programme.code} has no budget periods: load its plan first.")
    return range(span[0], span[1] + 1)


def green_fund(programme: Programme, *, sample: bool = False) -> GreenFund:
    """The ledger of the programme from its registry: official values, or the sample ones."""
    rules = load_rules(programme.code)
    items = assessed(programme, sample=sample)
    series = pick_series([i.series for i in items], rules.indicators, rules.file, programme)
    stock = next(i for i in items if i.series is series["stock"])
    values = {role: year_end_values((v.on, v.value) for v in s.city) for role, s in series.items()}
    years = ledger(
        years=programme_years(programme),
        ratio=rules.ratio,
        planted=values["planted"],
        felled=values["felled"],
        stock=values["stock"],
        targets=series["stock"].targets,
    )
    checks = plan_check(rules.ratio, series["planted"].targets, series["felled"].targets)
    indicators = {role: s.indicator for role, s in series.items()}
    return GreenFund(rules, indicators, years, checks, stock)
