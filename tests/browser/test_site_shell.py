"""The site shell in Chromium: pages load from the site only (also under a sub-path), the language switch keeps
the reader on the same page after Material's instant navigation, and the light/dark toggle is there."""

from __future__ import annotations

from urllib.parse import urljoin


def _switch_target(page, lang: str) -> str:
    return page.locator(f'.md-select__link[hreflang="{lang}"]').first.evaluate("link => link.href")


def test_home_loads_from_the_site_only(page, site_url: str, request_log: list[str]) -> None:
    failed: list[str] = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.goto(site_url + "en/schedules/deposit.html", wait_until="networkidle")
    page.goto(site_url, wait_until="networkidle")
    assert not failed, failed  # e.g. no sitemap.xml looked up beside each page
    assert page.locator("h1").first.inner_text().strip()
    assert page.evaluate("document.documentElement.lang") == "ms"
    assert any(url.endswith("bundle.a5f9d56c.min.js") or "/assets/javascripts/bundle." in url for url in request_log)


def test_site_works_under_a_sub_path(page, subpath_url: str, request_log: list[str]) -> None:
    page.goto(subpath_url + "en/schedules/building_plan.html")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("table td").count() > 10
    assert _switch_target(page, "ms") == subpath_url + "schedules/building_plan.html"
    own = [url for url in request_log if url.startswith(subpath_url.split("/mpkj/")[0])]
    assert all("/mpkj/" in url for url in own), "a request left the sub-path"


def test_language_switch_follows_instant_navigation(page, site_url: str) -> None:
    page.goto(site_url, wait_until="networkidle")  # Material enables instant links once it has the sitemap
    assert _switch_target(page, "en") == urljoin(site_url, "en/index.html")
    page.evaluate("window.mpkjSamePage = true")  # survives instant navigation, not a full page load
    page.locator('.md-content a[href$="schedules/building_plan.html"]').first.click()
    page.wait_for_url("**/schedules/building_plan.html")
    page.wait_for_function(
        "() => document.querySelector('.md-select__link[hreflang=en]').href"
        ".endsWith('/en/schedules/building_plan.html')"
    )
    assert page.evaluate("window.mpkjSamePage === true"), "Material did not navigate instantly"
    assert _switch_target(page, "en") == urljoin(site_url, "en/schedules/building_plan.html")
    assert _switch_target(page, "ms") == urljoin(site_url, "schedules/building_plan.html")


def test_html_lang_follows_an_instant_language_switch(page, site_url: str) -> None:
    page.goto(site_url + "schedules/deposit.html", wait_until="networkidle")  # instant links once the sitemap is in
    assert page.evaluate("document.documentElement.lang") == "ms"
    page.evaluate("window.mpkjSamePage = true")  # survives instant navigation, not a full page load
    page.locator('.md-select__link[hreflang="en"]').first.dispatch_event("click")  # the menu opens on hover
    page.wait_for_url("**/en/schedules/deposit.html")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    assert page.evaluate("window.mpkjSamePage === true"), "Material did not navigate instantly"
    page.locator('.md-select__link[hreflang="ms"]').first.dispatch_event("click")
    page.wait_for_url(lambda url: url.endswith("/schedules/deposit.html") and "/en/" not in url)
    page.wait_for_function("() => document.documentElement.lang === 'ms'")
    assert page.evaluate("window.mpkjSamePage === true")


def test_light_and_dark_palettes(page, site_url: str) -> None:
    page.goto(site_url + "sources.html")
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("label.md-header__button[for^='__palette_']:visible").first.click()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}
