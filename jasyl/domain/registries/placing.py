"""The district of a registry row, by a spatial join when the row is written.

One row asks the database (`places.selectors.district_at`); a batch (an import, the sample
data) loads the districts' boundaries once and tests each point in memory against GEOS prepared
geometries, after a test of the bounding box: 100 000 points against a city's districts take
seconds, not 100 000 queries. Both give the same answer: the first district by code whose
boundary intersects the point.

A polygon is placed by a point on its surface (GEOS `point_on_surface`, always inside it); a
row whose district was chosen by hand keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, Point

from jasyl.domain.places.models import AdministrativeUnit
from jasyl.domain.places.selectors import district_at


def representative_point(geometry: GEOSGeometry) -> Point:
    """The point a geometry is placed by: itself, or a point inside it."""
    if isinstance(geometry, Point):
        return geometry
    point = geometry.point_on_surface
    point.srid = geometry.srid
    return point


def place_row(entry: Any) -> None:
    """Set the row's district by a spatial join of its geometry, unless chosen by hand."""
    if entry.district_by_hand:
        return
    geometry = entry.geometry
    entry.district = district_at(representative_point(geometry)) if geometry else None


class DistrictFinder:
    """The districts' boundaries, loaded once, to place many points in memory."""

    def __init__(self) -> None:
        units = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT)
        self.units = [
            (unit, unit.boundary.prepared, unit.boundary.extent) for unit in units.order_by("code")
        ]

    def __call__(self, geometry: GEOSGeometry | None) -> AdministrativeUnit | None:
        if geometry is None or not self.units:
            return None
        point = representative_point(geometry)
        x, y = point.x, point.y
        for unit, prepared, (xmin, ymin, xmax, ymax) in self.units:
            if xmin <= x <= xmax and ymin <= y <= ymax and prepared.intersects(point):
                return unit
        return None


def place_rows(entries: Iterable[Any], finder: DistrictFinder | None = None) -> None:
    """`place_row` for many rows, with the boundaries loaded once."""
    find = finder or DistrictFinder()
    for entry in entries:
        if not entry.district_by_hand:
            entry.district = find(entry.geometry)
