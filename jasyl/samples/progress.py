"""Demonstration progress data (`jasyl sample-progress`): approved annual reports in sample
periods, so that the reporting pages, the dashboards and the history have something to show
before the agencies report for real.

The figures are made up but plausible: they follow the plan (implementation years, planned
amounts per budget period and funding source, planned outputs) and are drawn from
`random.Random` seeded per seed and activity, so that a seed always gives the same figures,
whichever years already exist. Everything lands in sample periods (`ReportingPeriod.sample`),
which the official figures never include; official periods are never read nor written here.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from jasyl.domain.reporting.models import (
    AuditEntry,
    ProgressReport,
    ReportingPeriod,
    ReportQuantity,
    ReportRevision,
    ReportSpending,
)
from jasyl.domain.reporting.workflow import Content, period_dates, snapshot
from jasyl.domain.roadmap.models import (
    Activity,
    BudgetPeriod,
    FundingSource,
    Measure,
    PlannedAmount,
    Programme,
    Quantity,
)
from jasyl.domain.roadmap.selectors import year_span

Status = ProgressReport.Status
State = ProgressReport.State
Action = AuditEntry.Action

# Written into each sample report: stored content in the three languages, not an interface text.
NARRATIVE = (
    "[Үлгі деректер] Бұл демонстрация үшін жасалған үлгі деректер, ресми есеп емес. / "
    "[Образец] Это образец данных, созданный для демонстрации, а не официальный отчёт. / "
    "[Sample] Sample data generated for demonstration, not an official report."
)
# The comment of the audit entries, and the account that saved the sample revisions (a
# revision needs an author; this one is inactive and cannot sign in).
COMMENT = AUTHOR = AuditEntry.SAMPLE_COMMENT
# How often a year that is not the last one is reported as delayed.
DELAY_CHANCE = 0.2
# Share of the planned amount spent and of the planned outputs achieved, by status.
BANDS: dict[str, tuple[float, float]] = {Status.DELAYED: (0.6, 0.85)}
DEFAULT_BAND = (0.85, 1.1)
# Physical progress against the share of the implementation years gone by, by status.
PACE: dict[str, tuple[float, float]] = {Status.DELAYED: (0.6, 0.85)}
DEFAULT_PACE = (0.9, 1.0)
# The trail of a report written, submitted and approved: (action, from state, to state).
TRAIL = (
    (Action.SAVED, State.DRAFT, State.DRAFT),
    (Action.SUBMITTED, State.DRAFT, State.SUBMITTED),
    (Action.APPROVED, State.SUBMITTED, State.APPROVED),
)
MONEY = Decimal("0.001")
QUANTITY = Decimal("0.0001")
PERCENT = Decimal("0.01")


class SampleDataError(ValueError):
    """The sample data cannot be made as asked (a year outside the programme, say)."""


@dataclass
class Result:
    """What a run did, for the command's summary."""

    created_periods: int = 0
    created_reports: int = 0
    kept_years: list[int] = field(default_factory=list)
    removed_periods: int = 0
    removed_reports: int = 0


@dataclass(frozen=True)
class PlannedOutput:
    """A planned output quantity of one budget period."""

    value: Decimal
    whole: bool  # counted in whole items (stations, parks, people)
    percent: bool


@dataclass
class ActivityPlan:
    """What the sample figures of one activity are drawn from."""

    activity: Activity
    # implementation years within the programme, in order
    years: list[int]
    # year -> its budget period
    periods: dict[int, int]
    # budget period -> how many of the activity's years it holds (its amount is shared by them)
    years_in_period: dict[int, int]
    # budget period -> measure code -> planned output
    outputs: dict[int, dict[str, PlannedOutput]]
    # budget period -> planned amount
    amounts: dict[int, Decimal] = field(default_factory=dict)
    # funding source code -> planned amount (the activity's source cells), in source order
    sources: dict[str, Decimal] = field(default_factory=dict)


def programme_years(programme: Programme) -> tuple[int, int]:
    """The first and last year of the programme's budget periods."""
    span = year_span(programme)
    if span is None:
        raise SampleDataError(f"{programme.code} has no budget periods: load its plan first.")
    return span


def generate(
    programme: Programme, *, seed: int = 1, through: int = 2025, remove: bool = False
) -> Result:
    """Create the sample annual periods from the programme's first year through `through`,
    each with an approved report per leaf activity implemented that year. Years that already
    have a sample period are left as they are, unless `remove` first deletes all sample data."""
    first, last = programme_years(programme)
    if not first <= through <= last:
        raise SampleDataError(f"--through must be a year of the programme ({first}–{last}).")
    with transaction.atomic():
        result = remove_sample_data(programme) if remove else Result()
        existing = set(
            programme.reporting_periods.filter(
                sample=True, kind=ReportingPeriod.Kind.YEAR
            ).values_list("year", flat=True)
        )
        result.kept_years = sorted(y for y in existing if y <= through)
        writer = Writer.for_programme(programme)
        series = [(plan.activity, yearly_content(plan, seed)) for plan in activity_plans(programme)]
        for year in range(first, through + 1):
            if year in existing:
                continue
            period = _create_period(programme, year)
            result.created_periods += 1
            for activity, contents in series:
                if year in contents:
                    writer.write(period, activity, contents[year])
                    result.created_reports += 1
    return result


def remove_sample_data(programme: Programme) -> Result:
    """Delete every sample period of the programme and its reports (with their spending,
    quantities, revisions and trail); official periods are not touched."""
    periods = programme.reporting_periods.filter(sample=True)
    reports = ProgressReport.objects.filter(period__in=periods)
    result = Result(removed_periods=periods.count(), removed_reports=reports.count())
    reports.delete()
    periods.delete()
    return result


def sample_author() -> Any:
    """The inactive account the sample revisions are saved by."""
    user, created = get_user_model().objects.get_or_create(
        username=AUTHOR, defaults={"first_name": "Sample data", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def activity_plans(programme: Programme) -> list[ActivityPlan]:
    """The plan of every leaf activity (the ones reported on), in the plan's order."""
    budget = list(programme.periods.all())
    activities = (
        programme.activities.filter(children__isnull=True)
        .prefetch_related("ranges", "outputs__quantities__measure__unit", "agency_links__agency")
        .order_by("position")
    )
    plans = {a.pk: _activity_plan(a, budget) for a in activities}
    cells = PlannedAmount.objects.filter(activity__in=list(plans)).select_related("source")
    for cell in cells.order_by("source__position"):
        plan = plans[cell.activity_id]  # type: ignore[index]
        if cell.period_id is not None:
            plan.amounts[cell.period_id] = cell.amount
        elif cell.source is not None:
            plan.sources[cell.source.code] = cell.amount
    return list(plans.values())


def _activity_plan(activity: Activity, budget: list[BudgetPeriod]) -> ActivityPlan:
    """The activity's implementation years, each with its budget period, and its planned
    outputs (the amounts are added by `activity_plans`, in one query for all activities)."""
    years = sorted({y for r in activity.ranges.all() for y in range(r.start_year, r.end_year + 1)})
    periods: dict[int, BudgetPeriod] = {
        y: p for y in years for p in budget if p.start_year <= y <= p.end_year
    }
    return ActivityPlan(
        activity=activity,
        years=[y for y in years if y in periods],
        periods={y: p.pk for y, p in periods.items()},
        years_in_period=dict(Counter(p.pk for p in periods.values())),
        outputs={o.period_id: _planned_outputs(o.quantities.all()) for o in activity.outputs.all()},
    )


def _planned_outputs(quantities: Iterable[Quantity]) -> dict[str, PlannedOutput]:
    """A planned output's quantities by measure (a measure counted twice is summed)."""
    planned: dict[str, PlannedOutput] = {}
    for q in quantities:
        before = planned.get(q.measure.code)
        planned[q.measure.code] = PlannedOutput(
            value=q.value + (before.value if before else 0),
            whole=q.measure.unit.dimension == "count",
            percent=q.measure.unit.code == "percent",
        )
    return planned


def yearly_content(plan: ActivityPlan, seed: int) -> dict[int, Content]:
    """The activity's sample report for each of its implementation years. The whole series
    is drawn in year order from one generator, so a year's figures do not depend on which
    years are being created, and progress only ever rises."""
    rng = random.Random(f"{seed}:{plan.activity.code}")
    contents: dict[int, Content] = {}
    progress = Decimal(0)
    for done, year in enumerate(plan.years, start=1):
        status = _status(rng, year == plan.years[-1])
        progress = _progress(rng, status, done / len(plan.years), progress)
        period = plan.periods[year]
        share = 1 / Decimal(plan.years_in_period[period])
        contents[year] = Content(
            status=status,
            progress=progress,
            narrative=NARRATIVE,
            spending=_spending(rng, status, plan.amounts.get(period), plan.sources, share),
            outputs=_outputs(rng, status, plan.outputs.get(period, {}), share),
        )
    return contents


def _status(rng: random.Random, final: bool) -> str:
    """Completed in the activity's last year; otherwise mostly on track, sometimes delayed."""
    if final:
        return Status.COMPLETED
    return Status.DELAYED if rng.random() < DELAY_CHANCE else Status.ON_TRACK


def _progress(rng: random.Random, status: str, planned: float, previous: Decimal) -> Decimal:
    """Cumulative physical progress: near the share of the years gone by, lower when delayed,
    never below last year's, 100 % only once completed."""
    if status == Status.COMPLETED:
        return Decimal(100)
    low, high = PACE.get(status, DEFAULT_PACE)
    value = Decimal(100 * planned * rng.uniform(low, high)).quantize(PERCENT)
    return min(max(value, previous + 1), Decimal(99))


def _spending(
    rng: random.Random,
    status: str,
    amount: Decimal | None,
    sources: dict[str, Decimal],
    share: Decimal,
) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    """The year's share of the budget period's planned amount, split over the activity's
    funding sources in proportion to their cells (evenly where those are all zero), 60-110 %
    of it spent, and at least as much committed as spent."""
    if not amount or not sources:
        return {}
    total = sum(sources.values(), Decimal(0))
    spending: dict[str, tuple[Decimal | None, Decimal | None]] = {}
    for code, cell in sources.items():
        planned = amount * share * (cell / total if total else 1 / Decimal(len(sources)))
        spent = (planned * _factor(rng, status)).quantize(MONEY)
        committed = (spent * Decimal(1 + rng.uniform(0, 0.12))).quantize(MONEY)
        spending[code] = (committed, spent)
    return spending


def _outputs(
    rng: random.Random, status: str, planned: dict[str, PlannedOutput], share: Decimal
) -> dict[str, Decimal]:
    """The year's share of the budget period's planned outputs, achieved about as much as the
    money was spent: whole numbers for counted items, at most 100 for percentages."""
    outputs: dict[str, Decimal] = {}
    for code, output in planned.items():
        value = output.value * share * _factor(rng, status)
        if output.percent:
            value = min(value, Decimal(100))
        outputs[code] = value.quantize(Decimal(1) if output.whole else QUANTITY)
    return outputs


def _factor(rng: random.Random, status: str) -> Decimal:
    """How much of the plan was done this year, by the status's band."""
    low, high = BANDS.get(status, DEFAULT_BAND)
    return Decimal(rng.uniform(low, high))


def _create_period(programme: Programme, year: int) -> ReportingPeriod:
    """A closed sample year, due as an official one would be."""
    starts_on, ends_on = period_dates(ReportingPeriod.Kind.YEAR, year, 0)
    return ReportingPeriod.objects.create(
        programme=programme,
        kind=ReportingPeriod.Kind.YEAR,
        year=year,
        quarter=0,
        starts_on=starts_on,
        ends_on=ends_on,
        due_on=ends_on + datetime.timedelta(days=settings.JASYL_REPORT_DUE_DAYS),
        state=ReportingPeriod.State.CLOSED,
        sample=True,
    )


@dataclass(frozen=True)
class Writer:
    """Writes sample reports as the workflow would have left them once approved."""

    author: Any
    sources: dict[str, FundingSource]
    measures: dict[str, Measure]

    @classmethod
    def for_programme(cls, programme: Programme) -> Writer:
        return cls(
            author=sample_author(),
            sources={s.code: s for s in programme.sources.all()},
            measures={m.code: m for m in programme.measures.all()},
        )

    def write(self, period: ReportingPeriod, activity: Activity, content: Content) -> None:
        """An approved report with its revision 1 and the trail of its save, submission and
        approval."""
        report = ProgressReport.objects.create(
            activity=activity,
            period=period,
            state=State.APPROVED,
            status=content.status,
            progress=content.progress,
            narrative=content.narrative,
            revision=1,
            updated_by=self.author,
        )
        ReportSpending.objects.bulk_create(
            ReportSpending(report=report, source=self.sources[code], committed=c, spent=s)
            for code, (c, s) in content.spending.items()
        )
        ReportQuantity.objects.bulk_create(
            ReportQuantity(
                report=report,
                kind=ReportQuantity.Kind.OUTPUT,
                measure=self.measures[code],
                value=value,
            )
            for code, value in content.outputs.items()
        )
        links = activity.agency_links.all()
        ReportRevision.objects.create(
            report=report,
            number=1,
            snapshot=snapshot(report),
            saved_by=self.author,
            agency=links[0].agency if links else None,
        )
        AuditEntry.objects.bulk_create(
            AuditEntry(
                programme_id=period.programme_id,
                report=report,
                action=action,
                from_state=before,
                to_state=after,
                actor=None,
                comment=COMMENT,
                revision=1,
            )
            for action, before, after in TRAIL
        )
