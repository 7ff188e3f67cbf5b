"""The municipal waste pages: each registry's list with its filters and its rows' pages, the
recyclables KPI with its method, and their CSV and GeoJSON downloads. Official rows only, or
with `?data=sample` the demonstration rows only, marked. Cached per edition, the latest
registry edit and the day, like the green fund's (`common.registries.stamp`)."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from jasyl.domain.registries.lifecycle import Stage
from jasyl.domain.roadmap.selectors import get_programme
from jasyl.domain.waste.models import TonnageRecord
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
from jasyl.web.waste import geojson, reads, tables

PAGE_SIZE = 50
CACHED_SECONDS = 600
MAP_ZOOM = 17
FILTERS = ("district", "kind", "status", "data", "page")


@cached_page(params=FILTERS, stamp=stamp, seconds=CACHED_SECONDS)
def registry_list(request: HttpRequest, programme: str, registry: str) -> HttpResponse:
    """A waste registry, filtered, a page at a time."""
    record = get_programme(programme)
    found = reads.registry(registry)
    sample = wants_sample(request)
    units = districts()
    filters = tables.filters_of(found, request.GET)
    rows = reads.rows(found, filters, sample=sample)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = filters.query(sample)
    return render(
        request,
        "waste/list.html",
        {
            **page_context(request, record, sample, sample_exists(found.model)),
            "registry": found,
            "page": page,
            "filters": filters,
            "districts": units,
            "statuses": Stage.choices,
            "query": urlencode(query),
            "containers": found.slug == "container-sites",
        },
    )


def _map_link(row: object) -> str:
    point = row.geometry  # type: ignore[attr-defined]
    query = urlencode({"lon": f"{point.x:.6f}", "lat": f"{point.y:.6f}", "z": str(MAP_ZOOM)})
    return f"{reverse('maps:map')}?{query}"


@cached_page(stamp=stamp, seconds=CACHED_SECONDS)
def registry_row(request: HttpRequest, programme: str, registry: str, pk: int) -> HttpResponse:
    """A site or plant: its facts, containers, status, history and a link to the map."""
    record = get_programme(programme)
    found = reads.registry(registry)
    row = reads.row_page(found, pk)
    access = access_of(request, record)
    return render(
        request,
        "waste/row.html",
        {
            **page_context(request, record, row.is_sample, False),
            "registry": found,
            "row": row,
            "containers": list(row.containers.all()) if registry == "container-sites" else None,
            "history": history(row, applied_only=not access.signed_in),
            "map_link": _map_link(row),
            "next_statuses": row.next_stages() if access.is_reviewer else [],
        },
    )


@cached_page(params=("data",), stamp=stamp, seconds=CACHED_SECONDS)
def recyclables(request: HttpRequest, programme: str) -> HttpResponse:
    """The recyclables KPI computed from the tonnage records, its method and its sources."""
    record = get_programme(programme)
    sample = wants_sample(request)
    return render(
        request,
        "waste/recyclables.html",
        {
            **page_context(request, record, sample, sample_exists(TonnageRecord)),
            "kpi": reads.recyclables(record, sample=sample),
            "table": tables.recyclables_table(record, request.GET),
            "csv_view": "waste:csv",
            "query": urlencode({"data": "sample"} if sample else {}),
        },
    )


def data_csv(request: HttpRequest, programme: str, slug: str) -> HttpResponse:
    """A table of the waste pages as CSV, as filtered on its page."""
    record = get_programme(programme)
    table = tables.build(slug, record, request.GET)
    if table is None:
        raise Http404("No such table")
    response = HttpResponse(table.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{record.code}-waste-{slug}.csv"'
    return response


def data_geojson(request: HttpRequest, programme: str, slug: str) -> HttpResponse:
    """A waste registry, as filtered on its page, as a GeoJSON FeatureCollection."""
    record = get_programme(programme)
    found = reads.registry(slug)
    filters = tables.filters_of(found, request.GET)
    rows = reads.rows(found, filters, sample=wants_sample(request))
    content = json.dumps(collection(geojson.waste_row(r) for r in rows), ensure_ascii=False)
    response = HttpResponse(content, content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{record.code}-waste-{slug}.geojson"'
    return response
