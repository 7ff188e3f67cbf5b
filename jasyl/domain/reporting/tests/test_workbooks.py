"""The per-agency Excel template: downloaded from the pages, filled with openpyxl as a person
would in Excel, uploaded back."""

from __future__ import annotations

import io
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl.utils import get_column_letter

from jasyl.domain.people.access import access_for
from jasyl.domain.reporting import workflow
from jasyl.domain.reporting.models import AuditEntry, ProgressReport, ReportRevision
from jasyl.testing.people import LEAD
from jasyl.testing.reports import open_period

BASE = "/{language}/programmes/green-almaty/reporting/2025/"


@pytest.fixture
def period(team):
    return open_period(team)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def download(client: Client, agency: str = LEAD, language: str = "en") -> openpyxl.Workbook:
    url = BASE.format(language="en") + f"template.xlsx?agency={quote(agency)}&language={language}"
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def upload(client: Client, workbook: openpyxl.Workbook, language: str = "en"):
    stream = io.BytesIO()
    workbook.save(stream)
    return client.post(
        BASE.format(language=language) + "template/upload/",
        {"file": SimpleUploadedFile("filled.xlsx", stream.getvalue())},
    )


class Sheet:
    """The Reports sheet addressed by column key and activity code, as the hidden row 2 says."""

    def __init__(self, workbook: openpyxl.Workbook) -> None:
        self.sheet = workbook.worksheets[0]
        self.keys = {cell.value: cell.column for cell in self.sheet[2] if cell.value is not None}
        self.rows = {
            self.sheet.cell(r, self.keys["code"]).value: r for r in range(3, self.sheet.max_row + 1)
        }

    def cell(self, code: str, key: str):
        return self.sheet.cell(self.rows[code], self.keys[key])

    def __setitem__(self, where: tuple[str, str], value) -> None:
        self.cell(*where).value = value

    def __getitem__(self, where: tuple[str, str]):
        return self.cell(*where).value

    def letter(self, key: str) -> str:
        return get_column_letter(self.keys[key])


def fill_2_2(sheet: Sheet) -> None:
    sheet["2.2", "status"] = "Delayed"
    sheet["2.2", "progress"] = 42.5
    sheet["2.2", "output:trees_shrubs_planted"] = 120000
    sheet["2.2", "output:flower_beds_area"] = "95 000,5"
    sheet["2.2", "committed:local"] = 4000
    sheet["2.2", "spent:local"] = 3500.25
    sheet["2.2", "kpi:flower_beds_area"] = 180000
    sheet["2.2", "narrative"] = "Autumn planting delayed by the drought."


def test_round_trip_creates_the_draft_and_the_next_download_shows_it(team, period):
    editor = signed_in(team["editor"])
    workbook = download(editor)
    sheet = Sheet(workbook)
    # The plan's figures for 2025 are prefilled.
    assert sheet["2.2", "period"] == "2025"
    assert sheet["2.2", "planned_amount"] == 8021
    assert sheet["2.2", "planned:trees_shrubs_planted"] == 320000
    assert sheet["2.2", "planned_source:local"] == 62440
    assert sheet["2.2", "revision"] == 0
    assert "1.1" not in sheet.rows, "1.1 is not implemented in 2025"
    fill_2_2(sheet)

    response = upload(editor, workbook)
    assert response.status_code == 302
    page = editor.get(response["Location"]).content.decode()
    assert "1 report(s) created, 0 updated" in page

    report = ProgressReport.objects.get(activity__code="2.2", period=period)
    assert (report.state, report.status, report.progress, report.revision) == (
        "draft",
        "delayed",
        Decimal("42.5"),
        1,
    )
    assert report.narrative == "Autumn planting delayed by the drought."
    quantities = {(q.kind, q.measure.code): q.value for q in report.quantities.all()}
    assert quantities == {
        ("output", "trees_shrubs_planted"): Decimal(120000),
        ("output", "flower_beds_area"): Decimal("95000.5"),
        ("kpi", "flower_beds_area"): Decimal(180000),
    }
    spending = report.spending.get()
    assert (spending.source.code, spending.committed, spending.spent) == (
        "local",
        Decimal(4000),
        Decimal("3500.25"),
    )
    # Audited as a save from the form is.
    assert AuditEntry.objects.filter(report=report, action="saved", actor=team["editor"]).exists()
    assert ProgressReport.objects.filter(period=period).count() == 1, "blank rows create nothing"

    again = Sheet(download(editor))
    assert again["2.2", "revision"] == 1
    assert again["2.2", "status"] == "Delayed"
    assert again["2.2", "progress"] == 42.5
    assert again["2.2", "spent:local"] == 3500.25
    assert again["2.2", "narrative"] == "Autumn planting delayed by the drought."


def test_a_second_upload_updates_the_draft_and_leaves_unchanged_rows_alone(team, period):
    editor = signed_in(team["editor"])
    workbook = download(editor)
    fill_2_2(Sheet(workbook))
    upload(editor, workbook)
    workbook = download(editor)
    sheet = Sheet(workbook)
    sheet["2.2", "progress"] = 60
    response = upload(editor, workbook)
    assert response.status_code == 302
    assert "0 report(s) created, 1 updated" in editor.get(response["Location"]).content.decode()
    report = ProgressReport.objects.get()
    assert (report.progress, report.revision) == (Decimal(60), 2)
    # Uploading the same file again changes nothing: no new revision.
    workbook = download(editor)
    assert upload(editor, workbook).status_code == 302
    assert ProgressReport.objects.get().revision == 2


def test_the_sheet_is_protected_and_only_the_report_cells_are_editable(team, period):
    workbook = download(signed_in(team["editor"]))
    sheet = Sheet(workbook)
    assert sheet.sheet.protection.sheet is True
    assert workbook.worksheets[1].protection.sheet is True
    for key in ("code", "name", "period", "planned_amount", "planned:trees_shrubs_planted"):
        assert sheet.cell("2.2", key).protection.locked, key
    for key in ("status", "progress", "output:trees_shrubs_planted", "spent:local", "narrative"):
        assert not sheet.cell("2.2", key).protection.locked, key
    # A measure of another activity's plan is locked on this activity's row.
    assert sheet.cell("2.2", "output:hazardous_trees_felled").protection.locked
    assert not sheet.cell("2.3", "output:hazardous_trees_felled").protection.locked
    revision = sheet.letter("revision")
    assert sheet.sheet.column_dimensions[revision].hidden
    assert sheet.cell("2.2", "revision").protection.locked
    assert sheet.sheet.row_dimensions[2].hidden, "the row of column keys is hidden"

    status = sheet.letter("status")
    lists = [v for v in sheet.sheet.data_validations.dataValidation if v.type == "list"]
    assert len(lists) == 1
    assert f"{status}3" in str(lists[0].sqref)
    guide = workbook.worksheets[1]
    first, last = lists[0].formula1.split("!")[1].replace("$", "").split(":")
    offered = [c.value for row in guide[first:last] for c in row]
    assert offered == ["Not started", "On track", "Delayed", "Completed", "Cancelled"]


def test_headers_instructions_and_statuses_come_in_the_chosen_language(team, period):
    workbook = download(signed_in(team["editor"]), language="ru")
    sheet = Sheet(workbook)
    assert workbook.sheetnames == ["Отчёты", "Инструкция"]
    assert sheet.sheet.cell(1, sheet.keys["status"]).value == "Статус исполнения"
    assert sheet["2.2", "name"] == team.programme.activities.get(code="2.2").name_ru
    kazakh = download(signed_in(team["editor"]), language="kk")
    assert kazakh.sheetnames[0] == "Есептер"
    # A Russian status label is read back as its code, whatever the uploader's language.
    sheet["2.2", "status"] = "Завершено"
    assert upload(signed_in(team["editor"]), workbook).status_code == 302
    assert ProgressReport.objects.get().status == "completed"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("progress", 150, "Physical progress must be between 0 and 100 %."),
        ("spent:local", "a lot", "“a lot” is not a number."),
        ("status", "Finished soon", "“Finished soon” is not a status"),
        ("output:trees_shrubs_planted", -5, "Ensure this value is greater than or equal to 0."),
        ("code", "99.9", "“99.9” is not an activity of this programme."),
    ],
)
def test_a_malformed_cell_names_its_place_and_nothing_is_written(team, period, key, value, message):
    editor = signed_in(team["editor"])
    workbook = download(editor)
    sheet = Sheet(workbook)
    fill_2_2(sheet)
    sheet["2.3", "status"] = "On track"  # a good row: not saved either
    row = sheet.rows["2.2"]
    letter = sheet.letter(key)
    sheet["2.2", key] = value
    response = upload(editor, workbook)
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Sheet “Reports”, row {row}, column {letter}:" in page
    assert message in page
    assert not ProgressReport.objects.exists()


def test_errors_come_in_the_uploaders_language(team, period):
    editor = signed_in(team["editor"])
    workbook = download(editor)
    sheet = Sheet(workbook)
    sheet["2.2", "status"] = "On track"
    sheet["2.2", "progress"] = 101
    response = upload(editor, workbook, language="ru")
    page = response.content.decode()
    assert f"Лист «Reports», строка {sheet.rows['2.2']}, столбец {sheet.letter('progress')}" in page


def test_a_row_of_an_activity_the_uploader_may_not_edit_is_refused(team, period):
    workbook = download(signed_in(team["editor"]))
    sheet = Sheet(workbook)
    fill_2_2(sheet)
    sheet["1.3", "status"] = "On track"  # 1.3 is the lead agency's alone
    response = upload(signed_in(team["co_editor"]), workbook)
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        f"row {sheet.rows['1.3']}, column A: You may not edit the report of activity 1.3." in page
    )
    assert not ProgressReport.objects.exists(), "2.2, which the district may edit, neither"


def test_a_row_someone_saved_after_the_download_is_refused(team, period):
    editor = signed_in(team["editor"])
    workbook = download(editor)
    # The district akimat saves 2.2 in the web form meanwhile.
    signed_in(team["co_editor"]).post(
        BASE.format(language="en") + "2.2/",
        {"status": "on_track", "narrative": "district's figures", "revision": 0},
    )
    sheet = Sheet(workbook)
    fill_2_2(sheet)
    response = upload(editor, workbook)
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        f"row {sheet.rows['2.2']}, column A: Someone saved this report after the template" in page
    )
    report = ProgressReport.objects.get()
    assert (report.narrative, report.revision) == ("district's figures", 1)


def test_an_approved_reports_row_is_refused(team, period):
    editor = signed_in(team["editor"])
    workbook = download(editor)
    fill_2_2(Sheet(workbook))
    upload(editor, workbook)
    report = ProgressReport.objects.get()
    for role, action in (("head", "submit"), ("reviewer", "approve")):
        user = team[role]
        report = workflow.transition(
            actor=user,
            access=access_for(user, team.programme),
            report=report,
            name=action,
            based_on=report.revision,
        )
    workbook = download(editor)
    sheet = Sheet(workbook)
    assert sheet["2.2", "state"] == "Approved"
    assert sheet.cell("2.2", "progress").protection.locked, "an approved report's row is locked"
    assert upload(editor, workbook).status_code == 302, "unchanged, it is simply left alone"
    sheet["2.2", "progress"] = 99
    response = upload(editor, workbook)
    assert response.status_code == 400
    assert "This report is approved and cannot be changed." in response.content.decode()
    assert ProgressReport.objects.get().progress == Decimal("42.5")
    assert ReportRevision.objects.count() == 1


def test_a_file_that_is_not_a_template_is_refused(team, period):
    editor = signed_in(team["editor"])
    response = editor.post(
        BASE.format(language="en") + "template/upload/",
        {"file": SimpleUploadedFile("notes.xlsx", b"not a workbook")},
    )
    assert response.status_code == 400
    assert "not a readable Excel workbook" in response.content.decode()
    blank = openpyxl.Workbook()
    blank.active.append(["code", "status"])
    response = upload(editor, blank)
    assert response.status_code == 400
    assert "is not a reporting template" in response.content.decode()


def test_the_period_page_offers_the_download_and_the_upload(team, period):
    page = signed_in(team["editor"]).get(BASE.format(language="en")).content.decode()
    assert "Download the Excel template" in page
    assert "Upload a filled template" in page
    viewer_page = signed_in(team["viewer"]).get(BASE.format(language="en")).content.decode()
    assert "Download the Excel template" in viewer_page
    assert "Upload a filled template" not in viewer_page
    inbox = signed_in(team["reviewer"]).get("/en/programmes/green-almaty/reporting/")
    assert "Download the Excel template" in inbox.content.decode()
