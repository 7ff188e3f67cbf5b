"""The report form and its workflow as an official meets them: refusals that say what happened,
the reviewer's comment where the editor starts, confirmations before what is hard to undo, a
closed period that stays in the inbox, fields that match the activity's plan, and the audit
trail's filters."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jasyl.domain.people.access import access_for
from jasyl.domain.reporting import workflow
from jasyl.domain.reporting.models import AuditEntry, ProgressReport
from jasyl.testing.reports import open_period
from jasyl.web.reporting.tests.test_views import URL, signed_in

PDF = b"%PDF-1.4\n%%EOF\n"
TRAIL = "/en/programmes/green-almaty/reporting/trail/"


@pytest.fixture
def period(team):
    return open_period(team, quarter=1)


def act(team, role, report, name, comment=""):
    user = team[role]
    return workflow.transition(
        actor=user,
        access=access_for(user, team.programme),
        report=report,
        name=name,
        comment=comment,
        based_on=report.revision,
    )


def drafted(team, period, narrative="draft"):
    editor = team["editor"]
    return workflow.save_report(
        actor=editor,
        access=access_for(editor, team.programme),
        activity=team.programme.activities.get(code="2.2"),
        period=period,
        content=workflow.Content(status="on_track", narrative=narrative),
        based_on=0,
    )


def test_a_stale_submit_says_nothing_was_done_not_that_typed_input_was_lost(team, period):
    report = drafted(team, period)
    signed_in(team["editor"]).post(URL, {"status": "delayed", "revision": 1})
    page = (
        signed_in(team["head"])
        .post(URL + "transition/", {"action": "submit", "revision": 1}, follow=True)
        .content.decode()
    )
    assert "so nothing was done" in page
    assert "your input is still in the form" not in page
    report.refresh_from_db()
    assert report.state == "draft"


def test_a_returned_report_shows_the_reviewers_comment_above_the_form(team, period):
    report = act(team, "head", drafted(team, period), "submit")
    act(team, "reviewer", report, "return", "Attach the acceptance act for March.")
    page = signed_in(team["editor"]).get(URL).content.decode()
    comment = page.index("Attach the acceptance act for March.")
    assert comment < page.index('id="edit"') < page.index('id="history"')
    assert "Returned by Reviewer" in page[:comment]


def test_evidence_messages_stand_beside_the_field_in_the_pages_number_format(
    team, period, settings
):
    settings.JASYL_EVIDENCE_MAX_BYTES = 100_000
    drafted(team, period)
    editor = signed_in(team["editor"])
    page = editor.get(URL).content.decode()
    assert "at most 0.1 MB" in page, "the form states the limit"
    response = editor.post(
        URL.replace("/en/", "/ru/") + "evidence/",
        {"file": SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 260_000), "revision": 1},
        follow=True,
    )
    page = response.content.decode()
    message = page.index("big.pdf")
    assert page.index('id="evidence"') < message < page.index('name="file"')
    assert "0,3" in page[message : message + 200] and "0,1" in page[message : message + 200]


def test_approve_reopen_and_evidence_removal_need_a_confirmation(team, period):
    report = drafted(team, period)
    evidence = workflow.add_evidence(
        actor=team["editor"],
        access=access_for(team["editor"], team.programme),
        report=report,
        upload=SimpleUploadedFile("act.pdf", PDF),
        based_on=1,
    )
    editor = signed_in(team["editor"])
    remove = URL + f"evidence/{evidence.pk}/remove/"
    assert 'name="confirm" required' in editor.get(URL).content.decode()
    page = editor.post(remove, {"revision": 2}, follow=True).content.decode()
    assert "the file was not removed" in page
    evidence.refresh_from_db()
    assert not evidence.removed
    editor.post(remove, {"revision": 2, "confirm": "on"})
    evidence.refresh_from_db()
    assert evidence.removed

    report = act(team, "head", ProgressReport.objects.get(), "submit")
    admin = signed_in(team["administrator"])
    unconfirmed = admin.post(
        URL + "transition/", {"action": "approve", "revision": report.revision}, follow=True
    )
    assert "Tick the box to confirm; nothing was changed." in unconfirmed.content.decode()
    assert ProgressReport.objects.get().state == "submitted"
    admin.post(
        URL + "transition/", {"action": "approve", "revision": report.revision, "confirm": "on"}
    )
    assert ProgressReport.objects.get().state == "approved"
    admin.post(URL + "transition/", {"action": "reopen", "comment": "why", "revision": 3})
    assert ProgressReport.objects.get().state == "approved", "reopening too asks first"


def test_a_closed_period_stays_in_the_agencys_inbox_read_only_with_the_reason(team, period):
    drafted(team, period)
    admin = team["administrator"]
    workflow.set_period_state(
        actor=admin,
        access=access_for(admin, team.programme),
        period=period,
        state="closed",
        comment="Treasury figures are final.",
    )
    editor = signed_in(team["editor"])
    inbox = editor.get("/en/programmes/green-almaty/reporting/").content.decode()
    assert "2025 Q1" in inbox and "Treasury figures are final." in inbox
    assert URL in inbox
    page = editor.get(URL).content.decode()
    assert 'name="narrative"' not in page
    assert "agencies can no longer change its reports" in page
    assert "Treasury figures are final." in page


def test_the_form_fits_the_activitys_plan(team):
    # Activity 2.2 is funded from the local budget alone; its KPIs count the same measures as
    # its outputs; the 2026 reporting year is one fifth of the budget period 2026-2030.
    open_period(team, year=2026)
    page = signed_in(team["editor"]).get(URL.replace("2025-q1", "2026")).content.decode()
    assert 'name="spent-local"' in page and 'name="spent-republican"' not in page
    assert "Achieved in the period: Tree and shrub seedlings planted" in page
    assert "KPI, value at the end of the period: Tree and shrub seedlings planted" in page
    # 39 144 for 2026-2030 spread over its 1 826 days: 365 of them are 2026's.
    assert "This period's share: 7,824.5" in page
    assert "39,144" in page and "for the whole budget period 2026-2030" in page


def test_the_diff_names_its_versions_and_the_trail_filters_and_marks_sample_entries(team, period):
    report = drafted(team, period)
    signed_in(team["editor"]).post(URL, {"status": "delayed", "revision": 1})
    auditor = signed_in(team["auditor"])
    diff = auditor.get(URL + "diff/").content.decode()
    assert "<title>2.2 · 2025 Q1 · Changes from version 1 to version 2" in diff

    sample = open_period(team, year=2024)
    sample.sample = True
    sample.save()
    act(team, "head", ProgressReport.objects.get(pk=report.pk), "submit")
    everything = auditor.get(TRAIL).content.decode()
    assert everything.count("badge-sample") == 1, "the sample period's entry is marked"
    head = team["head"].pk
    today = timezone.localdate().isoformat()
    found = auditor.get(
        TRAIL, {"actor": head, "action": "submitted", "activity": "2.2", "since": today}
    ).content.decode()
    assert "1 entry" in found and "Submitted" in found
    assert (
        auditor.get(TRAIL, {"action": "saved", "activity": "9.9"}).content.decode().count("<tr><td")
        == 0
    )
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert "0 entries" in auditor.get(TRAIL, {"since": tomorrow}).content.decode()
    assert AuditEntry.objects.count() > 1
    bad = auditor.get(TRAIL, {"since": tomorrow, "until": today})
    assert bad.status_code == 400


def test_a_language_switch_after_a_refused_post_leads_to_a_page_not_a_405(team, period):
    editor = signed_in(team["editor"])
    upload = "/en/programmes/green-almaty/reporting/2025-q1/template/upload/"
    refused = editor.post(upload, {})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Another language opens this page afresh" in page
    assert 'href="/ru/programmes/green-almaty/reporting/2025-q1/template/upload/"' in page
    assert editor.get(upload.replace("/en/", "/ru/")).status_code == 200
    invalid = editor.post(URL, {"status": "on_track", "progress": "150", "revision": 0})
    assert "Another language opens this page afresh" in invalid.content.decode()
    assert "Another language" not in editor.get(URL).content.decode()
    assert Decimal(0) == ProgressReport.objects.count()


@pytest.mark.parametrize(
    ("language", "words"), [("kk", "Үлгі деректер"), ("ru", "Демонстрационные данные")]
)
def test_the_trail_names_the_sample_commands_entries_in_the_pages_language(
    team, period, language, words
):
    from jasyl.samples.progress import generate

    generate(period.programme, through=2022)
    page = signed_in(team["auditor"]).get(TRAIL.replace("/en/", f"/{language}/"))
    text = page.content.decode()
    assert page.status_code == 200
    assert f'<td class="prewrap">{words}</td>' in text
    assert AuditEntry.SAMPLE_COMMENT not in text, "the command's code is no word for people"
