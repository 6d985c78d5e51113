// SatuPintu's small map for reports (progressive enhancement: every page works without it).
// One element #report-map with data-mode:
//   "pin"   the reporting form: a draggable marker (mouse, touch or arrow keys) and the phone's
//           GPS fill the latitude and longitude fields;
//   "list"  the public list: a marker per listed report; moving the map loads the reports in view
//           from /api/v1/reports?bbox=… with the page's filters;
//   "point" a report's page: its place.
// Raster tiles come from data-tiles ({z}/{x}/{y}) when the deployment has a tile server;
// otherwise the map draws a plain grid with the coordinates.
(function () {
  "use strict";
  var box = document.getElementById("report-map");
  if (!box || !box.addEventListener) return;
  var mode = box.getAttribute("data-mode");
  var tiles = box.getAttribute("data-tiles") || "";
  var T = 256, zoom = 5, center = { lat: -2.5, lon: 118 };
  var pin = null, markers = [], loadTimer = null;

  function clamp(v, a, b) { return Math.max(a, Math.min(b, v)); }
  function world(lat, lon, z) {
    var s = T * Math.pow(2, z), r = clamp(lat, -85, 85) * Math.PI / 180;
    return { x: (lon + 180) / 360 * s, y: (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * s };
  }
  function unworld(x, y, z) {
    var s = T * Math.pow(2, z), n = Math.PI - 2 * Math.PI * y / s;
    return { lat: 180 / Math.PI * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n))), lon: x / s * 360 - 180 };
  }
  function el(tag, cls, parent) { var e = document.createElement(tag); if (cls) e.className = cls; if (parent) parent.appendChild(e); return e; }
  function fixed(v) { return (Math.round(v * 1e6) / 1e6).toString(); }

  box.hidden = false;
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", box.getAttribute("data-label") || "");
  var view = el("div", "sp-map__view", box);
  var layer = el("div", "sp-map__tiles", view);
  var marks = el("div", "sp-map__marks", view);
  var bar = el("div", "sp-map__bar", box);
  var status = el("p", "sp-map__status govuk-body-s", box);
  status.setAttribute("aria-live", "polite");

  function button(text, label, onClick) {
    var b = el("button", "govuk-button govuk-button--secondary sp-map__button", bar);
    b.type = "button"; b.textContent = text; if (label) b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  }
  button("+", "Zoom +", function () { setZoom(zoom + 1); });
  button("\u2212", "Zoom \u2212", function () { setZoom(zoom - 1); });

  function size() { return { w: view.clientWidth || 300, h: view.clientHeight || 260 }; }
  function origin() { var c = world(center.lat, center.lon, zoom), s = size(); return { x: c.x - s.w / 2, y: c.y - s.h / 2 }; }
  function screen(lat, lon) { var p = world(lat, lon, zoom), o = origin(); return { x: p.x - o.x, y: p.y - o.y }; }

  function drawTiles() {
    layer.textContent = "";
    if (!tiles) {
      layer.className = "sp-map__tiles sp-map__tiles--grid";
      var o = origin(), step = T / 2;
      layer.style.backgroundPosition = (-o.x % step) + "px " + (-o.y % step) + "px";
      return;
    }
    var o2 = origin(), s = size(), n = Math.pow(2, zoom);
    for (var tx = Math.floor(o2.x / T); tx * T < o2.x + s.w; tx++) {
      for (var ty = Math.max(0, Math.floor(o2.y / T)); ty * T < o2.y + s.h && ty < n; ty++) {
        var img = el("img", "", layer);
        img.alt = ""; img.width = T; img.height = T;
        img.style.left = (tx * T - o2.x) + "px"; img.style.top = (ty * T - o2.y) + "px";
        img.src = tiles.replace("{z}", zoom).replace("{x}", ((tx % n) + n) % n).replace("{y}", ty);
      }
    }
  }
  function place(m) { var p = screen(m.lat, m.lon); m.node.style.left = p.x + "px"; m.node.style.top = p.y + "px"; }
  function draw() { drawTiles(); markers.forEach(place); if (pin) place(pin); }
  function setZoom(z) { zoom = clamp(z, 3, 18); draw(); changed(); }
  function changed() { if (mode === "list") { clearTimeout(loadTimer); loadTimer = setTimeout(load, 300); } }

  // Panning with a pointer (the marker has its own drag).
  var drag = null;
  view.addEventListener("pointerdown", function (e) {
    if (e.target !== view && e.target.parentNode !== layer && e.target !== layer) return;
    drag = { x: e.clientX, y: e.clientY, c: world(center.lat, center.lon, zoom), moved: false };
    view.setPointerCapture(e.pointerId);
  });
  view.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    center = unworld(drag.c.x - dx, drag.c.y - dy, zoom);
    draw();
  });
  view.addEventListener("pointerup", function (e) {
    if (!drag) return;
    var moved = drag.moved; drag = null;
    if (moved) { changed(); return; }
    if (mode === "pin") { // a tap puts the marker there
      var r = view.getBoundingClientRect(), o = origin();
      var at = unworld(o.x + e.clientX - r.left, o.y + e.clientY - r.top, zoom);
      setPin(at.lat, at.lon, true);
    }
  });

  function input(id) { return document.getElementById(id); }
  function setPin(lat, lon, write) {
    pin.lat = lat; pin.lon = lon; place(pin);
    if (!write) return;
    input("lat-input").value = fixed(lat); input("lon-input").value = fixed(lon);
    var form = input("region-form");
    if (form) { form.elements.lat.value = fixed(lat); form.elements.lon.value = fixed(lon); }
    status.textContent = fixed(lat) + ", " + fixed(lon);
  }

  function marker(lat, lon, label, href) {
    var node = el(href ? "a" : "button", "sp-map__marker", marks);
    if (href) node.href = href; else node.type = "button";
    node.setAttribute("aria-label", label);
    node.title = label;
    return { lat: lat, lon: lon, node: node };
  }

  function fit(points) {
    if (!points.length) return;
    var lats = points.map(function (p) { return p.lat; }), lons = points.map(function (p) { return p.lon; });
    var minLat = Math.min.apply(null, lats), maxLat = Math.max.apply(null, lats);
    var minLon = Math.min.apply(null, lons), maxLon = Math.max.apply(null, lons);
    center = { lat: (minLat + maxLat) / 2, lon: (minLon + maxLon) / 2 };
    var s = size();
    for (zoom = 16; zoom > 3; zoom--) {
      var a = world(maxLat, minLon, zoom), b = world(minLat, maxLon, zoom);
      if (b.x - a.x < s.w - 40 && b.y - a.y < s.h - 40) break;
    }
  }

  function showReports(list) {
    markers.forEach(function (m) { marks.removeChild(m.node); });
    markers = list.map(function (r) {
      var m = marker(r.lat, r.lon, r.label, r.href);
      m.node.className += " sp-map__marker--" + r.status;
      return m;
    });
    markers.forEach(place);
  }

  function load() {
    var s = size(), o = origin(), a = unworld(o.x, o.y + s.h, zoom), b = unworld(o.x + s.w, o.y, zoom);
    var q = new URLSearchParams(window.location.search), p = new URLSearchParams();
    ["category", "status"].forEach(function (k) { if (q.get(k)) p.set(k, q.get(k)); });
    p.set("bbox", [fixed(Math.max(-180, a.lon)), fixed(Math.max(-90, a.lat)), fixed(Math.min(180, b.lon)), fixed(Math.min(90, b.lat))].join(","));
    p.set("limit", "500");
    if (!window.fetch) return;
    fetch("/api/v1/reports?" + p.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        showReports(data.reports.filter(function (r) { return r.lat != null && r.lon != null; }).map(function (r) {
          return { lat: r.lat, lon: r.lon, status: r.status, label: r.code, href: "/laporan/" + r.code };
        }));
      })
      .catch(function () { /* the list below still shows the reports */ });
  }

  if (mode === "list") {
    var items = Array.prototype.slice.call(document.querySelectorAll("#report-list [data-lat]")).map(function (li) {
      var a = li.querySelector("a");
      return { lat: parseFloat(li.getAttribute("data-lat")), lon: parseFloat(li.getAttribute("data-lon")),
        status: li.getAttribute("data-status"), label: a ? a.textContent : "", href: a ? a.getAttribute("href") : null };
    });
    fit(items);
    draw();
    showReports(items);
  } else if (mode === "point") {
    var pt = input("report-point");
    if (!pt) { box.hidden = true; return; }
    center = { lat: parseFloat(pt.getAttribute("data-lat")), lon: parseFloat(pt.getAttribute("data-lon")) };
    zoom = 16;
    markers = [marker(center.lat, center.lon, pt.textContent, null)];
    draw();
  } else if (mode === "pin") {
    var lat0 = parseFloat(input("lat-input").value), lon0 = parseFloat(input("lon-input").value);
    var known = isFinite(lat0) && isFinite(lon0);
    if (known) { center = { lat: lat0, lon: lon0 }; zoom = 16; }
    pin = marker(center.lat, center.lon, box.getAttribute("data-label") || "", null);
    pin.node.className += " sp-map__marker--pin";
    // Dragging the marker.
    // Where on the marker it was grabbed, so that the point under the tip moves with the pointer.
    var pdrag = null;
    pin.node.addEventListener("pointerdown", function (e) {
      var r = view.getBoundingClientRect(), p = screen(pin.lat, pin.lon);
      pdrag = { dx: e.clientX - r.left - p.x, dy: e.clientY - r.top - p.y };
      pin.node.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    pin.node.addEventListener("pointermove", function (e) {
      if (!pdrag) return;
      var r = view.getBoundingClientRect(), o = origin();
      var at = unworld(o.x + e.clientX - r.left - pdrag.dx, o.y + e.clientY - r.top - pdrag.dy, zoom);
      setPin(at.lat, at.lon, false);
    });
    pin.node.addEventListener("pointerup", function () { if (pdrag) { pdrag = null; setPin(pin.lat, pin.lon, true); } });
    // Arrow keys move the marker by 10 pixels.
    pin.node.addEventListener("keydown", function (e) {
      var d = { ArrowUp: [0, -10], ArrowDown: [0, 10], ArrowLeft: [-10, 0], ArrowRight: [10, 0] }[e.key];
      if (!d) return;
      e.preventDefault();
      var p = world(pin.lat, pin.lon, zoom), at = unworld(p.x + d[0], p.y + d[1], zoom);
      setPin(at.lat, at.lon, true);
    });
    ["lat-input", "lon-input"].forEach(function (id) {
      input(id).addEventListener("change", function () {
        var la = parseFloat(input("lat-input").value), lo = parseFloat(input("lon-input").value);
        if (isFinite(la) && isFinite(lo)) { center = { lat: la, lon: lo }; setPin(la, lo, false); draw(); }
      });
    });
    if (navigator.geolocation) {
      button(box.getAttribute("data-gps") || "GPS", null, function () {
        navigator.geolocation.getCurrentPosition(function (pos) {
          center = { lat: pos.coords.latitude, lon: pos.coords.longitude };
          zoom = 17;
          setPin(center.lat, center.lon, true);
          draw();
        }, function () { status.textContent = box.getAttribute("data-gps-failed") || ""; }, { enableHighAccuracy: true, timeout: 15000 });
      });
    }
    draw();
  }

  window.addEventListener("resize", draw);
})();
// A response template fills the note it belongs to, when the note is still empty.
(function () {
  "use strict";
  var pick = document.querySelector("select[data-fills]");
  if (!pick) return;
  pick.addEventListener("change", function () {
    var target = document.getElementById(pick.getAttribute("data-fills"));
    if (target && pick.value && !target.value.trim()) target.value = pick.value;
  });
})();
