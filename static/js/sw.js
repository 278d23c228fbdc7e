/* The service worker (served at /sw.js by phpu/pwa.py, which prepends CONFIG: the capture page, the
   static files it needs and the versioned cache name). It keeps only the offline capture page and those
   static files: the API, every other page or file and every non-GET request go to the network untouched,
   so no answer with someone's data is kept on the phone beyond that one page. */
/* global CONFIG */
"use strict";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CONFIG.cache).then(function (cache) {
      return cache.addAll(CONFIG.static).then(function () {
        // The page needs a signed-in session: kept when it can be had, never the login page instead.
        return fetch(CONFIG.page, { credentials: "same-origin" }).then(function (response) {
          if (response.ok && !response.redirected) return cache.put(CONFIG.page, response);
        }).catch(function () { /* offline while installing: kept on the next visit */ });
      });
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("siaga-capture-") === 0 && name !== CONFIG.cache;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// Signing out forgets the kept page (it shows the person's name and reach).
self.addEventListener("message", function (event) {
  if (event.data === "forget-page") {
    event.waitUntil(caches.open(CONFIG.cache).then(function (cache) { return cache.delete(CONFIG.page); }));
  }
});

function staticFirst(request) {
  return caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CONFIG.cache).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

function pageNetworkFirst(request) {
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CONFIG.cache).then(function (cache) { cache.put(CONFIG.page, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(CONFIG.page).then(function (hit) {
      return hit || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === CONFIG.page && request.mode === "navigate") {
    event.respondWith(pageNetworkFirst(request));
  } else if (CONFIG.static.indexOf(url.pathname) >= 0) {
    event.respondWith(staticFirst(request));
  }
});
