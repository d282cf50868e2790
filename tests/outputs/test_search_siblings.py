"""Search: near siblings told apart by their names (docs/search.md, "The
action-words round"): rank.js' siblings() in Chromium on crafted result rows,
and the real index (demo catalogue, with tests/fixtures/dev-siblings) under
Node."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]

# Two results of one department, "企业设立登记" first; the query's distinctive pairs 注销 and 执照;
# document 1 (企业注销登记) holds 注销 in its name, document 0 holds 执照 (in its aliases, say) but not
# 注销.  Options: the second's score, department and name, the first's name, family pairs.
SIBLINGS = """([score, department, second, first, family]) => {
    const held = {"注销": new Set([1]), "执照": new Set([0]), "公司": new Set([0])};
    const distinct = {pairs: ["注销", "执照", "公司"], holds: (p, doc) => held[p].has(doc)};
    const meta = {family: family};
    const results = [
        {doc: 0, name: first, aliases: ["办营业执照"], department: "市场监管局", kind: 0, level: 0, score: 10},
        {doc: 1, name: second, aliases: [], department: department, kind: 0, level: 0, score: score}];
    CatalogueSearch.siblings(results, meta, distinct, null);
    return {order: results.map(r => r.doc), scores: results.map(r => r.score)};
}"""


def test_a_sibling_whose_name_holds_the_querys_word_passes_one_lacking_it(page):
    """X (企业注销登记) below its sibling Y (企业设立登记) goes just above Y, with
    Y's score, when X's name holds a distinctive pair of the query (注销) that
    Y holds nowhere and Y's name holds none that X lacks — only between near
    siblings of one department that are not main item and sub-item."""
    found = page.evaluate(SIBLINGS, [8, "市场监管局", "企业注销登记", "企业设立登记", []])
    assert found == {"order": [1, 0], "scores": [10, 10]}
    # No pass when the two are of different departments, main item and sub-item, more than 30 %
    # apart, or when Y's name holds a pair of the query that X holds nowhere (有限责任公司设立登记: 公司).
    for args in ([8, "卫生健康委", "企业注销登记", "企业设立登记", []],   # another department
                 [8, "市场监管局", "企业注销登记", "企业设立登记", [[1, 0]]],  # family
                 [6.9, "市场监管局", "企业注销登记", "企业设立登记", []],   # not near
                 [8, "市场监管局", "企业注销登记", "有限责任公司设立登记", []]):  # Y's own pair
        assert page.evaluate(SIBLINGS, args)["order"] == [0, 1], args


def test_first_place_leaves_a_sibling_below_the_one_whose_name_decides(page):
    """firstPlace() does not give first place to a near sibling covering more
    of the query when the first's name holds the query's word that sibling
    lacks (it holds only the object words: 执照 in aliases); without that
    sibling relation the broader one goes first as before."""
    shares = {"0": 0.4, "1": 0.9}
    # Document 1 is now the first (企业设立登记 second, lacking 注销); it covers less.
    flipped = """([shares]) => {
        const held = {"注销": new Set([0]), "执照": new Set([1])};
        const distinct = {pairs: ["注销", "执照"], holds: (p, doc) => held[p].has(doc)};
        const results = [
            {doc: 0, name: "企业注销登记", aliases: [], department: "市场监管局", kind: 0, level: 0, score: 10},
            {doc: 1, name: "企业设立登记", aliases: [], department: DEPT, kind: 0, level: 0, score: 9.5}];
        CatalogueSearch.siblings(results, {family: []}, distinct, null);
        CatalogueSearch.firstPlace(results, {family: []}, doc => shares[doc]);
        return results.map(r => r.doc);
    }"""
    assert page.evaluate(flipped.replace("DEPT", '"市场监管局"'), [shares]) == [0, 1]
    assert page.evaluate(flipped.replace("DEPT", '"卫生健康委"'), [shares]) == [1, 0]  # not siblings


def test_the_querys_action_in_a_siblings_name_beats_a_siblings_object_words(tmp_path):
    """On the real index (demo and dev-siblings items) under Node: the query
    names the action (注销, 变更) and the objects (公司, 营业执照) that the
    siblings 企业设立登记 and its sub-items hold in their aliases; the item
    whose name holds the action is found (it was fourth, and second)."""
    from devtools import search_dev
    from generator.checks.validate import build_catalogue
    from generator.config import read_settings
    from generator.outputs.search import build_index, write_index

    extra = REPO / "tests" / "fixtures" / "dev-siblings"
    root = search_dev.catalogue_with_extra(extra, tmp_path / "catalogue")
    built = build_catalogue(root, read_settings(root))
    queries = yaml.safe_load((extra / "queries.yaml").read_text(encoding="utf-8"))
    assert {q["expect"] for q in queries} <= {e.key for e in built.catalogue.in_use()}  # all published
    write_index(tmp_path / "site", build_index(built.catalogue, read_settings(root)))
    found = search_dev.run(["公司搬了地址营业执照要变更", "公司不想干了营业执照要注销"],
                           tmp_path / "site" / "search" / "catalogue")
    assert found[0][0][1] == "企业变更登记", found[0]
    assert "企业注销登记" in [r[1] for r in found[1][:3]], found[1]
