"""What an amendment changes in a plan: activities added, removed or changed, and each figure
that moves (old -> new). Pure: it compares two plain `Plan`s, so the dry run of an import and
the import log read the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from jasyl.domain.roadmap.domain import Activity, Figures, Plan

# The money columns are compared figure by figure; every other field by value.
_COMPARED = [f.name for f in fields(Activity) if f.name not in ("code", "figures")]


@dataclass(frozen=True)
class FigureChange:
    row: str  # an activity code, `section:<code>` or `grand`
    column: str  # a period code, `total` or `source:<code>`
    old: Decimal | None
    new: Decimal | None


@dataclass
class PlanDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # activity code -> the names of the fields that changed
    changed: dict[str, list[str]] = field(default_factory=dict)
    figures: list[FigureChange] = field(default_factory=list)
    other: bool = False  # anything else: sections, labels, agencies, measures ...

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.figures or self.other)

    def summary(self) -> dict[str, Any]:
        """The diff as plain JSON, for the import log."""
        return {
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "figures": [
                {
                    "row": f.row,
                    "column": f.column,
                    "old": None if f.old is None else str(f.old),
                    "new": None if f.new is None else str(f.new),
                }
                for f in self.figures
            ],
            "other": self.other,
        }


def _cells(figures: Figures) -> dict[str, Decimal]:
    cells = dict(figures.funding)
    if figures.total is not None:
        cells["total"] = figures.total
    cells |= {f"source:{code}": value for code, value in figures.sources.items()}
    return cells


def _figure_changes(row: str, old: Figures, new: Figures) -> list[FigureChange]:
    before, after = _cells(old), _cells(new)
    return [
        FigureChange(row, column, before.get(column), after.get(column))
        for column in dict.fromkeys([*before, *after])
        if before.get(column) != after.get(column)
    ]


def diff_plans(old: Plan | None, new: Plan) -> PlanDiff:
    """The changes from `old` (None: nothing loaded yet) to `new`."""
    diff = PlanDiff()
    before = {a.code: a for a in old.activities} if old else {}
    after = {a.code: a for a in new.activities}
    diff.added = [code for code in after if code not in before]
    diff.removed = [code for code in before if code not in after]
    empty = Figures()
    for code, activity in after.items():
        previous = before.get(code)
        if previous is not None:
            changed = [
                name for name in _COMPARED if getattr(previous, name) != getattr(activity, name)
            ]
            if changed:
                diff.changed[code] = changed
        diff.figures += _figure_changes(
            code, previous.figures if previous else empty, activity.figures
        )
    for code in diff.removed:
        diff.figures += _figure_changes(code, before[code].figures, empty)
    old_sections = {s.code: s for s in old.sections} if old else {}
    for section in new.sections:
        previous_section = old_sections.get(section.code)
        diff.figures += _figure_changes(
            f"section:{section.code}",
            previous_section.figures if previous_section else empty,
            section.figures,
        )
    diff.figures += _figure_changes("grand", old.grand_total if old else empty, new.grand_total)
    if old is not None:
        rest = [
            f.name for f in fields(Plan) if f.name not in ("activities", "grand_total", "sections")
        ]
        diff.other = any(getattr(old, name) != getattr(new, name) for name in rest) or [
            (s.code, s.name, s.subtotal_label) for s in old.sections
        ] != [(s.code, s.name, s.subtotal_label) for s in new.sections]
    return diff
