"""Unit conversion, Kazhydromet's СИ, НП, ИЗА5 and levels, ВЗ/ЭВЗ episodes and WHO exceedance
days, worked by hand in the comments from the bundled reference data."""

import dataclasses
import datetime

import pytest

from jasyl.domain.airquality.averaging import DayMean
from jasyl.domain.airquality.indices import (
    Sample,
    assess_city,
    assess_posts,
    convert,
    episodes,
    grade,
    iza5,
    substance_index,
    ug_per_ppb,
    who_exceedance_days,
)
from jasyl.domain.airquality.reference import Level, bundled

REF = bundled()
K = REF.kazhydromet
NOON = datetime.datetime(2025, 1, 10, 7, tzinfo=datetime.UTC)


def sample(substance: str, value: float, post: str = "post 1", minute: int = 0) -> Sample:
    return Sample(post, substance, NOON + datetime.timedelta(minutes=minute), value)


# ------------------------------------------------------------------------------ units


def test_gases_convert_with_the_published_factors_at_25_degrees():
    # NO2: 100 ppb x 1.882 = 188.2 ug/m3; CO: 1 ppm x 1.146 = 1.146 mg/m3.
    assert convert(
        100, substance="no2", unit="ppb", to="ug/m3", reference=REF, temperature_c=25
    ) == (pytest.approx(188.2))
    assert convert(1, substance="co", unit="ppm", to="mg/m3", reference=REF, temperature_c=25) == (
        pytest.approx(1.146)
    )
    # And back: 188.2 ug/m3 / 1.882 = 100 ppb = 0.1 ppm.
    assert convert(
        188.2, substance="no2", unit="ug/m3", to="ppm", reference=REF, temperature_c=25
    ) == (pytest.approx(0.1))


def test_another_temperature_scales_the_molar_volume():
    # M = 1.882 x 24.45; V(0 °C) = 24.45 x 273.15 / 298.15; factor = 1.882 x 298.15 / 273.15
    # = 2.05425 ug/m3 per ppb: colder air is denser, so a ppb weighs more.
    assert ug_per_ppb(REF, "no2", 0) == pytest.approx(2.05425, abs=1e-5)
    assert ug_per_ppb(REF, "no2", 25) == pytest.approx(1.882)
    with pytest.raises(ValueError, match="not a possible temperature"):
        ug_per_ppb(REF, "no2", -300)


def test_mass_units_convert_without_a_gas():
    # 160 ug/m3 = 0.16 mg/m3 = 160 000 ng/m3, for particles as for gases.
    assert convert(
        160, substance="pm25", unit="ug/m3", to="mg/m3", reference=REF, temperature_c=25
    ) == (pytest.approx(0.16))
    assert convert(
        0.16, substance="pm25", unit="mg/m3", to="ng/m3", reference=REF, temperature_c=0
    ) == (pytest.approx(160_000))


def test_impossible_conversions_are_refused():
    with pytest.raises(ValueError, match="pm25: no ppb conversion"):
        convert(10, substance="pm25", unit="ppb", to="ug/m3", reference=REF, temperature_c=25)
    with pytest.raises(ValueError, match="unknown unit 'ppt'"):
        convert(10, substance="no2", unit="ppt", to="ug/m3", reference=REF, temperature_c=25)
    with pytest.raises(ValueError, match="cannot be negative"):
        convert(-1, substance="no2", unit="ppb", to="ug/m3", reference=REF, temperature_c=25)


# ------------------------------------------------------------------------------ СИ and НП


def test_si_and_np_of_one_substance():
    # NO2, ПДК м.р. 0.2: the highest 0.5 gives СИ 0.5 / 0.2 = 2.5; 0.3 and 0.5 are above the
    # ПДК, 0.2 is on it and is not: НП = 2 / 4 = 50 %.
    found = substance_index("no2", [0.1, 0.3, 0.2, 0.5], REF)
    assert (found.highest, found.si, found.above, found.np) == (0.5, pytest.approx(2.5), 2, 50)
    # Benzo(a)pyrene has no ПДК м.р.: neither index.
    assert substance_index("bap", [2e-6], REF).si is None


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (0, Level.LOW),
        (1, Level.LOW),
        # Between the printed bands 0-1 and 2-4: any excess over the ПДК is elevated.
        (1.0001, Level.ELEVATED),
        (4, Level.ELEVATED),
        (4.5, Level.HIGH),
        (10, Level.HIGH),
        (10.01, Level.VERY_HIGH),
    ],
)
def test_si_grading(value, level):
    assert grade(value, K.si) is level


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (0, Level.LOW),
        (0.5, Level.ELEVATED),
        (19, Level.ELEVATED),
        (49, Level.HIGH),
        (50, Level.VERY_HIGH),
    ],
)
def test_np_grading(value, level):
    assert grade(value, K.np) is level


def test_a_negative_index_cannot_be_graded():
    with pytest.raises(ValueError, match="cannot be negative"):
        grade(-1, K.si)


def test_the_level_is_the_higher_of_the_si_and_np_levels():
    # PM2.5 (ПДК м.р. 0.16): 0.4 / 0.16 = СИ 2.5 (elevated), 1 of 4 above: НП 25 % (high).
    # NO2 (0.2): 0.1 / 0.2 = СИ 0.5, НП 0.
    samples = [sample("pm25", v, minute=i) for i, v in enumerate((0.4, 0.1, 0.1, 0.1))]
    samples.append(sample("no2", 0.1))
    result = assess_posts(samples, REF)["post 1"]
    assert result.si.substance == "pm25" and result.si.si == pytest.approx(2.5)
    assert result.np.substance == "pm25" and result.np.np == 25
    assert (result.si_level, result.np_level, result.level) == (
        Level.ELEVATED,
        Level.HIGH,
        Level.HIGH,
    )


# ------------------------------------------------------------------------------ ИЗА5


def test_iza5_sums_the_five_largest_terms():
    means = {
        "formaldehyde": 0.02,  # (0.02 / 0.01) ^ 1.3 (class 2) = 2 ^ 1.3 = 2.46229
        "pm25": 0.07,  # (0.07 / 0.035) ^ 1.0 (no class: PM class 3) = 2.0
        "no2": 0.06,  # (0.06 / 0.04) ^ 1.0 (class 3, ГН 2.1.6.3492-17) = 1.5
        "so2": 0.05,  # (0.05 / 0.05) ^ 1.0 (class 3) = 1.0
        "co": 1.5,  # (1.5 / 3.0) ^ 0.9 (class 4) = 0.5 ^ 0.9 = 0.53589
        "o3": 0.015,  # (0.015 / 0.03) ^ 1.7 (class 1) = 0.5 ^ 1.7 = 0.30779: sixth, left out
        "h2s": 0.01,  # no ПДК с.с.: no term
    }
    result = iza5(means, REF)
    # 2.46229 + 2.0 + 1.5 + 1.0 + 0.53589 = 7.49818: high (7-13).
    assert result.value == pytest.approx(7.49818, abs=1e-5)
    assert [t.substance for t in result.terms] == ["formaldehyde", "pm25", "no2", "so2", "co"]
    assert result.terms[1].hazard_class == 3
    assert result.level is Level.HIGH


def test_the_pm_class_is_a_setting_of_the_reference_data():
    # With PM in class 1 the PM2.5 term becomes (0.07 / 0.035) ^ 1.7 = 2 ^ 1.7 = 3.24901.
    pm_class_1 = dataclasses.replace(
        K, pm_hazard_class=dataclasses.replace(K.pm_hazard_class, value=1)
    )
    reference = dataclasses.replace(REF, kazhydromet=pm_class_1)
    assert iza5({"pm25": 0.07}, reference).value == pytest.approx(3.24901, abs=1e-5)
    assert iza5({"pm25": 0.07}, REF).value == pytest.approx(2.0)


def test_iza5_without_a_daily_norm_is_none():
    assert iza5({"h2s": 0.01}, REF) is None
    assert iza5({}, REF) is None


def test_the_city_weighs_each_post_once_in_iza5():
    samples = [
        sample("pm25", 0.1, "A", 0),
        sample("pm25", 0.2, "A", 20),
        sample("pm25", 0.03, "B", 0),
    ]
    posts = assess_posts(samples, REF)
    # Post A: mean 0.15, ИЗА5 0.15 / 0.035 = 4.28571 (elevated); post B: 0.03 / 0.035 = 0.85714.
    assert posts["A"].iza5.value == pytest.approx(4.28571, abs=1e-5)
    assert posts["A"].iza5.level is Level.ELEVATED
    assert posts["B"].iza5.level is Level.LOW
    city = assess_city(samples, REF)
    # City mean (0.15 + 0.03) / 2 = 0.09, not the mean of all samples (0.11):
    # 0.09 / 0.035 = 2.57143.
    assert city.iza5.value == pytest.approx(2.57143, abs=1e-5)
    # СИ over all posts: 0.2 / 0.16 = 1.25; НП: 1 of 3 measurements above 0.16 = 33.3 % (high).
    assert city.si.si == pytest.approx(1.25)
    assert city.np.np == pytest.approx(100 / 3)
    assert city.level is Level.HIGH


def test_no_samples_give_no_assessment():
    assert assess_posts([], REF) == {}
    city = assess_city([], REF)
    assert (city.level, city.si, city.iza5, dict(city.substances)) == (None, None, None, {})


def test_bad_samples_are_refused():
    with pytest.raises(ValueError, match="'radon' is not a substance"):
        assess_city([sample("radon", 1)], REF)
    with pytest.raises(ValueError, match=r"post 1 no2 at .* cannot be negative"):
        assess_posts([sample("no2", -0.01)], REF)


# ------------------------------------------------------------------------------ episodes


def test_episodes_are_single_measurements_above_10_and_50_times_the_mpc():
    samples = [
        sample("pm25", 1.6, minute=0),  # 1.6 / 0.16 = 10: on the threshold, not above
        sample("pm25", 1.7, minute=20),  # 10.625 x: high pollution (ВЗ)
        sample("pm25", 8.0, minute=40),  # 50 x: on the ЭВЗ threshold: still ВЗ
        sample("pm25", 8.1, minute=60),  # 50.625 x: extremely high (ЭВЗ)
        sample("bap", 1.0, minute=80),  # no ПДК м.р.: never an episode
    ]
    found = episodes(samples, REF)
    assert [(e.sample.value, e.extreme) for e in found] == [(1.7, False), (8.0, False), (8.1, True)]
    assert found[0].multiple == pytest.approx(10.625)
    # Kazhydromet's weeklies of 2020-21 used 20 x for ЭВЗ: the threshold is an argument.
    assert [e.extreme for e in episodes(samples, REF, extreme=20)] == [False, True, True]
    with pytest.raises(ValueError, match="must be above the ВЗ multiple"):
        episodes(samples, REF, high=20, extreme=20)


# ------------------------------------------------------------------------------ WHO


def test_who_exceedance_days_are_daily_means_above_the_24_hour_guideline():
    days = [
        DayMean(datetime.date(2025, 1, 1), 15, 24),  # on the PM2.5 guideline (15): not above
        DayMean(datetime.date(2025, 1, 2), 15.1, 20),
        DayMean(datetime.date(2025, 1, 3), 80, 24),
    ]
    found = who_exceedance_days(days, pollutant="pm25", reference=REF)
    assert [d.day.day for d in found] == [2, 3]
    # PM10's guideline is 45: only the 80.
    assert len(who_exceedance_days(days, pollutant="pm10", reference=REF)) == 1
    # CO's 4 mg/m3 is 4000 ug/m3.
    assert who_exceedance_days(days, pollutant="co", reference=REF) == []
    with pytest.raises(ValueError, match="o3: the WHO 2021 guidelines give no 24-hour value"):
        who_exceedance_days(days, pollutant="o3", reference=REF)


def test_tallies_give_the_same_assessment_as_the_measurements():
    from jasyl.domain.airquality.indices import Tally, assess_city_tallies

    samples = [
        sample("pm25", 0.2, "post 1"),
        sample("pm25", 0.1, "post 1", minute=20),
        sample("pm25", 0.05, "post 2"),
        sample("no2", 0.3, "post 2"),
        sample("no2", 0.1, "post 2", minute=20),
        sample("no2", 0.02, "post 2", minute=40),
    ]
    tallies = []
    for post, code in {(s.post, s.substance) for s in samples}:
        values = [s.value for s in samples if (s.post, s.substance) == (post, code)]
        mpc = REF.substances[code].max_single.value
        tallies.append(
            Tally(post, code, len(values), sum(values), max(values), sum(v > mpc for v in values))
        )
    direct, tallied = assess_city(samples, REF), assess_city_tallies(tallies, REF)
    assert tallied.level == direct.level and tallied.iza5.level == direct.iza5.level
    assert tallied.iza5.value == pytest.approx(direct.iza5.value)
    for code in ("pm25", "no2"):
        assert tallied.substances[code].si == pytest.approx(direct.substances[code].si)
        assert tallied.substances[code].np == pytest.approx(direct.substances[code].np)
