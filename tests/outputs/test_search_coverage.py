"""Search: one-character actions (docs/search.md, "The coverage round"): a
near match is no typo when another name holds every character of the query
(rank.js typos()), and the name's share of the query's lone characters breaks
first-place ties (engine.js coverage()) — in Chromium on crafted rows, and on
the real index (demo catalogue with tests/fixtures/dev-siblings) under Node."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Result rows as describe() makes them: document 0 is one character off the query (its alias
# 取公积金: level 2, its score already x2.5), document 1's name holds every character of 查公积金.
TYPOS = """([second]) => {
    const results = [
        {doc: 0, name: "住房公积金提取", aliases: ["取公积金"], kind: 0, level: 2, score: 25},
        {doc: 1, name: second, aliases: [], kind: 0, level: 0, score: 7}];
    CatalogueSearch.typos(results, "查公积金", 2.5, null);
    return results.map(r => [r.doc, r.level, r.score]);
}"""


def test_a_near_match_is_no_typo_when_another_name_holds_the_querys_characters(page):
    """查公积金 is one character off the alias 取公积金, but 住房公积金缴存信息查询
    holds 查, 公, 积 and 金: the near result loses its factor and level; with
    no such name (a real typo) it keeps them."""
    assert page.evaluate(TYPOS, ["住房公积金缴存信息查询"]) == [[0, 0, 10], [1, 0, 7]]
    assert page.evaluate(TYPOS, ["住房公积金个人住房贷款"]) == [[0, 2, 25], [1, 0, 7]]


# Postings (doc_delta * 64 + weight): documents 0 and 1 hold 公积 and 积金, document 2 neither;
# the query's lone character 查 (no pair of 查公积金 holding it is in the index).
COVERAGE = """() => {
    const postings = {"公积": [2, [30, 64 + 30]], "积金": [2, [30, 64 + 30]], "查": [3, [5, 64 + 5, 64 + 5]]};
    const want = {runs: [["查", "公", "积", "金"]], lone: [], loose: ["查"],
                  cover: {"公积": ["公积"], "积金": ["积金"]}};
    const share = CatalogueSearch.coverage(want, postings, {documents: 10});
    return [share(0, "住房公积金提取"), share(1, "住房公积金缴存信息查询"), share(2, "电费电量查询"),
            share(1)];
}"""


def test_a_names_lone_query_characters_break_coverage_ties(page):
    """Two items covering the query's pairs alike: the one whose name holds
    the query's lone character (查 of 查询) covers a little more — a
    tie-break, less than any pair; an item holding none of the pairs gets
    nothing for the character alone."""
    other, named, none, unnamed = page.evaluate(COVERAGE)
    assert other == unnamed == 1.0
    assert 1.0 < named < 1.01
    assert none == 0


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """The demo catalogue with the dev-siblings items, indexed."""
    from devtools import search_dev
    from generator.checks.validate import build_catalogue
    from generator.config import read_settings
    from generator.outputs.search import build_index, write_index

    tmp = tmp_path_factory.mktemp("coverage")
    root = search_dev.catalogue_with_extra(REPO / "tests" / "fixtures" / "dev-siblings", tmp / "catalogue")
    write_index(tmp / "site", build_index(build_catalogue(root, read_settings(root)).catalogue, read_settings(root)))
    return tmp / "site" / "search" / "catalogue"


def test_a_one_character_action_finds_the_name_holding_it(index):
    """On the real index under Node (development batch 8): 换运输证 is one
    character off the neighbour's alias 办运输证, 补残疾证 off 办残疾证, 查公积金
    off 取公积金; the official names holding the query's action and object
    (道路运输证换发, 残疾人证补办, 住房公积金缴存信息查询, no aliases) come first
    (they were second)."""
    from devtools import search_dev

    found = search_dev.run(["换运输证", "补残疾证", "查公积金"], index)
    assert [f[0][1] for f in found] == ["道路运输证换发", "残疾人证补办", "住房公积金缴存信息查询"], found
