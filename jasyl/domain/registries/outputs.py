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


_COUNTERS: list[OutputCounter] = []


def register(*counters: OutputCounter) -> None:
    _COUNTERS.extend(c for c in counters if c not in _COUNTERS)


def counters_for(activity_code: str) -> list[OutputCounter]:
    return [c for c in _COUNTERS if c.activity == activity_code]
