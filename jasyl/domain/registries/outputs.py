"""Planned outputs counted from the registries: each registry kind that delivers a roadmap
output declares a counter; the activity page and the plan audit read them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class OutputCounter:
    kind: str  # the import kind / registry name, e.g. "ev-chargers"
    activity: str  # the roadmap activity's code, e.g. "1.4"
    unit: str  # the unit code of the planned output it counts (as in the roadmap data's quantities)
    label: Any  # a lazily translated label, e.g. _("EV chargers in service")
    count: Callable[[Any, int | None], Decimal]
    """count(programme, year): the registry objects delivered by the activity in that year
    (status reached in service / done, by the date of that change); None: all years."""
    measures: tuple[str, ...] = ()
    """The measures of the planned quantities it counts, where an activity plans more than one
    measure in the same unit (item 5.2: water intakes and canals, both `item`); empty: every
    quantity of the activity in the unit."""
    of_rows: Callable[[Any], Decimal] | None = None
    """of_rows(rows): the objects `count` counts among these rows of the registry (the rows an
    approved report cites), where they are not the rows themselves (the charging points of
    charging locations); None: the number of rows."""

    def counts(self, measure: str, unit: str) -> bool:
        """Whether a planned quantity of this measure and unit is what it counts."""
        return unit == self.unit and (not self.measures or measure in self.measures)

    def count_rows(self, rows: Any) -> Decimal:
        return self.of_rows(rows) if self.of_rows is not None else Decimal(rows.count())


_COUNTERS: list[OutputCounter] = []


def register(*counters: OutputCounter) -> None:
    """Declare counters (a domain app does it when it starts); registering one again (same kind,
    activity, unit and measures) replaces it, so a reloaded app does not count twice."""
    for counter in counters:
        _COUNTERS[:] = [c for c in _COUNTERS if _key(c) != _key(counter)]
        _COUNTERS.append(counter)


def _key(counter: OutputCounter) -> tuple[str, str, str, tuple[str, ...]]:
    return (counter.kind, counter.activity, counter.unit, counter.measures)


def counters_for(activity_code: str) -> list[OutputCounter]:
    """The counters of an activity, in the order they were registered."""
    return [c for c in _COUNTERS if c.activity == activity_code]
