"""The recyclables KPI of item 10 computed from the tonnage records, pure: which records count
is data (`data/recyclables.yaml`, with its legal sources), the arithmetic is here.

By the EU convention (Directive 2008/98/EC, art. 3(17); Directive (EU) 2018/851, art. 11a),
only tonnes that entered recycling count; energy recovery (RDF, incineration), disposal and
tonnes whose destination is not stated are shown apart and never counted. A year with no
record has no figure (None), never 0.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from jasyl.core import yamlfiles
from jasyl.core.i18n import Text, data_text
from jasyl.domain.waste.models import Destination

RULES = Path(__file__).resolve().parent / "data" / "recyclables.yaml"


class RulesError(ValueError):
    """The rules file is wrong: the message names the file and the key."""


@dataclass(frozen=True)
class Rules:
    activity: str
    measure: str
    counted: frozenset[str]
    not_counted: frozenset[str]
    per_unit: Decimal
    method: Text
    sources: tuple[Text, ...]
    verification: str


def _need(content: dict[str, Any], key: str, file: Path) -> Any:
    if key not in content or content[key] in (None, "", []):
        raise RulesError(f"{file}: {key} is missing")
    return content[key]


def load_rules(file: Path = RULES) -> Rules:
    """The rules file, checked: every destination named once, counted or not."""
    content = yamlfiles.safe_load(file.read_text(encoding="utf-8"))
    if not isinstance(content, dict):
        raise RulesError(f"{file}: not a mapping")
    counted = frozenset(str(d) for d in _need(content, "counted", file))
    not_counted = frozenset(str(d) for d in _need(content, "not_counted", file))
    if counted & not_counted or counted | not_counted != set(Destination.values):
        raise RulesError(
            f"{file}: counted and not_counted must name every destination once: "
            f"{', '.join(Destination.values)}"
        )
    try:
        method = data_text(_need(content, "method", file))
        sources = tuple(data_text(s) for s in _need(content, "sources", file))
    except ValueError as error:
        raise RulesError(f"{file}: {error}") from None
    per_unit = Decimal(str(_need(content, "tonnes_per_unit", file)))
    if per_unit <= 0:
        raise RulesError(f"{file}: tonnes_per_unit must be above 0")
    return Rules(
        activity=str(_need(content, "activity", file)),
        measure=str(_need(content, "measure", file)),
        counted=counted,
        not_counted=not_counted,
        per_unit=per_unit,
        method=method,
        sources=sources,
        verification=str(_need(content, "verification", file)).strip(),
    )


@cache
def rules() -> Rules:
    return load_rules()


@dataclass(frozen=True)
class Tonnes:
    """One record as the KPI reads it."""

    month: datetime.date
    destination: str
    tonnes: Decimal


@dataclass
class Year:
    year: int
    counted: Decimal = Decimal(0)
    """Tonnes that entered recycling."""
    apart: dict[str, Decimal] = field(default_factory=dict)
    """Tonnes by each destination that is not counted."""

    def value(self, per_unit: Decimal) -> Decimal:
        """The KPI's figure: the counted tonnes in the KPI's unit (thousand tonnes)."""
        return (self.counted / per_unit).quantize(Decimal("0.001"))


def by_year(records: Iterable[Tonnes], rule: Rules) -> list[Year]:
    """Each calendar year that has a record, with its counted and its set-apart tonnes."""
    years: dict[int, Year] = {}
    for record in records:
        year = years.setdefault(record.month.year, Year(record.month.year))
        if record.destination in rule.counted:
            year.counted += record.tonnes
        else:
            year.apart[record.destination] = (
                year.apart.get(record.destination, Decimal(0)) + record.tonnes
            )
    return [years[y] for y in sorted(years)]
