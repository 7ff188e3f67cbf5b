"""The green fund's rows as GeoJSON features (RFC 7946: WGS 84 longitude, latitude), the same for
the pages' downloads and the API (`web/api/greenfund.py`): what a visitor downloads and what a
program reads agree.

Properties are plain JSON: numbers as numbers (whole ones as integers), dates as ISO text, a
related row by its code, names in the three languages, `null` where nothing is recorded, and
`sample` true for demonstration rows.
"""

from __future__ import annotations

import datetime

from jasyl.domain.greenfund.models import FellingPermit, Nursery, Park, Tree, WoodWasteSite
from jasyl.web.common.features import PLACES as PLACES
from jasyl.web.common.features import Feature as Feature
from jasyl.web.common.features import code_of as _code
from jasyl.web.common.features import collection as collection
from jasyl.web.common.features import day as day
from jasyl.web.common.features import entry
from jasyl.web.common.features import feature as feature
from jasyl.web.common.features import geometry as geometry
from jasyl.web.common.features import number as number
from jasyl.web.greenfund import reads


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


_entry = entry


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
