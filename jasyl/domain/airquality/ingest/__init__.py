"""Ingest measurement files: one path for every format.

Three readers turn a file into raw rows (`Raw`): the OpenAQ archive's long CSV, a spreadsheet's
wide CSV (one column per pollutant, the unit in the header) and OpenAQ v3 JSON measurement
responses. Every raw row then goes through the same checks (station, parameter, unit, time,
value, plausibility, duplicates) and the accepted ones are inserted in batches: COPY into a
temporary table then INSERT ... ON CONFLICT DO NOTHING on PostgreSQL, INSERT OR IGNORE on
SQLite.

A file is one transaction. Its log row (`IngestFile`) is committed as running before that
transaction begins and marked done inside it, or failed after it; a process killed mid-file
leaves the row running, shown as interrupted once the process is gone. A fatal error
(unreadable file, a required column missing, no station for a file that names none) raises
`IngestError` and stores no measurement; the refusal itself is logged as a failed `IngestFile`.
A bad line is not fatal: it is recorded with its line and reason, counted, and the rest of the
file is stored.

The modules: `readers` (one per format), `checks` (the same for every path), `rows` (the row
path, every format), `sql` (the SQL path, a long CSV on PostgreSQL), `common` (what they share);
this one chooses the path and keeps the log.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import time
from typing import IO, Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jasyl.core.processes import this_host
from jasyl.domain.airquality import hours
from jasyl.domain.airquality.ingest.checks import Checker
from jasyl.domain.airquality.ingest.common import (
    BATCH,
    Format,
    Ingested,
    IngestError,
    Progress,
)
from jasyl.domain.airquality.ingest.readers import detect_format, sha256_of
from jasyl.domain.airquality.ingest.rows import ingest_rows, stamp_for
from jasyl.domain.airquality.ingest.sql import ingest_long
from jasyl.domain.airquality.models import IngestFile, IngestLine
from jasyl.domain.airquality.reference import Reference
from jasyl.domain.airquality.versions import current_reference

__all__ = ["IngestError", "Ingested", "ingest_file"]


def ingest_file(
    *,
    handle: IO[bytes],
    file_name: str,
    format: str | None = None,
    station: str | None = None,
    by: Any = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    progress_every: int = 10_000,
    batch_size: int = BATCH,
    reference: Reference | None = None,
    bulk: bool = True,
) -> Ingested:
    """Ingest one measurement file in one transaction; `dry_run` checks it and stores nothing.
    Raises `IngestError` (and stores no measurement) when the file cannot be read at all."""
    started = timezone.now()
    clock = time.monotonic()
    sha256 = sha256_of(handle)
    chosen = format or detect_format(handle, file_name)
    if chosen not in Format.values:
        raise IngestError(file_name, _("unknown format %(format)s") % {"format": chosen})
    result = Ingested(file_name, sha256, chosen, dry_run)
    result.seen_before = list(
        IngestFile.objects.filter(sha256=sha256, status=IngestFile.Status.DONE)
    )
    # The log row is committed as running before the file's transaction begins, so that a
    # process killed mid-file leaves its trace. A dry run leaves none.
    record = None if dry_run else _start(result, by=by, started=started)
    try:
        with transaction.atomic():
            _ingest(
                result,
                record=record,
                handle=handle,
                station=station,
                by=by,
                started=started,
                progress=progress,
                progress_every=progress_every,
                batch_size=batch_size,
                reference=reference or current_reference(),
                clock=clock,
                bulk=bulk,
            )
            if dry_run:
                transaction.set_rollback(True)
    except BaseException as error:
        if record is not None:
            _failed(record, error)
        raise
    if dry_run:
        result.record = None
    result.seconds = time.monotonic() - clock
    return result


def _start(result: Ingested, *, by: Any, started: datetime.datetime) -> IngestFile:
    return IngestFile.objects.create(
        file_name=result.file_name,
        sha256=result.sha256,
        format=result.format,
        by=by,
        started_at=started,
        status=IngestFile.Status.RUNNING,
        host=this_host(),
        pid=os.getpid(),
    )


def _failed(record: IngestFile, error: BaseException) -> None:
    """Mark the file refused (nothing of it was stored), with the reason."""
    record.status = IngestFile.Status.FAILED
    record.error = str(error) if isinstance(error, IngestError) else repr(error)
    record.finished_at = timezone.now()
    # When the database itself failed, the row stays running, and shows as interrupted once
    # this process is gone.
    with contextlib.suppress(DatabaseError):
        record.save(update_fields=["status", "error", "finished_at"])


def _ingest(
    result: Ingested,
    *,
    record: IngestFile | None,
    handle: IO[bytes],
    station: str | None,
    by: Any,
    started: datetime.datetime,
    progress: Progress | None,
    progress_every: int,
    batch_size: int,
    reference: Reference,
    clock: float,
    bulk: bool,
) -> None:
    if record is None:
        # A dry run: its row goes with the rolled-back transaction.
        record = _start(result, by=by, started=started)
    result.record = record
    checker = Checker(reference, stamp_for(connection.vendor))
    if not (
        bulk
        and result.format == Format.LONG
        and connection.vendor == "postgresql"
        and ingest_long(
            result,
            handle=handle,
            checker=checker,
            progress=progress,
            progress_every=progress_every,
        )
    ):
        handle.seek(0)
        ingest_rows(
            result,
            handle=handle,
            station=station,
            checker=checker,
            progress=progress,
            progress_every=progress_every,
            batch_size=batch_size,
            clock=clock,
        )
    IngestLine.objects.bulk_create(result.lines)
    if result.inserted:
        # The hourly summary and the days it touched in the daily store the pages read, in
        # the same transaction.
        hours.add_file(record.pk, reference=reference)
    record.rows_read = result.rows_read
    record.inserted = result.inserted
    record.duplicates = result.duplicates
    record.rejected = result.rejected
    record.flagged = result.flagged
    record.finished_at = timezone.now()
    # Done in the same transaction as the measurements: done if and only if they are stored.
    record.status = IngestFile.Status.DONE
    record.save()
