"""The green fund's rows as GeoJSON features (RFC 7946: WGS 84 longitude, latitude), the same for
the pages' downloads and the API (`web/api/greenfund.py`): what a visitor downloads and what a
program reads agree.

Properties are plain JSON: numbers as numbers (whole ones as integers), dates as ISO text, a
related row by its code, names in the three languages, `null` where nothing is recorded, and
`sample` true for demonstration rows.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.gis.geos import GEOSGeometry

from jasyl.core.i18n import as_text
from jasyl.core.numbers import json_number
from jasyl.domain.greenfund.models import FellingPermit, Nursery, Park, Tree, WoodWasteSite
from jasyl.web.greenfund import reads

# Coordinates to 7 decimals: about a centimetre, finer than any survey of a tree.
PLACES = 7

Feature = dict[str, Any]


def number(value: Decimal | int | None) -> int | float | None:
    return json_number(None if value is None else Decimal(value))


def day(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _rounded(coordinates: Any) -> Any:
    if isinstance(coordinates, list | tuple):
        return [_rounded(c) for c in coordinates]
    return round(coordinates, PLACES)


def geometry(value: GEOSGeometry | None) -> dict[str, Any] | None:
    if value is None:
        return None
    shape = json.loads(value.json)
    shape["coordinates"] = _rounded(shape["coordinates"])
    return {"type": shape["type"], "coordinates": shape["coordinates"]}


def feature(pk: int, place: GEOSGeometry | None, properties: dict[str, Any]) -> Feature:
    return {"type": "Feature", "id": pk, "geometry": geometry(place), "properties": properties}


def collection(features: Iterable[Feature]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def _code(row: Any) -> str | None:
    return getattr(row, "code", None) if row is not None else None


def tree(row: Tree) -> Feature:
    """A tree (its species, district, felling permit and activity read with it)."""
    return feature(
        row.pk,
        row.geometry,
        {
            "code": row.code,
            "species": row.species.latin_name if row.species else None,
            "district": _code(row.district),
            "condition": row.condition or None,
            "status": row.status,
            "trunk_diameter_cm": number(row.trunk_diameter_cm),
            "height_m": number(row.height_m),
            "crown_diameter_m": number(row.crown_diameter_m),
            "planted_year": row.planted_year,
            "planted_on": day(row.planted_on),
            "site_type": row.site_type or None,
            "site": row.site_name or None,
            "felled_on": day(row.felled_on),
            "felled_under": row.felled_by.number if row.felled_by else None,
            "activity": _code(row.activity),
            "sample": row.is_sample,
        },
    )


def permit(row: FellingPermit, on: datetime.date | None = None) -> Feature:
    """A felling permit at the places of its trees (prefetched: `reads.with_places`)."""
    return feature(
        row.pk,
        reads.permit_places(row),
        {
            "number": row.number,
            "issued_on": day(row.issued_on),
            "reason": row.reason,
            "district": _code(row.district),
            "trees_count": row.trees_count,
            "felled_count": row.felled_count,
            "owed": number(row.owed),
            "planted_count": row.planted_count,
            "missing": number(row.missing),
            "state": reads.state_of(row, on),
            "deadline": day(row.deadline),
            "sample": row.is_sample,
        },
    )


def _entry(row: Park | Nursery | WoodWasteSite) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": as_text(row, "name").as_dict(),
        "district": _code(row.district),
        "holder": row.holder_text or None,
    }


def park(row: Park) -> Feature:
    return feature(
        row.pk,
        row.geometry,
        {**_entry(row), "kind": row.kind, "area_ha": number(row.area_ha), "sample": row.is_sample},
    )


def nursery(row: Nursery) -> Feature:
    """A nursery with its seedlings (its stock prefetched: `reads.nurseries`)."""
    stock = reads.nursery_stock(row)
    return feature(
        row.pk,
        row.geometry,
        {
            **_entry(row),
            "area_ha": number(row.area_ha),
            "seedlings": stock.seedlings,
            "counted_on": day(stock.counted_on),
            "sample": row.is_sample,
        },
    )


def wood_waste_site(row: WoodWasteSite) -> Feature:
    return feature(
        row.pk,
        row.geometry,
        {
            **_entry(row),
            "capacity_m3_per_year": number(row.capacity_m3_per_year),
            "sample": row.is_sample,
        },
    )
