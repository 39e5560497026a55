// Service worker of the MPKj fee site, written to <site>/sw.js by site_scripts/assets/service_worker.py
// (do not edit sw.js).
// Registered by javascripts/sw-register.js over http(s) only, and only once a calculator has been used (a visitor who
// only reads a schedule downloads nothing more); its scope is the folder sw.js is in (the site root, whatever
// sub-path the site is served from).
//
// One cache per deployment, named after a hash of every built file. FILES maps each file to its SHA-256: a file is
// stored only if its bytes match, so a cache never mixes two deployments (a file of another deployment is served but
// not stored, and the next sw.js is looked for). Nothing is stored on install: files are stored as pages use them,
// and when a page says "mpkj-keep" (a calculator was used, and the page is idle; or "keep for offline use") the
// Python runtime (RUNTIME) and then the rest of the site (PRECACHE) are stored for use with no network. On activate
// the caches of other deployments are deleted. Requests are answered from the cache, else from the network.
//
// Network fetches bypass the HTTP cache (cache: "reload"), so a host that answers 304 to a conditional request
// without an ETag cannot hand back an older body; only a file the page itself has just downloaded (the runtime, on
// first use) is first taken from the HTTP cache, and fetched again if its hash is not this deployment's. Every stored
// entry, whatever its size, is checked against FILES on every use: a damaged one is dropped and fetched again.
"use strict";

const VERSION = "__MPKJ_SW_VERSION__";
const FILES = __MPKJ_SW_FILES__;
const PRECACHE = __MPKJ_SW_PRECACHE__;
const RUNTIME = __MPKJ_SW_RUNTIME__;
const QUERY = __MPKJ_SW_QUERY__; // path -> the "?v=<build id>" the pages ask for it with (one HTTP cache entry)

const ROOT = new URL("./", self.location.href);
const PREFIX = "mpkj-fees:" + ROOT.pathname + ":";
const CACHE = PREFIX + VERSION;
const hasFile = (path) => Object.prototype.hasOwnProperty.call(FILES, path);
const keyOf = (path) => new URL(path, ROOT).href;

// The file of the site a request is for (query and fragment ignored), or null for anything else.
function pathOf(url) {
  const parsed = new URL(url);
  if (parsed.origin !== ROOT.origin || !parsed.pathname.startsWith(ROOT.pathname)) return null;
  let path;
  try {
    path = decodeURIComponent(parsed.pathname.slice(ROOT.pathname.length));
  } catch {
    return null;
  }
  if (path === "" || path.endsWith("/")) path += "index.html";
  return hasFile(path) ? path : null;
}

async function sha256(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// The network's copy of a file; `current` is false when its bytes are not this deployment's. `httpCacheFirst`: the
// page has just downloaded it, so try the browser's HTTP cache before the network (download once).
async function fetchFile(path, { httpCacheFirst = false } = {}) {
  let attempt = await fetchOnce(path, httpCacheFirst ? "force-cache" : "reload");
  if (httpCacheFirst && !attempt.current) attempt = await fetchOnce(path, "reload"); // a stale copy: refetch
  return attempt;
}

async function fetchOnce(path, cacheMode) {
  const url = keyOf(path) + (QUERY[path] || "");
  const response = await fetch(url, { cache: cacheMode, credentials: "same-origin" });
  if (!response.ok) return { response, current: false };
  const body = await response.arrayBuffer();
  const headers = { "Content-Type": response.headers.get("Content-Type") || "application/octet-stream" };
  return { response: new Response(body, { status: 200, headers }), current: (await sha256(body)) === FILES[path] };
}

// A stored entry that is still this deployment's file; a damaged one is dropped (and then fetched anew). The biggest
// file, the wasm, is under half a megabyte: hashing it on each use costs about a millisecond.
async function storedFile(cache, path) {
  const hit = await cache.match(keyOf(path));
  if (!hit) return null;
  if ((await sha256(await hit.clone().arrayBuffer())) === FILES[path]) return hit;
  await cache.delete(keyOf(path));
  return null;
}

async function store(cache, paths, options) {
  const queue = paths.slice();
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      if (await storedFile(cache, path)) continue;
      const { response, current } = await fetchFile(path, options);
      if (!current) throw new Error(path + " is not the file of deployment " + VERSION);
      await cache.put(keyOf(path), response);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

self.addEventListener("install", () => self.skipWaiting()); // nothing downloaded ahead: see "mpkj-keep"

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

let keeping = null; // the "mpkj-keep" work under way

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "mpkj-keep") {
    // The runtime first (the page has it in its HTTP cache already), then every page, style and script.
    // Asked again while storing (a second page, a "keep" button): the same work, not a second download of each file.
    if (!keeping) {
      keeping = caches
        .open(CACHE)
        .then((cache) => store(cache, RUNTIME, { httpCacheFirst: true }).then(() => store(cache, PRECACHE)))
        .finally(() => {
          keeping = null;
        });
    }
    event.waitUntil(
      keeping
        .then(() => event.source && event.source.postMessage({ type: "mpkj-kept", version: VERSION }))
        .catch(() => self.registration.update()),
    );
  } else if (data.type === "mpkj-drop" && Array.isArray(data.urls)) {
    // The page found a runtime file unusable (it would not load): forget it; the next use refetches.
    event.waitUntil(
      caches.open(CACHE).then((cache) =>
        Promise.all(
          data.urls.map((url) => {
            const path = pathOf(url);
            return path === null ? null : cache.delete(keyOf(path));
          }),
        ),
      ),
    );
  }
});

async function respond(event, path) {
  const cache = await caches.open(CACHE);
  const hit = await storedFile(cache, path);
  if (hit) return hit;
  let fetched;
  try {
    fetched = await fetchFile(path);
  } catch {
    return Response.error(); // offline and not stored
  }
  if (fetched.current) event.waitUntil(cache.put(keyOf(path), fetched.response.clone()));
  else if (fetched.response.ok) event.waitUntil(self.registration.update()); // a newer deployment is out
  return fetched.response;
}

self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET") return;
  const path = pathOf(event.request.url);
  if (path !== null) event.respondWith(respond(event, path));
});
