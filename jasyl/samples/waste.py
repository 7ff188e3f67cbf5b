"""Demonstration data of the municipal waste registries (`jasyl sample-waste`): container sites
with their containers, eco-stations, mesh containers, a bulky-waste site, the treatment plants
of item 11 and a year of monthly tonnage, so that the waste pages, map layer and KPI have
something to show before the office imports real data.

Everything here is fictional and flagged `is_sample`: the places are random points inside a box
around central Almaty (longitude 76.85-77.00, latitude 43.20-43.30) and mark no real site; the
names are "Sample container site 1" and so on; the tonnes are drawn by `random.Random` from the
seed, so a seed always gives the same data. Everything is written through the services, in one
transaction, districts placed by the spatial join where boundaries are loaded. Sample rows are
never counted in official figures nor in the outputs counted against the plan.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import transaction

from jasyl.domain.registries.history import snapshot
from jasyl.domain.registries.lifecycle import DATE_FIELDS, Stage
from jasyl.domain.registries.models import Edit
from jasyl.domain.registries.services import record_edits
from jasyl.domain.roadmap.models import Activity
from jasyl.domain.waste.models import (
    ContainerSite,
    Destination,
    Fraction,
    TonnageRecord,
    TreatmentPlant,
    WasteSite,
)
from jasyl.domain.waste.services import Containers, register_container_site, save_site

BOX = ((76.85, 43.20), (77.00, 43.30))
SOURCE = "Sample data (jasyl sample-waste): fictional, for demonstration only."
OPERATOR = "Sample operator"
YEAR = 2024
STATUSES = (
    Stage.PLANNED,
    Stage.DESIGNED,
    Stage.UNDER_CONSTRUCTION,
    Stage.IN_SERVICE,
    Stage.IN_SERVICE,
)


@dataclass(frozen=True)
class Result:
    sites: int = 0
    records: int = 0
    removed: int = 0
    already_there: bool = False


def _point(rng: random.Random) -> Point:
    (west, south), (east, north) = BOX
    return Point(round(rng.uniform(west, east), 6), round(rng.uniform(south, north), 6), srid=4326)


def _activity(code: str) -> Activity | None:
    return Activity.objects.filter(
        programme__code=settings.JASYL_DEFAULT_PROGRAMME, code=code
    ).first()


Names = dict[str, str]


def _common(rng: random.Random, code: str, name: Names, n: int, activity: str) -> dict[str, Any]:
    status = STATUSES[n % len(STATUSES)]
    return {
        "code": code,
        **{f"name_{lang}": text.format(n=n) for lang, text in name.items()},
        "geometry": _point(rng),
        "activity": _activity(activity),
        "holder_name": OPERATOR,
        "source": SOURCE,
        **_stage(status, datetime.date(YEAR, 1 + n % 12, 1 + n % 28)),
        "is_sample": True,
    }


def _stage(status: str, day: datetime.date) -> dict[str, Any]:
    """A row at `status`, reached on `day` (the shared lifecycle's date of that stage)."""
    return {"status": status, DATE_FIELDS[status]: day}


CONTAINER_SITE = {
    "kk": "Үлгі контейнер алаңы {n}",
    "ru": "Демонстрационная контейнерная площадка {n}",
    "en": "Sample container site {n}",
}
KINDS = (
    (
        WasteSite.Kind.ECO_STATION,
        "10.3",
        3,
        {
            "kk": "Үлгі экостанция {n}",
            "ru": "Демонстрационный объект: экостанция {n}",
            "en": "Sample eco-station {n}",
        },
    ),
    (
        WasteSite.Kind.MESH_CONTAINER,
        "10.4",
        6,
        {
            "kk": "Үлгі тор контейнер {n}",
            "ru": "Демонстрационный объект: сетчатый контейнер {n}",
            "en": "Sample mesh container {n}",
        },
    ),
    (
        WasteSite.Kind.BULKY_WASTE,
        "10.1",
        2,
        {
            "kk": "Үлгі ірі габаритті қалдықтар алаңы {n}",
            "ru": "Демонстрационный объект: площадка КГО {n}",
            "en": "Sample bulky-waste site {n}",
        },
    ),
)
PLANTS = (
    (
        TreatmentPlant.Kind.RDF,
        "11.1",
        Decimal(200000),
        {
            "kk": "Үлгі RDF зауыты {n}",
            "ru": "Демонстрационный объект: завод RDF {n}",
            "en": "Sample RDF plant {n}",
        },
    ),
    (
        TreatmentPlant.Kind.INCINERATION,
        "11.2",
        Decimal(500000),
        {
            "kk": "Үлгі қоқыс жағу зауыты {n}",
            "ru": "Демонстрационный объект: мусоросжигательный завод {n}",
            "en": "Sample incineration plant {n}",
        },
    ),
    (
        TreatmentPlant.Kind.CONSTRUCTION_WASTE,
        "11.3",
        Decimal(50000),
        {
            "kk": "Үлгі құрылыс қалдықтары кешені {n}",
            "ru": "Демонстрационный объект: комплекс переработки строительных отходов {n}",
            "en": "Sample construction-waste complex {n}",
        },
    ),
)


def remove_sample() -> int:
    """Delete every sample row of the waste registries (never a real one)."""
    removed = TonnageRecord.objects.filter(is_sample=True).delete()[0]
    for model in (ContainerSite, WasteSite, TreatmentPlant):
        removed += model.objects.filter(is_sample=True).delete()[0]
    Edit.objects.filter(is_sample=True, content_type__app_label="waste").delete()
    return removed


def _tonnage(rng: random.Random, sites: list[str]) -> list[TonnageRecord]:
    records = []
    destinations = {
        Fraction.PLASTIC: Destination.RECYCLING,
        Fraction.PAPER: Destination.RECYCLING,
        Fraction.GLASS: Destination.RECYCLING,
        Fraction.METAL: Destination.RECYCLING,
        Fraction.DRY: Destination.ENERGY_RECOVERY,
        Fraction.WET: Destination.DISPOSAL,
    }
    for month in range(1, 13):
        for fraction, destination in destinations.items():
            records.append(
                TonnageRecord(
                    month=datetime.date(YEAR, month, 1),
                    site_code=rng.choice(sites) if fraction == Fraction.PLASTIC else "",
                    operator_name="" if fraction == Fraction.PLASTIC else OPERATOR,
                    fraction=fraction,
                    destination=destination,
                    tonnes=Decimal(rng.randint(20_000, 400_000)) / 1000,
                    source=SOURCE,
                    is_sample=True,
                )
            )
    return records


def generate(*, seed: int = 1, sites: int = 12, remove: bool = False) -> Result:
    """Create the sample waste registries (nothing when they exist already, unless `remove`
    deletes them first)."""
    rng = random.Random(seed)
    with transaction.atomic():
        removed = remove_sample() if remove else 0
        if ContainerSite.objects.filter(is_sample=True).exists():
            return Result(removed=removed, already_there=True)
        count = 0
        for n in range(1, sites + 1):
            values = _common(rng, f"SAMPLE-CS-{n}", CONTAINER_SITE, n, "10.2")
            values["kind"] = (
                ContainerSite.Kind.UNDERGROUND if n % 2 else ContainerSite.Kind.COURTYARD
            )
            containers: dict[str, Containers] = {
                Fraction.DRY: Containers(rng.randint(1, 3), Decimal(3)),
                Fraction.WET: Containers(rng.randint(1, 3), Decimal(3)),
            }
            if n % 3 == 0:
                containers[Fraction.GLASS] = Containers(1, Decimal("1.5"))
            register_container_site(values=values, containers=containers, actor=None, access=None)
            count += 1
        codes = []
        for kind, activity, how_many, name in KINDS:
            for n in range(1, how_many + 1):
                values = _common(rng, f"SAMPLE-{kind.upper()}-{n}", name, n, activity)
                save_site(
                    model=WasteSite,
                    entry=None,
                    values={**values, "kind": kind},
                    actor=None,
                    access=None,
                )
                codes.append(values["code"])
                count += 1
        for n, (plant_kind, activity, capacity, name) in enumerate(PLANTS, start=1):
            values = _common(rng, f"SAMPLE-PLANT-{n}", name, n, activity)
            day = values.pop(DATE_FIELDS[values["status"]])
            values.update(kind=plant_kind, capacity_t_per_year=capacity)
            values.update(_stage(Stage.DESIGNED, day))
            save_site(model=TreatmentPlant, entry=None, values=values, actor=None, access=None)
            count += 1
        records = TonnageRecord.objects.bulk_create(_tonnage(rng, codes))
        edits = record_edits(
            changes=[(r, Edit.Action.CREATE, {}, snapshot(r)) for r in records],
            actor=None,
            note="sample data",
        )
        Edit.objects.filter(pk__in=[e.pk for e in edits]).update(is_sample=True)
        return Result(sites=count, records=len(records), removed=removed)
