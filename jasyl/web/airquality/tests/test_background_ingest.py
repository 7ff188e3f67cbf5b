"""A measurement file above `JASYL_INGEST_INLINE_BYTES` is stored and ingested by the
background worker: the upload answers at once, the page follows the job (queued, running with
its progress), then shows the file's log, or the summary of a check-only run."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.test import Client

from jasyl.domain.airquality.models import IngestFile, Measurement
from jasyl.domain.airquality.tasks import UPLOADS, progress_key
from jasyl.testing.jobs import run_worker
from jasyl.web.airquality.tests.test_views import PAGE, upload


@pytest.fixture
def office(team, settings):
    settings.JASYL_INGEST_INLINE_BYTES = 100
    client = Client()
    client.force_login(team["reviewer"])
    return client


def stored_uploads() -> list[str]:
    try:
        return default_storage.listdir(UPLOADS)[1]
    except FileNotFoundError:
        return []


def test_a_large_file_is_ingested_by_the_worker_and_its_page_follows_it(
    office, station, database_jobs
):
    response = office.post(PAGE, {"file": upload("long.csv")})
    assert response.status_code == 302
    job_page = response["Location"]
    assert re.fullmatch(rf"{PAGE}jobs/[0-9a-f-]{{36}}/", job_page)
    assert not Measurement.objects.exists() and len(stored_uploads()) == 1
    waiting = office.get(job_page)
    assert waiting.status_code == 202 and waiting["Retry-After"] == "5"
    text = waiting.content.decode()
    assert "Waiting for the background worker." in text
    assert '<meta http-equiv="refresh" content="5">' in text
    run_worker()
    done = office.get(job_page)
    record = IngestFile.objects.get()
    assert done.status_code == 302 and done["Location"] == f"{PAGE}{record.pk}/"
    assert record.status == "done" and record.by is not None
    assert Measurement.objects.count() == 5
    assert stored_uploads() == [], "the stored upload is deleted once ingested"


def test_a_running_job_shows_how_many_rows_it_has_read(office, station, database_jobs):
    job_page = office.post(PAGE, {"file": upload("long.csv")})["Location"]
    job = job_page.rstrip("/").rsplit("/", 1)[1]
    cache.set(progress_key(job), (40_000, 2.0))
    assert "40000 rows read so far." in office.get(job_page).content.decode()


def test_a_large_check_only_run_shows_its_summary_and_stores_nothing(
    office, station, database_jobs
):
    job_page = office.post(PAGE, {"file": upload("long.csv"), "dry_run": "on"})["Location"]
    run_worker()
    page = office.get(job_page)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Check only: nothing was stored" in text
    assert "unknown parameter “temperature”" in text
    assert not Measurement.objects.exists() and not IngestFile.objects.exists()


def test_without_a_worker_the_large_file_is_ingested_at_once(office, station):
    response = office.post(PAGE, {"file": upload("long.csv")})
    record = IngestFile.objects.get()
    assert response["Location"] == f"{PAGE}{record.pk}/"
    assert Measurement.objects.count() == 5 and stored_uploads() == []


def test_a_job_page_is_for_the_programme_office_only(team, office, station, database_jobs):
    job_page = office.post(PAGE, {"file": upload("long.csv")})["Location"]
    editor = Client()
    editor.force_login(team["editor"])
    assert editor.get(job_page).status_code == 403
    assert office.get(f"{PAGE}jobs/00000000-0000-0000-0000-000000000000/").status_code == 404
