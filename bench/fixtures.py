"""What `make bench` measures against: the bare Pyodide page, a plain Material site, the calculator permalinks.

- write_bare_page(site_dir): `bench-bare/index.html` + `bench-bare/worker.mjs` in the *served bench copy* of the
  site (never in docs/): a page that only starts a module worker, boots Pyodide (copied into bench-bare/pyodide/
  from node_modules/pyodide, a devDependency kept only for this) and runs `1+1`: issue 17's reference floor, what
  the site's calculators cost when they ran on Pyodide before any work of ours. It sets `window.__benchDone`.
- build_plain_material(site_dir, out_dir): the same theme configuration (Material, features, palette,
  `font: false`, markdown extensions, search) with none of the site's extra CSS, JS, hooks or i18n; each BM page
  holds the article HTML of the same page of the built site, so only the site's own additions differ.
- PERMALINKS: one valid request per calculator page (its example in calc/calculators.py), as query parameters in
  calculator.js's encoding (site_scripts.forms.permalink_query: flat fields by name; a list or object as one
  parameter holding JSON).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

from calc.calculators import CALCULATORS
from site_scripts.forms import permalink_query

REPO_ROOT = Path(__file__).resolve().parents[1]

BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide boot</title></head>
<body><p id="out">booting</p>
<script>
  // The floor: one module worker that boots Pyodide and runs 1+1 (bench/main.py).
  const worker = new Worker(new URL("worker.mjs", location.href), { type: "module" });
  worker.onmessage = ({ data }) => {
    window.__benchDone = { t: performance.now(), result: data.result, error: data.error || null };
    document.getElementById("out").textContent = data.error || String(data.result);
  };
  worker.postMessage({ indexURL: new URL("pyodide/", location.href).href });
</script></body></html>
"""

BARE_WORKER = """self.onmessage = async ({ data }) => {
  try {
    const { loadPyodide } = await import(data.indexURL + "pyodide.mjs");
    const pyodide = await loadPyodide({ indexURL: data.indexURL });
    self.postMessage({ result: pyodide.runPython("1+1") });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
"""

# page path (BM) -> query parameters that give a valid estimate: each calculator's example in calc/calculators.py.
PERMALINKS: dict[str, dict[str, str]] = {
    f"calculators/{calculator.slug}.html": permalink_query(calculator) for calculator in CALCULATORS
}
# The same requests for MPKjFees.estimate, used while a page has no calculator form.
REQUESTS: dict[str, dict[str, object]] = {
    f"calculators/{calculator.slug}.html": calculator.example_request() for calculator in CALCULATORS
}
TYPING_PAGE = "calculators/planning_permission/new.html"
TYPING_FIELD = "residential_units"  # every value changes the total (tiered rates a unit)
SCHEDULE_PAGE = "schedules/building_plan.html"


def permalink(page: str) -> str:
    return page + "?" + urlencode(PERMALINKS[page])


def request_for(page: str) -> dict[str, object]:
    """A request for MPKjFees.estimate: the page's own."""
    return REQUESTS[page]


# What Pyodide fetches for a stdlib-only program (pyodide.js, the classic-script loader, is not used).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


def write_bare_page(site_dir: Path) -> str:
    out = site_dir / "bench-bare"
    (out / "pyodide").mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(REPO_ROOT / "node_modules" / "pyodide" / name, out / "pyodide" / name)
    (out / "index.html").write_text(BARE_HTML, "utf-8")
    (out / "worker.mjs").write_text(BARE_WORKER, "utf-8")
    return "bench-bare/index.html"


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)


def _nav_pages(nav: object) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [page for entry in nav for page in _nav_pages(entry)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    return []


def build_plain_material(site_dir: Path, out_dir: Path) -> Path:
    """Build the plain Material comparison site into out_dir/site; returns that directory."""
    import yaml  # PyYAML comes with MkDocs

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml uses !ENV; the plain site needs none of those values.
    _Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)
    theme = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    plain = {
        "site_name": config["site_name"],
        "site_url": config.get("site_url"),
        "use_directory_urls": False,
        "theme": theme,
        "extra": {"generator": False},
        "markdown_extensions": config.get("markdown_extensions", []),
        "plugins": [{"search": {"lang": "en"}}],
        "nav": config["nav"],
        "docs_dir": "docs",
        "site_dir": "site",
    }
    docs = out_dir / "docs"
    for source in _nav_pages(config["nav"]):
        built = site_dir / source.replace(".md", ".html")
        match = _ARTICLE.search(built.read_text("utf-8")) if built.is_file() else None
        body = match.group(1) if match else "# Page\n"
        # Material's edit/permalink chrome inside the article stays; the HTML is passed through as is.
        target = docs / source
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"<div markdown=\"0\">\n{body}\n</div>\n", "utf-8")
    (out_dir / "mkdocs.yml").write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), "utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(out_dir / "mkdocs.yml")],
        check=True, cwd=out_dir, env=_env(),
    )
    return out_dir / "site"


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("MPKJ_OFFLINE", None)
    return env
