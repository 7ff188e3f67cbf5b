"""Concurrent writers on a SQLite file, run in a process of their own by `test_sqlite.py`:
`python -m jasyl.core.tests.sqlite_scenarios <scenario>` with `DATABASE_URL` naming the file.
Each scenario prints one JSON object with what the people involved got back.

- `saves`: two editors save one report at the same moment, both from revision 1. The first
  save is held open a second inside its transaction, so the second really comes while the
  first holds the write lock.
- `sign-in`: a person signs in while a measurement file's transaction is open (the ingest is
  held in its progress callback for `HOLD` seconds).
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading
import time
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jasyl.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from jasyl.domain.airquality.ingest import ingest_file  # noqa: E402
from jasyl.domain.reporting import workflow  # noqa: E402
from jasyl.testing.settings import FAST_PASSWORD_HASHERS, with_plain_static_files  # noqa: E402

REPORT = "/en/programmes/green-almaty/reporting/2025-q1/2.2/"
PASSWORD = "a-long-test-password-1"


def in_thread(work: Any) -> threading.Thread:
    def run() -> None:
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def saves() -> dict[str, Any]:
    users = get_user_model().objects
    # A server error is an answer (500) here, not an exception.
    editor, district = Client(raise_request_exception=False), Client(raise_request_exception=False)
    editor.force_login(users.get(username="editor"))
    district.force_login(users.get(username="co_editor"))
    holding = threading.Event()
    original = workflow._new_revision
    first = threading.Lock()

    def held(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        if first.acquire(blocking=False):
            # The first save keeps its transaction, and the write lock, open a moment.
            holding.set()
            time.sleep(1.0)

    workflow._new_revision = held
    answers: dict[str, int] = {}

    def save(client: Client, who: str) -> None:
        response = client.post(REPORT, {"status": "on_track", "narrative": who, "revision": 1})
        answers[who] = response.status_code

    first_save = in_thread(lambda: save(editor, "editor"))
    holding.wait(10)
    second_save = in_thread(lambda: save(district, "district"))
    first_save.join()
    second_save.join()
    return {"answers": answers}


def sign_in() -> dict[str, Any]:
    hold = float(os.environ["HOLD"])
    holding, release = threading.Event(), threading.Event()

    def progress(rows: int, seconds: float) -> None:
        if not holding.is_set():
            holding.set()
            release.wait(hold)

    lines = ["location_id,sensors_id,location,datetime,lat,lon,parameter,units,value"] + [
        f"900001,9100,T1,2025-01-15T{hour:02d}:00:00+05:00,43.0,76.0,pm25,µg/m³,{hour + 10}"
        for hour in range(24)
    ]
    data = io.BytesIO("\n".join(lines).encode())
    client = Client(raise_request_exception=False)
    # The first request of a process imports the pages: not part of what is measured.
    client.get("/en/accounts/login/")
    ingest = in_thread(
        lambda: ingest_file(
            handle=data, file_name="held.csv", progress=progress, progress_every=1, bulk=False
        )
    )
    holding.wait(10)
    started = time.monotonic()
    response = client.post("/en/accounts/login/", {"username": "editor", "password": PASSWORD})
    seconds = time.monotonic() - started
    release.set()
    ingest.join()
    return {
        "status": response.status_code,
        "seconds": seconds,
        "retry_after": response.get("Retry-After"),
        "page": response.content.decode()[:20000],
    }


if __name__ == "__main__":
    setup_test_environment()
    # Accounts were made by the tests with their fast hasher.
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS
    # Pages render without collectstatic, as in the tests' own process.
    settings.STORAGES = with_plain_static_files(settings.STORAGES)
    scenario = {"saves": saves, "sign-in": sign_in}[sys.argv[1]]
    print(json.dumps(scenario()))
