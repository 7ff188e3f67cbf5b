"""The water pages: the registry's list with its filters, an object's page with its works and
history, and their CSV and GeoJSON downloads. Official rows only, or with `?data=sample` the
demonstration rows only, marked. Cached per edition, the latest registry edit and the day, like
the other registries' pages (`common.registries.stamp`)."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from jasyl.domain.registries.lifecycle import DATE_FIELDS, ORDER, Stage
from jasyl.domain.roadmap.selectors import get_programme
from jasyl.domain.water.models import Kind, WaterObject
from jasyl.domain.water.selectors import works_of
from jasyl.web.common.caching import cached_page
from jasyl.web.common.features import collection
from jasyl.web.common.params import wants_sample
from jasyl.web.common.registries import (
    access_of,
    districts,
    history,
    page_context,
    sample_exists,
    stamp,
)
from jasyl.web.water import geojson, reads, tables

PAGE_SIZE = 50
CACHED_SECONDS = 600
MAP_ZOOM = 15
FILTERS = ("district", "kind", "status", "data", "page")


@cached_page(params=FILTERS, stamp=stamp, seconds=CACHED_SECONDS)
def objects(request: HttpRequest, programme: str) -> HttpResponse:
    """The water objects, filtered, a page at a time."""
    record = get_programme(programme)
    sample = wants_sample(request)
    filters = tables.filters_of(request.GET)
    page = Paginator(reads.rows(filters, sample=sample), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "water/list.html",
        {
            **page_context(request, record, sample, sample_exists(WaterObject)),
            "page": page,
            "filters": filters,
            "districts": districts(),
            "kinds": Kind.choices,
            "statuses": Stage.choices,
            "query": urlencode(filters.query(sample)),
            "works_query": urlencode({"data": "sample"} if sample else {}),
        },
    )


def _map_link(row: WaterObject) -> str:
    point = row.geometry.point_on_surface
    query = urlencode({"lon": f"{point.x:.6f}", "lat": f"{point.y:.6f}", "z": str(MAP_ZOOM)})
    return f"{reverse('maps:map')}?{query}"


@cached_page(stamp=stamp, seconds=CACHED_SECONDS)
def water_object(request: HttpRequest, programme: str, pk: int) -> HttpResponse:
    """An object: its facts, stages, works, history and a link to the map."""
    record = get_programme(programme)
    row = reads.row_page(pk)
    access = access_of(request, record)
    return render(
        request,
        "water/row.html",
        {
            **page_context(request, record, row.is_sample, False),
            "row": row,
            "stage": reads.stage_text(row),
            "stages": []
            if row.natural
            else [(Stage(s).label, getattr(row, DATE_FIELDS[s])) for s in ORDER],
            "works": list(works_of(row)),
            "history": history(row, applied_only=not access.signed_in),
            "map_link": _map_link(row),
            "next_statuses": row.next_stages() if access.is_reviewer else [],
        },
    )


def data_csv(request: HttpRequest, programme: str, slug: str) -> HttpResponse:
    """A table of the water pages as CSV, as filtered on its page."""
    record = get_programme(programme)
    table = tables.build(slug, request.GET)
    if table is None:
        raise Http404("No such table")
    response = HttpResponse(table.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{record.code}-water-{slug}.csv"'
    return response


def data_geojson(request: HttpRequest, programme: str) -> HttpResponse:
    """The water objects, as filtered on their page, as a GeoJSON FeatureCollection."""
    record = get_programme(programme)
    filters = tables.filters_of(request.GET)
    rows = reads.rows(filters, sample=wants_sample(request))
    content = json.dumps(collection(geojson.water_object(r) for r in rows), ensure_ascii=False)
    response = HttpResponse(content, content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{record.code}-water-objects.geojson"'
    return response
