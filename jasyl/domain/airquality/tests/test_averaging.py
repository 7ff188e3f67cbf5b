"""Averages of one series, worked by hand in the comments, with their completeness rules."""

import datetime

import pytest

from jasyl.domain.airquality.averaging import (
    OZONE_DAY,
    WHOLE_DAY,
    DayMean,
    HourMean,
    Reading,
    annual_means,
    count_by_year,
    daily_max_window,
    daily_means,
    days_above,
    hourly_means,
    monthly_means,
    period_means,
    rolling_means,
    single_values,
    to_significant,
)

UTC = datetime.UTC
ALMATY = datetime.timezone(datetime.timedelta(hours=5))


def at(day: int, hour: int, minute: int = 0, month: int = 1) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, minute, tzinfo=UTC)


def hours(start: datetime.datetime, *values: float) -> list[HourMean]:
    return [HourMean(start + datetime.timedelta(hours=i), v, 1) for i, v in enumerate(values)]


def test_single_values_are_20_minute_means():
    # 10-minute readings 10, 20 (:00, :10), 30, 50 (:20, :30), 60 (:40) and 5 at 11:05.
    readings = [
        Reading(at(10, 10, m), v) for m, v in ((0, 10), (10, 20), (20, 30), (30, 50), (40, 60))
    ] + [Reading(at(10, 11, 5), 5)]
    assert single_values(readings) == [
        HourMean(at(10, 10, 0), 15, 2),
        HourMean(at(10, 10, 20), 40, 2),
        HourMean(at(10, 10, 40), 60, 1),
        HourMean(at(10, 11, 0), 5, 1),
    ]
    with pytest.raises(ValueError, match="divide the hour"):
        period_means(readings, minutes=25)


def test_hourly_means_average_the_readings_of_each_clock_hour():
    readings = [
        Reading(at(10, 10, 0), 10),
        Reading(at(10, 10, 20), 20),
        Reading(at(10, 10, 40), 30),
        Reading(at(10, 11, 5), 5),
        # 15:20 in Almaty is 10:20 UTC: the same hour as the first three.
        Reading(datetime.datetime(2025, 1, 10, 15, 20, tzinfo=ALMATY), 40),
    ]
    # 10:00 UTC: (10 + 20 + 30 + 40) / 4 = 25 from 4 readings; 11:00: 5 from 1.
    assert hourly_means(readings) == [HourMean(at(10, 10), 25, 4), HourMean(at(10, 11), 5, 1)]


def test_no_readings_give_no_means():
    assert hourly_means([]) == []
    assert daily_means([], zone=ALMATY) == []
    assert rolling_means([]) == []
    assert monthly_means([]) == []
    assert annual_means([]) == []


def test_impossible_values_and_naive_times_are_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        hourly_means([Reading(at(1, 0), -0.1)])
    with pytest.raises(ValueError, match="finite number"):
        hourly_means([Reading(at(1, 0), float("nan"))])
    with pytest.raises(ValueError, match="no time zone"):
        hourly_means([Reading(datetime.datetime(2025, 1, 1), 1)])
    with pytest.raises(ValueError, match="two means for the hour"):
        daily_means([HourMean(at(1, 0), 1, 1), HourMean(at(1, 0), 2, 1)], zone=UTC)


def test_a_day_needs_18_of_its_local_hours():
    # The local day 10 January (UTC+5) starts at 19:00 UTC on 9 January.
    start = datetime.datetime(2025, 1, 9, 19, tzinfo=UTC)
    # 18 hours: 12 of 10 and 6 of 40: (120 + 240) / 18 = 20.
    complete = hours(start, *([10] * 12 + [40] * 6))
    assert daily_means(complete, zone=ALMATY) == [DayMean(datetime.date(2025, 1, 10), 20, 18)]
    # 17 hours: incomplete, left out rather than averaged.
    assert daily_means(complete[:17], zone=ALMATY) == []
    # The rule is a setting: 17 hours are enough when the caller says so.
    assert daily_means(complete[:17], zone=ALMATY, min_hours=17)[0].hours == 17
    # Read in UTC the same hours split over two days, 5 + 13: neither complete.
    assert daily_means(complete, zone=UTC) == []


def test_8_hour_windows_need_6_of_their_8_hours():
    # Values 1..8 in hours 0..7 UTC of 10 January.
    windows = rolling_means(hours(at(10, 0), 1, 2, 3, 4, 5, 6, 7, 8))
    # Start 22:00 on the 9th: hours 0..5 present (6 of 8): (1+...+6) / 6 = 3.5.
    # Start 23:00: hours 0..6: 28 / 7 = 4. Start 00:00: all 8: 36 / 8 = 4.5.
    # Start 01:00: hours 1..7: 35 / 7 = 5. Start 02:00: hours 2..7: 33 / 6 = 5.5.
    # Start 21:00 and 03:00 have 5 hours: left out.
    assert [(w.start, w.value, w.hours) for w in windows] == [
        (datetime.datetime(2025, 1, 9, 22, tzinfo=UTC), 3.5, 6),
        (datetime.datetime(2025, 1, 9, 23, tzinfo=UTC), 4, 7),
        (at(10, 0), 4.5, 8),
        (at(10, 1), 5, 7),
        (at(10, 2), 5.5, 6),
    ]


def test_the_daily_maximum_window_is_the_highest_starting_in_the_local_day():
    windows = rolling_means(hours(at(10, 0), 1, 2, 3, 4, 5, 6, 7, 8))
    # In UTC the windows starting on the 9th peak at 4 (23:00), on the 10th at 5.5 (02:00).
    best = daily_max_window(windows, zone=UTC)
    assert {day: w.value for day, w in best.items()} == {
        datetime.date(2025, 1, 9): 4,
        datetime.date(2025, 1, 10): 5.5,
    }
    # In Almaty (UTC+5) all five windows start on the 10th (03:00 to 07:00 local).
    assert {day: w.value for day, w in daily_max_window(windows, zone=ALMATY).items()} == {
        datetime.date(2025, 1, 10): 5.5
    }


def test_a_daily_maximum_needs_18_of_the_24_windows_starting_in_the_day():
    # Hours 00..23 UTC of 10 January at 1, then nothing: windows need 6 of their 8 hours, so
    # the 10th has those starting 00:00 to 18:00 UTC (19 windows), all at 1. Hours 00..22
    # only: the last window starts 17:00, 18 windows. Hours 00..21: 17 windows, no maximum.
    for last, kept in ((24, True), (23, True), (22, False)):
        windows = rolling_means(hours(at(10, 0), *[1] * last))
        best = daily_max_window(windows, zone=UTC, min_windows=18)
        assert (datetime.date(2025, 1, 10) in best) is kept, last


def days(month: int, count: int, value: float, year: int = 2025) -> list[DayMean]:
    first = datetime.date(year, month, 1)
    return [DayMean(first + datetime.timedelta(days=i), value, 24) for i in range(count)]


def test_a_month_needs_75_percent_of_its_days():
    # January has 31 days: ceil(0.75 x 31) = ceil(23.25) = 24 days needed.
    # February 2025 has 28: ceil(21) = 21.
    january = days(1, 12, 10) + days(1, 24, 30)[12:]
    assert len(january) == 24
    # (12 x 10 + 12 x 30) / 24 = 20.
    assert [(m.month, m.value, m.days) for m in monthly_means(january + days(2, 20, 5))] == [
        (1, 20, 24)
    ]
    assert monthly_means(days(1, 23, 10)) == []
    assert monthly_means(days(2, 21, 5))[0].value == 5
    assert monthly_means(days(1, 23, 10), min_fraction=0.7)[0].days == 23
    with pytest.raises(ValueError, match="min_fraction"):
        monthly_means(days(1, 23, 10), min_fraction=0)


def test_a_year_needs_75_percent_of_its_days():
    # 2025: ceil(0.75 x 365) = ceil(273.75) = 274; leap 2024: ceil(0.75 x 366) = ceil(274.5) = 275.
    start = datetime.date(2025, 1, 1)
    year = [DayMean(start + datetime.timedelta(days=i), i % 2, 24) for i in range(274)]
    # 137 days of 0 and 137 of 1: mean 0.5.
    assert [(y.year, y.value, y.days) for y in annual_means(year)] == [(2025, 0.5, 274)]
    assert annual_means(year[:273]) == []
    leap = [
        DayMean(datetime.date(2024, 1, 1) + datetime.timedelta(days=i), 1, 24) for i in range(274)
    ]
    assert annual_means(leap) == []


def test_days_above_a_limit_exclude_a_day_exactly_on_it():
    readings = [DayMean(datetime.date(2025, 1, d), v, 24) for d, v in ((1, 15), (2, 15.1), (3, 40))]
    assert [d.day.day for d in days_above(readings, 15)] == [2, 3]
    assert count_by_year(days_above(readings, 15)) == {2025: 2}


def local_hours(day: int, first: int, *values: float) -> list[HourMean]:
    """Hourly means from `first` o'clock Almaty time (UTC+5) on `day` January."""
    start = datetime.datetime(2025, 1, day, first, tzinfo=ALMATY)
    return hours(start.astimezone(UTC), *values)


def ozone_day(series: list[HourMean]) -> dict[datetime.date, float]:
    windows = rolling_means(series)
    found = daily_max_window(
        windows, zone=ALMATY, min_windows=OZONE_DAY.min_windows, first_hour=OZONE_DAY.first_hour
    )
    return {day: w.value for day, w in found.items()}


def test_ozone_s_daily_maximum_takes_the_17_windows_starting_07_00_to_23_00():
    # 40 CFR Part 50 Appendix U; AirNow-Tech, "Daily and Hourly AQI - Ozone": "the maximum 8
    # hour concentration from 07:00-23:00 LST ... There are 17 8-hour averages considered in
    # each day." 11 January, local: 90 ppb from 00:00 to 06:00 (a night peak), then 40 until
    # 06:00 on the 12th. The windows starting 00:00-06:00 hold the peak (00:00: 7 x 90 + 40 =
    # 670 / 8 = 83.75); EPA counts them for no day: the 11th's ozone maximum is 40.
    series = local_hours(11, 0, *[90] * 7, *[40] * 24)
    assert (OZONE_DAY.first_hour, OZONE_DAY.min_windows) == (7, 13)
    assert ozone_day(series) == {datetime.date(2025, 1, 11): 40}
    # Every window starting in the day, the rule kept for CO, takes the night peak.
    whole = daily_max_window(rolling_means(series), zone=ALMATY, min_windows=18)
    assert whole[datetime.date(2025, 1, 11)].value == 83.75
    assert (WHOLE_DAY.first_hour, WHOLE_DAY.min_windows) == (0, 18)


def test_ozone_s_daily_maximum_needs_13_of_its_17_windows():
    # AirNow-Tech: "Each 8-hour average requires 6 of 8 hours (75%) ... 75% or 13/17 of the
    # 8-hour averages are needed for a valid daily ozone AQI calculation." Hours from 07:00 on
    # the 11th, local: the window starting at hour h has 6 of its 8 hours when h + 5 is at
    # most the last hour given. 24 hours (to 06:00 on the 12th): the 17 windows valid. 18
    # hours (to 00:00): windows 07:00 to 19:00, 13 valid: a maximum. 17 hours (to 23:00): 12
    # valid, the day has none, however high its ozone.
    for count, kept in ((24, True), (18, True), (17, False)):
        assert (datetime.date(2025, 1, 11) in ozone_day(local_hours(11, 7, *[60] * count))) is (
            kept
        ), count


def test_a_mean_exact_in_decimal_is_that_decimal():
    # 24 hourly means of 9.1 average to 9.1: 218.4 / 24, not the 9.099999999999996 that
    # summing the floats in order gives.
    day = daily_means(hours(at(10, 0), *[9.1] * 24), zone=UTC)
    assert day[0].value == 9.1
    # Six 10-minute readings of 0.1 make an hourly mean of 0.1.
    readings = [Reading(at(10, 0, m), 0.1) for m in range(0, 60, 10)]
    assert hourly_means(readings)[0].value == 0.1
    # Rounding to 12 significant digits keeps every digit a measurement has.
    assert to_significant(9.099999999999996) == 9.1
    assert to_significant(1234.5678901) == 1234.5678901
    assert to_significant(0.0) == 0.0
