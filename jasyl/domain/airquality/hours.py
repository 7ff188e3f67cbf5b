"""The hourly summary of the stored measurements (`HourlyMean`): per station, parameter and UTC
clock hour, the number of measurements, their sum and the highest.

Measurements are only ever added, a file at a time, so the summary grows with them: `add_file`
merges one ingested file's measurements into it, inside the ingest's transaction; `rebuild`
computes it again from the measurements of some stations (after measurements were deleted,
and for data written outside the ingest). Both are one SQL statement each on either database,
and each keeps the daily store (`daily`) right after it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from jasyl.domain.airquality import daily
from jasyl.domain.airquality.models import HourlyMean, Measurement
from jasyl.domain.airquality.reference import Reference

COLUMNS = "station_id, parameter, hour, readings, total, highest"


def hour_sql() -> str:
    """The UTC clock hour of `observed_at`, as the database stores a time."""
    if connection.vendor == "postgresql":
        return "date_trunc('hour', observed_at)"
    # SQLite stores 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC: the hour is the first 13 characters.
    return "substr(observed_at, 1, 13) || ':00:00'"


def _summary(where: str) -> str:
    measurements = connection.ops.quote_name(Measurement._meta.db_table)
    hour = hour_sql()
    # SQLite needs the WHERE before an upsert's ON CONFLICT to parse it.
    return (
        f"SELECT station_id, parameter, {hour}, count(*), sum(value), max(value) "
        f"FROM {measurements} WHERE {where} GROUP BY station_id, parameter, {hour}"
    )


def add_file(file_id: int, *, reference: Reference | None = None) -> None:
    """Merge the measurements stored from one file into the summary, then recompute the days
    they fall on in the daily store (`daily.add_file`)."""
    table = connection.ops.quote_name(HourlyMean._meta.db_table)
    greatest = "greatest" if connection.vendor == "postgresql" else "max"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({COLUMNS}) {_summary('source_file_id = %s')} "
            "ON CONFLICT (station_id, parameter, hour) DO UPDATE SET "
            f"readings = {table}.readings + excluded.readings, "
            f"total = {table}.total + excluded.total, "
            f"highest = {greatest}({table}.highest, excluded.highest)",
            [file_id],
        )
    daily.add_file(file_id, reference=reference)


def rebuild(station_ids: Iterable[int]) -> None:
    """Compute the summary of these stations again from their measurements, then their daily
    store (`daily.rebuild`)."""

    chosen = list(station_ids)
    if not chosen:
        return
    HourlyMean.objects.filter(station_id__in=chosen).delete()
    table = connection.ops.quote_name(HourlyMean._meta.db_table)
    marks = ", ".join(["%s"] * len(chosen))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({COLUMNS}) {_summary(f'station_id IN ({marks})')}", chosen
        )
    daily.rebuild(chosen)
