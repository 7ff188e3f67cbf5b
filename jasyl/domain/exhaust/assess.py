"""Judging roadside exhaust checks against the limits in force, and their statistics. Pure:
no database, no Django.

Each measured value is judged on its own: pass when it is at or below its limit, fail when it is
above, not assessed when it was not measured or the reference data give no limit for it (or
the vehicle's ecological class or diesel aspiration, which choose the limit, is unknown). A check
fails when any of its values fails, passes when at least one passes and none fails, and is not
assessed otherwise. Nothing is judged against a limit that is not in the data.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from jasyl.domain.exhaust.reference import (
    Aspiration,
    Fuel,
    Idle,
    Limit,
    Limits,
    LimitTable,
    Pollutant,
    ReferenceDataError,
    Status,
)


class Reading(StrEnum):
    """The values a check may measure, named as the import columns."""

    CO_MIN_IDLE = "co_min_idle"
    CO_RAISED_IDLE = "co_raised_idle"
    CH_MIN_IDLE = "ch_min_idle"
    CH_RAISED_IDLE = "ch_raised_idle"
    SMOKE_K = "smoke_k"

    @property
    def pollutant(self) -> Pollutant:
        return Pollutant(self.value.split("_")[0])

    @property
    def idle(self) -> Idle | None:
        if self is Reading.SMOKE_K:
            return None
        return Idle.MINIMUM if self.value.endswith("min_idle") else Idle.RAISED


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_ASSESSED = "not_assessed"


class Reason(StrEnum):
    """Why a value or a check is not assessed."""

    NOT_MEASURED = "not_measured"
    NO_LIMIT = "no_limit"
    CLASS_UNKNOWN = "class_unknown"
    ASPIRATION_UNKNOWN = "aspiration_unknown"


class Period(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True)
class Check:
    """What a check measured, as the judgement needs it."""

    fuel: Fuel
    eco_class: int | None
    aspiration: Aspiration | None
    values: Mapping[Reading, Decimal | None]


@dataclass(frozen=True)
class Judged:
    """One measured value against its limit."""

    reading: Reading
    outcome: Outcome
    measured: Decimal | None = None
    limit: Limit | None = None
    reason: Reason | None = None

    @property
    def excess(self) -> Decimal | None:
        """By how much the value is above its limit, in the limit's unit (fails only)."""
        if self.outcome is not Outcome.FAIL or self.limit is None or self.measured is None:
            return None
        return self.measured - self.limit.value


@dataclass(frozen=True)
class Judgement:
    outcome: Outcome
    values: tuple[Judged, ...]
    table: LimitTable

    @property
    def failed(self) -> tuple[Judged, ...]:
        return tuple(j for j in self.values if j.outcome is Outcome.FAIL)

    @property
    def failed_pollutants(self) -> frozenset[Pollutant]:
        return frozenset(j.reading.pollutant for j in self.failed)

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Why values were not assessed, each reason once: those of the measured values, then
        "not measured" for values with a limit; a value neither measured nor limited for this
        vehicle (CO of a diesel) is left out unless nothing else explains the verdict."""
        measured = [j.reason for j in self.values if j.reason and j.measured is not None]
        missing = [j.reason for j in self.values if j.reason is Reason.NOT_MEASURED]
        found = measured + missing or [j.reason for j in self.values if j.reason]
        return tuple(dict.fromkeys(r for r in found if r is not None))

    @property
    def statuses(self) -> frozenset[Status]:
        """The verification statuses of the limits that decided a pass or a fail."""
        return frozenset(j.limit.status for j in self.values if j.limit is not None)


def table_on(limits: Limits, day: datetime.date) -> LimitTable:
    """The limits table in force on `day` (Almaty time)."""
    for table in limits.tables:
        if table.effective_from is None or table.effective_from <= day:
            return table
    raise ReferenceDataError(f"limits.yaml: no table is in force on {day.isoformat()}")


def _limit_for(table: LimitTable, check: Check, reading: Reading) -> Limit | Reason:
    candidates = [
        limit
        for limit in table.limits
        if limit.fuel is check.fuel
        and limit.pollutant is reading.pollutant
        and limit.idle is reading.idle
    ]
    if not candidates:
        return Reason.NO_LIMIT
    if check.aspiration is None and any(limit.aspiration for limit in candidates):
        return Reason.ASPIRATION_UNKNOWN
    candidates = [c for c in candidates if c.aspiration in (None, check.aspiration)]
    if check.eco_class is None and any(limit.classes is not None for limit in candidates):
        return Reason.CLASS_UNKNOWN
    return next((limit for limit in candidates if limit.covers(check.eco_class)), Reason.NO_LIMIT)


def _judge_value(table: LimitTable, check: Check, reading: Reading) -> Judged:
    measured = check.values.get(reading)
    found = _limit_for(table, check, reading)
    if measured is None:
        # A value the limits ask for but nobody measured says so; one they do not ask for is
        # simply absent (no smoke on a petrol car).
        reason = Reason.NOT_MEASURED if isinstance(found, Limit) else found
        return Judged(reading, Outcome.NOT_ASSESSED, reason=reason)
    if isinstance(found, Reason):
        return Judged(reading, Outcome.NOT_ASSESSED, measured=measured, reason=found)
    outcome = Outcome.PASS if measured <= found.value else Outcome.FAIL
    return Judged(reading, outcome, measured=measured, limit=found)


def judge(limits: Limits, check: Check, day: datetime.date) -> Judgement:
    """Judge `check`, made on `day` (Almaty time), against the limits in force that day."""
    table = table_on(limits, day)
    values = tuple(_judge_value(table, check, reading) for reading in Reading)
    outcomes = {j.outcome for j in values}
    if Outcome.FAIL in outcomes:
        outcome = Outcome.FAIL
    elif Outcome.PASS in outcomes:
        outcome = Outcome.PASS
    else:
        outcome = Outcome.NOT_ASSESSED
    return Judgement(outcome, values, table)


# ------------------------------------------------------------------------------ statistics


def period_start(day: datetime.date, period: Period) -> datetime.date:
    """The first day of the month, quarter or year that holds `day`."""
    if period is Period.YEAR:
        return datetime.date(day.year, 1, 1)
    if period is Period.QUARTER:
        return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return datetime.date(day.year, day.month, 1)


@dataclass
class Stat:
    """The checks of one post in one period."""

    post: str
    start: datetime.date
    checks: int = 0
    assessed: int = 0
    failures: int = 0
    by_pollutant: Counter[Pollutant] = field(default_factory=Counter)
    statuses: set[Status] = field(default_factory=set)

    @property
    def failure_share(self) -> Decimal | None:
        """Failures as a fraction of the assessed checks (0.25); None when none was assessed."""
        if not self.assessed:
            return None
        return Decimal(self.failures) / Decimal(self.assessed)

    @property
    def sorted_statuses(self) -> list[Status]:
        return sorted(self.statuses)

    def add(self, judgement: Judgement) -> None:
        self.checks += 1
        if judgement.outcome is Outcome.NOT_ASSESSED:
            return
        self.assessed += 1
        self.statuses |= judgement.statuses
        if judgement.outcome is Outcome.FAIL:
            self.failures += 1
            self.by_pollutant.update(judgement.failed_pollutants)


def statistics(
    judged: Iterable[tuple[str, datetime.date, Judgement]], period: Period
) -> list[Stat]:
    """Checks, assessed, failures and failures by pollutant per post and period, from
    (post, day in Almaty time, judgement); ordered by post, then period. A check failing on
    CO at both idle regimes counts once under CO."""
    found: dict[tuple[str, datetime.date], Stat] = {}
    for post, day, judgement in judged:
        start = period_start(day, period)
        stat = found.get((post, start))
        if stat is None:
            stat = found[(post, start)] = Stat(post, start)
        stat.add(judgement)
    return [found[key] for key in sorted(found)]


def total(stats: Iterable[Stat], post: str, start: datetime.date) -> Stat:
    """The sum of `stats` under one name and period (all posts, or a whole year)."""
    summed = Stat(post, start)
    for stat in stats:
        summed.checks += stat.checks
        summed.assessed += stat.assessed
        summed.failures += stat.failures
        summed.by_pollutant.update(stat.by_pollutant)
        summed.statuses |= stat.statuses
    return summed
