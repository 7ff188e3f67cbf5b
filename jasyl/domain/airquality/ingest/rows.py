"""The row path, for every format: read, check and insert in batches (COPY into a temporary
table then INSERT on PostgreSQL, INSERT OR IGNORE on SQLite), repeats found in the batch and in
the database."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import IO, Any, NamedTuple

from django.db import connection

from jasyl.domain.airquality.ingest.checks import Checker, Row
from jasyl.domain.airquality.ingest.common import LINES_KEPT, Format, Ingested, Progress, Reason
from jasyl.domain.airquality.ingest.readers import read_long, read_openaq, read_wide
from jasyl.domain.airquality.models import IngestLine, Measurement


def stamp_for(vendor: str) -> Callable[[datetime.datetime], str]:
    """How a UTC time is written for the database: Django's own text on SQLite; ISO 8601 with
    its offset for COPY on PostgreSQL."""
    if vendor == "sqlite":
        adapt = connection.ops.adapt_datetimefield_value
        return lambda moment: str(adapt(moment))
    return datetime.datetime.isoformat


class Writer:
    """Batched inserts that skip rows already stored: COPY on PostgreSQL, INSERT OR IGNORE on
    SQLite, `bulk_create` elsewhere. Returns how many rows each batch inserted."""

    TEMPORARY = "airquality_ingest_batch"
    COLUMNS = "station_id, parameter, observed_at, value, suspicious, source_line"

    def __init__(self, source_file_id: int) -> None:
        self.source_file_id = source_file_id
        self.vendor = connection.vendor
        self.table = connection.ops.quote_name(Measurement._meta.db_table)
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {self.TEMPORARY}")
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {self.TEMPORARY} (station_id bigint, "
                    "parameter varchar(20), observed_at timestamptz, value double precision, "
                    "suspicious boolean, source_line integer) ON COMMIT DROP"
                )

    def write(self, rows: list[Row]) -> int:
        if not rows:
            return 0
        if self.vendor == "postgresql":
            return self._copy(rows)
        if self.vendor == "sqlite":
            return self._insert_or_ignore(rows)
        before = Measurement.objects.count()
        Measurement.objects.bulk_create(
            [
                Measurement(
                    station_id=r.station_id,
                    parameter=r.parameter,
                    observed_at=r.observed_at,
                    value=r.value,
                    suspicious=r.suspicious,
                    source_file_id=self.source_file_id,
                    source_line=r.line,
                )
                for r in rows
            ],
            ignore_conflicts=True,
        )
        return Measurement.objects.count() - before

    def _copy(self, rows: list[Row]) -> int:
        # COPY's text format written by hand: repr() is the shortest text that reads back as
        # the same float, and the codes and times need no escaping.
        text = "".join(
            [
                f"{r.station_id}\t{r.parameter}\t{r.stamp}\t{r.value!r}\t{'tf'[not r.suspicious]}"
                f"\t{r.line}\n"
                for r in rows
            ]
        )
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {self.TEMPORARY}")
            raw: Any = cursor.cursor
            with raw.copy(f"COPY {self.TEMPORARY} ({self.COLUMNS}) FROM STDIN") as copy:
                copy.write(text.encode())
            cursor.execute(
                f"INSERT INTO {self.table} ({self.COLUMNS}, source_file_id) "
                f"SELECT {self.COLUMNS}, %s FROM {self.TEMPORARY} "
                "ON CONFLICT (station_id, parameter, observed_at) DO NOTHING",
                [self.source_file_id],
            )
            return int(cursor.rowcount)

    def _insert_or_ignore(self, rows: list[Row]) -> int:
        source = self.source_file_id
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT OR IGNORE INTO {self.table} ({self.COLUMNS}, source_file_id) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (r.station_id, r.parameter, r.stamp, r.value, r.suspicious, r.line, source)
                    for r in rows
                ],
            )
            return int(cursor.rowcount)

    def close(self) -> None:
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {self.TEMPORARY}")


class Stored(NamedTuple):
    file_id: int
    file_name: str
    line: int | None


def already_stored(rows: list[Row]) -> dict[tuple[int, str, datetime.datetime], Stored]:
    """The keys of `rows` that are stored already, with the file and line they came from (one
    query)."""
    found = Measurement.objects.filter(
        station_id__in={r.station_id for r in rows},
        parameter__in={r.parameter for r in rows},
        observed_at__gte=min(r.observed_at for r in rows),
        observed_at__lte=max(r.observed_at for r in rows),
    ).values_list(
        "station_id",
        "parameter",
        "observed_at",
        "source_file",
        "source_file__file_name",
        "source_line",
    )
    return {(s, p, at): Stored(f, name, line) for s, p, at, f, name, line in found}


def keep_first_lines(lines: list[IngestLine]) -> None:
    """Keep the LINES_KEPT lowest line numbers (in place, stable), whatever order they came in:
    the lines kept are the same whichever path and batch size stored the file."""
    lines.sort(key=lambda line: line.line)
    del lines[LINES_KEPT:]


def ingest_rows(
    result: Ingested,
    *,
    handle: IO[bytes],
    station: str | None,
    checker: Checker,
    progress: Progress | None,
    progress_every: int,
    batch_size: int,
    clock: float,
) -> None:
    """Every format, row by row in Python: read, check, insert in batches."""
    record = result.record
    assert record is not None
    readers = {
        Format.LONG: lambda: read_long(handle, result.file_name),
        Format.WIDE: lambda: read_wide(handle, result.file_name, station),
        Format.OPENAQ: lambda: read_openaq(handle, result.file_name, station),
    }
    writer = Writer(record.pk)
    batch: list[Row] = []

    def note(line: int, column: str, reason: str, detail: dict[str, Any]) -> None:
        if reason in (Reason.DUPLICATE_IN_FILE, Reason.ALREADY_STORED):
            result.duplicates += 1
        else:
            result.rejected += 1
        result.lines.append(
            IngestLine(file=record, line=line, column=column, reason=reason, detail=detail)
        )
        if len(result.lines) >= 2 * LINES_KEPT:
            keep_first_lines(result.lines)

    def flush() -> None:
        if not batch:
            return
        # Repeats are found in the batch and, for earlier batches and files, in the database
        # (which keeps each measurement's file and line): memory does not grow with the file.
        stored = already_stored(batch)
        fresh = []
        firsts: dict[tuple[int, str, datetime.datetime], int] = {}
        for row in batch:
            key = (row.station_id, row.parameter, row.observed_at)
            earlier = stored.get(key)
            if earlier is not None and earlier.file_id != record.pk:
                note(row.line, row.column, Reason.ALREADY_STORED, {"file": earlier.file_name})
            elif earlier is not None or key in firsts:
                first = earlier.line if earlier is not None else firsts[key]
                note(row.line, row.column, Reason.DUPLICATE_IN_FILE, {"first": first})
            else:
                firsts[key] = row.line
                fresh.append(row)
        inserted = writer.write(fresh)
        # A row stored by someone else between the check and the insert is skipped too.
        result.duplicates += len(fresh) - inserted
        result.inserted += inserted
        result.flagged += sum(1 for row in fresh if row.suspicious)
        batch.clear()

    check = checker.check
    for raw in readers[Format(result.format)]():
        result.rows_read += 1
        checked = check(raw)
        if type(checked) is Row:
            batch.append(checked)
            if len(batch) >= batch_size:
                flush()
        else:
            note(raw.line, raw.column, *checked)
        if progress is not None and result.rows_read % progress_every == 0:
            progress(result.rows_read, time.monotonic() - clock)
    flush()
    writer.close()
    keep_first_lines(result.lines)
