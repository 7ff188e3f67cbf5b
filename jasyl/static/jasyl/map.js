// The portal's map (/<lang>/map/): Jasyl's own vector tiles (/tiles/<layer>/<z>/<x>/<y>.pbf)
// drawn by MapLibre GL JS, vendored in static/vendor. The page gives everything in #map-config:
// the maps' common settings (maplibre-setup.js: the library, the basemap style
// JASYL_MAP_STYLE_URL or a plain background with nothing from outside the site, where the map
// opens), the layers and the translated texts. Each layer gets a checkbox; a click on a feature
// shows its attributes in the card beside the map, written as text, never as HTML. No text
// labels on the map: they would need glyph files. The same data are listed as text under the map.
const config = JSON.parse(document.getElementById("map-config").textContent);
const { element, openMap, tileSource } = await import(config.setup);
const app = document.getElementById("map-app");
const cardBody = document.getElementById("map-card-body");
// Green, blue, red, brown, violet, teal: each stands out from the background and the others.
const PALETTE = ["#14603a", "#1d4a8a", "#9d1c1c", "#7a4b00", "#5b3f8c", "#0f6b6b"];

// A feature's link: the layer's pattern with the feature's attributes in its braces.
function link(pattern, values) {
  return pattern.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(values[name] ?? ""));
}

// The style layers of one Jasyl layer: its features from min_zoom on, its grid counts below.
function styleLayers(layer, colour) {
  const source = `jasyl-${layer.name}`;
  const own = { source, "source-layer": layer.name, minzoom: layer.minzoom };
  const found = [];
  if (layer.kind === "polygon") {
    found.push({ ...own, id: `${layer.name}-fill`, type: "fill",
                 paint: { "fill-color": colour, "fill-opacity": 0.2 } });
    found.push({ ...own, id: `${layer.name}-outline`, type: "line",
                 paint: { "line-color": colour, "line-width": 2 } });
  } else if (layer.kind === "line") {
    found.push({ ...own, id: `${layer.name}-line`, type: "line",
                 paint: { "line-color": colour, "line-width": 3 } });
  } else {
    found.push({ ...own, id: `${layer.name}-points`, type: "circle",
                 paint: { "circle-color": colour, "circle-radius": 5,
                          "circle-stroke-color": "#fff", "circle-stroke-width": 1 } });
  }
  if (layer.aggregate) {
    found.push({
      source, "source-layer": layer.aggregate, maxzoom: layer.minzoom,
      id: `${layer.name}-counts`, type: "circle",
      paint: {
        "circle-color": colour, "circle-opacity": 0.6,
        "circle-radius": ["interpolate", ["linear"], ["sqrt", ["get", "count"]], 1, 5, 100, 28],
        "circle-stroke-color": "#fff", "circle-stroke-width": 1,
      },
    });
  }
  return found;
}

function describe(feature, layer) {
  const values = { id: feature.id, ...feature.properties };
  const heading = layer.heading.map((name) => values[name]).find((value) => value) || layer.title;
  const list = element("dl");
  const row = (term, value) => list.append(element("dt", term), element("dd", value));
  const parts = [element("h3", heading)];
  if (feature.sourceLayer === layer.aggregate) {
    row(config.strings.count, values.count);
    for (const [name, value] of Object.entries(values)) {
      if (name.startsWith("count:")) row(name.slice("count:".length), value);
    }
  } else {
    for (const [name, label] of layer.fields) {
      if (values[name] !== undefined && values[name] !== "") row(label, values[name]);
    }
  }
  parts.push(element("p", layer.title), list);
  if (layer.url && feature.sourceLayer !== layer.aggregate) {
    const page = element("a", config.strings.open);
    const paragraph = element("p");
    page.href = link(layer.url, values);
    paragraph.append(page);
    parts.push(paragraph);
  }
  cardBody.replaceChildren(...parts);
}

function addSwitch(layer, colour, ids, map) {
  const label = element("label");
  const box = element("input");
  const swatch = element("span");
  box.type = "checkbox";
  box.checked = true;
  box.name = "layer";
  box.value = layer.name;
  swatch.className = "map-swatch";
  swatch.style.backgroundColor = colour;
  label.append(box, swatch, element("span", layer.title));
  box.addEventListener("change", () => {
    const visibility = box.checked ? "visible" : "none";
    settled(map);
    ids.forEach((id) => map.setLayoutProperty(id, "visibility", visibility));
  });
  document.getElementById("map-layers").append(label);
}

// The page says when the map has drawn what it was asked (its browser tests wait for it).
function settled(map) {
  app.dataset.state = "loading";
  map.once("idle", () => { app.dataset.state = "ready"; });
}

async function main() {
  app.hidden = false;
  const opened = await openMap(config, "map");
  if (!opened) {
    // No WebGL: the message says so, and the lists below the map stay the way to the data.
    app.hidden = true;
    app.dataset.state = "unavailable";
    document.getElementById("map-unavailable").hidden = false;
    return;
  }
  const { map } = opened;
  const owner = {};  // style layer id -> Jasyl layer
  map.on("load", () => {
    config.layers.forEach((layer, index) => {
      const colour = PALETTE[index % PALETTE.length];
      map.addSource(`jasyl-${layer.name}`, tileSource(layer.tiles, {
        minzoom: layer.aggregate ? 0 : layer.minzoom,
        maxzoom: layer.maxzoom,
      }));
      const ids = styleLayers(layer, colour).map((spec) => {
        map.addLayer(spec);
        owner[spec.id] = layer;
        return spec.id;
      });
      addSwitch(layer, colour, ids, map);
    });
    settled(map);
  });
  map.on("click", (event) => {
    const [feature] = map.queryRenderedFeatures(event.point, { layers: Object.keys(owner) });
    if (feature) describe(feature, owner[feature.layer.id]);
  });
  map.on("mousemove", (event) => {
    const over = map.queryRenderedFeatures(event.point, { layers: Object.keys(owner) }).length;
    map.getCanvas().style.cursor = over ? "pointer" : "";
  });
}

main();
