"""Averages of one series (one station, one parameter): 20-minute, hourly, daily, 8-hour rolling,
monthly and annual, each with the number of values behind it. Pure: no Django, no database.

Values are floats in whatever unit the series has. Every mean is rounded to 12 significant
digits (`to_significant`), which removes the noise of binary floating point and nothing a
measurement holds: 24 hours of 9.1 average to 9.1, not 9.099999999999996, so that a value exact
in decimal stays exact when it is later truncated or compared with a limit. Times must be
timezone-aware; days, months and years are taken in the zone the caller passes (for Almaty,
`Asia/Almaty`, UTC+5), hours are the clock hours of UTC (every zone Jasyl serves is a whole
number of hours from UTC).

The completeness rules are settings of this module, not reference data (the facts file states
none): a day needs 18 of its 24 hours (75 %), an 8-hour window 6 of its 8 hours (EPA's rule), a
month or a year 75 % of its days. The daily maximum 8-hour mean has a rule per pollutant
(`DailyMaxRule`): ozone takes the 17 windows starting 07:00-23:00 local, 13 of them needed (40
CFR Part 50 Appendix U, as AirNow reports the daily ozone AQI); other pollutants (CO) the 24
windows starting in the day, 18 of them needed (75 %, a project rule: EPA's TAD says only "the
max 8-hour value in a 24-hour period"). Each function takes its rule as an argument.
"""

from __future__ import annotations

import calendar
import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

DAY_MIN_HOURS = 18
WINDOW_HOURS = 8
WINDOW_MIN_HOURS = 6
DAY_MIN_WINDOWS = 18
SINGLE_MINUTES = 20
PERIOD_MIN_FRACTION = 0.75
HOUR = datetime.timedelta(hours=1)
SIGNIFICANT_DIGITS = 12


def to_significant(value: float) -> float:
    """`value` rounded to `SIGNIFICANT_DIGITS` (12) significant digits: the float of the decimal
    it stands for. A sum, a mean or a unit conversion in binary floating point is off by a few
    units in its 16th digit (24 x 9.1 / 24 = 9.099999999999996, 0.0355 / 0.001 =
    35.49999999999999); a measured value holds far fewer digits, so rounding to 12 removes the
    noise and nothing else. PostgreSQL rounds alike with `to_char(v, '9.99999999999EEEE')`."""
    return float(f"{value:.{SIGNIFICANT_DIGITS - 1}e}")


@dataclass(frozen=True)
class DailyMaxRule:
    """Which 8-hour windows make a day's maximum 8-hour mean, and how many are needed."""

    first_hour: int
    """The local hour of the first window counted; windows start from it to 23:00."""
    min_windows: int
    """Valid windows (6 of 8 hours) needed among those, for the day to have a value."""


# 40 CFR Part 50 Appendix U; AirNow-Tech, "Daily and Hourly AQI - Ozone": "the maximum 8 hour
# concentration from 07:00-23:00 LST ... 17 8-hour averages ... 75% or 13/17 of the 8-hour
# averages are needed for a valid daily ozone AQI calculation".
OZONE_DAY = DailyMaxRule(first_hour=7, min_windows=13)
# Every window starting in the day, 18 of 24 (75 %): the project's rule for CO (EPA-454/B-18-007
# asks for "the max 1-hour or 8-hour value in a 24-hour period" and states no completeness).
WHOLE_DAY = DailyMaxRule(first_hour=0, min_windows=DAY_MIN_WINDOWS)


@dataclass(frozen=True)
class Reading:
    """One measured value at a moment (the end or the start of its interval, as the source
    gives it; the hour it falls in is the hour it counts for)."""

    at: datetime.datetime
    value: float


@dataclass(frozen=True)
class HourMean:
    start: datetime.datetime
    """The start of the hour, in UTC."""
    value: float
    count: int


@dataclass(frozen=True)
class WindowMean:
    start: datetime.datetime
    """The first hour of the window, in UTC; the window covers it and the 7 hours after."""
    value: float
    hours: int


@dataclass(frozen=True)
class DayMean:
    day: datetime.date
    value: float
    hours: int


@dataclass(frozen=True)
class MonthMean:
    year: int
    month: int
    value: float
    days: int


@dataclass(frozen=True)
class YearMean:
    year: int
    value: float
    days: int


def check_value(value: float, what: str = "a concentration") -> float:
    """The value itself; ValueError when it is negative, infinite or not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, not {value!r}")
    if value < 0:
        raise ValueError(f"{what} cannot be negative: {value!r}")
    return float(value)


def _aware(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"{moment.isoformat()} has no time zone: give times in UTC or with an offset"
        )
    return moment.astimezone(datetime.UTC)


def _mean(values: list[float]) -> float:
    return to_significant(math.fsum(values) / len(values))


def period_means(readings: Iterable[Reading], *, minutes: int) -> list[HourMean]:
    """The mean of the readings in each clock period of `minutes` (a divisor of 60: 20 gives
    :00-:19, :20-:39, :40-:59) that has any, in time order, labelled by its start in UTC."""
    if minutes <= 0 or 60 % minutes:
        raise ValueError(f"a period must divide the hour, not {minutes!r} minutes")
    by_period: dict[datetime.datetime, list[float]] = defaultdict(list)
    for reading in readings:
        at = _aware(reading.at)
        start = at.replace(minute=at.minute // minutes * minutes, second=0, microsecond=0)
        by_period[start].append(check_value(reading.value))
    return [HourMean(start, _mean(v), len(v)) for start, v in sorted(by_period.items())]


def hourly_means(readings: Iterable[Reading]) -> list[HourMean]:
    """The mean of the readings in each clock hour that has any, in time order."""
    return period_means(readings, minutes=60)


def single_values(readings: Iterable[Reading]) -> list[HourMean]:
    """The single values of Kazhydromet's method (a 20-minute sample): the mean of each
    20-minute period; hourly readings keep their values."""
    return period_means(readings, minutes=SINGLE_MINUTES)


def _by_hour(hours: Iterable[HourMean]) -> dict[datetime.datetime, float]:
    found: dict[datetime.datetime, float] = {}
    for hour in hours:
        start = _aware(hour.start)
        if start in found:
            raise ValueError(f"two means for the hour starting {start.isoformat()}")
        found[start] = check_value(hour.value)
    return found


def daily_means(
    hours: Iterable[HourMean], *, zone: datetime.tzinfo, min_hours: int = DAY_MIN_HOURS
) -> list[DayMean]:
    """The mean of each local day with at least `min_hours` hourly means; other days are left
    out (incomplete, not zero)."""
    by_day: dict[datetime.date, list[float]] = defaultdict(list)
    for start, value in _by_hour(hours).items():
        by_day[start.astimezone(zone).date()].append(value)
    return [
        DayMean(day, _mean(values), len(values))
        for day, values in sorted(by_day.items())
        if len(values) >= min_hours
    ]


def rolling_means(
    hours: Iterable[HourMean],
    *,
    width: int = WINDOW_HOURS,
    min_hours: int = WINDOW_MIN_HOURS,
) -> list[WindowMean]:
    """For each hour, the mean of the `width` hours starting with it, when at least
    `min_hours` of them have a mean; the mean is over the hours present."""
    found = _by_hour(hours)
    if not found:
        return []
    first, last = min(found), max(found)
    # Windows may start before the first hour: its values count in the windows that cover it.
    start = first - (width - 1) * HOUR
    starts = (last - start) // HOUR + 1
    # The hours from the first window's start to the last hour, None where there is no mean.
    slots: list[float | None] = [None] * (starts + width - 1)
    for moment, value in found.items():
        slots[(moment - start) // HOUR] = value
    windows = []
    for index in range(starts):
        values = [v for v in slots[index : index + width] if v is not None]
        if len(values) >= min_hours:
            windows.append(WindowMean(start + index * HOUR, _mean(values), len(values)))
    return windows


def daily_max_window(
    windows: Iterable[WindowMean],
    *,
    zone: datetime.tzinfo,
    min_windows: int = 0,
    first_hour: int = 0,
) -> dict[datetime.date, WindowMean]:
    """The highest window starting in each local day from `first_hour` (the daily maximum
    8-hour mean), for the days where at least `min_windows` of those windows are valid
    (`OZONE_DAY` and `WHOLE_DAY` give the rules)."""
    if not 0 <= first_hour <= 23:
        raise ValueError(f"the first window starts at a local hour 0-23, not {first_hour!r}")
    best: dict[datetime.date, WindowMean] = {}
    counted: dict[datetime.date, int] = defaultdict(int)
    for window in windows:
        local = _aware(window.start).astimezone(zone)
        if local.hour < first_hour:
            continue
        day = local.date()
        counted[day] += 1
        if day not in best or window.value > best[day].value:
            best[day] = window
    return {day: best[day] for day in sorted(best) if counted[day] >= min_windows}


def _enough(days: int, of: int, min_fraction: float) -> bool:
    if not 0 < min_fraction <= 1:
        raise ValueError(f"min_fraction must be above 0 and at most 1, not {min_fraction!r}")
    return days >= math.ceil(min_fraction * of)


def _check_days(days: Iterable[DayMean]) -> dict[datetime.date, float]:
    found: dict[datetime.date, float] = {}
    for day in days:
        if day.day in found:
            raise ValueError(f"two means for {day.day.isoformat()}")
        found[day.day] = check_value(day.value)
    return found


def monthly_means(
    days: Iterable[DayMean], *, min_fraction: float = PERIOD_MIN_FRACTION
) -> list[MonthMean]:
    """The mean of the daily means of each month with at least `min_fraction` of its days."""
    by_month: dict[tuple[int, int], list[float]] = defaultdict(list)
    for day, value in _check_days(days).items():
        by_month[(day.year, day.month)].append(value)
    return [
        MonthMean(year, month, _mean(values), len(values))
        for (year, month), values in sorted(by_month.items())
        if _enough(len(values), calendar.monthrange(year, month)[1], min_fraction)
    ]


def annual_means(
    days: Iterable[DayMean], *, min_fraction: float = PERIOD_MIN_FRACTION
) -> list[YearMean]:
    """The mean of the daily means of each year with at least `min_fraction` of its days."""
    by_year: dict[int, list[float]] = defaultdict(list)
    for day, value in _check_days(days).items():
        by_year[day.year].append(value)
    return [
        YearMean(year, _mean(values), len(values))
        for year, values in sorted(by_year.items())
        if _enough(len(values), 366 if calendar.isleap(year) else 365, min_fraction)
    ]


def days_above(days: Iterable[DayMean], limit: float) -> list[DayMean]:
    """The daily means strictly above `limit` (a WHO 24-hour guideline, in the series' unit)."""
    check_value(limit, "the limit")
    return [day for day in days if check_value(day.value) > limit]


def count_by_year(days: Iterable[DayMean]) -> Mapping[int, int]:
    """How many of the days fall in each year."""
    counts: dict[int, int] = defaultdict(int)
    for day in days:
        counts[day.day.year] += 1
    return dict(sorted(counts.items()))
