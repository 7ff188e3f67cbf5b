"""The permission matrix: every role against every reporting page, form and transition, both
allowed and denied. Each case runs in a savepoint that is rolled back, so every role starts
from the same state."""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import contextmanager
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from jasyl.domain.people.access import access_for
from jasyl.domain.reporting import workflow
from jasyl.domain.reporting.models import Evidence, ProgressReport, ReportingPeriod
from jasyl.testing.people import LEAD, ROLES
from jasyl.testing.reports import open_period

PDF = b"%PDF-1.4\n%%EOF\n"
EVERYONE = ["anonymous", *ROLES]
PROGRAMME_OFFICE = {"administrator", "reviewer"}
READS_EVERYTHING = {"administrator", "reviewer", "auditor"}
# Members of the agencies executing activity 2.2 (the lead and a co-executor).
EXECUTORS = {"head", "editor", "viewer", "co_editor", "co_head"}
WRITERS = {"head", "editor", "co_editor", "co_head"}
SIGNED_IN = set(ROLES)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def client_for(team, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(team[role])
    return client


@pytest.fixture
def setup(team):
    period = open_period(team)
    activity = team.programme.activities.get(code="2.2")
    return team, period, activity


def make_report(team, period, activity, state: str = "draft") -> ProgressReport:
    editor = team["editor"]
    report = workflow.save_report(
        actor=editor,
        access=access_for(editor, team.programme),
        activity=activity,
        period=period,
        content=workflow.Content(status="on_track", progress=Decimal(10)),
        based_on=0,
    )
    workflow.add_evidence(
        actor=editor,
        access=access_for(editor, team.programme),
        report=report,
        upload=SimpleUploadedFile("act.pdf", PDF),
        based_on=1,
    )
    steps = {"draft": [], "submitted": [("head", "submit")]}
    steps["approved"] = [*steps["submitted"], ("reviewer", "approve")]
    for role, name in steps[state]:
        user = team[role]
        report = workflow.transition(
            actor=user,
            access=access_for(user, team.programme),
            report=report,
            name=name,
            based_on=ProgressReport.objects.get(pk=report.pk).revision,
        )
    return ProgressReport.objects.get(pk=report.pk)


def check(
    team,
    allowed: set[str],
    attempt: Callable[[Client], tuple[int, bool]],
    ok: int,
    refused: dict[str, int] | None = None,
):
    """Run `attempt` for every role; allowed roles must get `ok` and have the effect, others a
    refusal (login redirect for the public, 403 for the signed-in, or the status `refused`
    names for that role) and no effect."""
    wrong = []
    for role in EVERYONE:
        with rolled_back():
            status, effect = attempt(client_for(team, role))
        if role in allowed:
            expected = (ok, True)
        elif role == "anonymous":
            expected = (302, False)
        else:
            expected = ((refused or {}).get(role, 403), False)
        if (status, effect) != expected:
            wrong.append(f"{role}: got {(status, effect)}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def urls(team, period, activity, name: str, **extra) -> str:
    return reverse(
        f"reporting:{name}",
        kwargs={
            "programme": team.programme.code,
            "period": period.slug,
            "activity": activity.code,
            **extra,
        },
    )


def test_who_reads_the_reporting_pages(setup):
    team, period, activity = setup
    report = make_report(team, period, activity)
    code = team.programme.code
    evidence = report.evidence.get()
    pages = {
        reverse("reporting:inbox", args=[code]): SIGNED_IN,
        reverse("reporting:periods", args=[code]): SIGNED_IN,
        reverse("reporting:period", args=[code, period.slug]): SIGNED_IN,
        reverse("reporting:trail", args=[code]): READS_EVERYTHING,
        urls(team, period, activity, "report"): READS_EVERYTHING | EXECUTORS,
        urls(team, period, activity, "diff") + "?from=1&to=2": READS_EVERYTHING | EXECUTORS,
        urls(team, period, activity, "evidence", pk=evidence.pk): READS_EVERYTHING | EXECUTORS,
    }

    def reader(url):
        def attempt(client):
            status = client.get(url).status_code
            return status, status == 200

        return attempt

    for url, allowed in pages.items():
        check(team, allowed, reader(url), ok=200)


def test_the_period_board_lists_only_what_a_person_may_see(setup):
    team, period, activity = setup
    url = reverse("reporting:period", args=[team.programme.code, period.slug])
    link = urls(team, period, activity, "report")
    for role in SIGNED_IN:
        shown = link in client_for(team, role).get(url).content.decode()
        assert shown == (role in READS_EVERYTHING | EXECUTORS), role


def test_who_writes_a_report(setup):
    team, period, activity = setup
    url = urls(team, period, activity, "report")

    def attempt(client):
        response = client.post(
            url, {"status": "delayed", "progress": "12,5", "narrative": "x", "revision": 0}
        )
        return response.status_code, ProgressReport.objects.filter(status="delayed").exists()

    check(team, WRITERS, attempt, ok=302)


def test_who_uploads_and_removes_evidence(setup):
    team, period, activity = setup
    report = make_report(team, period, activity)
    evidence = report.evidence.get()

    def upload(client):
        response = client.post(
            urls(team, period, activity, "evidence_upload"),
            {"file": SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n...."), "revision": 2},
        )
        return response.status_code, Evidence.objects.filter(name="photo.png").exists()

    def remove(client):
        response = client.post(
            urls(team, period, activity, "evidence_remove", pk=evidence.pk),
            {"revision": 2, "confirm": "on"},
        )
        return response.status_code, Evidence.objects.get(pk=evidence.pk).removed

    check(team, WRITERS, upload, ok=302)
    check(team, WRITERS, remove, ok=302)


@pytest.mark.parametrize(
    ("state", "action", "allowed", "after"),
    [
        ("draft", "submit", {"head"}, "submitted"),
        ("submitted", "approve", PROGRAMME_OFFICE, "approved"),
        ("submitted", "return", PROGRAMME_OFFICE, "returned"),
        ("approved", "reopen", {"administrator"}, "returned"),
    ],
)
def test_who_moves_a_report_along(setup, state, action, allowed, after):
    team, period, activity = setup
    url = urls(team, period, activity, "transition")

    def attempt(client):
        report = make_report(team, period, activity, state)
        response = client.post(
            url,
            {"action": action, "comment": "because", "revision": report.revision, "confirm": "on"},
        )
        return response.status_code, ProgressReport.objects.get(pk=report.pk).state == after

    check(team, allowed, attempt, ok=302)


def test_who_manages_reporting_periods(setup):
    team, period, _activity = setup
    code = team.programme.code

    def create(client):
        response = client.post(
            reverse("reporting:periods", args=[code]),
            {"kind": "quarter", "year": 2025, "quarter": 2},
        )
        return response.status_code, ReportingPeriod.objects.filter(quarter=2).exists()

    def close(client):
        response = client.post(
            reverse("reporting:period_state", args=[code, period.slug]), {"state": "closed"}
        )
        return response.status_code, ReportingPeriod.objects.get(pk=period.pk).state == "closed"

    check(team, {"administrator"}, create, ok=302)
    check(team, {"administrator"}, close, ok=302)


def test_who_downloads_an_agencys_excel_template(setup):
    team, period, _activity = setup
    url = reverse("reporting:template", args=[team.programme.code, period.slug])

    def attempt(client):
        response = client.get(url, {"agency": LEAD})
        return response.status_code, response.content.startswith(b"PK")

    # The lead agency's members, and those who read every agency's reports.
    check(team, READS_EVERYTHING | {"head", "editor", "viewer"}, attempt, ok=200)


def test_who_uploads_a_filled_excel_template(setup):
    team, period, _activity = setup
    url = reverse("reporting:template", args=[team.programme.code, period.slug])
    workbook = openpyxl.load_workbook(
        io.BytesIO(client_for(team, "editor").get(url, {"agency": LEAD}).content)
    )
    sheet = workbook.worksheets[0]
    keys = {cell.value: cell.column for cell in sheet[2]}
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, keys["code"]).value == "2.2")
    sheet.cell(row, keys["status"]).value = "Delayed"
    stream = io.BytesIO()
    workbook.save(stream)

    def attempt(client):
        response = client.post(
            reverse("reporting:template_upload", args=[team.programme.code, period.slug]),
            {"file": SimpleUploadedFile("filled.xlsx", stream.getvalue())},
        )
        return response.status_code, ProgressReport.objects.filter(status="delayed").exists()

    # ТЖД's editor edits reports, but not 2.2's: the row is refused, nothing is written.
    check(team, WRITERS, attempt, ok=302, refused={"outsider": 400})


PUBLIC_PAGES = [
    "/en/",
    "/en/programmes/green-almaty/activities/2.2/",
    "/en/programmes/green-almaty/activities/?q=tree",
    "/en/programmes/green-almaty/sections/environment/",
    "/en/programmes/green-almaty/agencies/ЭжҚОБ/",
]


def test_everyone_reads_the_public_pages_and_nobody_sees_unpublished_work_there(setup):
    team, period, activity = setup
    report = make_report(team, period, activity, "submitted")
    report.narrative = "Unpublished narrative under review"
    report.save()
    for role in EVERYONE:
        client = client_for(team, role)
        for url in PUBLIC_PAGES:
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            assert "Unpublished narrative" not in response.content.decode(), (role, url)
