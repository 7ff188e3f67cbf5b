"""The waste registries' rows as GeoJSON features, the same for the pages' downloads and the
API (`web/api/waste.py`): the shared properties of a registry row (`common.features.entry`),
then the kind, the lifecycle and what the kind has of its own."""

from __future__ import annotations

from typing import Any

from jasyl.domain.waste.models import ContainerSite, TreatmentPlant, WasteEntry, WasteSite
from jasyl.web.common.features import Feature, code_of, entry, feature, lifecycle, number


def waste_row(row: WasteEntry) -> Feature:
    """A container site (its containers prefetched), collection site or plant."""
    properties: dict[str, Any] = {
        **entry(row),
        "kind": row.kind,  # type: ignore[attr-defined]
        **lifecycle(row),
        "activity": code_of(row.activity),
    }
    if isinstance(row, ContainerSite):
        properties["containers"] = {
            c.fraction: {"count": c.count, "volume_m3": number(c.volume_m3)}
            for c in row.containers.all()
        }
    elif isinstance(row, WasteSite):
        properties["area_m2"] = number(row.area_m2)
    elif isinstance(row, TreatmentPlant):
        properties["capacity_t_per_year"] = number(row.capacity_t_per_year)
    properties["sample"] = row.is_sample
    return feature(row.pk, row.geometry, properties)
