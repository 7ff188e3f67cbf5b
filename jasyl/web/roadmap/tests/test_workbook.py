import io

import pytest

from jasyl.core.uploads import XLSX_CONTENT_TYPE
from jasyl.domain.roadmap.models import PlanImport, ProgrammeVersion
from jasyl.domain.roadmap.workbook_import import read_workbook
from jasyl.testing.workbooks import as_bytes, edited, opened, row_of


@pytest.mark.django_db
def test_the_overview_offers_the_workbook_in_the_pages_language(client, roadmap):
    page = client.get("/ru/programmes/green-almaty/roadmap/")
    assert 'href="/ru/programmes/green-almaty/roadmap.xlsx"' in page.content.decode()
    response = client.get("/ru/programmes/green-almaty/roadmap.xlsx")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="green-almaty-ru.xlsx"'
    assert read_workbook(response.content).language == "ru"


IMPORT_URL = "/en/programmes/green-almaty/roadmap/import/"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["reviewer", "auditor", "head", "editor", "viewer"])
def test_only_a_programme_administrator_may_import(client, team, role):
    client.force_login(team[role])
    assert client.get(IMPORT_URL).status_code == 403


@pytest.mark.django_db
def test_the_public_is_sent_to_sign_in(client, roadmap):
    assert client.get(IMPORT_URL).status_code == 302


@pytest.mark.django_db
def test_the_administrator_previews_then_applies_a_workbook(client, team):
    client.force_login(team["administrator"])
    upload = io.BytesIO(edited())
    upload.name = "edited.xlsx"
    preview = client.post(IMPORT_URL, {"file": upload, "reason": "Akimat decision"})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert '<th scope="row">1.4</th><td>2023</td><td>112</td><td>120</td>' in html
    assert ProgrammeVersion.objects.count() == 1
    token = preview.context["token"]
    applied = client.post(IMPORT_URL, {"token": token, "reason": "Akimat decision"}, follow=True)
    assert "the plan is now edition 2" in applied.content.decode()
    assert PlanImport.objects.get().imported_by == team["administrator"]


@pytest.mark.django_db
def test_the_upload_page_lists_every_error_and_imports_nothing(client, team):
    client.force_login(team["administrator"])
    book = opened()
    sheet = book.worksheets[0]
    sheet.cell(row_of(sheet, "1.4"), 8).value = "lots"
    upload = io.BytesIO(as_bytes(book))
    upload.name = "bad.xlsx"
    response = client.post(IMPORT_URL, {"file": upload, "reason": "x"})
    assert response.status_code == 400
    assert "column H: “lots” is text" in response.content.decode()
    assert ProgrammeVersion.objects.count() == 1


def test_only_the_administrator_is_offered_the_import_on_the_overview(client, roadmap, team):
    from django.test import Client

    url = "/en/programmes/green-almaty/roadmap/"
    link = "/en/programmes/green-almaty/roadmap/import/"
    assert link not in client.get(url).content.decode()
    for role, offered in (("administrator", True), ("reviewer", False), ("editor", False)):
        signed_in = Client()
        signed_in.force_login(team[role])
        assert (link in signed_in.get(url).content.decode()) is offered, role
