"""The roadmap as plain data: the shape the loader reads, the audit checks and exports print.

No Django here: these dataclasses are built from the YAML dataset and from the database alike,
so the plan audit and the exports run on either and are testable without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jasyl.core.i18n import Text

KPI_BASES = ("cumulative", "period_sum", "level", "annual", "reduction")


@dataclass(frozen=True)
class Period:
    code: str
    start: int
    end: int

    def overlaps(self, start: int, end: int) -> bool:
        return self.start <= end and start <= self.end


@dataclass(frozen=True)
class Quantity:
    measure: str
    value: Decimal
    unit: str
    basis: str | None = None
    year: int | None = None


@dataclass
class Figures:
    """One row of the money columns; a period or source left out is "not stated"."""

    funding: dict[str, Decimal] = field(default_factory=dict)
    total: Decimal | None = None
    sources: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class Statement:
    """A planned output of a period, or a KPI target: published text and what it counts."""

    text: Text
    quantities: list[Quantity] = field(default_factory=list)


@dataclass
class Activity:
    code: str
    section: str
    name: Text
    responsible: str
    agencies: list[str]
    period: str
    ranges: list[tuple[int, int]]
    figures: Figures
    outputs: dict[str, Statement] = field(default_factory=dict)
    kpi: dict[int, Statement] = field(default_factory=dict)
    baselines: list[Quantity] = field(default_factory=list)
    description: Text = field(default_factory=lambda: Text(""))
    references: list[Text] = field(default_factory=list)
    funded_elsewhere: bool = False
    # How the transcriber read the document's cells, in the three languages.
    notes: Text = field(default_factory=lambda: Text(""))

    @property
    def parent(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


@dataclass
class Section:
    code: str
    name: Text
    subtotal_label: Text
    figures: Figures
    activities: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FundingSource:
    code: str
    abbreviation: Text
    name: Text


@dataclass(frozen=True)
class Unit:
    code: str
    dimension: str
    name: Text


@dataclass(frozen=True)
class Measure:
    code: str
    unit: str
    name: Text


@dataclass(frozen=True)
class Agency:
    code: str
    kind: str
    name: Text
    verified: bool = True


@dataclass
class Plan:
    code: str
    name: Text
    source_document: Text
    approval_act: str
    parent_programme: Text
    currency: str
    amount_unit: str
    amount_scale: int
    amount_unit_name: Text
    footnote: Text
    grand_total_label: Text
    periods: list[Period]
    target_years: list[int]
    sources: list[FundingSource]
    units: list[Unit]
    measures: list[Measure]
    agencies: list[Agency]
    sections: list[Section]
    activities: list[Activity]
    grand_total: Figures

    def activity(self, code: str) -> Activity:
        return next(a for a in self.activities if a.code == code)

    def children(self, code: str) -> list[Activity]:
        return [a for a in self.activities if a.parent == code]

    def ancestors(self, activity: Activity) -> list[Activity]:
        by_code = {a.code: a for a in self.activities}
        found: list[Activity] = []
        parent = by_code.get(activity.parent or "")
        while parent is not None:
            found.append(parent)
            parent = by_code.get(parent.parent or "")
        return found

    def descendants(self, code: str) -> list[Activity]:
        return [a for a in self.activities if a.code.startswith(code + ".")]

    def top_level(self, section: str) -> list[Activity]:
        return [a for a in self.activities if a.section == section and a.parent is None]

    def period(self, code: str) -> Period:
        return next(p for p in self.periods if p.code == code)


def parse_ranges(text: str) -> list[tuple[int, int]]:
    """`"2022-2023, 2028-2029"` -> `[(2022, 2023), (2028, 2029)]`; `"2022"` -> `[(2022, 2022)]`."""
    ranges: list[tuple[int, int]] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        start, _, end = part.partition("-")
        first, last = int(start), int(end or start)
        if first > last:
            raise ValueError(f"range {part!r} ends before it starts")
        ranges.append((first, last))
    if not ranges:
        raise ValueError("no years")
    return ranges
