"""Browser fixtures: the built site served on 127.0.0.1, Chromium through Playwright, and a `page` that fails its
test if the page asked any host but the served site for anything.

    site_url      "http://127.0.0.1:<port>/"       the site at the server root
    subpath_url   "http://127.0.0.1:<port>/mpkj/"  the same site under a sub-path (as a council host might serve it)
    browser       Playwright Browser (Debian's /usr/bin/chromium if present, else Playwright's Chromium; or
                  Playwright's Firefox or WebKit with MPKJ_BROWSER=firefox|webkit)
    page          a fresh Page in a fresh context; every request URL is recorded in `request_log`
    request_log   list of the URLs the page requested (the page fixture checks them after the test)
    offline_zip   `make offline`'s zip, built here as that target builds it (once per session)
    unzipped      its folder, unzipped (the downloaded site as a visitor opens it from disk)

Every test under tests/browser is marked `browser`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
from host_guard import HostGuard
from local_server import serving

from site_scripts.assets.offline_zip import FOLDER, make_zip
from site_scripts.site_url import default_site_url

SUBPATH = "/mpkj/"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
SITE_URL = default_site_url(ROOT / "mkdocs.yml")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files, no log lines; the site is also served under SUBPATH."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".zip": "application/zip",
    }

    def do_GET(self) -> None:
        """sitemap.xml names pages by site_url; Material only navigates instantly to pages it finds there (matched
        on scheme, host and path but not port), so the test server hands it this server's own address instead."""
        path = urlsplit(self.path).path
        if not path.endswith("/sitemap.xml"):
            super().do_GET()
            return
        file = Path(self.translate_path(path))
        if not file.is_file():
            self.send_error(404)
            return
        prefix = SUBPATH if path.startswith(SUBPATH) else "/"
        here = f"http://{self.headers.get('Host', '127.0.0.1')}{prefix}"
        body = file.read_text("utf-8").replace(SITE_URL, here).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path: str) -> str:
        if path.startswith(SUBPATH):
            path = "/" + path[len(SUBPATH):]
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def _port(site_dir: Path) -> Iterator[int]:
    with serving(site_dir, _QuietHandler) as port:
        yield port


@pytest.fixture(scope="session")
def site_url(_port: int) -> str:
    return f"http://127.0.0.1:{_port}/"


@pytest.fixture(scope="session")
def subpath_url(site_url: str) -> str:
    return site_url.rstrip("/") + SUBPATH


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # MPKJ_BROWSER=firefox|webkit picks another of Playwright's engines (CI's matrix); the default is Chromium.
    engine = os.environ.get("MPKJ_BROWSER", "chromium")
    if engine not in ("chromium", "firefox", "webkit"):
        pytest.exit(f"MPKJ_BROWSER={engine!r}: expected chromium, firefox or webkit", returncode=4)
    with sync_playwright() as playwright:
        options = {"args": CHROMIUM_ARGS} if engine == "chromium" else {}
        if engine == "chromium" and CHROMIUM.exists():
            options["executable_path"] = str(CHROMIUM)
        browser = getattr(playwright, engine).launch(**options)
        yield browser
        browser.close()


@pytest.fixture
def request_log() -> list[str]:
    return []


@pytest.fixture
def page(browser, site_url: str, request_log: list[str]):
    """A page whose every request is recorded; any request to another host is refused and fails the test."""
    context = browser.new_context()
    context.on("request", lambda request: request_log.append(request.url))
    guard = HostGuard(context, [site_url])
    page = context.new_page()
    yield page
    context.close()
    if guard.refused:
        pytest.fail("the page requested other hosts:\n" + "\n".join(sorted(set(guard.refused))))


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline")
    env = {**os.environ, "MPKJ_OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out / "site")],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"offline build failed:\n{done.stdout}{done.stderr}")
    zip_path = out / "mpkj-fees-offline.zip"
    make_zip(out / "site", zip_path)
    return zip_path


@pytest.fixture(scope="session")
def unzipped(offline_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(target)
    return target / FOLDER
