"""The SQL path, for a long CSV on PostgreSQL: the file's bytes streamed into COPY, then checked,
converted and inserted by SQL, with the rules of the row path."""

from __future__ import annotations

import csv
import functools
import re
import time
from typing import IO, Any

from django.db import IntegrityError, connection, transaction

from jasyl.domain.airquality.averaging import SIGNIFICANT_DIGITS
from jasyl.domain.airquality.ingest.checks import Checker, Row, Series
from jasyl.domain.airquality.ingest.common import (
    LINES_KEPT,
    Ingested,
    IngestError,
    Progress,
    Raw,
    Reason,
    parse_value,
)
from jasyl.domain.airquality.ingest.readers import long_columns
from jasyl.domain.airquality.models import IngestFile, IngestLine, Measurement


class _NotInSql(Exception):
    """The file is not one the SQL path reads exactly like the row path: use the row path."""


_STAGE = "airquality_ingest_stage"
_SERIES = "airquality_ingest_series"
_TIMES = "airquality_ingest_times"
_VALUES = "airquality_ingest_values"
# A number PostgreSQL's float8 reads exactly as Python's float() does (short enough never to
# overflow); any other text goes through parse_value() in Python.
_PLAIN_NUMBER = r"^[+-]?([0-9]{1,20}(\.[0-9]{0,20})?|\.[0-9]{1,20})([eE][+-]?[0-9]{1,2})?$"
_CHUNK = 1 << 22
# to_char's scientific format with SIGNIFICANT_DIGITS digits: a float8 rounded as
# `averaging.to_significant` rounds it (both print the exact binary value with C's rules).
_SIGNIFICANT = f"9.{'9' * (SIGNIFICANT_DIGITS - 1)}EEEE"


def ingest_long(
    result: Ingested,
    *,
    handle: IO[bytes],
    checker: Checker,
    progress: Progress | None,
    progress_every: int,
) -> bool:
    """A long CSV on PostgreSQL: its bytes streamed into COPY (each line prefixed with its
    number), then checked, converted and inserted by SQL. The rules are the row path's: what a
    row's series, time or unusual number means is decided by the same Python code, once per
    distinct text, and SQL applies it. False (nothing done) when the file is not plain enough
    (quoted line breaks, ragged rows, not UTF-8 ...): the row path then reads it and names
    the problem."""
    try:
        with transaction.atomic():
            at = _stage(handle, result, progress, progress_every)
    except _NotInSql:
        return False
    record = result.record
    assert record is not None

    def cell(name: str) -> str:
        index = at.get(name)
        return "''" if index is None else f"btrim(coalesce(c{index}, ''), E' \\t\\r\\n')"

    keys = ", ".join(
        f"{cell(name)} AS {alias}"
        for name, alias in (
            ("location_id", "location_id"),
            ("location", "location"),
            ("parameter", "parameter"),
            ("units", "unit"),
        )
    )
    series_cells = ("location_id", "location", "parameter", "units")
    bare = ", ".join(cell(name) for name in series_cells)
    with connection.cursor() as cursor:
        # Statistics of the trimmed cells the joins compare: without them the planner takes a
        # join of the whole file for one row and hashes it, in batches on disk.
        for number, name in enumerate((*series_cells, "datetime")):
            if name in at:
                cursor.execute(
                    f"CREATE STATISTICS pg_temp.{_STAGE}_{number} ON ({cell(name)}) FROM {_STAGE}"
                )
        cursor.execute(f"ANALYZE {_STAGE}")
        # Even so it takes the cells for independent and expects a fraction of the file's rows,
        # and might loop over millions of them; every join here is a hash join of the file to
        # a small table.
        cursor.execute("SELECT set_config('enable_nestloop', 'off', true)")
        # That setting's penalty in the costs would have the plan compiled with full
        # optimisation: most of a second on every file, for nothing.
        cursor.execute("SELECT set_config('jit', 'off', true)")
        _resolve_in_python(cursor, checker, bare, cell("datetime"), cell("value"))
        checked = f"""
            SELECT s.line, se.station_id, se.code, t.observed_at, se.ceiling, se.suspicious_above,
                {keys}, {cell("datetime")} AS moment, {cell("value")} AS given_text,
                CASE
                    WHEN se.reason IS NOT NULL THEN se.reason
                    WHEN t.observed_at IS NULL THEN '{Reason.BAD_TIME}'
                    WHEN t.day < se.active_from OR t.day > se.active_to THEN '{Reason.INACTIVE}'
                    WHEN n.given IS NULL THEN '{Reason.BAD_VALUE}'
                    WHEN n.given < 0 THEN '{Reason.NEGATIVE}'
                    WHEN se.a IS NULL THEN '{Reason.UNKNOWN_UNIT}'
                    WHEN cv.value > se.ceiling THEN '{Reason.ABOVE_CEILING}'
                END AS reason,
                cv.value AS value
            FROM {_STAGE} s
            JOIN {_SERIES} se ON ({bare}) = (se.location_id, se.location, se.parameter, se.unit)
            JOIN {_TIMES} t ON {cell("datetime")} = t.text
            CROSS JOIN LATERAL (
                SELECT CASE
                    WHEN replace({cell("value")}, ',', '.') ~ %(plain)s
                        THEN replace({cell("value")}, ',', '.')::float8
                    ELSE (SELECT v.given FROM {_VALUES} v WHERE v.text = {cell("value")})
                END AS given
                -- Not pulled up: the number is read once per row, not in every branch below.
                OFFSET 0
            ) n
            CROSS JOIN LATERAL (
                -- Converted as the row path converts it: the same float8 operations, then
                -- rounded to 12 significant digits.
                SELECT to_char(n.given * se.a * se.b / se.c / se.d, '{_SIGNIFICANT}')::float8
                    AS value
                OFFSET 0
            ) cv
        """
        plain = {"plain": _PLAIN_NUMBER}
        table = connection.ops.quote_name(Measurement._meta.db_table)
        try:
            with transaction.atomic():
                # The file is checked once: the insert and the counts read the same checked
                # rows. A plain insert, not ON CONFLICT DO NOTHING: a file of new keys, the
                # usual case, is stored at half the cost per row (measured).
                cursor.execute(
                    f"WITH c AS MATERIALIZED ({checked}), added AS ("
                    f"INSERT INTO {table} (station_id, parameter, observed_at, value, "
                    "suspicious, source_file_id, source_line) "
                    "SELECT station_id, code, observed_at, value, value > suspicious_above, "
                    "%(file)s, line FROM c WHERE reason IS NULL) "
                    "SELECT count(*) FILTER (WHERE reason IS NULL), "
                    "count(*) FILTER (WHERE reason IS NULL AND value > suspicious_above) FROM c",
                    {**plain, "file": record.pk},
                )
                valid, suspicious = cursor.fetchone()
        except IntegrityError:
            # Some rows repeat a key, in the file or in the database: which line is stored and
            # what each repeat is told must be the row path's, so start again with every key's
            # first line known.
            lines = _insert_first_lines(cursor, checked, plain, table, result)
        else:
            lines = []
            result.rejected = result.rows_read - valid
            result.inserted, result.flagged = valid, suspicious
        if result.rejected:
            cursor.execute(
                f"SELECT line, location_id, location, parameter, unit, moment, given_text "
                f"FROM ({checked}) c WHERE reason IS NOT NULL ORDER BY line LIMIT {LINES_KEPT}",
                plain,
            )
            for line, location_id, location, parameter, unit, moment, value in cursor.fetchall():
                raw = Raw(line, location, parameter, unit, moment, value, "", location_id)
                # The row path's own check gives the reason and what it names.
                found = checker.check(raw)
                assert not isinstance(found, Row), f"line {line} is valid in Python"
                lines.append((line, *found))
        for name in (_STAGE, _SERIES, _TIMES, _VALUES):
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute("RESET enable_nestloop")
        cursor.execute("RESET jit")
    lines.sort(key=lambda item: item[0])
    result.lines = [
        IngestLine(file=record, line=line, column="", reason=reason, detail=detail)
        for line, reason, detail in lines[:LINES_KEPT]
    ]
    result.bulk = True
    return True


def _stage(
    handle: IO[bytes], result: Ingested, progress: Progress | None, every: int
) -> dict[str, int]:
    """COPY the file's rows into a temporary table of text columns, numbered by their line;
    where the long layout's columns are. _NotInSql when the SQL path cannot read the file
    exactly as the row path does."""
    import psycopg

    handle.seek(0)
    first = handle.readline()
    try:
        title = first.decode("utf-8").removeprefix("\ufeff")
        delimiter = max(",;\t", key=title.count)
        header = [name.strip() for name in next(csv.reader([title], delimiter=delimiter))]
    except (UnicodeDecodeError, csv.Error, StopIteration):
        raise _NotInSql from None
    if not title.strip() or any(not name for name in header) or not first.endswith(b"\n"):
        raise _NotInSql
    try:
        at = long_columns(header, result.file_name)
    except IngestError:
        raise _NotInSql from None
    names = [f"c{index}" for index in range(len(header))]
    mark = delimiter.encode()
    clock = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_STAGE}")
        # COPY reads rows in order and numbers them from the identity: the header is line 1.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_STAGE} (line integer GENERATED ALWAYS AS IDENTITY "
            f"(START WITH 2), {', '.join(f'{name} text' for name in names)}) ON COMMIT DROP"
        )
        raw: Any = cursor.cursor
        rest = b""
        try:
            with raw.copy(
                f"COPY {_STAGE} ({', '.join(names)}) FROM STDIN (FORMAT csv, DELIMITER %s)",
                [delimiter],
            ) as copy:
                for chunk in iter(lambda: handle.read(_CHUNK), b""):
                    data = rest + chunk
                    cut = data.rfind(b"\n") + 1
                    rest = data[cut:]
                    before = result.rows_read
                    _copy_lines(copy, data[:cut], mark, result)
                    if progress is not None:
                        # Every `progress_every` rows, as the row path tells it.
                        for done in range(
                            before // every * every + every, result.rows_read + 1, every
                        ):
                            progress(done, time.monotonic() - clock)
                if rest:
                    _copy_lines(copy, rest + b"\n", mark, result)
                    if progress is not None and result.rows_read % every == 0:
                        progress(result.rows_read, time.monotonic() - clock)
        except psycopg.Error:
            # Not UTF-8, a ragged row, a stray carriage return ...: the row path names it.
            raise _NotInSql from None
    return at


def _copy_lines(copy: Any, lines: bytes, mark: bytes, result: Ingested) -> None:
    """Send whole lines to COPY as they are, after checking that COPY will read them as the
    row path does: every line a row (no blank line, which the row path skips and COPY
    refuses) and, where there are quotes, only well-formed quoted fields (no quoted line
    break, which would shift the line numbers)."""
    if _blank_line(mark).search(b"\n" + lines):
        raise _NotInSql
    if b'"' in lines:
        record = _well_formed(mark)
        if not all(record.fullmatch(line) for line in lines.split(b"\n")[:-1]):
            raise _NotInSql
    result.rows_read += lines.count(b"\n")
    copy.write(lines)


@functools.cache
def _blank_line(mark: bytes) -> re.Pattern[bytes]:
    return re.compile(rb'\n[ \t\r"' + re.escape(mark) + rb"]*\n")


@functools.cache
def _well_formed(mark: bytes) -> re.Pattern[bytes]:
    field = rb'(?:"(?:[^"]|"")*"|[^"' + re.escape(mark) + rb"\r\n]*)"
    return re.compile(field + rb"(?:" + re.escape(mark) + field + rb")*\r?")


def _resolve_in_python(cursor: Any, checker: Checker, keys: str, moment: str, value: str) -> None:
    """Tables of what each distinct series, time and unusual number of the file means, decided
    by the row path's code."""
    cursor.execute(f"SELECT DISTINCT {keys} FROM {_STAGE}")
    series = []
    for key in cursor.fetchall():
        found = checker.resolve(*key)
        if isinstance(found, Series):
            station = found.station
            a, b, c, d = found.steps or (None, None, None, None)
            resolved = (station.pk, found.code, station.active_from, station.active_to)
            bounds = (found.ceiling, found.suspicious_above)
            series.append((*key, None, *resolved, a, b, c, d, *bounds))
        else:
            series.append((*key, str(found[0])) + (None,) * 10)
    cursor.execute(
        f"CREATE TEMPORARY TABLE {_SERIES} (location_id text, location text, parameter text, "
        "unit text, reason text, station_id bigint, code text, active_from date, active_to date, "
        "a float8, b float8, c float8, d float8, ceiling float8, suspicious_above float8) "
        "ON COMMIT DROP"
    )
    cursor.executemany(f"INSERT INTO {_SERIES} VALUES ({', '.join(['%s'] * 15)})", series)
    cursor.execute(
        f"CREATE TEMPORARY TABLE {_TIMES} (text text, observed_at timestamptz, day date) "
        "ON COMMIT DROP"
    )
    cursor.execute(f"SELECT DISTINCT {moment} FROM {_STAGE}")
    texts = cursor.fetchall()
    raw: Any = cursor.cursor
    with raw.copy(f"COPY {_TIMES} FROM STDIN") as copy:
        for (text,) in texts:
            moment_found = checker.moment(text)
            copy.write_row((text, *moment_found[:2]) if moment_found else (text, None, None))
    cursor.execute(f"CREATE TEMPORARY TABLE {_VALUES} (text text, given float8) ON COMMIT DROP")
    cursor.execute(
        f"SELECT DISTINCT {value} FROM {_STAGE} WHERE NOT replace({value}, ',', '.') ~ %s",
        [_PLAIN_NUMBER],
    )
    unusual: list[tuple[str, float | None]] = []
    for (text,) in cursor.fetchall():
        try:
            unusual.append((text, parse_value(text)))
        except ValueError:
            unusual.append((text, None))
    cursor.executemany(f"INSERT INTO {_VALUES} VALUES (%s, %s)", unusual)
    cursor.execute(f"ANALYZE {_SERIES}")
    cursor.execute(f"ANALYZE {_TIMES}")


def _insert_first_lines(
    cursor: Any, checked: str, plain: dict[str, str], table: str, result: Ingested
) -> list[tuple[int, str, dict[str, Any]]]:
    """Insert each key's first valid line unless the key is stored; the repeats, as the row path
    tells them (the first LINES_KEPT)."""
    record = result.record
    assert record is not None
    cursor.execute(
        f"""CREATE TEMPORARY TABLE airquality_ingest_valid ON COMMIT DROP AS
        SELECT c.*,
            min(c.line) OVER (PARTITION BY c.station_id, c.code, c.observed_at) AS first,
            f.file_name AS stored_from
        FROM ({checked}) c
        LEFT JOIN {table} m ON (m.station_id, m.parameter, m.observed_at)
            = (c.station_id, c.code, c.observed_at)
        LEFT JOIN {IngestFile._meta.db_table} f ON f.id = m.source_file_id
        WHERE c.reason IS NULL""",
        plain,
    )
    cursor.execute(
        f"WITH added AS (INSERT INTO {table} (station_id, parameter, observed_at, value, "
        "suspicious, source_file_id, source_line) "
        "SELECT station_id, code, observed_at, value, value > suspicious_above, %s, line "
        "FROM airquality_ingest_valid WHERE line = first AND stored_from IS NULL "
        "ON CONFLICT (station_id, parameter, observed_at) DO NOTHING RETURNING 1) "
        "SELECT (SELECT count(*) FROM added), count(*) FILTER (WHERE value > suspicious_above)"
        " FROM airquality_ingest_valid WHERE line = first AND stored_from IS NULL",
        [record.pk],
    )
    inserted, flagged = cursor.fetchone()
    cursor.execute("SELECT count(*) FROM airquality_ingest_valid")
    (valid,) = cursor.fetchone()
    result.rejected = result.rows_read - valid
    result.inserted, result.flagged = inserted, flagged
    result.duplicates = valid - inserted
    cursor.execute(
        "SELECT line, first, stored_from FROM airquality_ingest_valid "
        f"WHERE line <> first OR stored_from IS NOT NULL ORDER BY line LIMIT {LINES_KEPT}"
    )
    repeats: list[tuple[int, str, dict[str, Any]]] = []
    for line, first, stored_from in cursor.fetchall():
        # A key stored from another file is told so on every line that repeats it, as the row
        # path tells it.
        if stored_from is not None:
            repeats.append((line, Reason.ALREADY_STORED, {"file": stored_from}))
        else:
            repeats.append((line, Reason.DUPLICATE_IN_FILE, {"first": first}))
    cursor.execute("DROP TABLE airquality_ingest_valid")
    return repeats
