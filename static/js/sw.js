// Keeps the app usable with no signal, from any page: the dashboard, the quick-note page, the
// editor (a new entry, and each entry's editor once opened) and their static files are kept
// when first visited, and shown from here when the network does not answer; any other page
// answers with the offline page, which says what can still be done. Pages are fetched fresh
// whenever there is a connection. Saves made offline wait in the page's outbox
// (static/js/device/outbox.js), not here. Logging out clears all of it (Clear-Site-Data).
"use strict";
var CACHE = "cpd-offline-v3";
var OFFLINE = "/offline/";
var SHELL = ["/dashboard/", "/notes/new/", "/entries/new/", OFFLINE];
// The pages kept: the shell, and an entry's editor. Nothing else a person reads is copied
// onto the device.
var KEPT = /^\/(dashboard\/|notes\/new\/|entries\/new\/|entries\/\d+\/edit\/|offline\/)$/;

function staticFiles(html) {
  var found = [];
  html.replace(/(?:src|href)="(\/static\/[^"]+)"/g, function (match, url) {
    found.push(url);
    return match;
  });
  return found;
}

function keep(cache, path) {
  return fetch(path, { credentials: "same-origin" }).then(function (response) {
    if (!response.ok || response.redirected) return [];
    return response.clone().text().then(function (html) {
      return cache.put(path, response).then(function () { return staticFiles(html); });
    });
  });
}

// A page names its scripts; an ES module names the modules it imports ("./kept.js"): those
// are kept too, so the editor works offline even before it was opened with a connection.
function withImports(files) {
  var seen = new Set(files);
  var waiting = files.filter(function (url) { return url.endsWith(".js"); });
  function next() {
    var url = waiting.shift();
    if (!url) return Promise.resolve(Array.from(seen));
    return fetch(url).then(function (response) { return response.text(); }).then(function (text) {
      text.replace(/from\s*"(\.{1,2}\/[^"]+)"/g, function (match, relative) {
        var found = new URL(relative, self.location.origin + url).pathname;
        if (!seen.has(found)) {
          seen.add(found);
          waiting.push(found);
        }
        return match;
      });
      return next();
    });
  }
  return next();
}

function keepShell() {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(SHELL.map(function (path) { return keep(cache, path); })).then(function (lists) {
      return withImports(Array.from(new Set([].concat.apply([], lists))));
    }).then(function (files) { return cache.addAll(files); });
  }).catch(function () { /* kept page by page as they are visited instead */ });
}

self.addEventListener("install", function (event) {
  event.waitUntil(keepShell().then(function () { return self.skipWaiting(); }));
});

// Each signed-in page asks: after the device was cleared (someone logged out, or another
// person logged in) the shell is kept again, for whoever is signed in now.
self.addEventListener("message", function (event) {
  if (event.data !== "keep-shell") return;
  event.waitUntil(caches.match(OFFLINE).then(function (hit) { return hit || keepShell(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function page(request, path) {
  // Network first, so the page (and its form token) is fresh; the kept copy when offline.
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected && KEPT.test(path)) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(path, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(KEPT.test(path) ? path : OFFLINE).then(function (hit) {
      return hit || caches.match(OFFLINE);
    });
  });
}

function file(request) {
  return caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

// A button pressed on a kept page with no connection (a form posted): the offline page, which
// says nothing was done, rather than the browser's own error.
function action(request) {
  return fetch(request).catch(function () { return caches.match(OFFLINE); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var ours = !url.pathname.startsWith("/accounts/") && !url.pathname.startsWith("/admin/");
  if (request.method !== "GET") {
    if (request.mode === "navigate" && ours) event.respondWith(action(request));
    return;
  }
  if (request.mode === "navigate" && ours) {
    event.respondWith(page(request, url.pathname));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(file(request));
  }
});
