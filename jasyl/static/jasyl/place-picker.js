// The small map of the tree form (greenfund/tree_form.html): a click on it writes the place into
// the form's longitude and latitude fields, and typing in them moves the marker. The fields are
// the form; without script or WebGL the map stays hidden and the fields work alone. MapLibre GL JS
// and the districts' tiles come from the site itself (#place-picker-config), over the same
// basemap as the portal's map (maplibre-setup.js).
const holder = document.getElementById("place-picker");
const config = JSON.parse(document.getElementById("place-picker-config").textContent);
const { GREEN, addDistricts, openMap } = await import(config.setup);
const fields = {
  longitude: document.getElementById(holder.dataset.longitude),
  latitude: document.getElementById(holder.dataset.latitude),
};

function typed() {
  const read = (field) => Number.parseFloat(field.value.replace(/\s/g, "").replace(",", "."));
  const [lon, lat] = [read(fields.longitude), read(fields.latitude)];
  return Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90
    ? [lon, lat]
    : null;
}

async function main() {
  holder.hidden = false;
  holder.style.height = "20rem";
  holder.style.border = "1px solid #767676";
  const start = typed();
  const opened = await openMap(config, holder, {
    center: start || config.center,
    zoom: start ? 16 : config.zoom,
  });
  if (!opened) {
    holder.hidden = true;  // no WebGL: the fields alone
    return;
  }
  const { maplibregl, map } = opened;
  const marker = new maplibregl.Marker({ color: GREEN });
  if (start) marker.setLngLat(start).addTo(map);
  map.on("load", () => addDistricts(map, config.districts));
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
