"""The PDF downloads: public, in the language of the URL, with a file name; and the CLI."""

from __future__ import annotations

import pypdfium2
import pytest
from django.core.management import CommandError, call_command

from jasyl.testing.reports import approved_reports


def text_of(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@pytest.fixture
def official(roadmap):
    approved_reports(roadmap, ["2.2"], year=2023)
    return roadmap


def test_anyone_downloads_the_period_report_in_the_language_of_the_url(client, official):
    response = client.get("/ru/programmes/green-almaty/reports/2023.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="green-almaty-2023-ru.pdf"' in response["Content-Disposition"]
    assert "Отчёт о ходе реализации за 2023" in text_of(response.content)


def test_activity_sheet_downloads_in_english(client, official):
    response = client.get("/en/programmes/green-almaty/activities/2.2/sheet.pdf")
    assert response.status_code == 200
    assert 'filename="green-almaty-activity-2.2-en.pdf"' in response["Content-Disposition"]
    assert "Greening the territory of Almaty" in text_of(response.content)


def test_unknown_period_or_activity_is_not_found(client, roadmap):
    assert client.get("/kk/programmes/green-almaty/reports/2024-q2.pdf").status_code == 404
    assert client.get("/kk/programmes/green-almaty/reports/nonsense.pdf").status_code == 404
    assert client.get("/kk/programmes/green-almaty/activities/99.9/sheet.pdf").status_code == 404


def test_activity_page_links_to_its_sheet(client, roadmap):
    page = client.get("/kk/programmes/green-almaty/activities/1.6/").content.decode()
    assert "/kk/programmes/green-almaty/activities/1.6/sheet.pdf" in page


def test_period_page_links_to_the_period_report(client, team):
    approved_reports(team.programme, ["2.2"], year=2023)
    client.force_login(team["reviewer"])
    page = client.get("/en/programmes/green-almaty/reporting/2023/").content.decode()
    assert "/en/programmes/green-almaty/reports/2023.pdf" in page


def test_cli_writes_the_report_and_names_a_wrong_period(official, tmp_path):
    output = tmp_path / "report.pdf"
    call_command("report_pdf", period="2023", language="en", output=output)
    assert "Progress report for 2023" in text_of(output.read_bytes())
    with pytest.raises(CommandError, match=r"--period: .*2025-q4.*periods: 2023"):
        call_command("report_pdf", period="2025-q4", language="en", output=output)
