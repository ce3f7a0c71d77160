// The map: country outlines from Natural Earth (world-atlas, shipped with the package, no tiles) and
// one circle per place with coordinates, sized by the statements located there; a click lists them.
(function () {
  "use strict";
  var places = JSON.parse(document.getElementById("places-data").textContent);
  var panel = document.getElementById("place");
  var map = L.map("map", {attributionControl: true, zoomSnap: 0.25, preferCanvas: false});
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth (world-atlas) · Leaflet");
  map.setView([16.5, -3], 5);
  window.kgMarkers = {};

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function link(href, text) { var a = el("a", text); a.href = href; return a; }

  function showPlace(p) {
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    var h = el("h2");
    h.appendChild(link("/entity/" + encodeURIComponent(p.id), p.label));
    panel.appendChild(h);
    panel.appendChild(el("p", p.category + " · " + p.count + " statement" + (p.count === 1 ? "" : "s"), "meta"));
    var ol = el("ol", null, "statements");
    p.statements.forEach(function (s) {
      var li = el("li", null, "st " + s.modality);
      var head = el("div", null, "head");
      head.appendChild(link("/entity/" + encodeURIComponent(s.subject_id), s.subject));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", s.relation, "rel"));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(link("/entity/" + encodeURIComponent(s.object_id), s.object));
      if (s.modality !== "asserted") { head.appendChild(el("span", s.modality, "modality")); }
      li.appendChild(head);
      li.appendChild(el("blockquote", s.quote));
      var src = el("div", null, "src");
      src.appendChild(link("/article/" + encodeURIComponent(s.article) + "#st-" + encodeURIComponent(s.id),
                           (s.date ? s.date + " · " : "") + s.article));
      li.appendChild(src);
      ol.appendChild(li);
    });
    panel.appendChild(ol);
  }

  var bounds = [];
  places.forEach(function (p) {
    var radius = 4 + 4 * Math.sqrt(p.count);
    var m = L.circleMarker([p.lat, p.long], {radius: radius, weight: 1, color: "#7a2e0e",
      fillColor: p.count ? "#d9480f" : "#adb5bd", fillOpacity: 0.7});
    m.bindTooltip(p.label + " (" + p.count + ")");
    m.on("click", function () { showPlace(p); });
    m.addTo(map);
    window.kgMarkers[p.id] = m;
    bounds.push([p.lat, p.long]);
  });
  if (bounds.length > 1) { map.fitBounds(bounds, {padding: [30, 30], maxZoom: 7}); }

  fetch("/static/vendor/world-atlas-2.0.2/countries-50m.json").then(function (r) { return r.json(); })
    .then(function (world) {
      var countries = topojson.feature(world, world.objects.countries);
      var layer = L.geoJSON(countries, {interactive: false,
        style: {color: "#868e96", weight: 1, fillColor: "#f1f3f5", fillOpacity: 1}});
      layer.addTo(map);
      layer.bringToBack();
      document.body.setAttribute("data-outlines", String(countries.features.length));
    });
}());
