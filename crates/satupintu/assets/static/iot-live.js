// SatuPintu live monitoring values (progressive enhancement: without it the pages show the
// values of when they were loaded, and a refresh link). The element #iot-live names the stream
// (data-live); each `snapshot` event carries the things and sensors the visitor may see, with
// values, times, states and levels already written in the page's language. Elements marked
// data-thing / data-sensor hold fields marked data-f; the map's dots are marked data-dot.
(function () {
  "use strict";
  var box = document.getElementById("iot-live");
  if (!box || !window.EventSource || !window.JSON) return;
  var TAGS = /\bgovuk-tag--[a-z-]+\b/g;
  function field(row, name) { return row ? row.querySelector('[data-f="' + name + '"]') : null; }
  function text(node, value) { if (node && value != null && node.textContent !== String(value)) node.textContent = value; }
  function tag(node, cls) { if (node && cls) node.className = node.className.replace(TAGS, "").trim() + " " + cls; }
  function each(sel, fn) { Array.prototype.forEach.call(document.querySelectorAll(sel), fn); }
  function esc(id) { return String(id).replace(/["\\]/g, "\\$&"); }
  // The page arrives with fresh values; the stream opens a little after it has loaded, so the
  // first load finishes (and a slow phone shows the page) before a connection stays open.
  function start() { new EventSource(box.getAttribute("data-live")).addEventListener("snapshot", update); }
  if (document.readyState === "complete") setTimeout(start, 1500);
  else window.addEventListener("load", function () { setTimeout(start, 1500); });
  function update(e) {
    var data;
    try { data = JSON.parse(e.data); } catch (err) { return; }
    (data.things || []).forEach(function (t) {
      each('[data-thing="' + esc(t.id) + '"]', function (row) {
        var st = field(row, "state");
        text(st, t.label); tag(st, t.tag);
        text(field(row, "orders"), t.orders);
      });
      each('[data-dot="' + esc(t.id) + '"]', function (dot) { if (t.fill) dot.setAttribute("fill", t.fill); });
    });
    (data.sensors || []).forEach(function (s) {
      each('[data-sensor="' + esc(s.id) + '"]', function (row) {
        text(field(row, "value"), s.value);
        text(field(row, "time"), s.time);
        text(field(row, "bad"), s.bad);
        var st = field(row, "state");
        text(st, s.label); tag(st, s.tag);
        var lv = field(row, "level");
        text(lv, s.level_label); tag(lv, s.level_tag);
      });
    });
    box.textContent = box.getAttribute("data-live-message") || "";
  }
})();
