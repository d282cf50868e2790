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
    at least the figures docs/search.md records, less a query or two.  The
    third batch (``batch: 3``: compound words, event nouns, the trouble
    rather than the remedy, old object names) is harder and held to its own;
    so is the fourth (``batch: 4``: competing neighbours, character-level
    synonyms) and the fifth (``batch: 5``: a word of the official name that
    neighbours hold in their aliases; the problem named where the name holds
    the remedy) and the sixth (``batch: 6``: an everyday word for an official
    concept that no resource of the index bridges; docs/search.md, the
    larger-resource round) and the seventh (``batch: 7``: the query's action
    in the official name while a sibling's aliases hold its object words; a
    described problem behind an aliased neighbour; the action-words round)
    and the eighth (``batch: 8``: one-character actions and longer
    descriptions; the coverage round)."""
    for batch, (need3, need1) in ((None, (0.95, 0.83)), (3, (0.80, 0.50)), (4, (0.93, 0.83)),
                                  (5, (0.96, 0.93)), (6, (0.55, 0.45)), (7, (0.95, 0.90)), (8, (0.95, 0.90))):
        queries = [q for q in DEV if q.get("batch") == batch]
        at1 = at3 = 0
        misses = []
        for q in queries:
            codes = search(page, q["query"], 3)["codes"]
            at1 += codes[:1] == [q["expect"]]
            at3 += q["expect"] in codes
            if q["expect"] not in codes:
                misses.append(f'{q["query"]} -> {q["expect"]}: {codes}')
        assert len(queries) >= {7: 20, 8: 15}.get(batch, 30)  # batches 7 and 8: the others in dev-siblings
        assert at3 >= need3 * len(queries) and at1 >= need1 * len(queries), (batch, at1, at3, misses)


def test_everyday_words_weigh_less_than_distinctive_ones():
    """jieba's general-corpus idf: words of every sentence say little."""
    weight = search_thesaurus.general_weight
    assert weight("自己") < 0.5 and weight("没有") < 0.5 and weight("需要") < 0.6
    assert weight("婚姻") == weight("公积") == 1.0  # specific, or not a word of the corpus
    assert 0.3 <= min(weight(w) for w in ("的", "了", "我", "是")) < 0.5


def test_pairs_across_a_word_boundary_weigh_as_little_as_everyday_words():
    """A pair no word of jieba's dictionary holds (司不 of 公司不做了, 把户 of
    把户口) is an artefact of overlapping pairs; one inside a word (仪馆 of
    殡仪馆, 公积 of 公积金) keeps its full weight."""
    weight = search_thesaurus.general_weight
    assert weight("司不") == weight("把户") == weight("世后") == search_thesaurus.GENERAL_MIN
    assert weight("仪馆") == weight("公积") == weight("婚证") == 1.0


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


def test_grouping_main_item_is_found_with_its_sub_items(page, rows, demo_site, catalogue_dir):
    from generator.checks.validate import build_catalogue
    from generator.config import read_settings

    cat = build_catalogue(catalogue_dir, read_settings(catalogue_dir)).catalogue
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


def test_skip_pairs_count_only_where_a_character_may_be_mistyped(page):
    """A skip pair (a_c) adds to a document lacking ab or bc (one character
    mistyped), not to one holding both, where it would count the same
    characters twice (engine.js score; docs/search.md, relevance round)."""
    found = page.evaluate("""() => {
        const meta = {documents: 10};
        // documents 0 and 1 hold ab; only 0 holds bc; both hold the skip pair a_c (weight 63)
        const postings = {"ab": [2, [63, 64 + 63]], "bc": [1, [63]], "a_c": [2, [63, 64 + 63]]};
        const weights = {"ab": 1, "bc": 1, "a_c": 0.5};
        const plain = CatalogueSearch.score(weights, postings, meta, new Map());
        const typo = CatalogueSearch.score(weights, postings, meta, new Map(), {"a_c": [["ab", "bc"]]});
        const pairs = CatalogueSearch.score({"ab": 1, "bc": 1}, postings, meta, new Map());
        return [[...plain.entries()], [...typo.entries()], [...pairs.entries()]];
    }""")
    plain, typo, pairs = (dict(entries) for entries in found)
    assert typo[0] == pairs[0] < plain[0]  # both pairs found: the skip pair adds nothing
    assert typo[1] == plain[1] > pairs[1]  # bc missing (a mistyped b?): the skip pair counts


def test_a_words_second_pair_counts_less_where_its_first_is_found(page):
    """Overlapping pairs count a three-character word twice (自来水 = 自来 +
    来水): in a document holding the pair before it, a pair counts CHAIN
    (0.6) of its weight, so a long word does not outweigh the query's other
    words (engine.js score; docs/search.md, "The neighbours round")."""
    found = page.evaluate("""() => {
        const meta = {documents: 10};
        // document 0 holds ab and bc (a word abc); document 1 only bc
        const postings = {"ab": [1, [63]], "bc": [2, [63, 64 + 63]]};
        const weights = {"ab": 1, "bc": 1};
        const plain = CatalogueSearch.score(weights, postings, meta, new Map());
        const chained = CatalogueSearch.score(weights, postings, meta, new Map(), null, {"bc": ["ab"]});
        return [[...plain.entries()], [...chained.entries()]];
    }""")
    plain, chained = (dict(entries) for entries in found)
    assert chained[1] == plain[1]  # bc alone: counts in full
    assert plain[0] > chained[0] > plain[0] / 2  # bc after ab: counts less, but counts


FIRST_PLACE = """([second, level2, kind2, kin]) => {
    // Query run "abcd": pairs ab, bc, cd, each in 2 of 10 documents (the same weight; postings
    // are document deltas x 64 + weight).  Document 0 holds ab only; document 1 holds ab, and
    // cd only through a synonym term xy; document 5 holds bc.
    const meta = {documents: 10, family: kin ? [[1, 0]] : []};
    const postings = {"ab": [2, [63, 64 + 63]], "bc": [2, [64 * 5 + 63, 64 + 63]], "cd": [2, [64 * 7 + 63, 64 + 63]],
                      "xy": [1, [64 + 63]]};
    const want = {runs: [["a", "b", "c", "d"]], cover: {"ab": ["ab"], "bc": ["bc"], "cd": ["cd"], "xy": ["cd"]}};
    const share = CatalogueSearch.coverage(want, postings, meta);
    const results = [{doc: 0, score: 10, kind: 0, level: 0}, {doc: 1, score: second, kind: kind2, level: level2}];
    CatalogueSearch.firstPlace(results, meta, share);
    return {shares: [share(0), share(1), share(5)], first: results[0].doc, scores: results.map(r => r.score)};
}"""


def test_coverage_is_the_share_of_the_querys_pairs_a_document_holds(page):
    """coverage(): over the query's pairs found in the index (idf x
    everyday-language weight each), the share a document holds directly or
    through a term standing for a pair (a synonym's, a skip pair)."""
    found = page.evaluate(FIRST_PLACE, [9.5, 0, 0, False])
    assert found["shares"] == [pytest.approx(1 / 3), pytest.approx(2 / 3), pytest.approx(1 / 3)]


def test_coverage_counts_a_one_character_word_of_the_query(page):
    """A one-character word the query states on its own (怎么停 -> 停, 怎么补 ->
    补: often the action the citizen wants, which an item's name states as its
    remedy) is a unit of coverage like a pair, so a near sibling whose name
    holds it takes first place (docs/search.md, the names-and-remedies round);
    a character only inside a longer word of the query is not such a unit."""
    found = page.evaluate("""() => {
        const engine = new CatalogueSearch.Engine("/");
        const meta = {documents: 10, filler: ["怎么"], synonyms: [], family: []};
        const want = engine.understand("燃气怎么停", meta);
        // 燃气 in documents 0 and 1; 停 only in document 1 (same weights)
        const postings = {"燃气": [2, [63, 64 + 63]], "停": [2, [64 + 63, 64 * 3 + 63]]};
        const share = CatalogueSearch.coverage(want, postings, meta);
        const results = [{doc: 0, score: 10, kind: 0, level: 0}, {doc: 1, score: 9.5, kind: 0, level: 0}];
        CatalogueSearch.firstPlace(results, meta, share);
        const inside = CatalogueSearch.coverage(engine.understand("燃气停用", meta), postings, meta);
        return {lone: want.lone, shares: [share(0), share(1)], first: results[0].doc,
                inside: [inside(0), inside(1)]};
    }""")
    assert found["lone"] == ["停"]
    assert found["shares"] == [pytest.approx(0.5), pytest.approx(1.0)] and found["first"] == 1
    assert found["inside"] == [pytest.approx(1.0), pytest.approx(1.0)]  # 停用 unknown: only 燃气 counts


def test_first_place_goes_to_a_near_item_covering_more_of_the_query(page):
    """A result whose score is within 10 % of the first's and that covers
    more of the query takes first place, with the first's score, so the
    scores stay in order (docs/search.md, "The first-place round"); of
    several, the one covering most."""
    found = page.evaluate(FIRST_PLACE, [9.5, 0, 0, False])
    assert found["first"] == 1 and found["scores"] == [10, 10]
    assert page.evaluate(FIRST_PLACE, [8.5, 0, 0, False])["first"] == 0  # not near: the score decides
    order = page.evaluate("""() => {
        const results = [{doc: 0, score: 10, kind: 0, level: 0}, {doc: 1, score: 9.8, kind: 0, level: 0},
                         {doc: 2, score: 9.2, kind: 0, level: 0}, {doc: 3, score: 8, kind: 0, level: 0}];
        const share = {0: 0.2, 1: 0.5, 2: 0.7, 3: 1}; // document 3 covers all but is not near
        CatalogueSearch.firstPlace(results, {family: []}, doc => share[doc]);
        return results.map(r => r.doc);
    }""")
    assert order == [2, 0, 1, 3]


def test_first_place_keeps_named_items_bundles_and_families_as_arranged(page):
    """No swap when the second result names the query less well (level), is a
    bundle or office, or is the first's main item or sub-item (arrange()
    decides between relatives)."""
    for args in ([9.5, 0, 1, False], [9.5, 0, 2, False], [9.5, 0, 0, True]):
        assert page.evaluate(FIRST_PLACE, args)["first"] == 0, args
    found = page.evaluate("""() => {
        const results = [{doc: 0, score: 10, kind: 0, level: 1}, {doc: 1, score: 9.9, kind: 0, level: 0}];
        CatalogueSearch.firstPlace(results, {family: []}, doc => doc);
        return results[0].doc;
    }""")
    assert found == 0


def test_sibling_items_name_the_action_the_query_asks_for(tmp_path):
    """tests/fixtures/dev-siblings (official-style items without aliases among
    the demo's aliased siblings; docs/search.md, names-and-remedies round) are
    valid catalogue data, and on the real index under Node the query's
    one-character action word decides between near siblings: 不用燃气了怎么停
    finds 居民燃气停用 first, above the gas items whose aliases hold 燃气."""
    from devtools import search_dev
    from generator.checks.validate import build_catalogue
    from generator.config import read_settings
    from generator.outputs.search import build_index, write_index

    extra = REPO / "tests" / "fixtures" / "dev-siblings"
    root = search_dev.catalogue_with_extra(extra, tmp_path / "catalogue")
    built = build_catalogue(root, read_settings(root))
    keys = {e.key for e in built.catalogue.in_use()}
    queries = yaml.safe_load((extra / "queries.yaml").read_text(encoding="utf-8"))
    assert {q["expect"] for q in queries} <= keys  # every fixture item is published
    write_index(tmp_path / "site", build_index(built.catalogue, read_settings(root)))
    found = search_dev.run(["不用燃气了怎么停"], tmp_path / "site" / "search" / "catalogue")[0]
    assert found[0][1] == "居民燃气停用", found


def test_a_neighbours_many_aliases_do_not_hide_the_item_the_query_describes(tmp_path):
    """The alias field's length normalisation is full (``b`` = 1, weight 2;
    docs/search.md, the larger-resource round): an item's aliases share their
    evidence, so a neighbour with many aliases holding the query's everyday
    word (居民管道燃气开户: 开通燃气, 燃气点火 …; the catering bundle) no longer
    keeps an official-style item without aliases (非居民用户燃气报装, its
    aliases removed here, every other item keeping its own) out of the top 3
    for 开了个小吃店要接煤气 (batch 6 of the development set).  On the real
    demo index under Node."""
    from devtools import search_dev

    search_dev.build(False, tmp_path, {"992023002000"})
    found = search_dev.run(["开了个小吃店要接煤气"], tmp_path / "search" / "catalogue")[0]
    assert "992023002000" in [r[0] for r in found[:3]], found
