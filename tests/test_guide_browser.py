"""The situation guide (情形引导) and the top of an item page in headless
Chromium (issue 17): choosing each variant of the demo ID card item narrows
the visible materials, steps and the printed checklist (一次性告知单, printed
to PDF and read back with pypdf); ``?情形=`` preselects a variant by id or by
name; without scripts every situation shows, each material naming its own; on
a 390×844 phone the item's online action and its situation question are on
the first screen.  What each variant should show is read from the item's
YAML, so the test follows the data; the facts a reader relies on (a lost
licence is not asked for, no "0 份") are asserted as such."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import yaml
from pypdf import PdfReader

from mini_catalogue import DEMO
from test_browser import browse, load

ID_CARD = "items/990101001000/"
LICENCE = "items/990101002000/"
PARAM = "情形"


def _item(path: str) -> dict:
    return yaml.safe_load((DEMO / "items" / "public-security" / (path.split("/")[1] + ".yaml")).read_text(encoding="utf-8"))


def _expected(item: dict, variant: str) -> list[str]:
    """Names of the materials a reader of ``variant`` is asked about."""
    return [m["name"] for m in item["materials"] if not m.get("variants") or variant in m["variants"]]


def _visible(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all(
        "els => els.filter(e => e.checkVisibility()).map(e => e.textContent.trim())")


def _materials(page) -> list[str]:
    return _visible(page, "tr.osc-material td:first-child strong")


def _pdf_text(page) -> str:
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return "".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", "")


def _chosen_in_url(page) -> list[str]:
    return parse_qs(urlsplit(page.url).query).get(PARAM, [])


def _choose(page, name: str) -> None:
    page.get_by_role("radio", name=name).check()


@pytest.mark.parametrize("path", [ID_CARD, LICENCE])
def test_each_variant_narrows_materials_and_printed_checklist(chromium, demo_url, path):
    item = _item(path)
    every = [m["name"] for m in item["materials"]]
    with browse(chromium, demo_url, viewport={"width": 1280, "height": 900}) as (page, visit):
        load(page, demo_url + path)
        assert _materials(page) == every  # nothing chosen yet: every situation
        for variant in item["variants"]:
            _choose(page, variant["name"])
            expected = _expected(item, variant["id"])
            assert _materials(page) == expected, variant["name"]
            assert _chosen_in_url(page) == [variant["id"]]  # the address to share
            text = _pdf_text(page)
            assert f"办理情形：{variant['name']}" in text
            for m in item["materials"]:
                assert (m["name"] + "：" in text) == (m["name"] in expected), (variant["name"], m["name"])
            assert not re.search(r"(?<!\d)0份", text)
            for fee in item["fees"]["items"]:
                assert fee["name"] + "：" in text
            for m in item["materials"]:
                if m.get("source") == "shared" and m["name"] in expected:
                    assert m["name"] + "：无需提交，由部门核验" in text
        assert not visit.errors


def test_id_card_situations_as_a_reader_sees_them(chromium, demo_url):
    """The facts behind issue 17, independent of how the data is spelled."""
    with browse(chromium, demo_url, viewport={"width": 1280, "height": 900}) as (page, _):
        load(page, demo_url + ID_CARD)
        _choose(page, "首次申领")
        assert "居民户口簿" in _materials(page) and "原居民身份证" not in _materials(page)
        _choose(page, "补领")
        assert "原居民身份证" not in _materials(page) and "居民户口簿" not in _materials(page)
        assert any("挂失" in s for s in _visible(page, "ol.osc-steps > li"))
        assert any("原证已丢失" in c for c in _visible(page, "ol.osc-conditions > li"))
        _choose(page, "换领")
        assert not any("挂失" in s for s in _visible(page, "ol.osc-steps > li"))
        assert not any("原证已丢失" in c for c in _visible(page, "ol.osc-conditions > li"))
        text = _pdf_text(page)
        assert "居民身份证相片：无需自带" in text
        table = " ".join(page.locator("tr.osc-material").all_inner_texts())
        assert "无需自带" in table and not re.search(r"(?<!\d)0 份", table)
        _choose(page, "看全部情形")
        assert _chosen_in_url(page) == []
    with browse(chromium, demo_url, viewport={"width": 1280, "height": 900}) as (page, _):
        load(page, demo_url + LICENCE)
        _choose(page, "遗失补证")
        assert "原机动车驾驶证" not in _materials(page)
        assert "原机动车驾驶证" not in _pdf_text(page)


@pytest.mark.parametrize("wanted", ["replace", "补领"])
def test_url_parameter_preselects(chromium, demo_url, wanted):
    with browse(chromium, demo_url, viewport={"width": 1280, "height": 900}) as (page, _):
        load(page, f"{demo_url}{ID_CARD}?{PARAM}={quote(wanted)}")
        assert page.get_by_role("radio", name="补领").is_checked()
        assert _materials(page) == _expected(_item(ID_CARD), "replace")
        assert "办理情形：补领" in _pdf_text(page)


def test_without_scripts_everything_shows_with_its_situation(chromium, demo_url):
    item = _item(ID_CARD)
    with browse(chromium, demo_url, viewport={"width": 1280, "height": 900}, java_script_enabled=False) as (page, _):
        load(page, demo_url + f"{ID_CARD}?{PARAM}=replace")
        assert _materials(page) == [m["name"] for m in item["materials"]]
        assert not page.locator("#situation").is_visible()  # a question that cannot work is not asked
        notes = " ".join(_visible(page, "tr.osc-material .osc-note"))
        for m in item["materials"]:
            for v in item["variants"]:
                if v["id"] in m.get("variants", []):
                    assert f"适用于：{v['name']}" in notes
        assert any("挂失" in s for s in _visible(page, "ol.osc-steps > li"))
        text = _pdf_text(page)
        assert "办理情形：未选择" in text and "居民户口簿：" in text and "原居民身份证：" in text


def test_actions_and_question_on_the_first_phone_screen(chromium, demo_url):
    with browse(chromium, demo_url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True) as (page, _):
        load(page, demo_url + ID_CARD)
        for selector in (".osc-action--online", ".osc-action--appointment", "#situation fieldset"):
            box = page.locator(selector).bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= 844, (selector, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (selector, box)
        # Long parts fold on a phone and open for printing.
        folds = page.locator("details.osc-fold")
        assert folds.count() > 0 and not any(folds.evaluate_all("ds => ds.map(d => d.open)"))
