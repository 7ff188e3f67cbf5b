"""The compensation rules, pure: the rule in force on a date, what a permit owes, its state."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jasyl.domain.greenfund.compensation import (
    PermitState,
    Terms,
    in_force,
    overlapping,
    owed,
    permit_state,
)

D = datetime.date
TODAY = D(2025, 6, 1)


def terms(ratio: str, reasons: set[str], start: D | None, end: D | None, key: int) -> Terms:
    return Terms(Decimal(ratio), frozenset(reasons), start, end, key)


def state(**given: object) -> PermitState:
    base = {"felled": 3, "owed": Decimal(30), "planted": 0, "deadline": D(2025, 10, 1)}
    return permit_state(**{**base, **given, "today": given.get("today", TODAY)})  # type: ignore[arg-type]


def test_a_permit_owes_the_ratio_times_its_trees_and_nothing_known_without_a_rule():
    assert owed(Decimal(10), 3) == Decimal(30)
    assert owed(None, 3) is None


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"felled": 0}, PermitState.OPEN),
        ({"felled": 0, "planted": 50}, PermitState.OPEN),
        ({"planted": 20}, PermitState.DUE),
        ({"planted": 20, "today": D(2025, 10, 1)}, PermitState.DUE),
        ({"planted": 20, "today": D(2025, 10, 2)}, PermitState.OVERDUE),
        ({"planted": 30, "today": D(2025, 10, 2)}, PermitState.FULFILLED),
        ({"planted": 31}, PermitState.FULFILLED),
        ({"planted": 0, "deadline": None, "today": D(2040, 1, 1)}, PermitState.DUE),
        ({"owed": None, "today": D(2040, 1, 1)}, PermitState.UNKNOWN),
    ],
)
def test_the_state_of_a_permit_follows_one_rule(given, expected):
    assert state(**given) == expected


def test_the_rule_in_force_is_the_one_covering_the_date_that_began_last():
    old = terms("10", {"hazardous"}, None, D(2024, 12, 31), 1)
    new = terms("12", {"hazardous"}, D(2025, 1, 1), None, 2)
    other = terms("3", {"dead"}, None, None, 3)

    assert in_force([old, new, other], "hazardous", D(2024, 12, 31)) == old
    assert in_force([old, new, other], "hazardous", D(2025, 1, 1)) == new
    assert in_force([old, new, other], "dead", D(2025, 1, 1)) == other
    assert in_force([old, new, other], "construction", D(2025, 1, 1)) is None


def test_two_rules_for_one_reason_on_the_same_day_overlap():
    old = terms("10", {"hazardous"}, None, D(2024, 12, 31), 1)

    assert overlapping(terms("12", {"hazardous"}, D(2024, 12, 31), None, 2), [old]) == [old]
    assert overlapping(terms("12", {"hazardous"}, D(2025, 1, 1), None, 2), [old]) == []
    assert overlapping(terms("2", {"dead"}, None, None, 3), [old]) == []
