"""The one rule every browser test keeps: no request leaves for a host other than the site's own."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

LOCAL_SCHEMES = ("data", "blob", "about", "file")
WEB_SCHEMES = ("data", "blob", "about")  # what a page served over http may load besides its own host


class HostGuard:
    """Routes every request of a browser context: local schemes and the given hosts go on (to any later route of
    the test, else the network); any other host is refused and remembered in `refused` for the test to fail on."""

    def __init__(self, context, hosts: Iterable[str], schemes: tuple[str, ...] = LOCAL_SCHEMES) -> None:
        self.hosts = {urlsplit(host).netloc or host for host in hosts}
        self.schemes = schemes
        self.requested: list[str] = []
        self.refused: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        self.requested.append(url)
        parts = urlsplit(url)
        if parts.scheme in self.schemes or parts.netloc in self.hosts:
            route.fallback()
        else:
            self.refused.append(url)
            route.abort("blockedbyclient")


@contextmanager
def guarded_context(browser, hosts: Iterable[str], schemes: tuple[str, ...] = LOCAL_SCHEMES, **options) -> Iterator:
    """A new browser context (`options` as for browser.new_context) under a HostGuard; once the block ends without
    an error of its own, any request it made to another host fails it."""
    context = browser.new_context(**options)
    guard = HostGuard(context, hosts, schemes)
    try:
        yield context
    finally:
        context.close()
    assert not guard.refused, f"requests to other hosts: {sorted(set(guard.refused))}"
