"""`make bench`: how fast the site gives a first estimate on MicroPython, against the floor of booting Pyodide at all.

    python -m bench [--runs 3] [--edits 200] [--quick] [--update-docs] [--out bench-results]

Builds the site (and the offline site and zip) into a temporary directory, serves it on 127.0.0.1 like a plain
static host (bench/server.py) and measures in headless Chromium (bench/browser.py):

  bare       a page that only boots Pyodide (node_modules/pyodide, a devDependency kept for this floor) in a module
             worker and runs 1+1: the reference floor of issue 17's budgets
  cold       navigation → first estimate on each calculator page opened by a permalink (fresh browser context)
  instant    a second calculator reached by Material's instant navigation (the Python worker is kept)
  repeat     the same calculator opened again in the same context (HTTP cache warm, new worker)
  typing     200 edits of one field: input event → updated result (p50/p95), and the part after the debounce
  file       the offline zip's calculator page on file:// (vs the bare boot over http)
  weight     bytes sent for a schedule page, a calculator page and a plain Material page of the same theme
  build      site build time, offline build + zip time, zip size
  profiles   for each of loopback, "fast 4G" (9 Mbit/s, 150 ms) and a "mid-range phone" (fast 4G + 4 × CPU slowdown),
             applied through Chromium's DevTools protocol to the bare page and the site alike: bare boot, cold first
             result, repeat visit (new page, caches warm), shared link (another calculator in a used browser) and
             the language switch on a filled calculator, each as a ratio to the bare boot of the same profile

Bare and calculator samples are interleaved in every run and compared within the run (ratios), since the absolute
times depend on the machine and its load. Medians over the runs are reported with min–max. Results go to
bench-results/bench-<time>.json, bench-results/latest.json and bench-results/latest.md; --update-docs also
copies the table into docs/performance.md and docs/performance.en.md (between the BENCH-RESULTS comments).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from bench import browser as bb
from bench import fixtures as fx
from bench.server import serve

REPO_ROOT = Path(__file__).resolve().parents[1]
BUDGETS = {  # issue 17
    "cold_ratio": 0.25,      # cold first result on loopback ≤ 0.25 × bare Pyodide boot
    "cold_throttled_ratio": 0.25,  # cold first result on fast 4G and the mid-range phone ≤ 0.25 × bare boot
    "warm_ratio": 0.10,      # repeat visit, language switch, shared link, instant navigation ≤ 0.10 × bare boot
    "typing_p95_ms": 16.0,   # input → updated result, p95
    "weight_ratio": 1.10,    # schedule page bytes ≤ 1.10 × plain Material page, and no wasm
    "file_ratio": 0.50,      # file:// first result ≤ 0.5 × bare boot over http
    "first_visit_kib": 700.0,  # bytes of a first calculator visit
    "zip_mb": 5.0,           # offline zip size
}
DOC_BEGIN = "<!-- BENCH-RESULTS-BEGIN (written by python -m bench --update-docs) -->"
DOC_END = "<!-- BENCH-RESULTS-END -->"


# ---------------------------------------------------------------------------------------------- building

def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MPKJ_OFFLINE"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra)
    return env


def build(tmp: Path, *, offline: bool) -> dict[str, object]:
    out: dict[str, object] = {}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp / "site")],
                   check=True, cwd=REPO_ROOT, env=_env())
    out["site_s"] = time.perf_counter() - started
    if offline:
        from site_scripts.assets.offline_zip import make_zip

        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp / "offline-site")],
                       check=True, cwd=REPO_ROOT, env=_env(MPKJ_OFFLINE="true"))
        zip_path = tmp / "mpkj-fees-offline.zip"
        make_zip(tmp / "offline-site", zip_path)
        out["offline_s"] = time.perf_counter() - started
        out["zip_bytes"] = zip_path.stat().st_size
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(tmp / "offline-unzipped")
        folder = next((tmp / "offline-unzipped").iterdir())
        out["offline_dir"] = str(folder)
    return out


# ---------------------------------------------------------------------------------------------- statistics

def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def spread(values: list[float]) -> dict[str, float]:
    return {"median": median(values), "min": min(values, default=float("nan")),
            "max": max(values, default=float("nan")), "n": len(values)}


# ---------------------------------------------------------------------------------------------- measuring

def measure(args: argparse.Namespace, tmp: Path, built: dict[str, object], log) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    site = tmp / "site"
    bare_path = fx.write_bare_page(site)
    plain_site = fx.build_plain_material(site, tmp / "plain")
    pages = list(fx.PERMALINKS)[: args.pages]
    runs: list[dict[str, object]] = []
    with sync_playwright() as playwright, serve(site) as (url, counter), \
            serve(plain_site) as (plain_url, plain_counter):
        browser = bb.launch(playwright)
        try:
            bb.bare_boot(browser, url + bare_path)  # warm-up: disk cache of the OS, Chromium's own start-up
            for run in range(args.runs):
                log(f"run {run + 1}/{args.runs}")
                runs.append(one_run(browser, url, bare_path, pages, run, args, built, log))
            profiles = {}
            for name in bb.PROFILES:
                log(f"profile {name}")
                profiles[name] = profile_run(browser, url, bare_path, name, pages, args.profile_samples, log)
            log("page weight")
            weights = {} if "weight" in args.skip else {
                "schedule": bb.page_weight(browser, url + fx.SCHEDULE_PAGE, counter, wait_for_result=False),
                "schedule_no_sw": bb.page_weight(browser, url + fx.SCHEDULE_PAGE, counter, wait_for_result=False,
                                                 service_worker=False),
                "calculator": bb.page_weight(browser, url + fx.permalink(fx.TYPING_PAGE), counter,
                                             wait_for_result=True),
                "plain_material": bb.page_weight(browser, plain_url + fx.SCHEDULE_PAGE, plain_counter,
                                                 wait_for_result=False),
                # A first calculator visit without the service worker's later "keep" downloads, and the bare boot's.
                "calculator_first": bb.page_weight(browser, url + fx.permalink(fx.TYPING_PAGE), counter,
                                                   wait_for_result=True, service_worker=False),
                "bare": bb.page_weight(browser, url + bare_path, counter, wait_for_result=False),
            }
        finally:
            browser.close()
    return {"runs": runs, "weights": weights, "pages": pages, "profiles": profiles}


def _attempt(out: dict[str, list], key: str, measure_one, log, label: str = "") -> object:
    """One measurement into out[key]; a failed one is logged and listed under "errors" instead."""
    try:
        value = measure_one()
    except bb.MeasureError as error:
        out["errors"].append(f"{label}{key}: {error}")
        log(f"  {key}: {error}")
        return None
    out[key].append(value)
    return value


def profile_run(browser, url, bare_path, name, pages, samples, log) -> dict[str, object]:
    """Under one profile: per sample, a bare boot, then in one fresh context a cold first result, the same page again
    in a new page (repeat visit), another calculator's permalink in a new page (a shared link in a used browser) and
    the language switch there. Ratios to the median bare boot of this profile."""
    profile = bb.PROFILES[name]
    out: dict[str, list] = {"bare": [], "cold": [], "repeat": [], "shared": [], "switch": [], "errors": []}

    def attempt(key: str, measure_one) -> object:
        return _attempt(out, key, measure_one, log, f"{name} ")

    def sample(page_path: str, other: str) -> None:
        context = bb.new_context(browser)

        def opened(path: str, page=None) -> float:
            page = page or bb.new_page(context, profile)
            return bb.first_result(page, url + fx.permalink(path), fx.request_for(path))["t"]

        try:
            if attempt("cold", lambda: opened(page_path)) is None:
                return
            attempt("repeat", lambda: opened(page_path))
            page = bb.new_page(context, profile)
            if attempt("shared", lambda: opened(other, page)) is None:
                return
            calculator = other.removeprefix("calculators/").removesuffix(".html")
            switched = attempt("switch", lambda: bb.language_switch(page, calculator))
            if switched is not None:
                out["switch"][-1] = switched["t"]
                if not switched["instant"]:
                    out["errors"].append(f"{name} switch: a full page load, not instant navigation")
        finally:
            context.close()

    for number in range(samples):
        out["bare"].append(bb.bare_boot(browser, url + bare_path, profile))
        sample(pages[number % len(pages)], pages[(number + 1) % len(pages)])
    bare = median(out["bare"])
    summary = {"bare_ms": bare}
    for key in ("cold", "repeat", "shared", "switch"):
        summary[f"{key}_ms"] = median(out[key])
        summary[f"{key}_ratio"] = median(out[key]) / bare
    log("  " + ", ".join(f"{k}={v:.3g}" for k, v in summary.items()))
    return {"summary": summary, "samples": out}


# Where a repeat visit's time goes: marks set by fees.js and fees-worker.mjs (ms from the navigation start).
MILESTONES = [
    ("worker_created", "worker created"),
    ("worker:loader", "micropython.mjs loaded"),
    ("worker:wasm_compiled", "wasm compiled"),
    ("worker:runtime_started", "MicroPython started"),
    ("worker:bundle", "calc.bundle read"),
    ("worker:calc_imported", "calc imported"),
    ("ready", "ready"),
    ("result", "result shown"),
]


def one_run(browser, url, bare_path, pages, run, args, built, log) -> dict[str, object]:
    rotated = pages[run % len(pages):] + pages[: run % len(pages)]  # each run starts elsewhere
    out: dict[str, list] = {"bare": [], "cold": [], "instant": [], "repeat": [], "repeat_marks": [], "file": [],
                            "typing": [], "errors": []}

    def attempt(key: str, measure_one) -> object:
        return _attempt(out, key, measure_one, log)

    def in_context(work):
        context = bb.new_context(browser)
        try:
            return work(context.new_page())
        finally:
            context.close()

    def cold_and_warm(page, page_path: str, warm: bool) -> None:
        first = attempt("cold", lambda: bb.first_result(page, url + fx.permalink(page_path), fx.request_for(page_path)))
        if first is None:
            return
        out["cold"][-1] = {"page": page_path, "t": first["t"], "marks": first["marks"],
                           "fallback": bool(first.get("fallback"))}
        if warm and "warm" not in args.skip and not first.get("fallback"):
            # warm: another calculator by instant navigation, then this one again from the HTTP cache
            target = rotated[(rotated.index(page_path) + 1) % len(rotated)]
            calculator = target.removeprefix("calculators/").removesuffix(".html")
            attempt("instant", lambda: bb.instant_navigation(page, url + fx.permalink(target), calculator))
            repeat = attempt("repeat", lambda: bb.first_result(page, url + fx.permalink(page_path),
                                                               fx.request_for(page_path)))
            if repeat is not None:
                out["repeat"][-1] = repeat["t"]
                out["repeat_marks"].append({**repeat["marks"], "result": repeat["t"]})

    blocks = [rotated[i:i + 2] for i in range(0, len(rotated), 2)]
    for number, block in enumerate(blocks):
        out["bare"].append(bb.bare_boot(browser, url + bare_path))
        for index, page_path in enumerate(block):
            in_context(lambda page, page_path=page_path, warm=index == 0: cold_and_warm(page, page_path, warm))
        if built.get("offline_dir") and number < args.file_samples and "file" not in args.skip:
            query = fx.permalink(block[0]).split("?", 1)[1]
            file_url = Path(built["offline_dir"]).joinpath(block[0]).as_uri() + "?" + query
            request = fx.request_for(block[0])
            in_context(lambda page, file_url=file_url, request=request: attempt("file", lambda: bb.first_result(
                page, file_url, request, timeout_ms=bb.FILE_TIMEOUT_MS)["t"]))
    out["bare"].append(bb.bare_boot(browser, url + bare_path))
    if args.edits and "typing" not in args.skip:
        def type_in(page) -> None:
            first = attempt("typing", lambda: bb.first_result(page, url + fx.permalink(fx.TYPING_PAGE),
                                                              fx.request_for(fx.TYPING_PAGE)))
            out["typing"] = []
            if first is None:
                return
            if first.get("fallback"):
                log("  typing: skipped, the calculator form is not on the page yet")
            else:
                out["typing"] = bb.typing(page, fx.TYPING_FIELD, args.edits)
        in_context(type_in)
    bare = median(out["bare"])
    cold = median([sample["t"] for sample in out["cold"]])
    boot_starts = [sample["marks"]["loading_runtime"] for sample in out["cold"]
                   if isinstance(sample, dict) and "loading_runtime" in sample.get("marks", {})]
    summary = {
        "boot_start_ms": median(boot_starts),
        "bare_ms": bare,
        "cold_ms": cold,
        "cold_ratio": cold / bare,
        "instant_ms": median(out["instant"]),
        "instant_ratio": median(out["instant"]) / bare,
        "repeat_ms": median(out["repeat"]),
        "repeat_ratio": median(out["repeat"]) / bare,
        "file_ms": median(out["file"]),
        "file_ratio": median(out["file"]) / bare,
    }
    for name, _ in MILESTONES:
        summary[f"repeat_at_{name}"] = median([marks[name] for marks in out["repeat_marks"] if name in marks])
    if out["typing"]:
        for key in ("total", "frame", "compute"):
            values = [edit[key] for edit in out["typing"]]
            summary[f"typing_{key}_p50"] = percentile(values, 50)
            summary[f"typing_{key}_p95"] = percentile(values, 95)
    log("  " + ", ".join(f"{k}={v:.3g}" for k, v in summary.items()))
    return {"summary": summary, "samples": out}


# ---------------------------------------------------------------------------------------------- reporting

def summarize(result: dict[str, object], built: dict[str, object]) -> dict[str, object]:
    runs = [run["summary"] for run in result["runs"]]
    keys = sorted({key for run in runs for key in run})
    overall = {key: spread([run[key] for run in runs if key in run and run[key] == run[key]]) for key in keys}
    weights = result["weights"]
    if weights:
        overall["weight_ratio"] = weights["schedule"]["bytes"] / weights["plain_material"]["bytes"]
        overall["weight_no_sw_ratio"] = weights["schedule_no_sw"]["bytes"] / weights["plain_material"]["bytes"]
    cold_by_page: dict[str, list[float]] = {}
    for run in result["runs"]:
        for sample in run["samples"]["cold"]:
            cold_by_page.setdefault(sample["page"], []).append(sample["t"])
    errors = sorted({e for run in result["runs"] for e in run["samples"]["errors"]})
    errors += sorted({e for run in result["profiles"].values() for e in run["samples"]["errors"]})
    return {"overall": overall, "cold_by_page": {p: spread(v) for p, v in cold_by_page.items()},
            "errors": errors, "profiles": {name: run["summary"] for name, run in result["profiles"].items()},
            "build": {k: v for k, v in built.items() if k != "offline_dir"}, "weights": weights}


def _range(s: dict[str, float], fmt: str = "{:.0f}") -> str:
    if s["n"] == 0:
        return "—"
    if s["n"] == 1:
        return fmt.format(s["median"])
    return f"{fmt.format(s['median'])} ({fmt.format(s['min'])}–{fmt.format(s['max'])})"


def _verdict(value: float, budget: float) -> str:
    if value != value:
        return "not measured"
    return "met" if value <= budget else f"MISSED by {value / budget - 1:.0%}"


def _weight_rows(w, o, kb) -> list[tuple[str, ...]]:
    sched, bare, plain, calc = w["schedule"], w["schedule_no_sw"], w["plain_material"], w["calculator"]
    budget = f"≤ {BUDGETS['weight_ratio']:.2f}, no wasm"

    def verdict(ratio: float, weight: dict) -> str:
        if ratio <= BUDGETS["weight_ratio"] and not weight["wasm_bytes"]:
            return "met"
        return f"MISSED by {ratio / BUDGETS['weight_ratio'] - 1:.0%}" + (", wasm" if weight["wasm_bytes"] else "")

    return [
        ("Schedule page weight (as served)",
         f"{kb(sched['bytes'])}, {sched['requests']} requests, wasm {kb(sched['wasm_bytes'])}",
         f"{o['weight_ratio']:.2f}", budget, verdict(o["weight_ratio"], sched)),
        ("Schedule page weight (service worker blocked)",
         f"{kb(bare['bytes'])}, {bare['requests']} requests, wasm {kb(bare['wasm_bytes'])}",
         f"{o['weight_no_sw_ratio']:.2f}", budget, verdict(o["weight_no_sw_ratio"], bare)),
        ("Plain Material page weight", f"{kb(plain['bytes'])}, {plain['requests']} requests", "1.00", "—", ""),
        ("Calculator page weight", f"{kb(calc['bytes'])}, {calc['requests']} requests, wasm {kb(calc['wasm_bytes'])}",
         "", "", ""),
    ]


def _profile_rows(profiles: dict[str, dict[str, float]]) -> list[tuple[str, ...]]:
    rows = []
    for name, p in profiles.items():
        cold_budget = BUDGETS["cold_ratio" if name == "loopback" else "cold_throttled_ratio"]
        rows.append((f"**{name}**: bare Pyodide boot (floor)", f"{p['bare_ms']:.0f} ms", "1.00", "—", ""))
        for key, label, budget in (("cold", "cold first result", cold_budget),
                                   ("repeat", "repeat visit, new page", BUDGETS["warm_ratio"]),
                                   ("shared", "shared link, used browser", BUDGETS["warm_ratio"]),
                                   ("switch", "language switch → result", BUDGETS["warm_ratio"])):
            rows.append((f"{name}: {label}", f"{p[key + '_ms']:.0f} ms", f"{p[key + '_ratio']:.2f}",
                         f"≤ {budget:.2f}", _verdict(p[key + "_ratio"], budget)))
    return rows


def _milestones(o: dict[str, dict[str, float]]) -> str:
    found = [(label, o[f"repeat_at_{name}"]["median"]) for name, label in MILESTONES if f"repeat_at_{name}" in o]
    return " · ".join(f"{label} {at:.0f}" for label, at in found if at == at)


def table(summary: dict[str, object], meta: dict[str, object]) -> str:
    o = summary["overall"]
    w = summary["weights"]
    b = summary["build"]
    kb = lambda n: f"{n / 1024:,.0f} KiB"  # noqa: E731
    rows = [
        ("Bare Pyodide boot (1+1), the floor", _range(o["bare_ms"]) + " ms", "1.00", "—", ""),
        ("Cold first result, permalink", _range(o["cold_ms"]) + " ms", _range(o["cold_ratio"], "{:.2f}"),
         f"≤ {BUDGETS['cold_ratio']:.2f}", _verdict(o["cold_ratio"]["median"], BUDGETS["cold_ratio"])),
        ("Cold: navigation → Python boot starts", _range(o["boot_start_ms"]) + " ms", "", "", ""),
        ("Warm: instant navigation", _range(o["instant_ms"]) + " ms", _range(o["instant_ratio"], "{:.3f}"),
         f"≤ {BUDGETS['warm_ratio']:.2f}", _verdict(o["instant_ratio"]["median"], BUDGETS["warm_ratio"])),
        ("Warm: repeat visit (HTTP cache)", _range(o["repeat_ms"]) + " ms", _range(o["repeat_ratio"], "{:.2f}"),
         f"≤ {BUDGETS['warm_ratio']:.2f}", _verdict(o["repeat_ratio"]["median"], BUDGETS["warm_ratio"])),
        ("Warm: repeat visit, milestones (median ms)", _milestones(o), "", "", ""),
        ("file:// first result (offline zip)", _range(o["file_ms"]) + " ms", _range(o["file_ratio"], "{:.2f}"),
         f"≤ {BUDGETS['file_ratio']:.2f}", _verdict(o["file_ratio"]["median"], BUDGETS["file_ratio"])),
    ]
    if "typing_total_p95" in o:
        rows += [
            ("Typing: input → result, p50", _range(o["typing_total_p50"], "{:.1f}") + " ms", "", "", ""),
            ("Typing: input → result, p95", _range(o["typing_total_p95"], "{:.1f}") + " ms", "",
             f"≤ {BUDGETS['typing_p95_ms']:.0f} ms",
             _verdict(o["typing_total_p95"]["median"], BUDGETS["typing_p95_ms"])),
            ("Typing: after the debounce, p50 / p95",
             f"{_range(o['typing_compute_p50'], '{:.1f}')} / {_range(o['typing_compute_p95'], '{:.1f}')} ms", "",
             f"≤ {BUDGETS['typing_p95_ms']:.0f} ms",
             _verdict(o["typing_compute_p95"]["median"], BUDGETS["typing_p95_ms"])),
        ]
    rows += _profile_rows(summary["profiles"])
    if w:
        rows += _weight_rows(w, o, kb)
        first, bare = w["calculator_first"], w["bare"]
        rows.append(("First calculator visit, bytes (service worker blocked) vs bare boot",
                     f"{kb(first['bytes'])} vs {kb(bare['bytes'])}", f"{first['bytes'] / bare['bytes']:.2f}",
                     f"≤ {BUDGETS['first_visit_kib']:.0f} KiB",
                     _verdict(first["bytes"] / 1024, BUDGETS["first_visit_kib"])))
    rows += [
        ("Build: site / offline site + zip",
         f"{b['site_s']:.1f} s / {b.get('offline_s', float('nan')):.1f} s", "", "", ""),
        ("Offline zip size", f"{b['zip_bytes'] / 1e6:.1f} MB" if "zip_bytes" in b else "—", "",
         f"≤ {BUDGETS['zip_mb']:.0f} MB", _verdict(b.get("zip_bytes", float("nan")) / 1e6, BUDGETS["zip_mb"])),
    ]
    head = ("Measure", "Median (min–max over runs)", "× bare", "Budget", "Verdict")
    lines = [f"| {' | '.join(head)} |", "|" + "---|" * len(head)]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    lines.append("")
    for error in summary["errors"][:6]:
        lines.append(f"Not measured: {error}.  ")
    lines.append(f"{meta['runs']} runs, {meta['date']}, {meta['machine']}; transfer sizes with gzip as a static host "
                 f"would send them.")
    return "\n".join(lines)


def update_docs(text: str) -> None:
    for name in ("performance.md", "performance.en.md"):
        path = REPO_ROOT / "docs" / name
        source = path.read_text("utf-8")
        if DOC_BEGIN not in source or DOC_END not in source:
            print(f"bench: {path} has no BENCH-RESULTS comments; not updated", file=sys.stderr)
            continue
        before, rest = source.split(DOC_BEGIN, 1)
        _, after = rest.split(DOC_END, 1)
        path.write_text(f"{before}{DOC_BEGIN}\n\n{text}\n\n{DOC_END}{after}", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=200, help="typing edits per run (0: skip)")
    parser.add_argument("--pages", type=int, default=len(fx.PERMALINKS), help="calculator pages per run")
    parser.add_argument("--file-samples", type=int, default=2, help="file:// samples per run")
    parser.add_argument("--profile-samples", type=int, default=3, help="samples per network/device profile")
    parser.add_argument("--no-offline", action="store_true", help="skip the offline build and file:// numbers")
    parser.add_argument("--skip", default="", type=lambda text: set(filter(None, text.split(","))),
                        help="comma-separated parts to leave out: warm, file, typing, weight (for quick experiments)")
    parser.add_argument("--quick", action="store_true", help="1 run, 4 pages, 50 edits: a smoke test")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench-results")
    parser.add_argument("--update-docs", action="store_true", help="write the table into docs/performance*.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary build directory")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.pages, args.edits, args.file_samples, args.profile_samples = 1, 4, 50, 1, 1

    def log(message: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)

    tmp = Path(tempfile.mkdtemp(prefix="mpkj-bench-"))
    started = time.perf_counter()
    try:
        log(f"building into {tmp}")
        built = build(tmp, offline=not args.no_offline)
        result = measure(args, tmp, built, log)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    summary = summarize(result, built)
    meta = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}",
        "runs": args.runs, "edits": args.edits, "duration_s": round(time.perf_counter() - started, 1),
        "budgets": BUDGETS,
    }
    text = table(summary, meta)
    args.out.mkdir(parents=True, exist_ok=True)
    document = {"meta": meta, "summary": summary, "runs": result["runs"]}
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (args.out / name).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (args.out / "latest.md").write_text(text + "\n", "utf-8")
    print()
    print(text)
    print(f"\n(written to {args.out}/latest.json and latest.md; {meta['duration_s']:.0f} s)")
    if args.update_docs:
        update_docs(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
