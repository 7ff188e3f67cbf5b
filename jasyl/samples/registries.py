"""Demonstration rows of the registries of built objects (`jasyl sample-registries`): fictional
EV charging locations with their EVSEs and connectors, and air-purification blocks, at places
in a box around central Almaty, at every stage of the lifecycle.

Everything is flagged `is_sample` (rows and their edits) and written through the registries'
services; it is never counted as official (the counters read official rows only). The same seed
gives the same data; a second run adds nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.gis.geos import Point
from django.db import transaction

from jasyl.domain.charging.models import AirPurifierBlock, ChargingLocation, Connector, Evse
from jasyl.domain.registries.lifecycle import DATE_FIELDS, ORDER
from jasyl.domain.registries.services import save_entry
from jasyl.domain.roadmap.models import Activity

# Longitude and latitude of the box the sample rows stand in (as the sample green fund's).
BOX = ((76.85, 77.00), (43.20, 43.30))
SOURCE = "Sample data for demonstration (jasyl sample-registries): fictional rows."
OPERATOR = "Sample Charge LLP"
CONNECTORS = (
    ("IEC_62196_T2", "SOCKET", "AC_3_PHASE", 22),
    ("IEC_62196_T2_COMBO", "CABLE", "DC", 60),
    ("GBT_DC", "CABLE", "DC", 120),
)


@dataclass(frozen=True)
class Result:
    locations: int
    blocks: int
    removed: int
    already_there: bool


def _point(rng: random.Random) -> Point:
    (west, east), (south, north) = BOX
    return Point(round(rng.uniform(west, east), 6), round(rng.uniform(south, north), 6), srid=4326)


def _stage(n: int) -> dict[str, object]:
    """Stage and dates of the n-th row: every stage in turn, dated a month apart from 2023."""
    stage = ORDER[n % len(ORDER)]
    day = datetime.date(2023, 3, 1)
    values: dict[str, object] = {"status": stage}
    for reached in ORDER[: ORDER.index(stage) + 1]:
        values[DATE_FIELDS[reached]] = day
        day += datetime.timedelta(days=30)
    return values


def remove_sample() -> int:
    removed = ChargingLocation.objects.filter(is_sample=True).delete()[0]
    removed += AirPurifierBlock.objects.filter(is_sample=True).delete()[0]
    return int(removed)


def _activity(code: str) -> Activity | None:
    return Activity.objects.filter(code=code).order_by("-pk").first()


def generate(*, seed: int = 1, remove: bool = False) -> Result:
    rng = random.Random(seed)
    with transaction.atomic():
        removed = remove_sample() if remove else 0
        if ChargingLocation.objects.filter(is_sample=True).exists():
            return Result(0, 0, removed, already_there=True)
        common = {"source": SOURCE, "is_sample": True}
        for n in range(1, 11):
            saved = save_entry(
                model=ChargingLocation,
                entry=None,
                values={
                    "code": f"SAMPLE-EV-{n}",
                    "name_kk": f"Үлгі зарядтау орны {n}",
                    "name_ru": f"Демонстрационная зарядная площадка {n}",
                    "name_en": f"Sample charging location {n}",
                    "geometry": _point(rng),
                    "activity": _activity("1.4"),
                    "holder_name": OPERATOR,
                    **_stage(n),
                    **common,
                },
                actor=None,
                access=None,
                note="sample data",
            )
            for e in range(1, rng.randint(1, 2) + 1):
                evse = Evse.objects.create(location=saved.entry, uid=str(e))
                for c, (standard, fmt, power, kw) in enumerate(rng.sample(CONNECTORS, 2), start=1):
                    Connector.objects.create(
                        evse=evse,
                        connector_id=str(c),
                        standard=standard,
                        format=fmt,
                        power_type=power,
                        max_power_kw=kw,
                    )
        for n in range(1, 8):
            save_entry(
                model=AirPurifierBlock,
                entry=None,
                values={
                    "code": f"SAMPLE-AP-{n}",
                    "name_kk": f"Үлгі ауа тазарту блогы {n}",
                    "name_ru": f"Демонстрационный блок очистки воздуха {n}",
                    "name_en": f"Sample air-purification block {n}",
                    "geometry": _point(rng),
                    "activity": _activity("1.8"),
                    "modules": 4,
                    **_stage(n),
                    **common,
                },
                actor=None,
                access=None,
                note="sample data",
            )
    return Result(10, 7, removed, already_there=False)
