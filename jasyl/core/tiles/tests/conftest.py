"""What the tile tests share: synthetic districts (squares near Almaty, never real boundaries),
a table of points of a test-only model, and layers registered for one test."""

from __future__ import annotations

import pytest
from django.contrib.gis.db import models
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import connection
from django.test.utils import isolate_apps

from jasyl.core.tiles.registry import Layer, register, unregister
from jasyl.domain.places.models import AdministrativeUnit

# Kept out of the project's models (and of its migrations): a table created for these tests.
with isolate_apps("jasyl.core"):

    class Pin(models.Model):
        location = models.PointField(srid=4326)
        kind = models.CharField(max_length=20, blank=True)
        height = models.DecimalField(max_digits=5, decimal_places=1, null=True)
        planted = models.DateField(null=True)

        class Meta:
            app_label = "core"
            db_table = "tiles_test_pin"


@pytest.fixture(scope="module")
def pin_table(django_db_setup, django_db_blocker):
    """The table of `Pin`, with its spatial index, for the tests of one module."""
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(Pin)
        yield Pin
        with connection.schema_editor() as editor:
            editor.delete_model(Pin)


def square(west: float, south: float, east: float, north: float) -> MultiPolygon:
    return MultiPolygon(Polygon.from_bbox((west, south, east, north)), srid=4326)


def district(code: str, box: tuple[float, float, float, float], **names: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.create(
        code=code,
        name_kk=names.pop("name_kk", f"{code} ауданы"),
        boundary=square(*box),
        source="synthetic.geojson",
        **names,
    )


@pytest.fixture
def registered():
    """Register layers for one test; they are removed afterwards."""
    names: list[str] = []

    def add(layer: Layer) -> Layer:
        register(layer)
        names.append(layer.name)
        return layer

    yield add
    for name in names:
        unregister(name)
