"""SQLite as production runs it (a file, WAL, a busy timeout, transactions that take the write
lock when they begin): concurrent writers queue instead of failing, so two saves of one report
answer 200 and 409 as on PostgreSQL, a sign-in during a long ingest waits for it or is told to
try again (503), never a 500, and several workers enqueue the daily jobs once."""

from __future__ import annotations

import json

import pytest
from django_tasks_db.models import DBTaskResult

from jasyl.core.tests.sqlite_files import database_file, needs_sqlite, popen, query, run_with
from jasyl.domain.people.access import access_for
from jasyl.domain.reporting import workflow
from jasyl.testing.reports import open_period

pytestmark = [needs_sqlite, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def period(team):
    return open_period(team, quarter=1)


def scenario(path, name: str, **extra: str) -> dict:
    output = run_with(path, "jasyl.core.tests.sqlite_scenarios", name, **extra)
    return json.loads(output.strip().splitlines()[-1])


def test_two_saves_of_one_report_at_once_answer_200_and_409(team, period, tmp_path):
    editor = team["editor"]
    activity = team.programme.activities.get(code="2.2")
    workflow.save_report(
        actor=editor,
        access=access_for(editor, team.programme),
        activity=activity,
        period=period,
        content=workflow.Content(status="on_track"),
        based_on=0,
    )
    path = database_file(tmp_path)
    found = scenario(path, "saves")
    # The first is redirected to the saved report; the second is told someone else saved.
    assert found["answers"] == {"editor": 302, "district": 409}
    assert query(path, "SELECT narrative, revision FROM reporting_progressreport") == [
        ("editor", 2)
    ]
    assert query(path, "PRAGMA journal_mode") == [("wal",)]


def test_signing_in_during_an_ingest_shorter_than_the_busy_timeout_waits_for_it(
    team, station, tmp_path
):
    path = database_file(tmp_path)
    # Longer than the 5 s SQLite waits by default: the setting is what lets it wait.
    found = scenario(path, "sign-in", HOLD="5.5", JASYL_SQLITE_BUSY_MS="8000")
    assert found["status"] == 302
    assert 5 < found["seconds"] < 8


def test_signing_in_during_a_long_ingest_is_told_to_try_again(team, station, tmp_path):
    path = database_file(tmp_path)
    found = scenario(path, "sign-in", HOLD="5", JASYL_SQLITE_BUSY_MS="500")
    assert found["status"] == 503, found["page"]
    assert found["seconds"] < 3, "answered after the busy timeout, not after the ingest"
    assert found["retry_after"] == "10"
    assert "The database is busy" in found["page"]


def test_two_workers_enqueue_the_daily_jobs_once(roadmap, tmp_path):
    path = database_file(tmp_path)
    workers = [
        popen(path, "jasyl.cli", "run-worker", "--once", JASYL_REMINDERS_AT="00:00")
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=120)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    assert sum("The daily jobs were enqueued." in o for o in outputs) == 1, outputs
    assert len(query(path, "SELECT key FROM core_jobclaim WHERE key LIKE 'daily:%'")) == 1
    reminders = query(
        path,
        f"SELECT status FROM {DBTaskResult._meta.db_table} WHERE task_path = ?",
        "jasyl.domain.reporting.tasks.send_due_reminders",
    )
    assert reminders == [("SUCCESSFUL",)]
