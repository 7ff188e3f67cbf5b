"""Fixtures and helpers of the registry and green fund tests: two synthetic square districts
(never real boundaries), places inside them, trees, and files to import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from jasyl.core.imports.pipeline import ImportContext, ImportResult, run_import
from jasyl.domain.greenfund.models import Tree
from jasyl.domain.places.models import AdministrativeUnit

# Two squares of 0.02° side, west and east, sharing the meridian 76.92° E.
WEST = ((76.90, 43.24), (76.92, 43.24), (76.92, 43.26), (76.90, 43.26), (76.90, 43.24))
EAST = ((76.92, 43.24), (76.94, 43.24), (76.94, 43.26), (76.92, 43.26), (76.92, 43.24))
IN_WEST = (76.91, 43.25)
IN_EAST = (76.93, 43.25)
OUTSIDE = (76.80, 43.10)


def point(where: tuple[float, float]) -> Point:
    return Point(*where, srid=4326)


def square(ring: tuple[tuple[float, float], ...]) -> MultiPolygon:
    return MultiPolygon(Polygon(ring, srid=4326), srid=4326)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, the source language."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def districts(db) -> dict[str, AdministrativeUnit]:
    """Two synthetic districts, "west" and "east"."""
    return {
        code: AdministrativeUnit.objects.create(
            code=code, name_kk=f"{code} ауданы", boundary=square(ring), source="test squares"
        )
        for code, ring in (("west", WEST), ("east", EAST))
    }


def make_tree(code: str, where: tuple[float, float] = IN_WEST, **fields: Any) -> Tree:
    """A tree written straight to the database (set-up only: the tests of writes use the
    services)."""
    from jasyl.domain.places.selectors import district_at

    place = point(where)
    return Tree.objects.create(code=code, geometry=place, district=district_at(place), **fields)


def write_csv(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_geojson(folder: Path, name: str, features: list[dict[str, Any]]) -> Path:
    path = folder / name
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def feature(geometry: dict[str, Any], **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def run(
    kind: str, path: Path, *, actor: Any = None, scope: str = "green-almaty", dry_run: bool = False
) -> ImportResult:
    return run_import(kind, path, context=ImportContext(actor=actor, scope=scope), dry_run=dry_run)


def refusals(result: ImportResult) -> list[tuple[int | None, str | None, str]]:
    return [(r.line, r.column, r.message) for r in result.refused]
