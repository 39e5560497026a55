"""Smoke tests in two more engines: Debian's Firefox ESR (Gecko) and WebKitGTK's MiniBrowser (WebKit, the engine of
Safari) under xvfb-run, installed by tests/ensure_engines.sh. Neither can be driven by Python Playwright here, so
the page reports to the test: a copy of the deposit calculator, which opens itself with its worked example as a
permalink, plus one script (written here) that sends, as image requests to a local report server, the form's answer
and one MPKjFees.estimate per schedule (the worked examples of planning permission and building plan). Firefox over
http and from the unzipped offline zip (file://); WebKit from the zip, opt-in (`make test-webkit`, see below). The
expected totals are the hand-worked ones of tests/cases. A failure
to start must arrive as the calculator's "failed" state, never a hang.

The copy differs from the page only by that script and by the report server's address in its policy's img-src.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from glob import glob
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from local_server import serving

from tests.cases.load import worked_examples

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = worked_examples()
REPORT_S = 120  # Python's first start in a cold browser on a busy machine; nothing here asserts on time
FIREFOX = shutil.which("firefox-esr")
MINIBROWSER = next(iter(sorted(glob("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.*/MiniBrowser"))), None)
XVFB_RUN = shutil.which("xvfb-run")
PAGE = "calculators/deposit.html"
COPY = "calculators/deposit-engine-smoke.html"
REPORTER = "javascripts/engine-smoke.js"
# Firefox without its own background traffic (no request leaves for any host but the test's).
FIREFOX_PREFS = {
    "app.normandy.enabled": False, "app.update.auto": False, "app.update.enabled": False,
    "browser.aboutwelcome.enabled": False, "browser.newtabpage.enabled": False,
    "browser.safebrowsing.downloads.enabled": False, "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False, "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore", "browser.startup.page": 0,
    "browser.tabs.remote.autostart": True, "datareporting.healthreport.uploadEnabled": False,
    "datareporting.policy.dataSubmissionEnabled": False, "extensions.update.enabled": False,
    "network.captive-portal-service.enabled": False, "network.connectivity-service.enabled": False,
    "network.dns.disablePrefetch": True, "network.prefetch-next": False, "services.settings.server": "",
    "toolkit.telemetry.enabled": False, "toolkit.telemetry.unified": False,
    "browser.ping-centre.telemetry": False, "extensions.getAddons.cache.enabled": False,
}


def example(schedule: str) -> dict:
    return next(e for e in EXAMPLES if e["request"]["schedule"] == schedule)


def permalink(request: dict) -> str:
    """The calculator UI's permalink: one query parameter per top-level field, lists and objects as JSON."""
    return "?" + urlencode({name: json.dumps(value) if isinstance(value, list | dict) else str(value)
                            for name, value in request.items() if name not in ("schedule", "application")})


def reporter(port: int) -> str:
    """The report script: opens the page with the deposit example's permalink (MiniBrowser cannot be given a file://
    URL with a query), then reports every status of MPKjFees, the form's first answer, and one estimate for each of
    the other schedules."""
    requests = {schedule: example(schedule)["request"] for schedule in ("planning_permission", "building_plan")}
    return """(function () {
  "use strict";
  if (!location.search) { location.replace(location.href + PERMALINK); return; }
  const REPORT = "http://127.0.0.1:PORT/report";
  const report = (data) => { new Image().src = REPORT + "?" + new URLSearchParams(data); };
  window.addEventListener("error", (event) => report({ kind: "error", message: String(event.message) }));
  window.MPKjFees.onStatus((status) => report({ kind: "status", stage: status.stage, message: status.message || "" }));
  const result = document.querySelector("form.mpkj-calculator .mpkj-result");
  const answered = () => {
    const state = result.dataset.state;
    if (state !== "ok" && state !== "invalid" && state !== "failed") return false;
    report({ kind: "form", state, total: result.dataset.total || "" });
    return true;
  };
  if (!answered()) {
    new MutationObserver((records, observer) => { if (answered()) observer.disconnect(); })
      .observe(result, { attributes: true });
  }
  (async () => {
    const requests = REQUESTS;
    for (const [schedule, request] of Object.entries(requests)) {
      try {
        const response = await window.MPKjFees.estimate(request);
        report({ kind: "api", schedule, total: response.total || JSON.stringify(response.errors) });
      } catch (error) {
        report({ kind: "api", schedule, total: "", message: error.code + ": " + error.message });
      }
    }
  })();
})();
""".replace("PORT", str(port)).replace("REQUESTS", json.dumps(requests)).replace(
        "PERMALINK", json.dumps(permalink(example("deposit")["request"])))


def write_smoke_page(site: Path, port: int) -> None:
    """The deposit calculator with the report script, in the site's own folder (same relative links)."""
    html = (site / PAGE).read_text("utf-8")
    assert "img-src 'self' data:" in html
    html = html.replace("img-src 'self' data:", f"img-src 'self' data: http://127.0.0.1:{port}")
    depth = "../" * PAGE.count("/")
    html = html.replace("</body>", f'<script src="{depth}{REPORTER}"></script></body>')
    (site / COPY).write_text(html, "utf-8")
    (site / REPORTER).write_text(reporter(port), "utf-8")



def offline_smoke_page(unzipped: Path, tmp_path: Path, port: int) -> str:
    """The file:// address of the smoke page in a copy of the offline zip, in a folder whose name has spaces."""
    site = tmp_path / "a folder with spaces" / "mpkj"
    shutil.copytree(unzipped, site)
    write_smoke_page(site, port)
    return (site / COPY).as_uri()

@dataclass
class Reports:
    """What the pages reported, in order of arrival."""

    items: list[dict] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def add(self, report: dict) -> None:
        with self.arrived:
            self.items.append(report)
            self.arrived.notify_all()

    def wait_for(self, done, timeout: float) -> list[dict]:
        with self.arrived:
            self.arrived.wait_for(lambda: done(self.items), timeout=timeout)
            return list(self.items)


def finished(items: list[dict]) -> bool:
    """Every answer is in, or the calculator said it cannot start (which it must say rather than hang)."""
    answers = {(r["kind"], r.get("schedule")) for r in items if r["kind"] in ("form", "api")}
    failed = any(r["kind"] == "status" and r["stage"] == "failed" for r in items)
    return failed or len(answers) == 3


@pytest.fixture
def report_server(tmp_path: Path) -> Iterator[tuple[int, Reports, Path]]:
    """A server on 127.0.0.1 that records /report?… and serves `root` (filled by the test) for everything else."""
    reports = Reports()
    root = tmp_path / "served"
    root.mkdir()

    class Handler(SimpleHTTPRequestHandler):
        extensions_map: ClassVar[dict[str, str]] = {
            **SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript", ".js": "text/javascript",
            ".wasm": "application/wasm", ".json": "application/json", ".zip": "application/zip",
        }

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path != "/report":
                super().do_GET()
                return
            reports.add(dict(parse_qsl(parts.query)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serving(root, Handler) as port:
        yield port, reports, root


def run_engine(command: list[str], reports: Reports, env: dict[str, str] | None = None) -> list[dict]:
    """Starts the browser (its own process group), waits for the reports, and ends the browser and its children."""
    browser = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                               env={**os.environ, **(env or {})})
    try:
        items = reports.wait_for(finished, REPORT_S)
    finally:
        os.killpg(browser.pid, signal.SIGTERM)
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(browser.pid, signal.SIGKILL)
            browser.wait()
    return items


def assert_computed(items: list[dict], engine: str) -> None:
    stages = [r["stage"] for r in items if r["kind"] == "status"]
    failures = [r for r in items if r["kind"] in ("error",) or r.get("stage") == "failed"]
    assert not failures, f"{engine}: {failures}"
    assert finished(items), f"{engine}: no answer within {REPORT_S} s; statuses {stages}; reports {items}"
    form = next(r for r in items if r["kind"] == "form")
    assert (form["state"], form["total"]) == ("ok", example("deposit")["total"]), form
    for schedule in ("planning_permission", "building_plan"):
        answer = next(r for r in items if r["kind"] == "api" and r["schedule"] == schedule)
        assert answer["total"] == example(schedule)["total"], answer


def firefox_command(profile: Path, url: str) -> list[str]:
    profile.mkdir()
    (profile / "user.js").write_text(
        "".join(f"user_pref({json.dumps(name)}, {json.dumps(value)});\n" for name, value in FIREFOX_PREFS.items()),
        "utf-8")
    return [FIREFOX, "--headless", "--no-remote", "--profile", str(profile), url]


needs_firefox = pytest.mark.skipif(FIREFOX is None, reason="firefox-esr is not installed (tests/ensure_engines.sh)")
needs_webkit = pytest.mark.skipif(MINIBROWSER is None or XVFB_RUN is None,
                                  reason="WebKitGTK MiniBrowser or xvfb-run is not installed (tests/ensure_engines.sh)")


@needs_firefox
def test_firefox_over_http(site_dir: Path, report_server, tmp_path: Path) -> None:
    port, reports, root = report_server
    shutil.copytree(site_dir, root, dirs_exist_ok=True)
    write_smoke_page(root, port)
    url = f"http://127.0.0.1:{port}/{COPY}"
    started = time.monotonic()
    items = run_engine(firefox_command(tmp_path / "profile", url), reports)
    print(f"\nFirefox over http: {time.monotonic() - started:.1f} s")
    assert_computed(items, "Firefox (http)")


@needs_firefox
def test_firefox_from_the_offline_zip(unzipped: Path, report_server, tmp_path: Path) -> None:
    port, reports, _ = report_server
    url = offline_smoke_page(unzipped, tmp_path, port)
    started = time.monotonic()
    items = run_engine(firefox_command(tmp_path / "profile", url), reports)
    print(f"\nFirefox from file://: {time.monotonic() - started:.1f} s")
    assert_computed(items, "Firefox (file://)")


@needs_webkit  # in every run since the runtime is MicroPython (its wasm compiles in well under a second)
def test_webkit_from_the_offline_zip(unzipped: Path, report_server, tmp_path: Path) -> None:
    port, reports, _ = report_server
    url = offline_smoke_page(unzipped, tmp_path, port)
    started = time.monotonic()
    home = tmp_path / "home"  # MiniBrowser's caches and data, not the user's
    home.mkdir()
    items = run_engine([XVFB_RUN, "-a", MINIBROWSER, url], reports,
                       env={"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
                            "XDG_DATA_HOME": str(home / "data"), "WEBKIT_DISABLE_COMPOSITING_MODE": "1"})
    print(f"\nWebKit from file://: {time.monotonic() - started:.1f} s")
    assert_computed(items, "WebKit (file://)")
