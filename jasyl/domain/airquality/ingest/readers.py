"""The readers: each turns a file of its format into raw values (`Raw`), naming the file and
the line of anything it cannot read."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from typing import IO

from django.utils.translation import gettext as _

from jasyl.domain.airquality.ingest.common import Format, IngestError, Raw


def sha256_of(handle: IO[bytes]) -> str:
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
    from the header. A row with more or fewer fields than the header refuses the file, naming
    its line: its values cannot be told apart (a decimal comma in a file separated by commas
    turns 12,5 into two fields, and the value would be read as 12)."""
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
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise IngestError(file_name, _ragged(row, header, delimiter), reader.line_num)
                yield reader.line_num, row
        except csv.Error as error:
            raise IngestError(file_name, str(error), reader.line_num) from None

    return header, rows()


def _ragged(row: list[str], header: list[str], delimiter: str) -> str:
    message = _("%(fields)s fields where the header has %(columns)s") % {
        "fields": len(row),
        "columns": len(header),
    }
    if delimiter == "," and len(row) > len(header):
        hint = _("a decimal comma splits a value in two in a file separated by commas")
        message = f"{message} ({hint})"
    return message


def _columns(header: list[str], *names: str) -> dict[str, int]:
    lowered = [name.lower() for name in header]
    return {name: lowered.index(name) for name in names if name in lowered}


def _missing(file_name: str, names: Iterable[str]) -> IngestError:
    return IngestError(
        file_name, _("missing column: %(columns)s") % {"columns": ", ".join(names)}, 1
    )


def long_columns(header: list[str], file_name: str) -> dict[str, int]:
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
    at = long_columns(header, file_name)
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
