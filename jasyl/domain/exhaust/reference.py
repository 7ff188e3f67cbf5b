"""The limits of roadside exhaust checks: a versioned table in `data/limits.yaml`, each row with
its legal basis and verification status. This module reads and validates it; every error names
the file and the key. It needs no Django.

The file follows the conventions of the air-quality reference data (`airquality/reference.py`)
and is read with the same reader, so that both speak of sources and statuses alike.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from jasyl.core.i18n import Text, data_text

# The air-quality reader checks versions, sources and statuses; sharing it keeps one convention.
from jasyl.domain.airquality.reference import ReferenceDataError, ReferenceFile, Status

DATA = Path(__file__).resolve().parent / "data"
FILE = "limits.yaml"
NO_TEXT = Text("")
CLASSES = range(0, 7)
"""Ecological classes 0-6."""

__all__ = ["ReferenceDataError", "Status"]


class Fuel(StrEnum):
    PETROL = "petrol"
    DIESEL = "diesel"


class Pollutant(StrEnum):
    CO = "co"
    CH = "ch"
    SMOKE = "smoke"

    @property
    def unit(self) -> str:
        return {"co": "%", "ch": "ppm", "smoke": "m-1"}[self.value]


class Idle(StrEnum):
    MINIMUM = "minimum"
    RAISED = "raised"
    UNSTATED = "unstated"
    """The source gives one value without saying at which idle regime."""


class Aspiration(StrEnum):
    NATURAL = "natural"
    TURBO = "turbo"


@dataclass(frozen=True)
class Limit:
    """One row of a limits table."""

    fuel: Fuel
    classes: tuple[int, int] | None
    """The lowest and highest ecological class it applies to; None: any class."""
    idle: Idle | None
    """Petrol rows only."""
    aspiration: Aspiration | None
    """Diesel rows only."""
    pollutant: Pollutant
    value: Decimal
    source: Text
    """The legal basis, in the three languages."""
    status: Status
    note: Text = NO_TEXT

    @property
    def unit(self) -> str:
        return self.pollutant.unit

    def covers(self, eco_class: int | None) -> bool:
        if self.classes is None:
            return True
        return eco_class is not None and self.classes[0] <= eco_class <= self.classes[1]


@dataclass(frozen=True)
class LimitTable:
    code: str
    name: Text
    """What people read: the act and its annex; `code` is the file's key."""
    effective_from: datetime.date | None
    """None for the table in force before all the others."""
    limits: tuple[Limit, ...]


@dataclass(frozen=True)
class Limits:
    version: int
    tables: tuple[LimitTable, ...]
    """Latest first; the undated one last."""


def _choice(file: ReferenceFile, row: Any, name: str, where: str, kind: type[StrEnum]) -> Any:
    value = str(file.need(row, name, where))
    try:
        return kind(value)
    except ValueError:
        file.fail(f"{where}.{name}", f"{value!r} is not one of: {', '.join(kind)}")


def _classes(file: ReferenceFile, row: dict[str, Any], where: str) -> tuple[int, int] | None:
    if "classes" not in row:
        return None
    found = row["classes"]
    if (
        not isinstance(found, list)
        or len(found) != 2
        or not all(isinstance(c, int) and not isinstance(c, bool) for c in found)
    ):
        file.fail(f"{where}.classes", "must be [lowest class, highest class]")
    low, high = found
    if low not in CLASSES or high not in CLASSES or low > high:
        file.fail(f"{where}.classes", f"{found!r} is not a range of classes 0-6")
    return low, high


def _text(file: ReferenceFile, value: Any, key: str) -> Text:
    try:
        return data_text(value)
    except ValueError as error:
        file.fail(key, str(error))


def _sources(file: ReferenceFile) -> dict[str, Text]:
    """Each source's citation in the three languages (`core.i18n.data_text`: a plain string is
    one text for every language)."""
    found = file.mapping(file.need(file.content, "sources", ""), "sources")
    return {str(k): _text(file, v, f"sources.{k}") for k, v in found.items() if v}


def _limit(file: ReferenceFile, row: Any, where: str, sources: dict[str, Text]) -> Limit:
    row = file.mapping(row, where)
    fuel = _choice(file, row, "fuel", where, Fuel)
    pollutant = _choice(file, row, "pollutant", where, Pollutant)
    unit = str(file.need(row, "unit", where))
    if unit != pollutant.unit:
        file.fail(f"{where}.unit", f"{pollutant.value} is stated in {pollutant.unit}, not {unit!r}")
    idle = aspiration = None
    if fuel is Fuel.PETROL:
        if pollutant is Pollutant.SMOKE:
            file.fail(f"{where}.pollutant", "smoke is limited for diesel engines only")
        if "aspiration" in row:
            file.fail(f"{where}.aspiration", "is for diesel rows only")
        idle = _choice(file, row, "idle", where, Idle)
    else:
        if pollutant is not Pollutant.SMOKE:
            file.fail(f"{where}.pollutant", "diesel rows limit smoke only")
        if "idle" in row:
            file.fail(f"{where}.idle", "is for petrol rows only")
        aspiration = _choice(file, row, "aspiration", where, Aspiration)
    found = file.sourced(row, where)
    file.number(found.value, f"{where}.value")
    return Limit(
        fuel=fuel,
        classes=_classes(file, row, where),
        idle=idle,
        aspiration=aspiration,
        pollutant=pollutant,
        value=Decimal(str(found.value)),
        source=sources[str(row["source"])],
        status=found.status,
        note=_text(file, row["note"], f"{where}.note") if row.get("note") else NO_TEXT,
    )


def _overlap(a: Limit, b: Limit) -> bool:
    if (a.fuel, a.pollutant, a.idle, a.aspiration) != (b.fuel, b.pollutant, b.idle, b.aspiration):
        return False
    if a.classes is None or b.classes is None:
        return True
    return a.classes[0] <= b.classes[1] and b.classes[0] <= a.classes[1]


def _table(file: ReferenceFile, entry: Any, where: str, sources: dict[str, Text]) -> LimitTable:
    entry = file.mapping(entry, where)
    effective = entry.get("effective_from")
    if effective is not None and not isinstance(effective, datetime.date):
        file.fail(f"{where}.effective_from", "must be a date (YYYY-MM-DD)")
    rows = file.need(entry, "limits", where)
    if not isinstance(rows, list):
        file.fail(f"{where}.limits", "must be a list")
    limits: list[Limit] = []
    for i, row in enumerate(rows):
        at = f"{where}.limits[{i}]"
        limit = _limit(file, row, at, sources)
        for j, other in enumerate(limits):
            if _overlap(limit, other):
                file.fail(at, f"applies to the same vehicles as {where}.limits[{j}]")
        limits.append(limit)
    code = str(file.need(entry, "code", where))
    return LimitTable(
        code=code,
        # A table without a name (a file older than the names) is shown by its code.
        name=_text(file, entry["name"], f"{where}.name") if entry.get("name") else Text(code),
        effective_from=effective,
        limits=tuple(limits),
    )


def load_limits(folder: Path = DATA, text: str | None = None) -> Limits:
    """Read and check `limits.yaml` in `folder`, or `text` in its place; `ReferenceDataError`
    names the file and the key of the first problem."""
    file = ReferenceFile(folder, FILE, text)
    tables = file.need(file.content, "tables", "")
    if not isinstance(tables, list) or not tables:
        file.fail("tables", "must be a non-empty list")
    sources = _sources(file)
    read = [_table(file, entry, f"tables[{i}]", sources) for i, entry in enumerate(tables)]
    if len([t for t in read if t.effective_from is None]) > 1:
        file.fail("tables", "only one table may have no effective_from")
    dates = [t.effective_from for t in read if t.effective_from is not None]
    if len(set(dates)) != len(dates):
        file.fail("tables", "two tables take effect on the same date")
    dated = sorted(
        (t for t in read if t.effective_from is not None),
        key=lambda t: t.effective_from or datetime.date.min,
        reverse=True,
    )
    return Limits(
        version=file.version,
        tables=(*dated, *(t for t in read if t.effective_from is None)),
    )


@functools.cache
def bundled() -> Limits:
    """The limits shipped with Jasyl, read once per process."""
    return load_limits()
