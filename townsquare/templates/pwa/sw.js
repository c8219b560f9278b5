{% autoescape off %}/* Townsquare's service worker (served at /sw.js by townsquare.core.views.service_worker).

   - install: precache the offline page and the static files it needs, under a versioned cache name;
   - activate: delete every older Townsquare cache, take control of open pages;
   - navigations: network first; with no network, the cached offline page (pages are never cached);
   - /static/: cache first (file names change when their content does in production);
   - everything else, and every request that is not a GET, goes to the network untouched. */
"use strict";

const CACHE = "townsquare-__VERSION__";
const OFFLINE_URL = {{ offline_url }};
const STATIC_URL = {{ static_url }};
const PRECACHE = {{ precache }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      // credentials omitted: the cached offline page is the anonymous one, carrying nobody's data
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { credentials: "omit" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith("townsquare-") && name !== CACHE).map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(() => caches.open(CACHE).then((cache) => cache.match(OFFLINE_URL)))
    );
    return;
  }
  if (url.pathname.startsWith(STATIC_URL)) {
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match(request, { ignoreVary: true }).then((hit) => hit || fetch(request).then((response) => {
        if (response.ok && response.type === "basic") cache.put(request, response.clone());
        return response;
      })))
    );
  }
});

// Push (townsquare.delivery): show what the server sent — {title, body, url, tag} as JSON — and open its
// page when the notification is clicked, focusing a Townsquare tab that is already open.
self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = { body: event.data ? event.data.text() : "" }; }
  const url = typeof data.url === "string" && data.url.startsWith("/") ? data.url : "/notifications/";
  event.waitUntil(self.registration.showNotification(data.title || "Townsquare", {
    body: data.body || "",
    tag: data.tag || undefined,
    icon: PRECACHE.find((u) => u.endsWith("icon-192.png")),
    data: { url },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url.startsWith(self.location.origin));
      if (!open) return self.clients.openWindow(target);
      // navigate() works only on a page this worker controls; otherwise open a new window
      return open.focus().then((w) => w.navigate(target)).catch(() => self.clients.openWindow(target));
    })
  );
});
{% endautoescape %}
