"""The site texts of the editions (generator/outputs/edition_texts.py, issue 19):
en.yaml holds exactly the reader-facing keys of zh.yaml with the same
placeholders; the traditional edition is converted from zh.yaml at build time
with the reviewed overrides on top."""

from __future__ import annotations

import re
import string

import yaml

from generator.messages import LOCALES, known_languages
from generator.outputs.edition_texts import EDITIONS, OVERRIDES, SITE_LABELS, edition_texts, site_part

HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _zh() -> dict:
    return site_part(yaml.safe_load((LOCALES / "zh.yaml").read_text(encoding="utf-8")))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _flat(section: dict, prefix: str = "") -> dict[str, object]:
    out = {}
    for key, value in section.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def test_en_has_exactly_the_site_keys_of_zh():
    en = yaml.safe_load((LOCALES / "en.yaml").read_text(encoding="utf-8"))
    assert set(en) == {"page", "labels", "search"}, "en.yaml holds only the reader-facing sections"
    assert set(en["labels"]) == set(SITE_LABELS), "stale or missing labels groups"
    assert set(en["search"]) == {"filler", "ui"}
    zh, en = _flat(_zh()), _flat(site_part(en))
    missing, stale = sorted(set(zh) - set(en)), sorted(set(en) - set(zh))
    assert not missing and not stale, f"missing in en.yaml: {missing}; not in zh.yaml: {stale}"


def test_en_keeps_every_placeholder_and_has_no_chinese():
    zh, en = _flat(_zh()), _flat(edition_texts("en"))
    for key, text in en.items():
        if isinstance(text, str):
            assert _placeholders(text) == _placeholders(zh[key]), key
            assert not HAN.search(text), f"Chinese left in en.yaml {key}: {text}"
    assert all(not HAN.search(w) for w in en["search.filler"])


def test_edition_files_are_not_catalogue_languages():
    # `language: en` would make every check message a KeyError: refused by config instead.
    assert "en" not in known_languages() and "zh" in known_languages()


def test_traditional_texts_are_converted_with_overrides():
    hant, zh = edition_texts("zh-Hant"), _zh()
    assert hant["page"]["title_home"] == "{region}公共服務事項目錄"
    assert "辦事群眾" in hant["page"]["staff_intro"] and "羣衆" not in hant["page"]["staff_intro"]  # s2tw forms
    assert hant["labels"]["original"]["copy"] == "複印件"
    assert hant["labels"]["days"]["mon"] == "週一"
    overrides = yaml.safe_load((LOCALES / OVERRIDES).read_text(encoding="utf-8"))
    for key, text in overrides["page"].items():
        assert hant["page"][key] == text
    assert "寫明了" in hant["page"]["negative_intro"]  # OpenCC alone writes 寫明瞭
    for key, text in _flat(hant).items():
        if isinstance(text, str):
            assert _placeholders(text) == _placeholders(_flat(zh)[key]), key
    assert hant["search"]["filler"] == zh["search"]["filler"]  # queries are folded to simplified


def test_simplified_edition_is_the_locale_file():
    assert edition_texts("zh") == _zh()
    assert EDITIONS[0] == "zh"
