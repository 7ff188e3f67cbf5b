"""The roadmap's planned outputs of items 5.2, 5.3, 6, 7 and 8 counted from the water registry's
works log (`registries.outputs`): each counter counts the official works of one kind, on water
objects of some kinds, done in a year under its activity (the work's own activity, since one
object may be worked on by several items).

The activities, measures and units are those of the roadmap's data
(`roadmap/data/green-almaty/section-environment.yaml`):

- 5.2, water_intakes_built_or_rebuilt (8 in 2022, 19 in 2023; KPI 27, unit item): water
  intakes with a construction or reconstruction done, each counted once a year;
- 5.2, canals_reconstructed (3 in 2025, 17 in 2026-2030; KPI 20, unit item): canals with a
  construction or reconstruction done (an aryk is not a canal of this output);
- 5.2, canals_design_documentation (10 in 2024, 10 in 2025, unit designed_object): canals
  whose design and estimate documentation was done: counted as design, never as built;
- 5.3, flooding_sites_resolved (56, 23, 23 in 2022-2024, unit item): flood-protection sites
  with flood-protection works done;
- 6, water_bodies_cleaned (3, 3, 9, then 9; unit item): ponds, water bodies and reservoirs
  cleaned; water_bodies_cleaning_design_documentation (12 in 2024, 9 in 2026-2030; unit
  designed_object): their design documentation;
- 7, water_bodies_landscaped (3, 1, then 16; unit item): ponds, water bodies and reservoirs
  landscaped; water_bodies_landscaping_design_documentation (4 + 1 in 2023, 16 in 2026-2030;
  unit designed_object): their design documentation;
- 8, river_channel_reconstructed (15, 10, 5, then 50; unit km): the kilometres of river
  channel reconstructed, summed over the works.

Items 4 (a master plan) and 5.1 (a feasibility study) plan no quantity a registry holds, and
5.4's outputs list what is maintained, not results: none is counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from jasyl.domain.registries.outputs import OutputCounter
from jasyl.domain.water.models import WATER_BODIES, Kind, WaterWork, WorkKind

KIND = "water-works"
BUILT = (WorkKind.CONSTRUCTION, WorkKind.RECONSTRUCTION)


@dataclass(frozen=True)
class Works:
    """count(programme, year): the official works of `works` kinds on objects of `objects`
    kinds done under `activity` in `year` (None: any year): the number of objects worked on
    (each once a year), or with `km` the kilometres done."""

    activity: str
    works: tuple[str, ...]
    objects: tuple[str, ...]
    km: bool = False

    def __call__(self, programme: Any, year: int | None) -> Decimal:
        rows = WaterWork.objects.filter(
            is_sample=False,
            water_object__is_sample=False,
            kind__in=self.works,
            water_object__kind__in=self.objects,
            activity__programme=programme,
            activity__code=self.activity,
        )
        if year is not None:
            rows = rows.filter(done_on__year=year)
        if self.km:
            total = rows.aggregate(km=Sum("km_done"))["km"]
            return Decimal(total or 0)
        pairs = rows.values_list("water_object_id", "done_on__year").distinct()
        return Decimal(len(set(pairs)))


def _counter(
    activity: str,
    measure: str,
    unit: str,
    label: Any,
    works: tuple[str, ...],
    objects: tuple[str, ...],
    *,
    km: bool = False,
) -> OutputCounter:
    return OutputCounter(
        kind=KIND,
        activity=activity,
        unit=unit,
        label=label,
        count=Works(activity, works, objects, km),
        measures=(measure,),
    )


BODIES = tuple(sorted(WATER_BODIES))

COUNTERS: tuple[OutputCounter, ...] = (
    _counter(
        "5.2",
        "water_intakes_built_or_rebuilt",
        "item",
        _("water intakes built or reconstructed (works done)"),
        BUILT,
        (Kind.WATER_INTAKE,),
    ),
    _counter(
        "5.2",
        "canals_reconstructed",
        "item",
        _("canals built or reconstructed (works done)"),
        BUILT,
        (Kind.CANAL,),
    ),
    _counter(
        "5.2",
        "canals_design_documentation",
        "designed_object",
        _("canals with design documentation done"),
        (WorkKind.DESIGN,),
        (Kind.CANAL,),
    ),
    _counter(
        "5.3",
        "flooding_sites_resolved",
        "item",
        _("flood-protection sites with works done"),
        (WorkKind.FLOOD_PROTECTION,),
        (Kind.FLOOD_PROTECTION_SITE,),
    ),
    _counter(
        "6",
        "water_bodies_cleaned",
        "item",
        _("water bodies cleaned"),
        (WorkKind.CLEANING,),
        BODIES,
    ),
    _counter(
        "6",
        "water_bodies_cleaning_design_documentation",
        "designed_object",
        _("water bodies with design documentation for cleaning done"),
        (WorkKind.DESIGN,),
        BODIES,
    ),
    _counter(
        "7",
        "water_bodies_landscaped",
        "item",
        _("water bodies landscaped"),
        (WorkKind.LANDSCAPING,),
        BODIES,
    ),
    _counter(
        "7",
        "water_bodies_landscaping_design_documentation",
        "designed_object",
        _("water bodies with design documentation for landscaping done"),
        (WorkKind.DESIGN,),
        BODIES,
    ),
    _counter(
        "8",
        "river_channel_reconstructed",
        "km",
        _("km of river channel reconstructed"),
        (WorkKind.RECONSTRUCTION,),
        (Kind.RIVER,),
        km=True,
    ),
)
