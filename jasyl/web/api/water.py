"""The water objects as GeoJSON FeatureCollections: rivers, canals and aryks (lines), water
intakes and hydraulic structures (points), ponds, water bodies and reservoirs (polygons) and
flood-protection sites, paged, with `?bbox=`, `?district=`, `?kind=`, `?status=`; official rows,
or with `?data=sample` the demonstration rows only. The features are those of the pages'
GeoJSON download (`web/water/geojson.py`)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from jasyl.domain.registries.lifecycle import Stage
from jasyl.domain.water.models import Kind
from jasyl.domain.water.selectors import Filters
from jasyl.web.api import geojson as g
from jasyl.web.api.greenfund import BBOX, PAGE, SAMPLE, FeatureList
from jasyl.web.api.serializers import Error, Number
from jasyl.web.common.params import wants_sample
from jasyl.web.water import geojson, reads

TAG = "water objects"

SHAPES = ("Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon")


@extend_schema_field(
    {
        "type": "object",
        "required": ["type", "coordinates"],
        "properties": {
            "type": {"type": "string", "enum": list(SHAPES)},
            "coordinates": {"type": "array", "description": "RFC 7946, WGS 84 lon, lat."},
        },
    }
)
class WaterGeometry(serializers.JSONField):
    pass


class WaterFilter(g.PlaceFilter):
    kind = serializers.ChoiceField(required=False, choices=Kind.values)
    status = serializers.ChoiceField(required=False, choices=Stage.values)


class WaterProperties(g.EntryProperties):
    kind = serializers.ChoiceField(choices=Kind.values)
    osm = serializers.DictField(
        child=serializers.CharField(), help_text="OpenStreetMap tags (waterway, usage...)."
    )
    natural = serializers.BooleanField(help_text="A river: not built, no lifecycle.")
    status = serializers.ChoiceField(choices=Stage.values, allow_null=True)
    in_service_on = serializers.DateField(allow_null=True)
    length_km = Number(help_text="Lines: measured in UTM 43N.")
    area_ha = Number(help_text="Polygons: measured in UTM 43N.")
    activity = serializers.CharField(allow_null=True, help_text="The roadmap activity's code.")
    works = serializers.IntegerField(allow_null=True, help_text="Works recorded on it.")
    source = serializers.CharField(allow_null=True)  # type: ignore[assignment]
    verified_on = serializers.DateField(allow_null=True)


class WaterFeature(serializers.Serializer[Any]):
    type = g.FeatureType()
    id = serializers.IntegerField()
    geometry = WaterGeometry()
    properties = WaterProperties()


class WaterPage(g.Page):
    features = WaterFeature(many=True)


class WaterObjectList(FeatureList):
    """Rivers, canals, aryks, water intakes, hydraulic structures, ponds, water bodies,
    reservoirs and flood-protection sites, with their length or area and works."""

    filters = WaterFilter

    def rows(self, request: Request) -> Any:
        params = self.params(request)
        filters = Filters(kind=params.get("kind", ""), status=params.get("status", ""))
        return reads.rows(filters, sample=wants_sample(request._request))

    def feature(self, row: Any) -> dict[str, Any]:
        return geojson.water_object(row)

    @extend_schema(
        operation_id="programmes_water_objects_list",
        parameters=[BBOX, *PAGE, SAMPLE],
        responses={200: WaterPage, 400: Error, 404: Error},
        tags=[TAG],
    )
    def get(self, request: Request, programme: str) -> Response:
        return self.listed(request, programme)
