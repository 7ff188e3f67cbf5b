"""What the air-quality pages show, from the daily values and monthly tallies the selectors
read: complete daily means, the US AQI of each day, WHO exceedance days, days above the ПДК,
monthly means, and the city's level by Kazhydromet's method. Pure: no Django, no database;
every rule and formula is `averaging`'s or `indices`'.

Values are in each parameter's stored unit (`measurements.yaml`: ug/m3, CO in mg/m3) unless a
name says otherwise.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from jasyl.domain.airquality import averaging, indices
from jasyl.domain.airquality.averaging import DayMean, to_significant
from jasyl.domain.airquality.reference import MASS_UNITS_IN_MG, Reference, Status

# The pollutants of the daily US AQI: PM as 24-hour means, NO2 and SO2 as the day's highest
# hourly mean (SO2 also its 24-hour mean), O3 and CO as the daily maximum 8-hour mean (O3 also
# its highest hourly mean, for values above the 8-hour table).
AQI_POLLUTANTS = ("pm25", "pm10", "no2", "so2", "o3", "co")
# Which 8-hour windows make each one's daily maximum: O3 EPA's (40 CFR Part 50 Appendix U, the
# windows starting 07:00-23:00, 13 of 17), CO every window starting in the day (18 of 24).
EIGHT_HOUR_RULES = {"o3": averaging.OZONE_DAY, "co": averaging.WHOLE_DAY}
EIGHT_HOUR = tuple(EIGHT_HOUR_RULES)


@dataclass(frozen=True)
class Day:
    """One complete local day of one parameter at one station."""

    day: datetime.date
    mean: float
    highest_hour: float
    hours: int


@dataclass(frozen=True)
class Limit:
    """A limit drawn and counted against, in the parameter's stored unit, with its status."""

    kind: str
    """"mpc" (ПДК с.с.) or "who" (the WHO 2021 24-hour guideline)."""
    value: float
    source: str
    status: Status


def in_unit(value: float, unit: str, to: str) -> float:
    return to_significant(value * MASS_UNITS_IN_MG[unit] / MASS_UNITS_IN_MG[to])


def daily_limits(code: str, reference: Reference) -> list[Limit]:
    """The ПДК с.с. and the WHO 24-hour guideline of a parameter, those that exist."""
    unit = reference.parameters[code].unit
    found = []
    mpc = reference.substances[code].daily_mean
    if mpc is not None:
        found.append(Limit("mpc", in_unit(mpc.value, "mg/m3", unit), mpc.source, mpc.status))
    who = reference.who.guidelines.get((code, "24h"))
    if who is not None:
        found.append(Limit("who", in_unit(who.value, "ug/m3", unit), who.source, who.status))
    return found


def day_means(days: Iterable[Day]) -> list[DayMean]:
    return [DayMean(d.day, d.mean, d.hours) for d in days]


@dataclass(frozen=True)
class DayAqi:
    day: datetime.date
    aqi: indices.Aqi


def daily_aqi(
    days: Mapping[str, list[Day]],
    reference: Reference,
    temperature_c: float,
    eight_hour: Mapping[str, Mapping[datetime.date, float]] | None = None,
) -> list[DayAqi]:
    """The US AQI of each day with a complete day of any of `AQI_POLLUTANTS`, or a daily
    maximum 8-hour mean (`eight_hour`, per parameter of `EIGHT_HOUR`), by the table in force
    that day; gases converted to ppb or ppm at `temperature_c`, as they were stored."""

    def gas(code: str, value: float, to: str) -> float:
        return indices.convert(
            value,
            substance=code,
            unit=reference.parameters[code].unit,
            to=to,
            reference=reference,
            temperature_c=temperature_c,
        )

    by_day: dict[datetime.date, dict[str, float]] = defaultdict(dict)
    for d in days.get("pm25", []):
        by_day[d.day]["pm25_24h"] = d.mean
    for d in days.get("pm10", []):
        by_day[d.day]["pm10_24h"] = d.mean
    for d in days.get("no2", []):
        by_day[d.day]["no2_1h"] = gas("no2", d.highest_hour, "ppb")
    for d in days.get("so2", []):
        by_day[d.day]["so2_1h"] = gas("so2", d.highest_hour, "ppb")
        by_day[d.day]["so2_24h"] = gas("so2", d.mean, "ppb")
    eight = eight_hour or {}
    for day, value in eight.get("o3", {}).items():
        by_day[day]["o3_8h"] = gas("o3", value, "ppm")
    for d in days.get("o3", []):
        by_day[d.day]["o3_1h"] = gas("o3", d.highest_hour, "ppm")
    for day, value in eight.get("co", {}).items():
        by_day[day]["co_8h"] = gas("co", value, "ppm")
    found = []
    for day, inputs in sorted(by_day.items()):
        aqi = indices.us_aqi(indices.AqiInputs(**inputs), on=day, reference=reference)
        if aqi.index is not None:
            found.append(DayAqi(day, aqi))
    return found


def who_exceedances(
    days: Mapping[str, list[Day]], reference: Reference
) -> dict[str, list[datetime.date]]:
    """Per parameter with a WHO 24-hour guideline: the complete days strictly above it."""
    found = {}
    for code, series in sorted(days.items()):
        if (code, "24h") not in reference.who.guidelines:
            continue
        unit = reference.parameters[code].unit
        in_ug = [DayMean(d.day, in_unit(d.mean, unit, "ug/m3"), d.hours) for d in series]
        above = indices.who_exceedance_days(in_ug, pollutant=code, reference=reference)
        found[code] = [d.day for d in above]
    return found


def who_days(days: Mapping[str, list[Day]], reference: Reference) -> dict[str, int]:
    """Per parameter with a WHO 24-hour guideline: how many complete days are above it."""
    return {code: len(above) for code, above in who_exceedances(days, reference).items()}


def pm25_category(day: Day, reference: Reference) -> str | None:
    """The US AQI category of a complete day's PM2.5 mean alone."""
    return indices.us_aqi(
        indices.AqiInputs(pm25_24h=day.mean), on=day.day, reference=reference
    ).category


_BASES: dict[int, tuple[Reference, str]] = {}


def basis(reference: Reference, temperature_c: float) -> str:
    """What stored indices were computed with: a fingerprint of the whole reference data in
    force (every file, shipped or uploaded) and the gas temperature. Indices stored with
    another basis are out of date."""
    found = _BASES.get(id(reference))
    if found is None or found[0] is not reference:
        digest = hashlib.sha256(repr(reference).encode()).hexdigest()[:32]
        found = (reference, digest)
        _BASES[id(reference)] = found
    return f"{found[1]}:{float(temperature_c)!r}"


@dataclass(frozen=True)
class DayIndices:
    """One station's indices of one day (stored per station and day by `daily`)."""

    day: datetime.date
    aqi: indices.Aqi | None
    """None when no pollutant gives the day an index."""
    complete: tuple[str, ...]
    """The parameters with a complete day."""
    who_above: tuple[str, ...]
    pm25_category: str | None


def day_indices(
    days: Mapping[str, list[Day]],
    reference: Reference,
    temperature_c: float,
    eight_hour: Mapping[str, Mapping[datetime.date, float]] | None = None,
) -> list[DayIndices]:
    """Each day with a complete day of any parameter or a daily maximum 8-hour mean: its US
    AQI (`daily_aqi`), WHO exceedances (`who_exceedances`) and PM2.5 category, in date order.
    The same functions `station_year` computes a year with, day by day."""
    aqi = {d.day: d.aqi for d in daily_aqi(days, reference, temperature_c, eight_hour)}
    above: dict[datetime.date, list[str]] = defaultdict(list)
    for code, found in who_exceedances(days, reference).items():
        for day in found:
            above[day].append(code)
    complete: dict[datetime.date, list[str]] = defaultdict(list)
    for code, series in sorted(days.items()):
        for d in series:
            complete[d.day].append(code)
    pm25 = {d.day: pm25_category(d, reference) for d in days.get("pm25", [])}
    every = set(complete) | {day for found in (eight_hour or {}).values() for day in found}
    return [
        DayIndices(
            day,
            aqi.get(day),
            tuple(complete.get(day, ())),
            tuple(above.get(day, ())),
            pm25.get(day),
        )
        for day in sorted(every)
    ]


@dataclass
class StationYear:
    """One station's year on the overview and its own page."""

    days: dict[str, list[Day]]
    aqi: list[DayAqi]
    categories: Counter[str] = field(default_factory=Counter)
    who: dict[str, int] = field(default_factory=dict)
    latest_pm25: Day | None = None
    latest_pm25_category: str | None = None


def station_year(
    days: Mapping[str, list[Day]],
    reference: Reference,
    temperature_c: float,
    eight_hour: Mapping[str, Mapping[datetime.date, float]] | None = None,
) -> StationYear:
    aqi = daily_aqi(days, reference, temperature_c, eight_hour)
    result = StationYear(
        days=dict(days),
        aqi=aqi,
        categories=Counter(d.aqi.category for d in aqi if d.aqi.category),
        who=who_days(days, reference),
    )
    pm25 = days.get("pm25", [])
    if pm25:
        latest = pm25[-1]
        result.latest_pm25 = latest
        result.latest_pm25_category = pm25_category(latest, reference)
    return result


@dataclass(frozen=True)
class StationTotals:
    """What the overview shows of one station's year: its days by US AQI category, how many
    days have an index, its WHO exceedance days per parameter (those with a complete day) and
    its latest complete day of PM2.5 with that day's category."""

    categories: Counter[str]
    aqi_days: int
    who: dict[str, int]
    latest_pm25: Day | None
    latest_pm25_category: str | None
    parameters: frozenset[str]
    """The parameters with a complete day."""


def totals_of(year: StationYear) -> StationTotals:
    return StationTotals(
        categories=year.categories,
        aqi_days=len(year.aqi),
        who=year.who,
        latest_pm25=year.latest_pm25,
        latest_pm25_category=year.latest_pm25_category,
        parameters=frozenset(code for code, days in year.days.items() if days),
    )


@dataclass(frozen=True)
class ParameterYear:
    """One parameter at one station over a year (the station's page)."""

    code: str
    unit: str
    days: list[Day]
    months: list[averaging.MonthMean]
    limits: list[Limit]
    above_mpc: int | None
    """Complete days above the ПДК с.с.; None without one."""
    above_who: int | None


def parameter_year(code: str, days: list[Day], reference: Reference) -> ParameterYear:
    means = day_means(days)
    limits = {limit.kind: limit for limit in daily_limits(code, reference)}
    return ParameterYear(
        code=code,
        unit=reference.parameters[code].unit,
        days=days,
        months=averaging.monthly_means(means),
        limits=list(limits.values()),
        above_mpc=len(averaging.days_above(means, limits["mpc"].value))
        if "mpc" in limits
        else None,
        above_who=len(averaging.days_above(means, limits["who"].value))
        if "who" in limits
        else None,
    )


@dataclass(frozen=True)
class CityLevel:
    """The city's level for a month (1-12) or the year (`month` None)."""

    month: int | None
    assessment: indices.Assessment


def city_levels(
    tallies: Iterable[tuple[int, indices.Tally]], reference: Reference
) -> tuple[list[CityLevel], CityLevel | None]:
    """Kazhydromet's СИ, НП, ИЗА5 and level of the city for each month with measurements and
    for the year, from the (month, tally) pairs of the official stations."""
    by_month: dict[int, list[indices.Tally]] = defaultdict(list)
    for month, tally in tallies:
        by_month[month].append(tally)
    if not by_month:
        return [], None
    months = [
        CityLevel(month, indices.assess_city_tallies(found, reference))
        for month, found in sorted(by_month.items())
    ]
    # The year: each post's tallies of every month merged, so that ИЗА5 takes annual means.
    merged: dict[tuple[str, str], indices.Tally] = {}
    for found in by_month.values():
        for t in found:
            key = (t.post, t.substance)
            if key in merged:
                m = merged[key]
                t = indices.Tally(
                    t.post,
                    t.substance,
                    m.measurements + t.measurements,
                    m.total + t.total,
                    max(m.highest, t.highest),
                    m.above + t.above,
                )
            merged[key] = t
    return months, CityLevel(None, indices.assess_city_tallies(merged.values(), reference))
