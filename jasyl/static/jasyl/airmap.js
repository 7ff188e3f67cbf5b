// The station map on the air-quality overview: an enhancement of the station table beside it.
// The stations come as GeoJSON embedded in the page; popups are built as text, never as HTML.
(function () {
  "use strict";
  var box = document.getElementById("station-map");
  var data = document.getElementById("station-geojson");
  if (!box || !data || typeof L === "undefined") return;
  var stations = JSON.parse(data.textContent);
  if (!stations.features.length) return;
  box.hidden = false;
  var map = L.map(box, { scrollWheelZoom: false });
  if (box.dataset.tiles) {
    L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: 18 }).addTo(map);
  }
  // The marker images by their collected (hashed) names: Leaflet's own guess, from the name its
  // stylesheet gives them, fails once the names carry a hash.
  var icon = new L.Icon(
    Object.assign({}, L.Icon.Default.prototype.options, {
      iconUrl: box.dataset.icon,
      iconRetinaUrl: box.dataset.iconRetina,
      shadowUrl: box.dataset.shadow,
    })
  );
  var layer = L.geoJSON(stations, {
    pointToLayer: function (feature, latlng) {
      return L.marker(latlng, { icon: icon, title: feature.properties.name, alt: feature.properties.name });
    },
    onEachFeature: function (feature, marker) {
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = feature.properties.url;
      link.textContent = feature.properties.name;
      var heading = document.createElement("strong");
      heading.appendChild(link);
      popup.appendChild(heading);
      feature.properties.lines.forEach(function (line) {
        var p = document.createElement("p");
        p.textContent = line;
        popup.appendChild(p);
      });
      marker.bindPopup(popup);
    },
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 13 });
})();
