"""Headless Chromium measurements for `make bench` (bench/main.py drives them).

Times come from the page's own clock: `performance.now()` counts from the navigation start, so "first result"
is navigation → the calculator's result section showing an estimate (`section.mpkj-result[data-state=ok]`), or,
on a page without the calculator form, → `MPKjFees.estimate(request)` resolving. Each cold sample uses a fresh
browser context (empty HTTP and code caches); warm samples reuse the context of a cold one.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
TIMEOUT_MS = 90_000
# DevTools network and device profiles (Chromium's protocol), applied alike to the bare page and the site's pages.
PROFILES: dict[str, dict[str, float]] = {
    "loopback": {},
    "fast 4G": {"latency_ms": 150, "down_kbps": 9000, "up_kbps": 1500},
    "mid-range phone": {"latency_ms": 150, "down_kbps": 9000, "up_kbps": 1500, "cpu": 4},
}
INSTANT_TIMEOUT_MS = 15_000
FILE_TIMEOUT_MS = 45_000

# Records the first time a calculator's result section shows an estimate (or an error/failure, reported as such).
# __benchExpect (set before an instant navigation) limits it to the calculator the bench is waiting for.
INIT_SCRIPT = """
(() => {
  window.__benchFirst = null;
  const mark = () => {
    if (window.__benchFirst) return;
    for (const el of document.querySelectorAll("section.mpkj-result[data-state]")) {
      const state = el.dataset.state;
      if (!["ok", "invalid", "failed"].includes(state)) continue;
      const form = el.closest("form.mpkj-calculator");
      if (window.__benchExpect && (!form || form.dataset.calculator !== window.__benchExpect)) continue;
      const status = form && form.querySelector(".mpkj-status");
      window.__benchFirst = { t: performance.now(), state, total: el.dataset.total || null,
                              reason: status ? status.dataset.reason || status.textContent : null };
      return;
    }
  };
  new MutationObserver(mark).observe(document, { subtree: true, childList: true, attributes: true,
                                                 attributeFilter: ["data-state"] });
})();
"""

# Falls back on MPKjFees.estimate when the page has no calculator form (the UI not built yet).
FALLBACK = """async (request) => {
  if (document.querySelector("form.mpkj-calculator")) return null;
  await new Promise((resolve) => (document.readyState === "loading"
    ? document.addEventListener("DOMContentLoaded", resolve) : resolve()));
  if (document.querySelector("form.mpkj-calculator")) return null;
  const response = await window.MPKjFees.estimate(request);
  window.__benchFirst = { t: performance.now(), state: response.errors ? "invalid" : "ok",
                          total: response.total || null, fallback: true };
  return window.__benchFirst;
}"""

MARKS = """() => Object.fromEntries(performance.getEntriesByType("mark")
  .filter((m) => m.name.startsWith("mpkj:")).map((m) => [m.name.slice(5), m.startTime]))"""

# Types into one top-level field of the form `edits` times; per edit: input event -> result pending (debounce)
# -> result ok with a total (DOM updated) -> the next animation frame.
TYPING = """async ({ field, values }) => {
  const form = document.querySelector("form.mpkj-calculator");
  const input = form.querySelector(`[name="${field}"]`);
  const result = form.querySelector("section.mpkj-result");
  const out = [];
  for (const value of values) {
    let pendingAt = null;
    const done = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (pendingAt === null && result.dataset.state === "pending") pendingAt = performance.now();
        if (result.dataset.state === "ok" && result.dataset.total !== undefined && pendingAt !== null) {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(result, { attributes: true, attributeFilter: ["data-state", "data-total"] });
    });
    input.value = value;
    const t0 = performance.now();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    const okAt = await done;
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    const frameAt = performance.now();
    out.push({ total: okAt - t0, frame: frameAt - t0, debounce: pendingAt - t0, compute: okAt - pendingAt });
  }
  return out;
}"""


def launch(playwright):
    options = {"args": CHROMIUM_ARGS}
    if CHROMIUM.exists():
        options["executable_path"] = str(CHROMIUM)
    return playwright.chromium.launch(**options)


def new_context(browser, **options):
    context = browser.new_context(**options)
    context.add_init_script(INIT_SCRIPT)
    context.set_default_timeout(TIMEOUT_MS)
    return context


_SESSIONS: list[object] = []  # CDP sessions live as long as their pages; kept here so nothing collects them early


def throttle(page, profile: dict[str, float]) -> None:
    """Applies a PROFILES entry to `page` (before it navigates) through a CDP session."""
    if not profile:
        return
    session = page.context.new_cdp_session(page)
    if "latency_ms" in profile:
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": profile["latency_ms"],
            "downloadThroughput": profile["down_kbps"] * 1000 / 8, "uploadThroughput": profile["up_kbps"] * 1000 / 8,
        })
    if profile.get("cpu"):
        session.send("Emulation.setCPUThrottlingRate", {"rate": profile["cpu"]})
    _SESSIONS.append(session)
    del _SESSIONS[:-50]


def new_page(context, profile: dict[str, float]):
    page = context.new_page()
    throttle(page, profile)
    return page


def bare_boot(browser, url: str, profile: dict[str, float] | None = None) -> float:
    """Navigation → `1+1` answered by the vendored Pyodide in a worker, ms (fresh context)."""
    context = new_context(browser)
    try:
        page = new_page(context, profile or {})
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__benchDone", polling=20)
        done = page.evaluate("window.__benchDone")
        if done.get("error"):
            raise RuntimeError(f"bare Pyodide page failed: {done['error']}")
        return done["t"]
    finally:
        context.close()


def first_result(page, url: str, request: dict[str, object], timeout_ms: int = TIMEOUT_MS) -> dict[str, object]:
    """page.goto(url) and wait for the first result; returns {t, state, total, marks}."""
    page.goto(url, wait_until="commit")
    page.evaluate(FALLBACK, request)
    try:
        page.wait_for_function("() => window.__benchFirst", polling=20, timeout=timeout_ms)
    except PlaywrightTimeoutError:
        state = page.evaluate("""() => { const r = document.querySelector("section.mpkj-result");
          return [r ? String(r.dataset.state) : "no result section",
                  window.MPKjFees && window.MPKjFees.status.stage]; }""")
        raise MeasureError(f"no result {timeout_ms / 1000:.0f} s after opening {_short(url)} (result section: "
                           f"{state[0]}, MPKjFees: {state[1]})") from None
    first = page.evaluate("window.__benchFirst")
    if first["state"] != "ok":
        raise MeasureError(f"{_short(url)}: the first result is {first['state']!r}, not an estimate "
                           f"({first.get('reason')})")
    first["marks"] = page.evaluate(MARKS)
    return first


def instant_navigation(page, href: str, calculator: str) -> float:
    """From a loaded calculator, follow a link to another calculator's permalink as a reader would (Material's
    instant navigation keeps the window and so the Python worker); ms from the click to its first result."""
    page.evaluate("""({ href, calculator }) => {
      window.__benchFirst = null;
      window.__benchExpect = calculator;
      window.__benchSameWindow = true;
      const link = document.createElement("a");
      link.href = href;
      link.id = "bench-next";
      link.textContent = "next calculator";
      document.querySelector("article").prepend(link);
    }""", {"href": href, "calculator": calculator})
    start = page.evaluate("performance.now()")
    page.click("#bench-next")
    try:
        page.wait_for_function("() => window.__benchFirst", polling=10, timeout=INSTANT_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        bound = page.evaluate("""() => { const r = document.querySelector("section.mpkj-result");
                                          return r ? String(r.dataset.state) : "no result section"; }""")
        raise MeasureError(
            f"no result {INSTANT_TIMEOUT_MS / 1000:.0f} s after instant navigation to {calculator} "
            f"(result section state: {bound})") from None
    first = page.evaluate("window.__benchFirst")
    if not page.evaluate("window.__benchSameWindow === true"):
        raise MeasureError("the link was followed by a full page load, not Material's instant navigation")
    if first["state"] != "ok":
        raise MeasureError(f"{_short(href)}: the first result after instant navigation is {first['state']!r}")
    return first["t"] - start


def language_switch(page, calculator: str) -> dict[str, object]:
    """On a filled calculator, the header's language switch (to English; calculator.js carries the inputs): ms from
    the click to the English calculator's result."""
    page.evaluate("""(calculator) => {
      window.__benchFirst = null;
      window.__benchExpect = calculator;
      window.__benchSameWindow = true;
    }""", calculator)
    start = page.evaluate("performance.now()")
    page.locator(".md-select a[hreflang=en]").first.dispatch_event("click")
    try:
        # Instant navigation leaves <html lang> as it was; the address says which language is shown.
        page.wait_for_function("() => window.__benchFirst && location.pathname.includes('/en/')", polling=10,
                               timeout=TIMEOUT_MS)
    except PlaywrightTimeoutError:
        raise MeasureError(f"no result after the language switch on {calculator}") from None
    first = page.evaluate("window.__benchFirst")
    if first["state"] != "ok":
        raise MeasureError(f"{calculator}: the first result after the language switch is {first['state']!r}")
    same = page.evaluate("window.__benchSameWindow === true")
    return {"t": first["t"] - start, "instant": same}


class MeasureError(RuntimeError):
    """A measurement that could not be taken (reported in the table, the run goes on)."""


def _short(url: str) -> str:
    path = url.split("?", 1)[0]
    return "file://…/" + "/".join(path.rsplit("/", 3)[-3:]) if url.startswith("file:") else path.split("/", 3)[-1]


def typing(page, field: str, edits: int) -> list[dict[str, float]]:
    values = [str(101 + (i * 37) % 400) for i in range(edits)]  # each differs from the one before
    return page.evaluate(TYPING, {"field": field, "values": values})


def page_weight(browser, url: str, counter, *, wait_for_result: bool, service_worker: bool = True) -> dict[str, object]:
    """Bytes the server sent for one cold load of `url` (until the network is quiet), and the wasm among them;
    with service_worker=False the site's service worker is not allowed to register (so nothing is precached)."""
    context = new_context(browser, service_workers="allow" if service_worker else "block")
    try:
        page = context.new_page()
        counter.take()
        page.goto(url, wait_until="load")
        if wait_for_result:
            page.wait_for_function("() => window.__benchFirst", polling=50)
        page.wait_for_load_state("networkidle")
        time.sleep(1.0)  # late fetches: the search index, the worker's files
        entries = counter.take()
    finally:
        context.close()
    return {
        "bytes": sum(size for _, _, size in entries),
        "requests": len(entries),
        "wasm_bytes": sum(size for path, _, size in entries if path.endswith(".wasm")),
        "wasm_files": sorted({path for path, _, _ in entries if path.endswith(".wasm")}),
        "largest": sorted(({"path": p, "bytes": s} for p, _, s in entries), key=lambda e: -e["bytes"])[:5],
    }


def dump(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)
