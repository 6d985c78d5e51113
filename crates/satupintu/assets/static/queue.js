// SatuPintu: the queue, live.
// - The TV display (/antrean/{location}/layar): every 3 seconds it reads /api/v1/queue/{location},
//   redraws the calls, and announces each new call (and each recall) in text and, where the
//   browser has speech synthesis, aloud. Without this file the page reloads itself.
// - A ticket's page: every 10 seconds its status box is read again from the page itself (the
//   same words as without JavaScript) and replaced when it changed; screen readers hear it.
// - The counter page: every 5 seconds, when the number waiting for this counter changed, a
//   note offers to refresh the list.
// Without this file every page has a link to refresh it.
(function () {
  "use strict";
  if (!window.fetch) return;

  var status = document.getElementById("ticket-status");
  var link = document.getElementById("ticket-link");
  if (status && link) {
    var refresh = function () {
      fetch(link.getAttribute("href"), { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("ticket-status");
          if (fresh && fresh.innerHTML !== status.innerHTML) status.innerHTML = fresh.innerHTML;
        })
        .catch(function () {})
        .then(function () { setTimeout(refresh, 10000); });
    };
    setTimeout(refresh, 10000);
    return;
  }

  var heading = document.getElementById("counter-waiting");
  if (heading) {
    var services = (heading.getAttribute("data-services") || "").split(",");
    var count = Number(heading.getAttribute("data-count"));
    var note = document.getElementById("counter-changed");
    var watch = function () {
      fetch("/api/v1/queue/" + encodeURIComponent(heading.getAttribute("data-location")), { cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (board) {
          if (!board) return;
          var n = 0;
          services.forEach(function (s) { n += board.waiting[s] || 0; });
          note.hidden = n === count;
        })
        .catch(function () {})
        .then(function () { setTimeout(watch, 5000); });
    };
    setTimeout(watch, 5000);
    return;
  }

  var body = document.body;
  var location = body.getAttribute("data-location");
  var calls = document.getElementById("calls");
  if (!location || !calls) return;
  var lang = body.getAttribute("data-lang") === "en" ? "en-GB" : "id-ID";
  var sayTicket = body.getAttribute("data-say-ticket");
  var sayCounter = body.getAttribute("data-say-counter");
  var names = {};
  try { names = JSON.parse(document.getElementById("names").textContent); } catch (e) { names = {}; }
  var seen = {};
  Array.prototype.forEach.call(calls.querySelectorAll("[data-key]"), function (li) { seen[li.getAttribute("data-key")] = true; });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // "A-007" is read digit by digit: "A, nol, nol, tujuh".
  function spoken(number) {
    return number.replace(/-/g, " ").split("").join(" ");
  }

  function announce(t) {
    if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) return;
    var u = new SpeechSynthesisUtterance(sayTicket + " " + spoken(t.number) + ", " + sayCounter + " " + (t.counter || ""));
    u.lang = lang;
    u.rate = 0.9;
    window.speechSynthesis.speak(u);
  }

  function draw(board) {
    var fresh = [];
    calls.textContent = "";
    board.serving.forEach(function (t) {
      var key = t.number + ":" + t.calls;
      var li = el("li", "sp-display__call");
      li.setAttribute("data-key", key);
      li.appendChild(el("span", "sp-display__number", t.number));
      li.appendChild(el("span", "sp-display__counter", t.counter || ""));
      if (!seen[key]) { li.className += " sp-display__call--new"; fresh.push(t); seen[key] = true; }
      calls.appendChild(li);
    });
    var empty = document.getElementById("calls-empty");
    if (empty) empty.hidden = board.serving.length > 0;
    var waiting = document.getElementById("waiting");
    waiting.textContent = "";
    Object.keys(board.waiting).forEach(function (service) {
      var li = el("li");
      li.appendChild(el("span", "", names[service] || service));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("strong", "", String(board.waiting[service])));
      waiting.appendChild(li);
    });
    var recent = document.getElementById("recent");
    recent.textContent = "";
    board.recent.forEach(function (t) { recent.appendChild(el("li", "", t.number + " → " + (t.counter || ""))); });
    fresh.reverse().forEach(announce);
  }

  function poll() {
    fetch("/api/v1/queue/" + encodeURIComponent(location), { credentials: "omit", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (board) { if (board) draw(board); })
      .catch(function () {})
      .then(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 3000);
})();
