"""The reporting template against hostile cells and files: a narrative that looks like a
formula stays text in both directions; the upload checks permission, then size, then the
workbook's directory, before reading it."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jasyl.domain.people.access import access_for
from jasyl.domain.reporting import workflow
from jasyl.domain.reporting.models import ProgressReport
from jasyl.domain.reporting.tests.test_workbooks import BASE, Sheet, download, signed_in, upload
from jasyl.domain.roadmap.models import Activity
from jasyl.testing.bombs import gigabyte_bomb
from jasyl.testing.reports import open_period

ATTACK = '=HYPERLINK("http://evil.example","x")'
UPLOAD = BASE.format(language="en") + "template/upload/"


@pytest.fixture
def period(team):
    return open_period(team)


def save_narrative(team, period, narrative: str) -> ProgressReport:
    editor = team["editor"]
    return workflow.save_report(
        actor=editor,
        access=access_for(editor, team.programme),
        activity=Activity.objects.get(programme=team.programme, code="2.2"),
        period=period,
        content=workflow.Content(status="on_track", narrative=narrative),
        based_on=0,
    )


def test_a_formula_in_a_narrative_is_a_text_cell_in_the_lead_agencys_template(team, period):
    save_narrative(team, period, ATTACK)
    head = signed_in(team["head"])
    url = BASE.format(language="en") + "template.xlsx?agency=%D0%AD%D0%B6%D2%9A%D0%9E%D0%91"
    content = head.get(url).content
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml, "no formula anywhere in the sheet"
    cell = Sheet(download(head)).cell("2.2", "narrative")
    assert (cell.value, cell.data_type, cell.quotePrefix) == (ATTACK, "s", True)


@pytest.mark.parametrize("narrative", ["=1+1", ATTACK, "-5 trees", "+ 3 more"])
def test_a_narrative_that_looks_like_a_formula_survives_a_template_round_trip(
    team, period, narrative
):
    save_narrative(team, period, narrative)
    editor = signed_in(team["editor"])
    workbook = download(editor)
    sheet = Sheet(workbook)
    sheet["2.2", "progress"] = 30
    response = upload(editor, workbook)
    assert response.status_code == 302, response.content.decode()[:2000]
    report = ProgressReport.objects.get(activity__code="2.2", period=period)
    assert (report.revision, report.progress, report.narrative) == (2, 30, narrative)


def test_a_viewer_uploading_a_zip_bomb_is_refused_before_it_is_opened(team, period):
    viewer = signed_in(team["viewer"])
    bomb = gigabyte_bomb()
    assert viewer.get(BASE.format(language="en")).status_code == 200, "(the views are loaded)"
    started = time.monotonic()
    response = viewer.post(UPLOAD, {"file": SimpleUploadedFile("bomb.xlsx", bomb)})
    assert response.status_code == 403
    assert time.monotonic() - started < 1


def test_an_editors_zip_bomb_and_a_too_large_file_are_refused_unread(team, period, settings):
    editor = signed_in(team["editor"])
    bomb = gigabyte_bomb()
    response = editor.post(UPLOAD, {"file": SimpleUploadedFile("bomb.xlsx", bomb)})
    assert response.status_code == 400
    assert "The workbook unpacks to 1,073.8 MB; the limit is 100 MB." in response.content.decode()
    settings.JASYL_IMPORT_MAX_BYTES = 500_000
    response = editor.post(UPLOAD, {"file": SimpleUploadedFile("bomb.xlsx", bomb)})
    assert "The file is 1 MB; the limit is 0.5 MB." in response.content.decode()
