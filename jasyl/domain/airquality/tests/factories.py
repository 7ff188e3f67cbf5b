"""Small stored data sets for the air-quality selectors and pages."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from jasyl.domain.airquality import hours
from jasyl.domain.airquality.models import IngestFile, Measurement, Station

ALMATY = ZoneInfo("Asia/Almaty")


def ingest_record() -> IngestFile:
    now = timezone.now()
    return IngestFile.objects.create(
        file_name="test.csv",
        sha256="0" * 64,
        format="long",
        started_at=now,
        finished_at=now,
        status=IngestFile.Status.DONE,
    )


def station(code: str, *, official: bool = False, sample: bool = False, **fields) -> Station:
    return Station.objects.create(
        code=code,
        name_kk=f"{code} станция",
        name_en=f"{code} station",
        operator="Kazhydromet" if official else "Citizen network",
        official=official,
        kind="reference" if official else "low_cost",
        latitude=fields.pop("latitude", "43.250000"),
        longitude=fields.pop("longitude", "76.900000"),
        sample=sample,
        **fields,
    )


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ALMATY)


def store(at_station: Station, parameter: str, values: list[tuple[datetime.datetime, float]]):
    source = IngestFile.objects.first() or ingest_record()
    Measurement.objects.bulk_create(
        Measurement(
            station=at_station, parameter=parameter, observed_at=at, value=v, source_file=source
        )
        for at, v in values
    )
    hours.rebuild([at_station.pk])


def full_day(at_station: Station, parameter: str, day: datetime.date, value: float, hours=24):
    """One value at the start of each of the first `hours` local hours of `day`."""
    store(at_station, parameter, [(local(day, h), value) for h in range(hours)])
