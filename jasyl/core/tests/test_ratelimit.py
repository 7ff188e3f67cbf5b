"""Costly requests (downloads the server builds, uploads) are limited per client: the 21st in
a minute is answered 429 with Retry-After and a translated page, while another client is
served; a forged X-Forwarded-For does not make a client someone else."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

CSV = "/en/programmes/green-almaty/data/funding-by-period.csv"


@pytest.fixture(autouse=True)
def one_minute_for_twenty(settings):
    settings.JASYL_COSTLY_REQUESTS = 20
    settings.JASYL_COSTLY_WINDOW_SECONDS = 60
    settings.JASYL_TRUSTED_PROXIES = ["10.0.0.1"]


def test_the_21st_costly_request_of_a_client_is_refused_while_another_is_served(client, roadmap):
    attacker = {"REMOTE_ADDR": "203.0.113.7"}
    assert {client.get(CSV, **attacker).status_code for _ in range(20)} == {200}
    refused = client.get("/ru" + CSV[3:], **attacker)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    page = refused.content.decode()
    assert '<html lang="ru">' in page and "<h1>" in page
    assert client.get(CSV, REMOTE_ADDR="198.51.100.2").status_code == 200
    # Pages that cost little are not counted.
    assert client.get("/en/programmes/green-almaty/", **attacker).status_code == 200


def test_a_forged_forwarded_address_does_not_reset_the_count(client, roadmap):
    for i in range(20):
        client.get(CSV, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    forged = client.get(CSV, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert forged.status_code == 429


def test_behind_the_trusted_proxy_each_client_counts_apart(client, roadmap):
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(20):
        client.get(CSV, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert client.get(CSV, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    assert client.get(CSV, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).status_code == 200


def test_uploads_count_as_costly(client, roadmap):
    page = "/en/programmes/green-almaty/air-quality/ingest/"
    for _ in range(20):
        client.post(page, {"file": SimpleUploadedFile("a.csv", b"x")}, REMOTE_ADDR="203.0.113.7")
    upload = {"file": SimpleUploadedFile("a.csv", b"x")}
    assert client.post(page, upload, REMOTE_ADDR="203.0.113.7").status_code == 429


def test_the_registers_geojson_downloads_count_as_costly(client, roadmap):
    geojson = "/en/programmes/green-almaty/green-fund/data/parks.geojson"
    attacker = {"REMOTE_ADDR": "203.0.113.9"}
    assert {client.get(geojson, **attacker).status_code for _ in range(20)} == {200}
    assert client.get(geojson, **attacker).status_code == 429
