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
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import math
import re
import time
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jasyl.airquality.indices import UNITS, convert
from jasyl.airquality.interface import gas_temperature_c
from jasyl.airquality.models import IngestFile, IngestLine, Measurement, Station
from jasyl.airquality.reference import Reference, bundled

LOCAL = zoneinfo.ZoneInfo("Asia/Almaty")
BATCH = 5000
# At most this many lines not stored are kept per file (the counts stay complete), so that
# re-ingesting a large file does not log every one of its rows again.
LINES_KEPT = 1000

Format = IngestFile.Format
Reason = IngestLine.Reason
Progress = Callable[[int, float], None]


class IngestError(Exception):
    """The file cannot be ingested at all; the message names the file and the place."""

    def __init__(self, file_name: str, message: str, line: int | None = None) -> None:
        if line is None:
            text = _("%(file)s: %(message)s") % {"file": file_name, "message": message}
        else:
            text = _("%(file)s: line %(line)s: %(message)s") % {
                "file": file_name,
                "line": line,
                "message": message,
            }
        super().__init__(text)


@dataclass(frozen=True)
class Raw:
    """A value as the file gives it, before any check."""

    line: int
    station: str
    parameter: str
    unit: str
    time: str
    value: str
    column: str = ""
    openaq_location: str = ""


@dataclass
class Ingested:
    """What became of a file's rows: rows_read = inserted + duplicates + rejected."""

    file_name: str
    sha256: str
    format: str
    dry_run: bool
    rows_read: int = 0
    inserted: int = 0
    duplicates: int = 0
    rejected: int = 0
    flagged: int = 0
    seconds: float = 0.0
    lines: list[IngestLine] = field(default_factory=list)
    record: IngestFile | None = None
    seen_before: list[IngestFile] = field(default_factory=list)

    @property
    def format_label(self) -> str:
        return str(Format(self.format).label)


# ------------------------------------------------------------------------------ normalising

_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_UNIT_WORDS = (("µ", "u"), ("μ", "u"), ("³", "3"), ("мкг", "ug"), ("мг", "mg"), ("м3", "m3"))


def parameter_code(name: str) -> str:
    """ "PM2.5", "pm25", "NO₂" -> pm25, pm25, no2."""
    return re.sub(r"[\s._\-]", "", name.translate(_SUBSCRIPTS).lower())


def unit_code(name: str) -> str:
    """ "µg/m³", "ug/m3", "мкг/м³", "PPB" -> ug/m3, ug/m3, ug/m3, ppb."""
    text = re.sub(r"\s", "", name.lower())
    for old, new in _UNIT_WORDS:
        text = text.replace(old, new)
    return text


def parse_time(text: str) -> datetime.datetime:
    """An ISO 8601 or dd.mm.yyyy hh:mm time; without an offset it is Almaty's local time.
    Returned in UTC. ValueError when it is not a time."""
    text = text.strip()
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        for pattern in ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S"):
            try:
                moment = datetime.datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        else:
            raise
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL)
    return moment.astimezone(datetime.UTC)


def parse_value(text: str) -> float:
    """A number, with a decimal point or a decimal comma. ValueError otherwise."""
    number = float(text.strip().replace(",", "."))
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def _figure(value: float) -> str:
    return f"{value:g}"


# ------------------------------------------------------------------------------ reading


def _sha256(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


def _text_lines(handle: IO[bytes], file_name: str) -> Iterator[str]:
    """The file's lines as text, one at a time (the file is never read whole)."""
    for number, raw in enumerate(handle, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise IngestError(file_name, _("the file is not UTF-8 text"), number) from None
        yield text.removeprefix("\ufeff") if number == 1 else text


def _csv(handle: IO[bytes], file_name: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and the rows with their line numbers; the delimiter (, ; or tab) is guessed
    from the header."""
    lines = _text_lines(handle, file_name)
    first = next(lines, "")
    if not first.strip():
        raise IngestError(file_name, _("the file is empty"), 1)
    delimiter = max(",;\t", key=first.count)

    def chained() -> Iterator[str]:
        yield first
        yield from lines

    reader = csv.reader(chained(), delimiter=delimiter)
    try:
        header = [cell.strip() for cell in next(reader)]
    except csv.Error as error:
        raise IngestError(file_name, str(error), 1) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for row in reader:
                if any(cell.strip() for cell in row):
                    yield reader.line_num, row
        except csv.Error as error:
            raise IngestError(file_name, str(error), reader.line_num) from None

    return header, rows()


def _columns(header: list[str], *names: str) -> dict[str, int]:
    lowered = [name.lower() for name in header]
    return {name: lowered.index(name) for name in names if name in lowered}


def _missing(file_name: str, names: Iterable[str]) -> IngestError:
    return IngestError(
        file_name, _("missing column: %(columns)s") % {"columns": ", ".join(names)}, 1
    )


def read_long(handle: IO[bytes], file_name: str) -> Iterator[Raw]:
    """The OpenAQ archive layout: location_id, sensors_id, location, datetime, lat, lon,
    parameter, units, value; one value per line."""
    header, rows = _csv(handle, file_name)
    at = _columns(header, "location_id", "location", "datetime", "parameter")
    at |= _columns(header, "value", "units", "unit")
    required = ["datetime", "parameter", "value"]
    missing = [name for name in required if name not in at]
    if "units" not in at and "unit" not in at:
        missing.append("units")
    if "location_id" not in at and "location" not in at:
        missing.append("location")
    if missing:
        raise _missing(file_name, missing)
    unit = at.get("units", at.get("unit", 0))

    def cell(row: list[str], index: int | None) -> str:
        return row[index].strip() if index is not None and index < len(row) else ""

    for line, row in rows:
        yield Raw(
            line=line,
            station=cell(row, at.get("location")),
            openaq_location=cell(row, at.get("location_id")),
            parameter=cell(row, at["parameter"]),
            unit=cell(row, unit),
            time=cell(row, at["datetime"]),
            value=cell(row, at["value"]),
        )


_HEADER = re.compile(r"^(?P<name>[^()\[\]]+?)\s*[(\[](?P<unit>[^()\[\]]+)[)\]]$")


def read_wide(handle: IO[bytes], file_name: str, station: str | None) -> Iterator[Raw]:
    """A spreadsheet's layout: station (or --station), datetime, then one column per pollutant
    with its unit in the header: "PM2.5 (µg/m³)", "NO2 (ppb)"."""
    header, rows = _csv(handle, file_name)
    at = _columns(header, "station", "datetime")
    if "datetime" not in at:
        raise _missing(file_name, ["datetime"])
    if "station" not in at and not station:
        raise IngestError(
            file_name, _("there is no station column: name the station the file is from"), 1
        )
    pollutants: list[tuple[int, str, str, str]] = []
    for index, title in enumerate(header):
        if index in at.values() or not title:
            continue
        match = _HEADER.match(title)
        if match is None:
            raise IngestError(
                file_name,
                _("the column “%(column)s” does not give its unit, as in “PM2.5 (µg/m³)”")
                % {"column": title},
                1,
            )
        pollutants.append((index, title, match["name"], match["unit"]))
    if not pollutants:
        raise IngestError(file_name, _("no pollutant column, such as “PM2.5 (µg/m³)”"), 1)
    for line, row in rows:
        name = row[at["station"]].strip() if "station" in at else str(station)
        when = row[at["datetime"]] if at["datetime"] < len(row) else ""
        for index, title, parameter, unit in pollutants:
            value = row[index].strip() if index < len(row) else ""
            if value:
                yield Raw(line, name, parameter, unit, when, value, column=title)


def read_openaq(handle: IO[bytes], file_name: str, station: str | None) -> Iterator[Raw]:
    """An OpenAQ v3 measurements response (`/v3/sensors/{id}/measurements`, `/hours` ...):
    `results[]` with value, parameter {name, units} and period {datetimeFrom {utc, local}}.
    The response does not name its location, so the station is given. A response is one page
    (at most the API's page size), read whole."""
    if not station:
        raise IngestError(file_name, _("an OpenAQ response does not name its station: name it"))
    try:
        content = json.load(handle)
    except (ValueError, UnicodeDecodeError) as error:
        raise IngestError(file_name, _("not valid JSON: %(error)s") % {"error": error}) from None
    results = content.get("results") if isinstance(content, dict) else None
    if not isinstance(results, list):
        raise IngestError(file_name, _("no “results” list: not an OpenAQ measurements response"))
    for number, result in enumerate(results, start=1):
        item = result if isinstance(result, dict) else {}
        parameter = item.get("parameter") or {}
        period = (item.get("period") or {}).get("datetimeFrom") or {}
        value = item.get("value")
        yield Raw(
            line=number,
            station=station,
            parameter=str(parameter.get("name") or ""),
            unit=str(parameter.get("units") or ""),
            time=str(period.get("utc") or period.get("local") or ""),
            value="" if value is None else str(value),
        )


def detect_format(handle: IO[bytes], file_name: str) -> str:
    """JSON -> openaq; a CSV with a parameter column -> long; otherwise wide."""
    start = handle.read(4096)
    handle.seek(0)
    if start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return Format.OPENAQ
    first = start.split(b"\n", 1)[0].decode("utf-8", errors="replace").lower()
    cells = {cell.strip().strip('"') for cell in re.split(r"[,;\t]", first)}
    return Format.LONG if "parameter" in cells else Format.WIDE


# ------------------------------------------------------------------------------ checking


@dataclass(frozen=True)
class _Row:
    line: int
    station_id: int
    parameter: str
    observed_at: datetime.datetime
    value: float
    suspicious: bool
    column: str


class _Checker:
    """The checks every raw row goes through, whatever its format."""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self.temperature = gas_temperature_c()
        stations = list(Station.objects.all())
        self.by_code = {s.code.casefold(): s for s in stations}
        self.by_openaq = {str(s.openaq_location): s for s in stations if s.openaq_location}
        self.first_line: dict[tuple[int, str, datetime.datetime], int] = {}

    def check(self, raw: Raw) -> _Row | tuple[str, dict[str, Any]]:
        """The row to store, or the reason it is not stored and what the reason names."""
        station = self.by_openaq.get(raw.openaq_location) or self.by_code.get(
            raw.station.casefold()
        )
        if station is None:
            return Reason.UNKNOWN_STATION, {"station": raw.station or raw.openaq_location}
        code = parameter_code(raw.parameter)
        parameter = self.reference.parameters.get(code)
        if parameter is None:
            return Reason.UNKNOWN_PARAMETER, {"parameter": raw.parameter}
        if station.parameters and code not in station.parameters:
            return Reason.NOT_MEASURED, {"station": station.code, "parameter": code}
        unit = unit_code(raw.unit)
        if unit not in UNITS:
            return Reason.UNKNOWN_UNIT, {"parameter": code, "unit": raw.unit}
        try:
            observed_at = parse_time(raw.time)
        except ValueError:
            return Reason.BAD_TIME, {"text": raw.time}
        day = observed_at.astimezone(LOCAL).date()
        if (station.active_from and day < station.active_from) or (
            station.active_to and day > station.active_to
        ):
            return Reason.INACTIVE, {"station": station.code, "date": day.isoformat()}
        try:
            given = parse_value(raw.value)
        except ValueError:
            return Reason.BAD_VALUE, {"text": raw.value}
        if given < 0:
            return Reason.NEGATIVE, {"parameter": code, "value": raw.value}
        try:
            value = convert(
                given,
                substance=code,
                unit=unit,
                to=parameter.unit,
                reference=self.reference,
                temperature_c=self.temperature,
            )
        except ValueError:
            return Reason.UNKNOWN_UNIT, {"parameter": code, "unit": raw.unit}
        if value > parameter.ceiling.value:
            return Reason.ABOVE_CEILING, {
                "parameter": code,
                "value": _figure(value),
                "unit": parameter.unit,
                "ceiling": _figure(parameter.ceiling.value),
            }
        # Remembering the first line of each key finds repeats without keeping the file.
        key = (station.pk, code, observed_at)
        first = self.first_line.setdefault(key, raw.line)
        if first != raw.line:
            return Reason.DUPLICATE_IN_FILE, {"first": first}
        return _Row(
            raw.line,
            station.pk,
            code,
            observed_at,
            value,
            value > parameter.suspicious_above.value,
            raw.column,
        )


# ------------------------------------------------------------------------------ writing


class _Writer:
    """Batched inserts that skip rows already stored: COPY on PostgreSQL, INSERT OR IGNORE on
    SQLite, `bulk_create` elsewhere. Returns how many rows each batch inserted."""

    TEMPORARY = "airquality_ingest_batch"
    COLUMNS = "station_id, parameter, observed_at, value, suspicious"

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
                    "suspicious boolean)"
                )

    def write(self, rows: list[_Row]) -> int:
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
                )
                for r in rows
            ],
            ignore_conflicts=True,
        )
        return Measurement.objects.count() - before

    def _copy(self, rows: list[_Row]) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {self.TEMPORARY}")
            raw: Any = cursor.cursor
            with raw.copy(f"COPY {self.TEMPORARY} ({self.COLUMNS}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(
                        (r.station_id, r.parameter, r.observed_at, r.value, r.suspicious)
                    )
            cursor.execute(
                f"INSERT INTO {self.table} ({self.COLUMNS}, source_file_id) "
                f"SELECT {self.COLUMNS}, %s FROM {self.TEMPORARY} "
                "ON CONFLICT (station_id, parameter, observed_at) DO NOTHING",
                [self.source_file_id],
            )
            return int(cursor.rowcount)

    def _insert_or_ignore(self, rows: list[_Row]) -> int:
        adapt = connection.ops.adapt_datetimefield_value
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT OR IGNORE INTO {self.table} ({self.COLUMNS}, source_file_id) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    (
                        r.station_id,
                        r.parameter,
                        adapt(r.observed_at),
                        r.value,
                        r.suspicious,
                        self.source_file_id,
                    )
                    for r in rows
                ],
            )
            return int(cursor.rowcount)

    def close(self) -> None:
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {self.TEMPORARY}")


def _already_stored(rows: list[_Row]) -> dict[tuple[int, str, datetime.datetime], str]:
    """The keys of `rows` that are stored already, with the file they came from (one query)."""
    found = Measurement.objects.filter(
        station_id__in={r.station_id for r in rows},
        parameter__in={r.parameter for r in rows},
        observed_at__gte=min(r.observed_at for r in rows),
        observed_at__lte=max(r.observed_at for r in rows),
    ).values_list("station_id", "parameter", "observed_at", "source_file__file_name")
    return {(s, p, at): name for s, p, at, name in found}


# ------------------------------------------------------------------------------ the service


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
) -> Ingested:
    """Ingest one measurement file in one transaction; `dry_run` checks it and stores nothing.
    Raises `IngestError` (and stores no measurement) when the file cannot be read at all."""
    started = timezone.now()
    clock = time.monotonic()
    sha256 = _sha256(handle)
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
                reference=reference or bundled(),
                clock=clock,
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
    readers = {
        Format.LONG: lambda: read_long(handle, result.file_name),
        Format.WIDE: lambda: read_wide(handle, result.file_name, station),
        Format.OPENAQ: lambda: read_openaq(handle, result.file_name, station),
    }
    checker = _Checker(reference)
    writer = _Writer(record.pk)
    batch: list[_Row] = []

    def note(line: int, column: str, reason: str, detail: dict[str, Any]) -> None:
        if reason in (Reason.DUPLICATE_IN_FILE, Reason.ALREADY_STORED):
            result.duplicates += 1
        else:
            result.rejected += 1
        if len(result.lines) < LINES_KEPT:
            result.lines.append(
                IngestLine(file=record, line=line, column=column, reason=reason, detail=detail)
            )

    def flush() -> None:
        if not batch:
            return
        stored = _already_stored(batch)
        fresh = []
        for row in batch:
            earlier = stored.get((row.station_id, row.parameter, row.observed_at))
            if earlier is None:
                fresh.append(row)
            else:
                note(row.line, row.column, Reason.ALREADY_STORED, {"file": earlier})
        inserted = writer.write(fresh)
        # A row stored by someone else between the check and the insert is skipped too.
        result.duplicates += len(fresh) - inserted
        result.inserted += inserted
        result.flagged += sum(1 for row in fresh if row.suspicious)
        batch.clear()

    for raw in readers[Format(result.format)]():
        result.rows_read += 1
        checked = checker.check(raw)
        if isinstance(checked, _Row):
            batch.append(checked)
            if len(batch) >= batch_size:
                flush()
        else:
            note(raw.line, raw.column, *checked)
        if progress is not None and result.rows_read % progress_every == 0:
            progress(result.rows_read, time.monotonic() - clock)
    flush()
    writer.close()
    IngestLine.objects.bulk_create(result.lines)
    record.rows_read = result.rows_read
    record.inserted = result.inserted
    record.duplicates = result.duplicates
    record.rejected = result.rejected
    record.flagged = result.flagged
    record.finished_at = timezone.now()
    record.save()
