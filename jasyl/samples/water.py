"""Demonstration data of the water registry (`jasyl sample-water`): canals and aryks, a river
section, water intakes, ponds and a reservoir, flood-protection sites, and the works done on
them under items 5.2, 5.3, 6, 7 and 8, so that the water pages, map layers and counters have
something to show before the office imports real data.

Everything here is fictional and flagged `is_sample`: the shapes are drawn from random points
inside a box around central Almaty (longitude 76.85-77.00, latitude 43.20-43.30) and mark no
real canal, river or pond; the names are "Sample canal 1" and so on; the choices are drawn by
`random.Random` from the seed, so a seed always gives the same data. Everything is written
through the services, in one transaction, districts placed by the spatial join where boundaries
are loaded. Sample rows are never counted in official figures nor in the outputs counted
against the plan.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, LineString, MultiPolygon, Point, Polygon
from django.db import transaction

from jasyl.domain.registries.lifecycle import DATE_FIELDS, Stage
from jasyl.domain.registries.models import Edit
from jasyl.domain.roadmap.models import Activity
from jasyl.domain.water.models import Kind, WaterObject, WaterWork, WorkKind
from jasyl.domain.water.services import record_work, save_object

BOX = ((76.85, 43.20), (77.00, 43.30))
SOURCE = "Sample data (jasyl sample-water): fictional, for demonstration only."
HOLDER = "Sample operator"
YEAR = 2024

Names = dict[str, str]


@dataclass(frozen=True)
class Result:
    objects: int = 0
    works: int = 0
    removed: int = 0
    already_there: bool = False


@dataclass(frozen=True)
class Sample:
    """One kind of sample object: how many, its names, the activity and the work it gets."""

    kind: str
    count: int
    names: Names
    activity: str
    work: str


SAMPLES = (
    Sample(
        Kind.CANAL,
        4,
        {"kk": "Үлгі канал {n}", "ru": "Демонстрационный канал {n}", "en": "Sample canal {n}"},
        "5.2",
        WorkKind.RECONSTRUCTION,
    ),
    Sample(
        Kind.ARYK,
        3,
        {"kk": "Үлгі арық {n}", "ru": "Демонстрационный арык {n}", "en": "Sample aryk {n}"},
        "5.2",
        WorkKind.CLEANING,
    ),
    Sample(
        Kind.RIVER,
        2,
        {
            "kk": "Үлгі өзен учаскесі {n}",
            "ru": "Демонстрационный участок реки {n}",
            "en": "Sample river section {n}",
        },
        "8",
        WorkKind.RECONSTRUCTION,
    ),
    Sample(
        Kind.WATER_INTAKE,
        3,
        {
            "kk": "Үлгі су жинау құрылысы {n}",
            "ru": "Демонстрационное водозаборное сооружение {n}",
            "en": "Sample water intake {n}",
        },
        "5.2",
        WorkKind.CONSTRUCTION,
    ),
    Sample(
        Kind.POND,
        3,
        {"kk": "Үлгі тоған {n}", "ru": "Демонстрационный пруд {n}", "en": "Sample pond {n}"},
        "6",
        WorkKind.CLEANING,
    ),
    Sample(
        Kind.RESERVOIR,
        1,
        {
            "kk": "Үлгі су қоймасы {n}",
            "ru": "Демонстрационное водохранилище {n}",
            "en": "Sample reservoir {n}",
        },
        "7",
        WorkKind.DESIGN,
    ),
    Sample(
        Kind.FLOOD_PROTECTION_SITE,
        2,
        {
            "kk": "Үлгі су басудан қорғау учаскесі {n}",
            "ru": "Демонстрационный участок защиты от подтопления {n}",
            "en": "Sample flood-protection site {n}",
        },
        "5.3",
        WorkKind.FLOOD_PROTECTION,
    ),
)
STAGES = (Stage.PLANNED, Stage.DESIGNED, Stage.UNDER_CONSTRUCTION, Stage.IN_SERVICE)


def _point(rng: random.Random) -> tuple[float, float]:
    (west, south), (east, north) = BOX
    return round(rng.uniform(west, east), 6), round(rng.uniform(south, north), 6)


def _shape(rng: random.Random, kind: str) -> GEOSGeometry:
    x, y = _point(rng)
    if kind in (Kind.CANAL, Kind.ARYK, Kind.RIVER):
        steps = [(x + 0.004 * i, y + rng.uniform(-0.002, 0.002)) for i in range(4)]
        return LineString(steps, srid=4326)
    if kind in (Kind.POND, Kind.RESERVOIR):
        d = 0.002 if kind == Kind.POND else 0.006
        ring = ((x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y))
        return MultiPolygon(Polygon(ring, srid=4326), srid=4326)
    return Point(x, y, srid=4326)


def _activity(code: str) -> Activity | None:
    return Activity.objects.filter(
        programme__code=settings.JASYL_DEFAULT_PROGRAMME, code=code
    ).first()


def _values(rng: random.Random, sample: Sample, n: int) -> dict[str, Any]:
    values: dict[str, Any] = {
        "code": f"SAMPLE-{sample.kind.upper()}-{n}",
        **{f"name_{lang}": text.format(n=n) for lang, text in sample.names.items()},
        "kind": sample.kind,
        "geometry": _shape(rng, sample.kind),
        "activity": _activity(sample.activity),
        "holder_name": HOLDER,
        "source": SOURCE,
        "is_sample": True,
    }
    if sample.kind in (Kind.CANAL, Kind.ARYK):
        values["usage"] = "irrigation"
    if sample.kind != Kind.RIVER:
        stage = STAGES[n % len(STAGES)]
        values["status"] = stage
        if stage != Stage.PLANNED:
            values[DATE_FIELDS[stage]] = datetime.date(YEAR, 1 + n % 12, 1 + n % 28)
    return values


def remove_sample() -> int:
    """Delete every sample row of the water registry (never a real one)."""
    removed = WaterWork.objects.filter(is_sample=True).delete()[0]
    removed += WaterObject.objects.filter(is_sample=True).delete()[0]
    Edit.objects.filter(is_sample=True, content_type__app_label="water").delete()
    return removed


def generate(*, seed: int = 1, remove: bool = False) -> Result:
    """Create the sample water registry (nothing when it exists already, unless `remove`
    deletes it first)."""
    rng = random.Random(seed)
    with transaction.atomic():
        removed = remove_sample() if remove else 0
        if WaterObject.objects.filter(is_sample=True).exists():
            return Result(removed=removed, already_there=True)
        objects = works = 0
        for sample in SAMPLES:
            for n in range(1, sample.count + 1):
                row = save_object(
                    entry=None, values=_values(rng, sample, n), actor=None, access=None
                ).entry
                objects += 1
                values: dict[str, Any] = {
                    "kind": sample.work,
                    "done_on": datetime.date(YEAR, 1 + rng.randrange(11), 1 + rng.randrange(27)),
                    "activity": _activity(sample.activity),
                    "source": SOURCE,
                }
                if row.is_line and sample.work in (WorkKind.RECONSTRUCTION, WorkKind.CLEANING):
                    values["km_done"] = min(Decimal("0.5"), row.length_km)
                record_work(water_object=row, values=values, actor=None, access=None)
                works += 1
        return Result(objects=objects, works=works, removed=removed)
