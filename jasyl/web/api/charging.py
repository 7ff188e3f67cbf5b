"""EV charging locations (OCPI 2.2.1: Location -> EVSE -> Connector) and air-purification
blocks as GeoJSON FeatureCollections, paged, with `?bbox=`, `?district=`, `?status=` (and, for
chargers, `?kind=` a power type); official rows, or with `?data=sample` the demonstration rows
only. The features are those of the pages' GeoJSON downloads (`web/charging/pages.py`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from jasyl.domain.charging import selectors
from jasyl.domain.charging.reference import ocpi
from jasyl.domain.registries.lifecycle import Stage
from jasyl.web.api import geojson as g
from jasyl.web.api.greenfund import BBOX, PAGE, SAMPLE, FeatureList
from jasyl.web.api.serializers import Error, Number
from jasyl.web.charging.pages import KINDS
from jasyl.web.common.features import feature
from jasyl.web.common.params import wants_sample

TAG = "EV charging and air purification"


def text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(allow_null=True, **kwargs)


def day(**kwargs: Any) -> serializers.DateField:
    return serializers.DateField(allow_null=True, **kwargs)


class RegistryFilter(g.PlaceFilter):
    status = serializers.ChoiceField(required=False, choices=Stage.values)


class ChargerFilter(RegistryFilter):
    kind = serializers.ChoiceField(
        required=False,
        choices=list(ocpi()["power_types"]),
        help_text="A power type of OCPI 2.2.1 (8.4.19): the locations with such a connector.",
    )


class BuiltProperties(g.LifecycleProperties):
    source = text()  # type: ignore[assignment]
    verified_on = day()


class ConnectorOut(serializers.Serializer[Any]):
    id = serializers.CharField(help_text="Unique within the EVSE (OCPI 8.3.3 `id`).")
    standard = serializers.ChoiceField(
        choices=list(ocpi()["connector_types"]), help_text="OCPI 2.2.1 ConnectorType (8.4.5)."
    )
    format = serializers.ChoiceField(
        choices=list(ocpi()["connector_formats"]),
        allow_null=True,
        help_text="OCPI 2.2.1 ConnectorFormat (8.4.4).",
    )
    power_type = serializers.ChoiceField(
        choices=list(ocpi()["power_types"]), help_text="OCPI 2.2.1 PowerType (8.4.19)."
    )
    max_power_kw = Number(help_text="The connector's maximum power, kW.")


class EvseOut(serializers.Serializer[Any]):
    uid = serializers.CharField(help_text="Unique within the location (OCPI 8.3.2 `uid`).")
    evse_id = text(help_text="The eMI3 EVSE ID, where the operator has one.")
    connectors = ConnectorOut(many=True)


class ChargerProperties(BuiltProperties):
    address = text()
    evses = EvseOut(many=True, help_text="The charging points: each charges one vehicle at a time.")


class BlockProperties(BuiltProperties):
    modules = serializers.IntegerField()
    equipment = text(help_text="The make or model, as the source names it.")


class ChargerFeature(serializers.Serializer[Any]):
    type = g.FeatureType()
    id = serializers.IntegerField()
    geometry = g.PointGeometry()
    properties = ChargerProperties()


class BlockFeature(serializers.Serializer[Any]):
    type = g.FeatureType()
    id = serializers.IntegerField()
    geometry = g.PointGeometry()
    properties = BlockProperties()


class ChargerPage(g.Page):
    features = ChargerFeature(many=True)


class BlockPage(g.Page):
    features = BlockFeature(many=True)


def _schema(name: str, page: type[serializers.Serializer[Any]]) -> Callable[..., Any]:
    return extend_schema(
        operation_id=f"programmes_registries_{name}_list",
        parameters=[BBOX, *PAGE, SAMPLE],
        responses={200: page, 400: Error, 404: Error},
        tags=[TAG],
    )


class BuiltList(FeatureList):
    filters = RegistryFilter
    kind = ""

    def rows(self, request: Request) -> Any:
        params = self.params(request)
        filters = selectors.Filters(status=params.get("status", ""), kind=params.get("kind", ""))
        return KINDS[self.kind].rows(filters, wants_sample(request._request)).order_by("code")

    def feature(self, row: Any) -> dict[str, Any]:
        return feature(row.pk, row.geometry, KINDS[self.kind].properties(row))


class ChargerList(BuiltList):
    """EV charging locations with their EVSEs and connectors (OCPI 2.2.1)."""

    filters = ChargerFilter
    kind = "ev-chargers"

    @_schema("ev_chargers", ChargerPage)
    def get(self, request: Request, programme: str) -> Response:
        return self.listed(request, programme)


class AirPurifierList(BuiltList):
    """Blocks of air-purification modules (item 1.8)."""

    kind = "air-purifiers"

    @_schema("air_purifiers", BlockPage)
    def get(self, request: Request, programme: str) -> Response:
        return self.listed(request, programme)
