"""`jasyl sample-progress`: demonstration reports in sample periods, never official ones."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jasyl.domain.reporting.models import (
    AuditEntry,
    ProgressReport,
    ReportingPeriod,
    ReportRevision,
    ReportSpending,
)
from jasyl.domain.roadmap.models import PlannedAmount

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("sample_progress", *args, stdout=out)
    return out.getvalue()


def dump() -> list[tuple]:
    """Every sample report's content, comparable between runs."""
    return [
        (
            r.activity.code,
            r.period.year,
            r.state,
            r.status,
            r.progress,
            r.narrative,
            [(s.source.code, s.committed, s.spent) for s in r.spending.all()],
            [(q.kind, q.measure.code, q.value) for q in r.quantities.all()],
        )
        for r in ProgressReport.objects.filter(period__sample=True)
        .select_related("activity", "period")
        .order_by("period__year", "activity__position")
    ]


def implemented(roadmap, year: int) -> set[str]:
    """The leaf activities whose implementation covers the year."""
    return {
        a.code
        for a in roadmap.activities.filter(children__isnull=True)
        if any(r.start_year <= year <= r.end_year for r in a.ranges.all())
    }


def test_creates_closed_sample_years_with_approved_reports(roadmap):
    assert "Created 4 sample periods" in run()
    periods = ReportingPeriod.objects.filter(programme=roadmap)
    assert [(p.year, p.kind, p.state, p.sample) for p in periods] == [
        (y, "year", "closed", True) for y in (2022, 2023, 2024, 2025)
    ]
    assert periods.get(year=2024).due_on == datetime.date(2025, 1, 10)
    for period in periods:
        assert {r.activity.code for r in period.reports.all()} == implemented(roadmap, period.year)
    reports = ProgressReport.objects.all()
    assert reports.exists()
    assert set(reports.values_list("state", flat=True)) == {"approved"}
    assert set(reports.values_list("revision", flat=True)) == {1}
    assert all("Sample data generated for demonstration" in r.narrative for r in reports)


def test_each_report_has_its_revision_and_trail(roadmap):
    run()
    report = ProgressReport.objects.get(activity__code="2.2", period__year=2023)
    revision = ReportRevision.objects.get(report=report)
    assert revision.number == 1
    assert revision.snapshot["status"] == report.status
    assert revision.snapshot["progress"] == str(report.progress)
    assert set(revision.snapshot["spending"]) == {"local"}
    assert set(revision.snapshot["outputs"]) == {"trees_shrubs_planted", "flower_beds_area"}
    trail = AuditEntry.objects.filter(report=report)
    assert [(a.action, a.from_state, a.to_state) for a in trail] == [
        ("saved", "draft", "draft"),
        ("submitted", "draft", "submitted"),
        ("approved", "submitted", "approved"),
    ]
    assert {(a.actor, a.comment, a.revision) for a in trail} == {(None, "sample-progress", 1)}


def test_spending_is_near_the_plan_and_never_more_than_committed(roadmap):
    run()
    for report in ProgressReport.objects.select_related("activity", "period"):
        cells = PlannedAmount.objects.filter(activity=report.activity)
        planned = cells.filter(period__code=str(report.period.year)).first()
        sources = set(cells.filter(source__isnull=False).values_list("source__code", flat=True))
        rows = list(report.spending.select_related("source"))
        if planned is None or not sources:
            assert rows == []
            continue
        assert {s.source.code for s in rows} <= sources
        spent = sum(s.spent for s in rows)
        tolerance = Decimal("0.001") * len(rows)
        assert planned.amount * Decimal("0.6") - tolerance <= spent
        assert spent <= planned.amount * Decimal("1.1") + tolerance
    assert all(s.committed >= s.spent for s in ReportSpending.objects.all())


def test_progress_rises_and_reaches_100_when_the_activity_ends(roadmap):
    run()
    by_activity: dict[str, list[ProgressReport]] = {}
    for report in ProgressReport.objects.order_by("period__year"):
        by_activity.setdefault(report.activity.code, []).append(report)
    for code, reports in by_activity.items():
        progress = [r.progress for r in reports]
        assert progress == sorted(progress), code
        last_year = max(r.end_year for r in reports[0].activity.ranges.all())
        for r in reports:
            assert (r.status == "completed") == (r.period.year == last_year), code
            assert (r.progress == 100) == (r.status == "completed"), code
    statuses = set(ProgressReport.objects.values_list("status", flat=True))
    assert statuses == {"on_track", "delayed", "completed"}


def test_outputs_are_near_the_planned_outputs_of_the_year(roadmap):
    run()
    report = ProgressReport.objects.get(activity__code="2.2", period__year=2022)
    values = {q.measure.code: q.value for q in report.quantities.all()}
    assert set(values) == {"trees_shrubs_planted", "flower_beds_area"}
    assert 240000 * Decimal("0.6") <= values["trees_shrubs_planted"] <= 240000 * Decimal("1.1")
    assert values["trees_shrubs_planted"] == values["trees_shrubs_planted"].to_integral_value()
    assert not ProgressReport.objects.get(
        activity__code="1.1", period__year=2022
    ).quantities.exists()


def test_the_same_seed_gives_the_same_data(roadmap):
    run("--seed", "7")
    first = dump()
    run("--seed", "7", "--remove")
    assert dump() == first
    run("--seed", "8", "--remove")
    assert dump() != first


def test_years_do_not_depend_on_how_many_were_made_at_once(roadmap):
    run("--through", "2025")
    all_at_once = dump()
    run("--through", "2023", "--remove")
    run("--through", "2025")
    assert dump() == all_at_once


def test_running_again_changes_nothing(roadmap):
    run()
    before = dump()
    ids = sorted(ProgressReport.objects.values_list("pk", flat=True))
    trail = AuditEntry.objects.count()
    output = run("--seed", "2")
    assert "left as they are: 2022, 2023, 2024, 2025" in output
    assert "Created 0 sample periods and 0 approved sample reports" in output
    assert dump() == before
    assert sorted(ProgressReport.objects.values_list("pk", flat=True)) == ids
    assert AuditEntry.objects.count() == trail


def test_remove_deletes_only_sample_data(roadmap):
    official = ReportingPeriod.objects.create(
        programme=roadmap,
        kind="year",
        year=2023,
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
        due_on=datetime.date(2024, 1, 10),
    )
    activity = roadmap.activities.get(code="2.2")
    report = ProgressReport.objects.create(
        activity=activity, period=official, state="approved", status="on_track", progress=30
    )
    ReportSpending.objects.create(
        report=report, source=roadmap.sources.get(code="local"), committed=5000, spent=4800
    )
    run()
    sample_reports = ProgressReport.objects.filter(period__sample=True).count()
    output = run("--remove")
    assert f"Removed 4 sample periods and {sample_reports} sample reports" in output
    assert "Created 4 sample periods" in output
    official.refresh_from_db()
    report.refresh_from_db()
    assert (official.sample, report.progress) == (False, 30)
    assert report.spending.get().spent == 4800
    assert ProgressReport.objects.filter(period=official).count() == 1
    assert ProgressReport.objects.filter(period__sample=True).count() == sample_reports


def test_refuses_years_outside_the_programme_and_unknown_programmes(roadmap):
    with pytest.raises(CommandError, match="2022–2030"):
        run("--through", "2031")
    with pytest.raises(CommandError, match="No programme"):
        run("--programme", "nowhere")
    assert not ReportingPeriod.objects.exists()
