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
// Device notifications: on /akun/notifikasi, a button (shown only where the browser can take
// Web Push) registers /sw.js, subscribes with the server's VAPID key and sends the subscription
// with this page's session and CSRF token. Without it the page still saves every choice.
(function () {
  "use strict";
  var box = document.getElementById("push-device");
  var csrf = document.querySelector("input[name=_csrf]");
  if (!box || !csrf || !("serviceWorker" in navigator) || !window.PushManager || !window.fetch) return;
  var button = box.querySelector("button");
  var status = box.querySelector("[role=status]");
  var key = box.getAttribute("data-key").replace(/-/g, "+").replace(/_/g, "/");
  var raw = atob(key + "===".slice((key.length + 3) % 4));
  var serverKey = new Uint8Array(raw.length);
  for (var i = 0; i < raw.length; i++) serverKey[i] = raw.charCodeAt(i);
  box.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.serviceWorker.register("/sw.js")
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (reg) { return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey }); })
      .then(function (sub) {
        return fetch("/api/v1/push/subscriptions", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf.value },
          body: JSON.stringify(sub)
        });
      })
      .then(function (r) {
        if (!r.ok) throw r.status;
        status.textContent = box.getAttribute("data-done");
      })
      .catch(function () {
        status.textContent = box.getAttribute("data-failed");
        button.disabled = false;
      });
  });
})();
