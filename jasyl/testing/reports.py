"""Reporting periods opened by the programme administrator, and approved official reports written
straight into the database for tests of what the public pages show (the workflow itself is
tested through its services)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType

from jasyl.domain.people.access import access_for
from jasyl.domain.registries.models import Citation
from jasyl.domain.reporting import workflow
from jasyl.domain.reporting.models import ProgressReport, ReportingPeriod, ReportSpending
from jasyl.domain.roadmap.models import Programme
from jasyl.testing.people import Team


def open_period(team: Team, *, year: int = 2025, quarter: int | None = None) -> ReportingPeriod:
    """The team's administrator opens the reporting year, or one of its quarters."""
    admin = team["administrator"]
    return workflow.create_period(
        actor=admin,
        access=access_for(admin, team.programme),
        programme=team.programme,
        kind="year" if quarter is None else "quarter",
        year=year,
        quarter=quarter,
    )


def draft_report(team: Team, period: ReportingPeriod, code: str = "2.2") -> ProgressReport:
    """The team's agency editor saves a first draft of the activity's report."""
    editor = team["editor"]
    return workflow.save_report(
        actor=editor,
        access=access_for(editor, team.programme),
        activity=team.programme.activities.get(code=code),
        period=period,
        content=workflow.Content(status="on_track"),
        based_on=0,
    )


def approved_reports(
    programme: Programme,
    codes: list[str],
    *,
    year: int = 2023,
    status: str = "on_track",
    progress: Decimal = Decimal(50),
    spent: Decimal = Decimal(10),
    sample: bool = False,
) -> list[ProgressReport]:
    """An approved annual report for each activity code, with `spent` from the first source."""
    period, _ = ReportingPeriod.objects.get_or_create(
        programme=programme,
        kind="year",
        year=year,
        quarter=0,
        sample=sample,
        defaults={
            "starts_on": datetime.date(year, 1, 1),
            "ends_on": datetime.date(year, 12, 31),
            "due_on": datetime.date(year + 1, 1, 10),
            "state": "closed",
        },
    )
    source = programme.sources.order_by("position").first()
    reports = []
    for code in codes:
        report = ProgressReport.objects.create(
            activity=programme.activities.get(code=code),
            period=period,
            state="approved",
            status=status,
            progress=progress,
            narrative=f"Report on {code} for {year}",
            revision=1,
        )
        ReportSpending.objects.create(report=report, source=source, committed=spent, spent=spent)
        reports.append(report)
    return reports


def cite_rows(report: ProgressReport, kind: str, rows: list[Any], by: Any) -> None:
    """The report cites these rows of registry `kind`, written straight into the database (an
    approved report of `approved_reports`; the rules are tested through `citations.cite`)."""
    Citation.objects.bulk_create(
        Citation(
            report=report,
            kind=kind,
            content_type=ContentType.objects.get_for_model(row),
            object_id=row.pk,
            code=row.code,
            added_by=by,
        )
        for row in rows
    )


def observe(
    code: str, year: int, value: int | str, *, source: str = "inventory", sample: bool = False
) -> None:
    """A value of an indicator on 31 December of `year`, entered straight into the database."""
    from jasyl.domain.indicators.models import Indicator, Observation

    Observation.objects.create(
        indicator=Indicator.objects.get(code=code),
        observed_on=datetime.date(year, 12, 31),
        value=Decimal(value),
        source=source,
        sample=sample,
    )
