"""Registry rows as GeoJSON features (RFC 7946: WGS 84 longitude, latitude), the same for the
pages' downloads and the API of every registry: numbers as numbers (whole ones as integers),
dates as ISO text, `null` where nothing is recorded."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.gis.geos import GEOSGeometry

from jasyl.core.i18n import as_text
from jasyl.core.numbers import json_number
from jasyl.domain.registries.lifecycle import DATE_FIELDS

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


def code_of(row: Any) -> str | None:
    return getattr(row, "code", None) if row is not None else None


def entry(row: Any) -> dict[str, Any]:
    """The properties every registry row has: its code, names, district and holder."""
    return {
        "code": row.code,
        "name": as_text(row, "name").as_dict(),
        "district": code_of(row.district),
        "holder": row.holder_text or None,
    }


def lifecycle(row: Any) -> dict[str, Any]:
    """The shared lifecycle of a built object (`registries.lifecycle`): its stage, the date it
    reached each stage, and the budget period that pays for it (select it with the row)."""
    return {
        "status": row.status,
        **{name: day(getattr(row, name)) for name in DATE_FIELDS.values()},
        "budget_period": code_of(row.budget_period),
    }
