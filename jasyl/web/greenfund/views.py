"""The green fund's public pages: the felling register, a permit, a tree, the trees, the district
statistics and the lists of parks, nurseries and wood-waste sites, with their CSV and GeoJSON
downloads. Official rows only, or with `?data=sample` the demonstration rows only, marked.

Public pages are cached per edition like the others, and also per the latest registry edit and
the day (`reads.stamp`): a tree saved or a permit moved shows at once, and a deadline that
passed shows the next morning."""

from __future__ import annotations

import json
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from jasyl.domain.greenfund.compensation import PermitState, Reason
from jasyl.domain.greenfund.models import FellingPermit, Nursery, Park, Tree, WoodWasteSite
from jasyl.domain.greenfund.services import owing_agencies
from jasyl.domain.registries.rights import write_mode
from jasyl.domain.roadmap.selectors import get_programme
from jasyl.web.common.caching import cached_page
from jasyl.web.common.params import wants_sample
from jasyl.web.common.registries import access_of, page_context
from jasyl.web.greenfund import geojson, reads, shown, tables

PAGE_SIZE = 50
# A cached page stands at most this long (seconds): the compensation rules are edited in the
# admin, which records no registry edit.
CACHED_SECONDS = 600
MAP_ZOOM = 17


def _paged(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


FILTERS = ("district", "reason", "state", "year", "data", "page")


@cached_page(params=FILTERS, stamp=reads.stamp, seconds=CACHED_SECONDS)
def permits(request: HttpRequest, programme: str) -> HttpResponse:
    """The felling register: every permit with what it owes, has planted and its state."""
    record = get_programme(programme)
    sample = wants_sample(request)
    units = reads.districts()
    filters = reads.PermitFilters.from_query(request.GET, [u.code for u in units])
    page = _paged(request, reads.permits(filters, sample=sample))
    on = reads.today()
    query = filters.query(sample)
    return render(
        request,
        "greenfund/permits.html",
        {
            **page_context(request, record, sample, reads.sample_exists(FellingPermit)),
            "page": page,
            "rows": [(p, reads.state_of(p, on)) for p in page.object_list],
            "filters": filters,
            "districts": units,
            "reasons": Reason.choices,
            "states": PermitState.choices,
            "years": reads.permit_years(sample=sample),
            "query": urlencode(query),
            "filtered": urlencode({k: v for k, v in query.items() if k != "data"}),
        },
    )


def _map_link(tree: Tree) -> str:
    point = tree.geometry
    query = urlencode({"lon": f"{point.x:.6f}", "lat": f"{point.y:.6f}", "z": str(MAP_ZOOM)})
    return f"{reverse('maps:map')}?{query}"


@cached_page(stamp=reads.stamp, seconds=CACHED_SECONDS)
def permit(request: HttpRequest, programme: str, pk: int) -> HttpResponse:
    """A permit: its facts, trees, the rule behind what it owes, its plantings and history."""
    record = get_programme(programme)
    found = reads.permit_page(pk)
    access = access_of(request, record)
    planted, planted_total = reads.compensation_trees(found)
    plants = access.signed_in and write_mode(access, [owing_agencies(found)]) is not None
    state = reads.state_of(found)
    return render(
        request,
        "greenfund/permit.html",
        {
            **page_context(request, record, found.is_sample, False),
            "permit": found,
            "shown": {"applicant": shown.applicant(found), "source": shown.source(found)},
            "state": state,
            "state_label": PermitState(state).label,
            "history": reads.history(found, applied_only=not access.signed_in),
            "planted_trees": planted,
            "planted_total": planted_total,
            "may_plant": plants,
        },
    )


@cached_page(stamp=reads.stamp, seconds=CACHED_SECONDS)
def tree(request: HttpRequest, programme: str, pk: int) -> HttpResponse:
    """A tree: its attributes, the permit that felled it, its history and a link to the map."""
    record = get_programme(programme)
    found = reads.tree_page(pk)
    access = access_of(request, record)
    agencies = reads.executing(found)
    return render(
        request,
        "greenfund/tree.html",
        {
            **page_context(request, record, found.is_sample, False),
            "tree": found,
            "shown": {"holder": shown.holder(found), "source": shown.source(found)},
            "history": reads.history(found, applied_only=not access.signed_in),
            "map_link": _map_link(found),
            "permits": list(found.permits.order_by("-issued_on")),
            "may_edit": access.signed_in and write_mode(access, [agencies]) is not None,
        },
    )


TREE_FILTERS = ("district", "species", "condition", "status", "data", "page")


@cached_page(params=TREE_FILTERS, stamp=reads.stamp, seconds=CACHED_SECONDS)
def trees(request: HttpRequest, programme: str) -> HttpResponse:
    """The registry's trees, filtered, a page at a time."""
    record = get_programme(programme)
    sample = wants_sample(request)
    units = reads.districts()
    filters = reads.TreeFilters.from_query(request.GET, [u.code for u in units])
    query = filters.query(sample)
    return render(
        request,
        "greenfund/trees.html",
        {
            **page_context(request, record, sample, reads.sample_exists(Tree)),
            "page": _paged(request, reads.trees(filters, sample=sample)),
            "filters": filters,
            "districts": units,
            "species": reads.species_list(),
            "conditions": Tree.Condition.choices,
            "statuses": Tree.Status.choices,
            "query": urlencode(query),
        },
    )


@cached_page(params=("data",), stamp=reads.stamp, seconds=CACHED_SECONDS)
def districts(request: HttpRequest, programme: str) -> HttpResponse:
    """Trees by district, species, condition and year, the overdue compensation by district
    and applicant, and the registry against the official count."""
    record = get_programme(programme)
    stats = reads.statistics(record, sample=wants_sample(request))
    found = tables.statistics_tables(stats)
    return render(
        request,
        "greenfund/districts.html",
        {
            **page_context(request, record, stats.sample, stats.has_sample),
            "stats": stats,
            "coverage_table": found.pop("registry-coverage"),
            "tables": list(found.values()),
        },
    )


# The lists of places: the table each shows, and the model whose sample rows the switch offers.
PLACES = {
    "parks": (tables.parks_table, Park),
    "nurseries": (tables.nurseries_table, Nursery),
    "wood-waste-sites": (tables.wood_waste_table, WoodWasteSite),
}


@cached_page(params=("data",), stamp=reads.stamp, seconds=CACHED_SECONDS)
def places(request: HttpRequest, programme: str, kind: str) -> HttpResponse:
    """Parks, nurseries or wood-waste sites as a table, with their CSV and GeoJSON."""
    record = get_programme(programme)
    build, model = PLACES[kind]
    sample = wants_sample(request)
    return render(
        request,
        "greenfund/places.html",
        {
            **page_context(request, record, sample, reads.sample_exists(model)),
            "table": build(record, request.GET),
            "kind": kind,
            "query": urlencode({"data": "sample"} if sample else {}),
        },
    )


# ------------------------------------------------------------------------------ downloads


def data_csv(request: HttpRequest, programme: str, slug: str) -> HttpResponse:
    """A table of the green fund's pages as CSV, as filtered on its page."""
    record = get_programme(programme)
    table = tables.build(slug, record, request.GET)
    if table is None:
        raise Http404("No such table")
    response = HttpResponse(table.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{record.code}-{slug}.csv"'
    return response


def _features(slug: str, request: HttpRequest) -> list[geojson.Feature]:
    sample = wants_sample(request)
    if slug == "permits":
        filters = reads.PermitFilters.from_query(request.GET, [u.code for u in reads.districts()])
        on = reads.today()
        found = reads.with_places(reads.permits(filters, sample=sample))
        return [geojson.permit(p, on) for p in found]
    if slug == "parks":
        return [geojson.park(p) for p in reads.parks(sample=sample)]
    if slug == "nurseries":
        return [geojson.nursery(n) for n in reads.nurseries(sample=sample)]
    if slug == "wood-waste-sites":
        return [geojson.wood_waste_site(s) for s in reads.wood_waste_sites(sample=sample)]
    raise Http404("No such layer")


def data_geojson(request: HttpRequest, programme: str, slug: str) -> HttpResponse:
    """The permits (as filtered on the register), parks, nurseries or wood-waste sites as a
    GeoJSON FeatureCollection."""
    record = get_programme(programme)
    content = json.dumps(geojson.collection(_features(slug, request)), ensure_ascii=False)
    response = HttpResponse(content, content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{record.code}-{slug}.geojson"'
    return response
