"""The daily store: each station's daily values per parameter (`DailyValue`), its indices per
day (`DailyIndex`) and its year as the overview counts it (`YearTotals`), kept as measurements
are stored so that the pages read a year of a city's stations without computing it.

The values are the selectors' own (`selectors._day_rows`, `selectors.eight_hour_span`) and the
indices `summaries.day_indices`', computed for the days a file touched: `add_file` runs in the
ingest's transaction after the hourly summary (`hours.add_file`) has taken the file in, and
recomputes the local days between the first and the last measurement of the file for each
station and parameter (and the day before, for the 8-hour means whose windows reach into the
first day). `rebuild` computes the store of some stations again from their hourly summary (after
measurements were deleted, and for data written outside the ingest: `hours.rebuild` calls it);
`refresh_indices` recomputes the indices alone, after the reference data or the gas temperature
changed. `jasyl rebuild-air-days` runs either for a whole database.

Stations are taken a batch at a time, so that memory stays bounded whatever their number and
the length of their series.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min

from jasyl.domain.airquality import selectors, summaries
from jasyl.domain.airquality.averaging import DAY_MIN_HOURS
from jasyl.domain.airquality.models import (
    DailyIndex,
    DailyValue,
    HourlyMean,
    Measurement,
    YearTotals,
)
from jasyl.domain.airquality.reference import Reference

# Stations computed together: a batch's hourly means of O3 and CO for the span are held in
# memory at once (a year of 20 stations: about 350,000 hours).
BATCH_STATIONS = 20
WRITE_BATCH = 5_000
DAY = datetime.timedelta(days=1)

Span = tuple[datetime.date, datetime.date]
"""Local days from the first to the day before the second."""


def _settings(reference: Reference | None, temperature_c: float | None) -> tuple[Reference, float]:
    if reference is None:
        from jasyl.domain.airquality.versions import current_reference

        reference = current_reference()
    if temperature_c is None:
        temperature_c = float(settings.JASYL_AQ_GAS_TEMPERATURE_C)
    return reference, temperature_c


def _local_day(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(selectors.ZONE).date()


def add_file(
    file_id: int, *, reference: Reference | None = None, temperature_c: float | None = None
) -> None:
    """Recompute the stored days that one ingested file's measurements fall on."""
    rows = (
        Measurement.objects.filter(source_file_id=file_id)
        .values_list("station_id", "parameter")
        .order_by()
        .annotate(first=Min("observed_at"), last=Max("observed_at"))
    )
    spans: dict[Span, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for station, parameter, first, last in rows:
        start = _local_day(first)
        if parameter in summaries.EIGHT_HOUR:
            # A window starting the evening before reaches into the file's first hours.
            start -= DAY
        spans[(start, _local_day(last) + DAY)][station].add(parameter)
    reference, temperature_c = _settings(reference, temperature_c)
    for span, chosen in spans.items():
        for batch in _batches(sorted(chosen)):
            _store(
                {s: chosen[s] for s in batch},
                span,
                reference=reference,
                temperature_c=temperature_c,
            )


def _batches(station_ids: list[int]) -> Iterator[list[int]]:
    for at in range(0, len(station_ids), BATCH_STATIONS):
        yield station_ids[at : at + BATCH_STATIONS]


def rebuild(
    station_ids: Iterable[int],
    *,
    reference: Reference | None = None,
    temperature_c: float | None = None,
) -> int:
    """Compute the store of these stations again from their hourly summary; the daily values
    stored."""
    chosen = sorted(set(station_ids))
    reference, temperature_c = _settings(reference, temperature_c)
    stored = 0
    with transaction.atomic():
        DailyValue.objects.filter(station_id__in=chosen).delete()
        DailyIndex.objects.filter(station_id__in=chosen).delete()
        YearTotals.objects.filter(station_id__in=chosen).delete()
        for batch in _batches(chosen):
            span = HourlyMean.objects.filter(station_id__in=batch).aggregate(
                first=Min("hour"), last=Max("hour")
            )
            if span["first"] is None:
                continue
            parameters = set(
                HourlyMean.objects.filter(station_id__in=batch)
                .values_list("parameter", flat=True)
                .distinct()
            )
            # Year by year: the 8-hour means of a batch are held for one year at a time.
            first, last = _local_day(span["first"]), _local_day(span["last"])
            for year in range(first.year, last.year + 1):
                stored += _store(
                    {s: parameters for s in batch},
                    (datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)),
                    reference=reference,
                    temperature_c=temperature_c,
                    replace=False,
                )
    return stored


def _store(
    series: dict[int, set[str]],
    span: Span,
    *,
    reference: Reference,
    temperature_c: float,
    replace: bool = True,
) -> int:
    """Compute and store the daily values of `series` (station: parameters) on the days of
    `span`, then the indices of those stations on those days; the daily values stored."""
    first, until = span
    ids = sorted(series)
    codes = sorted(set().union(*series.values()))
    since = datetime.datetime.combine(first, datetime.time(), selectors.ZONE)
    end = datetime.datetime.combine(until, datetime.time(), selectors.ZONE)
    values: dict[tuple[int, str, datetime.date], DailyValue] = {}
    for station, parameter, day, mean, highest, hours in selectors._day_rows(
        since, end, stations=ids, parameters=codes, min_hours=1
    ):
        if parameter in series[station]:
            values[(station, parameter, day)] = DailyValue(
                station_id=station,
                parameter=parameter,
                day=day,
                mean=mean,
                highest_hour=highest,
                hours=hours,
            )
    eight = [c for c in codes if c in summaries.EIGHT_HOUR]
    if eight:
        for (station, parameter), days in selectors.eight_hour_span(
            ids, first, until, eight
        ).items():
            if parameter not in series[station]:
                continue
            for day, value in days.items():
                # A day with an 8-hour mean has hours of its own (13 windows of 6 hours out of
                # 8 cannot all lie in the next day), hence a row.
                values[(station, parameter, day)].eight_hour = value
    if replace:
        for station, parameters in series.items():
            DailyValue.objects.filter(
                station_id=station, parameter__in=parameters, day__gte=first, day__lt=until
            ).delete()
    DailyValue.objects.bulk_create(values.values(), batch_size=WRITE_BATCH)
    _store_indices(ids, span, reference=reference, temperature_c=temperature_c)
    return len(values)


def _store_indices(
    station_ids: list[int], span: Span, *, reference: Reference, temperature_c: float
) -> None:
    """Compute the indices of the stations' days in `span` from their stored daily values."""
    first, until = span
    stored = (
        DailyValue.objects.filter(station_id__in=station_ids, day__gte=first, day__lt=until)
        .order_by("station_id", "parameter", "day")
        .values_list(
            "station_id", "parameter", "day", "mean", "highest_hour", "hours", "eight_hour"
        )
    )
    days: dict[int, dict[str, list[summaries.Day]]] = defaultdict(lambda: defaultdict(list))
    eight: dict[int, dict[str, dict[datetime.date, float]]] = defaultdict(lambda: defaultdict(dict))
    for station, parameter, day, mean, highest, hours, eight_hour in stored.iterator(
        chunk_size=WRITE_BATCH
    ):
        if hours >= DAY_MIN_HOURS:
            days[station][parameter].append(summaries.Day(day, mean, highest, hours))
        if eight_hour is not None:
            eight[station][parameter][day] = eight_hour
    basis = summaries.basis(reference, temperature_c)
    rows = []
    for station in station_ids:
        for found in summaries.day_indices(
            days.get(station, {}), reference, temperature_c, eight.get(station, {})
        ):
            rows.append(index_row(station, found, basis))
    DailyIndex.objects.filter(station_id__in=station_ids, day__gte=first, day__lt=until).delete()
    DailyIndex.objects.bulk_create(rows, batch_size=WRITE_BATCH)
    for year in range(first.year, (until - DAY).year + 1):
        _store_totals(station_ids, year, reference=reference, basis=basis)


def _store_totals(station_ids: list[int], year: int, *, reference: Reference, basis: str) -> None:
    """Count the stations' year again from their stored indices (`YearTotals`): a row for
    each station with a daily value that year."""
    present = sorted(
        set(
            DailyValue.objects.filter(
                station_id__in=station_ids,
                day__gte=datetime.date(year, 1, 1),
                day__lt=datetime.date(year + 1, 1, 1),
            )
            .values_list("station_id", flat=True)
            .distinct()
        )
    )
    found = selectors.totals_from_indices(present, year, reference, basis)
    YearTotals.objects.filter(station_id__in=station_ids, year=year).delete()
    YearTotals.objects.bulk_create(
        YearTotals(
            station_id=pk,
            year=year,
            basis=basis,
            categories=dict(totals.categories),
            who=totals.who,
            complete=_codes(sorted(totals.parameters)),
            latest_pm25_day=totals.latest_pm25.day if totals.latest_pm25 else None,
            latest_pm25_mean=totals.latest_pm25.mean if totals.latest_pm25 else None,
            latest_pm25_highest=totals.latest_pm25.highest_hour if totals.latest_pm25 else None,
            latest_pm25_hours=totals.latest_pm25.hours if totals.latest_pm25 else None,
            latest_pm25_category=totals.latest_pm25_category or "",
        )
        for pk, totals in found.items()
    )


def _codes(codes: Iterable[str]) -> str:
    found = ",".join(codes)
    return f",{found}," if found else ""


def index_row(station: int, found: summaries.DayIndices, basis: str) -> DailyIndex:
    aqi = found.aqi
    return DailyIndex(
        station_id=station,
        day=found.day,
        basis=basis,
        aqi=aqi.index if aqi else None,
        category=(aqi.category or "") if aqi else "",
        dominant=",".join(aqi.dominant) if aqi else "",
        sub_indices={p: s.index for p, s in aqi.sub_indices.items()} if aqi else {},
        complete=_codes(found.complete),
        who_above=_codes(found.who_above),
        pm25_category=found.pm25_category or "",
    )


def refresh_indices(
    station_ids: Iterable[int] | None = None,
    *,
    reference: Reference | None = None,
    temperature_c: float | None = None,
) -> int:
    """Recompute the stored indices (of these stations; all when None) from the stored daily
    values, with the reference data and gas temperature in force; the station-days."""
    reference, temperature_c = _settings(reference, temperature_c)
    chosen = (
        sorted(set(station_ids))
        if station_ids is not None
        else sorted(set(DailyValue.objects.values_list("station_id", flat=True).distinct()))
    )
    with transaction.atomic():
        for batch in _batches(chosen):
            span = DailyValue.objects.filter(station_id__in=batch).aggregate(
                first=Min("day"), last=Max("day")
            )
            if span["first"] is None:
                continue
            for year in range(span["first"].year, span["last"].year + 1):
                _store_indices(
                    batch,
                    (datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)),
                    reference=reference,
                    temperature_c=temperature_c,
                )
    return DailyIndex.objects.filter(station_id__in=chosen).count()
