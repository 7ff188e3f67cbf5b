"""Air-quality indices: unit conversion, Kazhydromet's СИ, НП and ИЗА5 with their levels, high
and extremely high pollution episodes, the US AQI, and WHO guideline exceedance days.

Pure: no Django, no database. Every reference value comes from a `Reference`
(`reference.bundled()` for the shipped data). The rules and formulas, with the choices made
where the sources are silent, are in `docs/air-quality.md`.

Concentrations are floats. Every value computed here (a converted concentration, СИ, НП,
ИЗА5, a multiple of the ПДК) is rounded to 12 significant digits (`averaging.to_significant`),
which removes the noise of binary floating point: a value exactly on a limit or a breakpoint
stays on it (0.1 + 0.2 mg/m3 of PM10 is 1 x its ПДК м.р., not 1.0000000000000002). Otherwise СИ, НП
and ИЗА5 are graded unrounded (the facts file states no rounding for them). The US AQI is
computed in `Decimal` from the truncated concentration and rounded half up to a whole number,
as EPA reports it.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from jasyl.domain.airquality.averaging import DayMean, check_value, days_above, to_significant
from jasyl.domain.airquality.reference import (
    MASS_UNITS_IN_MG,
    AqiPollutant,
    Grading,
    Level,
    Reference,
    Substance,
)

KELVIN = 273.15
VOLUME_UNITS_IN_PPB = {"ppb": 1.0, "ppm": 1000.0}
UNITS = (*MASS_UNITS_IN_MG, *VOLUME_UNITS_IN_PPB)


# ------------------------------------------------------------------------------ units


def ug_per_ppb(reference: Reference, substance: str, temperature_c: float) -> float:
    """ug/m3 per ppb of a gas at `temperature_c` and 1 atm.

    The factor at the reference temperature gives the molar mass (factor x molar volume); the
    molar volume scales with the absolute temperature."""
    gases = reference.gases
    if substance not in gases.factors:
        raise ValueError(f"{substance}: no ppb conversion in the reference data (mass units only)")
    if not math.isfinite(temperature_c) or temperature_c <= -KELVIN:
        raise ValueError(f"{temperature_c!r} °C is not a possible temperature")
    molar_mass = gases.factors[substance].value * gases.molar_volume_l.value
    volume = (
        gases.molar_volume_l.value * (KELVIN + temperature_c) / (KELVIN + gases.temperature_c.value)
    )
    return float(molar_mass / volume)


def convert(
    value: float,
    *,
    substance: str,
    unit: str,
    to: str,
    reference: Reference,
    temperature_c: float,
) -> float:
    """`value` in `unit` (ug/m3, mg/m3, ng/m3, ppb, ppm) expressed in `to`, rounded to 12
    significant digits (35.5 ug/m3 is 0.0355 mg/m3 and back 35.5, 71 ppb of O3 is 0.071 ppm)."""
    check_value(value)
    for name in (unit, to):
        if name not in UNITS:
            raise ValueError(f"unknown unit {name!r}: use one of {', '.join(UNITS)}")
    if unit in MASS_UNITS_IN_MG:
        mg = value * MASS_UNITS_IN_MG[unit]
    else:
        factor = ug_per_ppb(reference, substance, temperature_c)
        mg = value * VOLUME_UNITS_IN_PPB[unit] * factor / 1000
    if to in MASS_UNITS_IN_MG:
        return to_significant(mg / MASS_UNITS_IN_MG[to])
    factor = ug_per_ppb(reference, substance, temperature_c)
    return to_significant(mg * 1000 / factor / VOLUME_UNITS_IN_PPB[to])


# ------------------------------------------------------------------------------ Kazhydromet


@dataclass(frozen=True)
class Sample:
    """One single measurement (a 20-minute sample or an hourly value) at a post, in mg/m3."""

    post: str
    substance: str
    at: datetime.datetime
    value: float


@dataclass(frozen=True)
class SubstanceIndex:
    substance: str
    measurements: int
    highest: float
    """The highest single measurement, mg/m3."""
    si: float | None
    """highest / ПДК м.р.; None without a ПДК м.р."""
    above: int
    """Measurements strictly above the ПДК м.р."""
    np: float | None
    """above / measurements x 100, %; None without a ПДК м.р."""


@dataclass(frozen=True)
class IzaTerm:
    substance: str
    mean: float
    hazard_class: int
    exponent: float
    term: float
    """(mean / ПДК с.с.) ^ exponent."""


@dataclass(frozen=True)
class Iza:
    value: float
    terms: tuple[IzaTerm, ...]
    """The terms summed, largest first."""
    level: Level


@dataclass(frozen=True)
class Assessment:
    """A post, or the city, over the period its samples cover."""

    substances: Mapping[str, SubstanceIndex]
    si: SubstanceIndex | None
    """The substance with the highest СИ."""
    np: SubstanceIndex | None
    """The substance with the highest НП."""
    si_level: Level | None
    np_level: Level | None
    level: Level | None
    """The higher of the СИ and НП levels."""
    iza5: Iza | None


def grade(value: float, grading: Grading) -> Level:
    """The level of `value`: the lowest band whose upper bound it does not exceed."""
    check_value(value, "an index")
    for band in grading.bands:
        if band.upper is None or value <= band.upper:
            return band.level
    raise AssertionError("the reference loader guarantees an open last band")


def _substance(reference: Reference, code: str) -> Substance:
    if code not in reference.substances:
        raise ValueError(f"{code!r} is not a substance of the reference data")
    return reference.substances[code]


def _checked(samples: Iterable[Sample], reference: Reference) -> list[Sample]:
    checked = []
    for sample in samples:
        _substance(reference, sample.substance)
        check_value(sample.value, f"{sample.post} {sample.substance} at {sample.at.isoformat()}")
        checked.append(sample)
    return checked


def substance_index(code: str, values: list[float], reference: Reference) -> SubstanceIndex:
    """СИ and НП of one substance from its single measurements."""
    if not values:
        raise ValueError(f"{code}: no measurements")
    mpc = _substance(reference, code).max_single
    highest = max(values)
    if mpc is None:
        return SubstanceIndex(code, len(values), highest, None, 0, None)
    above = sum(1 for value in values if value > mpc.value)
    return SubstanceIndex(
        code,
        len(values),
        highest,
        to_significant(highest / mpc.value),
        above,
        to_significant(above * 100 / len(values)),
    )


def hazard_class(reference: Reference, code: str) -> int:
    """The substance's hazard class; the configured PM class when the list gives none."""
    own = _substance(reference, code).hazard_class.value
    return int(own if own is not None else reference.kazhydromet.pm_hazard_class.value)


def iza5(means: Mapping[str, float], reference: Reference) -> Iza | None:
    """ИЗА5 from mean concentrations (mg/m3): the sum of the largest terms (mean / ПДК с.с.)^C
    over the configured number of substances (5). None when no substance has a ПДК с.с."""
    k = reference.kazhydromet
    terms = []
    for code, mean in means.items():
        check_value(mean, f"the mean of {code}")
        norm = _substance(reference, code).daily_mean
        if norm is None:
            continue
        klass = hazard_class(reference, code)
        exponent = float(k.exponents[klass].value)
        term = to_significant((mean / norm.value) ** exponent)
        terms.append(IzaTerm(code, mean, klass, exponent, term))
    if not terms:
        return None
    chosen = sorted(terms, key=lambda t: (-t.term, t.substance))[: k.iza_substances.value]
    value = to_significant(math.fsum(t.term for t in chosen))
    return Iza(value, tuple(chosen), grade(value, k.iza5))


def _assess(
    values: Mapping[str, list[float]], means: Mapping[str, float], reference: Reference
) -> Assessment:
    indices = {code: substance_index(code, v, reference) for code, v in sorted(values.items())}
    return _graded(indices, means, reference)


def _graded(
    indices: Mapping[str, SubstanceIndex], means: Mapping[str, float], reference: Reference
) -> Assessment:
    k = reference.kazhydromet
    rated = [i for i in indices.values() if i.si is not None]
    top_si = max(rated, key=lambda i: i.si or 0.0, default=None)
    top_np = max(rated, key=lambda i: i.np or 0.0, default=None)
    si_level = grade(top_si.si, k.si) if top_si and top_si.si is not None else None
    np_level = grade(top_np.np, k.np) if top_np and top_np.np is not None else None
    levels = [level for level in (si_level, np_level) if level is not None]
    return Assessment(
        substances=indices,
        si=top_si,
        np=top_np,
        si_level=si_level,
        np_level=np_level,
        level=max(levels, key=lambda level: level.rank) if levels else None,
        iza5=iza5(means, reference) if means else None,
    )


def assess_posts(samples: Iterable[Sample], reference: Reference) -> dict[str, Assessment]:
    """Each post over the period its samples cover; ИЗА5 from the mean of each substance's
    samples."""
    by_post: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for sample in _checked(samples, reference):
        by_post[sample.post][sample.substance].append(sample.value)
    return {
        post: _assess(
            values, {c: to_significant(math.fsum(v) / len(v)) for c, v in values.items()}, reference
        )
        for post, values in sorted(by_post.items())
    }


def assess_city(samples: Iterable[Sample], reference: Reference) -> Assessment:
    """The city over the period: СИ and НП over all posts' measurements together; ИЗА5 from the
    mean of the posts' means, so that a post sampled more often does not weigh more."""
    by_substance: dict[str, list[float]] = defaultdict(list)
    post_means: dict[str, list[float]] = defaultdict(list)
    by_post: dict[tuple[str, str], list[float]] = defaultdict(list)
    for sample in _checked(samples, reference):
        by_substance[sample.substance].append(sample.value)
        by_post[(sample.post, sample.substance)].append(sample.value)
    for (_post, code), values in by_post.items():
        post_means[code].append(to_significant(math.fsum(values) / len(values)))
    means = {code: to_significant(math.fsum(v) / len(v)) for code, v in post_means.items()}
    return _assess(by_substance, means, reference)


@dataclass(frozen=True)
class Tally:
    """The single measurements of one substance at one post over a period, summed up (as a
    database does it: a GROUP BY), in mg/m3: enough for СИ, НП and ИЗА5 without the values."""

    post: str
    substance: str
    measurements: int
    total: float
    highest: float
    above: int
    """Measurements strictly above the substance's ПДК м.р. (0 without one)."""


def assess_city_tallies(tallies: Iterable[Tally], reference: Reference) -> Assessment:
    """`assess_city` from tallies instead of the measurements: the same СИ, НП and ИЗА5."""
    by_substance: dict[str, list[Tally]] = defaultdict(list)
    for tally in tallies:
        _substance(reference, tally.substance)
        if tally.measurements < 1 or tally.above > tally.measurements:
            raise ValueError(f"{tally.post} {tally.substance}: an impossible tally {tally!r}")
        check_value(tally.total, f"the total of {tally.post} {tally.substance}")
        check_value(tally.highest, f"the highest value of {tally.post} {tally.substance}")
        by_substance[tally.substance].append(tally)
    indices: dict[str, SubstanceIndex] = {}
    means: dict[str, float] = {}
    for code, found in sorted(by_substance.items()):
        count = sum(t.measurements for t in found)
        highest = max(t.highest for t in found)
        mpc = reference.substances[code].max_single
        if mpc is None:
            indices[code] = SubstanceIndex(code, count, highest, None, 0, None)
        else:
            above = sum(t.above for t in found)
            indices[code] = SubstanceIndex(
                code,
                count,
                highest,
                to_significant(highest / mpc.value),
                above,
                to_significant(above * 100 / count),
            )
        # Each post weighs once, as in `assess_city`.
        post_means = [to_significant(t.total / t.measurements) for t in found]
        means[code] = to_significant(math.fsum(post_means) / len(post_means))
    return _graded(indices, means, reference)


@dataclass(frozen=True)
class Episode:
    sample: Sample
    multiple: float
    """The measurement / its ПДК м.р."""
    extreme: bool
    """Extremely high pollution (ЭВЗ) rather than high (ВЗ)."""


def episodes(
    samples: Iterable[Sample],
    reference: Reference,
    *,
    high: float | None = None,
    extreme: float | None = None,
) -> list[Episode]:
    """Single measurements strictly above `high` (ВЗ) or `extreme` (ЭВЗ) times their ПДК м.р.,
    in time order; the thresholds default to the reference data's."""
    k = reference.kazhydromet
    high = check_value(k.high_multiple.value if high is None else high, "the ВЗ multiple")
    extreme = check_value(
        k.extreme_multiple.value if extreme is None else extreme, "the ЭВЗ multiple"
    )
    if extreme <= high:
        raise ValueError(f"the ЭВЗ multiple ({extreme}) must be above the ВЗ multiple ({high})")
    found = []
    for sample in _checked(samples, reference):
        mpc = reference.substances[sample.substance].max_single
        if mpc is None:
            continue
        multiple = to_significant(sample.value / mpc.value)
        if multiple > high:
            found.append(Episode(sample, multiple, multiple > extreme))
    return sorted(found, key=lambda e: (e.sample.at, e.sample.post, e.sample.substance))


# ------------------------------------------------------------------------------ US AQI


@dataclass(frozen=True)
class SubIndex:
    pollutant: str
    """The row of the table read: pm25_24h, o3_1h ..."""
    concentration: Decimal
    """Truncated, in the row's unit."""
    index: int
    beyond: bool = False
    """The concentration is above the table: the index is its top, and means "at least"."""


@dataclass(frozen=True)
class Aqi:
    table: str
    index: int | None
    category: str | None
    dominant: tuple[str, ...]
    """The pollutants whose sub-index is the AQI."""
    sub_indices: Mapping[str, SubIndex]
    """By pollutant: pm25, pm10, o3, co, so2, no2."""
    not_computed: Mapping[str, str]
    """By pollutant: why its value could not give a sub-index."""


@dataclass(frozen=True)
class AqiInputs:
    """Concentrations in the units of the US AQI table: PM ug/m3, O3 and CO ppm, SO2 and NO2
    ppb; each averaged as its name says. Leave out what was not measured."""

    pm25_24h: float | None = None
    pm10_24h: float | None = None
    o3_8h: float | None = None
    o3_1h: float | None = None
    co_8h: float | None = None
    so2_1h: float | None = None
    so2_24h: float | None = None
    no2_1h: float | None = None


def truncate(value: float, decimals: int) -> Decimal:
    """`value` cut (not rounded) to `decimals` places, from its decimal form at 12 significant
    digits, so that 0.07 stays 0.07 and a mean of 9.1 computed as 9.099999999999996 is 9.1, not
    9.0: the noise of floating point never moves a concentration down a step."""
    exact = Decimal(repr(to_significant(check_value(value))))
    return exact.quantize(Decimal(1).scaleb(-decimals), ROUND_DOWN)


def sub_index(row: AqiPollutant, value: float) -> SubIndex | None:
    """The sub-index of one concentration in one row of the table; None when it is below the
    row's first band (the 1-hour O3 row starts at 101)."""
    c = truncate(value, row.decimals)
    if c < row.bands[0].c_lo:
        return None
    for band in row.bands:
        if c <= band.c_hi:
            exact = Decimal(band.i_hi - band.i_lo) / (band.c_hi - band.c_lo) * (c - band.c_lo)
            index = (exact + band.i_lo).quantize(Decimal(1), ROUND_HALF_UP)
            return SubIndex(row.code, c, int(index))
    return SubIndex(row.code, c, row.bands[-1].i_hi, beyond=True)


def category(reference: Reference, index: int) -> str:
    for band in reference.us_aqi.categories:
        if index <= band.upper:
            return band.code
    return reference.us_aqi.categories[-1].code


def _top(row: AqiPollutant) -> Decimal:
    return row.bands[-1].c_hi


def us_aqi(inputs: AqiInputs, *, on: datetime.date, reference: Reference) -> Aqi:
    """The US AQI on `on` (which table applies) from the concentrations given.

    O3: the 8-hour row up to its top (300); the 1-hour row for values above 300. SO2: the
    1-hour row up to its top (200); above it the 24-hour row, and when the 24-hour mean is
    below that row, 200."""
    table = reference.us_aqi.table_on(on)
    rows = table.pollutants
    subs: dict[str, SubIndex] = {}
    missing: dict[str, str] = {}

    def read(pollutant: str, row: str, value: float) -> None:
        found = sub_index(rows[row], value)
        if found is not None:
            subs[pollutant] = found

    for pollutant, row in (
        ("pm25", "pm25_24h"),
        ("pm10", "pm10_24h"),
        ("co", "co_8h"),
        ("no2", "no2_1h"),
    ):
        value = getattr(inputs, row)
        if value is not None:
            read(pollutant, row, value)
    eight_top = rows["o3_8h"].bands[-1]
    one_hour = sub_index(rows["o3_1h"], inputs.o3_1h) if inputs.o3_1h is not None else None
    if inputs.o3_8h is not None and truncate(inputs.o3_8h, rows["o3_8h"].decimals) > eight_top.c_hi:
        if one_hour is None:
            missing["o3"] = "8-hour O3 is above its table: a 1-hour value in its table is needed"
        else:
            subs["o3"] = one_hour
    else:
        # Up to 300 the 8-hour value gives the index; 1-hour O3 gives the values above 300.
        candidates = [sub_index(rows["o3_8h"], inputs.o3_8h)] if inputs.o3_8h is not None else []
        if one_hour is not None and one_hour.index > eight_top.i_hi:
            candidates.append(one_hour)
        found = [c for c in candidates if c is not None]
        if found:
            subs["o3"] = max(found, key=lambda s: s.index)
        elif inputs.o3_1h is not None:
            missing["o3"] = "1-hour O3 gives the index only above 300; the 8-hour value is needed"
    if inputs.so2_1h is not None:
        if truncate(inputs.so2_1h, rows["so2_1h"].decimals) <= _top(rows["so2_1h"]):
            read("so2", "so2_1h", inputs.so2_1h)
        elif inputs.so2_24h is None:
            missing["so2"] = "1-hour SO2 is above its table: the 24-hour mean is needed"
        else:
            read("so2", "so2_24h", inputs.so2_24h)
            if "so2" not in subs:
                # The 24-hour row starts above 200, and the 1-hour row ends at 200.
                top = rows["so2_1h"].bands[-1]
                subs["so2"] = SubIndex("so2_1h", truncate(inputs.so2_1h, 0), top.i_hi)
    elif inputs.so2_24h is not None:
        check_value(inputs.so2_24h)
        missing["so2"] = "24-hour SO2 gives the index only above 200, with the 1-hour value"
    if not subs:
        return Aqi(table.code, None, None, (), subs, missing)
    index = max(s.index for s in subs.values())
    dominant = tuple(sorted(p for p, s in subs.items() if s.index == index))
    return Aqi(table.code, index, category(reference, index), dominant, subs, missing)


# ------------------------------------------------------------------------------ WHO


def who_exceedance_days(
    days: Iterable[DayMean], *, pollutant: str, reference: Reference
) -> list[DayMean]:
    """The days whose mean (ug/m3; complete days only, see `averaging.daily_means`) is strictly
    above the WHO 2021 24-hour guideline of `pollutant`."""
    guideline = reference.who.guidelines.get((pollutant, "24h"))
    if guideline is None:
        raise ValueError(f"{pollutant}: the WHO 2021 guidelines give no 24-hour value")
    return days_above(days, float(guideline.value))
