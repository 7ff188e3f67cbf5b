"""Judging one check and the statistics per post and period, on hand-worked cases against the
bundled limits (petrol class 3+: CO 0.5 % / 0.3 %; class 0-1: CO 3.5 % / 2.0 %, CH 1200 / 600
ppm; diesel smoke 2.5 m-1 natural, 3.0 m-1 turbo)."""

import datetime
from decimal import Decimal

import pytest

from jasyl.domain.exhaust.assess import (
    Check,
    Outcome,
    Period,
    Reading,
    Reason,
    judge,
    period_start,
    statistics,
    table_on,
)
from jasyl.domain.exhaust.reference import (
    NO_TEXT,
    Aspiration,
    Fuel,
    Limit,
    Limits,
    LimitTable,
    Pollutant,
    ReferenceDataError,
    Status,
    bundled,
)

DAY = datetime.date(2025, 6, 1)
NAME = NO_TEXT  # a table's title, which judging does not read


def petrol(eco_class, **values):
    return Check(Fuel.PETROL, eco_class, None, {Reading(k): Decimal(v) for k, v in values.items()})


def diesel(aspiration, smoke):
    return Check(Fuel.DIESEL, 4, aspiration, {Reading.SMOKE_K: Decimal(smoke)})


def value(judgement, reading):
    return next(j for j in judgement.values if j.reading is reading)


def test_a_value_exactly_at_its_limit_passes():
    judgement = judge(bundled(), petrol(4, co_min_idle="0.5", co_raised_idle="0.3"), DAY)
    assert judgement.outcome is Outcome.PASS
    assert value(judgement, Reading.CO_MIN_IDLE).outcome is Outcome.PASS
    assert value(judgement, Reading.CO_MIN_IDLE).limit.value == Decimal("0.5")
    assert judgement.statuses == {Status.UNVERIFIED}


def test_a_value_just_above_fails_by_its_excess():
    judgement = judge(bundled(), petrol(5, co_min_idle="0.501", co_raised_idle="0.3"), DAY)
    assert judgement.outcome is Outcome.FAIL
    failed = value(judgement, Reading.CO_MIN_IDLE)
    assert failed.outcome is Outcome.FAIL
    assert failed.excess == Decimal("0.001")
    assert judgement.failed_pollutants == {Pollutant.CO}
    assert value(judgement, Reading.CO_RAISED_IDLE).outcome is Outcome.PASS


def test_an_old_car_is_judged_by_the_class_0_1_limits():
    judgement = judge(
        bundled(),
        petrol(
            0, co_min_idle="3.4", co_raised_idle="2.0", ch_min_idle="1300", ch_raised_idle="600"
        ),
        DAY,
    )
    assert judgement.outcome is Outcome.FAIL
    ch = value(judgement, Reading.CH_MIN_IDLE)
    assert (ch.outcome, ch.excess) == (Outcome.FAIL, Decimal("100"))
    assert value(judgement, Reading.CH_RAISED_IDLE).outcome is Outcome.PASS
    assert judgement.failed_pollutants == {Pollutant.CH}


def test_a_missing_measurement_is_not_assessed_for_that_pollutant_only():
    judgement = judge(bundled(), petrol(3, co_min_idle="0.4"), DAY)
    assert judgement.outcome is Outcome.PASS
    raised = value(judgement, Reading.CO_RAISED_IDLE)
    assert (raised.outcome, raised.reason) == (Outcome.NOT_ASSESSED, Reason.NOT_MEASURED)


def test_petrol_class_2_has_no_limit_and_is_not_assessed():
    judgement = judge(bundled(), petrol(2, co_min_idle="9.9", ch_min_idle="5000"), DAY)
    assert judgement.outcome is Outcome.NOT_ASSESSED
    assert judgement.reasons == (Reason.NO_LIMIT,)
    assert value(judgement, Reading.CO_MIN_IDLE).limit is None


def test_ch_of_class_3_and_above_is_not_assessed_as_its_limit_names_no_idle_regime():
    judgement = judge(bundled(), petrol(6, ch_min_idle="5000", ch_raised_idle="5000"), DAY)
    assert judgement.outcome is Outcome.NOT_ASSESSED
    assert value(judgement, Reading.CH_MIN_IDLE).reason is Reason.NO_LIMIT
    assert value(judgement, Reading.CH_RAISED_IDLE).reason is Reason.NO_LIMIT


def test_an_unknown_class_is_not_guessed():
    judgement = judge(bundled(), petrol(None, co_min_idle="0.1"), DAY)
    assert judgement.outcome is Outcome.NOT_ASSESSED
    assert judgement.reasons[0] is Reason.CLASS_UNKNOWN


@pytest.mark.parametrize(
    ("aspiration", "smoke", "outcome"),
    [
        (Aspiration.NATURAL, "2.5", Outcome.PASS),
        (Aspiration.NATURAL, "2.51", Outcome.FAIL),
        (Aspiration.TURBO, "3.0", Outcome.PASS),
        (Aspiration.TURBO, "3.01", Outcome.FAIL),
    ],
)
def test_diesel_smoke_by_aspiration(aspiration, smoke, outcome):
    assert judge(bundled(), diesel(aspiration, smoke), DAY).outcome is outcome


def test_diesel_smoke_without_the_aspiration_is_not_assessed():
    judgement = judge(bundled(), diesel(None, "9"), DAY)
    assert judgement.outcome is Outcome.NOT_ASSESSED
    assert judgement.reasons == (Reason.ASPIRATION_UNKNOWN,)


def test_co_measured_on_a_diesel_has_no_limit():
    check = Check(Fuel.DIESEL, 5, Aspiration.TURBO, {Reading.CO_MIN_IDLE: Decimal("7")})
    judgement = judge(bundled(), check, DAY)
    assert judgement.outcome is Outcome.NOT_ASSESSED
    assert value(judgement, Reading.CO_MIN_IDLE).reason is Reason.NO_LIMIT


def _limit(value):
    return Limit(
        Fuel.DIESEL,
        None,
        None,
        Aspiration.TURBO,
        Pollutant.SMOKE,
        Decimal(value),
        "s",
        Status.VERIFIED,
    )


def test_the_limits_in_force_on_the_day_of_the_check_are_used():
    limits = Limits(
        version=2,
        tables=(
            LimitTable("new", NAME, datetime.date(2025, 1, 1), (_limit("2.0"),)),
            LimitTable("old", NAME, None, (_limit("3.0"),)),
        ),
    )
    check = diesel(Aspiration.TURBO, "2.5")
    assert table_on(limits, datetime.date(2024, 12, 31)).code == "old"
    assert judge(limits, check, datetime.date(2024, 12, 31)).outcome is Outcome.PASS
    assert judge(limits, check, datetime.date(2025, 1, 1)).outcome is Outcome.FAIL
    assert judge(limits, check, datetime.date(2025, 1, 1)).statuses == {Status.VERIFIED}
    dated_only = Limits(1, (LimitTable("new", NAME, datetime.date(2025, 1, 1), (_limit("2"),)),))
    with pytest.raises(ReferenceDataError, match="no table is in force on 2024-12-31"):
        table_on(dated_only, datetime.date(2024, 12, 31))


def test_periods_start_on_their_first_day():
    day = datetime.date(2025, 8, 17)
    assert period_start(day, Period.MONTH) == datetime.date(2025, 8, 1)
    assert period_start(day, Period.QUARTER) == datetime.date(2025, 7, 1)
    assert period_start(day, Period.YEAR) == datetime.date(2025, 1, 1)


def test_statistics_per_post_and_period():
    limits = bundled()
    passed = judge(limits, petrol(4, co_min_idle="0.2"), DAY)
    co_fail = judge(limits, petrol(4, co_min_idle="0.9", co_raised_idle="0.9"), DAY)
    smoke_fail = judge(limits, diesel(Aspiration.NATURAL, "4"), DAY)
    not_assessed = judge(limits, petrol(2, co_min_idle="1"), DAY)
    rows = [
        ("A", datetime.date(2025, 1, 5), passed),
        ("A", datetime.date(2025, 1, 6), co_fail),
        ("A", datetime.date(2025, 2, 1), smoke_fail),
        ("A", datetime.date(2025, 3, 31), not_assessed),
        ("B", datetime.date(2025, 1, 5), not_assessed),
    ]
    months = statistics(rows, Period.MONTH)
    assert [(s.post, s.start.month, s.checks, s.assessed, s.failures) for s in months] == [
        ("A", 1, 2, 2, 1),
        ("A", 2, 1, 1, 1),
        ("A", 3, 1, 0, 0),
        ("B", 1, 1, 0, 0),
    ]
    # CO failed at both idle regimes: counted once under CO.
    assert months[0].by_pollutant == {Pollutant.CO: 1}
    assert months[0].failure_share == Decimal("0.5")
    assert months[2].failure_share is None

    (quarter_a, quarter_b) = statistics(rows, Period.QUARTER)
    assert (quarter_a.checks, quarter_a.assessed, quarter_a.failures) == (4, 3, 2)
    assert quarter_a.by_pollutant == {Pollutant.CO: 1, Pollutant.SMOKE: 1}
    assert quarter_a.failure_share == Decimal(2) / Decimal(3)
    assert quarter_a.statuses == {Status.UNVERIFIED}
    assert (quarter_b.checks, quarter_b.assessed, quarter_b.statuses) == (1, 0, set())
    (year_a, _year_b) = statistics(rows, Period.YEAR)
    assert year_a.start == datetime.date(2025, 1, 1)
    assert year_a.checks == 4
