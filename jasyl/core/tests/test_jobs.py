"""Background jobs: one job per key however many ask, a failure shown with its reason and
retried later, the daily jobs once a day, and the sweep of what the jobs built."""

from __future__ import annotations

import datetime
import os

from django.core.files.storage import default_storage
from django.test import RequestFactory
from django.utils import timezone, translation
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from jasyl.core import jobs
from jasyl.core.models import JobClaim
from jasyl.testing.jobs import run_worker

ALMATY = datetime.timezone(datetime.timedelta(hours=5))


@task()
def build_note(*, text: str) -> str:
    jobs.publish_built("notes/note.txt", text.encode())
    return text


@task()
def fail_to_build() -> None:
    raise ValueError("the fonts are missing")


def test_a_job_asked_for_twenty_times_is_enqueued_once(db, database_jobs):
    states = [jobs.enqueue_once("note", build_note, text="hello") for _ in range(20)]
    assert {s.status for s in states} == {"queued"}
    assert DBTaskResult.objects.count() == 1
    run_worker()
    assert jobs.read_built("notes/note.txt") == b"hello"
    assert jobs.enqueue_once("note", build_note, text="hello").status == "done"
    assert DBTaskResult.objects.count() == 1


def test_a_failed_job_shows_its_reason_and_is_retried_a_minute_later(db, database_jobs):
    jobs.enqueue_once("broken", fail_to_build)
    run_worker()
    state = jobs.enqueue_once("broken", fail_to_build)
    assert state.status == "failed"
    assert state.reason == "ValueError: the fonts are missing"
    with translation.override("en"):
        page = jobs.preparing(RequestFactory().get("/"), state)
    assert page.status_code == 202 and page["Retry-After"] == "60"
    assert "Reason: ValueError: the fonts are missing" in page.content.decode()
    assert DBTaskResult.objects.count() == 1, "not retried at once"
    DBTaskResult.objects.update(finished_at=timezone.now() - datetime.timedelta(minutes=2))
    assert jobs.enqueue_once("broken", fail_to_build).status == "queued"
    assert DBTaskResult.objects.count() == 2


def test_a_job_lost_with_its_worker_is_enqueued_again(db, database_jobs):
    jobs.enqueue_once("note", build_note, text="hello")
    DBTaskResult.objects.update(
        status="RUNNING", started_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert jobs.enqueue_once("note", build_note, text="hello").status == "queued"
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_the_being_prepared_page_reloads_itself_without_a_script(rf, db):
    page = jobs.preparing(rf.get("/"), jobs.JobState("running")).content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "<script" not in page and "<h1>" in page


def test_the_daily_jobs_are_enqueued_once_a_day_from_the_set_time(db, database_jobs, settings):
    settings.JASYL_REMINDERS_AT = "08:00"
    day = datetime.datetime(2026, 3, 2, 7, 59, tzinfo=ALMATY)
    assert not jobs.enqueue_daily(day)
    assert jobs.enqueue_daily(day + datetime.timedelta(minutes=1))
    assert not jobs.enqueue_daily(day + datetime.timedelta(hours=3))
    queued = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued == sorted(settings.JASYL_DAILY_JOBS)
    # A worker started late still sends the day's reminders, once.
    assert jobs.enqueue_daily(day + datetime.timedelta(days=1, hours=5))
    assert DBTaskResult.objects.count() == 2 * len(settings.JASYL_DAILY_JOBS)


def test_the_sweep_deletes_what_is_a_week_old(db):
    jobs.publish_built("old/report.pdf", b"%PDF- old")
    jobs.publish_built("new/report.pdf", b"%PDF- new")
    week_ago = (timezone.now() - datetime.timedelta(days=8)).timestamp()
    os.utime(default_storage.path("built/old/report.pdf"), (week_ago, week_ago))
    JobClaim.objects.create(key="old", claimed_at=timezone.now() - datetime.timedelta(days=8))
    JobClaim.objects.create(key="new", claimed_at=timezone.now())
    assert jobs.sweep() == (1, 1)
    assert jobs.read_built("old/report.pdf") is None
    assert jobs.read_built("new/report.pdf") == b"%PDF- new"
    assert list(JobClaim.objects.values_list("key", flat=True)) == ["new"]
