"""Demonstration air-quality data (`jasyl sample-air`): a few made-up stations with a year of
hourly measurements, so that the air-quality pages have something to show before real files
are ingested.

Everything here is fictional. The stations are named "Sample station 1 ... n", run by the
operator "Sample data" and flagged `sample`; their positions are drawn at random inside a box
around Almaty and mark no real post. The values follow a plausible shape (higher particulate
and NO2 in winter and at night, ozone in summer afternoons, random noise and gaps) drawn from
`random.Random` seeded per seed and station, so a seed always gives the same data. They are
stored through `ingest.ingest_file`, like any file, in one transaction with the stations.
The public pages show them only on request (`?data=sample`), never with the real stations.
"""

from __future__ import annotations

import datetime
import io
import math
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from jasyl.domain.airquality.ingest import ingest_file
from jasyl.domain.airquality.models import IngestFile, Measurement, Station

# Stored for the API and the admin; the pages print "Sample data" in the visitor's language for
# every sample station instead (templates/airquality, web/airquality/views.py).
OPERATOR = "Sample data"
FILE_NAME = "sample-air.csv"
ZONE = ZoneInfo("Asia/Almaty")
# A box around the city (south-west and north-east corners); positions inside it are random.
BOX = ((43.18, 76.80), (43.35, 77.05))
COLUMNS = {
    "pm25": "PM2.5 (µg/m³)",
    "pm10": "PM10 (µg/m³)",
    "no2": "NO2 (µg/m³)",
    "so2": "SO2 (µg/m³)",
    "co": "CO (mg/m³)",
    "o3": "O3 (µg/m³)",
}
# Station n: (official, kind, what it measures). Two play official reference posts, so that
# the city's level by Kazhydromet's method has something to show; two play low-cost sensors.
PLAN = (
    (True, Station.Kind.REFERENCE, tuple(COLUMNS)),
    (True, Station.Kind.REFERENCE, tuple(COLUMNS)),
    (False, Station.Kind.LOW_COST, ("pm25", "pm10")),
    (False, Station.Kind.LOW_COST, ("pm25", "pm10")),
)
MISSING_HOURS = 0.04


class SampleAirError(Exception):
    pass


@dataclass(frozen=True)
class Result:
    stations: int = 0
    measurements: int = 0
    removed_stations: int = 0
    removed_measurements: int = 0
    already_there: bool = False


def _winter(moment: datetime.datetime) -> float:
    """1 in mid-January, 0 in mid-July."""
    day = moment.timetuple().tm_yday
    return (math.cos(2 * math.pi * (day - 15) / 365.25) + 1) / 2


def _values(rng: random.Random, moment: datetime.datetime, factor: float) -> dict[str, float]:
    local = moment.astimezone(ZONE)
    winter = _winter(local) ** 2
    night = (math.cos(2 * math.pi * (local.hour - 22) / 24) + 1) / 2
    rush = max(
        math.exp(-(((local.hour - 9) / 1.5) ** 2)), math.exp(-(((local.hour - 19) / 2) ** 2))
    )
    sun = max(0.0, math.sin(math.pi * (local.hour - 7) / 13)) if 7 <= local.hour <= 20 else 0.0

    def noisy(value: float, spread: float = 0.35) -> float:
        return value * rng.lognormvariate(0, spread)

    pm25 = noisy(factor * (10 + 70 * winter) * (0.7 + 0.6 * night))
    return {
        "pm25": pm25,
        "pm10": pm25 * 1.5 + noisy(12, 0.6),
        "no2": noisy(factor * (25 + 35 * winter) * (0.7 + 0.6 * rush)),
        "so2": noisy(factor * (6 + 30 * winter)),
        "co": noisy(factor * (0.4 + 1.6 * winter) * (0.8 + 0.4 * night)),
        "o3": noisy((25 + 55 * (1 - winter)) * (0.4 + 0.9 * sun), 0.25),
    }


def sample_csv(seed: int, year: int, days: int | None = None) -> bytes:
    """The wide CSV of the sample stations' hourly values of `year` (or its first `days`)."""
    start = datetime.datetime(year, 1, 1, tzinfo=ZONE).astimezone(datetime.UTC)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=ZONE).astimezone(datetime.UTC)
    if days is not None:
        end = min(end, start + datetime.timedelta(days=days))
    hours = int((end - start).total_seconds() // 3600)
    out = io.StringIO()
    out.write(",".join(["station", "datetime", *COLUMNS.values()]) + "\n")
    for n, (_official, _kind, measured) in enumerate(PLAN, start=1):
        rng = random.Random(f"sample-air:{seed}:{n}")
        factor = 0.8 + 0.15 * n
        # One outage of three days per station in a long span: incomplete days are left out.
        outage = rng.randrange(hours - 96) if hours > 30 * 24 else hours
        for h in range(hours):
            moment = start + datetime.timedelta(hours=h)
            values = _values(rng, moment, factor)
            if outage <= h < outage + 72 or rng.random() < MISSING_HOURS:
                continue
            cells = [
                f"{values[c]:.{3 if c == 'co' else 1}f}" if c in measured else "" for c in COLUMNS
            ]
            out.write(f"SAMPLE-{n},{moment:%Y-%m-%dT%H:%M:%SZ}," + ",".join(cells) + "\n")
    return out.getvalue().encode("utf-8")


def _position(rng: random.Random) -> tuple[Decimal, Decimal]:
    (south, west), (north, east) = BOX
    return (
        Decimal(f"{rng.uniform(south, north):.6f}"),
        Decimal(f"{rng.uniform(west, east):.6f}"),
    )


def remove_sample() -> tuple[int, int]:
    """Delete the sample stations, their measurements and the files that brought only them."""
    measurements, _ = Measurement.objects.filter(station__sample=True).delete()
    IngestFile.objects.filter(file_name=FILE_NAME, measurements__isnull=True).delete()
    stations, _ = Station.objects.filter(sample=True).delete()
    return stations, measurements


def generate(
    *, seed: int = 1, year: int = 2025, days: int | None = None, remove: bool = False
) -> Result:
    """Create the sample stations and their measurements (nothing when they exist already,
    unless `remove` deletes them first); one transaction."""
    if days is not None and days < 1:
        raise SampleAirError(f"--days must be at least 1, not {days}")
    with transaction.atomic():
        removed = remove_sample() if remove else (0, 0)
        if Station.objects.filter(sample=True).exists():
            return Result(already_there=True)
        rng = random.Random(f"sample-air:{seed}:positions")
        for n, (official, kind, measured) in enumerate(PLAN, start=1):
            latitude, longitude = _position(rng)
            Station.objects.create(
                code=f"SAMPLE-{n}",
                name_kk=f"Үлгі станция {n}",
                name_ru=f"Образец: станция {n}",
                name_en=f"Sample station {n}",
                operator=OPERATOR,
                official=official,
                kind=kind,
                latitude=latitude,
                longitude=longitude,
                parameters=list(measured),
                sample=True,
            )
        ingested = ingest_file(
            handle=io.BytesIO(sample_csv(seed, year, days)), file_name=FILE_NAME, format="wide"
        )
        if ingested.rejected:
            raise SampleAirError(f"{ingested.rejected} sample values were rejected")
    return Result(
        stations=len(PLAN),
        measurements=ingested.inserted,
        removed_stations=removed[0],
        removed_measurements=removed[1],
    )
