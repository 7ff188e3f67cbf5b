"""The values of a row's fields as history keeps them: a diff of two states as the `changes`
(display text) and `values` (machine form) of an `Edit`.

Display text is the same in every language: a code for a related row, a plain number, an ISO
date, the stored value of a choice (pages translate it with the field's choices), WKT for a
short geometry and its type and number of points for a long one. The machine form is what
JSON keeps exactly: a primary key, a number as text, an ISO date, EWKT.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.geos import GEOSGeometry
from django.db import models

from jasyl.core.numbers import plain

# Fields history does not follow: the key and the timestamps every write moves.
UNTRACKED = frozenset({"id", "created_at", "updated_at"})
# Geometries whose WKT is longer than this are shown by their type and number of points.
SHORT_WKT = 200
# Two coordinates closer than this (degrees, about 1 mm) are the same place.
SAME_PLACE = 1e-8


@dataclass
class Diff:
    changes: dict[str, list[Any]] = field(default_factory=dict)
    values: dict[str, list[Any]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.values)


def tracked_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The fields of a model that history records."""
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in UNTRACKED]


def model_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    found = model._meta.get_field(name)
    assert isinstance(found, models.Field)
    return found


def snapshot(row: models.Model, names: Iterable[str] | None = None) -> dict[str, Any]:
    """The row's values by field name (a related row as the object, or None)."""
    chosen = names if names is not None else [f.name for f in tracked_fields(type(row))]
    return {name: getattr(row, name) for name in chosen}


def machine(field: models.Field[Any, Any], value: Any) -> Any:
    """The value in the form JSON keeps exactly."""
    if value is None:
        return None
    if field.is_relation:
        return value.pk if isinstance(value, models.Model) else value
    if isinstance(value, GEOSGeometry):
        return value.ewkt
    if isinstance(value, Decimal):
        return str(plain(value))
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def display(field: models.Field[Any, Any], value: Any) -> str | None:
    """The value as history shows it (None for no value)."""
    if value is None or value == "":
        return None
    if field.is_relation:
        return str(value) if isinstance(value, models.Model) else f"#{value}"
    if isinstance(value, GEOSGeometry):
        wkt = value.wkt
        if len(wkt) <= SHORT_WKT:
            return str(wkt)
        return f"{value.geom_type} ({value.num_coords})"
    if isinstance(value, Decimal):
        return f"{plain(value):f}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def python(field: models.Field[Any, Any], value: Any) -> Any:
    """A machine-form value back as the field's Python value (a primary key for a relation)."""
    if value is None:
        return None
    if field.is_relation:
        return value
    if isinstance(field, GeometryField):
        return GEOSGeometry(value)
    return field.to_python(value)


def same(field: models.Field[Any, Any], a: Any, b: Any) -> bool:
    """Whether two Python values of the field are the same value."""
    if field.is_relation:
        a, b = machine(field, a), machine(field, b)
    if a in (None, "") or b in (None, ""):
        return a in (None, "") and b in (None, "")
    if isinstance(a, GEOSGeometry) and isinstance(b, GEOSGeometry):
        return bool(a.geom_type == b.geom_type and a.equals_exact(b, SAME_PLACE))
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return Decimal(str(a)) == Decimal(str(b))
    return bool(a == b)


def diff(model: type[models.Model], before: Mapping[str, Any], after: Mapping[str, Any]) -> Diff:
    """The fields whose value differs between two states (a missing name is no value)."""
    result = Diff()
    for f in tracked_fields(model):
        if f.name not in before and f.name not in after:
            continue
        old, new = before.get(f.name), after.get(f.name)
        if same(f, old, new):
            continue
        result.changes[f.name] = [display(f, old), display(f, new)]
        result.values[f.name] = [machine(f, old), machine(f, new)]
    return result


def assign(row: models.Model, name: str, value: Any) -> None:
    """Set a field from a machine-form value (a relation by its key)."""
    f = model_field(type(row), name)
    setattr(row, f.attname, python(f, value))
