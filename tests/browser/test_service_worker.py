"""The service worker (site_scripts/assets/service_worker.py, sw.js), in Chromium, over http. A schedule page alone
registers nothing and downloads no runtime. After a first visit that used a calculator, another calculator page (never
opened) loads and computes with the network cut, and a second page downloads neither the runtime nor the snapshot again.
A new deployment, served by a host that answers conditional requests with 304 (Last-Modified, no ETag: Python's own
server), replaces the cache whole; a page of the old deployment never runs the new one's worker or calc but says so and
reloads; a damaged cache entry is dropped and fetched again. The site is served from a copy, under a sub-path, so that
the test can deploy a changed version; nothing is requested from any other host."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import threading
import zipfile
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlencode

import pytest
from host_guard import WEB_SCHEMES, HostGuard
from local_server import serving

from site_scripts.assets.pyodide_snapshot import MAGIC, read_header, with_header
from site_scripts.assets.service_worker import write_service_worker
from tests.cases.load import worked_examples

EXAMPLES = worked_examples()
BOOT_MS = 120_000  # the first Python start on a slow, busy machine; nothing here asserts on time
SUBPATH = "/fees/"

CACHES = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    if (!name.startsWith("mpkj-fees:")) continue;  // the service worker's (fees-worker.mjs keeps a cache of its own)
    const cache = await caches.open(name);
    out[name] = (await cache.keys()).map((request) => request.url);
  }
  return out;
}"""


SERVED: list[str] = []  # every path the server was asked for
DOWN = threading.Event()  # set: the server answers 503 to everything (the network is gone)


class _Handler(SimpleHTTPRequestHandler):
    """Python's static server: Last-Modified, 304 to If-Modified-Since, no ETag (the host of issue 13, item 3)."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json",
    }

    def do_GET(self) -> None:
        SERVED.append(self.path)
        if DOWN.is_set():
            self.send_error(503)
            return
        super().do_GET()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(SUBPATH):] if path.startswith(SUBPATH) else "/nowhere")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def deployed(site_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    return copy


@pytest.fixture
def base_url(deployed: Path) -> Iterator[str]:
    SERVED.clear()
    with serving(deployed, _Handler) as port:
        yield f"http://127.0.0.1:{port}{SUBPATH}"


def example(schedule: str) -> dict:
    return next(e for e in EXAMPLES if e["request"]["schedule"] == schedule)


def permalink(request: dict) -> str:
    params = {name: json.dumps(value) if isinstance(value, list | dict) else str(value)
              for name, value in request.items() if name not in ("schedule", "application")}
    return "?" + urlencode(params)


def poll(page, condition, what: str):
    for _ in range(600):
        value = condition()
        if value:
            return value
        page.wait_for_timeout(200)
    raise AssertionError(f"gave up waiting for {what}")


def served(since: int, pattern: str) -> list[str]:
    return [path for path in SERVED[since:] if re.search(pattern, path)]


def deploy_next(site: Path, *, keep_mtimes: bool = True) -> str:
    """Deployment B: calc.zip gains a file, and every file that names it changes with it, as a real build would
    (the worker's calc hash, the build id in fees.js and the worker, the snapshot's key); index.html changes too.
    With `keep_mtimes`, changed files keep their old modification times (a deployment within the same second):
    a conditional request then gets 304 from this server. Returns B's build id."""
    js, assets = site / "javascripts", site / "assets"
    old_build = re.search(r'BUILD_ID = "(\w+)"', (js / "fees.js").read_text("utf-8")).group(1)
    new_build = hashlib.sha256(old_build.encode()).hexdigest()[:12]
    old_zip = (assets / "calc.zip").read_bytes()
    with zipfile.ZipFile(assets / "calc.zip", "a") as archive:
        archive.writestr("calc/deployment_b.py", "# deployment B\n")
    new_zip = (assets / "calc.zip").read_bytes()
    raw = gzip.decompress((assets / "calc-snapshot.bin").read_bytes())
    header = read_header(raw)
    start = len(MAGIC) + 4 + int.from_bytes(raw[len(MAGIC):len(MAGIC) + 4], "little")
    new_key = hashlib.sha256(header["key"].encode()).hexdigest()[:16]
    changed = {
        assets / "calc-snapshot.bin": gzip.compress(with_header(new_key, header["check"], raw[start:]), mtime=0),
    }
    for name in ("fees.js", "fees-worker.mjs"):
        text = (js / name).read_text("utf-8").replace(old_build, new_build).replace(header["key"], new_key)
        changed[js / name] = text.replace(hashlib.sha256(old_zip).hexdigest(), hashlib.sha256(new_zip).hexdigest())
    index = site / "index.html"
    changed[index] = index.read_text("utf-8").replace("</body>", "<!-- deployment B --></body>")
    times = {path: path.stat().st_mtime for path in changed}
    for path, content in changed.items():
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
        if keep_mtimes:
            os.utime(path, (times[path], times[path]))
    write_service_worker(site)
    return new_build


def test_a_schedule_page_alone_downloads_no_runtime_and_registers_nothing(browser, base_url: str) -> None:
    """Reading a schedule costs no runtime, snapshot or service worker: Material's page and our scripts only."""
    context = browser.new_context()
    HostGuard(context, [base_url], schemes=WEB_SCHEMES)
    page = context.new_page()
    try:
        page.goto(base_url + "schedules/building_plan.html", wait_until="load")
        page.wait_for_load_state("networkidle")
        assert served(0, r"\.wasm|calc-snapshot|python_stdlib|calc\.zip|sw\.js|pyodide") == []
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
    finally:
        context.close()


def _cache_sha(page, name: str, url: str) -> str | None:
    return page.evaluate("""async ([name, url]) => {
      const hit = await (await caches.open(name)).match(url);
      if (!hit) return null;
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await hit.arrayBuffer()));
      return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
    }""", [name, url])


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _first_visit(page, base_url: str) -> str:
    """A calculator is used; once idle the page asks the worker to keep the runtime and the site. Returns the cache."""
    deposit = example("deposit")
    page.goto(base_url + "calculators/deposit.html" + permalink(deposit["request"]))
    page.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{deposit["total"]}"]')
    poll(page, lambda: page.evaluate("navigator.serviceWorker.controller !== null"), "the service worker")
    assert page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.scope)") == base_url
    # The page asked on its own once idle; asking again waits for the same work to finish ("mpkj-kept").
    page.evaluate("MPKjServiceWorker.keep()")
    stored = page.evaluate(CACHES)
    assert len(stored) == 1
    (name, urls), = stored.items()
    for relative in ("assets/pyodide/pyodide.asm.wasm", "assets/calc-snapshot.bin", "assets/calc.zip",
                     "javascripts/fees-worker.mjs", "en/calculators/planning_permission/new.html"):
        assert base_url + relative in urls, relative
    return name


def test_calculator_works_offline_after_a_visit_and_downloads_nothing_again(browser, base_url: str) -> None:
    context = browser.new_context()
    guard = HostGuard(context, [base_url], schemes=WEB_SCHEMES)
    page = context.new_page()
    page.set_default_timeout(BOOT_MS)
    _first_visit(page, base_url)
    # The runtime came from the network for the page; the worker takes the HTTP cache's copy where the browser kept
    # one, but a private context's in-memory HTTP cache (this test's) keeps no entry as big as the wasm (9.6 MB) or
    # the snapshot (6 MB), so here each may come twice. Never again after this first visit (below).
    for big in (r"pyodide\.asm\.wasm", r"calc-snapshot\.bin"):
        assert 1 <= len(served(0, big)) <= 2, served(0, big)

    # No network: a calculator page not opened before, in the other language, loads and computes.
    context.set_offline(True)
    DOWN.set()
    try:
        served_before = len(SERVED)
        planning = example("planning_permission")
        page.goto(base_url + "en/calculators/planning_permission/new.html" + permalink(planning["request"]))
        page.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{planning["total"]}"]')
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.evaluate("MPKjFees.status.from") == "snapshot"
        # Only the browser's own check for a new sw.js (made outside the page, so not cut by set_offline) reached
        # the server, and got a 503: the page and everything it used came from the service worker's cache.
        assert set(SERVED[served_before:]) <= {SUBPATH + "sw.js"}
    finally:
        DOWN.clear()
        context.set_offline(False)
    context.close()
    assert not guard.refused, sorted(set(guard.refused))


def test_a_new_deployment_never_mixes_files_with_an_open_page(browser, deployed: Path, base_url: str) -> None:
    """Deployment B goes out while a calculator page of A is open, on a host that would answer 304 to a conditional
    request for B's changed files. The new worker installs and its cache replaces A's. A's page, when its Python has to
    start again, gets B's worker: it runs none of B's calc, says a new version is out and reloads into B."""
    context = browser.new_context()
    guard = HostGuard(context, [base_url], schemes=WEB_SCHEMES)
    page = context.new_page()
    page.set_default_timeout(BOOT_MS)
    old_cache = _first_visit(page, base_url)

    deploy_next(deployed, keep_mtimes=True)
    since = len(SERVED)
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    poll(page, lambda: old_cache not in page.evaluate(CACHES), "the new deployment's worker to take over")

    # A's page loses its Python (a fatal error, reported from inside the worker) and starts it again: B's worker.
    worker = next(w for w in page.workers if "fees-worker.mjs" in w.url)
    worker.evaluate("""() => self.postMessage({type: "fatal", id: -1,
        error: {code: "python_error", message: "Pyodide has suffered a fatal error"}})""")
    notice = page.locator(".mpkj-status[data-stage=failed]")
    notice.wait_for()
    assert notice.get_attribute("data-reason") == "new_deployment"
    assert "Versi baharu" in notice.inner_text()
    assert served(since, r"calc\.zip|calc-snapshot") == []  # nothing of B's calc reached A's page

    notice.locator("button").click()  # reload: the URL keeps the inputs
    deposit = example("deposit")
    page.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{deposit["total"]}"]')
    assert page.evaluate("MPKjFees.status.from") == "snapshot"  # B's snapshot, checked against B's key
    page.evaluate("MPKjServiceWorker.keep()")
    (new_cache,) = page.evaluate(CACHES)
    assert new_cache != old_cache and new_cache.rsplit(":", 1)[0] == old_cache.rsplit(":", 1)[0]
    for relative in ("index.html", "assets/calc.zip", "assets/calc-snapshot.bin", "javascripts/fees.js"):
        assert _cache_sha(page, new_cache, base_url + relative) == _sha(deployed / relative), relative
    context.close()
    assert not guard.refused, sorted(set(guard.refused))


def test_a_damaged_cache_entry_is_replaced(browser, deployed: Path, base_url: str) -> None:
    """calc.zip and the snapshot damaged in the cache: the next page still computes (the snapshot fails its check, so
    Python boots from calc.zip, which the worker finds damaged and fetches again), and both entries are mended."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(BOOT_MS)
    cache = _first_visit(page, base_url)
    # The page's worker also keeps the snapshot unpacked in a cache of its own, which the next page would read first:
    # once it is written, it goes, so that the next page reads the service worker's (damaged) copy.
    page.wait_for_function("() => performance.getEntriesByName('mpkj:snapshot_kept').length", polling=100)
    page.evaluate("caches.delete('mpkj-snapshot-unpacked')")
    for relative in ("assets/calc.zip", "assets/calc-snapshot.bin"):
        page.evaluate("""async ([name, url]) => (await caches.open(name)).put(url,
            new Response(new Uint8Array(4096).fill(7), {headers: {"Content-Type": "application/octet-stream"}}))""",
                      [cache, base_url + relative])
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    planning = example("planning_permission")
    page.goto(base_url + "calculators/planning_permission/new.html" + permalink(planning["request"]))
    page.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{planning["total"]}"]')
    assert page.evaluate("MPKjFees.status.from") == "boot"
    assert any("without the snapshot" in text for text in messages), messages
    poll(page, lambda: _cache_sha(page, cache, base_url + "assets/calc.zip") == _sha(deployed / "assets/calc.zip"),
         "calc.zip mended in the cache")
    # The page had the worker drop the damaged snapshot; its "keep" request (once Python was ready) stored it anew.
    snapshot = base_url + "assets/calc-snapshot.bin"
    poll(page, lambda: _cache_sha(page, cache, snapshot) == _sha(deployed / "assets/calc-snapshot.bin"),
         "the snapshot mended in the cache")
    page.goto(base_url + "calculators/deposit.html" + permalink(example("deposit")["request"]))
    page.wait_for_selector('.mpkj-result[data-state="ok"]')
    assert page.evaluate("MPKjFees.status.from") == "snapshot"
    context.close()
