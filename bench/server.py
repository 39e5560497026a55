"""The static server `make bench` measures against (see bench/main.py).

It behaves like a plain static host: `Cache-Control: max-age=600` (GitHub Pages' value) with Last-Modified
revalidation, and gzip for text and wasm when the browser asks for it (compressed once per file, kept in memory,
so compression time is not measured). With `precompressed=True` a file `X.gz` next to `X` is sent as is, as
nginx's gzip_static would. Every response's size (headers + body) is counted per path for the page-weight
numbers, and sitemap.xml names this server instead of site_url, so Material's instant navigation works here.
"""

from __future__ import annotations

import email.utils
import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from site_scripts.site_url import default_site_url

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".csv": "text/csv; charset=utf-8",
    ".gz": "application/gzip",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".xml", ".csv"}
CACHE_CONTROL = "max-age=600"


class Counter:
    """Bytes sent per request, in order; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.entries: list[tuple[str, int, int]] = []  # (path, status, bytes incl. headers)

    def add(self, path: str, status: int, size: int) -> None:
        with self._lock:
            self.entries.append((path, status, size))

    def take(self) -> list[tuple[str, int, int]]:
        with self._lock:
            entries, self.entries = self.entries, []
        return entries


class _Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real hosts do
    root: Path
    site_url: str
    counter: Counter
    gzip_cache: dict[Path, bytes]
    compress: bool
    precompressed: bool

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        file = (self.root / path.lstrip("/")).resolve()
        if file.is_dir():
            file = file / "index.html"
        if (self.root not in file.parents and file != self.root) or not file.is_file():
            self._send(404, b"not found", {"Content-Type": "text/plain"}, path)
            return
        stamp = file.stat().st_mtime
        last_modified = email.utils.formatdate(stamp, usegmt=True)
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                if email.utils.parsedate_to_datetime(since).timestamp() >= int(stamp):
                    self._send(304, b"", {"Last-Modified": last_modified, "Cache-Control": CACHE_CONTROL}, path)
                    return
            except (TypeError, ValueError):
                pass
        headers = {
            "Content-Type": TYPES.get(file.suffix, "application/octet-stream"),
            "Last-Modified": last_modified,
            "Cache-Control": CACHE_CONTROL,
        }
        body = file.read_bytes()
        if file.name == "sitemap.xml":
            here = f"http://{self.headers.get('Host', '127.0.0.1')}/"
            body = body.replace(self.site_url.encode(), here.encode())
        accepts_gzip = "gzip" in (self.headers.get("Accept-Encoding") or "")
        if accepts_gzip and self.precompressed and file.with_name(file.name + ".gz").is_file():
            body = file.with_name(file.name + ".gz").read_bytes()
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        elif accepts_gzip and self.compress and file.suffix in COMPRESSIBLE:
            if file not in self.gzip_cache:
                self.gzip_cache[file] = gzip.compress(body, compresslevel=6, mtime=0)
            body = self.gzip_cache[file] if file.name != "sitemap.xml" else gzip.compress(body, 6, mtime=0)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        self._send(200, body, headers, path)

    def _send(self, status: int, body: bytes, headers: dict[str, str], path: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        head = sum(len(line) for line in self._headers_buffer)  # status line + headers, as sent
        self.end_headers()
        self.wfile.write(body)
        self.counter.add(path, status, len(body) + head + 2)


@contextmanager
def serve(root: Path, *, compress: bool = True, precompressed: bool = False) -> Iterator[tuple[str, Counter]]:
    """Serve `root` on 127.0.0.1 (a free port); yields (base URL, byte counter)."""
    mkdocs_yml = Path(__file__).resolve().parents[1] / "mkdocs.yml"
    site_url = default_site_url(mkdocs_yml)
    counter = Counter()
    handler = type("Handler", (_Handler,), {
        "root": root.resolve(), "site_url": site_url, "counter": counter, "gzip_cache": {},
        "compress": compress, "precompressed": precompressed,
    })
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="bench-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/", counter
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
