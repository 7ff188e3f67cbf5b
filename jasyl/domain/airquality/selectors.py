"""Reads of the air-quality app: the ingest log, and the stored measurements summed up by the
database (hourly and daily means, monthly tallies) for the pure `averaging` and `indices`.

The database sums and averages in binary floating point (SQLite's and PostgreSQL's `sum` and
`avg` alike), so every mean it returns is rounded to 12 significant digits
(`averaging.to_significant`) before it is used, and a comparison with a limit made in SQL
counts a value above the limit only when its rounded form is (`_strictly_above`): both
databases, and the pure functions on the same values, then give the same figures."""

from __future__ import annotations

import datetime
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Count, Max, Min, QuerySet
from django.http import Http404

from jasyl.domain.airquality import averaging, indices, summaries
from jasyl.domain.airquality.averaging import DAY_MIN_HOURS, SIGNIFICANT_DIGITS, to_significant
from jasyl.domain.airquality.models import (
    DailyIndex,
    DailyValue,
    HourlyMean,
    IngestFile,
    IngestLine,
    Measurement,
    Station,
    YearTotals,
)
from jasyl.domain.airquality.reference import MASS_UNITS_IN_MG, Reference

RECENT_FILES = 20


def recent_ingest_files() -> QuerySet[IngestFile]:
    """The latest files ingested or refused, with who sent them (one query)."""
    return IngestFile.objects.select_related("by")[:RECENT_FILES]


def ingest_file_with_lines(pk: int) -> tuple[IngestFile, list[IngestLine]]:
    """A logged file and the lines it did not store (two queries), or 404."""
    found = IngestFile.objects.select_related("by").filter(pk=pk).first()
    if found is None:
        raise Http404("No such ingested file")
    return found, list(found.lines.all())


# ------------------------------------------------------------------------------ measurements

ZONE = ZoneInfo("Asia/Almaty")


def stations(*, sample: bool = False) -> list[Station]:
    """The stations of the public pages (one query): the real ones, or with `sample` only the
    made-up demonstration ones, never both."""
    return list(Station.objects.filter(sample=sample).order_by("code"))


def station_by_code(code: str, *, sample: bool = False) -> Station:
    """One station of the public pages, or 404 (a sample station only with `sample`)."""
    found = Station.objects.filter(code=code, sample=sample).first()
    if found is None:
        raise Http404("No such station")
    return found


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of the local year and of the next one."""
    return (
        datetime.datetime(year, 1, 1, tzinfo=ZONE),
        datetime.datetime(year + 1, 1, 1, tzinfo=ZONE),
    )


def measured_years(station_ids: list[int]) -> list[int]:
    """The local years from the first to the last measurement of the stations (one query on
    the daily store's station years); empty when they have none."""
    if not station_ids:
        return []
    span = YearTotals.objects.filter(station_id__in=station_ids).aggregate(
        first=Min("year"), last=Max("year")
    )
    if span["first"] is None:
        return []
    return list(range(span["first"], span["last"] + 1))


@dataclass(frozen=True)
class DayValues:
    """One station's hourly means of one parameter on one local day, summed up."""

    station: int
    parameter: str
    day: datetime.date
    mean: float
    """The mean of the hourly means."""
    highest_hour: float
    """The highest hourly mean (the daily maximum 1-hour value)."""
    hours: int
    """How many hours have a mean."""


def _as_date(value: object) -> datetime.date:
    # SQLite returns the truncated date as text, PostgreSQL as a date.
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def day_values(station_ids: list[int], year: int) -> list[DayValues]:
    """Each station's days of `year` per parameter, every day with any value (one query):
    each local day's mean, highest and number of hourly means, from the daily store. The
    completeness rule is applied by `complete_days`, as `averaging.daily_means` does."""
    if not station_ids:
        return []
    return [
        DayValues(station, parameter, day, mean, highest, hours)
        for station, parameter, day, mean, highest, hours in _stored_days(
            stations=station_ids, first=datetime.date(year, 1, 1), until=_next_year(year)
        )
    ]


def _next_year(year: int) -> datetime.date:
    return datetime.date(year + 1, 1, 1)


def _stored_days(
    *,
    first: datetime.date,
    until: datetime.date,
    stations: Iterable[int] | None = None,
    parameters: Iterable[str] | None = None,
    min_hours: int = 1,
) -> Iterable[tuple[int, str, datetime.date, float, float, int]]:
    """The stored daily values from `first` to the day before `until`, by station, parameter
    and day."""
    found = DailyValue.objects.filter(day__gte=first, day__lt=until)
    if stations is not None:
        found = found.filter(station_id__in=list(stations))
    if parameters is not None:
        found = found.filter(parameter__in=list(parameters))
    if min_hours > 1:
        found = found.filter(hours__gte=min_hours)
    return found.order_by("station_id", "parameter", "day").values_list(
        "station_id", "parameter", "day", "mean", "highest_hour", "hours"
    )


def eight_hour_days(
    station_ids: list[int], year: int, parameters: Iterable[str] = summaries.EIGHT_HOUR
) -> dict[tuple[int, str], dict[datetime.date, float]]:
    """Each station's daily maximum 8-hour means of `year` for `parameters` (the US AQI's O3
    and CO), by `averaging`'s rules with each parameter's rule of `summaries.EIGHT_HOUR_RULES`
    (O3: the windows starting 07:00-23:00, 13 of 17), as the daily store holds them
    (`eight_hour_span` computes them; one query): the days that have one, by station and
    parameter."""
    if not station_ids:
        return {}
    rows = (
        DailyValue.objects.filter(
            station_id__in=station_ids,
            parameter__in=list(parameters),
            day__gte=datetime.date(year, 1, 1),
            day__lt=_next_year(year),
            eight_hour__isnull=False,
        )
        .order_by("station_id", "parameter", "day")
        .values_list("station_id", "parameter", "day", "eight_hour")
    )
    found: dict[tuple[int, str], dict[datetime.date, float]] = defaultdict(dict)
    for station, parameter, day, value in rows:
        if value is not None:  # filtered above
            found[(station, parameter)][day] = value
    return dict(found)


def eight_hour_span(
    station_ids: list[int],
    first: datetime.date,
    until: datetime.date,
    parameters: Iterable[str] = summaries.EIGHT_HOUR,
) -> dict[tuple[int, str], dict[datetime.date, float]]:
    """`eight_hour_days` for the local days from `first` to the day before `until`."""
    if not station_ids:
        return {}
    start = datetime.datetime.combine(first, datetime.time(), ZONE)
    end = datetime.datetime.combine(until, datetime.time(), ZONE)
    rows = (
        HourlyMean.objects.filter(
            station_id__in=station_ids,
            parameter__in=list(parameters),
            hour__gte=start,
            # The windows starting in the last day's last hours end in the next day.
            hour__lt=end + (averaging.WINDOW_HOURS - 1) * averaging.HOUR,
        )
        .order_by("station_id", "parameter", "hour")
        .values_list("station_id", "parameter", "hour", "total", "readings")
    )
    series: dict[tuple[int, str], list[averaging.HourMean]] = defaultdict(list)
    for station, parameter, hour, total, readings in rows.iterator(chunk_size=20_000):
        mean = to_significant(total / readings)
        series[(station, parameter)].append(averaging.HourMean(hour, mean, readings))
    found = {}
    for key, hour_means in series.items():
        rule = summaries.EIGHT_HOUR_RULES.get(key[1], averaging.WHOLE_DAY)
        best = averaging.daily_max_window(
            averaging.rolling_means(hour_means),
            zone=ZONE,
            min_windows=rule.min_windows,
            first_hour=rule.first_hour,
        )
        found[key] = {day: window.value for day, window in best.items() if first <= day < until}
    return found


def complete_days(
    values: list[DayValues], *, min_hours: int = averaging.DAY_MIN_HOURS
) -> dict[tuple[int, str], list[DayValues]]:
    """The days with enough hourly means (`averaging.daily_means`' rule), by station and
    parameter, in date order."""
    found: dict[tuple[int, str], list[DayValues]] = defaultdict(list)
    for value in values:
        if value.hours >= min_hours:
            found[(value.station, value.parameter)].append(value)
    return found


def _stored_threshold(code: str, mg: float, reference: Reference) -> float:
    """A limit in mg/m3 in the unit `code` is stored in (rounded off the float noise)."""
    unit = reference.parameters[code].unit
    return to_significant(mg * MASS_UNITS_IN_MG["mg/m3"] / MASS_UNITS_IN_MG[unit])


def _strictly_above(limit: float) -> float:
    """The bound a value computed in SQL must exceed to be above `limit` once rounded to 12
    significant digits: the limit and half a unit of its 12th digit, so that a mean of values
    on the limit, noisy in its 16th digit, is not counted above it."""
    if limit <= 0:
        return limit
    half = 0.5 * 10.0 ** (math.floor(math.log10(limit)) - (SIGNIFICANT_DIGITS - 1))
    return limit + half


def _above(reference: Reference, multiple: float = 1.0) -> tuple[str, list[Any]]:
    """SQL true for a single value strictly above `multiple` x its parameter's ПДК м.р., in
    the stored units, with its parameters."""
    conditions, params = [], []
    for code in reference.parameters:
        mpc = reference.substances[code].max_single
        if mpc is not None:
            conditions.append("(parameter = %s AND value > %s)")
            limit = _stored_threshold(code, mpc.value * multiple, reference)
            params += [code, _strictly_above(limit)]
    return " OR ".join(conditions) or "1 = 0", params


def _single_values(
    station_ids: list[int], year: int, parameters: Iterable[str]
) -> tuple[str, list[Any]]:
    """A subquery of the single values of `year`, as Kazhydromet's single measurements are: the
    mean of each 20-minute period (:00, :20, :40) per station and parameter, with its start
    (`averaging.period_means`). Hourly data keep their values; 10-minute data are paired."""
    start, end = year_bounds(year)
    table = connection.ops.quote_name(Measurement._meta.db_table)
    if connection.vendor == "postgresql":
        period = "date_bin('20 minutes', observed_at, TIMESTAMPTZ '2000-01-01 00:00:00+00')"
    else:
        # 'YYYY-MM-DD HH:MM:SS' in UTC: the minutes rounded down to 0, 20 or 40.
        period = (
            "substr(observed_at, 1, 14) || "
            "printf('%%02d', CAST(substr(observed_at, 15, 2) AS INTEGER) / 20 * 20) || ':00'"
        )
    codes = list(parameters)
    adapt = connection.ops.adapt_datetimefield_value
    sql = (
        f"SELECT station_id, parameter, {period} AS period, avg(value) AS value FROM {table} "
        f"WHERE station_id IN ({', '.join(['%s'] * len(station_ids))}) "
        f"AND parameter IN ({', '.join(['%s'] * len(codes)) or 'NULL'}) "
        "AND observed_at >= %s AND observed_at < %s "
        f"GROUP BY station_id, parameter, {period}"
    )
    return sql, [*station_ids, *codes, adapt(start), adapt(end)]


def _local(column: str, year: int, postgresql: str, sqlite: str) -> str:
    """An SQL expression of `column`'s local (Almaty) time in `year`: `postgresql` formats
    `{}` (the column AT TIME ZONE 'Asia/Almaty'); on SQLite, which has no time zones,
    `sqlite` formats `{}` (the column) and `{shift}` (the modifier of Almaty's offset then)."""
    if connection.vendor == "postgresql":
        return postgresql.format(f"({column} AT TIME ZONE 'Asia/Almaty')")
    start, end = year_bounds(year)
    return (
        "CASE "
        + " ".join(
            f"WHEN {column} >= '{moment:%Y-%m-%d %H}:00:00' THEN "
            + sqlite.format(column, shift=f"'{shift:+d} hours'")
            for moment, shift in reversed(
                _offsets(start.astimezone(datetime.UTC), end.astimezone(datetime.UTC))
            )
        )
        + " END"
    )


@dataclass(frozen=True)
class MonthTally:
    month: int
    tally: indices.Tally


def month_tallies(station_ids: list[int], year: int, reference: Reference) -> list[MonthTally]:
    """Per local month, station and parameter of `year`: the number of single values (20-minute
    means), their sum, the highest and how many are above the ПДК м.р., in mg/m3 (one query)."""
    if not station_ids:
        return []
    singles, params = _single_values(station_ids, year, reference.parameters)
    above, above_params = _above(reference)
    month = _local(
        "period", year, "CAST(extract(month FROM {}) AS integer)", "strftime('%%m', {}, {shift})"
    )
    sql = (
        f"SELECT {month} AS month, station_id, parameter, count(*), sum(value), max(value), "
        f"sum(CASE WHEN {above} THEN 1 ELSE 0 END) FROM ({singles}) s "
        "GROUP BY month, station_id, parameter ORDER BY month, station_id, parameter"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*above_params, *params])
        rows = cursor.fetchall()
    found = []
    for month_number, station, parameter, n, total, highest, count_above in rows:
        to_mg = MASS_UNITS_IN_MG[reference.parameters[parameter].unit]
        tally = indices.Tally(
            post=str(station),
            substance=parameter,
            measurements=int(n),
            total=to_significant(float(total) * to_mg),
            highest=to_significant(float(highest) * to_mg),
            above=int(count_above),
        )
        found.append(MonthTally(int(month_number), tally))
    return found


def episode_samples(station_id: int, year: int, reference: Reference) -> list[indices.Sample]:
    """The station's single values (20-minute means) of `year` above the ВЗ multiple of their
    ПДК м.р., in mg/m3 (one query); `indices.episodes` grades them."""
    singles, params = _single_values([station_id], year, reference.parameters)
    above, above_params = _above(reference, float(reference.kazhydromet.high_multiple.value))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT parameter, period, value FROM ({singles}) s WHERE {above} "
            "ORDER BY period, parameter",
            [*params, *above_params],
        )
        rows = cursor.fetchall()
    return [
        indices.Sample(
            str(station_id),
            parameter,
            _as_utc(period),
            to_significant(value * MASS_UNITS_IN_MG[reference.parameters[parameter].unit]),
        )
        for parameter, period, value in rows
    ]


def _as_utc(value: object) -> datetime.datetime:
    # SQLite returns the period as its text in UTC, PostgreSQL as an aware datetime.
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(str(value)).replace(tzinfo=datetime.UTC)


def has_sample_stations() -> bool:
    """Whether demonstration stations exist, to offer them (one query)."""
    return Station.objects.filter(sample=True).exists()


def data_stamp() -> str:
    """Changes whenever measurements are stored: the latest file done and how many are (one
    query). A file running is left out: it may take minutes, and what it stores shows only
    when it is done."""
    found = IngestFile.objects.filter(status=IngestFile.Status.DONE).aggregate(
        last=Max("pk"), count=Count("pk")
    )
    return f"{found['last'] or 0}.{found['count']}"


# ------------------------------------------------------------------------------ the pages


def _days_by_station(
    values: list[DayValues],
) -> dict[int, dict[str, list[summaries.Day]]]:
    found: dict[int, dict[str, list[summaries.Day]]] = defaultdict(dict)
    for (station, parameter), days in complete_days(values).items():
        found[station][parameter] = [
            summaries.Day(d.day, d.mean, d.highest_hour, d.hours) for d in days
        ]
    return found


def _eight_hour_by_station(
    station_ids: list[int], year: int
) -> dict[int, dict[str, dict[datetime.date, float]]]:
    found: dict[int, dict[str, dict[datetime.date, float]]] = defaultdict(dict)
    for (station, parameter), days in eight_hour_days(station_ids, year).items():
        found[station][parameter] = days
    return found


def station_years(
    station_ids: list[int], year: int, reference: Reference, temperature_c: float
) -> dict[int, summaries.StationYear]:
    """Each station's year: its complete days and their daily indices (two queries on the
    daily store; the indices computed as `summaries.station_year` computes them)."""
    days = _days_by_station(day_values(station_ids, year))
    eight = _eight_hour_by_station(station_ids, year)
    return {
        pk: summaries.station_year(days.get(pk, {}), reference, temperature_c, eight.get(pk, {}))
        for pk in station_ids
    }


@dataclass(frozen=True)
class StationRow:
    station: Station
    year: summaries.StationTotals


@dataclass(frozen=True)
class Overview:
    """The air-quality overview of a year (seven queries, whatever the number of stations and
    measurements): each station's totals, and the city's level from the official stations."""

    sample: bool
    years: list[int]
    year: int | None
    rows: list[StationRow]
    parameters: list[str]
    """The parameters with a complete day at any station, in the reference's order."""
    official: list[Station]
    city_months: list[summaries.CityLevel]
    city_year: summaries.CityLevel | None


def station_totals(
    station_ids: list[int], year: int, reference: Reference, temperature_c: float
) -> dict[int, summaries.StationTotals]:
    """Each station's totals of `year` as the daily store keeps them (`YearTotals`, one
    query); a station whose totals were counted under another basis (reference data or gas
    temperature since changed) is computed from its daily values instead."""
    if not station_ids:
        return {}
    basis = summaries.basis(reference, temperature_c)
    found: dict[int, summaries.StationTotals] = {}
    stale = []
    for row in YearTotals.objects.filter(station_id__in=station_ids, year=year):
        if row.basis != basis:
            stale.append(row.station_id)
            continue
        latest = None
        # The four columns are written together (`daily._store_totals`).
        if (
            row.latest_pm25_day is not None
            and row.latest_pm25_mean is not None
            and row.latest_pm25_highest is not None
            and row.latest_pm25_hours is not None
        ):
            latest = summaries.Day(
                row.latest_pm25_day,
                row.latest_pm25_mean,
                row.latest_pm25_highest,
                row.latest_pm25_hours,
            )
        found[row.station_id] = summaries.StationTotals(
            categories=Counter(row.categories),
            aqi_days=sum(row.categories.values()),
            who=dict(row.who),
            latest_pm25=latest,
            latest_pm25_category=row.latest_pm25_category or None,
            parameters=frozenset(c for c in row.complete.split(",") if c),
        )
    if stale:
        for pk, station_year in station_years(stale, year, reference, temperature_c).items():
            found[pk] = summaries.totals_of(station_year)
    return found


def totals_from_indices(
    station_ids: list[int], year: int, reference: Reference, basis: str
) -> dict[int, summaries.StationTotals]:
    """Each station's totals of `year` counted from its stored daily indices of `basis` (two
    queries, counted in the database): what `YearTotals` keeps. Stations without an index
    that year get empty totals."""
    if not station_ids:
        return {}
    who_codes = [code for code in reference.parameters if (code, "24h") in reference.who.guidelines]
    table = connection.ops.quote_name(DailyIndex._meta.db_table)
    marks = ", ".join(["%s"] * len(station_ids))
    who = "".join(", sum(CASE WHEN who_above LIKE %s THEN 1 ELSE 0 END)" for _code in who_codes)
    first, until = datetime.date(year, 1, 1), _next_year(year)
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT station_id, category, complete, count(*){who} FROM {table} "
            f"WHERE station_id IN ({marks}) AND day >= %s AND day < %s AND basis = %s "
            "GROUP BY station_id, category, complete",
            [
                *(f"%,{code},%" for code in who_codes),
                *station_ids,
                adapt(first),
                adapt(until),
                basis,
            ],
        )
        grouped = cursor.fetchall()
    categories: dict[int, Counter[str]] = defaultdict(Counter)
    counted: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(who_codes, 0))
    complete: dict[int, set[str]] = defaultdict(set)
    for station, category, codes, days, *above in grouped:
        if category:
            categories[station][category] += days
        for code, n in zip(who_codes, above, strict=True):
            counted[station][code] += int(n)
        complete[station].update(c for c in codes.split(",") if c)
    latest = _latest_pm25(station_ids, first, until, basis)
    found = {}
    for pk in station_ids:
        day, category = latest.get(pk, (None, None))
        found[pk] = summaries.StationTotals(
            categories=categories[pk],
            aqi_days=sum(categories[pk].values()),
            who={code: n for code, n in counted[pk].items() if code in complete[pk]},
            latest_pm25=day,
            latest_pm25_category=category,
            parameters=frozenset(complete[pk]),
        )
    return found


def _latest_pm25(
    station_ids: list[int], first: datetime.date, until: datetime.date, basis: str
) -> dict[int, tuple[summaries.Day, str | None]]:
    """Each station's latest complete day of PM2.5 in the span, with its stored category of
    PM2.5 alone (one query)."""
    if not station_ids:
        return {}
    values = connection.ops.quote_name(DailyValue._meta.db_table)
    stored = connection.ops.quote_name(DailyIndex._meta.db_table)
    marks = ", ".join(["%s"] * len(station_ids))
    adapt = connection.ops.adapt_datefield_value
    complete = "parameter = 'pm25' AND hours >= %s AND day >= %s AND day < %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v.station_id, v.day, v.mean, v.highest_hour, v.hours, i.pm25_category "
            f"FROM {values} v JOIN (SELECT station_id, max(day) AS day FROM {values} "
            f"WHERE station_id IN ({marks}) AND {complete} GROUP BY station_id) m "
            "ON m.station_id = v.station_id AND m.day = v.day "
            f"LEFT JOIN {stored} i ON i.station_id = v.station_id AND i.day = v.day "
            "AND i.basis = %s WHERE v.parameter = 'pm25'",
            [*station_ids, DAY_MIN_HOURS, adapt(first), adapt(until), basis],
        )
        rows = cursor.fetchall()
    return {
        int(station): (
            summaries.Day(_as_date(day), float(mean), float(highest), int(hours)),
            category or None,
        )
        for station, day, mean, highest, hours, category in rows
    }


def overview(
    *, sample: bool, year: int | None, reference: Reference, temperature_c: float
) -> Overview:
    """The overview of `year` (the last year with measurements when None); 404 for a year
    outside the measured ones."""
    found = stations(sample=sample)
    ids = [s.pk for s in found]
    years = measured_years(ids)
    if year is not None and year not in years:
        raise Http404("No measurements in that year")
    if year is None and years:
        year = years[-1]
    totals = station_totals(ids, year, reference, temperature_c) if year else {}
    official = [s for s in found if s.official]
    tallies = month_tallies([s.pk for s in official], year, reference) if year and official else []
    months, whole = summaries.city_levels(((t.month, t.tally) for t in tallies), reference)
    measured = {p for station_totals in totals.values() for p in station_totals.parameters}
    empty = summaries.totals_of(summaries.station_year({}, reference, temperature_c))
    return Overview(
        sample=sample,
        years=years,
        year=year,
        rows=[StationRow(s, totals.get(s.pk) or empty) for s in found],
        parameters=[p for p in reference.parameters if p in measured],
        official=official,
        city_months=months,
        city_year=whole,
    )


@dataclass(frozen=True)
class StationDetail:
    """One station's year (five queries)."""

    station: Station
    years: list[int]
    year: int | None
    summary: summaries.StationYear | None
    parameters: list[summaries.ParameterYear]
    episodes: list[indices.Episode]


def station_detail(
    code: str, *, sample: bool, year: int | None, reference: Reference, temperature_c: float
) -> StationDetail:
    station = station_by_code(code, sample=sample)
    years = measured_years([station.pk])
    if year is not None and year not in years:
        raise Http404("No measurements in that year")
    if year is None and years:
        year = years[-1]
    if year is None:
        return StationDetail(station, years, None, None, [], [])
    summary = station_years([station.pk], year, reference, temperature_c)[station.pk]
    days = summary.days
    return StationDetail(
        station=station,
        years=years,
        year=year,
        summary=summary,
        parameters=[
            summaries.parameter_year(code, days[code], reference)
            for code in reference.parameters
            if code in days
        ],
        episodes=indices.episodes(episode_samples(station.pk, year, reference), reference),
    )


@dataclass(frozen=True)
class DailyMean:
    """The mean of a station's parameter over a local day, from its hourly means."""

    station_id: int
    parameter: str
    day: datetime.date
    value: float
    hours: int


def _offsets(
    start: datetime.datetime, end: datetime.datetime
) -> list[tuple[datetime.datetime, int]]:
    """Almaty's UTC offset in hours from each of its changes between start and end (the first
    entry from start): SQLite has no time zones, so the local day is computed with them."""
    found: list[tuple[datetime.datetime, int]] = []
    moment = start
    while moment < end:
        offset = int((moment.astimezone(ZONE).utcoffset() or datetime.timedelta()).total_seconds())
        if not found or found[-1][1] != offset // 3600:
            found.append((moment, offset // 3600))
        moment += datetime.timedelta(hours=1)
    return found


def daily_means(
    *,
    start: datetime.date,
    end: datetime.date,
    stations: Iterable[int] | None = None,
    parameters: Iterable[str] | None = None,
    min_hours: int = DAY_MIN_HOURS,
) -> list[DailyMean]:
    """Daily means per station, parameter and local (Almaty) day from `start` to `end`
    inclusive, as `averaging.daily_means` defines them: the mean of the day's hourly means,
    kept when at least `min_hours` hours have one. One query, from the daily store."""
    return [
        DailyMean(station, parameter, day, mean, hours)
        for station, parameter, day, mean, _highest, hours in _stored_days(
            first=start,
            until=end + datetime.timedelta(days=1),
            stations=stations,
            parameters=parameters,
            min_hours=min_hours,
        )
    ]


def _day_rows(
    since: datetime.datetime,
    until: datetime.datetime,
    *,
    stations: Iterable[int] | None,
    parameters: Iterable[str] | None,
    min_hours: int,
) -> list[tuple[int, str, datetime.date, float, float, int]]:
    """From the hourly summary between two instants (local midnights): per station,
    parameter and local day, the mean and highest of the hourly means and their number, for
    the days with at least `min_hours` of them (one query, in SQL on both databases: SQLite's
    own date functions, not Python's, so that a year of 100 stations stays fast)."""
    since, until = since.astimezone(datetime.UTC), until.astimezone(datetime.UTC)
    table = connection.ops.quote_name(HourlyMean._meta.db_table)
    where = ["hour >= %s", "hour < %s"]
    adapt = connection.ops.adapt_datetimefield_value
    params: list[Any] = [adapt(since), adapt(until)]
    if stations is not None:
        chosen = list(stations)
        where.append(f"station_id IN ({', '.join(['%s'] * len(chosen)) or 'NULL'})")
        params += chosen
    if parameters is not None:
        codes = list(parameters)
        where.append(f"parameter IN ({', '.join(['%s'] * len(codes)) or 'NULL'})")
        params += codes
    if connection.vendor == "postgresql":
        day = "(date_trunc('day', hour AT TIME ZONE 'Asia/Almaty'))::date"
    else:
        # Hours are stored as 'YYYY-MM-DD HH:00:00' in UTC (`hours.hour_sql`).
        day = (
            "CASE "
            + " ".join(
                f"WHEN hour >= '{moment:%Y-%m-%d %H}:00:00' THEN date(hour, '{shift:+d} hours')"
                for moment, shift in reversed(_offsets(since, until))
            )
            + " END"
        )
    mean = "total / readings"
    query = f"""
        SELECT station_id, parameter, {day} AS day, avg({mean}), max({mean}), count(*)
        FROM {table} WHERE {" AND ".join(where)}
        GROUP BY station_id, parameter, {day}
        HAVING count(*) >= %s
        ORDER BY station_id, parameter, day
    """
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, min_hours])
        return [
            (
                int(station),
                str(parameter),
                _as_date(day),
                to_significant(float(value)),
                to_significant(float(top)),
                int(hours),
            )
            for station, parameter, day, value, top, hours in cursor.fetchall()
        ]
