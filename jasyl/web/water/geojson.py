"""The water objects as GeoJSON features, the same for the pages' downloads and the API
(`web/api/water.py`): the shared properties of a registry row (`common.features.entry`), then
the kind, its OpenStreetMap tags, the lifecycle, the length or area and the number of works."""

from __future__ import annotations

from typing import Any

from jasyl.domain.water.models import WaterObject
from jasyl.web.common.features import Feature, code_of, day, entry, feature, number


def water_object(row: WaterObject) -> Feature:
    properties: dict[str, Any] = {
        **entry(row),
        "kind": row.kind,
        "osm": row.osm_tags,
        "natural": row.natural,
        "status": None if row.natural else row.status,
        "in_service_on": day(row.in_service_on),
        "length_km": number(row.length_km),
        "area_ha": number(row.area_ha),
        "activity": code_of(row.activity),
        "works": getattr(row, "work_count", None),
        "source": row.source or None,
        "verified_on": day(row.verified_on),
        "sample": row.is_sample,
    }
    return feature(row.pk, row.geometry, properties)
