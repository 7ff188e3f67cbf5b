"""The log of imports: who sees which imports, the kept file, the progress of a running one."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from jasyl.core.imports.pipeline import ImportContext, start_import
from jasyl.core.models import ImportLog
from jasyl.domain.indicators.services import sync_indicators

BASE = "/en/programmes/green-almaty/"
GOOD = b"indicator,date,value,source\n2.2:trees_shrubs_planted,2022-12-31,240000,report\n"
BAD = b"indicator,date,value,source\n2.2:trees_shrubs_planted,someday,1,report\n"


@pytest.fixture
def registry(roadmap):
    sync_indicators(roadmap)
    return roadmap


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, content: bytes, **extra: str):
    data = {"file": SimpleUploadedFile("values.csv", content), **extra}
    return client.post(BASE + "indicators/import/", data, follow=True)


def test_the_office_sees_every_import_and_an_editor_only_their_own(registry, team):
    upload(signed_in(team["editor"]), GOOD)
    upload(signed_in(team["reviewer"]), BAD)
    office = signed_in(team["reviewer"]).get(BASE + "imports/").content.decode()
    assert office.count("values.csv") == 2
    own = signed_in(team["editor"]).get(BASE + "imports/").content.decode()
    assert own.count("values.csv") == 1
    refused = ImportLog.objects.get(status=ImportLog.Status.REFUSED)
    assert signed_in(team["editor"]).get(BASE + f"imports/{refused.pk}/").status_code == 404


def test_a_refused_import_shows_its_rows_and_gives_back_its_file(registry, team):
    office = signed_in(team["reviewer"])
    upload(office, BAD)
    log = ImportLog.objects.get()
    page = office.get(BASE + f"imports/{log.pk}/").content.decode()
    assert "refused: nothing written" in page
    assert "row 2, column date: date “someday” is not a date (write YYYY-MM-DD)." in page
    download = office.get(BASE + f"imports/{log.pk}/file")
    assert b"".join(download.streaming_content) == BAD
    assert 'filename="values.csv"' in download["Content-Disposition"]


def test_a_dry_run_from_the_page_says_what_would_change_and_writes_nothing(registry, team):
    response = upload(signed_in(team["reviewer"]), GOOD, dry_run="1")
    page = response.content.decode()
    assert "Check only: every row is correct; nothing was written." in page
    assert "1 created, 0 updated, 0 unchanged." in page
    assert ImportLog.objects.get().status == ImportLog.Status.CHECKED
    assert not registry.indicators.filter(observations__isnull=False).exists()


def test_an_import_waiting_for_the_worker_reloads_its_page(registry, team):
    with translation.override("en"), SimpleUploadedFile("values.csv", GOOD) as content:
        log = start_import(
            "indicator-values",
            "values.csv",
            content,
            context=ImportContext(actor=team["reviewer"], scope=registry.code),
            dry_run=False,
        )
    page = signed_in(team["reviewer"]).get(BASE + f"imports/{log.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Waiting for the background worker." in page


def test_the_public_sees_no_import(registry, team):
    upload(signed_in(team["reviewer"]), GOOD)
    response = Client().get(BASE + "imports/")
    assert response.status_code == 302 and "/login" in response["Location"]
