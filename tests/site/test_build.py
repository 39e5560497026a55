"""The built site: strict build, every rate of calc's data on its schedule page in both languages, the language
switch, open data files, and no reference to any host but the site's own."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from decimal import Decimal
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest

from calc.calculators import CALCULATORS
from calc.schedules import load_all
from site_scripts.site_url import default_site_url

ROOT = Path(__file__).resolve().parents[2]
LANGS = {"ms": "", "en": "en/"}
HEADING = {"ms": "Kalkulator", "en": "Calculator"}


def money(amount: Decimal) -> str:
    return f"RM {amount:,.2f}"  # the format the product contract asks of the site: RM 1,234.00


def site_url() -> str:
    return default_site_url(ROOT / "mkdocs.yml")


class _Rows(HTMLParser):
    """Rate table rows of a page: {(in_force, ref): [code, label, rate, unit, minimum]} (cell texts)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: dict[tuple[str, str], list[str]] = {}
        self._table: str | None = None
        self._row: tuple[str, str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table" and "data-in-force" in attributes:
            self._table = attributes["data-in-force"]
        elif tag == "tr" and self._table and "data-item" in attributes:
            self._row = (self._table, attributes["data-item"] or "")
            assert self._row not in self.rows, f"item {self._row} shown twice in one table"
            self.rows[self._row] = []
        elif tag == "td" and self._row:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._row and self._cell is not None:
            self.rows[self._row].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _rows(path: Path) -> dict[tuple[str, str], list[str]]:
    parser = _Rows()
    parser.feed(path.read_text("utf-8"))
    return parser.rows


def test_strict_build_passes(site_build) -> None:
    if site_build.returncode is None:
        pytest.skip("MPKJ_SITE_DIR given: the site was not built by this session")
    assert site_build.returncode == 0, site_build.log
    assert "WARNING" not in site_build.log, site_build.log


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("schedule_id", ["planning_permission", "building_plan", "deposit"])
def test_every_rate_is_on_its_schedule_page(site_dir: Path, schedule_id: str, lang: str) -> None:
    schedule = load_all()[schedule_id]
    page = site_dir / f"{LANGS[lang]}schedules/{schedule_id}.html"
    rows = _rows(page)
    for version in schedule.versions:
        for item in version.items:
            row = rows.get((version.in_force.isoformat(), item.ref))
            assert row is not None, f"{page}: no row for item {item.ref} of {version.in_force}"
            code, label, rate, unit, minimum = row
            assert code == item.code
            assert getattr(item.label, lang) in label
            assert getattr(item.unit, lang) == unit
            for amount in [item.rate, *(tier.rate for tier in item.tiers)]:
                if amount is not None:
                    assert money(amount) in rate, (item.ref, rate)
            if item.minimum is not None:
                assert minimum == money(item.minimum)
            for band in item.bands:
                assert getattr(band.label, lang) in rate


@pytest.mark.parametrize(
    ("page", "amounts"),
    [
        # Figures read off the council's forms, independent of calc's data files: MPKj/OSC/KM/PB-3 (Third
        # Schedule, Planning Control (General)(Selangor) Rules 1996, pp. 1-3), MPKj/JKB/B1-2013 (First Schedule,
        # Selangor Uniform Building By-Laws 1986, pp. 4-5; Deposit Calculation Formula, Council meeting 6/2000, p. 5).
        ("schedules/planning_permission.html", ["RM 50.00", "RM 45.00", "RM 40.00", "RM 25.00", "RM 250.00",
                                               "RM 500.00", "RM 200.00", "RM 100.00"]),
        ("schedules/building_plan.html", ["RM 120.00", "RM 14.00", "RM 140.00", "RM 12.00", "RM 6.00",
                                          "RM 60.00", "RM 25.00", "RM 36.00", "RM 10.00"]),
        ("schedules/deposit.html", ["RM 10,000.00", "RM 5,000.00", "RM 1,000.00", "RM 300.00", "RM 50.00"]),
    ],
)
def test_schedule_pages_show_the_forms_figures(site_dir: Path, page: str, amounts: list[str]) -> None:
    for prefix in LANGS.values():
        text = (site_dir / prefix / page).read_text("utf-8")
        for amount in amounts:
            assert f">{amount}<" in text or f"{amount} (" in text or f"{amount}<br>" in text, (prefix, page, amount)


def test_schedule_pages_name_source_form_and_date(site_dir: Path) -> None:
    expected = {
        "planning_permission": ("MPKj/OSC/KM/PB-3", "9 September 2009", "9 September 2009"),
        "building_plan": ("MPKj/JKB/B1-2013", "11 November 2021", "11 November 2021"),
        "deposit": ("MPKj/JKB/B1-2013", "27 Jun 2000", "27 June 2000"),
    }
    for schedule_id, (form, date_ms, date_en) in expected.items():
        ms = (site_dir / f"schedules/{schedule_id}.html").read_text("utf-8")
        en = (site_dir / f"en/schedules/{schedule_id}.html").read_text("utf-8")
        assert form in ms
        assert form in en
        assert f"Berkuat kuasa mulai {date_ms}" in ms
        assert f"In force from {date_en}" in en


PAGES = [
    "index.html", "sources.html", "disclaimer.html", "downloads.html", "embed.html", "performance.html",
    "schedules/planning_permission.html", "schedules/building_plan.html", "schedules/deposit.html",
    "calculators/project.html", *(f"calculators/{c.slug}.html" for c in CALCULATORS),
]


def _pages(site_dir: Path, lang: str) -> list[str]:
    """Site-relative paths of the content pages of one language."""
    if lang == "en":
        return sorted(p.relative_to(site_dir).as_posix() for p in (site_dir / "en").rglob("*.html"))
    return sorted(
        p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
        if p.relative_to(site_dir).parts[0] not in ("en", "assets") and p.name != "404.html"
    )


def _switch_links(html: str) -> dict[str, str]:
    links = re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link"', html)
    return {lang: href for href, lang in links}


def test_language_switch_stays_on_the_page(site_dir: Path) -> None:
    bm_pages = _pages(site_dir, "ms")
    assert set(PAGES) <= set(bm_pages)
    assert _pages(site_dir, "en") == ["en/" + page for page in bm_pages]
    for page in bm_pages:
        for here, lang, there in ((page, "en", "en/" + page), ("en/" + page, "ms", page)):
            links = _switch_links((site_dir / here).read_text("utf-8"))
            assert lang in links, f"{here}: no language switch link to {lang}"
            href = links[lang]
            assert not re.match(r"[a-z]+:|/", href), f"{here}: switch link {href!r} is not relative"
            assert posixpath.normpath(posixpath.join(posixpath.dirname(here), href)) == there


def test_calculator_pages_have_one_calculator_a_table_and_noscript(site_dir: Path) -> None:
    for calculator in CALCULATORS:
        for lang, prefix in LANGS.items():
            html = (site_dir / f"{prefix}calculators/{calculator.slug}.html").read_text("utf-8")
            assert html.count(f'data-calculator="{calculator.id}"') == 1, (prefix, calculator.id)
            heading = f"{HEADING[lang]}: {getattr(calculator.page_title, lang)}"
            assert re.search(rf"<h1[^>]*>{re.escape(escape(heading, quote=False))}<", html), (prefix, heading)
            assert "<noscript>" in html
            assert 'class="mpkj-schedule"' in html
            assert "<td data-label=" in html
            assert "mpkj-disclaimer" in html


def test_deposit_page_states_when_it_is_claimed_and_when_the_council_may_deduct(site_dir: Path) -> None:
    """As the depositor's declaration on form MPKj/JKB/B1-2013 gives them: the council may deduct all or part of the
    deposit on each of three grounds; the third keeps "from the whole period"; the Act is named."""
    for prefix, words in (("", ("memotong keseluruhan atau sebahagian", "90 hari", "180 hari dari tempoh keseluruhannya",
                                "12 bulan", "Pelan Setara", "CCC/CFO", "Akta Akuan Berkanun 1960")),
                          ("en/", ("deduct all or part", "90 days", "180 days from the whole period", "12 months",
                                   "Pelan Setara", "CCC/CFO", "Statutory Declarations Act 1960"))):
        text = re.sub(r"<[^>]+>", "", (site_dir / f"{prefix}schedules/deposit.html").read_text("utf-8"))
        for word in words:
            assert word in text, (prefix, word)


# Issue 11, item 12: wordings checked against form MPKj/JKB/B1-2013 (First Schedule heading "UUKBSS 1986"; J2 and K2
# "Permit Tahunan"; E "Kolam Renang / Kolam Air"; deposit item 9 "Perusahaan / Industri (individu)"; the
# additional-works deposits numbered 1 and 2; item H "Pindaan pelan kepada pelan lurus / pelan pelarasan").
CORRECTED_WORDINGS = {
    ("", "schedules/building_plan.html"): ("UUKBSS", "Kabin: permit tahunan"),
    ("en/", "schedules/building_plan.html"): ("UUKBSS", "Cabin: annual permit", "Swimming pool / pond",
                                              "Amendment to an approved plan"),
    ("en/", "schedules/deposit.html"): ("Industry (individual)",),
    ("", "calculators/building_plan/permits.html"): ("semasa mengambil kelulusan",),
    ("en/", "calculators/building_plan/permits.html"): ("paid when the approval is collected",),
}
OLD_WORDINGS = ("water pool", "as-built", "UUKBS 1986", "T1", "T2", "Cabin: permit<", "problem(s)",
                "Perusahaan / industry")


@pytest.mark.parametrize(("prefix", "page"), sorted(CORRECTED_WORDINGS))
def test_corrected_wordings_on_the_pages(site_dir: Path, prefix: str, page: str) -> None:
    html = (site_dir / prefix / page).read_text("utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    for words in CORRECTED_WORDINGS[(prefix, page)]:
        assert words in text, (prefix, page, words)
    for old in OLD_WORDINGS:
        assert old not in html, (prefix, page, old)


def test_corrected_wordings_in_the_open_data(site_dir: Path) -> None:
    building = json.loads((site_dir / "data/building_plan.json").read_text("utf-8"))
    deposit = json.loads((site_dir / "data/deposit.json").read_text("utf-8"))
    items = {i["code"]: i for i in building["versions"][0]["items"]}
    assert "UUKBSS" in building["document"]["ms"] and "UUKBSS" in building["source_prefix"]["en"]
    assert items["K2"]["label"] == {"ms": "Kabin: permit tahunan", "en": "Cabin: annual permit (Permit Tahunan)"}
    assert items["E"]["label"]["en"].startswith("Swimming pool / pond")
    additional = [i for i in deposit["versions"][0]["items"] if i["part"] == "2"]
    assert [i["code"] for i in additional] == ["1", "2"]
    assert all(i["reference"]["heading"]["en"] == "Additional works or amendments" for i in additional)
    assert all(i["source"]["en"].endswith(f"Additional works or amendments, item {i['code']}") for i in additional)
    by_key = {i["key"]: i for i in deposit["versions"][0]["items"]}
    assert by_key["industry_individual"]["label"]["en"] == "Industry (individual)"
    csv_text = (site_dir / "data/deposit.csv").read_text("utf-8")
    assert "T1" not in csv_text and "Industry (individual)" in csv_text and "Perusahaan / industry" not in csv_text


def test_open_data_files_match_calc(site_dir: Path) -> None:
    for schedule in load_all().values():
        document = json.loads((site_dir / f"data/{schedule.id}.json").read_text("utf-8"))
        rows = list(csv.DictReader(io.StringIO((site_dir / f"data/{schedule.id}.csv").read_text("utf-8"))))
        assert document["form"] == schedule.form
        items = [(v.in_force.isoformat(), i) for v in schedule.versions for i in v.items]
        assert len(rows) == len(items)
        in_json = {(v["in_force"], i["code"], i["key"]): i for v in document["versions"] for i in v["items"]}
        in_csv = {(r["in_force"], r["code"], r["key"] or None): r for r in rows}
        for in_force, item in items:
            entry = in_json[(in_force, item.code, item.key)]
            row = in_csv[(in_force, item.code, item.key)]
            rate = None if item.rate is None else str(item.rate)
            assert entry["rate"] == rate
            assert (row["rate"] or None) == rate
            assert row["label_ms"] == item.label.ms
            assert row["label_en"] == item.label.en
            assert row["minimum"] == ("" if item.minimum is None else str(item.minimum))
        for prefix in LANGS.values():
            page = (site_dir / f"{prefix}schedules/{schedule.id}.html").read_text("utf-8")
            depth = (prefix + "schedules/").count("/")
            assert f'href="{"../" * depth}data/{schedule.id}.json"' in page
            assert f'href="{"../" * depth}data/{schedule.id}.csv"' in page


# Files the site vendors unchanged from upstream packages may carry URLs for code paths this site never takes
# (licence headers, optional polyfills, Pyodide's default package host); the browser tests check what is
# actually requested. A URL is allowed in such a file only if the upstream file carries it too: every URL in
# anything of our own, or added to a vendored file, fails the test below.
VENDORED = {
    "assets/javascripts/": Path(material.__file__).parent / "templates" / "assets" / "javascripts",
    "assets/stylesheets/": Path(material.__file__).parent / "templates" / "assets" / "stylesheets",
    "assets/pyodide/": ROOT / "node_modules" / "pyodide",
}
XML_NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink", "http://www.w3.org/1999/xhtml",
                  "http://www.sitemaps.org/schemas/", "http://www.w3.org/XML/1998/namespace")
TEXT_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".csv", ".txt", ".svg", ".webmanifest"}
URL = re.compile(r"""https?://[^\s"'<>()`\\,;]+""")


def _upstream_urls(relative: str) -> set[str]:
    for folder, upstream in VENDORED.items():
        if relative.startswith(folder):
            original = upstream / relative.removeprefix(folder)
            return set(URL.findall(original.read_text("utf-8", errors="replace"))) if original.is_file() else set()
    return set()


def test_no_reference_to_another_host(site_dir: Path) -> None:
    own = site_url()
    offending = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        relative = path.relative_to(site_dir).as_posix()
        upstream = _upstream_urls(relative)
        for url in URL.findall(path.read_text("utf-8", errors="replace")):
            if not url.startswith((own, *XML_NAMESPACES)) and url not in upstream:
                offending.append(f"{relative}: {url}")
    assert not offending, "\n".join(offending[:50])


def test_html_pages_load_nothing_from_elsewhere(site_dir: Path) -> None:
    """No src/href of a page is absolute, not even to site_url (the site must work under a sub-path and from
    file://); only <link rel="canonical"> names the site's public address. 404.html is left out: the server shows
    it at any depth, so MkDocs links it from the root of site_url on purpose."""
    for path in site_dir.rglob("*.html"):
        if path.name == "404.html":
            continue
        for tag in re.findall(r"<[a-zA-Z][^<>]*>", path.read_text("utf-8")):
            if tag.startswith("<link") and 'rel="canonical"' in tag:
                continue
            for attribute, url in re.findall(r'\b(src|href|srcset|action|poster|data)="([^"]*)"', tag):
                assert not re.match(r"\s*(https?:)?//|/", url), (path.relative_to(site_dir), attribute, url)


def test_search_covers_both_languages(site_dir: Path) -> None:
    index = json.loads((site_dir / "search/search_index.json").read_text("utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"schedules/deposit.html", "en/schedules/deposit.html"} <= locations


def test_embed_snippets_come_from_site_url_with_a_link_in_the_embeds_place(site_dir: Path) -> None:
    site = site_url()
    site = site.rstrip("/") + "/"
    for prefix in LANGS.values():
        html = (site_dir / f"{prefix}embed.html").read_text("utf-8")
        code = re.sub(r"<[^>]+>", "", " ".join(re.findall(r"<code>(.*?)</code>", html, re.DOTALL)))
        code = code.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
        scripts = re.findall(r'<script src="([^"]+)"', code)
        frames = re.findall(r'<iframe src="([^"]+)"', code)
        assert scripts and frames
        assert all(url == f"{site}javascripts/embed.js" for url in scripts), scripts
        assert all(url.startswith(f"{site}{prefix}embed/") for url in frames), frames
        # Every snippet holds a link to the calculator's own page, which stays if the script or iframe cannot load.
        links = re.findall(r'<p class="mpkj-embed-fallback"><a href="([^"]+)"', code)
        assert len(links) == len(scripts) + len(frames)
        assert all(url.startswith(f"{site}{prefix}calculators/") for url in links), links


def test_the_calculator_script_is_its_parts_joined_in_order(site_dir: Path) -> None:
    """Every page loads one calculator script, javascripts/calculator.js, made of the parts of
    docs/javascripts/calculator-*.js in the order that each adds to window.MPKjCalculator; the parts are not
    published on their own."""
    script = (site_dir / "javascripts" / "calculator.js").read_text("utf-8")
    parts = [(ROOT / "docs" / "javascripts" / f"calculator-{part}.js").read_text("utf-8")
             for part in ("form", "render", "permalink", "print", "bind")]
    assert script == "\n".join(parts)
    assert sorted(p.name for p in (site_dir / "javascripts").glob("calculator*")) == ["calculator.js"]
    for page in ("schedules/building_plan.html", "en/calculators/deposit.html", "embed/deposit.html"):
        html = (site_dir / page).read_text("utf-8")
        assert len(re.findall(r'<script src="[./]*javascripts/calculator[^"]*\.js"', html)) == 1, page
