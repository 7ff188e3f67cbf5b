"""The import pages within limits: permission before the file is read, then its size, its rows
and its errors capped; the body limit answers before Django reads an oversized request."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jasyl.core import uploads
from jasyl.core.imports import sources
from jasyl.domain.indicators.models import Observation
from jasyl.domain.indicators.services import sync_indicators
from jasyl.testing.bombs import gigabyte_bomb

VALUES = "/en/programmes/green-almaty/indicators/import/"
CHECKS = "/en/programmes/green-almaty/air/exhaust-checks/import/"


@pytest.fixture
def registry(roadmap):
    sync_indicators(roadmap)
    return roadmap


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reader_calls():
    """Every call of the upload reader and of the workbook check, for proof that a refused
    upload was never opened."""
    with (
        mock.patch.object(sources, "read_rows", wraps=uploads.read_rows) as tables,
        mock.patch.object(sources, "check_archive", wraps=uploads.check_archive) as zipped,
        mock.patch.object(uploads, "check_archive", wraps=uploads.check_archive) as archive,
    ):
        yield lambda: tables.call_count + zipped.call_count + archive.call_count


@pytest.mark.parametrize("url", [VALUES, CHECKS])
def test_a_viewer_uploading_a_zip_bomb_is_refused_before_the_file_is_opened(
    registry, team, reader_calls, url, settings
):
    viewer = signed_in(team["viewer"])
    bomb = gigabyte_bomb()
    assert viewer.get(url).status_code == 403, "(and the URLs and views are loaded)"
    started = time.monotonic()
    response = viewer.post(url, {"file": SimpleUploadedFile("bomb.xlsx", bomb)})
    assert response.status_code == 403
    assert reader_calls() == 0
    assert time.monotonic() - started < 1


def test_an_anonymous_50_mb_upload_is_refused_before_it_is_read(registry, reader_calls):
    started = time.monotonic()
    response = Client().post(VALUES, {"file": SimpleUploadedFile("big.csv", b"0" * 50_000_000)})
    assert response.status_code == 413
    assert "The upload is too large" in response.content.decode()
    assert reader_calls() == 0
    assert time.monotonic() - started < 5


def test_a_body_over_the_limit_is_refused_for_a_signed_in_person_too(registry, team, settings):
    settings.JASYL_MAX_REQUEST_BYTES = 2_000_000
    response = signed_in(team["reviewer"]).post(
        VALUES, {"file": SimpleUploadedFile("big.csv", b"0" * 3_000_000)}
    )
    assert response.status_code == 413
    assert "at most 2 MB" in response.content.decode()


def test_a_file_over_the_import_size_is_refused_unread_naming_the_limit(
    registry, team, reader_calls, settings
):
    settings.JASYL_IMPORT_MAX_BYTES = 1_000_000
    response = signed_in(team["reviewer"]).post(
        VALUES, {"file": SimpleUploadedFile("big.csv", b"indicator\n" + b"x" * 1_500_000)}
    )
    assert response.status_code == 400
    assert "The file is 1.5 MB; the limit is 1 MB." in response.content.decode()
    assert reader_calls() == 0


def test_a_zip_bomb_from_someone_who_may_import_is_refused_from_its_directory(registry, team):
    reviewer, bomb = signed_in(team["reviewer"]), gigabyte_bomb()
    assert reviewer.get(VALUES).status_code == 200
    started = time.monotonic()
    response = reviewer.post(VALUES, {"file": SimpleUploadedFile("bomb.xlsx", bomb)})
    assert response.status_code == 400
    assert "The workbook unpacks to 1,073.8 MB; the limit is 100 MB." in response.content.decode()
    assert time.monotonic() - started < 1


def test_a_file_over_the_row_cap_is_refused_naming_the_limit(registry, team, settings):
    settings.JASYL_IMPORT_MAX_ROWS = 500
    rows = "".join(f"1:air_emissions,{2000 + n % 20}-12-31,1,x\n" for n in range(501))
    response = signed_in(team["reviewer"]).post(
        VALUES,
        {"file": SimpleUploadedFile("long.csv", b"indicator,date,value,source\n" + rows.encode())},
    )
    assert response.status_code == 400
    assert "more than 500 rows" in response.content.decode()
    assert not Observation.objects.exists()


def test_a_5_mb_file_of_bad_rows_gives_a_short_page_that_says_how_many_more(registry, team):
    line = "2.2:trees_shrubs_planted,not a date,1," + "source " * 10 + "\n"
    count = 5_000_000 // len(line)
    content = ("indicator,date,value,source\n" + line * count).encode()
    assert len(content) > 4_900_000
    response = signed_in(team["reviewer"]).post(
        VALUES, {"file": SimpleUploadedFile("bad.csv", content)}, follow=True
    )
    page = response.content.decode()
    # A file this large is imported by the background worker; its log's page says how it ended.
    assert response.redirect_chain[0][0].startswith("/en/programmes/green-almaty/imports/")
    assert "refused: nothing written" in page
    assert len(response.content) < 100_000
    assert page.count("is not a date") == 100
    assert f"and {count - 100:,} more" in page
