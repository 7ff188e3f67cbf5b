"""The green fund's GeoJSON in the schema (RFC 7946 Features and FeatureCollections, their
geometries in WGS 84) and the validation of its request bodies and filters. The JSON itself is
built by `web/greenfund/geojson.py`, the same for the pages' downloads; no rule lives here.

A constant such as a Feature's `"type": "Feature"` is documented as a pattern, not an enum: the
schema's enum names stay those of the rest of the API.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jasyl.domain.greenfund.compensation import PermitState, Reason
from jasyl.domain.greenfund.models import Park, Tree
from jasyl.domain.registries.lifecycle import Stage
from jasyl.web.api.serializers import Number


def constant(value: str) -> dict[str, Any]:
    return {"type": "string", "pattern": f"^{value}$"}


POSITION = {
    "type": "array",
    "items": {"type": "number"},
    "minItems": 2,
    "maxItems": 2,
    "description": "Longitude, latitude (degrees, WGS 84).",
}
POINT = {
    "type": "object",
    "properties": {"type": constant("Point"), "coordinates": POSITION},
    "required": ["type", "coordinates"],
}
MULTIPOINT = {
    "type": "object",
    "properties": {
        "type": constant("MultiPoint"),
        "coordinates": {"type": "array", "items": POSITION},
    },
    "required": ["type", "coordinates"],
}
RING = {"type": "array", "items": POSITION, "minItems": 4}
MULTIPOLYGON = {
    "type": "object",
    "properties": {
        "type": constant("MultiPolygon"),
        "coordinates": {"type": "array", "items": {"type": "array", "items": RING}},
    },
    "required": ["type", "coordinates"],
}


@extend_schema_field(POINT)
class PointGeometry(serializers.JSONField):
    pass


@extend_schema_field({**MULTIPOINT, "nullable": True})
class PlacesGeometry(serializers.JSONField):
    """A permit's places: its registered trees and the other places it names (null: none)."""


@extend_schema_field(MULTIPOLYGON)
class MultiPolygonGeometry(serializers.JSONField):
    pass


@extend_schema_field({"oneOf": [POINT, MULTIPOLYGON]})
class PointOrPolygons(serializers.JSONField):
    pass


@extend_schema_field(constant("Feature"))
class FeatureType(serializers.CharField):
    pass


@extend_schema_field(constant("FeatureCollection"))
class CollectionType(serializers.CharField):
    pass


def _text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(allow_null=True, **kwargs)


def _day(**kwargs: Any) -> serializers.DateField:
    return serializers.DateField(allow_null=True, **kwargs)


class Names(serializers.Serializer[Any]):
    kk = serializers.CharField(allow_blank=True)
    ru = serializers.CharField(allow_blank=True)
    en = serializers.CharField(allow_blank=True)


# --- responses -------------------------------------------------------------------------------


class TreeProperties(serializers.Serializer[Any]):
    code = serializers.CharField()
    species = _text(help_text="Latin name; null: not known.")
    district = _text(help_text="The district's code, found from the place; null: none.")
    condition = serializers.ChoiceField(choices=Tree.Condition.values, allow_null=True)
    status = serializers.ChoiceField(choices=Tree.Status.values)
    trunk_diameter_cm = Number(help_text="At 1.3 m.")
    height_m = Number()
    crown_diameter_m = Number()
    planted_year = serializers.IntegerField(allow_null=True)
    planted_on = _day()
    site_type = serializers.ChoiceField(choices=Tree.SiteType.values, allow_null=True)
    site = _text()
    felled_on = _day()
    felled_under = _text(help_text="The number of the permit it was felled under.")
    activity = _text(help_text="The roadmap item that delivers it.")
    sample = serializers.BooleanField(help_text="Demonstration data, never official.")


class TreeFeature(serializers.Serializer[Any]):
    type = FeatureType()
    id = serializers.IntegerField()
    geometry = PointGeometry()
    properties = TreeProperties()


class Page(serializers.Serializer[Any]):
    type = CollectionType()
    count = serializers.IntegerField(help_text="Features matching the filters, on all pages.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)


class TreePage(Page):
    features = TreeFeature(many=True)


class PermitProperties(serializers.Serializer[Any]):
    number = serializers.CharField()
    issued_on = serializers.DateField()
    reason = serializers.ChoiceField(choices=Reason.values)
    district = _text(help_text="Where most of its trees stand.")
    trees_count = serializers.IntegerField(help_text="Trees it allows felling.")
    felled_count = serializers.IntegerField()
    owed = Number(help_text="Trees owed by the rule in force on the day of issue; null: unknown.")
    planted_count = serializers.IntegerField()
    missing = Number(help_text="Trees still to plant; null: unknown.")
    state = serializers.ChoiceField(choices=PermitState.values, help_text="As of today.")
    deadline = _day()
    sample = serializers.BooleanField()


class PermitFeature(serializers.Serializer[Any]):
    type = FeatureType()
    id = serializers.IntegerField()
    geometry = PlacesGeometry(allow_null=True)
    properties = PermitProperties()


class PermitPage(Page):
    features = PermitFeature(many=True)


class EntryProperties(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = Names()
    district = _text()
    holder = _text(help_text="An agency's name, or the holder as named.")
    sample = serializers.BooleanField()


class LifecycleProperties(EntryProperties):
    """A built object's row: the shared lifecycle (`registries.lifecycle`)."""

    status = serializers.ChoiceField(choices=Stage.values)
    planned_on = _day(help_text="The day it was planned.")
    designed_on = _day(help_text="The day its design was done.")
    construction_started_on = _day(help_text="The day its construction started.")
    in_service_on = _day(help_text="The day it came into service.")
    decommissioned_on = _day(help_text="The day it was decommissioned.")
    budget_period = _text(help_text="The code of the plan's period whose money delivers it.")
    activity = _text(help_text="The roadmap activity's code.")


class ParkProperties(EntryProperties):
    kind = serializers.ChoiceField(choices=Park.Kind.values)
    area_ha = Number()


class ParkFeature(serializers.Serializer[Any]):
    type = FeatureType()
    id = serializers.IntegerField()
    geometry = MultiPolygonGeometry()
    properties = ParkProperties()


class ParkPage(Page):
    features = ParkFeature(many=True)


class NurseryProperties(EntryProperties):
    area_ha = Number()
    seedlings = serializers.IntegerField(
        allow_null=True, help_text="The latest count of each species, added up."
    )
    counted_on = _day(help_text="The latest of those counts.")


class NurseryFeature(serializers.Serializer[Any]):
    type = FeatureType()
    id = serializers.IntegerField()
    geometry = PointOrPolygons()
    properties = NurseryProperties()


class NurseryPage(Page):
    features = NurseryFeature(many=True)


class SiteProperties(EntryProperties):
    capacity_m3_per_year = Number()


class SiteFeature(serializers.Serializer[Any]):
    type = FeatureType()
    id = serializers.IntegerField()
    geometry = PointGeometry()
    properties = SiteProperties()


class SitePage(Page):
    features = SiteFeature(many=True)


class Pending(serializers.Serializer[Any]):
    detail = serializers.CharField()
    edit = serializers.IntegerField(help_text="The edit waiting for the programme office.")


# --- filters ---------------------------------------------------------------------------------


class PlaceFilter(serializers.Serializer[Any]):
    district = serializers.CharField(required=False, max_length=100, help_text="District code.")


class TreeFilter(PlaceFilter):
    species = serializers.CharField(required=False, max_length=200, help_text="Latin name.")
    condition = serializers.ChoiceField(required=False, choices=Tree.Condition.values)
    status = serializers.ChoiceField(required=False, choices=Tree.Status.values)


class PermitFilter(PlaceFilter):
    reason = serializers.ChoiceField(required=False, choices=Reason.values)
    state = serializers.ChoiceField(
        required=False, choices=PermitState.values, help_text="As of today."
    )
    year = serializers.IntegerField(
        required=False, min_value=1900, max_value=2100, help_text="Year of issue."
    )


# --- writes ----------------------------------------------------------------------------------


class PointIn(serializers.Serializer[Any]):
    type = serializers.RegexField(r"^Point$", help_text="`Point`.")
    coordinates = serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        help_text=str(POSITION["description"]),
    )

    def validate_coordinates(self, value: list[float]) -> list[float]:
        lon, lat = value
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise serializers.ValidationError("Longitude -180..180, latitude -90..90.")
        return value


class MultiPointIn(serializers.Serializer[Any]):
    type = serializers.RegexField(r"^MultiPoint$", help_text="`MultiPoint`.")
    coordinates = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
        min_length=1,
        max_length=10_000,
    )

    def validate_coordinates(self, value: list[list[float]]) -> list[list[float]]:
        if any(not (-180 <= lon <= 180 and -90 <= lat <= 90) for lon, lat in value):
            raise serializers.ValidationError("Longitude -180..180, latitude -90..90.")
        return value


def _decimal(places: int, **kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=5 + places, decimal_places=places, required=False, allow_null=True, **kwargs
    )


class TreePropertiesIn(serializers.Serializer[Any]):
    """A tree's properties to write; on a change, only those sent change."""

    code = serializers.CharField(max_length=100, required=False)
    species = serializers.CharField(
        max_length=200, required=False, allow_null=True, help_text="Latin name; null: not known."
    )
    condition = serializers.ChoiceField(
        choices=Tree.Condition.values, required=False, allow_blank=True, allow_null=True
    )
    trunk_diameter_cm = _decimal(1)
    height_m = _decimal(2)
    crown_diameter_m = _decimal(2)
    planted_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=1800, max_value=2100
    )
    planted_on = serializers.DateField(required=False, allow_null=True)
    site_type = serializers.ChoiceField(
        choices=Tree.SiteType.values, required=False, allow_blank=True, allow_null=True
    )
    site = serializers.CharField(max_length=300, required=False, allow_blank=True)
    district = serializers.CharField(
        max_length=100,
        required=False,
        allow_null=True,
        help_text="A district's code, chosen by hand; null: found from the place.",
    )
    activity = serializers.CharField(
        max_length=20, required=False, allow_null=True, help_text="A roadmap item, such as 2.2."
    )
    holder = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text="An agency's code, or the holder's name.",
    )
    source = serializers.CharField(max_length=5000, required=False, allow_blank=True)  # type: ignore[assignment]
    verified_on = serializers.DateField(required=False, allow_null=True)


class TreeIn(serializers.Serializer[Any]):
    """A tree as a GeoJSON Feature: its place and its properties."""

    type = serializers.RegexField(r"^Feature$", help_text="`Feature`.")
    geometry = PointIn(required=False)
    properties = TreePropertiesIn()


class PermitIn(serializers.Serializer[Any]):
    number = serializers.CharField(max_length=100)
    issued_on = serializers.DateField()
    reason = serializers.ChoiceField(choices=Reason.values)
    trees = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        default=list,
        max_length=10_000,
        help_text="Codes of the registry's trees it allows felling.",
    )
    trees_count = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Default: the trees listed."
    )
    deadline = serializers.DateField(required=False, allow_null=True)
    issuer = serializers.CharField(max_length=300, required=False, allow_blank=True)
    applicant = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text="An agency's code (it owes the compensation), or a name.",
    )
    activity = serializers.CharField(max_length=20, required=False, allow_null=True)
    source = serializers.CharField(max_length=5000, required=False, allow_blank=True)  # type: ignore[assignment]


class FellingIn(serializers.Serializer[Any]):
    felled_on = serializers.DateField()
    trees = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        allow_null=True,
        max_length=10_000,
        help_text="Codes of the permit's trees felled; default: all it lists still standing.",
    )
    count = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Trees felled in all."
    )


class PlantingIn(serializers.Serializer[Any]):
    planted_on = serializers.DateField()
    count = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Default: the places' number."
    )
    species = serializers.CharField(max_length=200, required=False, allow_null=True)
    code = serializers.CharField(max_length=100, required=False, allow_blank=True)
    location = PointIn(required=False, allow_null=True, help_text="One place for all of them.")
    points = MultiPointIn(
        required=False,
        allow_null=True,
        help_text="A place per tree planted: each becomes a tree of the registry.",
    )
