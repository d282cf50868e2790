"""Search matches what people type (issue 16), in Debian's Chromium against the
built demo site: single characters, traditional characters, pinyin in full
and as initials, one mistyped character, bundles and offices as results of
their own kind, no cut-off, and helpful dead ends.  The queries are made from
the catalogue itself (every name, converted by OpenCC or pypinyin), not
written to pass."""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import quote

import opencc
import pytest
from pypinyin import Style, lazy_pinyin

from generator.outputs.search import CHAR_SYNONYM
from generator.outputs.search_text import (compact, fold_table, normalise, skips, t2s, term_hash, terms,
                                           tokens, unigrams)
from search_engine import ENGINE, read_index


@pytest.fixture(scope="module")
def index(demo_site):
    return read_index(demo_site)


def search(page, query: str, limit: int = 3) -> dict:
    return page.evaluate(ENGINE, [query, limit])


def items(index):
    return [r for r in index[1] if (r[6] if len(r) > 6 else 0) == 0]


def test_single_characters_find_the_items_whose_names_hold_them(page, index):
    # The ten characters most used in item names, whatever they are.
    common = Counter(ch for row in items(index) for ch in set(compact(row[1])) if "\u4e00" <= ch <= "\u9fff")
    for ch, n in common.most_common(10):
        found = search(page, ch, 5)
        assert found["total"] >= min(n, 5), (ch, found)
        for name, aliases in zip(found["names"], found["aliases"]):
            assert ch in name + "".join(aliases), (ch, name)


def test_traditional_characters_find_what_simplified_ones_find(page, index):
    s2t = opencc.OpenCC("s2t")
    changed = 0
    for code, name, *_ in items(index):
        traditional = s2t.convert(name)
        changed += traditional != name
        assert search(page, traditional, 1)["codes"] == [code], (name, traditional)
    assert changed >= 20  # most names have a character that differs


def test_fold_table_is_openccs_restricted_to_the_index(index):
    meta, rows = index
    shipped = dict(zip(meta["fold"][0], meta["fold"][1]))
    assert shipped and all(t2s()[trad] == simple for trad, simple in shipped.items())
    assert shipped["護"] == "护" and shipped["證"] == "证"
    assert not set(shipped) & set("".join(r[1] for r in rows))  # the index holds simplified forms only


def test_full_pinyin_of_a_name_finds_the_item(page, index):
    found, tried = 0, []
    for code, name, *_ in items(index):
        spoken = "".join(lazy_pinyin("".join(t for t in tokens(name) if not t.isascii())))
        tried.append(spoken)
        found += code in search(page, spoken, 3)["codes"]
    assert found >= 0.9 * len(tried), f"{found} of {len(tried)}"


def test_pinyin_initials_of_short_aliases_find_the_item(page, index):
    found, tried = 0, 0
    for code, name, _, _, _, aliases, *_ in items(index):
        for alias in aliases:
            if 3 <= len(alias) <= 5 and all("\u4e00" <= c <= "\u9fff" for c in alias):
                initials = "".join(lazy_pinyin(alias, style=Style.FIRST_LETTER))
                tried += 1
                found += code in search(page, initials, 5)["codes"]
    assert tried >= 10 and found >= 0.6 * tried, f"{found} of {tried}"


def test_one_wrong_character_in_a_name_of_four_or_more(page, index):
    found, tried = 0, 0
    for code, name, *_ in items(index):
        han = compact(name)
        if len(han) < 4 or not han.isalpha():
            continue
        middle = len(han) // 2
        typo = han[:middle] + "龘" + han[middle + 1:]  # a character no item uses
        tried += 1
        found += code in search(page, typo, 3)["codes"]
    assert tried >= 30 and found >= 0.9 * tried, f"{found} of {tried}"


def test_bundles_and_offices_are_results_of_their_own_kind(page, index):
    meta, rows = index
    kinds = meta["kinds"]
    bundles = [r for r in rows if len(r) > 6 and r[6] == 1]
    offices = [r for r in rows if len(r) > 6 and r[6] == 2]
    assert len(bundles) >= 5 and len(offices) >= 5
    for key, name, *_, aliases, kind in bundles + offices:
        found = search(page, name, 1)
        assert found["kinds"] == [kind] and found["urls"] == [f"{kinds[kind]}{key}/"], (name, found)
    for key, name, *_, aliases, kind in bundles:
        for alias in aliases:
            assert key in search(page, alias, 3)["codes"], (alias, name)


def test_every_document_sharing_a_term_is_counted(page, demo_site, index):
    """No cut-off: the total is every document holding one of the terms the
    engine looks for (its terms and, the fallback layer, each character of
    the query and its character synonyms), as the shards on disk say."""
    meta = index[0]
    for query in ("登记证明", "补领", "申请材料"):
        wanted = page.evaluate("""([q, meta]) => Object.keys(new CatalogueSearch.Engine("").understand(q, meta).weights)""",
                               [query, meta])
        assert set(terms(query)) <= set(wanted)
        docs = set()
        # ... and each character's synonyms (~c, in the shard of c: the character layer)
        for term in set(wanted) | set(unigrams(query)) | {CHAR_SYNONYM + c for c in unigrams(query)}:
            shard = json.loads((demo_site / "search" / "catalogue" / "t" /
                                f"{term_hash(term.lstrip(CHAR_SYNONYM)) % meta['shards']}.json")
                               .read_text(encoding="utf-8"))
            doc = 0
            for p in shard.get(term, [0, []])[1]:
                doc += p // 64
                docs.add(doc)
        assert search(page, query, 1)["total"] == len(docs) >= 3


TWINS = ["辦理護照", "駕駛證ＡＢＣ", "结婚登记证明", "乾隆 著作", "𠀀 ext-B 㐀", "證", "Привет 😀"]


def test_folding_and_term_kinds_agree_between_python_and_javascript(page, index):
    table = {trad: simple for trad, simple in zip(*index[0]["fold"])}
    js = page.evaluate("""([texts, meta]) => { const f = CatalogueSearch.foldOf(meta);
        return texts.map(t => [CatalogueSearch.normalise(t, f), CatalogueSearch.terms(t, f),
                               CatalogueSearch.unigrams(t, f), CatalogueSearch.skips(t, f), CatalogueSearch.compact(t, f)]); }""",
                       [TWINS, {"fold": index[0]["fold"]}])
    py = [[normalise(t, table), terms(t, table), unigrams(normalise(t, table)), skips(normalise(t, table)),
           compact(t, table)] for t in TWINS]
    assert js == py
    assert fold_table({"护"})["護"] == "护"


def test_typed_pinyin_is_split_into_the_index_syllables(page, index):
    split = page.evaluate("""meta => ["shenfenzheng", "sfz", "xyz12", "a"].map(t =>
        CatalogueSearch.pinyinTerms(t, new Set(meta.syllables.split(" "))))""", index[0])
    assert split == [["shen'fen", "fen'zheng"], ["#sfz"], [], []]


def test_unknown_words_fall_back_to_their_characters(page, index):
    """Characters of item names in an order no text of the index uses (a
    word the index does not know) still find the items holding them, the
    items with the rarer characters first: never "no results" while a
    character of the query is in a name (issue 16, failure kind 1)."""
    common = [ch for ch, _ in Counter(ch for row in items(index) for ch in compact(row[1])).most_common(12)]
    tried = 0
    for a, b, c in zip(common, common[3:], common[7:]):
        query = a + b + c
        if any(query[i:i + 2] in compact(row[1]) for row in index[1] for i in range(2)):
            continue
        tried += 1
        found = search(page, query, 5)
        assert found["total"] > 0, query
        assert all(set(query) & set(compact(name)) for name in found["names"][:3]), (query, found["names"])
    assert tried >= 2


@pytest.fixture(scope="module")
def dead_end(page, index):
    """Characters that no text of the index holds: the query finds nothing."""
    for query in ("龘靐齉", "爩虋", "齾鱻"):
        if search(page, query)["total"] == 0:
            return query
    pytest.fail("every query found something")


def test_search_page_dead_end_offers_nearest_items_bundles_browse_links_and_hotline(chromium, demo_url, index,
                                                                                     dead_end):
    meta = index[0]
    context = chromium.new_context()
    page = context.new_page()
    try:
        page.goto(demo_url + "find/?query=" + quote(dead_end))
        page.locator("#osc-more li").first.wait_for(timeout=10_000)
        assert page.locator("#osc-status").inner_text() == meta["ui"]["none"]
        more = page.locator("#osc-more")
        assert meta["ui"]["kind_bundle"] in more.inner_text()
        # No item shares a character with it: no "nearest" list (the popular
        # items instead, when the configuration names some, as the demo does).
        titles = more.locator("h2").all_inner_texts()
        assert meta["ui"]["nearest"] not in titles
        assert (meta["ui"]["popular"] in titles) == bool(meta["popular"]), titles
        all_items = page.get_by_role("link", name=meta["ui"]["browse_all"])
        assert all_items.get_attribute("href").endswith("/all/")
        assert meta["hotline"] and meta["hotline"] in more.inner_text()
        # Nothing typed: the bundles (and popular items when configured).
        page.goto(demo_url + "find/")
        page.locator("#osc-more li").first.wait_for(timeout=10_000)
        assert page.locator("#osc-more li").count() >= len(meta["bundles"])
    finally:
        context.close()


def test_header_box_offers_suggestions_on_a_dead_end(chromium, demo_url, index, dead_end):
    meta = index[0]
    context = chromium.new_context()
    page = context.new_page()
    try:
        page.goto(demo_url)
        page.keyboard.press("/")
        # Nothing typed: nothing rendered (it would stay hidden in every page).
        page.wait_for_timeout(500)
        assert page.locator(".md-search-result__item").count() == 0
        page.locator(".md-search__input").fill(dead_end)
        page.keyboard.press("End")
        page.get_by_text(meta["ui"]["none_title"]).first.wait_for(timeout=10_000)
        links = [page.locator(".md-search-result__item a").nth(i).get_attribute("href")
                 for i in range(page.locator(".md-search-result__item a").count())]
        assert any(h.rstrip("/").endswith("/all") for h in links), links
        assert any("/life-events/" in h for h in links)
        assert meta["hotline"] in page.locator(".md-search-result__list").inner_text()
    finally:
        context.close()
