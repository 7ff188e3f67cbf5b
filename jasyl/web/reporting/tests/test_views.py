"""The report page as people use it: conflicting edits, bad input, and its query count."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jasyl.domain.people.access import access_for
from jasyl.domain.reporting import workflow
from jasyl.domain.reporting.models import ProgressReport
from jasyl.testing.reports import open_period

URL = "/en/programmes/green-almaty/reporting/2025-q1/2.2/"


@pytest.fixture
def period(team):
    return open_period(team, quarter=1)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_two_people_editing_at_once_the_second_is_told_and_keeps_their_input(team, period):
    editor, district = signed_in(team["editor"]), signed_in(team["co_editor"])
    editor.post(URL, {"status": "on_track", "narrative": "first draft", "revision": 0})
    # Both open revision 1; the district akimat saves first.
    district.post(URL, {"status": "on_track", "narrative": "district's figures", "revision": 1})
    response = editor.post(
        URL, {"status": "delayed", "narrative": "editor's own text", "revision": 1}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this report after you opened it" in page
    assert "editor&#x27;s own text" in page, "the refused input is still in the form"
    assert "district&#x27;s figures" in page, "and the saved version is shown beside it"
    report = ProgressReport.objects.get()
    assert (report.narrative, report.status, report.revision) == (
        "district's figures",
        "on_track",
        2,
    )
    # The refused form now carries the revision it was shown beside: having compared, the
    # editor saves again deliberately, and it is accepted.
    assert 'name="revision" value="2"' in page
    again = editor.post(URL, {"status": "delayed", "narrative": "editor's own text", "revision": 2})
    assert again.status_code == 302
    assert ProgressReport.objects.get().narrative == "editor's own text"


def test_bad_input_names_the_field_and_writes_nothing(team, period):
    editor = signed_in(team["editor"])
    response = editor.post(
        URL, {"status": "on_track", "progress": "150", "spent-local": "a lot", "revision": 0}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The report was not saved; correct the marked fields." in page
    assert page.count('aria-invalid="true"') == 2
    assert not ProgressReport.objects.exists()


def test_a_wrong_evidence_file_is_refused_with_its_name(team, period):
    editor = signed_in(team["editor"])
    editor.post(URL, {"status": "on_track", "revision": 0})
    response = editor.post(
        URL + "evidence/",
        {"file": SimpleUploadedFile("photo.png", b"GIF89a not a png"), "revision": 1},
        follow=True,
    )
    assert "“photo.png” is not a real png file." in response.content.decode()
    assert not ProgressReport.objects.get().evidence.exists()


def test_the_report_page_reads_in_a_fixed_number_of_queries(
    team, period, django_assert_num_queries
):
    editor = signed_in(team["editor"])
    editor.post(
        URL,
        {
            "status": "on_track",
            "spent-local": "1",
            "output-trees_shrubs_planted": "1",
            "revision": 0,
        },
    )
    editor.get(URL)  # the plan is now cached
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert editor.get(URL).status_code == 200
    report = ProgressReport.objects.get()
    for n in range(1, 9):
        report = workflow.save_report(
            actor=team["editor"],
            access=access_for(team["editor"], team.programme),
            activity=report.activity,
            period=period,
            content=workflow.Content(
                status="on_track",
                progress=Decimal(n),
                spending={"local": (Decimal(n), Decimal(n))},
                outputs={"trees_shrubs_planted": Decimal(n)},
            ),
            based_on=report.revision,
        )
        workflow.add_evidence(
            actor=team["editor"],
            access=access_for(team["editor"], team.programme),
            report=report,
            upload=SimpleUploadedFile(f"act-{n}.pdf", b"%PDF-1.4\n%%EOF"),
            based_on=report.revision,
        )
        report.refresh_from_db()
    with django_assert_num_queries(len(few)):
        assert editor.get(URL).status_code == 200
