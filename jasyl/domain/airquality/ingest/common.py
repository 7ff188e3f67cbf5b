"""What every part of the ingest shares: the raw value as a file gives it, the result of a file,
the error that refuses a file, and the normalising of names, units, times and numbers."""

from __future__ import annotations

import datetime
import math
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _

from jasyl.domain.airquality.models import IngestFile, IngestLine

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


def figure(value: float) -> str:
    return f"{value:g}"
