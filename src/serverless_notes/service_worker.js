/* The site's service worker (hosted site only: browsers run none from file://). The build writes
   it to sw.js with PRECACHE, the list of this build's files and its version, in front of this text.

   Install: fetch every listed file into a cache named after the build, so the whole site reads in
   airplane mode after one visit. A new build is a new sw.js (its version changes), which the browser
   installs in the background; the old cache is deleted once the new one is complete.
   Fetch: network first (a reader online always sees the deployed build), the cache when offline.
   Requests to any other origin are left to the browser; none is cached. */
"use strict";

const CACHE = "sn-" + PRECACHE.version;
const SCOPE = new URL("./", self.location).href;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll(PRECACHE.files.map((path) => new Request(SCOPE + path, {cache: "reload"}))))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith("sn-") && name !== CACHE)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

function fromCache(request) {
  const url = new URL(request.url);
  url.hash = "";
  url.search = "";
  return caches.open(CACHE).then((cache) => cache.match(url.href)
    .then((found) => found || (url.pathname.endsWith("/") ? cache.match(url.href + "index.html") : undefined))
    .then((found) => found || (request.mode === "navigate" ? cache.match(SCOPE + "404.html") : undefined))
    .then((found) => found || Response.error()));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  event.respondWith(fetch(request)
    .then((response) => {
      if (response.ok && response.type === "basic") {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
      }
      return response;
    })
    .catch(() => fromCache(request)));
});
