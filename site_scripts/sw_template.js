// Service worker of the MPKj fee site, written to <site>/sw.js by site_scripts/service_worker.py (do not edit sw.js).
// Registered by javascripts/sw-register.js over http(s) only; its scope is the folder sw.js is in (the site root,
// whatever sub-path the site is served from).
//
// One cache per deployment, named after a hash of every built file. FILES maps each file to its SHA-256: a file is
// stored only if its bytes match, so a cache never mixes two deployments (a file fetched after the next deployment
// is served but not stored, and the next sw.js is looked for). On install the pages, styles, scripts and search
// index are stored (PRECACHE); the Python runtime and calc (RUNTIME) when a page first uses them, or when a page
// that loaded them before this worker took control says so. On activate the caches of other deployments are
// deleted. Requests are answered from the cache, else from the network.
"use strict";

const VERSION = "__MPKJ_SW_VERSION__";
const FILES = __MPKJ_SW_FILES__;
const PRECACHE = __MPKJ_SW_PRECACHE__;
const RUNTIME = __MPKJ_SW_RUNTIME__;

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
  try { path = decodeURIComponent(parsed.pathname.slice(ROOT.pathname.length)); } catch (error) { return null; }
  if (path === "" || path.endsWith("/")) path += "index.html";
  return hasFile(path) ? path : null;
}

async function sha256(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// The network's copy of a file; `current` is false when its bytes are not this deployment's.
async function fetchFile(path) {
  const response = await fetch(keyOf(path), { cache: "no-cache", credentials: "same-origin" });
  if (!response.ok) return { response, current: false };
  const body = await response.arrayBuffer();
  const headers = { "Content-Type": response.headers.get("Content-Type") || "application/octet-stream" };
  return { response: new Response(body, { status: 200, headers }), current: (await sha256(body)) === FILES[path] };
}

async function store(cache, paths) {
  const queue = paths.slice();
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      if (await cache.match(keyOf(path))) continue;
      const { response, current } = await fetchFile(path);
      if (!current) throw new Error(path + " is not the file of deployment " + VERSION);
      await cache.put(keyOf(path), response);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

self.addEventListener("install", (event) => {
  // A failed install (offline, or the site changed meanwhile) is retried by the browser at the next visit.
  event.waitUntil(caches.open(CACHE).then((cache) => store(cache, PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "mpkj-cache-runtime") return;
  event.waitUntil(caches.open(CACHE).then((cache) => store(cache, RUNTIME)).catch(() => self.registration.update()));
});

async function respond(event, path) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(keyOf(path));
  if (hit) return hit;
  let fetched;
  try {
    fetched = await fetchFile(path);
  } catch (error) {
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
