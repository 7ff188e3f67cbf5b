"""Demonstration data of the green fund (`jasyl sample-greenfund`): a few thousand trees, three
felling permits (one fulfilled, one overdue, one still due) with their plantings, two parks, a
nursery and a wood-waste site, so that the registry's pages and maps have something to show
before the office imports real data.

Everything here is fictional and flagged `is_sample`: the trees stand at random places inside a
box around central Almaty (longitude 76.85-77.00, latitude 43.20-43.30) and mark no real tree;
the places are "Sample park 1", "Sample nursery 1" and so on, not real ones; the permits'
applicant is "Sample applicant". Species come from the species list, sizes and conditions from
`random.Random` seeded by the seed, so a seed always gives the same data. Everything is written
through the services, in one transaction, districts placed by the spatial join where
boundaries are loaded. Sample rows are never counted in official figures.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.gis.geos import MultiPoint, MultiPolygon, Point, Polygon
from django.db import transaction

from jasyl.domain.greenfund.models import (
    CompensatoryPlanting,
    FellingPermit,
    Nursery,
    Park,
    Species,
    Tree,
    WoodWasteSite,
)
from jasyl.domain.greenfund.services import issue_permit, record_felling, record_planting
from jasyl.domain.registries.models import Edit
from jasyl.domain.registries.placing import DistrictFinder
from jasyl.domain.registries.services import save_entry, write_entries
from jasyl.web.greenfund.shown import SAMPLE_APPLICANT, SAMPLE_HOLDER, SAMPLE_NOTE, SAMPLE_SOURCE

# A box around central Almaty: (west, south), (east, north).
BOX = ((76.85, 43.20), (77.00, 43.30))
# Shown in the visitor's language (web/greenfund/shown.py).
HOLDER, SOURCE, APPLICANT = SAMPLE_HOLDER, SAMPLE_SOURCE, SAMPLE_APPLICANT
CONDITIONS = (
    (Tree.Condition.GOOD, 55),
    (Tree.Condition.FAIR, 25),
    (Tree.Condition.POOR, 12),
    (Tree.Condition.HAZARDOUS, 6),
    (Tree.Condition.DEAD, 2),
)
SITES = (Tree.SiteType.STREET, Tree.SiteType.PARK, Tree.SiteType.COURTYARD, Tree.SiteType.OTHER)
# Permit n: (issued on, deadline, trees felled, trees planted): planted in full, in part after
# the deadline passed, and not yet with the deadline ahead.
PERMITS = (
    (datetime.date(2024, 3, 1), datetime.date(2024, 11, 30), 2, 20),
    (datetime.date(2024, 9, 2), datetime.date(2025, 6, 30), 3, 12),
    (datetime.date(2025, 9, 1), datetime.date(2030, 12, 31), 2, 0),
)


class SampleGreenFundError(Exception):
    pass


@dataclass(frozen=True)
class Result:
    trees: int = 0
    permits: int = 0
    removed: int = 0
    already_there: bool = False


def _point(rng: random.Random) -> Point:
    (west, south), (east, north) = BOX
    return Point(round(rng.uniform(west, east), 6), round(rng.uniform(south, north), 6), srid=4326)


def _square(rng: random.Random, side: float) -> MultiPolygon:
    corner = _point(rng)
    x, y = corner.x, corner.y
    ring = ((x, y), (x + side, y), (x + side, y + side), (x, y + side), (x, y))
    return MultiPolygon(Polygon(ring, srid=4326), srid=4326)


def _names(kk: str, ru: str, en: str) -> dict[str, str]:
    return {"name_kk": kk, "name_ru": ru, "name_en": en}


def remove_sample() -> int:
    """Delete every sample row of the green fund and its history (never official data)."""
    removed = 0
    removed += Tree.objects.filter(is_sample=True).delete()[0]
    removed += CompensatoryPlanting.objects.filter(is_sample=True).delete()[0]
    removed += FellingPermit.objects.filter(is_sample=True).delete()[0]
    for model in (Park, Nursery, WoodWasteSite):
        removed += model.objects.filter(is_sample=True).delete()[0]
    Edit.objects.filter(is_sample=True).delete()
    return removed


def _trees(rng: random.Random, count: int) -> list[Tree]:
    species = list(Species.objects.order_by("latin_name"))
    conditions = [c for c, _weight in CONDITIONS]
    weights = [w for _c, w in CONDITIONS]
    trees = []
    for n in range(1, count + 1):
        diameter = Decimal(f"{rng.uniform(4, 90):.1f}")
        trees.append(
            Tree(
                code=f"SAMPLE-T-{n:05}",
                geometry=_point(rng),
                species=rng.choice(species) if species and rng.random() > 0.1 else None,
                trunk_diameter_cm=diameter,
                height_m=Decimal(f"{float(diameter) * rng.uniform(0.15, 0.3) + 1.5:.2f}"),
                crown_diameter_m=Decimal(f"{float(diameter) * rng.uniform(0.08, 0.15) + 0.5:.2f}"),
                condition=rng.choices(conditions, weights)[0],
                planted_year=rng.randint(1960, 2024),
                site_type=rng.choice(SITES),
                holder_name=HOLDER,
                source=SOURCE,
                is_sample=True,
            )
        )
    return trees


def _places(rng: random.Random) -> None:
    """Two parks, a nursery and a wood-waste site, through the registries' service."""
    rows: list[tuple[type[Park] | type[Nursery] | type[WoodWasteSite], dict[str, Any]]] = [
        (Park, {**_names("Үлгі саябақ 1", "Образец: парк 1", "Sample park 1"),
                "geometry": _square(rng, 0.006), "kind": Park.Kind.PARK}),
        (Park, {**_names("Үлгі саябақ 2", "Образец: парк 2", "Sample park 2"),
                "geometry": _square(rng, 0.002), "kind": Park.Kind.SQUARE}),
        (Nursery, {**_names("Үлгі питомник 1", "Образец: питомник 1", "Sample nursery 1"),
                   "geometry": _square(rng, 0.004)}),
        (WoodWasteSite, {**_names("Үлгі ағаш қалдықтары алаңы 1",
                                  "Образец: площадка древесных отходов 1",
                                  "Sample wood-waste site 1"),
                         "geometry": _point(rng), "capacity_m3_per_year": Decimal(5000)}),
    ]  # fmt: skip
    for n, (model, values) in enumerate(rows, start=1):
        save_entry(
            model=model,
            entry=None,
            values={
                "code": f"SAMPLE-{model._meta.model_name.upper()}-{n}",  # type: ignore[union-attr]
                **values,
                "holder_name": HOLDER,
                "source": SOURCE,
                "is_sample": True,
            },
            actor=None,
            access=None,
        )


def _permits(rng: random.Random, hazardous: list[Tree]) -> int:
    """The three permits, felled through the services, with their plantings."""
    taken = 0
    for n, (issued_on, deadline, felled, planted) in enumerate(PERMITS, start=1):
        trees = hazardous[taken : taken + felled]
        taken += felled
        permit = issue_permit(
            number=f"SAMPLE-P-{n}", issued_on=issued_on, reason="hazardous", trees=trees,
            deadline=deadline, applicant_name=APPLICANT, source=SOURCE, is_sample=True,
            actor=None, access=None,
        )  # fmt: skip
        permit = record_felling(
            permit=permit, felled_on=issued_on + datetime.timedelta(days=20), actor=None,
            access=None,
        )  # fmt: skip
        if planted:
            record_planting(
                permit=permit,
                planted_on=issued_on + datetime.timedelta(days=60),
                points=MultiPoint([_point(rng) for _ in range(planted)], srid=4326),
                species=Species.objects.order_by("latin_name").first(),
                code=f"SAMPLE-PL-{n}",
                actor=None,
                access=None,
            )
    return len(PERMITS)


def generate(*, seed: int = 1, trees: int = 3000, remove: bool = False) -> Result:
    """Create the sample green fund (nothing when it exists already, unless `remove` deletes it
    first); one transaction."""
    if trees < 50:
        raise SampleGreenFundError(f"--trees must be at least 50, not {trees}")
    with transaction.atomic():
        removed = remove_sample() if remove else 0
        if Tree.objects.filter(is_sample=True).exists():
            return Result(removed=removed, already_there=True)
        rng = random.Random(f"sample-greenfund:{seed}")
        rows = _trees(rng, trees)
        # Enough hazardous trees for the permits, whatever the draw.
        needed = sum(felled for _issued, _deadline, felled, _planted in PERMITS)
        for tree in rows[:needed]:
            tree.condition = Tree.Condition.HAZARDOUS
        write_entries(
            model=Tree, creates=rows, actor=None, note=SAMPLE_NOTE, finder=DistrictFinder()
        )
        _places(rng)
        hazardous = [t for t in rows if t.condition == Tree.Condition.HAZARDOUS]
        permits = _permits(rng, hazardous)
    return Result(
        trees=Tree.objects.filter(is_sample=True).count(), permits=permits, removed=removed
    )
