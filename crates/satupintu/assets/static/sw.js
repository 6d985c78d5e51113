// SatuPintu service worker: shows device notifications (Web Push) and opens their page.
// The message is JSON {code, status, title, body, url}, already in the citizen's language.
self.addEventListener("push", function (event) {
  var m = {};
  try { m = event.data ? event.data.json() : {}; } catch (e) { m = {}; }
  event.waitUntil(self.registration.showNotification(m.title || "SatuPintu", {
    body: m.body || "",
    tag: m.code || "satupintu",
    icon: "/static/icon-192.png",
    data: { url: m.url || "/" }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  // Only pages of this site.
  if (url.origin !== self.location.origin) url = new URL("/", self.location.origin);
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].url === url.href && "focus" in list[i]) return list[i].focus();
    }
    return self.clients.openWindow(url.href);
  }));
});
