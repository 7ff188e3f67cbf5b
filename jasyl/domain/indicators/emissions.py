"""The emissions ledger: do the reductions the plan's measures promise cover the fall its
targets require, year by year, and which of its claims cannot be true?

The data file `data/<programme>-emissions.yaml` names the indicator of the city's total
emissions (for the bundled roadmap `1:air_emissions`: 127 thousand t in 2021, targets 113 in 2025
and 78 in 2030). The measures are read off the registry: every other indicator of the same
measure whose targets the plan states as a reduction (items 1.5 CHP-2 to gas, 1.6 gasification,
1.7 greener public transport).

The rules (see `docs/indicators.md`):

- *required* reduction in a year: the baseline minus the target path, which runs in a straight
  line from the baseline to each target in turn; none after the last target;
- a measure's reduction in a year: zero in the baseline year, the published figure in each of
  its target years, a straight line in between, and its last figure after its last target.
  A figure not published for that year is *interpolated*, and marked so wherever it is shown;
- *planned*: the sum of the measures' reductions; *gap*: required - planned (positive: the
  measures fall short); *after the measures*: baseline - planned. The sum of the figures
  published for the year alone is given beside it, so that a gap the interpolation closes shows
  (in 2025 the plan publishes 3.7 + 3 = 6.7 of the 14 required; gasification's 201 is stated for
  2030 only).

A claim is flagged when it cannot be true: one measure removing more than the city emitted in
the baseline year, or all of them together (the city's emissions would fall below zero).

Everything but `emissions_ledger` is pure: Decimal in, Decimal out, never rounded here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from jasyl.core.i18n import current_language, data_text, localized
from jasyl.domain.indicators.ledgers import (
    DATA,
    LedgerDataError,
    along,
    need,
    read_data,
    year_end_values,
)
from jasyl.domain.indicators.models import EmissionInventory, Indicator
from jasyl.domain.indicators.selectors import registry
from jasyl.domain.roadmap.models import Programme

REDUCTION = "reduction"


@dataclass(frozen=True)
class Inventory:
    """An edition of the city's emission inventory on its own basis, from the data file or
    added in the admin."""

    edition: str
    year: int
    total: Decimal
    basis: str
    source: str
    source_url: str
    status: str

    @property
    def status_label(self) -> str:
        return str(EmissionInventory.Status(self.status).label)


@dataclass(frozen=True)
class Note:
    text: str
    status: str

    @property
    def status_label(self) -> str:
        return str(EmissionInventory.Status(self.status).label)


@dataclass(frozen=True)
class Rules:
    """The content of a `<programme>-emissions.yaml` file, in the active language."""

    file: str
    total: str
    inventories: list[Inventory]
    notes: list[Note]
    zone_item: str = ""
    """The roadmap item that plans the low-emission zone ("" when the file names none)."""


def _status(value: Any, where: str, file: str) -> str:
    status = str(value)
    if status not in EmissionInventory.Status.values:
        raise LedgerDataError(
            f"{file}: {where}.status {status!r} is not one of: "
            + ", ".join(EmissionInventory.Status.values)
        )
    return status


def _text(mapping: Any, key: str, where: str, file: str) -> str:
    """A text of the file in the active language (`core.i18n.data_text`: kk, ru and en, a
    language left out falling back to Kazakh, then Russian, then English)."""
    try:
        return data_text(need(mapping, key, where, file)).get(current_language())
    except ValueError as error:
        raise LedgerDataError(f"{file}: {where}.{key}: {error}") from None


def load_rules(programme_code: str, folder: Path = DATA) -> Rules:
    """The emissions ledger's data of one programme; `NoLedger` without a file,
    `LedgerDataError` naming the file and the key when something is missing or wrong."""
    file, content = read_data(programme_code, "emissions", folder)
    inventories = []
    for index, item in enumerate(content.get("inventories") or []):
        where = f"inventories[{index}]"
        try:
            total = Decimal(str(need(item, "total", where, file)))
            year = int(need(item, "year", where, file))
        except (InvalidOperation, ValueError):
            raise LedgerDataError(f"{file}: {where}: year and total must be numbers") from None
        inventories.append(
            Inventory(
                edition=_text(item, "edition", where, file),
                year=year,
                total=total,
                basis=_text(item, "basis", where, file),
                source=_text(item, "source", where, file),
                source_url=str(item.get("source_url") or ""),
                status=_status(need(item, "status", where, file), where, file),
            )
        )
    notes = [
        Note(
            text=str(need(item, current_language(), f"notes[{index}]", file)),
            status=_status(need(item, "status", f"notes[{index}]", file), f"notes[{index}]", file),
        )
        for index, item in enumerate(content.get("notes") or [])
    ]
    zone_item = str(content.get("low_emission_zone_item") or "")
    return Rules(file, str(need(content, "total", "", file)), inventories, notes, zone_item)


# ------------------------------------------------------------------------------ pure functions


@dataclass(frozen=True)
class Measure:
    """A measure of the plan with the reductions it promises by target year."""

    code: str
    activity: str
    name: str
    reductions: Mapping[int, Decimal]

    def by(self, year: int, baseline_year: int) -> tuple[Decimal | None, bool]:
        """The reduction counted in `year`, and whether it is the published figure."""
        if year < baseline_year:
            return None, False
        if year in self.reductions:
            return self.reductions[year], True
        value = along({baseline_year: Decimal(0), **self.reductions}, year, hold=True)
        return value, False


@dataclass(frozen=True)
class Share:
    """One measure's part in one year."""

    measure: Measure
    value: Decimal | None
    published: bool


@dataclass(frozen=True)
class Year:
    year: int
    target: Decimal | None
    path: Decimal | None
    required: Decimal | None
    shares: list[Share]
    planned: Decimal
    # The sum of the figures the plan publishes for this year, nothing interpolated.
    published: Decimal
    gap: Decimal | None
    after_measures: Decimal
    observed: Decimal | None

    @property
    def interpolated(self) -> bool:
        return any(not s.published and s.value for s in self.shares)

    @property
    def covered(self) -> bool | None:
        """Whether the planned reductions reach the required one (None: nothing required)."""
        return None if self.gap is None else self.gap <= 0

    @property
    def beyond_emissions(self) -> bool:
        """The planned reductions are more than the city emitted: covered on paper only."""
        return self.after_measures < 0

    @property
    def published_gap(self) -> Decimal | None:
        """required - the figures published for this year alone."""
        return None if self.required is None else self.required - self.published


@dataclass(frozen=True)
class Claim:
    """A claim of the plan that cannot be true: a measure's reduction (or the sum of all of
    them, `measure` None) larger than the city's emissions in the baseline year."""

    year: int
    measure: Measure | None
    reduction: Decimal
    baseline: Decimal
    published: bool

    @property
    def excess(self) -> Decimal:
        return self.reduction - self.baseline


def gap_analysis(
    *,
    baseline_year: int,
    baseline: Decimal,
    targets: Mapping[int, Decimal],
    measures: Iterable[Measure],
    observed: Mapping[int, Decimal],
) -> list[Year]:
    """One row per year from the baseline year to the last target year."""
    chosen = list(measures)
    last = max([baseline_year, *targets])
    path_points = {
        baseline_year: baseline,
        **{y: v for y, v in targets.items() if y > baseline_year},
    }
    rows = []
    for year in range(baseline_year, last + 1):
        path = along(path_points, year)
        shares = [Share(m, *m.by(year, baseline_year)) for m in chosen]
        planned = sum((s.value for s in shares if s.value is not None), Decimal(0))
        required = baseline - path if path is not None else None
        rows.append(
            Year(
                year=year,
                target=targets.get(year),
                path=path,
                required=required,
                shares=shares,
                planned=planned,
                published=sum(
                    (s.value for s in shares if s.published and s.value is not None), Decimal(0)
                ),
                gap=required - planned if required is not None else None,
                after_measures=baseline - planned,
                observed=observed.get(year),
            )
        )
    return rows


def impossible_claims(baseline: Decimal, years: Iterable[Year]) -> list[Claim]:
    """Each published measure figure above the baseline once, at its first year; then each
    target year where the planned reductions together exceed the baseline."""
    claims: list[Claim] = []
    flagged: set[str] = set()
    rows = list(years)
    for row in rows:
        for share in row.shares:
            value, code = share.value, share.measure.code
            if share.published and value is not None and value > baseline and code not in flagged:
                flagged.add(code)
                claims.append(Claim(row.year, share.measure, value, baseline, True))
    for row in rows:
        if row.target is not None and row.planned > baseline:
            claims.append(Claim(row.year, None, row.planned, baseline, not row.interpolated))
    return claims


@dataclass(frozen=True)
class Step:
    label: str
    value: Decimal
    published: bool


def waterfall_steps(row: Year) -> list[Step]:
    """The measures' reductions in one year, as the steps down from the baseline."""
    return [
        Step(s.measure.activity, s.value, s.published) for s in row.shares if s.value is not None
    ]


# ------------------------------------------------------------------------------ the database


@dataclass(frozen=True)
class EmissionsLedger:
    file: str
    total: Indicator
    baseline_year: int
    baseline: Decimal
    measures: list[Measure]
    years: list[Year]
    claims: list[Claim]
    inventories: list[Inventory]
    notes: list[Note]
    zone_item: str = ""
    """The roadmap item of the low-emission zone, whose measured effect the page shows."""

    @property
    def target_years(self) -> list[Year]:
        return [y for y in self.years if y.target is not None]


def emissions_ledger(programme: Programme, *, sample: bool = False) -> EmissionsLedger:
    """The ledger of the programme from its registry: official values, or the sample ones."""
    rules = load_rules(programme.code)
    file, code = rules.file, rules.total
    every = registry(programme, sample=sample)
    found = {s.indicator.code: s for s in every}
    if code not in found:
        raise LedgerDataError(f"{file}: total: {code} is not an indicator of {programme.code}")
    total = found[code]
    indicator = total.indicator
    if indicator.baseline_value is None or not indicator.baseline_year:
        raise LedgerDataError(f"{file}: total: {code} has no baseline in the plan")
    measures = [
        Measure(
            code=s.indicator.code,
            activity=s.indicator.activity.code,
            name=localized(s.indicator.activity, "name"),
            reductions=s.targets,
        )
        for s in every
        if s.indicator.measure_id == indicator.measure_id
        and s.indicator.pk != indicator.pk
        and any(t.basis == REDUCTION for t in s.indicator.targets.all())
    ]
    baseline = indicator.baseline_value
    years = gap_analysis(
        baseline_year=indicator.baseline_year,
        baseline=baseline,
        targets=total.targets,
        measures=measures,
        observed=year_end_values((v.on, v.value) for v in total.city),
    )
    return EmissionsLedger(
        file=file,
        total=indicator,
        baseline_year=indicator.baseline_year,
        baseline=baseline,
        measures=measures,
        years=years,
        claims=impossible_claims(baseline, years),
        inventories=sorted(
            [
                *rules.inventories,
                *(
                    Inventory(i.edition, i.year, i.total, i.basis, i.source, i.source_url, i.status)
                    for i in EmissionInventory.objects.filter(programme=programme)
                ),
            ],
            key=lambda i: i.year,
        ),
        notes=rules.notes,
        zone_item=rules.zone_item,
    )
