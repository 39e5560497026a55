"""MkDocs hook: every calculator of calc/calculators.py (`CALCULATORS`) gets, in both languages, with nothing written
by hand:

* its page, `calculators/<id>.md` and `calculators/<id>.en.md`: the title "Kalkulator: <page_title.ms>" /
  "Calculator: <page_title.en>" and the marker `<!-- calculator: <id> -->` (site_scripts/hooks/markers.py puts the
  form, the schedule parts it charges and their source under it);
* its embed page, `embed/<id>.md` and `embed/<id>.en.md`: front matter only (site_scripts/hooks/embeds.py writes
  the content);
* its entry under "Kalkulator" in the navigation, in the manifest's order after the entries mkdocs.yml lists
  there (the project calculator), titled by its `nav_title`, with the English title added to the i18n plugin's
  nav_translations.

The pages are made as files of docs/ that are not on disk. The i18n plugin (on_files, priority -100) re-creates
every file of docs/ from its path, so their Markdown is given to the files it returns, at priority -110. A page of
the same path written by hand in docs/ stops the build: the manifest is the one place a calculator is declared.
"""

from __future__ import annotations

from typing import NoReturn

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File

from calc.calculators import CALCULATORS, Calculator
from site_scripts.build_state import DEFAULT_LANGUAGE, LANGUAGES, add_nav_translations

SECTION_PAGE = "calculators/project.md"  # the navigation section the calculators go in is the one holding this page
HEADING = {"ms": "Kalkulator", "en": "Calculator"}
EMBED_PAGE = """---
template: embed.html
embed: {id}
search:
  exclude: true
---
"""


def _fail(message: str) -> NoReturn:
    raise PluginError(f"site_scripts/hooks/calculator_pages.py: {message}")


def _suffix(lang: str) -> str:
    return "" if lang == DEFAULT_LANGUAGE else f".{lang}"


def page_path(calculator: Calculator, lang: str = DEFAULT_LANGUAGE) -> str:
    """The page's Markdown path under docs/: `calculators/building_plan/new.md`, `calculators/deposit.en.md`."""
    return f"calculators/{calculator.slug}{_suffix(lang)}.md"


def embed_path(calculator: Calculator, lang: str = DEFAULT_LANGUAGE) -> str:
    return f"embed/{calculator.slug}{_suffix(lang)}.md"


def _titles(calculator: Calculator) -> tuple[dict[str, str], dict[str, str]]:
    if calculator.page_title is None or calculator.nav_title is None:
        _fail(f"calculator {calculator.id!r} has no page_title or nav_title in calc/calculators.py")
    page = calculator.page_title.as_dict()
    nav = calculator.nav_title.as_dict()
    return page, nav


def pages() -> dict[str, str]:
    """Every generated page: its path under docs/ -> its Markdown."""
    out: dict[str, str] = {}
    for calculator in CALCULATORS:
        page_title, _ = _titles(calculator)
        for lang in LANGUAGES:
            out[page_path(calculator, lang)] = (
                f"# {HEADING[lang]}: {page_title[lang]}\n\n<!-- calculator: {calculator.id} -->\n"
            )
            out[embed_path(calculator, lang)] = EMBED_PAGE.format(id=calculator.id)
    return out


def _section(nav: list) -> list | None:
    """The list of entries of the navigation section that holds the project calculator."""
    for entry in nav:
        if isinstance(entry, dict):
            for value in entry.values():
                if isinstance(value, list):
                    if any(isinstance(item, dict) and SECTION_PAGE in item.values() for item in value):
                        return value
                    found = _section(value)
                    if found is not None:
                        return found
    return None


def on_config(config):
    """The calculators' navigation entries (after mkdocs.yml's own in their section) and their titles in English."""
    section = _section(config.nav or [])
    if section is None:
        _fail(f"mkdocs.yml's nav has no section holding {SECTION_PAGE}: the calculators' entries go there")
    generated = {page_path(calculator) for calculator in CALCULATORS}
    # Each language is built by running the build again on the same config: the entries are replaced, not added.
    section[:] = [item for item in section if not (isinstance(item, dict) and set(item.values()) & generated)]
    translations: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for calculator in CALCULATORS:
        _, nav_title = _titles(calculator)
        section.append({nav_title[DEFAULT_LANGUAGE]: page_path(calculator)})
        for lang in LANGUAGES:
            translations[lang][nav_title[DEFAULT_LANGUAGE]] = nav_title[lang]
    add_nav_translations(config, translations)
    return config


@event_priority(0)  # before the i18n plugin's on_files (-100), which sorts the files of docs/ by language
def add_pages(files, config):
    for path in pages():
        if files.get_file_from_path(path) is not None:
            _fail(f"docs/{path} is written by hand; calculator pages come from calc/calculators.py: remove it")
        files.append(File(path, config.docs_dir, config.site_dir, config.use_directory_urls))
    return files


@event_priority(-110)  # after the i18n plugin's on_files (-100), on the files it returns
def fill_pages(files, config):
    generated = pages()
    for file in files:
        if file.src_uri in generated:
            file.content_string = generated[file.src_uri]
    return files


on_files = CombinedEvent(add_pages, fill_pages)


__all__ = ["add_pages", "embed_path", "fill_pages", "on_config", "on_files", "page_path", "pages"]
