// The station map on the air-quality overview: an enhancement of the station table beside it,
// drawn by MapLibre GL JS over the districts' outlines on the maps' common basemap
// (maplibre-setup.js: JASYL_MAP_STYLE_URL, or by default a plain background with nothing from
// outside the site). The stations come as GeoJSON embedded in the page (#station-geojson).
// Each station is a marker the keyboard reaches (Tab, then Enter or Space opens its popup),
// named by its station; popups are built as text, never as HTML. Without WebGL the map stays
// hidden and the table is the way to the stations.
const box = document.getElementById("station-map");
const config = JSON.parse(document.getElementById("station-map-config").textContent);
const stations = JSON.parse(document.getElementById("station-geojson").textContent);
const { GREEN, addDistricts, element, openMap } = await import(config.setup);

function popupContent(properties) {
  const content = element("div");
  const link = element("a", properties.name);
  link.href = properties.url;
  const heading = element("strong");
  heading.append(link);
  content.append(heading, ...properties.lines.map((line) => element("p", line)));
  return content;
}

async function main() {
  if (!stations.features.length) return;
  box.hidden = false;
  const opened = await openMap(config, box, { scrollZoom: false });
  if (!opened) {
    box.hidden = true;
    box.dataset.state = "unavailable";
    return;
  }
  const { maplibregl, map } = opened;
  const bounds = new maplibregl.LngLatBounds();
  for (const feature of stations.features) {
    const place = feature.geometry.coordinates;
    const marker = new maplibregl.Marker({ color: GREEN }).setLngLat(place).addTo(map);
    marker.getElement().setAttribute("aria-label", feature.properties.name);
    marker.getElement().title = feature.properties.name;
    // After addTo, which drops the key listener an earlier setPopup gave the marker.
    marker.setPopup(new maplibregl.Popup().setDOMContent(popupContent(feature.properties)));
    bounds.extend(place);
  }
  // Room above each point for its pin (41 px tall).
  map.fitBounds(bounds, { padding: { top: 60, bottom: 30, left: 30, right: 30 }, maxZoom: 13,
                          animate: false });
  map.on("load", () => addDistricts(map, config.districts));
  // The page says when the map has drawn (its browser tests wait for it).
  map.once("idle", () => { box.dataset.state = "ready"; });
}

main();
