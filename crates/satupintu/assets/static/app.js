// SatuPintu progressive enhancement. Every page works without this file.
// Live application status: when the server says the application changed, the page's main
// content is refreshed in place (no reload) and the change is announced to screen readers.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !window.EventSource || !window.fetch || !window.DOMParser) return;
  var source = new EventSource(live.getAttribute("data-live"));
  source.addEventListener("status", function () {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("main");
        var main = document.getElementById("main");
        if (!fresh || !main) return;
        main.innerHTML = fresh.innerHTML;
        var region = document.getElementById("live");
        if (region) region.textContent = region.getAttribute("data-live-message") || "";
      })
      .catch(function () { /* the page still shows the last known state */ });
  });
})();
