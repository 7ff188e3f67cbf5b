"""Will an indicator reach its targets? Trends, required rates, projections and statuses.

The computation is pure: `outlook(indicator, as_of=...)` takes a plain `Indicator` (its desired
direction, baseline, observations and targets by year) and returns a plain `Outlook`. No Django,
no database. The rules, with worked examples, are in `docs/indicators.md`.

Values are `Decimal` and are never rounded here: round only when you display them. Every result
is computed in the current decimal context (Python's default: 28 significant digits), floats
included nowhere: the fractional powers of compound rates are taken as exp(y·ln x) with
`Decimal`'s own correctly rounded `ln` and `exp`.

Time is counted in years with each calendar year as one whole year, so that 31 December of one
year is exactly one year after 31 December of the year before, leap year or not (`in_years`). A
value given for a year without a date stands on 31 December of that year, and a target for a
year is due on 31 December of that year.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

DEFAULT_TOLERANCE = Decimal("0.1")
"""How far short the linear projection may stop and still be `at_risk` rather than `off_track`:
a fraction of the distance from the latest value to the target."""


class Direction(StrEnum):
    """Which way the indicator should move: up (trees planted) or down (emissions)."""

    INCREASE = "increase"
    DECREASE = "decrease"


class Status(StrEnum):
    """Where a target stands (see `target_status` for the rule)."""

    MET = "met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    MISSED = "missed"
    NO_DATA = "no_data"


class Method(StrEnum):
    """How a projection was made, so that the interface can say it next to the number."""

    LINEAR_TREND = "linear_trend"
    """The least-squares slope of all points, continued from the latest value."""
    COMPOUND_RATE = "compound_rate"
    """The compound annual growth rate from the first to the latest point, continued from the
    latest value."""


SEVERITY = (Status.MISSED, Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.MET)
"""Statuses with data, worst first: the order `roll_up` takes the worst by."""


# --- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """A value of the indicator on a date."""

    on: datetime.date
    value: Decimal


@dataclass(frozen=True)
class Indicator:
    """One indicator (KPI) as the computation needs it.

    `observations` may come in any order; two on the same date are a correction, and the one
    entered later (later in the sequence) wins. `targets` maps a year to the value due on
    31 December of that year.
    """

    direction: Direction
    baseline: Point | None
    observations: Sequence[Point]
    targets: Mapping[int, Decimal]


def year_end(year: int) -> datetime.date:
    """31 December of `year`: where a year-only value stands and when a target is due."""
    return datetime.date(year, 12, 31)


def point(when: datetime.date | int, value: Decimal | int | str) -> Point:
    """A `Point` from a date or a bare year (which means 31 December of that year)."""
    on = year_end(when) if isinstance(when, int) else when
    return Point(on, Decimal(value))


# --- time and direction ----------------------------------------------------------------------


def in_years(day: datetime.date) -> Decimal:
    """`day` on a scale of years where 31 December of year Y is exactly Y: the year before plus
    the day of the year over the days in the year. Year-end values are then whole years apart,
    so that hand-worked examples stay exact."""
    day_of_year = day.timetuple().tm_yday
    days_in_year = 366 if calendar.isleap(day.year) else 365
    return day.year - 1 + Decimal(day_of_year) / days_in_year


def years_between(start: datetime.date, end: datetime.date) -> Decimal:
    """The time from `start` to `end` in years (see `in_years`); negative when `end` is first."""
    return in_years(end) - in_years(start)


def toward(direction: Direction, change: Decimal) -> Decimal:
    """`change` counted positive when it goes the desired way, so that one comparison serves
    indicators that should rise and those that should fall."""
    return change if direction == Direction.INCREASE else -change


def reached(direction: Direction, value: Decimal, target: Decimal) -> bool:
    """Whether `value` is at the target or beyond it in the desired direction."""
    return toward(direction, value - target) >= 0


# --- the points ------------------------------------------------------------------------------


def series(indicator: Indicator, as_of: datetime.date) -> tuple[Point, ...]:
    """The indicator's points known on `as_of`, by date: the observations dated on or before
    `as_of`, one per date (the one entered later wins), preceded by the baseline when it is
    older than the first of them (an observation is the better figure for its own date)."""
    latest_entry = {p.on: p for p in indicator.observations if p.on <= as_of}
    points = tuple(latest_entry[on] for on in sorted(latest_entry))
    baseline = indicator.baseline
    if baseline is not None and baseline.on <= as_of and (not points or baseline.on < points[0].on):
        return (baseline, *points)
    return points


def known_by(points: Sequence[Point], day: datetime.date) -> Point | None:
    """The latest of the date-ordered `points` dated on or before `day`, or None."""
    return next((p for p in reversed(points) if p.on <= day), None)


# --- rates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """A constant annual change: linear (units per year) and, where both ends of the change are
    above zero, compound (% per year)."""

    units_per_year: Decimal
    percent_per_year: Decimal | None


def power(base: Decimal, exponent: Decimal) -> Decimal:
    """`base ** exponent` for a base above zero and any exponent, as exp(exponent · ln base):
    `Decimal`'s `**` takes only whole exponents exactly, and a float would lose digits and
    overflow where a `Decimal` does not."""
    return (exponent * base.ln()).exp()


def compound_percent(start: Decimal, end: Decimal, years: Decimal) -> Decimal | None:
    """The constant % per year that turns `start` into `end` in `years`; None unless both values
    are above zero and `years` is: a compound rate from or to zero or below has no meaning."""
    if start <= 0 or end <= 0 or years <= 0:
        return None
    return (power(end / start, 1 / years) - 1) * 100


def linear_slope(points: Sequence[Point]) -> Decimal | None:
    """The least-squares slope of value over time, in units per year; None for fewer than two
    points. Computed from the sums and rounded once, in the final division, so that year-end data
    give the slope worked by hand: (n·Σtv − Σt·Σv) / (n·Σt² − (Σt)²), with t in years since the
    first point."""
    if len(points) < 2:
        return None
    times = [years_between(points[0].on, p.on) for p in points]
    values = [p.value for p in points]
    n = len(points)
    sum_t, sum_v = sum(times, Decimal(0)), sum(values, Decimal(0))
    sum_tv = sum((t * v for t, v in zip(times, values, strict=True)), Decimal(0))
    sum_tt = sum((t * t for t in times), Decimal(0))
    return (n * sum_tv - sum_t * sum_v) / (n * sum_tt - sum_t * sum_t)


def observed_rate(points: Sequence[Point]) -> Rate | None:
    """The pace so far: the least-squares slope of all points (linear) and the compound annual
    growth rate from the first to the latest point; None for fewer than two points."""
    slope = linear_slope(points)
    if slope is None:
        return None
    first, latest = points[0], points[-1]
    span = years_between(first.on, latest.on)
    return Rate(slope, compound_percent(first.value, latest.value, span))


def required_rate(start: Point, target: Decimal, year: int) -> Rate | None:
    """The constant annual change that takes `start` to `target` by 31 December of `year`;
    None when no time is left."""
    years_left = years_between(start.on, year_end(year))
    if years_left <= 0:
        return None
    linear = (target - start.value) / years_left
    return Rate(linear, compound_percent(start.value, target, years_left))


# --- projections and chart lines -------------------------------------------------------------


def extrapolate(method: Method, start: Point, rate: Decimal, years: Decimal) -> Decimal:
    """The value `years` after `start` at a constant `rate`: units per year added for the linear
    trend, % per year compounded for the compound rate."""
    if method == Method.LINEAR_TREND:
        return start.value + rate * years
    return start.value * power(1 + rate / 100, years)


@dataclass(frozen=True)
class Projection:
    """The value expected on 31 December of `year` if `rate` holds from `start` on: `method`
    says which rate (units per year for the linear trend, % per year for the compound rate)."""

    method: Method
    start: Point
    rate: Decimal
    year: int
    value: Decimal


def project(method: Method, start: Point, rate: Decimal, year: int) -> Projection:
    """A `Projection` of `start` to 31 December of `year` at `rate` by `method`."""
    value = extrapolate(method, start, rate, years_between(start.on, year_end(year)))
    return Projection(method, start, rate, year, value)


def yearly_line(
    start: Point, year: int, value_after: Callable[[Decimal], Decimal]
) -> tuple[Point, ...]:
    """Chart points from `start` to 31 December of `year`: `start` itself, then every
    31 December after it, each valued by `value_after(years since start)`. Empty when that
    31 December is not after `start`."""
    if year_end(year) <= start.on:
        return ()
    ends = [year_end(y) for y in range(start.on.year, year + 1) if year_end(y) > start.on]
    return (start, *(Point(on, value_after(years_between(start.on, on))) for on in ends))


def projection_path(projection: Projection) -> tuple[Point, ...]:
    """The projection line for a chart, by year; its last point is the projection itself."""

    def value_after(years: Decimal) -> Decimal:
        return extrapolate(projection.method, projection.start, projection.rate, years)

    return yearly_line(projection.start, projection.year, value_after)


# --- statuses --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetOutlook:
    """One target of an indicator and where it stands.

    `latest` is the value the status is judged by: the latest point on or before the as-of date
    and the deadline. `required` is the pace needed from `latest` (None once the deadline has
    passed). `linear` and `compound` are the projections to the target year at the observed
    pace (None with fewer than two points, for a passed deadline, or, for `compound`, where the
    compound rate has no meaning). `shortfall` is how far the linear projection stops short of
    the target in the desired direction (zero or below: it reaches the target).
    """

    year: int
    target: Decimal
    status: Status
    latest: Point | None
    required: Rate | None
    linear: Projection | None
    compound: Projection | None
    shortfall: Decimal | None

    @property
    def deadline(self) -> datetime.date:
        return year_end(self.year)


def target_status(
    direction: Direction,
    target: Decimal,
    latest: Point | None,
    *,
    passed: bool,
    points: int,
    shortfall: Decimal | None,
    tolerance: Decimal,
) -> Status:
    """The status of one target, by these rules in this order:

    1. `no_data` when no value is known by the deadline;
    2. `met` when the latest value is at the target or beyond it in the desired direction;
    3. `missed` when the deadline has passed (a passed target is met or missed by the latest
       value known on its deadline, whatever came after);
    4. `no_data` when there are fewer than two points (the baseline counts): no trend;
    5. `on_track` when the linear projection reaches the target, `at_risk` when it stops short
       by no more than `tolerance` times the distance from the latest value to the target, and
       `off_track` otherwise (so always when the trend goes the wrong way or is flat).
    """
    if latest is None:
        return Status.NO_DATA
    if reached(direction, latest.value, target):
        return Status.MET
    if passed:
        return Status.MISSED
    if points < 2 or shortfall is None:
        return Status.NO_DATA
    if shortfall <= 0:
        return Status.ON_TRACK
    if shortfall <= tolerance * toward(direction, target - latest.value):
        return Status.AT_RISK
    return Status.OFF_TRACK


def target_outlook(
    direction: Direction,
    points: Sequence[Point],
    observed: Rate | None,
    year: int,
    target: Decimal,
    *,
    as_of: datetime.date,
    tolerance: Decimal,
) -> TargetOutlook:
    """Where the target of `year` stands, given the indicator's date-ordered `points` known on
    `as_of` and their `observed` pace."""
    passed = as_of > year_end(year)
    latest = known_by(points, year_end(year))
    required = required_rate(latest, target, year) if latest is not None and not passed else None
    linear = compound = None
    shortfall = None
    if observed is not None and latest is not None and not passed:
        linear = project(Method.LINEAR_TREND, latest, observed.units_per_year, year)
        shortfall = toward(direction, target - linear.value)
        if observed.percent_per_year is not None:
            compound = project(Method.COMPOUND_RATE, latest, observed.percent_per_year, year)
    status = target_status(
        direction,
        target,
        latest,
        passed=passed,
        points=len(points),
        shortfall=shortfall,
        tolerance=tolerance,
    )
    return TargetOutlook(year, target, status, latest, required, linear, compound, shortfall)


def required_path(target: TargetOutlook) -> tuple[Point, ...]:
    """The required path for a chart: a straight line by year from the latest value to the
    target on its deadline (exactly the target at the end). Empty when no pace is required:
    no value is known, or the deadline has passed."""
    start = target.latest
    if start is None or target.required is None:
        return ()
    span = years_between(start.on, target.deadline)

    def value_after(years: Decimal) -> Decimal:
        return start.value + (target.target - start.value) * years / span

    return yearly_line(start, target.year, value_after)


def roll_up(statuses: Iterable[Status]) -> Status:
    """One status for several (an indicator's targets, an activity's or a section's
    indicators): the worst of those with data, worst first `missed`, `off_track`, `at_risk`,
    `on_track`, `met`. Those with `no_data` are left out: missing data neither hides a problem
    nor invents one. `no_data` only when none has data (or there are none)."""
    with_data = [s for s in statuses if s != Status.NO_DATA]
    return min(with_data, key=SEVERITY.index, default=Status.NO_DATA)


# --- the indicator ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outlook:
    """An indicator's points as of a date, its observed pace and each target's outlook.

    `wrong_direction` is set when the observed linear trend goes against the desired direction.
    """

    direction: Direction
    as_of: datetime.date
    points: tuple[Point, ...]
    observed: Rate | None
    wrong_direction: bool
    targets: tuple[TargetOutlook, ...]

    @property
    def status(self) -> Status:
        """The indicator's status: the roll-up of all its targets (`roll_up`), so that the
        status, the count of statuses and every target's badge tell the same story: a missed
        target is not hidden by a later one, nor a later problem by a target met early."""
        return roll_up(t.status for t in self.targets)


def outlook(
    indicator: Indicator, *, as_of: datetime.date, tolerance: Decimal = DEFAULT_TOLERANCE
) -> Outlook:
    """Where `indicator` stands on `as_of`: every target, by year, with its status, required
    pace and projections (see `target_status` for the rule and `docs/indicators.md`).

    `tolerance` is a fraction from 0 (inclusive) to 1 (exclusive) of the distance still to go;
    at 1 or above a flat trend would count as merely at risk.
    """
    if not 0 <= tolerance < 1:
        raise ValueError(f"tolerance must be at least 0 and below 1, not {tolerance}")
    points = series(indicator, as_of)
    observed = observed_rate(points)
    wrong_direction = (
        observed is not None and toward(indicator.direction, observed.units_per_year) < 0
    )
    targets = tuple(
        target_outlook(
            indicator.direction,
            points,
            observed,
            year,
            target,
            as_of=as_of,
            tolerance=tolerance,
        )
        for year, target in sorted(indicator.targets.items())
    )
    return Outlook(indicator.direction, as_of, points, observed, wrong_direction, targets)
