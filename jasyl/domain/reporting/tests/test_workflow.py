"""The reporting workflow's services: content, revisions, locking, transitions and evidence."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from jasyl.domain.people.access import access_for
from jasyl.domain.reporting import workflow
from jasyl.domain.reporting.diff import changes
from jasyl.domain.reporting.models import AuditEntry, Evidence, ProgressReport, ReportRevision
from jasyl.domain.roadmap.selectors import current_plan

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def in_english():
    """The services' messages are read here in English (they are translated like the pages)."""
    with translation.override("en"):
        yield


@pytest.fixture
def period(team):
    return workflow.create_period(
        actor=team["administrator"],
        access=access_for(team["administrator"], team.programme),
        programme=team.programme,
        kind="quarter",
        year=2025,
        quarter=1,
    )


@pytest.fixture
def activity(team):
    return team.programme.activities.get(code="2.2")


def save(team, role, activity, period, based_on, **content):
    user = team[role]
    return workflow.save_report(
        actor=user,
        access=access_for(user, team.programme),
        activity=activity,
        period=period,
        content=workflow.Content(**{"status": "on_track", **content}),
        based_on=based_on,
    )


def move(team, role, report, name, comment=""):
    user = team[role]
    return workflow.transition(
        actor=user,
        access=access_for(user, team.programme),
        report=report,
        name=name,
        comment=comment,
        based_on=ProgressReport.objects.get(pk=report.pk).revision,
    )


def test_a_new_period_has_its_quarter_dates_and_a_default_due_date(period):
    assert (str(period.starts_on), str(period.ends_on), str(period.due_on)) == (
        "2025-01-01",
        "2025-03-31",
        "2025-04-10",
    )
    assert period.slug == "2025-q1"


def test_the_whole_cycle_writes_an_audit_entry_for_every_step(team, period, activity):
    report = save(
        team,
        "editor",
        activity,
        period,
        0,
        progress=Decimal("20"),
        narrative="Planted in Medeu district",
        spending={"local": (Decimal("900"), Decimal("850.5"))},
        outputs={"trees_shrubs_planted": Decimal("12000")},
    )
    assert report.revision == 1 and report.state == "draft"
    report = move(team, "head", report, "submit")
    report = move(team, "reviewer", report, "return", "Attach the acceptance act")
    report = save(team, "editor", activity, period, 1, progress=Decimal("25"))
    report = move(team, "head", report, "submit")
    report = move(team, "reviewer", report, "approve")
    assert report.state == "approved" and not report.editable
    report = move(team, "administrator", report, "reopen", "Figures corrected by the treasury")
    assert report.state == "returned"
    trail = list(
        AuditEntry.objects.filter(report=report).values_list("action", "to_state", "comment")
    )
    assert trail == [
        ("saved", "draft", ""),
        ("submitted", "submitted", ""),
        ("returned", "returned", "Attach the acceptance act"),
        ("saved", "returned", ""),
        ("submitted", "submitted", ""),
        ("approved", "approved", ""),
        ("reopened", "returned", "Figures corrected by the treasury"),
    ]
    assert all(e.actor_id for e in AuditEntry.objects.filter(report=report))


def test_an_approved_report_is_locked_until_reopened(team, period, activity):
    report = save(team, "editor", activity, period, 0)
    move(team, "head", report, "submit")
    report = move(team, "reviewer", report, "approve")
    with pytest.raises(workflow.WorkflowError, match="approved"):
        save(team, "editor", activity, period, report.revision)
    with pytest.raises(PermissionDenied):
        move(team, "reviewer", report, "reopen", "reason")
    with pytest.raises(workflow.WorkflowError, match="comment is required"):
        move(team, "administrator", report, "reopen", "  ")
    assert ProgressReport.objects.get(pk=report.pk).state == "approved"


def test_the_second_of_two_concurrent_edits_is_refused_and_the_first_is_kept(
    team, period, activity
):
    save(team, "editor", activity, period, 0, narrative="first")
    # Both people loaded revision 1; the co-executor saves first.
    save(team, "co_editor", activity, period, 1, narrative="co-executor's text")
    with pytest.raises(workflow.StaleEdit) as refused:
        save(team, "editor", activity, period, 1, narrative="editor's text")
    assert "revision 2" in str(refused.value)
    report = ProgressReport.objects.get(activity=activity, period=period)
    assert (report.narrative, report.revision) == ("co-executor's text", 2)
    assert ReportRevision.objects.filter(report=report).count() == 2


def test_a_co_executor_contributes_but_only_the_lead_head_submits(team, period, activity):
    report = save(team, "co_editor", activity, period, 0, narrative="district part")
    revision = ReportRevision.objects.get(report=report)
    assert revision.agency.code == "Аудан әкімдіктері"
    for role in ("co_editor", "co_head", "editor", "viewer", "reviewer", "auditor"):
        with pytest.raises(PermissionDenied):
            move(team, role, report, "submit")
    assert move(team, "head", report, "submit").state == "submitted"


@pytest.mark.parametrize("role", ["viewer", "auditor", "reviewer", "administrator", "outsider"])
def test_people_who_do_not_execute_the_activity_cannot_write_its_report(
    team, period, activity, role
):
    with pytest.raises(PermissionDenied):
        save(team, role, activity, period, 0)
    assert not ProgressReport.objects.exists()


def test_bad_content_is_refused_and_nothing_is_written(team, period, activity):
    with pytest.raises(workflow.WorkflowError, match="not a measure"):
        save(team, "editor", activity, period, 0, outputs={"ev_charging_stations": Decimal(3)})
    with pytest.raises(workflow.WorkflowError, match="between 0 and 100"):
        save(team, "editor", activity, period, 0, progress=Decimal("140"))
    with pytest.raises(workflow.WorkflowError, match="Unknown funding source"):
        save(team, "editor", activity, period, 0, spending={"lottery": (Decimal(1), None)})
    assert not ProgressReport.objects.exists()
    assert not AuditEntry.objects.filter(report__isnull=False).exists()


def test_a_closed_period_stops_agencies_but_not_the_review(team, period, activity):
    report = save(team, "editor", activity, period, 0)
    move(team, "head", report, "submit")
    admin = team["administrator"]
    workflow.set_period_state(
        actor=admin, access=access_for(admin, team.programme), period=period, state="closed"
    )
    other = team.programme.activities.get(code="2.3")
    with pytest.raises(workflow.WorkflowError, match="Closed"):
        save(team, "editor", other, period, 0)
    assert move(team, "reviewer", report, "approve").state == "approved"
    with pytest.raises(workflow.WorkflowError, match="comment is required"):
        workflow.set_period_state(
            actor=admin, access=access_for(admin, team.programme), period=period, state="open"
        )
    with pytest.raises(PermissionDenied):
        workflow.set_period_state(
            actor=team["reviewer"],
            access=access_for(team["reviewer"], team.programme),
            period=period,
            state="locked",
        )


def test_approving_and_reopening_changes_the_published_revision(team, period, activity):
    before = type(team.programme).objects.get(pk=team.programme.pk).published_revision
    report = save(team, "editor", activity, period, 0)
    move(team, "head", report, "submit")
    report = move(team, "reviewer", report, "approve")
    move(team, "administrator", report, "reopen", "correction")
    after = type(team.programme).objects.get(pk=team.programme.pk).published_revision
    assert after == before + 2


def upload(team, report, name, data, role="editor"):
    user = team[role]
    return workflow.add_evidence(
        actor=user,
        access=access_for(user, team.programme),
        report=report,
        upload=SimpleUploadedFile(name, data),
        description="act",
        based_on=ProgressReport.objects.get(pk=report.pk).revision,
    )


def test_evidence_is_stored_checked_and_versioned(team, period, activity, settings):
    report = save(team, "editor", activity, period, 0)
    evidence = upload(team, report, "Acceptance act.PDF", PDF)
    assert (evidence.kind, evidence.content_type, evidence.size) == (
        "document",
        "application/pdf",
        len(PDF),
    )
    assert evidence.file.storage.exists(evidence.file.name)
    assert evidence.file.read() == PDF
    assert ProgressReport.objects.get(pk=report.pk).revision == 2
    with pytest.raises(workflow.WorkflowError, match="not accepted"):
        upload(team, report, "virus.exe", b"MZ\x90\x00")
    with pytest.raises(workflow.WorkflowError, match="not a real pdf"):
        upload(team, report, "fake.pdf", b"<html>hello</html>")
    settings.JASYL_EVIDENCE_MAX_BYTES = 10
    with pytest.raises(workflow.WorkflowError, match="limit is"):
        upload(team, report, "big.pdf", PDF)
    with pytest.raises(PermissionDenied):
        upload(team, report, "view.pdf", PDF, role="viewer")
    assert Evidence.objects.count() == 1
    stored = [p for p in (settings.MEDIA_ROOT / "evidence").rglob("*") if p.is_file()]
    assert len(stored) == 1, "a refused upload leaves no file behind"


def test_a_stale_upload_leaves_no_file(team, period, activity, settings):
    report = save(team, "editor", activity, period, 0)
    with pytest.raises(workflow.StaleEdit):
        workflow.add_evidence(
            actor=team["editor"],
            access=access_for(team["editor"], team.programme),
            report=report,
            upload=SimpleUploadedFile("a.pdf", PDF),
            based_on=0,
        )
    assert not list((settings.MEDIA_ROOT).rglob("*.pdf"))


def test_the_diff_between_versions_names_what_changed(team, period, activity):
    save(team, "editor", activity, period, 0, progress=Decimal(10), narrative="a")
    report = save(
        team,
        "editor",
        activity,
        period,
        1,
        status="delayed",
        progress=Decimal(10),
        narrative="b",
        spending={"local": (None, Decimal("1000.5"))},
    )
    first, second = (r.snapshot for r in report.revisions.order_by("number"))
    found = {
        c.label: (c.before, c.after) for c in changes(first, second, current_plan(team.programme))
    }
    assert found["Status"] == ("On track", "Delayed")
    assert found["Narrative"] == ("a", "b")
    assert found["Local budget: spent"] == ("", "1,000.5")
    assert "Physical progress, %" not in found


def test_an_amendment_cannot_silently_drop_an_activity_that_has_reports(team, period, activity):
    from jasyl.domain.roadmap.dataset import load_plan, programme_folder
    from jasyl.domain.roadmap.services import AmendmentRefused
    from jasyl.domain.roadmap.services import load_plan as load_into_database

    save(team, "editor", activity, period, 0)
    plan = load_plan(programme_folder("green-almaty"))
    plan.activities = [a for a in plan.activities if a.code != "2.2"]
    section = next(s for s in plan.sections if "2.2" in s.activities)
    section.activities.remove("2.2")
    with pytest.raises(AmendmentRefused, match=r"activity 2\.2"):
        load_into_database(plan=plan, reason="drop 2.2")
    assert team.programme.activities.filter(code="2.2").exists()
    assert team.programme.versions.count() == 1
