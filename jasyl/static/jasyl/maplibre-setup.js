// What every map of the site shares (the portal's map, map.js; the station map, stationmap.js;
// the tree form's small map, place-picker.js): MapLibre GL JS and its worker from the site's own
// static files, the basemap style JASYL_MAP_STYLE_URL under Jasyl's layers or, by default, a
// plain background that needs nothing from outside the site, and MapLibre's controls in the
// page's language. The page gives the addresses and texts (web/common/maps.py, map_config).
export const BACKGROUND = "#f4f6f5";
export const GREEN = "#14603a";

export function element(name, text) {
  const created = document.createElement(name);
  if (text !== undefined) created.textContent = String(text);
  return created;
}

export function plainStyle() {
  return {
    version: 8,
    sources: {},
    layers: [{ id: "background", type: "background", paint: { "background-color": BACKGROUND } }],
  };
}

// A source of Jasyl's own vector tiles. Absolute: the worker resolves addresses against its own
// URL, not the page's.
export function tileSource(pattern, options = {}) {
  return { type: "vector", tiles: [window.location.origin + pattern], ...options };
}

// The districts' outlines (the portal map's districts layer) under what a small map shows.
export function addDistricts(map, pattern) {
  if (!pattern) return;
  map.addSource("districts", tileSource(pattern, { maxzoom: 16 }));
  map.addLayer({ id: "districts", type: "line", source: "districts", "source-layer": "districts",
                 paint: { "line-color": GREEN, "line-width": 2 } });
}

// MapLibre and a map in `container` on the configured basemap, with zoom buttons; null when the
// browser cannot draw it (no WebGL): the page's text stays the way to the data. `options` are
// MapLibre's, over the shared ones.
export async function openMap(config, container, options = {}) {
  const maplibregl = await import(config.library);
  maplibregl.setWorkerUrl(new URL(config.worker, window.location.href).href);
  let map;
  try {
    map = new maplibregl.Map({
      container,
      style: config.style || plainStyle(),
      center: config.center,
      zoom: config.zoom,
      locale: config.controls,
      // Sources are credited by a basemap's style; the plain background has none to credit.
      attributionControl: config.style ? { compact: true } : false,
      ...options,
    });
  } catch (error) {
    return null;
  }
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  return { maplibregl, map };
}
