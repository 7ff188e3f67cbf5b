"""The map layers: one declaration per layer, registered when its app starts.

A layer names the rows it shows (a callable returning a queryset, so that it is built at request
time, and already filtered to what the public may see), their geometry field, the attribute
fields put in each feature (an explicit list: never every column of the table), the zooms at
which its features are drawn one by one, and optionally an aggregate: below `min_zoom` its tiles
then hold the precomputed counts per grid cell (`counts.py`) instead of the rows.

    register(Layer(name="trees", queryset=public_trees, geometry="location",
                   fields=("species", "planted"), min_zoom=14, aggregate="trees-count",
                   category="species"))

Domain and web apps call `register` from `AppConfig.ready()`; core knows none of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.gis.db.models import GeometryField
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise

from jasyl.core.tiles.mercator import MAX_ZOOM

# The finest grid counted for aggregates, and how many zooms finer than the tile its cells are:
# a tile at zoom z shows the cells of zoom min(z + 4, 16), at most 16 by 16 per tile. At Almaty's
# latitude a zoom-16 cell is about 440 m wide.
FINE_ZOOM = 16
GRID_DEPTH = 4

# The types an attribute may have: MVT values are strings, numbers and booleans (Mapbox Vector
# Tile specification 2.1, section 4.1, https://github.com/mapbox/vector-tile-spec/tree/master/2.1).
# Decimals travel as doubles and dates as their ISO text, the same from both encoders.
ATTRIBUTE_TYPES = (
    models.CharField,  # SlugField, EmailField ... are CharFields
    models.TextField,
    models.IntegerField,  # and the small, big and positive ones
    models.FloatField,
    models.DecimalField,
    models.BooleanField,
    models.DateField,  # not DateTimeField, a subclass: its text differs between the databases
    models.ForeignKey,  # the related row's key
)
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")

_layers: dict[str, Layer] = {}


@dataclass(frozen=True)
class Layer:
    """A map layer served as vector tiles at `/tiles/<name>/<z>/<x>/<y>.pbf`."""

    name: str
    queryset: Callable[[], QuerySet[Any]]
    geometry: str
    fields: tuple[str, ...]
    min_zoom: int = 0
    max_zoom: int = 16
    # The grid counts shown below `min_zoom` (the key of their `GridCount` rows and the name of
    # the tile's layer); None: nothing is drawn below `min_zoom`.
    aggregate: str | None = None
    # A field whose values are counted apart in the aggregate (a species, a status).
    category: str | None = None
    # Served to anyone; a layer that is not public is not served at `/tiles/` at all.
    public: bool = True
    # What the map's layer switcher calls it (translated), and a link to a feature's page with
    # its attributes in braces: "/en/trees/{id}/".
    title: str | Promise = ""
    url: str = ""
    # For a field that holds any geometry type (GeometryField): the kind its queryset keeps
    # ("point", "line" or "polygon"); the field's own type otherwise.
    shape: str = ""
    # Filled by `register`: the model's geometry kind ("point", "line" or "polygon").
    kind: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not NAME.match(self.name):
            raise ImproperlyConfigured(
                f"map layer {self.name!r}: the name is a URL slug (a-z, 0-9, hyphens)"
            )
        if isinstance(self.fields, str) or not all(isinstance(f, str) for f in self.fields):
            raise ImproperlyConfigured(f"map layer {self.name!r}: fields is a tuple of names")
        object.__setattr__(self, "fields", tuple(self.fields))
        if not 0 <= self.min_zoom <= self.max_zoom <= MAX_ZOOM:
            raise ImproperlyConfigured(
                f"map layer {self.name!r}: zooms need 0 <= min_zoom <= max_zoom <= {MAX_ZOOM}"
            )
        if self.aggregate is not None:
            if not NAME.match(self.aggregate) or self.aggregate == self.name:
                raise ImproperlyConfigured(
                    f"map layer {self.name!r}: the aggregate is a slug of its own"
                )
            if self.min_zoom > FINE_ZOOM + 1:
                raise ImproperlyConfigured(
                    f"map layer {self.name!r}: aggregates are counted down to zoom {FINE_ZOOM}, "
                    f"so min_zoom is at most {FINE_ZOOM + 1}"
                )
        elif self.category is not None:
            raise ImproperlyConfigured(f"map layer {self.name!r}: a category needs an aggregate")

    @property
    def model(self) -> type[models.Model]:
        return self.queryset().model

    def cell_zooms(self) -> list[int]:
        """The zooms whose grid cells the aggregate tiles show (those below `min_zoom`)."""
        if self.aggregate is None:
            return []
        return sorted({min(z + GRID_DEPTH, FINE_ZOOM) for z in range(self.min_zoom)})


def _checked(layer: Layer) -> Layer:
    """The layer with its geometry kind, once its model says that every field it names exists
    and has a type a tile can carry."""
    model = layer.model
    try:
        geometry = model._meta.get_field(layer.geometry)
    except FieldDoesNotExist:
        geometry = None
    if not isinstance(geometry, GeometryField):
        raise ImproperlyConfigured(
            f"map layer {layer.name!r}: {model.__name__}.{layer.geometry} is not a geometry field"
        )
    if not geometry.spatial_index:
        raise ImproperlyConfigured(
            f"map layer {layer.name!r}: tiles are read through the spatial index, and "
            f"{model.__name__}.{layer.geometry} has spatial_index=False"
        )
    for name in (*layer.fields, *([layer.category] if layer.category else [])):
        try:
            found = model._meta.get_field(name)
        except FieldDoesNotExist:
            found = None
        if not isinstance(found, ATTRIBUTE_TYPES) or isinstance(found, models.DateTimeField):
            raise ImproperlyConfigured(
                f"map layer {layer.name!r}: {model.__name__}.{name} is not a text, number, "
                "boolean, date or foreign key field"
            )
    kind = geometry.geom_type.lower().removeprefix("multi")
    kind = {"linestring": "line", "point": "point", "polygon": "polygon"}.get(kind, "")
    if geometry.geom_type == "GEOMETRY" and layer.shape in ("point", "line", "polygon"):
        kind = layer.shape
    elif layer.shape:
        raise ImproperlyConfigured(
            f"map layer {layer.name!r}: a shape is declared for a field of any geometry type only"
        )
    if not kind:
        raise ImproperlyConfigured(
            f"map layer {layer.name!r}: a {geometry.geom_type} field cannot be drawn; use a "
            "point, line or polygon field"
        )
    object.__setattr__(layer, "kind", kind)
    return layer


def register(layer: Layer) -> Layer:
    """Add a layer to the map; its name must be new. Call it from `AppConfig.ready()`."""
    if layer.name in _layers:
        raise ImproperlyConfigured(f"map layer {layer.name!r} is registered twice")
    if layer.aggregate and any(other.aggregate == layer.aggregate for other in _layers.values()):
        raise ImproperlyConfigured(f"aggregate {layer.aggregate!r} is registered twice")
    _layers[layer.name] = _checked(layer)
    return layer


def unregister(name: str) -> None:
    """Remove a layer (tests register layers of their own)."""
    _layers.pop(name, None)


def layer(name: str) -> Layer:
    """The registered layer of that name; `LookupError` when there is none."""
    try:
        return _layers[name]
    except KeyError:
        raise LookupError(f"no map layer {name!r}") from None


def layers() -> list[Layer]:
    """Every registered layer, in the order they were registered."""
    return list(_layers.values())
