"""The public pages of EV charging and air-purification blocks: a list per kind with its
filters, a row's page, and the list as CSV and GeoJSON. Official rows only, or with
`?data=sample` the demonstration rows only, marked. Cached per edition and the latest registry
edit, like the green fund's pages."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode

from jasyl.domain.charging.models import ChargingLocation
from jasyl.domain.charging.selectors import sample_exists
from jasyl.domain.registries.lifecycle import Stage
from jasyl.domain.registries.selectors import latest_edit
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.web.charging.pages import KINDS, Kind, districts
from jasyl.web.common.caching import cached_page
from jasyl.web.common.params import wants_sample
from jasyl.web.common.registries import access_of

FILTERS = ("district", "status", "kind", "data")


def kind_of(kind: str) -> Kind:
    if kind not in KINDS:
        raise Http404("No such registry")
    return KINDS[kind]


@cached_page(params=FILTERS, stamp=latest_edit)
def registry(request: HttpRequest, programme: str, kind: str) -> HttpResponse:
    """A registry's rows, filtered by district, status and (chargers) power type."""
    record = get_programme(programme)
    found = kind_of(kind)
    sample = wants_sample(request)
    filters = found.filters(request.GET)
    rows = list(found.rows(filters, sample))
    table = found.table(request.GET)
    return render(
        request,
        "charging/registry.html",
        {
            "plan": current_plan(record),
            "kind": found,
            "table": table,
            "entries": list(zip(rows, table.rows, strict=True)),
            "filters": filters,
            "districts": districts(),
            "statuses": Stage.choices,
            "kinds": found.kind_choices(),
            "progress": {"sample": sample, "has_sample": sample or sample_exists(found.model)},
            "query": urlencode(filters.query(sample)),
            "office": access_of(request, record).is_reviewer,
        },
    )


@cached_page(stamp=latest_edit)
def entry(request: HttpRequest, programme: str, kind: str, pk: int) -> HttpResponse:
    """One row: its attributes, its lifecycle with the date of each stage, and (a charging
    location) its EVSEs and connectors."""
    record = get_programme(programme)
    found = kind_of(kind)
    row = get_object_or_404(
        found.model._default_manager.select_related("district", "holder", "activity"), pk=pk
    )
    evses = (
        list(row.evses.prefetch_related("connectors")) if isinstance(row, ChargingLocation) else []
    )
    return render(
        request,
        "charging/entry.html",
        {
            "plan": current_plan(record),
            "kind": found,
            "row": row,
            "evses": evses,
            "sample": row.is_sample,
            "detail": True,
            "office": access_of(request, record).is_reviewer,
        },
    )


def data_csv(request: HttpRequest, programme: str, kind: str) -> HttpResponse:
    """A registry's list as CSV, as filtered on its page."""
    record = get_programme(programme)
    table = kind_of(kind).table(request.GET)
    response = HttpResponse(table.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{record.code}-{kind}.csv"'
    return response


def data_geojson(request: HttpRequest, programme: str, kind: str) -> HttpResponse:
    """A registry's list as a GeoJSON FeatureCollection, as filtered on its page."""
    record = get_programme(programme)
    content = json.dumps(kind_of(kind).features(request.GET), ensure_ascii=False)
    response = HttpResponse(content, content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{record.code}-{kind}.geojson"'
    return response
