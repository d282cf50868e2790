"""Search ranking against the failure kinds of the first blind measurement
(issue 16), in Debian's Chromium against the built demo site: the development
set, everyday words weighing less than distinctive ones, grouping main items
found with their sub-items, and items named by the query above the bundles
that merely contain them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.outputs import search_thesaurus
from generator.outputs.search_text import compact
from search_engine import ENGINE, read_index

REPO = Path(__file__).resolve().parents[2]
DEV = yaml.safe_load((REPO / "tests" / "search_dev_queries.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rows(demo_site):
    return read_index(demo_site)[1]


def search(page, query: str, limit: int = 3) -> dict:
    return page.evaluate(ENGINE, [query, limit])


def test_development_set_keeps_its_recall(page):
    """tests/search_dev_queries.yaml (everyday descriptions of demo items):
    at least the figures docs/search.md records, less a query or two."""
    at1 = at3 = 0
    misses = []
    for q in DEV:
        codes = search(page, q["query"], 3)["codes"]
        at1 += codes[:1] == [q["expect"]]
        at3 += q["expect"] in codes
        if q["expect"] not in codes:
            misses.append(f'{q["query"]} -> {q["expect"]}: {codes}')
    assert len(DEV) >= 40
    assert at3 >= 0.95 * len(DEV) and at1 >= 0.85 * len(DEV), (at1, at3, misses)


def test_everyday_words_weigh_less_than_distinctive_ones():
    """jieba's general-corpus idf: words of every sentence say little."""
    weight = search_thesaurus.general_weight
    assert weight("自己") < 0.5 and weight("没有") < 0.5 and weight("需要") < 0.6
    assert weight("婚姻") == weight("公积") == 1.0  # specific, or not a word of the corpus
    assert 0.3 <= min(weight(w) for w in ("的", "了", "我", "是")) < 0.5


def test_everyday_words_do_not_outweigh_the_name(page, rows):
    """An item's name with everyday words around it (我自己想…一下) still
    finds that item first, whatever texts hold those everyday words."""
    wrong = []
    for code, name, *rest in rows:
        if (rest[4] if len(rest) > 4 else 0) != 0:
            continue
        query = f"我自己想{name}一下"
        first = search(page, query, 1)["codes"]
        if first != [code]:
            wrong.append(f"{query} -> {first}")
    assert len(wrong) <= 2, wrong


def test_grouping_main_item_is_found_with_its_sub_items(page, rows, demo_site):
    from generator.checks.validate import build_catalogue
    from generator.config import read_settings

    cat = build_catalogue(REPO, read_settings(REPO)).catalogue
    families = cat.sub_items  # main items (grouping or with a guide) and their sub-items
    assert len(families) >= 2
    for main, subs in families.items():
        for sub in subs:
            codes = search(page, sub.item.name, 3)["codes"]
            assert codes[0] == sub.key and main in codes, (sub.item.name, codes)
        codes = search(page, cat.by_key[main].item.name, 1 + len(subs))["codes"]
        assert codes[0] == main and {s.key for s in subs} <= set(codes), codes


def test_item_named_by_the_query_ranks_above_the_bundle_holding_it(page, rows):
    """A query that is an item's alias and also a bundle's (开饭店) shows the
    item first; the bundle is still among the results."""
    bundles = {compact(a): r[0] for r in rows if len(r) > 6 and r[6] == 1 for a in r[5]}
    shared = {compact(a): r[0] for r in rows if (r[6] if len(r) > 6 else 0) == 0 for a in r[5]
              if compact(a) in bundles}
    assert len(shared) >= 3
    for alias, code in shared.items():
        found = search(page, alias, 5)
        assert found["kinds"][0] == 0 and bundles[alias] in found["codes"], (alias, found["names"])
