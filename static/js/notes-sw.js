// Keeps the quick-note page usable with no signal: the page and its own static files are
// cached when first visited; the page is fetched fresh whenever there is a connection.
// Notes themselves wait in the page's localStorage outbox (static/js/notes.js), not here.
"use strict";
var CACHE = "cpd-quick-note-v1";
var PAGE = new URL("new/", self.registration.scope).pathname;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return fetch(PAGE, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) return;
        return response.clone().text().then(function (html) {
          var assets = [];
          html.replace(/(?:src|href)="(\/static\/[^"]+)"/g, function (_, url) { assets.push(url); return _; });
          return cache.put(PAGE, response).then(function () { return cache.addAll(assets); });
        });
      });
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === PAGE) {
    // Network first, so the page (and its form token) stays fresh; the cache when offline.
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok && !response.redirected) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(PAGE, copy); });
        }
        return response;
      }).catch(function () { return caches.match(PAGE); })
    );
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(
      caches.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
          return response;
        });
      })
    );
  }
});
