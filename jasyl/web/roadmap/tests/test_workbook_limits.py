"""The roadmap workbook upload within limits: only the administrator's file is read, and only
once its size and its ZIP directory pass."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jasyl.testing.bombs import gigabyte_bomb
from jasyl.web.roadmap import views

IMPORT_URL = "/en/programmes/green-almaty/roadmap/import/"


def post_bomb(client: Client):
    bomb = gigabyte_bomb()
    started = time.monotonic()
    with mock.patch.object(views, "read_workbook", wraps=views.read_workbook) as reader:
        response = client.post(
            IMPORT_URL, {"file": SimpleUploadedFile("plan.xlsx", bomb), "reason": "x"}
        )
    return response, reader.call_count, time.monotonic() - started


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_someone_who_may_not_import_is_refused_before_the_file_is_read(client, team, role):
    client.force_login(team[role])
    client.get(IMPORT_URL)  # the URLs and views are loaded
    response, reads, seconds = post_bomb(client)
    assert (response.status_code, reads) == (403, 0)
    assert seconds < 1


@pytest.mark.django_db
def test_the_administrators_zip_bomb_is_refused_from_its_directory(client, team):
    client.force_login(team["administrator"])
    client.get(IMPORT_URL)  # the URLs and views are loaded
    response, _reads, seconds = post_bomb(client)
    assert response.status_code == 400
    assert "The workbook unpacks to 1,073.8 MB; the limit is 100 MB." in response.content.decode()
    assert seconds < 1


@pytest.mark.django_db
def test_a_workbook_over_the_size_limit_is_refused_unread(client, team, settings):
    settings.JASYL_IMPORT_MAX_BYTES = 100_000
    client.force_login(team["administrator"])
    response, reads, _seconds = post_bomb(client)
    assert (response.status_code, reads) == (400, 0)
    assert "the limit is 0.1 MB" in response.content.decode()
