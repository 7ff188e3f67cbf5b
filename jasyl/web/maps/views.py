"""The portal's map page and the vector tiles of every public map layer (`jasyl.core.tiles`)."""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from jasyl.core import tiles
from jasyl.domain.roadmap import domain
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.web.common.maps import map_config, tiles_url

# The Mapbox Vector Tile media type (IANA, https://www.iana.org/assignments/media-types/).
MVT = "application/vnd.mapbox-vector-tile"
# Tiles change when their rows do; a minute in browsers and shared caches, revalidated by ETag.
TILE_SECONDS = 60
# The map page lists at most this many features of a layer as text.
LISTED = 100
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@require_safe
def tile(request: HttpRequest, layer: str, z: int, x: int, y: int) -> HttpResponseBase:
    """One tile of a public layer as MVT: 204 when it holds nothing, 404 when there is no such
    layer or tile (beyond the layer's `max_zoom` too)."""
    try:
        found = tiles.layer(layer)
        where = tiles.Tile(z, x, y)
    except (LookupError, tiles.OutOfRange):
        raise Http404("No such tile") from None
    if not found.public or where.z > found.max_zoom:
        raise Http404("No such tile")
    data = tiles.render(found, where)
    etag = f'"{hashlib.blake2b(data, digest_size=16).hexdigest()}"'
    response = HttpResponse(data, content_type=MVT, status=200 if data else 204)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=TILE_SECONDS)
    conditional = get_conditional_response(request, etag=etag, response=response)
    return conditional if conditional is not None else response


@require_safe
def map_page(request: HttpRequest) -> HttpResponse:
    """The map of every public layer, with a layer switcher and a card for the feature clicked;
    the same features are listed as text below it, for a browser without WebGL or script."""
    language = get_language() or settings.LANGUAGE_CODE
    shown = [layer for layer in tiles.layers() if layer.public]
    return render(
        request,
        "maps/map.html",
        {
            "plan": _default_plan(),
            "config": {
                **map_config(),
                "layers": [_describe(layer, language) for layer in shown],
                "strings": {"count": _("Count"), "open": _("Open its page")},
            },
            "listings": [_listing(layer, language) for layer in shown],
        },
    )


def _default_plan() -> domain.Plan | None:
    """The default programme's plan, for the site's navigation; None before one is loaded."""
    try:
        return current_plan(get_programme(None))
    except Http404:
        return None


def _title(layer: tiles.Layer) -> str:
    return str(layer.title or capfirst(layer.model._meta.verbose_name_plural))


def _heading_fields(layer: tiles.Layer, language: str) -> list[str]:
    """The fields that name a feature: its name in the page's language, else the published
    Kazakh one (docs/architecture.md, "Translations"), else its first field."""
    names = [f"name_{language}", f"name_{settings.LANGUAGE_CODE}"]
    found = [name for name in dict.fromkeys(names) if name in layer.fields]
    return found or list(layer.fields[:1])


def _describe(layer: tiles.Layer, language: str) -> dict[str, Any]:
    """What map.js needs of a layer: its tiles, zooms, kind, title and fields' labels."""
    meta = layer.model._meta
    return {
        "name": layer.name,
        "title": _title(layer),
        "kind": layer.kind,
        "tiles": tiles_url(layer),
        "minzoom": layer.min_zoom,
        "maxzoom": layer.max_zoom,
        "aggregate": layer.aggregate,
        "fields": [
            [name, capfirst(str(getattr(meta.get_field(name), "verbose_name", name)))]
            for name in layer.fields
        ],
        "heading": _heading_fields(layer, language),
        "url": layer.url.replace("{lang}", language),
    }


def _listing(layer: tiles.Layer, language: str) -> dict[str, Any]:
    """The layer's first features as text, each with its link when the layer has one."""
    heading = _heading_fields(layer, language)
    values = layer.queryset().values("pk", *layer.fields)
    if layer.aggregate:
        # A layer large enough to be counted: its first rows by key (the index, not a sort of
        # the whole table), and its size from the counts.
        rows = list(values.order_by("pk")[: LISTED + 1])
        total = tiles.counted(layer) if len(rows) > LISTED else len(rows)
    else:
        rows = list(values[: LISTED + 1])
        total = len(rows) if len(rows) <= LISTED else values.count()
    items = []
    for row in rows[:LISTED]:
        text = next((str(row[name]) for name in heading if row.get(name)), str(row["pk"]))
        items.append({"text": text, "url": _link(layer.url.replace("{lang}", language), row)})
    return {"title": _title(layer), "items": items, "more": max(total - len(items), 0)}


def _link(pattern: str, row: dict[str, Any]) -> str:
    """A feature's page: the layer's URL pattern with the feature's attributes in it, each
    escaped as map.js escapes it (`encodeURIComponent`)."""
    if not pattern:
        return ""
    values = {"id": row["pk"], **row}
    return PLACEHOLDER.sub(lambda m: quote(str(values.get(m.group(1), "")), safe="!*'()"), pattern)
