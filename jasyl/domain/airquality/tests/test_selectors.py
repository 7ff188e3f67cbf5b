"""The selectors against values worked by hand on a small stored data set: daily means with
the 18-hour rule on Almaty's local days, monthly tallies, the city's level from the official
stations only, US AQI days and WHO exceedance days."""

import datetime

import pytest

from jasyl.domain.airquality import averaging, selectors
from jasyl.domain.airquality.indices import ug_per_ppb
from jasyl.domain.airquality.reference import Level, bundled
from jasyl.domain.airquality.tests.factories import local, station, store

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
    # 2100 / 19 over 40, class 2 (exponent 1.3).
    expected = (1260 / 36 / 35) ** 1.0 + (2100 / 19 / 40) ** 1.3
    assert city.iza5.value == pytest.approx(expected)
    assert [m.month for m in found.city_months] == [1]


def test_stations_get_us_aqi_days_and_who_exceedances(data):
    found = selectors.overview(sample=False, year=2025, reference=REF, temperature_c=25)
    a, b = found.rows
    # A on 10 January: PM2.5 21.1 ug/m3 gives 73; NO2 300 ug/m3 = 159 ppb gives
    # (150 - 101) / (360 - 101) x (159 - 101) + 101 = 112: unhealthy for sensitive groups.
    assert [(d.day, d.aqi.index) for d in a.year.aqi] == [(JAN10, 112)]
    assert a.year.categories == {"unhealthy_sensitive": 1}
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
    # 12-19, CO at 1 ppm except 11.05 ppm in hours 12-19. The highest 8-hour means start at
    # 12:00: O3 0.1005 ppm, cut to 0.100: (200 - 151) / (0.105 - 0.086) x (0.100 - 0.086) + 151
    # = 187; CO 11.05 ppm, cut to 11.0: (150 - 101) / (12.4 - 9.5) x (11.0 - 9.5) + 101 = 126.
    # Post D has O3 in hours 0-21 only: 17 windows start in the day (00:00-16:00), fewer than
    # the 18 a daily maximum needs, and its 22 hours make a complete day of hourly means, whose
    # highest (0.1005 ppm) is below the 1-hour table: no index that day.
    o3 = ug_per_ppb(REF, "o3", 25)
    co = ug_per_ppb(REF, "co", 25)
    jan12 = datetime.date(2025, 1, 12)
    c = station("C", official=True)
    d = station("D")
    store(c, "o3", [(local(jan12, h), (100.5 if 12 <= h < 20 else 60) * o3) for h in range(24)])
    store(c, "co", [(local(jan12, h), (11.05 if 12 <= h < 20 else 1) * co) for h in range(24)])
    store(d, "o3", [(local(jan12, h), (100.5 if 12 <= h < 20 else 60) * o3) for h in range(22)])
    found = selectors.overview(sample=False, year=2025, reference=REF, temperature_c=25)
    rows = {row.station.code: row.year for row in found.rows}
    [day] = rows["C"].aqi
    assert day.day == jan12
    assert {p: s.index for p, s in day.aqi.sub_indices.items()} == {"o3": 187, "co": 126}
    assert (day.aqi.index, day.aqi.category) == (187, "unhealthy")
    assert rows["D"].aqi == []
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
