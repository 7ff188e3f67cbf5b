"""The roadmap's planned outputs of items 10 and 11 counted from the waste registries
(`registries.outputs`): each counter counts the official rows of one kind delivered by its
activity, by the year they came into service (`in_service_on`, the shared lifecycle's).

The activities, measures and units are those of the roadmap's data
(`roadmap/data/green-almaty/section-waste.yaml`):

- 10.1, bulky_waste_sites (279 in 2023): bulky-waste sites;
- 10.2, container_sites_modernised_or_built (181 in 2023, 295 in 2024, 295 in 2025; KPI 772):
  underground container sites;
- 10.3, eco_stations (1, 3, 3, 3 in 2022-2025; KPI 10): eco-stations;
- 10.4, mesh_containers (5, 64, 68, 68, then 1 020 in 2026-2030): mesh containers;
- 11.1, rdf_plants (KPI 1 by 2030, no output quantity): RDF plants;
- 11.2, waste_incineration_plants (KPI 1 by 2030, no output quantity): incineration plants;
- 11.3, construction_waste_processing_sites (KPI 2 by 2025, 3 by 2030): construction-waste
  processing plants.

Every unit is `item`.

A row counts while it is in service, in the year of the day it came into service
(`in_service_on`); a decommissioned row no longer counts. A container site repaired rather
than built (10.2's 181 sites in 2023) is counted when it comes back into service, by the day
the office records for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jasyl.domain.registries.lifecycle import Stage
from jasyl.domain.registries.outputs import OutputCounter
from jasyl.domain.waste.models import (
    ContainerSite,
    TreatmentPlant,
    WasteEntry,
    WasteSite,
)

UNIT = "item"


@dataclass(frozen=True)
class Delivered:
    """count(programme, year): the official rows of `model` of `kind` whose activity is
    `activity` of the programme, in service, that came into service in `year` (None: any)."""

    model: type[WasteEntry]
    kind: str
    activity: str

    def __call__(self, programme: Any, year: int | None) -> Decimal:
        rows = self.model._default_manager.filter(
            Q(kind=self.kind),
            is_sample=False,
            status=Stage.IN_SERVICE,
            activity__programme=programme,
            activity__code=self.activity,
        )
        if year is not None:
            rows = rows.filter(in_service_on__year=year)
        return Decimal(rows.count())


def _counter(
    kind: str, activity: str, label: Any, model: type[WasteEntry], of: str
) -> OutputCounter:
    return OutputCounter(
        kind=kind, activity=activity, unit=UNIT, label=label, count=Delivered(model, of, activity)
    )


COUNTERS: tuple[OutputCounter, ...] = (
    _counter(
        "waste-sites",
        "10.1",
        _("bulky-waste sites in service"),
        WasteSite,
        of=WasteSite.Kind.BULKY_WASTE,
    ),
    _counter(
        "container-sites",
        "10.2",
        _("underground container sites in service"),
        ContainerSite,
        of=ContainerSite.Kind.UNDERGROUND,
    ),
    _counter(
        "waste-sites",
        "10.3",
        _("eco-stations in service"),
        WasteSite,
        of=WasteSite.Kind.ECO_STATION,
    ),
    _counter(
        "waste-sites",
        "10.4",
        _("mesh containers in service"),
        WasteSite,
        of=WasteSite.Kind.MESH_CONTAINER,
    ),
    _counter(
        "waste-plants",
        "11.1",
        _("RDF plants in service"),
        TreatmentPlant,
        of=TreatmentPlant.Kind.RDF,
    ),
    _counter(
        "waste-plants",
        "11.2",
        _("incineration plants in service"),
        TreatmentPlant,
        of=TreatmentPlant.Kind.INCINERATION,
    ),
    _counter(
        "waste-plants",
        "11.3",
        _("construction-waste processing plants in service"),
        TreatmentPlant,
        of=TreatmentPlant.Kind.CONSTRUCTION_WASTE,
    ),
)
