"""Budget execution and earned value of a programme, from its approved progress reports.

The computation is pure: `execution(plan, reports, sample=..., as_of=...)` takes the plain `Plan`
and plain `Report`s and returns plain dataclasses. `execution_for(programme)` reads both from
the database in a fixed number of queries and calls it. The rules, the formulas and a worked
example are in `docs/earned-value.md`.

Money is in the programme's amount unit, as `Decimal`, never rounded here. `None` means "not
stated" (no published cell, no reported figure) or "cannot be computed" (a ratio whose
denominator is zero or unknown); it is never replaced by 0.

Only the lowest-level items (leaves) are computed and summed: an item with sub-items is the sum
of its sub-items, so reports filed on a parent item are not counted and no money is counted
twice.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from jasyl.domain.planaudit.rules import Finding
from jasyl.domain.reporting.models import ProgressReport, ReportingPeriod, ReportSpending
from jasyl.domain.roadmap.domain import Activity, Period, Plan
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.selectors import current_plan
from jasyl.domain.roadmap.summaries import leaves

APPROVED = ProgressReport.State.APPROVED
YEAR = ReportingPeriod.Kind.YEAR

# --- arithmetic where "not stated" is not 0 ---------------------------------------------------


def total(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the stated values; None when none is stated."""
    stated = [v for v in values if v is not None]
    return sum(stated, Decimal(0)) if stated else None


def difference(minuend: Decimal | None, subtrahend: Decimal | None) -> Decimal | None:
    """`minuend - subtrahend`, or None when either is unknown."""
    if minuend is None or subtrahend is None:
        return None
    return minuend - subtrahend


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """`numerator / denominator`, or None when either is unknown or the denominator is 0:
    a ratio that cannot be computed is shown as such, never as an error or a made-up 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


# --- the reports ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spending:
    """Money committed and spent in one reporting period from one funding source."""

    committed: Decimal | None = None
    spent: Decimal | None = None


@dataclass(frozen=True)
class Report:
    """A progress report as the computation needs it: whose, which period, what it states."""

    activity: str
    kind: str
    year: int
    ends_on: datetime.date
    state: str
    sample: bool
    progress: Decimal | None = None
    spending: Mapping[str, Spending] = field(default_factory=dict)


def approved(reports: Iterable[Report], *, sample: bool) -> list[Report]:
    """The approved reports of sample periods (`sample=True`) or of real ones: the official
    figures and the demonstration figures never mix."""
    return [r for r in reports if r.state == APPROVED and r.sample == sample]


def counted(reports: Iterable[Report], *, sample: bool, as_of: datetime.date) -> list[Report]:
    """The approved reports (see `approved`) of periods that ended by `as_of`."""
    return [r for r in approved(reports, sample=sample) if r.ends_on <= as_of]


def default_as_of(
    reports: Iterable[Report], *, sample: bool, today: datetime.date
) -> datetime.date:
    """The end of the latest period that has ended by `today` and has an approved report, so
    that every report that can count does; `today` when there is none. Never after `today`:
    a report approved before its period ends counts once the period has ended."""
    ended = [r.ends_on for r in approved(reports, sample=sample) if r.ends_on <= today]
    return max(ended, default=today)


def spending_reports(reports: Iterable[Report]) -> list[Report]:
    """The reports whose spending counts: per activity and calendar year, the annual report
    where there is one, else the quarterly reports of that year, so that a year's money is
    never counted twice."""
    by_year: dict[tuple[str, int], list[Report]] = defaultdict(list)
    for report in reports:
        by_year[(report.activity, report.year)].append(report)
    chosen: list[Report] = []
    for group in by_year.values():
        chosen.extend([r for r in group if r.kind == YEAR] or group)
    return chosen


def latest_progress(reports: Iterable[Report]) -> Report | None:
    """The report whose physical progress holds: the latest by period end among those that
    state one; an annual report wins over the fourth quarter that ends the same day."""
    stated = [r for r in reports if r.progress is not None]
    return max(stated, key=lambda r: (r.ends_on, r.kind == YEAR), default=None)


# --- budget execution ------------------------------------------------------------------------


@dataclass(frozen=True)
class Money:
    """Planned, committed and spent amounts of one cell of the execution table."""

    planned: Decimal | None = None
    committed: Decimal | None = None
    spent: Decimal | None = None

    def __add__(self, other: Money) -> Money:
        return Money(
            planned=total([self.planned, other.planned]),
            committed=total([self.committed, other.committed]),
            spent=total([self.spent, other.spent]),
        )

    @property
    def rate(self) -> Decimal | None:
        """The execution rate, spent / planned (1 = 100 %)."""
        return ratio(self.spent, self.planned)


def _merge(first: Mapping[str, Money], second: Mapping[str, Money]) -> dict[str, Money]:
    return {key: first.get(key, Money()) + second.get(key, Money()) for key in {**first, **second}}


@dataclass(frozen=True)
class Breakdown:
    """Money by budget period (code), by funding source (code) and in total.

    Planned by period comes from the published period cells and planned by source from the
    source cells over the whole plan (the document does not split a period by source); the
    total planned is the sum of the period cells, the same amount as the budget at completion.
    """

    by_period: dict[str, Money] = field(default_factory=dict)
    by_source: dict[str, Money] = field(default_factory=dict)
    total: Money = field(default_factory=Money)

    def __add__(self, other: Breakdown) -> Breakdown:
        return Breakdown(
            by_period=_merge(self.by_period, other.by_period),
            by_source=_merge(self.by_source, other.by_source),
            total=self.total + other.total,
        )


def budget_period(periods: Sequence[Period], year: int) -> Period:
    """The budget period that contains the calendar year."""
    for period in periods:
        if period.start <= year <= period.end:
            return period
    raise ValueError(f"{year} is in none of the plan's budget periods")


def activity_money(
    activity: Activity, periods: Sequence[Period], sources: Sequence[str], reports: list[Report]
) -> Breakdown:
    """One activity's planned amounts and the spending of its counted reports."""
    breakdown = Breakdown(
        by_period={p.code: Money(planned=activity.figures.funding.get(p.code)) for p in periods},
        by_source={s: Money(planned=activity.figures.sources.get(s)) for s in sources},
        total=Money(planned=total(activity.figures.funding.values())),
    )
    for report in spending_reports(reports):
        period = budget_period(periods, report.year).code
        for source, spending in report.spending.items():
            money = Money(committed=spending.committed, spent=spending.spent)
            breakdown += Breakdown({period: money}, {source: money}, money)
    return breakdown


# --- earned value ----------------------------------------------------------------------------


# A rollup's ratios are withheld when the items that reported progress hold less than this
# share of its budget at completion (`docs/earned-value.md`, "Coverage"); the setting
# `JASYL_EARNED_VALUE_MIN_COVERAGE` overrides it.
DEFAULT_MIN_COVERAGE = Decimal("0.5")


@dataclass(frozen=True)
class EarnedValue:
    """Budget at completion, planned value, earned value and actual cost at a date, and what
    follows from them. Sums of these four are the rollup; the ratios are then computed from
    the sums, never averaged.

    `items` counts the lowest-level items summed, `reported` those of them that reported
    progress and `reported_bac` their budget at completion: the coverage of the rollup. A
    rollup whose coverage is below its threshold is `withheld`: its variances, indices and
    estimates are None, because they would describe the few items that reported, not the whole.
    """

    bac: Decimal | None = None
    pv: Decimal | None = None
    ev: Decimal | None = None
    ac: Decimal | None = None
    items: int = 0
    reported: int = 0
    reported_bac: Decimal | None = None
    withheld: bool = False

    def __add__(self, other: EarnedValue) -> EarnedValue:
        return EarnedValue(
            bac=total([self.bac, other.bac]),
            pv=total([self.pv, other.pv]),
            ev=total([self.ev, other.ev]),
            ac=total([self.ac, other.ac]),
            items=self.items + other.items,
            reported=self.reported + other.reported,
            reported_bac=total([self.reported_bac, other.reported_bac]),
        )

    @property
    def coverage(self) -> Decimal | None:
        """The share of the budget at completion held by the items that reported progress
        (1 = all of it); None when there is no budget."""
        if self.bac is not None and self.bac != 0 and self.reported_bac is None:
            return Decimal(0)
        return ratio(self.reported_bac, self.bac)

    def judged(self, min_coverage: Decimal) -> EarnedValue:
        """This rollup, withheld when its coverage is unknown or below `min_coverage`."""
        coverage = self.coverage
        return replace(self, withheld=coverage is None or coverage < min_coverage)

    def _shown(self, value: Decimal | None) -> Decimal | None:
        return None if self.withheld else value

    @property
    def sv(self) -> Decimal | None:
        """Schedule variance EV - PV: negative when behind schedule."""
        return self._shown(difference(self.ev, self.pv))

    @property
    def cv(self) -> Decimal | None:
        """Cost variance EV - AC: negative when over cost."""
        return self._shown(difference(self.ev, self.ac))

    @property
    def spi(self) -> Decimal | None:
        """Schedule performance index EV / PV."""
        return self._shown(ratio(self.ev, self.pv))

    @property
    def cpi(self) -> Decimal | None:
        """Cost performance index EV / AC."""
        return self._shown(ratio(self.ev, self.ac))

    @property
    def eac(self) -> Decimal | None:
        """Estimate at completion BAC / CPI (= AC + (BAC - EV) / CPI)."""
        return self._shown(ratio(self.bac, self.cpi))

    @property
    def vac(self) -> Decimal | None:
        """Variance at completion BAC - EAC: negative when the whole is expected to overrun."""
        return self._shown(difference(self.bac, self.eac))


def elapsed_days(period: Period, as_of: datetime.date) -> tuple[int, int]:
    """(days of the budget period elapsed by the end of `as_of`, days in the period), from
    1 January of its first year to 31 December of its last."""
    first = datetime.date(period.start, 1, 1)
    length = (datetime.date(period.end, 12, 31) - first).days + 1
    return min(max((as_of - first).days + 1, 0), length), length


def planned_value(
    funding: Mapping[str, Decimal], periods: Sequence[Period], as_of: datetime.date
) -> Decimal | None:
    """Each period's planned amount times the share of the period elapsed at `as_of`."""
    shares = []
    for period in periods:
        if period.code in funding:
            elapsed, length = elapsed_days(period, as_of)
            shares.append(funding[period.code] * elapsed / length)
    return total(shares)


def activity_earned_value(
    activity: Activity,
    periods: Sequence[Period],
    money: Breakdown,
    progress: Decimal | None,
    as_of: datetime.date,
) -> EarnedValue:
    """BAC and PV from the plan, EV = progress % x BAC, AC = spent in the counted reports."""
    bac = money.total.planned
    return EarnedValue(
        bac=bac,
        pv=planned_value(activity.figures.funding, periods, as_of),
        ev=None if bac is None or progress is None else bac * progress / 100,
        ac=money.total.spent,
        items=1,
        reported=int(progress is not None),
        reported_bac=bac if progress is not None else None,
    )


# --- the programme ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityExecution:
    """One lowest-level item: its money and its physical progress (per cent, with the end of
    the period it was reported for)."""

    activity: Activity
    money: Breakdown
    progress: Decimal | None
    progress_on: datetime.date | None


@dataclass(frozen=True)
class EarnedValues:
    """Earned value per activity, section and lead agency (by code), and of the programme."""

    activities: dict[str, EarnedValue]
    sections: dict[str, EarnedValue]
    agencies: dict[str, EarnedValue]
    total: EarnedValue


@dataclass(frozen=True)
class ProgrammeExecution:
    """Budget execution and earned value of a programme at `as_of`.

    `sections` and `agencies` map a section or agency code to its `Breakdown`, in the plan's
    order; an agency is credited only with the items it leads, so that money is not counted
    once per co-executor.
    """

    as_of: datetime.date
    sample: bool
    activities: list[ActivityExecution]
    sections: dict[str, Breakdown]
    agencies: dict[str, Breakdown]
    programme: Breakdown
    earned_value: EarnedValues
    # The coverage below which the rollups' ratios are withheld (`EarnedValue.judged`).
    min_coverage: Decimal = DEFAULT_MIN_COVERAGE

    @property
    def sources(self) -> dict[str, Money]:
        """The whole programme by funding source (code)."""
        return self.programme.by_source

    @property
    def by_period(self) -> dict[str, Money]:
        """The whole programme by budget period (code)."""
        return self.programme.by_period

    @property
    def total(self) -> Money:
        """The whole programme."""
        return self.programme.total


def _grouped(
    rows: Iterable[ActivityExecution], key: Callable[[Activity], str | None]
) -> dict[str, list[ActivityExecution]]:
    """The rows by the code `key` gives their activity; rows it gives None are left out."""
    groups: dict[str, list[ActivityExecution]] = defaultdict(list)
    for row in rows:
        code = key(row.activity)
        if code is not None:
            groups[code].append(row)
    return groups


def _lead(activity: Activity) -> str | None:
    """The lead agency (printed first): the one agency an item's money is credited to."""
    return activity.agencies[0] if activity.agencies else None


def execution(
    plan: Plan,
    reports: Iterable[Report],
    *,
    sample: bool,
    as_of: datetime.date,
    min_coverage: Decimal = DEFAULT_MIN_COVERAGE,
) -> ProgrammeExecution:
    """Budget execution and earned value of every leaf, section, lead agency and of the whole,
    from the approved reports of periods ended by `as_of` (sample or official ones). The ratios
    of a section, an agency or the whole are withheld below `min_coverage` (`EarnedValue`)."""
    if not 0 <= min_coverage <= 1:
        raise ValueError(f"min_coverage must be from 0 to 1, not {min_coverage}")
    by_activity: dict[str, list[Report]] = defaultdict(list)
    for report in counted(reports, sample=sample, as_of=as_of):
        by_activity[report.activity].append(report)
    sources = [s.code for s in plan.sources]
    rows: list[ActivityExecution] = []
    earned: dict[str, EarnedValue] = {}
    for activity in leaves(plan):
        own = by_activity[activity.code]
        money = activity_money(activity, plan.periods, sources, own)
        latest = latest_progress(own)
        progress = latest.progress if latest else None
        rows.append(
            ActivityExecution(activity, money, progress, latest.ends_on if latest else None)
        )
        earned[activity.code] = activity_earned_value(
            activity, plan.periods, money, progress, as_of
        )
    by_section = _grouped(rows, lambda a: a.section)
    by_lead = _grouped(rows, _lead)
    sections = {s.code: by_section[s.code] for s in plan.sections}
    agencies = {a.code: by_lead[a.code] for a in plan.agencies if a.code in by_lead}

    def money_of(group: list[ActivityExecution]) -> Breakdown:
        return sum((r.money for r in group), Breakdown())

    def earned_of(group: list[ActivityExecution]) -> EarnedValue:
        summed = sum((earned[r.activity.code] for r in group), EarnedValue())
        return summed.judged(min_coverage)

    return ProgrammeExecution(
        as_of=as_of,
        sample=sample,
        activities=rows,
        sections={code: money_of(group) for code, group in sections.items()},
        agencies={code: money_of(group) for code, group in agencies.items()},
        programme=money_of(rows),
        earned_value=EarnedValues(
            activities=earned,
            sections={code: earned_of(group) for code, group in sections.items()},
            agencies={code: earned_of(group) for code, group in agencies.items()},
            total=earned_of(rows),
        ),
        min_coverage=min_coverage,
    )


# --- the published total and the sum of the items -------------------------------------------

# The audit rules that compare a printed total with the sum of its parts: where the sum of the
# lowest-level items differs from a printed total, these findings say where the document's own
# arithmetic does not add up.
TOTAL_RULES = frozenset(
    {
        "row.periods_total",
        "tree.children_parent",
        "section.activities_subtotal",
        "plan.sections_grand_total",
    }
)


@dataclass(frozen=True)
class PlannedGap:
    """A printed total beside the sum of the lowest-level items under it, when they differ,
    with the plan audit findings on the totals in that scope that explain the difference."""

    published: Decimal | None
    items: Decimal | None
    findings: list[Finding]

    @property
    def difference(self) -> Decimal | None:
        return difference(self.published, self.items)


def planned_gap(
    plan: Plan,
    findings: Iterable[Finding],
    *,
    section: str | None = None,
    activity: str | None = None,
) -> PlannedGap | None:
    """The programme's grand total (or a section's subtotal, or an item's total) against the
    sum of the period cells of its lowest-level items, the amount every execution figure is
    computed on (`Breakdown.total`); None when they agree."""
    if activity is not None:
        found = next(a for a in plan.activities if a.code == activity)
        published = found.figures.total
        mine = {a.code for a in plan.activities if a.code.startswith(f"{activity}.")}
        mine.add(activity)
        under = [a for a in leaves(plan) if a.code in mine]

        def concerns(f: Finding) -> bool:
            return bool(mine.intersection(f.activities))
    elif section is not None:
        published = next(s for s in plan.sections if s.code == section).figures.total
        under = [a for a in leaves(plan) if a.section == section]

        def concerns(f: Finding) -> bool:
            return f.section == section
    else:
        published = plan.grand_total.total
        under = leaves(plan)

        def concerns(f: Finding) -> bool:
            return True

    items = total(total(a.figures.funding.values()) for a in under)
    if published == items:
        return None
    explaining = [
        f
        for f in findings
        if f.rule in TOTAL_RULES and f.period is None and f.source is None and concerns(f)
    ]
    return PlannedGap(published, items, explaining)


# --- from the database -----------------------------------------------------------------------


def _report(row: ProgressReport) -> Report:
    """The plain `Report` of a report read with its period, activity and spending."""
    return Report(
        activity=row.activity.code,
        kind=row.period.kind,
        year=row.period.year,
        ends_on=row.period.ends_on,
        state=row.state,
        sample=row.period.sample,
        progress=row.progress,
        spending={s.source.code: Spending(s.committed, s.spent) for s in row.spending.all()},
    )


def execution_for(
    programme: Programme, *, sample: bool = False, as_of: datetime.date | None = None
) -> ProgrammeExecution:
    """The programme's execution (see `execution`) as of `as_of`, by default the end of the
    latest ended period with an approved report; never after today in the programme's time
    zone (`TIME_ZONE`), so a later `as_of` is taken as today. A fixed number of queries: the
    plan (cached per edition) and two for the approved reports with their spending."""
    # Reading only approved reports of the right kind of period saves work; which of them
    # count is decided by `execution` itself.
    rows = (
        ProgressReport.objects.filter(
            period__programme=programme, period__sample=sample, state=APPROVED
        )
        .select_related("activity", "period")
        .prefetch_related(
            Prefetch("spending", queryset=ReportSpending.objects.select_related("source"))
        )
    )
    reports = [_report(row) for row in rows]
    today = timezone.localdate()
    as_of = default_as_of(reports, sample=sample, today=today) if as_of is None else as_of
    return execution(
        current_plan(programme),
        reports,
        sample=sample,
        as_of=min(as_of, today),
        min_coverage=min_coverage(),
    )


def min_coverage() -> Decimal:
    """The coverage below which a rollup's ratios are withheld: the setting
    `JASYL_EARNED_VALUE_MIN_COVERAGE` (a share from 0 to 1), or `DEFAULT_MIN_COVERAGE`."""
    value = getattr(settings, "JASYL_EARNED_VALUE_MIN_COVERAGE", DEFAULT_MIN_COVERAGE)
    return Decimal(str(value))
