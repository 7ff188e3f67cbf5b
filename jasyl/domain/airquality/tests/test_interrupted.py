"""An ingest killed mid-file (kill -9, a worker lost with its machine) stores nothing and leaves
its trace: the log row, committed as running before the file's transaction began, shows as
interrupted once its process is gone, on the ingest page and in the admin."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys

import pytest
from django.contrib import admin
from django.test import Client
from django.utils import timezone

from jasyl.core.processes import this_host
from jasyl.core.tests.sqlite_files import database_file, needs_sqlite, popen, query
from jasyl.domain.airquality.admin import IngestFileAdmin
from jasyl.domain.airquality.models import IngestFile, Station

PAGE = "/en/programmes/green-almaty/air-quality/ingest/"


def long_csv(path, rows: int) -> None:
    """An OpenAQ archive CSV of `rows` values at one station, every one of them new."""
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    with open(path, "w", encoding="utf-8") as f:
        f.write("location_id,sensors_id,location,datetime,lat,lon,parameter,units,value\n")
        for i in range(rows):
            at = (start + datetime.timedelta(minutes=i)).isoformat()
            f.write(f"900001,9100,T1,{at},43.0,76.0,pm25,µg/m³,{10 + i % 50}\n")


@needs_sqlite
@pytest.mark.django_db(transaction=True)
def test_an_ingest_killed_mid_file_stores_nothing_and_shows_as_interrupted(tmp_path):
    Station.objects.create(
        code="T1", name_kk="Сынақ", operator="Test", kind="reference", openaq_location=900001
    )
    path = database_file(tmp_path)
    data = tmp_path / "year.csv"
    long_csv(data, 400_000)
    ingest = popen(path, "jasyl.cli", "ingest-air", str(data), "--progress-every", "20000")
    assert ingest.stdout is not None
    seen = []
    for line in ingest.stdout:
        seen.append(line)
        # Two batches of 50,000 written inside the file's transaction: kill it now.
        if line.startswith("120000 rows read"):
            ingest.send_signal(signal.SIGKILL)
            break
    ingest.wait(timeout=60)
    assert ingest.returncode == -signal.SIGKILL, "".join(seen)
    assert query(path, "SELECT count(*) FROM airquality_measurement") == [(0,)]
    assert query(path, "SELECT count(*) FROM airquality_hourlymean") == [(0,)]
    ((status, host, pid, started),) = query(
        path, "SELECT status, host, pid, started_at FROM airquality_ingestfile"
    )
    assert (status, pid) == ("running", ingest.pid)
    row = IngestFile(
        status=status,
        host=host,
        pid=pid,
        started_at=datetime.datetime.fromisoformat(started).replace(tzinfo=datetime.UTC),
    )
    assert row.interrupted


def a_dead_process() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.fixture
def running(db):
    def make(pid: int, **fields) -> IngestFile:
        return IngestFile.objects.create(
            **{
                "file_name": "year.csv",
                "sha256": "0" * 64,
                "format": "long",
                "started_at": timezone.now(),
                "status": IngestFile.Status.RUNNING,
                "host": this_host(),
                "pid": pid,
                **fields,
            }
        )

    return make


def test_the_ingest_page_and_the_admin_tell_interrupted_from_running(team, running):
    gone = running(a_dead_process())
    alive = running(os.getpid(), file_name="now.csv")
    elsewhere = running(1, file_name="old.csv", host="another-machine")
    IngestFile.objects.filter(pk=elsewhere.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=7)
    )
    client = Client()
    client.force_login(team["reviewer"])
    page = client.get(PAGE).content.decode()
    assert page.count("interrupted, nothing stored") == 2
    assert page.count(">running<") == 1
    detail = client.get(f"{PAGE}{gone.pk}/").content.decode()
    assert "interrupted, nothing stored" in detail
    shown = IngestFileAdmin(IngestFile, admin.site)
    assert shown.state(gone) == "interrupted, nothing stored"
    assert shown.state(alive) == "running"
