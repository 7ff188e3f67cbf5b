"""The municipal waste registries as GeoJSON FeatureCollections: container sites (with their
containers per fraction), collection sites and treatment plants, paged, with `?bbox=`,
`?district=`, `?kind=`, `?status=`; official rows, or with `?data=sample` the demonstration
rows only. The features are those of the pages' GeoJSON downloads (`web/waste/geojson.py`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from jasyl.domain.registries.lifecycle import Stage
from jasyl.domain.waste.models import Fraction
from jasyl.web.api import geojson as g
from jasyl.web.api.greenfund import BBOX, PAGE, SAMPLE, FeatureList
from jasyl.web.api.serializers import Error, Number
from jasyl.web.common.params import wants_sample
from jasyl.web.waste import geojson, reads

TAG = "municipal waste"


class WasteFilter(g.PlaceFilter):
    kind = serializers.CharField(required=False, max_length=30, help_text="The kind's code.")
    status = serializers.ChoiceField(required=False, choices=Stage.values)


class ContainerCount(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    volume_m3 = Number()


class WasteProperties(g.LifecycleProperties):
    kind = serializers.CharField()
    containers = serializers.DictField(
        child=ContainerCount(),
        required=False,
        help_text=f"Container sites: per fraction ({', '.join(Fraction.values)}).",
    )
    area_m2 = Number(required=False)
    capacity_t_per_year = Number(required=False)


class WasteFeature(serializers.Serializer[Any]):
    type = g.FeatureType()
    id = serializers.IntegerField()
    geometry = g.PointGeometry()
    properties = WasteProperties()


class WastePage(g.Page):
    features = WasteFeature(many=True)


def _schema(name: str) -> Callable[..., Any]:
    return extend_schema(
        operation_id=f"programmes_waste_{name}_list",
        parameters=[BBOX, *PAGE, SAMPLE],
        responses={200: WastePage, 400: Error, 404: Error},
        tags=[TAG],
    )


class WasteList(FeatureList):
    filters = WasteFilter
    registry = ""

    def rows(self, request: Request) -> Any:
        found = reads.registry(self.registry)
        params = self.params(request)
        filters = reads.Filters(kind=params.get("kind", ""), status=params.get("status", ""))
        return reads.rows(found, filters, sample=wants_sample(request._request))

    def feature(self, row: Any) -> dict[str, Any]:
        return geojson.waste_row(row)


class ContainerSiteList(WasteList):
    """Courtyard and underground container sites with their containers per fraction."""

    registry = "container-sites"

    @_schema("container_sites")
    def get(self, request: Request, programme: str) -> Response:
        return self.listed(request, programme)


class WasteSiteList(WasteList):
    """Eco-stations, mesh containers, bulky- and construction-waste sites."""

    registry = "sites"

    @_schema("sites")
    def get(self, request: Request, programme: str) -> Response:
        return self.listed(request, programme)


class PlantList(WasteList):
    """Waste treatment plants (RDF, incineration, construction waste) with their capacity."""

    registry = "plants"

    @_schema("plants")
    def get(self, request: Request, programme: str) -> Response:
        return self.listed(request, programme)
