"""Reads of the reporting data: periods, which reports are due, what each person may see, and
the published progress of activities."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from jasyl.domain.people.access import Access
from jasyl.domain.reporting.models import AuditEntry, ProgressReport, ReportingPeriod
from jasyl.domain.roadmap.domain import Period
from jasyl.domain.roadmap.models import Activity, ActivityAgency, ImplementationRange, Programme

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

SLUG = re.compile(r"^(?P<sample>sample-)?(?P<year>\d{4})(?:-q(?P<quarter>[1-4]))?$")


def period_by_slug(programme: Programme, slug: str) -> ReportingPeriod:
    """The period `2025`, `2025-q1` or `sample-2025` of the programme, or 404."""
    match = SLUG.match(slug)
    if match is None:
        raise Http404("No such reporting period")
    try:
        return ReportingPeriod.objects.select_related("programme").get(
            programme=programme,
            year=int(match["year"]),
            quarter=int(match["quarter"] or 0),
            kind="quarter" if match["quarter"] else "year",
            sample=bool(match["sample"]),
        )
    except ReportingPeriod.DoesNotExist:
        raise Http404("No such reporting period") from None


def with_agencies(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.prefetch_related(
        Prefetch(
            "agency_links",
            queryset=ActivityAgency.objects.select_related("agency").order_by("position"),
        )
    )


def leaf_activities(programme: Programme) -> QuerySet[Activity]:
    """The lowest-level items: the ones agencies report on (an item with sub-items is their sum)."""
    return with_agencies(
        programme.activities.filter(children__isnull=True).prefetch_related("ranges")
    ).order_by("position")


def implemented_in(period: ReportingPeriod) -> Exists:
    """The rule of which activities owe a report for a period: those being implemented in its
    year (one of their implementation ranges covers it). Filter or annotate activities with it."""
    return Exists(
        ImplementationRange.objects.filter(
            activity=OuterRef("pk"), start_year__lte=period.year, end_year__gte=period.year
        )
    )


class Due(TypedDict):
    due: bool


def due_activities(period: ReportingPeriod) -> QuerySet[WithAnnotations[Activity, Due]]:
    """The lowest-level items of the period's programme, each annotated `due` (`implemented_in`)."""
    return leaf_activities(period.programme).annotate(due=implemented_in(period))


@dataclass
class BoardRow:
    activity: Activity
    agencies: list[str]
    report: ProgressReport | None

    @property
    def state(self) -> str:
        return self.report.state if self.report else ""


def board(period: ReportingPeriod, access: Access) -> list[BoardRow]:
    """The reports of a period that this person may see: everyone's for the programme office
    and the auditor, their agencies' for agency members; missing reports included."""
    reports = {r.activity_id: r for r in period.reports.select_related("updated_by").order_by()}
    rows = []
    for activity in due_activities(period):
        agencies = [link.agency.code for link in activity.agency_links.all()]
        if not (activity.due or activity.pk in reports):
            continue
        if access.can_read_unpublished(agencies):
            rows.append(BoardRow(activity, agencies, reports.get(activity.pk)))
    return rows


def periods_for(programme: Programme) -> QuerySet[ReportingPeriod]:
    return programme.reporting_periods.order_by("sample", "-starts_on", "kind")


def review_queue(programme: Programme) -> QuerySet[ProgressReport]:
    """Submitted reports waiting for the programme office, oldest first."""
    return (
        ProgressReport.objects.filter(period__programme=programme, state="submitted")
        .select_related("activity", "period")
        .order_by("updated_at")
    )


def trail(programme: Programme) -> QuerySet[AuditEntry]:
    return (
        AuditEntry.objects.filter(programme=programme)
        .select_related("actor", "report__activity", "report__period", "period")
        .order_by("-at", "-pk")
    )


def trail_actors(programme: Programme) -> list[tuple[int, str]]:
    """(user id, name) of everyone who appears in the programme's audit trail, by name."""
    entries = (
        AuditEntry.objects.filter(programme=programme, actor__isnull=False)
        .values_list("actor_id", "actor__first_name", "actor__last_name", "actor__username")
        .distinct()
    )
    named = {pk: f"{first} {last}".strip() or username for pk, first, last, username in entries}
    return sorted(named.items(), key=lambda item: item[1].lower())


def closing_entries(periods: list[ReportingPeriod]) -> dict[int, AuditEntry]:
    """The entry that last closed or locked each of these periods (who, when, the reason given),
    by period id; one query."""
    entries = (
        AuditEntry.objects.filter(
            period__in=[p.pk for p in periods],
            action__in=[AuditEntry.Action.PERIOD_CLOSED, AuditEntry.Action.PERIOD_LOCKED],
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
    return {entry.period_id: entry for entry in entries if entry.period_id is not None}


def planned_share(
    amount: Decimal, budget_period: Period, period: ReportingPeriod
) -> Decimal | None:
    """The part of a budget period's planned amount that falls in a shorter reporting period,
    spread evenly over the budget period's days (the rule of planned value,
    `docs/earned-value.md`); None when the reporting period covers the whole budget period."""
    first = datetime.date(budget_period.start, 1, 1)
    last = datetime.date(budget_period.end, 12, 31)
    length = (last - first).days + 1
    overlap = (min(period.ends_on, last) - max(period.starts_on, first)).days + 1
    if overlap >= length:
        return None
    return amount * max(overlap, 0) / length


@dataclass(frozen=True)
class Published:
    """An approved official report, as the public sees it."""

    period: str
    period_slug: str
    ends_on: object
    status: str
    status_label: str
    progress: object
    narrative: str


def published_progress(programme: Programme, sample: bool = False) -> dict[str, list[Published]]:
    """Approved reports of official (or, with `sample`, only sample) periods by activity code,
    latest first (one query)."""
    history: dict[str, list[Published]] = defaultdict(list)
    reports = (
        ProgressReport.objects.filter(
            period__programme=programme, period__sample=sample, state="approved"
        )
        .select_related("period", "activity")
        .order_by("-period__ends_on", "-period__kind")
    )
    for r in reports:
        history[r.activity.code].append(
            Published(
                period=r.period.label,
                period_slug=r.period.slug,
                ends_on=r.period.ends_on,
                status=r.status,
                status_label=str(r.get_status_display()),
                progress=r.progress,
                narrative=r.narrative,
            )
        )
    return dict(history)


def reported_periods(programme: Programme, *, sample: bool = False) -> list[ReportingPeriod]:
    """Periods no longer open whose progress report the public may download, latest first."""
    return list(
        programme.reporting_periods.filter(sample=sample)
        .exclude(state=ReportingPeriod.State.OPEN)
        .order_by("-ends_on", "-kind")
    )


def has_sample_data(programme: Programme) -> bool:
    return programme.reporting_periods.filter(sample=True).exists()
