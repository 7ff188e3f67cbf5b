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
import functools
import hashlib
import json
import math
import re
import time
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jasyl.airquality import hours
from jasyl.airquality.indices import UNITS, VOLUME_UNITS_IN_PPB, ug_per_ppb
from jasyl.airquality.interface import gas_temperature_c
from jasyl.airquality.models import IngestFile, IngestLine, Measurement, Station
from jasyl.airquality.reference import MASS_UNITS_IN_MG, Reference
from jasyl.airquality.versions import current_reference

LOCAL = zoneinfo.ZoneInfo("Asia/Almaty")
BATCH = 50_000
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


class Raw(NamedTuple):
    """A value as the file gives it, before any check (a tuple: millions are made per file)."""

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
    # Whether the SQL path stored it (a long CSV on PostgreSQL), not the row path.
    bulk: bool = False

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


def _long_columns(header: list[str], file_name: str) -> dict[str, int]:
    """Where the long layout's columns are: location_id, location, datetime, parameter, units,
    value (absent optional ones are left out); IngestError naming the missing ones."""
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
    at["units"] = at.get("units", at.get("unit", 0))
    return at


def read_long(handle: IO[bytes], file_name: str) -> Iterator[Raw]:
    """The OpenAQ archive layout: location_id, sensors_id, location, datetime, lat, lon,
    parameter, units, value; one value per line."""
    header, rows = _csv(handle, file_name)
    at = _long_columns(header, file_name)
    # Absent optional columns read as an empty cell past the row's end.
    absent = len(header) + 1_000_000
    station, location = at.get("location", absent), at.get("location_id", absent)
    parameter, unit, moment, value = at["parameter"], at["units"], at["datetime"], at["value"]
    for line, row in rows:
        width = len(row)
        yield Raw(
            line,
            row[station].strip() if station < width else "",
            row[parameter].strip() if parameter < width else "",
            row[unit].strip() if unit < width else "",
            row[moment].strip() if moment < width else "",
            row[value].strip() if value < width else "",
            "",
            row[location].strip() if location < width else "",
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


class _Row(NamedTuple):
    line: int
    station_id: int
    parameter: str
    observed_at: datetime.datetime
    stamp: str
    """`observed_at` as the database reads it."""
    value: float
    suspicious: bool
    column: str


class _Series(NamedTuple):
    """What a (location, parameter, unit) of a file resolves to; the same for all its rows."""

    station: Station
    code: str
    steps: tuple[float, float, float, float] | None
    """`value * a * b / c / d` is the value in the stored unit; None when it does not convert."""
    ceiling: float
    suspicious_above: float


def conversion_steps(
    *, substance: str, unit: str, to: str, reference: Reference, temperature_c: float
) -> tuple[float, float, float, float] | None:
    """The factors a, b, c, d with `value * a * b / c / d` == `indices.convert(value, ...)`
    bit for bit (the same operations in the same order), so that a file's series converts
    once, not once per value, and SQL can do the same arithmetic. None when `convert` would
    refuse the unit; ValueError when `to` is not a mass unit (convert each value then)."""
    if to not in MASS_UNITS_IN_MG:
        raise ValueError(f"{to}: stored units are mass units")
    if unit in MASS_UNITS_IN_MG:
        return MASS_UNITS_IN_MG[unit], 1.0, 1.0, MASS_UNITS_IN_MG[to]
    if unit not in VOLUME_UNITS_IN_PPB:
        return None
    try:
        factor = ug_per_ppb(reference, substance, temperature_c)
    except ValueError:
        return None
    return VOLUME_UNITS_IN_PPB[unit], factor, 1000.0, MASS_UNITS_IN_MG[to]


class _Checker:
    """The checks every raw row goes through, whatever its format. What is the same for many
    rows (a series' station, parameter and unit; a time's text) is worked out once."""

    CACHED_TIMES = 200_000

    def __init__(self, reference: Reference, stamp: Callable[[datetime.datetime], str]) -> None:
        self.reference = reference
        self.stamp = stamp
        self.temperature = gas_temperature_c()
        stations = list(Station.objects.all())
        self.by_code = {s.code.casefold(): s for s in stations}
        self.by_openaq = {str(s.openaq_location): s for s in stations if s.openaq_location}
        self.series: dict[tuple[str, str, str, str], _Series | tuple[str, dict[str, Any]]] = {}
        self.times: dict[str, tuple[datetime.datetime, datetime.date, str] | None] = {}

    def resolve(
        self, openaq_location: str, station_name: str, parameter: str, unit: str
    ) -> _Series | tuple[str, dict[str, Any]]:
        """The series of a row, or the reason its station, parameter or unit is refused."""
        key = (openaq_location, station_name, parameter, unit)
        found = self.series.get(key)
        if found is None:
            found = self.series[key] = self._resolve(*key)
        return found

    def _resolve(
        self, openaq_location: str, station_name: str, parameter: str, unit: str
    ) -> _Series | tuple[str, dict[str, Any]]:
        station = self.by_openaq.get(openaq_location) or self.by_code.get(station_name.casefold())
        if station is None:
            return Reason.UNKNOWN_STATION, {"station": station_name or openaq_location}
        code = parameter_code(parameter)
        known = self.reference.parameters.get(code)
        if known is None:
            return Reason.UNKNOWN_PARAMETER, {"parameter": parameter}
        if station.parameters and code not in station.parameters:
            return Reason.NOT_MEASURED, {"station": station.code, "parameter": code}
        normalised = unit_code(unit)
        if normalised not in UNITS:
            return Reason.UNKNOWN_UNIT, {"parameter": code, "unit": unit}
        steps = conversion_steps(
            substance=code,
            unit=normalised,
            to=known.unit,
            reference=self.reference,
            temperature_c=self.temperature,
        )
        return _Series(station, code, steps, known.ceiling.value, known.suspicious_above.value)

    def moment(self, text: str) -> tuple[datetime.datetime, datetime.date, str] | None:
        """The UTC time, its local day and its database text; None when it is not a time."""
        if text in self.times:
            return self.times[text]
        if len(self.times) >= self.CACHED_TIMES:
            self.times.clear()
        try:
            observed_at = parse_time(text)
        except ValueError:
            found = None
        else:
            found = observed_at, observed_at.astimezone(LOCAL).date(), self.stamp(observed_at)
        self.times[text] = found
        return found

    def check(self, raw: Raw) -> _Row | tuple[str, dict[str, Any]]:
        """The row to store, or the reason it is not stored and what the reason names."""
        series = self.resolve(raw.openaq_location, raw.station, raw.parameter, raw.unit)
        if not isinstance(series, _Series):
            return series
        station, code = series.station, series.code
        moment = self.moment(raw.time)
        if moment is None:
            return Reason.BAD_TIME, {"text": raw.time}
        observed_at, day, stamp = moment
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
        if series.steps is None:
            return Reason.UNKNOWN_UNIT, {"parameter": code, "unit": raw.unit}
        a, b, c, d = series.steps
        value = given * a * b / c / d
        if value > series.ceiling:
            unit = self.reference.parameters[code].unit
            return Reason.ABOVE_CEILING, {
                "parameter": code,
                "value": _figure(value),
                "unit": unit,
                "ceiling": _figure(series.ceiling),
            }
        return _Row(
            raw.line,
            station.pk,
            code,
            observed_at,
            stamp,
            value,
            value > series.suspicious_above,
            raw.column,
        )


# ------------------------------------------------------------------------------ writing


def _stamp_for(vendor: str) -> Callable[[datetime.datetime], str]:
    """How a UTC time is written for the database: Django's own text on SQLite; ISO 8601 with
    its offset for COPY on PostgreSQL."""
    if vendor == "sqlite":
        adapt = connection.ops.adapt_datetimefield_value
        return lambda moment: str(adapt(moment))
    return datetime.datetime.isoformat


class _Writer:
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
                    source_line=r.line,
                )
                for r in rows
            ],
            ignore_conflicts=True,
        )
        return Measurement.objects.count() - before

    def _copy(self, rows: list[_Row]) -> int:
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

    def _insert_or_ignore(self, rows: list[_Row]) -> int:
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


class _Stored(NamedTuple):
    file_id: int
    file_name: str
    line: int | None


def _already_stored(rows: list[_Row]) -> dict[tuple[int, str, datetime.datetime], _Stored]:
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
    return {(s, p, at): _Stored(f, name, line) for s, p, at, f, name, line in found}


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
    bulk: bool = True,
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
    checker = _Checker(reference, _stamp_for(connection.vendor))
    if not (
        bulk
        and result.format == Format.LONG
        and connection.vendor == "postgresql"
        and _ingest_long_in_sql(
            result,
            handle=handle,
            checker=checker,
            progress=progress,
            progress_every=progress_every,
        )
    ):
        handle.seek(0)
        _ingest_rows(
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


def _keep_first_lines(lines: list[IngestLine]) -> None:
    """Keep the LINES_KEPT lowest line numbers (in place, stable), whatever order they came in:
    the lines kept are the same whichever path and batch size stored the file."""
    lines.sort(key=lambda line: line.line)
    del lines[LINES_KEPT:]


def _ingest_rows(
    result: Ingested,
    *,
    handle: IO[bytes],
    station: str | None,
    checker: _Checker,
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
    writer = _Writer(record.pk)
    batch: list[_Row] = []

    def note(line: int, column: str, reason: str, detail: dict[str, Any]) -> None:
        if reason in (Reason.DUPLICATE_IN_FILE, Reason.ALREADY_STORED):
            result.duplicates += 1
        else:
            result.rejected += 1
        result.lines.append(
            IngestLine(file=record, line=line, column=column, reason=reason, detail=detail)
        )
        if len(result.lines) >= 2 * LINES_KEPT:
            _keep_first_lines(result.lines)

    def flush() -> None:
        if not batch:
            return
        # Repeats are found in the batch and, for earlier batches and files, in the database
        # (which keeps each measurement's file and line): memory does not grow with the file.
        stored = _already_stored(batch)
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
        if type(checked) is _Row:
            batch.append(checked)
            if len(batch) >= batch_size:
                flush()
        else:
            note(raw.line, raw.column, *checked)
        if progress is not None and result.rows_read % progress_every == 0:
            progress(result.rows_read, time.monotonic() - clock)
    flush()
    writer.close()
    _keep_first_lines(result.lines)


# ------------------------------------------------------------------------------ the SQL path


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


def _ingest_long_in_sql(
    result: Ingested,
    *,
    handle: IO[bytes],
    checker: _Checker,
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
                    WHEN n.given * se.a * se.b / se.c / se.d > se.ceiling
                        THEN '{Reason.ABOVE_CEILING}'
                END AS reason,
                n.given * se.a * se.b / se.c / se.d AS value
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
                assert not isinstance(found, _Row), f"line {line} is valid in Python"
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
        at = _long_columns(header, result.file_name)
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


def _resolve_in_python(cursor: Any, checker: _Checker, keys: str, moment: str, value: str) -> None:
    """Tables of what each distinct series, time and unusual number of the file means, decided
    by the row path's code."""
    cursor.execute(f"SELECT DISTINCT {keys} FROM {_STAGE}")
    series = []
    for key in cursor.fetchall():
        found = checker.resolve(*key)
        if isinstance(found, _Series):
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
