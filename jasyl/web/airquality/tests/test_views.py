"""The programme office's upload page: who may use it, the log of a file with its rejected
lines, a check-only run, a refused file, and the page's query count."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jasyl.domain.airquality.models import IngestFile, Measurement

# The measurement files of the ingest tests.
DATA = Path(__file__).resolve().parents[3] / "domain" / "airquality" / "tests" / "data"
PAGE = "/en/programmes/green-almaty/air-quality/ingest/"


def signed_in(team, role: str) -> Client:
    client = Client()
    client.force_login(team[role])
    return client


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


@pytest.mark.parametrize("role", ["administrator", "reviewer"])
def test_the_programme_office_ingests_a_file_and_reads_its_log(team, station, role):
    client = signed_in(team, role)
    response = client.post(PAGE, {"file": upload("long.csv")})
    record = IngestFile.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{PAGE}{record.pk}/"
    assert record.by == team[role] and Measurement.objects.count() == 5
    page = client.get(response["Location"]).content.decode()
    assert "unknown parameter “temperature”" in page
    assert '<th scope="row">6</th>' in page


@pytest.mark.parametrize("role", ["auditor", "head", "editor", "viewer", "outsider"])
def test_others_may_not_ingest(team, station, role):
    client = signed_in(team, role)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"file": upload("long.csv")}).status_code == 403
    assert not Measurement.objects.exists()


def test_the_public_is_sent_to_sign_in(roadmap):
    assert Client().get(PAGE).status_code == 302


def test_a_check_only_run_shows_the_summary_and_stores_nothing(team, station):
    response = signed_in(team, "reviewer").post(
        PAGE, {"file": upload("wide-one-station.csv"), "station": "T1", "dry_run": "on"}
    )
    assert response.status_code == 200
    assert response.context["result"].inserted == 4
    assert "Check only: nothing was stored" in response.content.decode()
    assert not Measurement.objects.exists() and not IngestFile.objects.exists()


def test_a_refused_file_says_why_and_stores_nothing(team, station):
    response = signed_in(team, "administrator").post(PAGE, {"file": upload("wide-one-station.csv")})
    assert response.status_code == 400
    assert "there is no station column" in response.content.decode()
    assert not Measurement.objects.exists()
    assert IngestFile.objects.get().status == "failed"


def test_the_reasons_are_shown_in_the_readers_language(team, station):
    client = signed_in(team, "administrator")
    location = client.post(PAGE, {"file": upload("long.csv")})["Location"]
    page = client.get(location.replace("/en/", "/ru/")).content.decode()
    assert "неизвестный параметр «temperature»" in page


def test_the_page_reads_a_fixed_number_of_queries(team, station, django_assert_num_queries):
    client = signed_in(team, "administrator")
    client.post(PAGE, {"file": upload("long.csv")})
    client.get(PAGE)
    with django_assert_num_queries(6):
        client.get(PAGE)
    for name in ("wide.csv", "openaq-measurements.json"):
        client.post(PAGE, {"file": upload(name), "station": "T1"})
    assert IngestFile.objects.count() == 3
    with django_assert_num_queries(6):
        client.get(PAGE)
