"""Hostile requests through the page's own API (MPKjFees, javascripts/fees.js → MicroPython in its worker): the same
answer as the CLI's CPython for every row of tests/data/hostile_requests.py, and Python is still well afterwards
(a request nested 5,000 deep once left a "fatal error" behind a status that still said ready)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from answers import parsed

import calc
from tests.data.hostile_requests import HOSTILE

BOOT_MS = 240_000  # the first Python start on a slow machine shared by several test runs; no assertion on time


def _open(page, site_url: str) -> None:
    page.set_default_timeout(BOOT_MS)
    page.goto(site_url + "en/calculators/deposit.html")
    page.wait_for_function("window.MPKjFees && MPKjFees.boot", timeout=BOOT_MS)
    page.evaluate("MPKjFees.boot()")
    page.wait_for_function("MPKjFees.status.stage === 'ready'", timeout=BOOT_MS)


def test_hostile_text_gets_the_clis_answer_in_the_page(page, site_url: str) -> None:
    _open(page, site_url)
    today = (datetime.now(UTC) + timedelta(hours=8)).date()  # the page's date: Malaysia's
    texts = [text for _name, text, _field, _code in HOSTILE]
    answers = page.evaluate("(texts) => Promise.all(texts.map((t) => MPKjFees.estimateJson(t)))", texts)
    for (name, text, field, code), (status, output) in zip(HOSTILE, answers, strict=True):
        assert parsed([(status, output)]) == parsed([calc.estimate_json(text, today=today)]), name
        assert status == 2 and (field, code) in [(e["field"], e["code"]) for e in json.loads(output)["errors"]], name


def test_a_deeply_nested_object_from_javascript_is_refused_and_python_stays_well(page, site_url: str) -> None:
    _open(page, site_url)
    answer = page.evaluate("""async () => {
        let deep = {};
        for (let i = 0; i < 5000; i++) deep = { designs: [deep] };
        return MPKjFees.estimate({ schedule: "deposit", items: [deep] });
    }""")
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [(None, "too_deep")]
    assert page.evaluate("MPKjFees.status.stage") == "ready"
    # 20 double-storey terraces, item 3 at RM 200 a unit: 20 × 200 = RM 4,000.00
    after = page.evaluate("""MPKjFees.estimate({ schedule: "deposit", date: "2025-01-01",
                                                 items: [{ type: "terrace_double_storey", units: 20 }] })""")
    assert after["total"] == "4000.00"
