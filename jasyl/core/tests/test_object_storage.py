"""Uploads and built documents in S3-compatible object storage (`JASYL_S3_BUCKET`), through
django-storages over HTTP to a real S3-compatible server (moto's `moto_server`): what web and
worker processes on several machines share."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from jasyl.core.jobs import publish_built, read_built
from jasyl.domain.people.access import access_for
from jasyl.domain.reporting import workflow
from jasyl.testing.settings import PLAIN_STATIC_FILES

BUCKET = "jasyl-media"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
KEYS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}


@pytest.fixture(scope="module")
def s3():
    """A throw-away S3-compatible server on 127.0.0.1 with an empty bucket; its endpoint."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="us-east-1",
        )
        for _ in range(100):
            try:
                client.create_bucket(Bucket=BUCKET)
                break
            except Exception:  # the server is still starting
                time.sleep(0.1)
        yield endpoint, client
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def object_storage(s3):
    endpoint, client = s3
    storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "default_acl": "private",
                "file_overwrite": False,
                **KEYS,
            },
        },
        "staticfiles": PLAIN_STATIC_FILES,
    }
    with override_settings(STORAGES=storages):
        yield client


def keys(client):
    return {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_a_built_document_is_published_whole_to_the_bucket_and_read_back(object_storage):
    publish_built("reports/green-almaty/7.0/report-kk.pdf", PDF)
    assert read_built("reports/green-almaty/7.0/report-kk.pdf") == PDF
    assert "built/reports/green-almaty/7.0/report-kk.pdf" in keys(object_storage)
    publish_built("reports/green-almaty/7.0/report-kk.pdf", PDF + b"%")
    assert read_built("reports/green-almaty/7.0/report-kk.pdf") == PDF + b"%"


@pytest.mark.django_db
def test_evidence_goes_to_the_bucket_and_only_its_readers_download_it(object_storage, team, client):
    editor = team["editor"]
    access = access_for(editor, team.programme)
    period = workflow.create_period(
        actor=team["administrator"],
        access=access_for(team["administrator"], team.programme),
        programme=team.programme,
        kind="year",
        year=2025,
    )
    activity = team.programme.activities.get(code="2.2")
    report = workflow.save_report(
        actor=editor,
        access=access,
        activity=activity,
        period=period,
        based_on=0,
        content=workflow.Content(status="on_track", narrative="Planted"),
    )
    evidence = workflow.add_evidence(
        actor=editor,
        access=access,
        report=report,
        upload=SimpleUploadedFile("act.pdf", PDF),
        based_on=report.revision,
    )
    assert evidence.file.name in keys(object_storage)
    assert default_storage.open(evidence.file.name).read() == PDF
    url = f"/en/programmes/green-almaty/reporting/{period.slug}/2.2/evidence/{evidence.pk}/"
    client.force_login(editor)
    assert b"".join(client.get(url).streaming_content) == PDF
    client.force_login(team["outsider"])
    assert client.get(url).status_code in (403, 404)
