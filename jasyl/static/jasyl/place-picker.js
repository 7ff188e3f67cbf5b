// The small map of the tree form (greenfund/tree_form.html): a click on it writes the place into
// the form's longitude and latitude fields, and typing in them moves the marker. The fields are
// the form; without script or WebGL the map stays hidden and the fields work alone. MapLibre GL JS
// and the districts' tiles come from the site itself (#place-picker-config), as on the portal's
// map (map.js).
const holder = document.getElementById("place-picker");
const config = JSON.parse(document.getElementById("place-picker-config").textContent);
const fields = {
  longitude: document.getElementById(holder.dataset.longitude),
  latitude: document.getElementById(holder.dataset.latitude),
};
const GREEN = "#14603a";

function typed() {
  const read = (field) => Number.parseFloat(field.value.replace(/\s/g, "").replace(",", "."));
  const [lon, lat] = [read(fields.longitude), read(fields.latitude)];
  return Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90
    ? [lon, lat]
    : null;
}

async function main() {
  const maplibregl = await import(config.library);
  maplibregl.setWorkerUrl(new URL(config.worker, window.location.href).href);
  holder.hidden = false;
  holder.style.height = "20rem";
  holder.style.border = "1px solid #767676";
  const start = typed();
  let map;
  try {
    map = new maplibregl.Map({
      container: holder,
      style: {
        version: 8,
        sources: {},
        layers: [{ id: "background", type: "background", paint: { "background-color": "#f4f6f5" } }],
      },
      center: start || config.center,
      zoom: start ? 16 : config.zoom,
      locale: config.strings,
      attributionControl: false,
    });
  } catch (error) {
    holder.hidden = true;  // no WebGL: the fields alone
    return;
  }
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  const marker = new maplibregl.Marker({ color: GREEN });
  if (start) marker.setLngLat(start).addTo(map);
  map.on("load", () => {
    if (!config.districts) return;
    map.addSource("districts", {
      type: "vector",
      tiles: [window.location.origin + config.districts],
      maxzoom: 16,
    });
    map.addLayer({ id: "districts", type: "line", source: "districts", "source-layer": "districts",
                   paint: { "line-color": GREEN, "line-width": 2 } });
  });
  map.on("click", (event) => {
    const { lng, lat } = event.lngLat;
    fields.longitude.value = lng.toFixed(6);
    fields.latitude.value = lat.toFixed(6);
    marker.setLngLat([lng, lat]).addTo(map);
  });
  for (const field of Object.values(fields)) {
    field.addEventListener("change", () => {
      const place = typed();
      if (place) {
        marker.setLngLat(place).addTo(map);
        map.panTo(place);
      }
    });
  }
}

main();
