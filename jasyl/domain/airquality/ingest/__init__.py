"""Ingest measurement files: one path for every format.

Three readers turn a file into raw rows (`Raw`): the OpenAQ archive's long CSV, a spreadsheet's
wide CSV (one column per pollutant, the unit in the header) and OpenAQ v3 JSON measurement
responses. Every raw row then goes through the same checks (station, parameter, unit, time,
value, plausibility, duplicates) and the accepted ones are inserted in batches: COPY into a
temporary table then INSERT ... ON CONFLICT DO NOTHING on PostgreSQL, INSERT OR IGNORE on
SQLite.

A file is one transaction. A fatal error (unreadable file, a required column missing, no
station for a file that names none) raises `IngestError` and stores no measurement; the refusal
itself is logged as a failed `IngestFile`. A bad line is not fatal: it is recorded with its line
and reason, counted, and the rest of the file is stored.

The modules: `readers` (one per format), `checks` (the same for every path), `rows` (the row
path, every format), `sql` (the SQL path, a long CSV on PostgreSQL), `common` (what they share);
this one chooses the path and keeps the log.
"""

from __future__ import annotations

import datetime
import time
from typing import IO, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
    try:
        with transaction.atomic():
            _ingest(
                result,
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
    except IngestError as error:
        if not dry_run:
            IngestFile.objects.create(
                file_name=file_name,
                sha256=sha256,
                format=chosen,
                by=by,
                started_at=started,
                finished_at=timezone.now(),
                status=IngestFile.Status.FAILED,
                error=str(error),
            )
        raise
    if dry_run:
        result.record = None
    result.seconds = time.monotonic() - clock
    return result


def _ingest(
    result: Ingested,
    *,
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
    record = IngestFile.objects.create(
        file_name=result.file_name,
        sha256=result.sha256,
        format=result.format,
        by=by,
        started_at=started,
        finished_at=started,
        status=IngestFile.Status.DONE,
    )
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
        hours.add_file(record.pk)
    record.rows_read = result.rows_read
    record.inserted = result.inserted
    record.duplicates = result.duplicates
    record.rejected = result.rejected
    record.flagged = result.flagged
    record.finished_at = timezone.now()
    record.save()
