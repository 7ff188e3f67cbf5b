"""The compensation of felled trees, as pure functions: which rule is in force, what a permit
owes, and the state of its obligation. The services store what these compute.

The only ratio Jasyl knows is the roadmap's: item 2.2's description plants 846 280 trees in
place of 84 628 hazardous trees felled, 10 per tree (`indicators/data/green-almaty-green-fund.
yaml`, "derived from the published plan"; the migration `0003` reads it from there). No rule is
invented for the other reasons of a felling: where none is in force, what a permit owes is
unknown (None), and its state says so.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    """Why trees are felled, as a permit states it."""

    HAZARDOUS = "hazardous", _("hazardous tree")
    DEAD = "dead", _("dead tree")
    CONSTRUCTION = "construction", _("construction")
    OTHER = "other", _("other reason")


class PermitState(models.TextChoices):
    OPEN = "open", _("open: no tree felled yet")
    DUE = "due", _("compensation due")
    OVERDUE = "overdue", _("overdue: the deadline passed before the compensation was planted")
    FULFILLED = "fulfilled", _("fulfilled: the compensation is planted")
    UNKNOWN = "unknown", _("felled; no compensation rule is in force, so what is owed is unknown")


@dataclass(frozen=True)
class Terms:
    """A compensation rule's terms: trees to plant per tree felled, for which reasons, over
    which dates (None: open on that side)."""

    ratio: Decimal
    reasons: frozenset[str]
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    key: int | None = None

    def covers(self, on: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


def in_force(rules: Iterable[Terms], reason: str, on: datetime.date) -> Terms | None:
    """The rule for `reason` in force on `on`: the one that began last among those covering
    the date; None when none does."""
    covering = [r for r in rules if reason in r.reasons and r.covers(on)]
    if not covering:
        return None
    return max(covering, key=lambda r: r.valid_from or datetime.date.min)


def overlapping(rule: Terms, others: Sequence[Terms]) -> list[Terms]:
    """The other rules that share a reason and a day with `rule`: two rules in force at once
    for one reason would make the compensation depend on which was entered last."""
    low = rule.valid_from or datetime.date.min
    high = rule.valid_to or datetime.date.max
    return [
        other
        for other in others
        if other.reasons & rule.reasons
        and (other.valid_from or datetime.date.min) <= high
        and low <= (other.valid_to or datetime.date.max)
    ]


def owed(ratio: Decimal | None, trees: int) -> Decimal | None:
    """Trees to plant for `trees` felled; None (unknown) without a rule."""
    return None if ratio is None else ratio * trees


def permit_state(
    *,
    felled: int,
    owed: Decimal | None,
    planted: int,
    deadline: datetime.date | None,
    today: datetime.date,
) -> PermitState:
    """The one rule of a permit's state:

    - open while no tree of it is felled;
    - unknown when felled and no rule says what is owed;
    - fulfilled once the trees planted reach what is owed;
    - overdue when the deadline (if the permit states one) has passed before that;
    - due otherwise.
    """
    if felled == 0:
        return PermitState.OPEN
    if owed is None:
        return PermitState.UNKNOWN
    if planted >= owed:
        return PermitState.FULFILLED
    if deadline is not None and today > deadline:
        return PermitState.OVERDUE
    return PermitState.DUE
