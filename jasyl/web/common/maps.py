"""What every MapLibre map of the site is given (`static/jasyl/maplibre-setup.js` reads it): the
library, its worker and the shared script by their (hashed) static addresses, the basemap style
(`JASYL_MAP_STYLE_URL`; empty: Jasyl's own layers on a plain background, nothing from outside
the site), where the map opens, and MapLibre's own controls' texts in the page's language. The
portal's map, the station map and the tree form's small map all start from it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from jasyl.core import tiles

MAPLIBRE = "vendor/maplibre-gl-6.20.0/"


def map_config() -> dict[str, Any]:
    """The settings shared by every map; a page adds its own (layers, stations) beside them."""
    return {
        "library": static(MAPLIBRE + "maplibre-gl.mjs"),
        "worker": static(MAPLIBRE + "maplibre-gl-worker.mjs"),
        "setup": static("jasyl/maplibre-setup.js"),
        "style": settings.JASYL_MAP_STYLE_URL,
        "center": list(settings.JASYL_MAP_CENTRE),
        "zoom": settings.JASYL_MAP_ZOOM,
        # MapLibre's own controls (its `locale` option).
        "controls": {
            "Map.Title": _("Map"),
            "NavigationControl.ZoomIn": _("Zoom in"),
            "NavigationControl.ZoomOut": _("Zoom out"),
            "NavigationControl.ResetBearing": _("Drag to rotate the map, click to reset north"),
            "AttributionControl.ToggleAttribution": _("Show or hide the map's sources"),
            "Popup.Close": _("Close"),
        },
    }


def tiles_url(layer: tiles.Layer) -> str:
    """The address pattern of a layer's vector tiles, `/tiles/<layer>/{z}/{x}/{y}.pbf`."""
    first = reverse("tile", kwargs={"layer": layer.name, "z": 0, "x": 0, "y": 0})
    return first.removesuffix("/0/0/0.pbf") + "/{z}/{x}/{y}.pbf"


def public_tiles_url(name: str) -> str:
    """The tiles of the public layer `name` (the districts under a small map); empty when no
    such layer is registered or it is not public."""
    try:
        found = tiles.layer(name)
    except LookupError:
        return ""
    return tiles_url(found) if found.public else ""
