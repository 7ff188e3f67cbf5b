"""Indicator projections: every figure worked by hand in the comments, then the edge cases.

Year-only values stand on 31 December, and 31 December of year Y is exactly Y on the time
scale, so year-end data are whole years apart and the hand arithmetic stays exact. The
least-squares slope is (n·Σtv − Σt·Σv) / (n·Σt² − (Σt)²) with t in years since the first point.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jasyl.domain.indicators.projections import (
    Direction,
    Indicator,
    Method,
    Outlook,
    Point,
    Status,
    TargetOutlook,
    in_years,
    linear_slope,
    outlook,
    point,
    projection_path,
    required_path,
    roll_up,
    series,
)

D = Decimal
MID_2024 = datetime.date(2024, 6, 30)
EMISSIONS_TARGETS = {2025: D(113), 2030: D(78)}  # kt per year; lower is better
TREE_TARGETS = {2025: D(5_200_000), 2030: D(6_500_000)}  # trees; more is better


def emissions(
    *observations: tuple[int | datetime.date, int], baseline: int | None = 127
) -> Indicator:
    """Total emissions (kt/yr), baseline 127 in 2021, targets 113 (2025) and 78 (2030)."""
    return Indicator(
        direction=Direction.DECREASE,
        baseline=None if baseline is None else point(2021, baseline),
        observations=[point(when, value) for when, value in observations],
        targets=EMISSIONS_TARGETS,
    )


def green_fund(*observations: tuple[int, int]) -> Indicator:
    """The green fund (trees), 4,000,000 in 2021, targets 5,200,000 (2025) and 6,500,000 (2030)."""
    return Indicator(
        direction=Direction.INCREASE,
        baseline=point(2021, 4_000_000),
        observations=[point(year, value) for year, value in observations],
        targets=TREE_TARGETS,
    )


def target(result: Outlook, year: int) -> TargetOutlook:
    return next(t for t in result.targets if t.year == year)


def rounded(value: Decimal | None, places: str = "0.0001") -> Decimal:
    assert value is not None
    return value.quantize(D(places))


# --- time ------------------------------------------------------------------------------------


def test_a_year_end_is_a_whole_year_and_other_days_a_fraction_of_their_own_year() -> None:
    assert in_years(datetime.date(2023, 12, 31)) == 2023
    assert in_years(datetime.date(2024, 12, 31)) == 2024  # a leap year is one year too
    # 30 June 2024 is day 182 of 366: 2023 + 182/366
    assert in_years(MID_2024) == 2023 + D(182) / 366
    assert point(2023, 121) == Point(datetime.date(2023, 12, 31), D(121))


# --- the roadmap's emissions -----------------------------------------------------------------


def test_emissions_slope_rates_projections_and_status() -> None:
    result = outlook(emissions((2022, 125), (2023, 121)), as_of=MID_2024)
    # Points: 127 (2021), 125 (2022), 121 (2023); t = 0, 1, 2.
    # n = 3, Σt = 3, Σv = 373, Σtv = 0 + 125 + 242 = 367, Σt² = 5
    # slope = (3·367 − 3·373) / (3·5 − 9) = (1101 − 1119) / 6 = −18 / 6 = −3 kt per year
    assert [p.value for p in result.points] == [127, 125, 121]
    assert result.observed is not None
    assert result.observed.units_per_year == -3
    # compound: (121/127)^(1/2) − 1 = 0.952756^0.5 − 1 = 0.976092 − 1 = −2.3908 %
    assert rounded(result.observed.percent_per_year) == D("-2.3908")
    assert not result.wrong_direction

    by_2025 = target(result, 2025)
    assert by_2025.latest == point(2023, 121)
    # required: (113 − 121) / 2 years = −4 per year; (113/121)^(1/2) − 1 = −3.3623 %
    assert by_2025.required is not None
    assert by_2025.required.units_per_year == -4
    assert rounded(by_2025.required.percent_per_year) == D("-3.3623")
    # linear: 121 − 3 · 2 = 115, 2 short of 113; tolerance 10 % of 121 − 113 = 0.8 -> off track
    assert by_2025.linear is not None
    assert by_2025.linear.method == Method.LINEAR_TREND
    assert by_2025.linear.value == 115
    assert by_2025.shortfall == 2
    assert by_2025.status == Status.OFF_TRACK
    # compound: 121 · (121/127)^(2/2) = 14641/127 = 115.2835
    assert by_2025.compound is not None
    assert by_2025.compound.method == Method.COMPOUND_RATE
    assert rounded(by_2025.compound.value) == D("115.2835")

    by_2030 = target(result, 2030)
    # required: (78 − 121) / 7 = −43/7 = −6.142857 per year
    assert by_2030.required is not None
    assert rounded(by_2030.required.units_per_year, "0.000001") == D("-6.142857")
    # linear: 121 − 3 · 7 = 100, 22 short of 78 (tolerance 4.3) -> off track
    assert by_2030.linear is not None and by_2030.linear.value == 100
    assert by_2030.status == Status.OFF_TRACK
    assert result.status == Status.OFF_TRACK


def test_emissions_chart_lines_by_year() -> None:
    by_2025 = target(outlook(emissions((2022, 125), (2023, 121)), as_of=MID_2024), 2025)
    # required: 121 -> 113 in two years, 4 a year; the last point is the target itself
    assert required_path(by_2025) == (point(2023, 121), point(2024, 117), point(2025, 113))
    # linear trend: 121, 118, 115
    assert by_2025.linear is not None
    assert projection_path(by_2025.linear) == (point(2023, 121), point(2024, 118), point(2025, 115))
    # compound: 121 · 0.976092 = 118.1072, then the projection itself
    assert by_2025.compound is not None
    path = projection_path(by_2025.compound)
    assert [p.on.year for p in path] == [2023, 2024, 2025]
    assert rounded(path[1].value) == D("118.1072")
    assert path[-1].value == by_2025.compound.value


def test_required_line_from_a_mid_year_value_passes_every_31_december() -> None:
    result = outlook(emissions((datetime.date(2023, 6, 30), 121)), as_of=MID_2024)
    path = required_path(target(result, 2025))
    assert [p.on for p in path] == [
        datetime.date(2023, 6, 30),
        datetime.date(2023, 12, 31),
        datetime.date(2024, 12, 31),
        datetime.date(2025, 12, 31),
    ]
    # 30 June 2023 is day 181, so 2022 + 181/365; to 31 December 2023 is 184/365 of a year and
    # to the deadline 2 + 184/365 = 914/365 years. Down 8 along the line, by 31 December 2023:
    # 121 − 8 · 184/914 = 121 − 1472/914 = 121 − 1.6105 = 119.3895
    assert rounded(path[1].value) == D("119.3895")
    assert path[-1].value == 113


# --- the green fund --------------------------------------------------------------------------


def test_green_fund_growing_faster_than_needed_is_on_track() -> None:
    result = outlook(green_fund((2022, 4_300_000), (2023, 4_650_000)), as_of=MID_2024)
    # t = 0, 1, 2; n = 3, Σt = 3, Σv = 12,950,000, Σtv = 4,300,000 + 9,300,000 = 13,600,000,
    # Σt² = 5; slope = (40,800,000 − 38,850,000) / 6 = 1,950,000 / 6 = 325,000 trees a year
    assert result.observed is not None
    assert result.observed.units_per_year == 325_000
    # compound: (4.65/4.00)^(1/2) − 1 = 1.1625^0.5 − 1 = 7.8193 %
    assert rounded(result.observed.percent_per_year) == D("7.8193")

    by_2025 = target(result, 2025)
    # required: (5,200,000 − 4,650,000) / 2 = 275,000 a year
    assert by_2025.required is not None and by_2025.required.units_per_year == 275_000
    # linear: 4,650,000 + 2 · 325,000 = 5,300,000 >= 5,200,000 -> on track, 100,000 beyond
    assert by_2025.linear is not None and by_2025.linear.value == 5_300_000
    assert by_2025.shortfall == -100_000
    assert by_2025.status == Status.ON_TRACK
    # compound: two years at (1.1625)^(1/2) a year is 1.1625: 4,650,000 · 1.1625 = 5,405,625
    assert by_2025.compound is not None
    assert rounded(by_2025.compound.value, "1") == 5_405_625

    by_2030 = target(result, 2030)
    # linear: 4,650,000 + 7 · 325,000 = 6,925,000 >= 6,500,000 -> on track
    assert by_2030.linear is not None and by_2030.linear.value == 6_925_000
    assert by_2030.status == Status.ON_TRACK
    assert result.status == Status.ON_TRACK


def test_green_fund_growing_a_little_slower_than_needed() -> None:
    result = outlook(green_fund((2022, 4_250_000), (2023, 4_540_000)), as_of=MID_2024)
    # Σv = 12,790,000, Σtv = 4,250,000 + 9,080,000 = 13,330,000
    # slope = (3 · 13,330,000 − 3 · 12,790,000) / 6 = 1,620,000 / 6 = 270,000 a year
    assert result.observed is not None and result.observed.units_per_year == 270_000
    by_2025, by_2030 = target(result, 2025), target(result, 2030)
    # 2025: 4,540,000 + 540,000 = 5,080,000, 120,000 short; 10 % of 660,000 to go is 66,000
    assert by_2025.shortfall == 120_000
    assert by_2025.status == Status.OFF_TRACK
    # 2030: 4,540,000 + 1,890,000 = 6,430,000, 70,000 short; 10 % of 1,960,000 is 196,000
    assert by_2030.required is not None and by_2030.required.units_per_year == 280_000
    assert by_2030.shortfall == 70_000
    assert by_2030.status == Status.AT_RISK
    # the indicator: the worst of its targets
    assert result.status == Status.OFF_TRACK


# --- little or no data -----------------------------------------------------------------------


def test_no_data_at_all() -> None:
    result = outlook(emissions(baseline=None), as_of=MID_2024)
    assert result.points == ()
    assert result.observed is None
    assert not result.wrong_direction
    for outcome in result.targets:
        assert outcome.status == Status.NO_DATA
        assert outcome.latest is None
        assert outcome.required is None
        assert outcome.linear is None and outcome.compound is None
        assert required_path(outcome) == ()
    assert result.status == Status.NO_DATA


def test_only_a_baseline_gives_the_required_pace_but_no_trend() -> None:
    result = outlook(emissions(), as_of=MID_2024)
    assert result.points == (point(2021, 127),)
    assert result.observed is None
    by_2025 = target(result, 2025)
    assert by_2025.status == Status.NO_DATA
    # required from the baseline: (113 − 127) / 4 = −3.5 a year
    assert by_2025.required is not None and by_2025.required.units_per_year == D("-3.5")
    assert by_2025.linear is None
    assert len(required_path(by_2025)) == 5  # 2021, 2022, 2023, 2024, 2025


def test_one_observation_and_no_baseline() -> None:
    result = outlook(emissions((2023, 121), baseline=None), as_of=MID_2024)
    assert result.observed is None
    by_2025 = target(result, 2025)
    assert by_2025.status == Status.NO_DATA
    # required from the observation: (113 − 121) / 2 = −4 a year
    assert by_2025.required is not None and by_2025.required.units_per_year == -4


def test_a_single_value_already_beyond_the_target_is_met() -> None:
    result = outlook(emissions((2023, 110), baseline=None), as_of=MID_2024)
    assert target(result, 2025).status == Status.MET
    assert target(result, 2030).status == Status.NO_DATA


# --- met, passed ----------------------------------------------------------------------------


def test_target_already_met_and_the_later_one_judged_by_the_trend() -> None:
    result = outlook(
        emissions((2022, 125), (2023, 121), (2024, 111)), as_of=datetime.date(2025, 3, 1)
    )
    # 111 <= 113: met (at the target would do too)
    assert target(result, 2025).status == Status.MET
    # t = 0..3, Σt = 6, Σv = 484, Σtv = 125 + 242 + 333 = 700, Σt² = 14
    # slope = (4 · 700 − 6 · 484) / (4 · 14 − 36) = (2800 − 2904) / 20 = −5.2
    # 2030: 111 − 5.2 · 6 = 79.8, 1.8 short of 78; 10 % of 111 − 78 = 3.3 -> at risk
    by_2030 = target(result, 2030)
    assert by_2030.linear is not None and by_2030.linear.value == D("79.8")
    assert by_2030.status == Status.AT_RISK
    # the indicator: the worst of its targets
    assert result.status == Status.AT_RISK


def test_a_passed_target_is_met_or_missed_by_the_value_on_its_deadline() -> None:
    after_2025 = datetime.date(2026, 3, 1)
    met = outlook(emissions((2024, 116), (2025, 113)), as_of=after_2025)
    assert target(met, 2025).status == Status.MET
    missed = outlook(emissions((2024, 116), (2025, 115)), as_of=after_2025)
    by_2025 = target(missed, 2025)
    assert by_2025.status == Status.MISSED
    assert by_2025.latest == point(2025, 115)
    # nothing more is required or projected once the deadline has passed
    assert by_2025.required is None
    assert by_2025.linear is None and by_2025.compound is None
    assert required_path(by_2025) == ()
    # the indicator's status is the roll-up of all its targets: a miss is not hidden by the
    # target still ahead, so the count of statuses agrees with the targets' badges
    assert target(missed, 2030).status != Status.MISSED
    assert missed.status == Status.MISSED


def test_a_value_reached_after_the_deadline_does_not_undo_a_miss() -> None:
    result = outlook(emissions((2025, 115), (2026, 110)), as_of=datetime.date(2027, 3, 1))
    by_2025 = target(result, 2025)
    assert by_2025.latest == point(2025, 115)
    assert by_2025.status == Status.MISSED


def test_on_the_deadline_itself_the_target_is_still_ahead() -> None:
    result = outlook(emissions((2024, 117), (2025, 115)), as_of=datetime.date(2025, 12, 31))
    by_2025 = target(result, 2025)
    # no time left: no required pace; the projection is the latest value, 2 short -> off track
    assert by_2025.required is None
    assert by_2025.linear is not None and by_2025.linear.value == 115
    assert by_2025.status == Status.OFF_TRACK


def test_a_passed_target_with_no_value_by_its_deadline_has_no_data() -> None:
    result = outlook(emissions((2026, 100), baseline=None), as_of=datetime.date(2027, 3, 1))
    assert target(result, 2025).status == Status.NO_DATA
    assert target(result, 2030).status == Status.NO_DATA  # one point: no trend


def test_once_every_deadline_has_passed_the_indicator_rolls_up_all_targets() -> None:
    result = outlook(emissions((2025, 112), (2030, 80)), as_of=datetime.date(2031, 3, 1))
    assert [t.status for t in result.targets] == [Status.MET, Status.MISSED]
    assert result.status == Status.MISSED


# --- direction and values at or below zero ---------------------------------------------------


def test_emissions_going_up_is_the_wrong_direction_and_off_track() -> None:
    result = outlook(emissions((2022, 128), (2023, 130)), as_of=MID_2024)
    # Σv = 385, Σtv = 128 + 260 = 388: slope = (3 · 388 − 3 · 385) / 6 = 9 / 6 = +1.5 a year
    assert result.observed is not None and result.observed.units_per_year == D("1.5")
    assert result.wrong_direction
    by_2025 = target(result, 2025)
    # 130 + 1.5 · 2 = 133: 20 short of 113, more than the 17 still to go
    assert by_2025.shortfall == 20
    assert by_2025.status == Status.OFF_TRACK


def test_a_flat_trend_is_not_the_wrong_direction_but_is_off_track() -> None:
    result = outlook(emissions((2022, 127)), as_of=MID_2024)
    assert result.observed is not None and result.observed.units_per_year == 0
    assert not result.wrong_direction
    assert target(result, 2025).status == Status.OFF_TRACK


def test_from_zero_the_linear_trend_works_and_the_compound_rate_does_not() -> None:
    indicator = Indicator(Direction.INCREASE, point(2021, 0), [point(2022, 5)], {2025: D(20)})
    result = outlook(indicator, as_of=MID_2024)
    # slope (5 − 0) / 1 = 5; 5 + 5 · 3 = 20: reaches the target exactly -> on track
    assert result.observed is not None
    assert result.observed.units_per_year == 5
    assert result.observed.percent_per_year is None
    by_2025 = target(result, 2025)
    assert by_2025.linear is not None and by_2025.linear.value == 20
    assert by_2025.compound is None
    assert by_2025.status == Status.ON_TRACK
    # required from 5 (above zero) to 20: 4^(1/3) − 1 = 1.587401 − 1 = 58.7401 %
    assert by_2025.required is not None
    assert rounded(by_2025.required.percent_per_year) == D("58.7401")


def test_negative_values_a_linear_trend_only() -> None:
    indicator = Indicator(Direction.DECREASE, point(2021, 4), [point(2022, -2)], {2024: D(-10)})
    result = outlook(indicator, as_of=MID_2024)
    by_2024 = target(result, 2024)
    # slope −6; −2 − 6 · 2 = −14 <= −10 -> on track; required (−10 + 2) / 2 = −4 a year
    assert by_2024.linear is not None and by_2024.linear.value == -14
    assert by_2024.status == Status.ON_TRACK
    assert by_2024.required is not None
    assert by_2024.required.units_per_year == -4
    assert by_2024.required.percent_per_year is None
    assert by_2024.compound is None


# --- which points count ----------------------------------------------------------------------


def test_observations_out_of_order_and_a_correction_on_the_same_date() -> None:
    # 130 for 2023 was entered first and corrected to 121 later: the later entry wins
    corrected = emissions((2023, 130), (2022, 125), (2023, 121))
    assert series(corrected, MID_2024) == (point(2021, 127), point(2022, 125), point(2023, 121))
    plain = emissions((2022, 125), (2023, 121))
    assert outlook(corrected, as_of=MID_2024) == outlook(plain, as_of=MID_2024)


def test_the_baseline_counts_only_when_older_than_the_first_observation() -> None:
    same_day = Indicator(
        Direction.DECREASE, point(2022, 127), [point(2022, 125), point(2023, 121)], {}
    )
    assert series(same_day, MID_2024) == (point(2022, 125), point(2023, 121))
    # two points, a year apart: slope −4
    assert linear_slope(series(same_day, MID_2024)) == -4


def test_observations_after_the_as_of_date_are_not_known_yet() -> None:
    indicator = emissions((2022, 125), (2023, 121), (2024, 100))
    assert series(indicator, MID_2024) == (point(2021, 127), point(2022, 125), point(2023, 121))


# --- the tolerance ---------------------------------------------------------------------------


def tolerance_case(goal: str) -> Indicator:
    """100 (2021), 109 (2022): 9 a year; from 109, three years to 2025: projected 136."""
    return Indicator(Direction.INCREASE, point(2021, 100), [point(2022, 109)], {2025: D(goal)})


def test_short_by_exactly_ten_percent_is_at_risk() -> None:
    # target 139: 30 to go, 10 % of it is 3; 136 is exactly 3 short -> at risk
    by_2025 = target(outlook(tolerance_case("139"), as_of=MID_2024), 2025)
    assert by_2025.shortfall == 3
    assert by_2025.status == Status.AT_RISK
    # (the same in rates: 9 a year observed is 90 % of the 10 a year required)
    assert by_2025.required is not None and by_2025.required.units_per_year == 10


def test_short_by_just_over_ten_percent_is_off_track() -> None:
    # target 139.01: 30.01 to go, tolerance 3.001; 136 is 3.01 short -> off track
    by_2025 = target(outlook(tolerance_case("139.01"), as_of=MID_2024), 2025)
    assert by_2025.status == Status.OFF_TRACK


def test_the_tolerance_is_a_parameter() -> None:
    at_zero = outlook(tolerance_case("139"), as_of=MID_2024, tolerance=D(0))
    assert target(at_zero, 2025).status == Status.OFF_TRACK
    wider = outlook(tolerance_case("140"), as_of=MID_2024, tolerance=D("0.15"))
    # 31 to go, 15 % is 4.65; 4 short -> at risk
    assert target(wider, 2025).status == Status.AT_RISK
    for invalid in (D(-1), D(1)):
        with pytest.raises(ValueError, match="tolerance"):
            outlook(tolerance_case("139"), as_of=MID_2024, tolerance=invalid)


# --- roll-up ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "combined"),
    [
        ([Status.MET, Status.ON_TRACK], Status.ON_TRACK),
        ([Status.ON_TRACK, Status.AT_RISK, Status.MET], Status.AT_RISK),
        ([Status.AT_RISK, Status.OFF_TRACK], Status.OFF_TRACK),
        ([Status.OFF_TRACK, Status.MISSED, Status.MET], Status.MISSED),
        ([Status.NO_DATA, Status.MET], Status.MET),
        ([Status.NO_DATA, Status.NO_DATA], Status.NO_DATA),
        ([], Status.NO_DATA),
    ],
)
def test_roll_up_is_the_worst_status_among_those_with_data(
    statuses: list[Status], combined: Status
) -> None:
    assert roll_up(statuses) == combined
