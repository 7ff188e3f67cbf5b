"""What the PDF documents show, read with the selectors the public pages use.

`programme_report` gathers a reporting period's progress report of a programme, and
`activity_sheet` one activity on one page. Both show only published data: approved reports of
official periods, or, for a sample period (or `sample=True`), the sample data alone, marked as
such. Nothing is computed here that the portal does not compute the same way: statuses come
from `reporting.progress`, money and earned value from `reporting.execution`, indicator outlooks
from `indicators.selectors`, findings from `planaudit.rules`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from jasyl.core.i18n import current_language
from jasyl.domain.indicators import projections
from jasyl.domain.indicators.interface import METHOD_LABELS
from jasyl.domain.indicators.interface import STATUS_LABELS as INDICATOR_STATUS_LABELS
from jasyl.domain.indicators.selectors import Assessed, assessed, of_activity, rolled_up
from jasyl.domain.planaudit.rules import Finding, audit
from jasyl.domain.reporting.execution import (
    Breakdown,
    EarnedValue,
    Money,
    PlannedGap,
    execution_for,
    planned_gap,
)
from jasyl.domain.reporting.models import ReportingPeriod
from jasyl.domain.reporting.progress import (
    STATUS_LABELS,
    UNREPORTED,
    Progress,
    progress_of,
    statuses,
)
from jasyl.domain.reporting.selectors import Published, has_sample_data, published_progress
from jasyl.domain.roadmap import domain
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.selectors import current_plan
from jasyl.web.common.charts.bars import BarChart, bar_chart
from jasyl.web.common.tables import Table, build


def progress_at(programme: Programme, plan: domain.Plan, period: ReportingPeriod) -> Progress:
    """The published progress as it stood at the end of `period`: only approved reports of
    periods that ended by then, of the same kind (sample or official) as the period."""
    history = {
        code: kept
        for code, reports in published_progress(programme, period.sample).items()
        if (kept := [r for r in reports if r.ends_on <= period.ends_on])  # type: ignore[operator]
    }
    return Progress(
        statuses=statuses(plan, history),
        history=history,
        execution=execution_for(programme, sample=period.sample, as_of=period.ends_on),
        sample=period.sample,
        has_sample=period.sample or has_sample_data(programme),
    )


# --- the programme progress report ------------------------------------------------------------


@dataclass(frozen=True)
class ActivityRow:
    activity: domain.Activity
    depth: int
    parent: bool
    status: str
    status_label: str
    progress: Decimal | None
    money: Money


@dataclass(frozen=True)
class SectionBlock:
    section: domain.Section
    rows: list[ActivityRow]
    money: Money


@dataclass(frozen=True)
class KpiRow:
    item: Assessed
    latest: projections.Point | None
    targets: dict[int, projections.TargetOutlook]
    status_label: str
    # The linear projection to the next target ahead, with its method's name.
    projection: projections.Projection | None
    method_label: str


@dataclass(frozen=True)
class ProgrammeReport:
    plan: domain.Plan
    period: ReportingPeriod
    produced_on: datetime.date
    progress: Progress
    status_counts: list[tuple[str, str, int]]
    total: Money
    by_period: list[tuple[domain.Period, Money]]
    earned_pv: Decimal | None
    earned_ev: Decimal | None
    sections: list[SectionBlock]
    # The programme's earned value with its coverage (its ratios withheld below the threshold).
    earned: EarnedValue | None
    # The published grand total beside the sum of the items, when they differ.
    gap: PlannedGap | None
    charts: list[BarChart]
    kpi_counts: list[tuple[str, str, int]]
    kpis: list[KpiRow]
    findings: list[Finding]
    finding_counts: dict[str, int] = field(default_factory=dict)

    @property
    def sample(self) -> bool:
        return self.period.sample


def _money(progress: Progress, plan: domain.Plan, code: str) -> Money:
    found = progress.activity_money(plan, code)
    return found[0].total if found else Money()


def _section_blocks(plan: domain.Plan, progress: Progress) -> list[SectionBlock]:
    execution = progress.execution
    own_progress = {r.activity.code: r.progress for r in execution.activities} if execution else {}
    blocks = []
    for section in plan.sections:
        rows = []
        for activity in plan.activities:
            if activity.section != section.code:
                continue
            status = progress.statuses.get(activity.code, UNREPORTED)
            rows.append(
                ActivityRow(
                    activity=activity,
                    depth=activity.code.count("."),
                    parent=bool(plan.children(activity.code)),
                    status=status,
                    status_label=str(STATUS_LABELS[status]),
                    progress=own_progress.get(activity.code),
                    money=_money(progress, plan, activity.code),
                )
            )
        money = execution.sections.get(section.code, Breakdown()) if execution else Breakdown()
        blocks.append(SectionBlock(section, rows, money.total))
    return blocks


def kpi_rows(items: list[Assessed]) -> list[KpiRow]:
    """Each indicator with its latest value, its targets by year, its status and the
    projection to its next target."""
    rows = []
    for item in items:
        outlook = item.outlook
        ahead = next((t for t in outlook.targets if t.deadline >= outlook.as_of), None)
        projection = ahead.linear if ahead else None
        rows.append(
            KpiRow(
                item=item,
                latest=outlook.points[-1] if outlook.points else None,
                targets={t.year: t for t in outlook.targets},
                status_label=str(INDICATOR_STATUS_LABELS[outlook.status]),
                projection=projection,
                method_label=str(METHOD_LABELS[projection.method]) if projection else "",
            )
        )
    return rows


def _count_table(slug: str, title: str, counts: list[tuple[str, str, int]]) -> Table:
    return Table(
        slug=slug,
        title=title,
        columns=[_("Status"), _("Activities")],
        rows=[[label, n] for _code, label, n in counts],
        numeric=frozenset({1}),
    )


def _spent_by_section(plan: domain.Plan, progress: Progress) -> Table:
    execution = progress.execution
    language = current_language()
    return Table(
        slug="spent-by-section",
        title=_("Spent by section, %(unit)s") % {"unit": plan.amount_unit_name.get(language)},
        columns=[_("Section"), _("Spent")],
        rows=[
            [
                s.name.get(language),
                execution.sections[s.code].total.spent if execution else None,
            ]
            for s in plan.sections
        ],
        numeric=frozenset({1}),
    )


def programme_report(programme: Programme, period: ReportingPeriod) -> ProgrammeReport:
    """The progress report of a programme for a reporting period, in the active language."""
    plan = current_plan(programme)
    progress = progress_at(programme, plan, period)
    execution = progress.execution
    counts = progress.counts(plan)
    # Never "as of" a day that has not come: a period still running is shown as of today.
    items = assessed(
        programme, sample=period.sample, as_of=min(period.ends_on, timezone.localdate())
    )
    kpis = kpi_rows(items)
    counted = {s: 0 for s in INDICATOR_STATUS_LABELS}
    for row in kpis:
        counted[row.item.outlook.status] += 1
    findings = audit(plan)
    charts = [
        bar_chart(_count_table("activity-statuses", _("Activities by status"), counts)),
        *(
            bar_chart(table)
            for table in (build(slug, plan, {}) for slug in ("funding-by-section",))
            if table is not None
        ),
        bar_chart(_spent_by_section(plan, progress)),
    ]
    earned = execution.earned_value.total if execution else None
    return ProgrammeReport(
        plan=plan,
        period=period,
        produced_on=timezone.localdate(),
        progress=progress,
        status_counts=counts,
        total=execution.total if execution else Money(),
        by_period=[
            (p, execution.by_period.get(p.code, Money()) if execution else Money())
            for p in plan.periods
        ],
        earned_pv=earned.pv if earned else None,
        earned_ev=earned.ev if earned else None,
        sections=_section_blocks(plan, progress),
        earned=earned,
        gap=planned_gap(plan, findings),
        charts=charts,
        kpi_counts=[(s, str(label), counted[s]) for s, label in INDICATOR_STATUS_LABELS.items()],
        kpis=kpis,
        findings=findings,
        finding_counts={s: sum(f.severity == s for f in findings) for s in ("error", "warning")},
    )


# --- the activity sheet -----------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodLine:
    period: domain.Period
    output: domain.Statement | None
    money: Money


@dataclass(frozen=True)
class ActivitySheet:
    plan: domain.Plan
    activity: domain.Activity
    section: domain.Section
    agencies: list[domain.Agency]
    produced_on: datetime.date
    sample: bool
    status: str
    status_label: str
    periods: list[PeriodLine]
    sources: list[tuple[domain.FundingSource, Money]]
    total: Money
    kpis: list[tuple[int, domain.Statement | None]]
    latest: Published | None
    indicators: list[KpiRow]
    indicator_status: projections.Status | None
    measures: dict[str, domain.Measure]
    units: dict[str, domain.Unit]


def activity_sheet(programme: Programme, code: str, *, sample: bool = False) -> ActivitySheet:
    """One activity on one page, in the active language; `LookupError` when the plan has no
    such activity."""
    plan = current_plan(programme)
    activity = next((a for a in plan.activities if a.code == code), None)
    if activity is None:
        raise LookupError(code)
    progress = progress_of(programme, plan, sample=sample)
    found = progress.activity_money(plan, code)
    money = found[0] if found else None
    status = progress.statuses.get(code, UNREPORTED)
    history = progress.history.get(code, [])
    indicators = of_activity(assessed(programme, sample=sample), code)
    return ActivitySheet(
        plan=plan,
        activity=activity,
        section=next(s for s in plan.sections if s.code == activity.section),
        agencies=[a for c in activity.agencies for a in plan.agencies if a.code == c],
        produced_on=timezone.localdate(),
        sample=sample,
        status=status,
        status_label=str(STATUS_LABELS[status]),
        periods=[
            PeriodLine(
                period=p,
                output=activity.outputs.get(p.code),
                money=money.by_period.get(p.code, Money())
                if money
                else Money(planned=activity.figures.funding.get(p.code)),
            )
            for p in plan.periods
        ],
        sources=[
            (
                s,
                money.by_source.get(s.code, Money())
                if money
                else Money(planned=activity.figures.sources.get(s.code)),
            )
            for s in plan.sources
        ],
        total=money.total if money else Money(planned=activity.figures.total),
        kpis=[(year, activity.kpi.get(year)) for year in plan.target_years],
        latest=history[0] if history else None,
        indicators=kpi_rows(indicators),
        indicator_status=rolled_up(indicators) if indicators else None,
        measures={m.code: m for m in plan.measures},
        units={u.code: u for u in plan.units},
    )
