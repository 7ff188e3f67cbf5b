"""Background jobs (django-tasks with its database backend, run by `jasyl run-worker`).

- `enqueue_once`: a job under a key is enqueued once, however many requests ask for it; a
  failed job is enqueued again by a request once `RETRY_FAILED_SECONDS` have passed, a job lost
  with its worker (running past `LOST_SECONDS`) at once.
- `serve_built`: what a job builds (a PDF, the open data package) is published in the default
  storage under a name that holds what it depends on (the programme's edition, the language),
  so a request serves it at once when it is there and otherwise enqueues its job once and
  answers 202 with the "being prepared" page.
- `enqueue_daily`: the daily jobs (`JASYL_DAILY_JOBS`), enqueued by the first worker past
  `JASYL_REMINDERS_AT` each day, whatever the number of workers (a claim keyed by the date).

Imports nothing of Jasyl: the jobs themselves live beside the code they run (`tasks.py`).
"""

from __future__ import annotations

import datetime
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, router, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.base import Task
from django_tasks.exceptions import TaskResultDoesNotExist

from jasyl.core.models import JobClaim

# A request enqueues a failed job again after this many seconds.
RETRY_FAILED_SECONDS = 60
# A job running this long died with its worker.
LOST_SECONDS = 30 * 60
# The "being prepared" page reloads itself after this many seconds.
RETRY_AFTER_SECONDS = 5
# Built files and job claims older than this are deleted by the daily sweep (a built file of
# the current edition is then built again when next asked for).
KEEP_DAYS = 7
# Where built files are published in the default storage.
BUILT = "built"

STATES = {
    "queued": _("Waiting for the background worker."),
    "running": _("Being built now."),
    "failed": _("The last attempt failed; it will be tried again."),
    "done": _("Ready."),
}


@dataclass(frozen=True)
class JobState:
    """Where a job stands: queued, running, failed (with the reason) or done."""

    status: str
    since: datetime.datetime | None = None
    reason: str = ""

    @property
    def label(self) -> str:
        return str(STATES[self.status])


def state_of(result: TaskResult[Any]) -> JobState:
    if result.status == TaskResultStatus.SUCCESSFUL:
        return JobState("done", result.finished_at)
    if result.status == TaskResultStatus.FAILED:
        error = result.errors[-1] if result.errors else None
        # The exception's own line: its class and message, without the traceback.
        lines = error.traceback.strip().splitlines() if error else []
        return JobState("failed", result.finished_at, (lines[-1] if lines else "")[:300])
    if result.status == TaskResultStatus.RUNNING:
        return JobState("running", result.started_at)
    return JobState("queued", result.enqueued_at)


def _claims() -> QuerySet[JobClaim]:
    # Claims are read where they are written: a read replica may lag behind.
    return JobClaim.objects.using(router.db_for_write(JobClaim))


def _result(task: Task[Any, Any], task_id: str) -> TaskResult[Any] | None:
    if not task_id or not task.get_backend().supports_get_result:
        return None
    try:
        return task.get_backend().get_result(task_id)
    except TaskResultDoesNotExist:
        return None


def _lost(claim: JobClaim, result: TaskResult[Any] | None, now: datetime.datetime) -> bool:
    age = (now - claim.claimed_at).total_seconds()
    if result is None:
        # Claimed but not enqueued (or its result not visible yet): lost when that lasts.
        return age > RETRY_FAILED_SECONDS
    state = state_of(result)
    since = (now - state.since).total_seconds() if state.since else age
    if state.status == "failed":
        return since > RETRY_FAILED_SECONDS
    return state.status == "running" and since > LOST_SECONDS


def _enqueue(claim: JobClaim, task: Task[Any, Any], args: Any, kwargs: Any) -> JobState:
    try:
        result = task.enqueue(*args, **kwargs)
    except BaseException:
        _claims().filter(pk=claim.pk, task_id="").delete()
        raise
    _claims().filter(pk=claim.pk).update(task_id=str(result.id))
    return state_of(result)


def enqueue_once(
    key: str, task: Task[Any, Any], *args: Any, redo: bool = False, **kwargs: Any
) -> JobState:
    """Enqueue `task(*args, **kwargs)` unless a job under `key` is queued, running, done (unless
    `redo`: its output is gone) or failed a moment ago; the state of the job under `key`."""
    now = timezone.now()
    claims = _claims()
    claim = claims.filter(key=key).first()
    if claim is None:
        try:
            with transaction.atomic(using=claims.db):
                claim = claims.create(key=key, claimed_at=now)
        except IntegrityError:
            # Another request claimed it a moment ago.
            found = claims.filter(key=key).first()
            return JobState("queued", now) if found is None else _state(found, task)
        return _enqueue(claim, task, args, kwargs)
    result = _result(task, claim.task_id)
    if (
        not task.get_backend().supports_get_result
        or _lost(claim, result, now)
        or (redo and result is not None and result.status == TaskResultStatus.SUCCESSFUL)
    ):
        # Claimed again by one request only: the update matches the row as it was read.
        again = claims.filter(
            pk=claim.pk, task_id=claim.task_id, claimed_at=claim.claimed_at
        ).update(task_id="", claimed_at=now)
        if again:
            claim.task_id, claim.claimed_at = "", now
            return _enqueue(claim, task, args, kwargs)
    return state_of(result) if result is not None else JobState("queued", claim.claimed_at)


def _state(claim: JobClaim, task: Task[Any, Any]) -> JobState:
    result = _result(task, claim.task_id)
    return state_of(result) if result is not None else JobState("queued", claim.claimed_at)


# ---------------------------------------------------------------------------- built files


def read_built(name: str) -> bytes | None:
    """A built file's bytes, None when it is not (or no longer) there."""
    try:
        with default_storage.open(f"{BUILT}/{name}", "rb") as handle:
            content: bytes = handle.read()
    except FileNotFoundError:
        return None
    return content


def publish_built(name: str, content: bytes) -> None:
    """Publish a built file whole: a request never reads half of one."""
    path = f"{BUILT}/{name}"
    try:
        final = Path(default_storage.path(path))
    except NotImplementedError:
        # Object storage: an object becomes visible only once uploaded whole.
        default_storage.delete(path)
        default_storage.save(path, ContentFile(content))
        return
    final.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=final.parent, prefix=".part-", delete=False) as part:
        part.write(content)
    os.chmod(part.name, 0o644)
    os.replace(part.name, final)


def serve_built(
    request: HttpRequest,
    name: str,
    task: Task[Any, Any],
    /,
    *args: Any,
    respond: Callable[[bytes], HttpResponse | None],
    **kwargs: Any,
) -> HttpResponse:
    """`respond(content)` when the built file `name` is there; otherwise its job, enqueued once
    (`task(*args, **kwargs)`, which publishes `name` with `publish_built`), and the "being
    prepared" page (202). `respond` answers None when another file of the job's is missing."""
    key = f"{BUILT}:{name}"
    content = read_built(name)
    response = respond(content) if content is not None else None
    if response is not None:
        return response
    # Built once and since deleted (the daily sweep) in part: built again.
    state = enqueue_once(key, task, *args, redo=content is not None, **kwargs)
    if state.status == "done" and read_built(name) is None:
        state = enqueue_once(key, task, *args, redo=True, **kwargs)
    # The immediate backend (tests) has built it by now.
    content = read_built(name)
    response = respond(content) if content is not None else None
    return response if response is not None else preparing(request, state)


def preparing(request: HttpRequest, state: JobState) -> HttpResponse:
    """The translated "being prepared" page: 202, reloading itself (a meta refresh, no script)."""
    seconds = RETRY_FAILED_SECONDS if state.status == "failed" else RETRY_AFTER_SECONDS
    response = render(
        request,
        "common/preparing.html",
        {"state": state, "retry_after": seconds},
        status=202,
    )
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


# ------------------------------------------------------------------------------- daily jobs


def reminders_at() -> datetime.time:
    """`JASYL_REMINDERS_AT` (HH:MM) as a time of day."""
    return datetime.time.fromisoformat(settings.JASYL_REMINDERS_AT)


def enqueue_daily(now: datetime.datetime | None = None) -> bool:
    """Enqueue the daily jobs when it is past `JASYL_REMINDERS_AT` (the site's time zone) and
    no worker has done so today; whether this call enqueued them."""
    local = timezone.localtime(now or timezone.now())
    if local.time() < reminders_at():
        return False
    claims = _claims()
    key = f"daily:{local.date().isoformat()}"
    # A read first: the worker asks every round, and on SQLite a write takes the one lock.
    if claims.filter(key=key).exists():
        return False
    try:
        # The claim and the jobs in one transaction: all of them, or none and a later try.
        with transaction.atomic(using=claims.db):
            claims.create(key=key, claimed_at=timezone.now())
            for path in settings.JASYL_DAILY_JOBS:
                task: Task[[], Any] = import_string(path)
                task.enqueue()
    except IntegrityError:
        return False
    return True


def sweep(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Delete the built files and job claims older than `KEEP_DAYS`; (files, claims) deleted."""
    before = (now or timezone.now()) - datetime.timedelta(days=KEEP_DAYS)
    files = 0
    for name in _walk(BUILT):
        if default_storage.get_modified_time(name) < before:
            default_storage.delete(name)
            files += 1
    claims, _ = _claims().filter(claimed_at__lt=before).delete()
    return files, claims


def _walk(folder: str) -> list[str]:
    """Every file under `folder` of the default storage."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    found = [f"{folder}/{name}" for name in files]
    for sub in folders:
        found += _walk(f"{folder}/{sub}")
    return found
