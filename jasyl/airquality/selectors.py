"""Reads of the air-quality app."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404

from jasyl.airquality.averaging import DAY_MIN_HOURS
from jasyl.airquality.models import IngestFile, IngestLine, Measurement

LOCAL = zoneinfo.ZoneInfo("Asia/Almaty")

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
        offset = int((moment.astimezone(LOCAL).utcoffset() or datetime.timedelta()).total_seconds())
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
    kept when at least `min_hours` hours have one. One query, grouped in the database."""
    since = datetime.datetime.combine(start, datetime.time(), LOCAL).astimezone(datetime.UTC)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time(), LOCAL
    ).astimezone(datetime.UTC)
    table = connection.ops.quote_name(Measurement._meta.db_table)
    where = ["observed_at >= %s", "observed_at < %s"]
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
        hour = "date_trunc('hour', observed_at)"
        day = "(date_trunc('day', hour AT TIME ZONE 'Asia/Almaty'))::date"
    else:
        # Times are stored as 'YYYY-MM-DD HH:MM:SS' in UTC: the hour is the first 13 characters.
        hour = "substr(observed_at, 1, 13) || ':00:00'"
        shifts = _offsets(since, until)
        day = (
            "CASE "
            + " ".join(
                f"WHEN hour >= '{moment:%Y-%m-%d %H}:00:00' THEN date(hour, '{hours:+d} hours')"
                for moment, hours in reversed(shifts)
            )
            + " END"
        )
    query = f"""
        SELECT station_id, parameter, {day} AS day, avg(value), count(*)
        FROM (
            SELECT station_id, parameter, {hour} AS hour, avg(value) AS value
            FROM {table} WHERE {" AND ".join(where)}
            GROUP BY station_id, parameter, {hour}
        ) hourly
        GROUP BY station_id, parameter, {day}
        HAVING count(*) >= %s
        ORDER BY station_id, parameter, day
    """
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, min_hours])
        return [
            DailyMean(
                station,
                parameter,
                day if isinstance(day, datetime.date) else datetime.date.fromisoformat(day),
                value,
                hours,
            )
            for station, parameter, day, value, hours in cursor.fetchall()
        ]
