"""The service worker (site_scripts/assets/service_worker.py, sw.js), in Chromium, over http. A schedule page alone
registers nothing and downloads no runtime. After a first visit that used a calculator, another calculator page (never
opened) loads and computes with the network cut, and a second page downloads neither the wasm nor calc.bundle again.
A new deployment, served by a host that answers conditional requests with 304 (Last-Modified, no ETag: Python's own
server), replaces the cache whole; a page of the old deployment never runs the new one's worker or calc but says so and
reloads, after instant navigation too; a damaged cache entry, of any size (the wasm included), is dropped and fetched
again. The site is served from a copy, under a sub-path, so that the test can deploy a changed version; nothing is
requested from any other host."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlencode

import pytest
from host_guard import WEB_SCHEMES, HostGuard
from local_server import serving

from calc.calculators import CALCULATORS
from site_scripts.assets.micropython_assets import pack, unpack
from site_scripts.assets.service_worker import write_service_worker
from site_scripts.site_url import default_site_url
from tests.cases.load import worked_examples

EXAMPLES = worked_examples()
BOOT_MS = 120_000  # the first Python start on a slow, busy machine; nothing here asserts on time
SUBPATH = "/fees/"
SITE_URL = default_site_url(Path(__file__).resolve().parents[2] / "mkdocs.yml")

CACHES = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    if (!name.startsWith("mpkj-fees:")) continue;  // the service worker's
    const cache = await caches.open(name);
    out[name] = (await cache.keys()).map((request) => request.url);
  }
  return out;
}"""


SERVED: list[str] = []  # every path the server was asked for
DOWN = threading.Event()  # set: the server answers 503 to everything (the network is gone)
# set: sitemap.xml names the pages at this server's address, as Material needs for instant navigation (its bytes are
# then not the build's, so the service worker would refuse to store it: set only where instant navigation is tested)
LOCAL_SITEMAP = threading.Event()


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
        if LOCAL_SITEMAP.is_set() and self.path.endswith("/sitemap.xml"):  # instant navigation needs it
            body = Path(self.translate_path(self.path)).read_text("utf-8")
            body = body.replace(SITE_URL, f"http://{self.headers.get('Host')}{SUBPATH}").encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
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
    LOCAL_SITEMAP.clear()
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
    """Deployment B: calc.bundle gains a file, and every file that names it changes with it, as a real build would
    (the worker's calc hash, the build id in fees.js, the worker and the calculator forms); index.html changes too.
    With `keep_mtimes`, changed files keep their old modification times (a deployment within the same second):
    a conditional request then gets 304 from this server. Returns B's build id."""
    js, assets = site / "javascripts", site / "assets"
    old_build = re.search(r'BUILD_ID = "(\w+)"', (js / "fees.js").read_text("utf-8")).group(1)
    new_build = hashlib.sha256(old_build.encode()).hexdigest()[:12]
    old_bundle = (assets / "calc.bundle").read_bytes()
    new_bundle = pack({**unpack(old_bundle), "calc/deployment_b.json": b"{}"})
    changed: dict[Path, bytes | str] = {assets / "calc.bundle": new_bundle}
    for name in ("fees.js", "fees-worker.mjs"):
        text = (js / name).read_text("utf-8").replace(old_build, new_build)
        old_sha, new_sha = hashlib.sha256(old_bundle).hexdigest(), hashlib.sha256(new_bundle).hexdigest()
        changed[js / name] = text.replace(old_sha, new_sha)
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        if old_build in text:  # the calculator forms' stamp
            changed[page] = text.replace(old_build, new_build)
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
    """Reading a schedule costs no runtime or service worker: Material's page and our scripts only."""
    context = browser.new_context()
    HostGuard(context, [base_url], schemes=WEB_SCHEMES)
    page = context.new_page()
    try:
        page.goto(base_url + "schedules/building_plan.html", wait_until="load")
        page.wait_for_load_state("networkidle")
        assert served(0, r"\.wasm|micropython|calc\.bundle|sw\.js") == []
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
    for relative in ("assets/micropython/micropython.wasm", "assets/micropython/micropython.mjs", "assets/calc.bundle",
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
    # one, else fetches it again (it checks every file's hash), so here each may come twice. Never again after this
    # first visit (below).
    for runtime_file in (r"micropython\.wasm", r"calc\.bundle"):
        assert 1 <= len(served(0, runtime_file)) <= 2, served(0, runtime_file)

    # No network: a calculator page not opened before, in the other language, loads and computes.
    context.set_offline(True)
    DOWN.set()
    try:
        served_before = len(SERVED)
        planning = example("planning_permission")
        page.goto(base_url + "en/calculators/planning_permission/new.html" + permalink(planning["request"]))
        page.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{planning["total"]}"]')
        assert page.evaluate("document.documentElement.lang") == "en"
        # Only the browser's own check for a new sw.js (made outside the page, so not cut by set_offline) reached
        # the server, and got a 503: the page and everything it used came from the service worker's cache.
        assert set(SERVED[served_before:]) <= {SUBPATH + "sw.js"}
    finally:
        DOWN.clear()
        context.set_offline(False)
    context.close()
    assert not guard.refused, sorted(set(guard.refused))


def test_installable_and_every_schedule_and_calculator_opens_with_the_network_cut(browser, base_url: str) -> None:
    """Issue 17, item 7: after one calculator visit the browser sees an installable web app (its manifest has no
    errors), and with the network cut every schedule page and every calculator, in both languages, opens from the
    service worker's cache, its calculator ready to compute."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(BOOT_MS)
    _first_visit(page, base_url)
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == base_url + "manifest.webmanifest" and manifest["errors"] == []
    errors = {error["errorId"] for error in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]}
    assert errors <= {"in-incognito"}, errors  # a test's browser context is a private one

    schedules = [f"schedules/{name}.html" for name in ("planning_permission", "building_plan", "deposit")]
    calculators = ["calculators/project.html", *(f"calculators/{c.slug}.html" for c in CALCULATORS)]
    context.set_offline(True)
    DOWN.set()
    try:
        for prefix in ("", "en/"):
            for path in schedules + calculators:
                response = page.goto(base_url + prefix + path)
                assert response is not None and response.ok, prefix + path
                assert page.locator("article h1").count() == 1, prefix + path
                if path in calculators:
                    page.wait_for_function("() => MPKjFees.status.stage === 'ready'", polling=100)
    finally:
        DOWN.clear()
        context.set_offline(False)
    context.close()


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
        error: {code: "python_error", message: "the interpreter stopped"}})""")
    notice = page.locator(".mpkj-status[data-stage=failed]")
    notice.wait_for()
    assert notice.get_attribute("data-reason") == "new_deployment"
    assert "Versi baharu" in notice.inner_text()
    assert served(since, r"calc\.bundle") == []  # nothing of B's calc reached A's page

    notice.locator("button").click()  # reload: the URL keeps the inputs
    deposit = example("deposit")
    page.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{deposit["total"]}"]')
    page.evaluate("MPKjServiceWorker.keep()")
    (new_cache,) = page.evaluate(CACHES)
    assert new_cache != old_cache and new_cache.rsplit(":", 1)[0] == old_cache.rsplit(":", 1)[0]
    for relative in ("index.html", "assets/calc.bundle", "javascripts/fees.js", "calculators/deposit.html"):
        assert _cache_sha(page, new_cache, base_url + relative) == _sha(deployed / relative), relative
    context.close()
    assert not guard.refused, sorted(set(guard.refused))


def test_instant_navigation_into_a_new_deployment_says_so_and_keeps_the_inputs(
    browser, deployed: Path, base_url: str
) -> None:
    """Issue 17, item 5: a calculator page of deployment A is open when B goes out; the visitor follows a link to
    another calculator, and Material's instant navigation brings B's page into A's document, where A's calc still
    runs. The page gives no answer beside B's tables: it says a new version is out, and its reload keeps the inputs."""
    LOCAL_SITEMAP.set()
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    guard = HostGuard(context, [base_url], schemes=WEB_SCHEMES)
    page = context.new_page()
    page.set_default_timeout(BOOT_MS)
    deposit = example("deposit")
    page.goto(base_url + "calculators/deposit.html" + permalink(deposit["request"]))
    page.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{deposit["total"]}"]')
    page.evaluate("() => { window.mpkjSameDocument = true; }")

    deploy_next(deployed, keep_mtimes=False)
    page.locator('.md-sidebar--primary a[href$="calculators/planning_permission/new.html"]').first.click()
    page.wait_for_url("**/calculators/planning_permission/new.html*")
    field = page.locator('.mpkj-field[data-path="residential_units"] input')
    field.fill("10")
    notice = page.locator(".mpkj-status[data-stage=failed]")
    notice.wait_for()
    assert page.evaluate("() => window.mpkjSameDocument === true"), "Material did not navigate instantly"
    assert notice.get_attribute("data-reason") == "new_deployment"
    assert "Versi baharu" in notice.inner_text()
    assert page.locator(".mpkj-result[data-state=ok]").count() == 0  # no answer of A's calc beside B's page

    notice.locator("button").click()  # reload: the URL keeps the inputs
    page.locator(".mpkj-result[data-state=ok]").wait_for()
    assert page.evaluate("() => window.mpkjSameDocument") is None  # a new document, B's
    assert page.locator('.mpkj-field[data-path="residential_units"] input').input_value() == "10"
    context.close()
    LOCAL_SITEMAP.clear()
    assert not guard.refused, sorted(set(guard.refused))


def test_a_damaged_cache_entry_is_replaced(browser, deployed: Path, base_url: str) -> None:
    """calc.bundle and the wasm (the biggest file: every size is checked) damaged in the cache: the next page still
    computes, as the service worker finds both damaged, drops them and fetches them again, and mends its cache."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(BOOT_MS)
    cache = _first_visit(page, base_url)
    damaged = ("assets/calc.bundle", "assets/micropython/micropython.wasm")
    for relative in damaged:
        page.evaluate("""async ([name, url]) => (await caches.open(name)).put(url,
            new Response(new Uint8Array(4096).fill(7), {headers: {"Content-Type": "application/octet-stream"}}))""",
                      [cache, base_url + relative])
    since = len(SERVED)
    planning = example("planning_permission")
    page.goto(base_url + "calculators/planning_permission/new.html" + permalink(planning["request"]))
    page.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{planning["total"]}"]')
    for relative in damaged:
        assert served(since, re.escape(relative)), f"{relative} was not fetched again"
        poll(page, lambda relative=relative: _cache_sha(page, cache, base_url + relative) == _sha(deployed / relative),
             f"{relative} mended in the cache")
    context.close()
