"""The green fund's endpoints: the trees, felling permits, parks, nurseries and wood-waste sites
as GeoJSON FeatureCollections (djangorestframework-gis: `GeoJsonPagination` pages them,
`InBBoxFilter` reads `?bbox=`), and the writes (a tree, a permit, a felling, a planting)
through the same domain services as the pages, which ask `people.access`.

Reads are public: the official rows, or with `?data=sample` the demonstration rows only, as the
pages' sample switch. The features are those of the pages' GeoJSON downloads
(`web/greenfund/geojson.py`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.contrib.gis.geos import MultiPoint, Point, Polygon
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework_gis.filters import InBBoxFilter  # type: ignore[import-untyped]
from rest_framework_gis.pagination import GeoJsonPagination  # type: ignore[import-untyped]

from jasyl.domain.agencies.models import Agency
from jasyl.domain.greenfund.models import FellingPermit, Species, Tree
from jasyl.domain.greenfund.services import (
    issue_permit,
    record_felling,
    record_planting,
    save_tree,
)
from jasyl.domain.people.access import access_for
from jasyl.domain.places.models import WGS84, AdministrativeUnit
from jasyl.domain.registries.services import Saved
from jasyl.domain.roadmap.models import Activity, Programme
from jasyl.domain.roadmap.selectors import get_programme
from jasyl.web.api import geojson as g
from jasyl.web.api.serializers import Error
from jasyl.web.common.params import wants_sample
from jasyl.web.greenfund import geojson, reads

Handler = Callable[..., Response]
TAG = "green fund"
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}
SAMPLE = OpenApiParameter(
    "data",
    OpenApiTypes.STR,
    enum=["sample"],
    description="`sample`: the demonstration rows instead of the official ones, as the pages' "
    "sample switch.",
)
BBOX = OpenApiParameter(
    "bbox",
    {
        "type": "array",
        "items": {"type": "number"},
        "minItems": 4,
        "maxItems": 4,
    },
    style="form",
    explode=False,
    description="Only the features within `minlon,minlat,maxlon,maxlat` (degrees, WGS 84).",
)
PAGE = [
    OpenApiParameter("page", OpenApiTypes.INT, description="The page, from 1."),
    OpenApiParameter(
        "page_size",
        OpenApiTypes.INT,
        description="Features a page: 100 unless asked, at most 1000.",
    ),
]


class GeoPagination(GeoJsonPagination):  # type: ignore[misc]
    """Pages of a FeatureCollection (`?page=&page_size=`), with the count of all features."""

    page_size = 100
    max_page_size = 1000


class BBoxFilter(InBBoxFilter):  # type: ignore[misc]
    """`?bbox=minlon,minlat,maxlon,maxlat`, four finite numbers within WGS 84's bounds: the
    features whose geometry meets the box (a park that crosses its edge too). The library's
    `bboverlaps` is the bounding boxes' intersection on PostGIS but SpatiaLite's stricter
    `MbrOverlaps`; an exact intersection is the same answer on both."""

    bbox_param = "bbox"

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        box = self.get_filter_bbox(request)
        if box is None:
            return queryset
        return queryset.filter(**{f"{view.bbox_filter_field}__intersects": box})

    def get_filter_bbox(self, request: Request) -> Polygon | None:
        typed = request.query_params.get(self.bbox_param, "")
        if not typed:
            return None
        try:
            numbers = [float(n) for n in typed.split(",")]
        except ValueError:
            numbers = []
        if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
            raise exceptions.ParseError(_("bbox: give four numbers, minlon,minlat,maxlon,maxlat."))
        west, south, east, north = numbers
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise exceptions.ParseError(
                _("bbox: the longitudes are -180 to 180, the latitudes -90 to 90, west to east.")
            )
        box = Polygon.from_bbox((west, south, east, north))
        box.srid = WGS84
        return box


def _sample(request: Request) -> bool:
    return wants_sample(request._request)


class FeatureList(GenericAPIView[Any]):
    """A FeatureCollection, a page at a time: a list declares its filters and its features."""

    pagination_class = GeoPagination
    filter_backends = [BBoxFilter]
    bbox_filter_field = "geometry"
    filters: type[Serializer[Any]] = g.PlaceFilter

    def params(self, request: Request) -> dict[str, Any]:
        found = self.filters(data=request.query_params)
        found.is_valid(raise_exception=True)
        return dict(found.validated_data)

    def rows(self, request: Request) -> QuerySet[Any]:
        raise NotImplementedError

    def feature(self, row: Any) -> dict[str, Any]:
        raise NotImplementedError

    def listed(self, request: Request, programme: str) -> Response:
        get_programme(programme)
        params = self.params(request)
        found = self.filter_queryset(self.rows(request))
        if params.get("district"):
            found = found.filter(district__code=params["district"])
        page = self.paginate_queryset(found)
        features = [self.feature(row) for row in (page if page is not None else found)]
        assert self.paginator is not None
        return self.paginator.get_paginated_response({"features": features})


def _parameters(serializer: type[Serializer[Any]]) -> list[OpenApiParameter]:
    found = []
    for name, field in serializer().fields.items():
        choices = list(field.choices) if hasattr(field, "choices") else None
        kind = OpenApiTypes.INT if type(field).__name__ == "IntegerField" else OpenApiTypes.STR
        found.append(
            OpenApiParameter(name, kind, enum=choices, description=str(field.help_text or ""))
        )
    return found


def _list_schema(
    name: str, filters: type[Serializer[Any]], page: type[Serializer[Any]], bbox: bool
) -> Callable[[Handler], Handler]:
    return extend_schema(
        operation_id=f"programmes_green_fund_{name}_list",
        parameters=[*_parameters(filters), *([BBOX] if bbox else []), *PAGE, SAMPLE],
        responses={200: page, 400: Error, 404: Error},
        tags=[TAG],
    )


# --- trees -----------------------------------------------------------------------------------


def _tree(pk: int) -> Tree:
    found = (
        Tree.objects.select_related("species", "district", "felled_by", "activity")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such tree")
    return found


def _invalid(field: str, message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({field: [message]})


def _activity(record: Programme, code: str | None, field: str) -> Activity | None:
    if not code:
        return None
    found = Activity.objects.filter(programme=record, code=code).first()
    if found is None:
        raise _invalid(
            field, _("“%(code)s” is not an activity of this programme.") % {"code": code}
        )
    return found


def _species(typed: str | None, field: str) -> Species | None:
    if not typed:
        return None
    found = Species.objects.filter(latin_name__iexact=typed).first()
    if found is None:
        raise _invalid(field, _("“%(value)s” is not in the list of species.") % {"value": typed})
    return found


def _agency_or_name(typed: str) -> tuple[Agency | None, str]:
    found = Agency.objects.filter(code=typed).first() if typed else None
    return (found, "") if found is not None else (None, typed)


def tree_values(record: Programme, body: dict[str, Any]) -> dict[str, Any]:
    """A tree's fields as `save_tree` takes them, from the properties sent (only those)."""
    given = body["properties"]
    values: dict[str, Any] = {}
    if "geometry" in body:
        values["geometry"] = _point(body["geometry"]["coordinates"])
    plain = {
        "code": "code",
        "trunk_diameter_cm": "trunk_diameter_cm",
        "height_m": "height_m",
        "crown_diameter_m": "crown_diameter_m",
        "planted_year": "planted_year",
        "planted_on": "planted_on",
        "site": "site_name",
        "source": "source",
        "verified_on": "verified_on",
    }
    for name, field in plain.items():
        if name in given:
            values[field] = given[name]
    for name in ("condition", "site_type"):
        if name in given:
            values[name] = given[name] or ""
    if "species" in given:
        values["species"] = _species(given["species"], "properties.species")
    if "activity" in given:
        values["activity"] = _activity(record, given["activity"], "properties.activity")
    if "holder" in given:
        values["holder"], values["holder_name"] = _agency_or_name(given["holder"])
    if "district" in given:
        code = given["district"]
        values["district_by_hand"] = bool(code)
        if code:
            unit = AdministrativeUnit.objects.filter(
                code=code, level=AdministrativeUnit.Level.DISTRICT
            ).first()
            if unit is None:
                raise _invalid("properties.district", _("No district has this code."))
            values["district"] = unit
    if values.get("planted_on") is not None:
        values["planted_year"] = values["planted_on"].year
    return values


def _point(coordinates: list[float]) -> Point:
    return Point(coordinates[0], coordinates[1], srid=WGS84)


def _saved(saved: Saved, created: bool) -> Response:
    if saved.pending:
        assert saved.edit is not None
        return Response(
            {
                "detail": _("The edit waits for the programme office's approval."),
                "edit": saved.edit.pk,
            },
            status=202,
        )
    tree = _tree(saved.entry.pk)
    return Response(geojson.tree(tree), status=201 if created else 200)


class TreeList(FeatureList):
    """The registry's trees: official ones, or the sample ones."""

    filters = g.TreeFilter

    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated()] if self.request.method == "POST" else []

    def rows(self, request: Request) -> QuerySet[Tree]:
        params = self.params(request)
        filters = reads.TreeFilters(
            species=params.get("species", ""),
            condition=params.get("condition", ""),
            status=params.get("status", ""),
        )
        return reads.trees(filters, sample=_sample(request))

    def feature(self, row: Tree) -> dict[str, Any]:
        return geojson.tree(row)

    @_list_schema("trees", g.TreeFilter, g.TreePage, bbox=True)
    def get(self, request: Request, programme: str) -> Response:
        return self.listed(request, programme)

    @extend_schema(
        request=g.TreeIn,
        responses={201: g.TreeFeature, 202: g.Pending, **ERRORS},
        tags=[TAG],
        description="Register a tree: at once for the programme office; an agency's editor "
        "proposes it for an activity the agency executes, and it waits for the office (202).",
    )
    def post(self, request: Request, programme: str) -> Response:
        record = get_programme(programme)
        body = g.TreeIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if "geometry" not in data:
            raise _invalid("geometry", _("A new tree needs its place."))
        if not data["properties"].get("code"):
            raise _invalid("properties.code", _("A new tree needs its code."))
        saved = save_tree(
            tree=None,
            values=tree_values(record, data),
            actor=request.user,
            access=access_for(request.user, record),
        )
        return _saved(saved, created=True)


class TreeDetail(GenericAPIView[Any]):
    """One tree as a Feature; a change of it."""

    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated()] if self.request.method == "PATCH" else []

    @extend_schema(responses={200: g.TreeFeature, 404: Error}, tags=[TAG])
    def get(self, request: Request, programme: str, pk: int) -> Response:
        get_programme(programme)
        return Response(geojson.tree(_tree(pk)))

    @extend_schema(
        request=g.TreeIn,
        responses={200: g.TreeFeature, 202: g.Pending, **ERRORS},
        tags=[TAG],
        description="Change a tree: only the properties sent (and the place, if sent) change. "
        "At once for the programme office; proposed by the editors of the agencies executing "
        "its activity (202).",
    )
    def patch(self, request: Request, programme: str, pk: int) -> Response:
        record = get_programme(programme)
        found = _tree(pk)
        body = g.TreeIn(data=request.data)
        body.is_valid(raise_exception=True)
        saved = save_tree(
            tree=found,
            values=tree_values(record, body.validated_data),
            actor=request.user,
            access=access_for(request.user, record),
        )
        return _saved(saved, created=False)


# --- permits ---------------------------------------------------------------------------------


def _permit(pk: int) -> FellingPermit:
    found = (
        reads.with_places(FellingPermit.objects.select_related("district", "applicant", "activity"))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such permit")
    return found


def _permit_answer(pk: int, status: int = 200) -> Response:
    return Response(geojson.permit(_permit(pk)), status=status)


def _codes(codes: list[str], field: str) -> list[Tree]:
    found, unknown = reads.trees_by_code(codes)
    if unknown:
        raise _invalid(
            field,
            _("No tree of the registry has these codes: %(codes)s.")
            % {"codes": ", ".join(unknown)},
        )
    return found


class PermitList(FeatureList):
    """The felling register: each permit at the places of its trees, with what it owes, has
    planted and its state today."""

    filters = g.PermitFilter
    filter_backends: list[Any] = []

    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated()] if self.request.method == "POST" else []

    def rows(self, request: Request) -> QuerySet[FellingPermit]:
        params = self.params(request)
        filters = reads.PermitFilters(
            reason=params.get("reason", ""),
            state=params.get("state", ""),
            year=params.get("year"),
        )
        return reads.with_places(reads.permits(filters, sample=_sample(request)))

    def feature(self, row: FellingPermit) -> dict[str, Any]:
        return geojson.permit(row)

    @_list_schema("permits", g.PermitFilter, g.PermitPage, bbox=False)
    def get(self, request: Request, programme: str) -> Response:
        return self.listed(request, programme)

    @extend_schema(
        request=g.PermitIn,
        responses={201: g.PermitFeature, **ERRORS},
        tags=[TAG],
        description="Record a felling permit (the programme office). What it owes is worked "
        "out from the compensation rule in force on its day of issue; null where none is.",
    )
    def post(self, request: Request, programme: str) -> Response:
        record = get_programme(programme)
        body = g.PermitIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        issuer, issuer_name = _agency_or_name(data.get("issuer", ""))
        applicant, applicant_name = _agency_or_name(data.get("applicant", ""))
        issued = issue_permit(
            number=data["number"],
            issued_on=data["issued_on"],
            reason=data["reason"],
            trees=_codes(data["trees"], "trees"),
            trees_count=data.get("trees_count"),
            issuer=issuer,
            issuer_name=issuer_name,
            applicant=applicant,
            applicant_name=applicant_name,
            activity=_activity(record, data.get("activity"), "activity"),
            deadline=data.get("deadline"),
            source=data.get("source", ""),
            actor=request.user,
            access=access_for(request.user, record),
        )
        return _permit_answer(issued.pk, status=201)


class PermitDetail(GenericAPIView[Any]):
    @extend_schema(responses={200: g.PermitFeature, 404: Error}, tags=[TAG])
    def get(self, request: Request, programme: str, pk: int) -> Response:
        get_programme(programme)
        return _permit_answer(pk)


class FellingCreate(GenericAPIView[Any]):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=g.FellingIn,
        responses={200: g.PermitFeature, **ERRORS},
        tags=[TAG],
        description="Record trees felled under a permit (the programme office).",
    )
    def post(self, request: Request, programme: str, pk: int) -> Response:
        record = get_programme(programme)
        found = _permit(pk)
        body = g.FellingIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        codes = data.get("trees")
        record_felling(
            permit=found,
            felled_on=data["felled_on"],
            trees=_codes(codes, "trees") if codes is not None else None,
            count=data.get("count"),
            actor=request.user,
            access=access_for(request.user, record),
        )
        return _permit_answer(pk)


class PlantingCreate(GenericAPIView[Any]):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=g.PlantingIn,
        responses={201: g.PermitFeature, 202: g.Pending, **ERRORS},
        tags=[TAG],
        description="Record trees planted in compensation of a permit: at once for the "
        "programme office; proposed by the editors of the agencies that owe it (202).",
    )
    def post(self, request: Request, programme: str, pk: int) -> Response:
        record = get_programme(programme)
        found = _permit(pk)
        body = g.PlantingIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        location = data.get("location")
        points = data.get("points")
        recorded = record_planting(
            permit=found,
            planted_on=data["planted_on"],
            count=data.get("count"),
            species=_species(data.get("species"), "species"),
            location=_point(location["coordinates"]) if location else None,
            points=MultiPoint([_point(c) for c in points["coordinates"]], srid=WGS84)
            if points
            else None,
            code=data.get("code", ""),
            actor=request.user,
            access=access_for(request.user, record),
        )
        if recorded.pending:
            assert recorded.edit is not None
            return Response(
                {
                    "detail": _("The planting waits for the programme office's approval."),
                    "edit": recorded.edit.pk,
                },
                status=202,
            )
        return _permit_answer(pk, status=201)


# --- places ----------------------------------------------------------------------------------


class ParkList(FeatureList):
    """Parks, squares, boulevards and forest parks with their boundaries and areas."""

    def rows(self, request: Request) -> QuerySet[Any]:
        return reads.parks(sample=_sample(request)).order_by("code")

    def feature(self, row: Any) -> dict[str, Any]:
        return geojson.park(row)

    @_list_schema("parks", g.PlaceFilter, g.ParkPage, bbox=True)
    def get(self, request: Request, programme: str) -> Response:
        return self.listed(request, programme)


class NurseryList(FeatureList):
    """Nurseries with their areas and the seedlings last counted."""

    def rows(self, request: Request) -> QuerySet[Any]:
        return reads.nurseries(sample=_sample(request)).order_by("code")

    def feature(self, row: Any) -> dict[str, Any]:
        return geojson.nursery(row)

    @_list_schema("nurseries", g.PlaceFilter, g.NurseryPage, bbox=True)
    def get(self, request: Request, programme: str) -> Response:
        return self.listed(request, programme)


class WoodWasteSiteList(FeatureList):
    """Sites that collect and process wood waste, with their capacity."""

    def rows(self, request: Request) -> QuerySet[Any]:
        return reads.wood_waste_sites(sample=_sample(request)).order_by("code")

    def feature(self, row: Any) -> dict[str, Any]:
        return geojson.wood_waste_site(row)

    @_list_schema("wood_waste_sites", g.PlaceFilter, g.SitePage, bbox=True)
    def get(self, request: Request, programme: str) -> Response:
        return self.listed(request, programme)
