"""The US AQI, worked by hand from the breakpoint tables (the facts file gives no worked example
from EPA): I = (I_hi - I_lo) / (BP_hi - BP_lo) x (C - BP_lo) + I_lo on the truncated
concentration, rounded half up to a whole number."""

import datetime
from decimal import Decimal

import pytest

from jasyl.domain.airquality.indices import AqiInputs, convert, sub_index, truncate, us_aqi
from jasyl.domain.airquality.reference import bundled

REF = bundled()
NOW = datetime.date(2025, 1, 15)
BEFORE = datetime.date(2024, 4, 30)


def aqi(on: datetime.date = NOW, **values: float):
    return us_aqi(AqiInputs(**values), on=on, reference=REF)


def test_truncation_cuts_rather_than_rounds():
    assert truncate(35.99, 1) == Decimal("35.9")
    assert truncate(0.0789, 3) == Decimal("0.078")
    assert truncate(0.07, 3) == Decimal("0.070")
    assert truncate(53.9, 0) == Decimal(53)


def test_pm25_in_the_2024_table():
    # 35.9 in 35.5-55.4 -> 101-150: 49 / 19.9 x 0.4 + 101 = 101.98 -> 102.
    result = aqi(pm25_24h=35.9)
    assert (result.table, result.index, result.category, result.dominant) == (
        "epa-2024",
        102,
        "unhealthy_sensitive",
        ("pm25",),
    )


def test_a_value_exactly_on_a_breakpoint():
    # 9.0 is the top of 0-50: 50 (good); 9.1 the bottom of 51-100: 51 (moderate).
    assert (aqi(pm25_24h=9.0).index, aqi(pm25_24h=9.0).category) == (50, "good")
    assert (aqi(pm25_24h=9.1).index, aqi(pm25_24h=9.1).category) == (51, "moderate")
    # 9.09 is truncated to 9.0, so it stays 50 and falls in no gap.
    assert aqi(pm25_24h=9.09).index == 50
    assert aqi(pm25_24h=0).index == 0


def test_the_table_is_chosen_by_date():
    # PM2.5 10.0 from May 2024: 9.1-35.4 -> 51-100: 49 / 26.3 x 0.9 + 51 = 52.68 -> 53.
    assert aqi(pm25_24h=10.0).index == 53
    # Before: 0-12.0 -> 0-50: 50 / 12 x 10 = 41.67 -> 42.
    assert aqi(BEFORE, pm25_24h=10.0).index == 42
    assert aqi(BEFORE, pm25_24h=10.0).table == "epa-pre-2024"


def test_the_pre_2024_table_has_two_hazardous_bands():
    # 400.0 in 350.5-500.4 -> 401-500: 99 / 149.9 x 49.5 + 401 = 433.69 -> 434.
    assert aqi(BEFORE, pm25_24h=400.0).index == 434
    # In the 2024 table 400 is above the top (325.4): 500, marked as beyond the scale.
    now = aqi(pm25_24h=400.0)
    assert (now.index, now.sub_indices["pm25"].beyond, now.category) == (500, True, "hazardous")


def test_ozone_rounds_half_up():
    # 0.078 in 0.071-0.085 -> 101-150: 49 / 0.014 x 0.007 + 101 = 125.5 -> 126.
    assert aqi(o3_8h=0.078).index == 126
    # 0.0789 truncates to 0.078: the same.
    assert aqi(o3_8h=0.0789).index == 126


def test_ozone_above_300_comes_from_the_1_hour_value():
    # 8-hour 0.250 is above its table (0.200): the 1-hour 0.450 in 0.405-0.604 -> 301-500:
    # 199 / 0.199 x 0.045 + 301 = 346.
    assert aqi(o3_8h=0.250, o3_1h=0.450).sub_indices["o3"].index == 346
    without = aqi(o3_8h=0.250)
    assert without.index is None and "1-hour" in without.not_computed["o3"]
    # Within its table the 8-hour value gives the index: 0.050 -> 50 / 0.054 x 0.05 = 46.3 -> 46;
    # a 1-hour 0.130 (index 101-150) does not replace it ...
    assert aqi(o3_8h=0.050, o3_1h=0.130).index == 46
    # ... but a 1-hour value above 300 does: 0.500 -> 199 / 0.199 x 0.095 + 301 = 396.
    assert aqi(o3_8h=0.050, o3_1h=0.500).index == 396
    assert "o3" in aqi(o3_1h=0.200).not_computed


def test_so2_above_200_comes_from_the_24_hour_mean():
    # 1-hour 100 in 76-185 -> 101-150: 49 / 109 x 24 + 101 = 111.79 -> 112.
    assert aqi(so2_1h=100).index == 112
    # 1-hour 400 is above its table (304): the 24-hour 700 in 605-1004 -> 301-500:
    # 199 / 399 x 95 + 301 = 348.38 -> 348.
    assert aqi(so2_1h=400, so2_24h=700).index == 348
    # The 24-hour mean below its table (305): 200, the top of the 1-hour table.
    assert aqi(so2_1h=400, so2_24h=200).index == 200
    assert "24-hour" in aqi(so2_1h=400).not_computed["so2"]
    assert "so2" in aqi(so2_24h=400).not_computed


def test_co_and_no2():
    # CO 5.55 ppm truncates to 5.5, in 4.5-9.4 -> 51-100: 49 / 4.9 x 1.0 + 51 = 61.
    assert aqi(co_8h=5.55).index == 61
    # NO2 53.9 ppb truncates to 53: the top of 0-50; 54 opens 51-100.
    assert (aqi(no2_1h=53.9).index, aqi(no2_1h=54).index) == (50, 51)


def test_the_aqi_is_the_largest_sub_index():
    # PM2.5 35.9 -> 102, O3 0.078 -> 126, NO2 54 -> 51: 126 by O3.
    result = aqi(pm25_24h=35.9, o3_8h=0.078, no2_1h=54)
    assert (result.index, result.dominant) == (126, ("o3",))
    assert {p: s.index for p, s in result.sub_indices.items()} == {
        "pm25": 102,
        "o3": 126,
        "no2": 51,
    }
    # A tie names both: PM10 54 -> 50 and PM2.5 9.0 -> 50.
    assert aqi(pm25_24h=9.0, pm10_24h=54).dominant == ("pm10", "pm25")


def test_no_values_give_no_aqi():
    result = aqi()
    assert (result.index, result.category, result.sub_indices) == (None, None, {})


def test_impossible_concentrations_are_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        aqi(pm25_24h=-1)
    with pytest.raises(ValueError, match="finite number"):
        aqi(no2_1h=float("inf"))


def test_the_1_hour_ozone_row_starts_at_101():
    row = REF.us_aqi.table_on(NOW).pollutants["o3_1h"]
    assert sub_index(row, 0.124) is None
    assert sub_index(row, 0.125).index == 101


# ------------------------------------------------------------------------------ float noise


def test_truncation_cuts_the_value_not_its_float_noise():
    # 24 hours of 9.1 ug/m3 averaged by a database come out 9.099999999999996 (SQLite's avg):
    # the day is 9.1, the bottom of 51-100, not 9.0, the top of 0-50.
    assert truncate(9.099999999999996, 1) == Decimal("9.1")
    result = aqi(pm25_24h=9.099999999999996)
    assert (result.index, result.category) == (51, "moderate")
    # The truncated concentration shown beside the index is the same 9.1.
    assert result.sub_indices["pm25"].concentration == Decimal("9.1")
    # 35.5 ug/m3 written as 0.0355 mg/m3 and divided by 0.001: 35.49999999999999.
    assert aqi(pm25_24h=0.0355 / 0.001).index == 101
    # A value below a step by more than the noise stays below it.
    assert truncate(9.0999, 1) == Decimal("9.0")


def test_unit_conversions_keep_a_value_exact_in_decimal():
    def convert_(value: float, substance: str, unit: str, to: str) -> float:
        return convert(
            value, substance=substance, unit=unit, to=to, reference=REF, temperature_c=25
        )

    assert convert_(0.0355, "pm25", "mg/m3", "ug/m3") == 35.5
    assert convert_(35.5, "pm25", "ug/m3", "mg/m3") == 0.0355
    # 71 ppb of O3, stored in ug/m3 (x 1.963) and read back in ppm for the AQI: 0.071, the
    # bottom of 101-150, not 0.07099999999999998 (0.070, the top of 51-100).
    stored = convert_(71, "o3", "ppb", "ug/m3")
    assert stored == 139.373
    assert convert_(stored, "o3", "ug/m3", "ppm") == 0.071
    assert aqi(o3_8h=convert_(stored, "o3", "ug/m3", "ppm")).index == 101


# ------------------------------------------------------------------------------ the tables


def test_the_2024_table_is_in_force_from_6_may_2024_as_the_final_rule_says():
    # 89 FR 16202 (6 March 2024): "This final rule is effective May 6, 2024."
    effective = REF.us_aqi.tables[0].effective_from
    assert (effective.value, effective.status) == (datetime.date(2024, 5, 6), "verified")
    assert "89 FR 16202" in effective.source
    assert aqi(datetime.date(2024, 5, 5), pm25_24h=10.0).table == "epa-pre-2024"
    assert aqi(datetime.date(2024, 5, 6), pm25_24h=10.0).table == "epa-2024"


def test_before_may_2024_every_hazardous_range_is_split_at_400():
    # 40 CFR Part 58 Appendix G, Table 2, as corrected at 74 FR 30469 (26 June 2009): "301-400"
    # and "401-500" for O3 1-hour, PM2.5, PM10, CO, SO2 and NO2.
    before = REF.us_aqi.table_on(BEFORE).pollutants
    for code in ("pm25_24h", "pm10_24h", "o3_1h", "co_8h", "so2_24h", "no2_1h"):
        tops = [(band.i_lo, band.i_hi) for band in before[code].bands[-2:]]
        assert tops == [(301, 400), (401, 500)], code
    assert [(b.c_lo, b.c_hi) for b in before["pm10_24h"].bands[-2:]] == [
        (Decimal(425), Decimal(504)),
        (Decimal(505), Decimal(604)),
    ]
    # PM10 500 ug/m3 before: 425-504 -> 301-400: 99 / 79 x 75 + 301 = 394.99 -> 395. Since May
    # 2024 one band 425-604 -> 301-500: 199 / 179 x 75 + 301 = 384.38 -> 384.
    assert aqi(BEFORE, pm10_24h=500).index == 395
    assert aqi(pm10_24h=500).index == 384
    # The top of the old 301-400 band is 400, as the table prints it.
    assert aqi(BEFORE, pm10_24h=504).index == 400
    assert aqi(BEFORE, co_8h=40.4).index == 400
    assert aqi(BEFORE, pm10_24h=505).index == 401


def test_a_pre_2024_row_is_verified_only_where_it_was_read_in_a_primary_source():
    before = REF.us_aqi.table_on(BEFORE).pollutants
    read = {"pm25_24h", "pm10_24h", "o3_1h", "co_8h", "so2_24h"}
    assert {code for code, row in before.items() if row.status == "verified"} == read
    for code in set(before) - read:
        assert before[code].status == "unverified", code
        assert "Not found in a primary source" in before[code].source


def test_the_pre_2024_hazardous_rows_are_the_2009_cfr_table_in_its_units():
    # 74 FR 30469 prints SO2 (24-hour) and NO2 in ppm: 0.605-0.804 and 0.805-1.004 ppm of SO2,
    # 1.25-1.64 and 1.65-2.04 ppm of NO2; the table holds them in whole ppb.
    before = REF.us_aqi.table_on(BEFORE).pollutants
    assert [(b.c_lo, b.c_hi) for b in before["so2_24h"].bands] == [
        (Decimal(305), Decimal(604)),
        (Decimal(605), Decimal(804)),
        (Decimal(805), Decimal(1004)),
    ]
    assert [(b.c_lo, b.c_hi) for b in before["no2_1h"].bands[-2:]] == [
        (Decimal(1250), Decimal(1649)),
        (Decimal(1650), Decimal(2049)),
    ]
    assert [(b.c_lo, b.c_hi) for b in before["o3_1h"].bands[-2:]] == [
        (Decimal("0.405"), Decimal("0.504")),
        (Decimal("0.505"), Decimal("0.604")),
    ]
