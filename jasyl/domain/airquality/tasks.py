"""The air-quality jobs: a large file from the upload page ingested by the worker (the same
`ingest_file` the page and `jasyl ingest-air` call), the daily sweep of the uploads that a
killed worker left behind, and the stored daily indices computed again after new reference
data came into force.

The page stores the upload in the default storage under `UPLOADS` and enqueues
`ingest_upload`; the job reports its progress in the cache (`progress_of`: seen by the page
when the cache is shared between the server and the worker, as Redis is), deletes the stored
file and returns a `Summary` as JSON: the log row of a real ingest, the counts and lines of a
dry run, or the reason a file was refused.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django_tasks import TaskContext, task

from jasyl.domain.airquality import daily
from jasyl.domain.airquality.ingest import Ingested, IngestError, ingest_file
from jasyl.domain.airquality.models import IngestFile

# Where the upload page keeps a file for the worker.
UPLOADS = "ingest-uploads"
# A stored upload older than this was left by a worker killed mid-file: the sweep deletes it.
UPLOAD_AGE = datetime.timedelta(days=1)
# The job reports its progress every this many rows.
PROGRESS_EVERY = 20_000


@dataclass(frozen=True)
class Line:
    line: int
    column: str
    message: str


@dataclass
class Summary:
    """What became of an uploaded file, as the job returns it (JSON) and the page shows it."""

    file_name: str
    format: str = ""
    dry_run: bool = False
    record: int | None = None
    error: str = ""
    rows_read: int = 0
    inserted: int = 0
    duplicates: int = 0
    rejected: int = 0
    flagged: int = 0
    lines: list[Line] = field(default_factory=list)
    # (file name, ISO time) of each earlier ingest of the same file.
    seen_before: list[tuple[str, str]] = field(default_factory=list)

    @property
    def format_label(self) -> str:
        return str(IngestFile.Format(self.format).label) if self.format else ""

    @property
    def earlier(self) -> list[dict[str, Any]]:
        return [
            {"file_name": name, "started_at": datetime.datetime.fromisoformat(at)}
            for name, at in self.seen_before
        ]

    @classmethod
    def of(cls, result: Ingested) -> Summary:
        return cls(
            file_name=result.file_name,
            format=result.format,
            dry_run=result.dry_run,
            record=result.record.pk if result.record else None,
            rows_read=result.rows_read,
            inserted=result.inserted,
            duplicates=result.duplicates,
            rejected=result.rejected,
            flagged=result.flagged,
            lines=[Line(line.line, line.column, line.message) for line in result.lines],
            seen_before=[(f.file_name, f.started_at.isoformat()) for f in result.seen_before],
        )

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Summary:
        return cls(
            **{
                **value,
                "lines": [Line(*line) for line in value.get("lines", [])],
                "seen_before": [tuple(pair) for pair in value.get("seen_before", [])],
            }
        )

    def as_json(self) -> dict[str, Any]:
        found = asdict(self)
        found["lines"] = [[line.line, line.column, line.message] for line in self.lines]
        return found


def progress_key(job: str) -> str:
    return f"jasyl:ingest-progress:{job}"


def progress_of(job: str) -> tuple[int, float] | None:
    """(rows read, seconds) of a running ingest job, when the cache carries it here."""
    found: tuple[int, float] | None = cache.get(progress_key(job))
    return found


@task(takes_context=True)
def ingest_upload(
    context: TaskContext,
    *,
    programme: str,
    stored_as: str,
    file_name: str,
    format: str | None,
    station: str | None,
    by: int | None,
    dry_run: bool,
    language: str,
) -> dict[str, Any]:
    """Ingest a file the upload page stored (for `programme`'s office), then delete it."""
    key = progress_key(str(context.task_result.id))

    def progress(rows: int, seconds: float) -> None:
        cache.set(key, (rows, seconds), timeout=3600)

    user = get_user_model().objects.filter(pk=by).first() if by else None
    try:
        with default_storage.open(stored_as, "rb") as handle, translation.override(language):
            try:
                result = ingest_file(
                    handle=handle,
                    file_name=file_name,
                    format=format,
                    station=station,
                    by=user,
                    dry_run=dry_run,
                    progress=progress,
                    progress_every=PROGRESS_EVERY,
                )
            except IngestError as error:
                return Summary(file_name, dry_run=dry_run, error=str(error)).as_json()
            return Summary.of(result).as_json()
    finally:
        default_storage.delete(stored_as)
        cache.delete(key)


def remove_stale_uploads(*, now: datetime.datetime | None = None) -> list[str]:
    """Delete the stored uploads older than `UPLOAD_AGE`; their names."""
    before = (now or timezone.now()) - UPLOAD_AGE
    try:
        _, files = default_storage.listdir(UPLOADS)
    except FileNotFoundError:
        return []
    removed = []
    for name in (f"{UPLOADS}/{f}" for f in files):
        if default_storage.get_modified_time(name) < before:
            default_storage.delete(name)
            removed.append(name)
    return removed


@task()
def sweep_uploads() -> str:
    """The daily sweep of stored uploads that no job will ingest any more."""
    return f"{len(remove_stale_uploads())} stale uploads deleted"


@task()
def refresh_indices() -> str:
    """The stored daily indices computed again with the reference data now in force (enqueued
    when a new version of an air-quality reference file is uploaded)."""
    return f"indices of {daily.refresh_indices()} station-days stored"
