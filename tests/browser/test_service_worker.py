"""The service worker (site_scripts/service_worker.py, sw.js), in Chromium, over http: after a first visit that used
a calculator, another calculator page (never opened) loads and computes with the network cut; a new deployment then
replaces the cache whole (one cache left, holding the new files). The site is served from a copy, under a sub-path,
so that the test can deploy a changed version; nothing is requested from any other host."""

from __future__ import annotations

import json
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

from site_scripts.service_worker import write_service_worker

EXAMPLES = json.loads((Path(__file__).parents[1] / "data" / "worked_examples.json").read_text(encoding="utf-8"))
BOOT_MS = 120_000  # the first Python start on a slow, busy machine; nothing here asserts on time
SUBPATH = "/fees/"

CACHES = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    out[name] = (await cache.keys()).map((request) => request.url);
  }
  return out;
}"""


SERVED: list[str] = []  # every path the server was asked for
DOWN = threading.Event()  # set: the server answers 503 to everything (the network is gone)


class _Handler(SimpleHTTPRequestHandler):
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


@pytest.fixture(scope="module")
def deployed(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("deployed") / "site"
    shutil.copytree(site_dir, copy)
    return copy


@pytest.fixture(scope="module")
def base_url(deployed: Path) -> Iterator[str]:
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


def test_calculator_works_offline_after_a_visit_and_a_deployment_replaces_the_cache(
    browser, deployed: Path, base_url: str
) -> None:
    context = browser.new_context()
    guard = HostGuard(context, [base_url], schemes=WEB_SCHEMES)
    page = context.new_page()
    page.set_default_timeout(BOOT_MS)

    # First visit: a calculator is used; the worker takes control and keeps the pages, then the runtime.
    deposit = example("deposit")
    page.goto(base_url + "calculators/deposit.html" + permalink(deposit["request"]))
    page.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{deposit["total"]}"]')
    poll(page, lambda: page.evaluate("navigator.serviceWorker.controller !== null"), "the service worker")
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.scope)")
    assert scope == base_url  # the site root, under its sub-path

    def stored() -> dict[str, list[str]]:
        return page.evaluate(CACHES)

    needed = [base_url + p for p in ("assets/pyodide/pyodide.asm.wasm", "assets/pyodide/python_stdlib.zip",
                                     "assets/calc.zip", "en/calculators/planning_permission/new.html")]
    first = poll(page, lambda: (lambda c: c if len(c) == 1 and all(
        url in next(iter(c.values())) for url in needed) else None)(stored()), "the runtime in the cache")
    old_cache = next(iter(first))

    # No network: a calculator page not opened before loads and computes.
    context.set_offline(True)
    DOWN.set()
    served_before = len(SERVED)
    planning = example("planning_permission")
    page.goto(base_url + "en/calculators/planning_permission/new.html" + permalink(planning["request"]))
    page.wait_for_selector(f'.mpkj-result[data-state="ok"][data-total="{planning["total"]}"]')
    assert page.evaluate("document.documentElement.lang") == "en"
    # Only the browser's own check for a new sw.js (made outside the page, so not cut by set_offline) reached the
    # server, and got a 503: the page and everything it used came from the service worker's cache.
    assert set(SERVED[served_before:]) <= {SUBPATH + "sw.js"}
    DOWN.clear()
    context.set_offline(False)

    # A new deployment: one page changes, sw.js is rewritten. The update leaves one cache, the new one, whose copy of
    # the page is the new one.
    index = deployed / "index.html"
    index.write_text(index.read_text("utf-8").replace("</body>", "<!-- deployment 2 --></body>"), "utf-8")
    write_service_worker(deployed)
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    second = poll(page, lambda: (lambda c: c if len(c) == 1 and old_cache not in c else None)(stored()),
                  "the new deployment's cache to replace the old one")
    new_cache = next(iter(second))
    assert new_cache.rsplit(":", 1)[0] == old_cache.rsplit(":", 1)[0]
    html = page.evaluate("([name, url]) => caches.open(name).then((c) => c.match(url)).then((r) => r.text())",
                         [new_cache, base_url + "index.html"])
    assert "<!-- deployment 2 -->" in html
    context.close()
    assert not guard.refused, sorted(set(guard.refused))
