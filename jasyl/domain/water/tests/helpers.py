"""Water objects and works written through the services, for the tests."""

from __future__ import annotations

from typing import Any

from django.contrib.gis.geos import LineString, MultiPolygon, Polygon

from jasyl.domain.water.models import WaterObject, WaterWork
from jasyl.domain.water.services import record_work, save_object
from jasyl.testing.greenfund import IN_WEST, point

# About 1.62 km along latitude 43.25, inside the synthetic district "west".
LINE = ((76.90, 43.25), (76.92, 43.25))
# About 0.01° by 0.005° inside "west": some 40 ha.
POND = ((76.905, 43.245), (76.915, 43.245), (76.915, 43.250), (76.905, 43.250), (76.905, 43.245))


def line(coords: tuple[tuple[float, float], ...] = LINE) -> LineString:
    return LineString(coords, srid=4326)


def pond_shape() -> MultiPolygon:
    return MultiPolygon(Polygon(POND, srid=4326), srid=4326)


def water_object(code: str, kind: str, **values: Any) -> WaterObject:
    shapes = {
        "river": line,
        "canal": line,
        "aryk": line,
        "pond": pond_shape,
        "water_body": pond_shape,
        "reservoir": pond_shape,
    }
    geometry = shapes[kind]() if kind in shapes else point(IN_WEST)
    saved = save_object(
        entry=None,
        values={
            "code": code,
            "name_en": f"Object {code}",
            "kind": kind,
            "geometry": geometry,
            **values,
        },
        actor=None,
        access=None,
    )
    entry: WaterObject = saved.entry
    return entry


def work(row: WaterObject, kind: str, done_on: Any, **values: Any) -> WaterWork:
    return record_work(
        water_object=row,
        values={"kind": kind, "done_on": done_on, "source": "test", **values},
        actor=None,
        access=None,
    )
