"""The selectors against values worked by hand on a small stored data set: daily means with
the 18-hour rule on Almaty's local days, monthly tallies, the city's level from the official
stations only, US AQI days and WHO exceedance days."""

import datetime

import pytest

from jasyl.domain.airquality import averaging, selectors
from jasyl.domain.airquality.indices import ug_per_ppb
from jasyl.domain.airquality.reference import Level, bundled
from jasyl.domain.airquality.tests.factories import full_day, local, station, store

REF = bundled()
JAN10 = datetime.date(2025, 1, 10)
JAN11 = datetime.date(2025, 1, 11)


@pytest.fixture
def data(db):
    """Post A (official): PM2.5 on 10 January, 18 hours: hour 0 has two readings (20 and 60,
    mean 40), hours 1-17 read 20; on 11 January 17 hours (incomplete): 16 read 40 and one 200.
    NO2 on 10 January: 18 hours of 100 and one of 300 ug/m3. Sensor B (not official): PM2.5
    1000 ug/m3 for 24 hours of 10 January."""
    a = station("A", official=True)
    b = station("B")
    store(a, "pm25", [(local(JAN10, 0), 20), (local(JAN10, 0, 30), 60)])
    store(a, "pm25", [(local(JAN10, h), 20) for h in range(1, 18)])
    store(a, "pm25", [(local(JAN11, h), 40) for h in range(16)] + [(local(JAN11, 16), 200)])
    store(a, "no2", [(local(JAN10, h), 100) for h in range(18)] + [(local(JAN10, 23, 59), 300)])
    store(b, "pm25", [(local(JAN10, h), 1000) for h in range(24)])
    return a, b


def test_daily_values_follow_almaty_local_days(data):
    a, _b = data
    values = {(v.station, v.parameter, v.day): v for v in selectors.day_values([a.pk], 2025)}
    pm25 = values[(a.pk, "pm25", JAN10)]
    # (40 + 17 x 20) / 18 hours; the highest hourly mean is hour 0's (20 + 60) / 2.
    assert pm25.hours == 18 and pm25.mean == pytest.approx(380 / 18)
    assert pm25.highest_hour == pytest.approx(40)
    # 23:59 local on 10 January is 18:59 UTC: still the 10th.
    no2 = values[(a.pk, "no2", JAN10)]
    assert no2.hours == 19 and no2.mean == pytest.approx(2100 / 19) and no2.highest_hour == 300
    assert values[(a.pk, "pm25", JAN11)].hours == 17


def test_incomplete_days_are_left_out(data):
    a, _b = data
    complete = selectors.complete_days(selectors.day_values([a.pk], 2025))
    assert [d.day for d in complete[(a.pk, "pm25")]] == [JAN10]


def test_a_year_is_counted_in_local_time(data):
    a, _b = data
    # 00:30 local on 1 January 2026 is 19:30 UTC on 31 December 2025: it belongs to 2026.
    store(a, "pm25", [(local(datetime.date(2026, 1, 1), 0, 30), 5)])
    assert selectors.measured_years([a.pk]) == [2025, 2026]
    assert {v.day.year for v in selectors.day_values([a.pk], 2026)} == {2026}


def test_the_city_level_comes_from_the_official_stations_only(data):
    found = selectors.overview(sample=False, year=2025, reference=REF, temperature_c=25)
    assert [s.code for s in found.official] == ["A"]
    city = found.city_year.assessment
    # PM2.5 at A: the highest single value 200 ug/m3 / ПДК м.р. 160 = 1.25, one of 36 values
    # above it; B's 1000 ug/m3 would make СИ 6.25.
    pm25 = city.substances["pm25"]
    assert pm25.si == pytest.approx(200 / 160)
    assert pm25.measurements == 36 and pm25.np == pytest.approx(100 / 36)
    assert city.level == Level.ELEVATED
    # ИЗА5: PM2.5 mean (420 + 840) / 36 ug/m3 over ПДК с.с. 35, class 3 (exponent 1); NO2 mean
    # 2100 / 19 over 40, class 3 (exponent 1; ГН 2.1.6.3492-17).
    expected = (1260 / 36 / 35) ** 1.0 + (2100 / 19 / 40) ** 1.0
    assert city.iza5.value == pytest.approx(expected)
    assert [m.month for m in found.city_months] == [1]


def test_stations_get_us_aqi_days_and_who_exceedances(data):
    found = selectors.overview(sample=False, year=2025, reference=REF, temperature_c=25)
    a, b = found.rows
    # A on 10 January: PM2.5 21.1 ug/m3 gives 73; NO2 300 ug/m3 = 159 ppb gives
    # (150 - 101) / (360 - 101) x (159 - 101) + 101 = 112: unhealthy for sensitive groups.
    [day] = selectors.station_years([a.station.pk], 2025, REF, 25)[a.station.pk].aqi
    assert (day.day, day.aqi.index) == (JAN10, 112)
    assert a.year.aqi_days == 1 and a.year.categories == {"unhealthy_sensitive": 1}
    # 21.1 > 15 (PM2.5) and 110.5 > 25 (NO2): one day each above the WHO 24-hour guideline.
    assert a.year.who == {"pm25": 1, "no2": 1}
    # B: 1000 ug/m3 is beyond the PM2.5 table: the index is its top, hazardous.
    assert b.year.categories == {"hazardous": 1}
    assert b.year.latest_pm25.mean == 1000 and b.year.latest_pm25_category == "hazardous"


def test_the_station_page_counts_days_above_the_limits_and_episodes(data):
    a, _b = data
    store(
        a, "pm25", [(local(datetime.date(2025, 1, 20), 12), 1700)]
    )  # 1700 / 160 = 10.6 x ПДК м.р.: ВЗ
    found = selectors.station_detail("A", sample=False, year=2025, reference=REF, temperature_c=25)
    pm25 = next(p for p in found.parameters if p.code == "pm25")
    assert pm25.above_who == 1 and pm25.above_mpc == 0  # 21.1: above 15, not above 35
    assert [(e.sample.substance, e.extreme) for e in found.episodes] == [("pm25", False)]
    assert found.episodes[0].multiple == pytest.approx(1700 / 160)


def test_sample_stations_never_mix_with_the_real_ones(data):
    station("S", official=True, sample=True)
    assert [s.code for s in selectors.stations(sample=False)] == ["A", "B"]
    assert [s.code for s in selectors.stations(sample=True)] == ["S"]
    with pytest.raises(selectors.Http404):
        selectors.station_by_code("S", sample=False)


def test_o3_and_co_enter_the_us_aqi_as_daily_maximum_8_hour_means(db):
    # At 25 °C one ppb of O3 is 48.00 / 24.45 ug/m3 and one ppm of CO 28.01 / 24.45 mg/m3
    # (`ug_per_ppb`). Post C, 12 January (local): O3 at 60 ppb except 100.5 ppb in hours
    # 12-19, and 60 ppb until 06:00 on the 13th; CO at 1 ppm except 11.05 ppm in hours 12-19.
    # The highest 8-hour means start at 12:00: O3 0.1005 ppm, cut to 0.100: (200 - 151) /
    # (0.105 - 0.086) x (0.100 - 0.086) + 151 = 187; CO 11.05 ppm, cut to 11.0: (150 - 101) /
    # (12.4 - 9.5) x (11.0 - 9.5) + 101 = 126. O3's day takes the 17 windows starting
    # 07:00-23:00 (all valid for C), CO's the 24 starting in the day (19 valid: 18 needed).
    # Post D has O3 in hours 0-21 only: of the windows starting 07:00-23:00, 10 have 6 of their
    # 8 hours (07:00-16:00), fewer than the 13 a daily maximum needs, and its 22 hours make a
    # complete day of hourly means, whose highest (0.1005 ppm) is below the 1-hour table: no
    # index that day.
    o3 = ug_per_ppb(REF, "o3", 25)
    co = ug_per_ppb(REF, "co", 25)
    jan12 = datetime.date(2025, 1, 12)
    jan13 = datetime.date(2025, 1, 13)
    c = station("C", official=True)
    d = station("D")
    store(c, "o3", [(local(jan12, h), (100.5 if 12 <= h < 20 else 60) * o3) for h in range(24)])
    store(c, "o3", [(local(jan13, h), 60 * o3) for h in range(7)])
    store(c, "co", [(local(jan12, h), (11.05 if 12 <= h < 20 else 1) * co) for h in range(24)])
    store(d, "o3", [(local(jan12, h), (100.5 if 12 <= h < 20 else 60) * o3) for h in range(22)])
    years = selectors.station_years([c.pk, d.pk], 2025, REF, 25)
    [day] = years[c.pk].aqi
    assert day.day == jan12
    assert {p: s.index for p, s in day.aqi.sub_indices.items()} == {"o3": 187, "co": 126}
    assert (day.aqi.index, day.aqi.category) == (187, "unhealthy")
    assert years[d.pk].aqi == []
    found = selectors.overview(sample=False, year=2025, reference=REF, temperature_c=25)
    rows = {row.station.code: row.year for row in found.rows}
    assert rows["C"].categories == {"unhealthy": 1} and rows["D"].aqi_days == 0
    detail = selectors.station_detail("C", sample=False, year=2025, reference=REF, temperature_c=25)
    assert [(d.day, d.aqi.index) for d in detail.summary.aqi] == [(jan12, 187)]


def test_single_values_are_20_minute_means_in_the_tallies_and_episodes(db):
    # PM10 (ПДК м.р. 0.3 mg/m3 = 300 ug/m3; ВЗ above 10x = 3000 ug/m3), 10-minute readings on
    # 12 January at an official post. 10:00 and 10:10 read 280 and 340: one single value, 310,
    # above the ПДК. 10:20 and 10:30 read 250 and 330: 290, not above (330 alone would be).
    # 10:40 and 10:50 read 2900 and 3200: 3050, above 10x the ПДК: an episode at 10:40.
    # Three single values of six readings; their sum 310 + 290 + 3050 = 3650 ug/m3.
    jan12 = datetime.date(2025, 1, 12)
    e = station("E", official=True)
    readings = [(0, 280), (10, 340), (20, 250), (30, 330), (40, 2900), (50, 3200)]
    store(e, "pm10", [(local(jan12, 10, m), v) for m, v in readings])
    [tally] = selectors.month_tallies([e.pk], 2025, REF)
    assert tally.month == 1
    assert (tally.tally.measurements, tally.tally.above) == (3, 2)
    assert tally.tally.total == pytest.approx(3.65)  # mg/m3
    assert tally.tally.highest == pytest.approx(3.05)
    [sample] = selectors.episode_samples(e.pk, 2025, REF)
    assert sample.at == local(jan12, 10, 40) and sample.value == pytest.approx(3.05)
    # The same single values as averaging's, from the same readings.
    python = averaging.single_values(
        [averaging.Reading(local(jan12, 10, m), v) for m, v in readings]
    )
    assert [round(v.value, 9) for v in python] == [310, 290, 3050]


def test_a_day_of_9_1_ug_m3_is_moderate_on_either_database(db):
    # 24 hourly values of 9.1 ug/m3: the database's mean is 9.099999999999996 (the floats summed
    # in order), which truncated to 9.0 would be AQI 50, good. The day is 9.1: 51, moderate.
    a = station("A")
    full_day(a, "pm25", JAN10, 9.1)
    [day] = selectors.day_values([a.pk], 2025)
    assert (day.mean, day.highest_hour) == (9.1, 9.1)
    year = selectors.station_years([a.pk], 2025, REF, 25)[a.pk]
    [aqi_day] = year.aqi
    assert (aqi_day.aqi.index, aqi_day.aqi.category) == (51, "moderate")
    assert year.latest_pm25_category == "moderate"
    [mean] = selectors.daily_means(start=JAN10, end=JAN10, stations=[a.pk])
    assert mean.value == 9.1


def test_a_single_value_on_the_mpc_is_not_above_it_whatever_the_database_sums(db):
    # PM10's ПДК м.р. is 0.3 mg/m3 = 300 ug/m3. Three 5-minute readings of one 20-minute period,
    # 333.6, 293.3 and 273.1, make a single value of exactly 300: on the ПДК, not above it. The
    # database's average is 300.00000000000006; counted above, it would make НП 100 % (very
    # high) and СИ 1.0000000000000002 (elevated). The level is low.
    jan12 = datetime.date(2025, 1, 12)
    e = station("E", official=True)
    store(e, "pm10", [(local(jan12, 10, m), v) for m, v in ((0, 333.6), (5, 293.3), (10, 273.1))])
    [tally] = selectors.month_tallies([e.pk], 2025, REF)
    assert (tally.tally.above, tally.tally.highest) == (0, 0.3)
    found = selectors.overview(sample=False, year=2025, reference=REF, temperature_c=25)
    city = found.city_year.assessment
    assert (city.si.si, city.np.np, city.level) == (1.0, 0.0, Level.LOW)


def test_an_ozone_morning_peak_counts_for_the_night_before_as_epa_counts_it(db):
    # 40 CFR Part 50 Appendix U; AirNow-Tech: the daily ozone maximum takes the 8-hour windows
    # starting 07:00-23:00 local. Post F from 07:00 on 11 January to 06:00 on the 13th: O3 at
    # 40 ppb except 100 ppb from 00:00 to 06:00 on the 12th, and CO likewise (1 and 11 ppm).
    # The peak lies in the windows starting 17:00-23:00 on the 11th (23:00: 40 + 7 x 100 = 740
    # ppb / 8 = 92.5 ppb) and 00:00-06:00 on the 12th. For O3 it is the 11th's; the 12th's
    # windows from 07:00 hold 40 ppb only. CO keeps every window starting in the day, so the
    # peak is the 12th's too: (7 x 11 + 1) / 8 = 9.75 ppm, from the window starting 00:00.
    o3 = ug_per_ppb(REF, "o3", 25)
    co = ug_per_ppb(REF, "co", 25)
    start = local(JAN11, 7)
    f = station("F")
    moments = [start + datetime.timedelta(hours=h) for h in range(48)]
    peak = {local(datetime.date(2025, 1, 12), h) for h in range(7)}
    store(f, "o3", [(at, (100 if at in peak else 40) * o3) for at in moments])
    store(f, "co", [(at, (11 if at in peak else 1) * co) for at in moments])
    found = selectors.eight_hour_days([f.pk], 2025)
    jan12 = datetime.date(2025, 1, 12)
    assert found[(f.pk, "o3")] == {JAN11: pytest.approx(92.5 * o3), jan12: pytest.approx(40 * o3)}
    assert found[(f.pk, "co")][jan12] == pytest.approx(9.75 * co)
