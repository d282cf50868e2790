"""The search synonyms (content/synonyms.yaml, issue 12): every word must be
one search can index and long enough to mean something, and the rules the
file's instructions state (a word in one group only, no single characters,
at least two words a group) are enforced by `make check` with the line of
the offending word.  Small synonym files in the manner of tests/corpus/."""

from __future__ import annotations

import json

import pytest
import yaml

from generator.checks.synonyms import review
from generator.config import read_settings
from generator.checks.validate import build_catalogue
from generator.outputs.search import build_index
from mini_catalogue import copy_mini, errors, run_cli

SYNONYMS = "content/synonyms.yaml"
GOOD = "- [机动车驾驶证, 驾驶证, 驾照]\n"

# name -> (file text, [(line, column, text in the message)], groups search may use)
CASES = {
    # Another script only: reduced to "", which is in every query.
    "cyrillic-only": (GOOD + "- [Привет, 居民身份证, 身份证]\n",
                      [(2, 4, "一个字也不剩")],
                      [["机动车驾驶证", "驾驶证", "驾照"], ["居民身份证", "身份证"]]),
    "emoji-only": (GOOD + "- [居民身份证, \"😀\"]\n",
                   [(2, 11, "一个字也不剩")],  # one message (clerk trial 12, #42)
                   [["机动车驾驶证", "驾驶证", "驾照"]]),
    "emoji-and-symbols-only": ("- [\"★☆\", \"🚗🚙\", 驾照]\n",
                               [(1, 4, "一个字也不剩"), (1, 10, "一个字也不剩"), (1, 3, "只剩 1 个")], []),
    "single-han-character": (GOOD + "- [车本, 本]\n",
                             [(2, 8, "“本”是单字")],
                             [["机动车驾驶证", "驾驶证", "驾照"]]),
    # One character after normalisation: a full-width letter, a letter with
    # an accent dropped.
    "single-after-normalising": ("- [Ａ, 甲级, ée]\n",
                                 [(1, 4, "只剩一个字“a”"), (1, 11, "只剩一个字“e”"), (1, 3, "只剩 1 个")], []),
    # Part of the word is dropped: it would be looked for as something else.
    "mixed-script": (GOOD + "- [居民身份证, Паспорт ID]\n",
                     [(2, 11, "“Паспорт”搜索不收录")],
                     [["机动车驾驶证", "驾驶证", "驾照"]]),
    "rare-han-outside-the-index": ("- [𠮷野家, 吉野家店]\n",
                                   [(1, 4, "“𠮷”搜索不收录")], []),
    # The same word twice in a group, the second time in full-width letters.
    "repeated-in-group": ("- [ETC卡, 电子收费卡, ＥＴＣ卡]\n",
                          [(1, 17, "第 1 行的“ETC卡”")],
                          [["ETC卡", "电子收费卡"]]),
    "repeated-only": ("- [驾照, 驾照]\n", [(1, 8, "重复")], []),
    # One word in two groups: left out of both, both places named.
    "word-in-two-groups": (GOOD + "- [驾驶执照, 驾照, 开车证]\n",
                           [(1, 17, "第 2 行的“驾照”"), (2, 10, "第 1 行的“驾照”")],
                           [["机动车驾驶证", "驾驶证"], ["驾驶执照", "开车证"]]),
    "word-in-two-groups-after-normalising": ("- [户口本, 户口簿]\n- [户口 本, 居民户口簿]\n",
                                             [(1, 4, "第 2 行的“户口 本”"), (2, 4, "第 1 行的“户口本”"),
                                              (1, 3, "只剩 1 个"), (2, 3, "只剩 1 个")], []),
    # Spaces and punctuation only separate: not reported.
    "punctuation-is-fine": ("- [住房公积金（提取）, 公积金提取, \"e-mail 申报\"]\n", [], None),
}


def write_synonyms(root, text: str) -> None:
    (root / SYNONYMS).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_synonym_words_are_checked_at_their_line(tmp_path, name):
    text, expected, usable = CASES[name]
    root = copy_mini(tmp_path)
    write_synonyms(root, text)
    found = errors(root)
    assert all(p.file == SYNONYMS and p.element == "同义词组" and p.hint for p in found), found
    got = sorted((p.line, p.column) for p in found)
    assert got == sorted((line, column) for line, column, _ in expected), [p.message for p in found]
    for line, column, words in expected:
        shown = [p.message for p in found if (p.line, p.column) == (line, column)]
        assert any(words in m for m in shown), (words, shown)
    report = build_catalogue(root, read_settings(root))
    assert report.catalogue.synonyms == (usable if usable is not None else yaml.safe_load(text))


def test_cli_reports_a_cyrillic_synonym_with_file_line_and_fix(tmp_path):
    root = copy_mini(tmp_path)
    write_synonyms(root, CASES["cyrillic-only"][0])
    result = run_cli(root, "check")
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stdout + result.stderr and "内部错误" not in result.stdout
    assert "content/synonyms.yaml:2:4: 错误【同义词组】([1][0]) 同义词“Привет”" in result.stdout
    assert "怎么改：改写成群众实际输入的汉字、英文字母或数字" in result.stdout
    github = run_cli(root, "check", "--format", "github")
    assert "::error file=content/synonyms.yaml,line=2,col=4" in github.stdout


@pytest.mark.demo
def test_the_demo_synonyms_pass(catalogue_dir):
    report = build_catalogue(catalogue_dir, read_settings(catalogue_dir))
    assert not [p for p in report.problems if p.file.endswith("synonyms.yaml")]
    assert len(report.catalogue.synonyms) >= 40


def test_index_keeps_no_empty_or_single_character_synonym_even_if_the_check_was_ignored(tmp_path):
    """The build publishes despite registry errors: the index must not carry
    a word that would be found in every query, whatever the catalogue holds."""
    root = copy_mini(tmp_path)
    cat = build_catalogue(root, read_settings(root)).catalogue
    cat.synonyms = [["Привет", "高龄津贴"], ["😀", "本", "居民身份证", "身份证", "ＳＦＺ", "sfz"], ["车", "本"]]
    meta = json.loads(build_index(cat)["meta.json"])
    assert meta["synonyms"] == [["居民身份证", "身份证", "ＳＦＺ"]]
    assert all(w.strip() for w in meta["filler"])


def test_review_leaves_out_every_occurrence_of_a_shared_word():
    lines = {(0, 0): 1, (0, 1): 1, (1, 0): 2, (1, 1): 2, (2, 0): 3, (2, 1): 3}
    findings, usable = review([(0, ["甲乙", "丙丁"]), (1, ["甲乙", "戊己"]), (2, ["甲乙", "庚辛"])],
                              lambda key: lines.get(key, 9))
    shared = [f for f in findings if f.key == "synonym_word_in_two_groups"]
    assert [f.path for f in shared] == [(0, 0), (1, 0), (2, 0)]
    assert shared[0].values["others"] == "第 2 行的“甲乙”、第 3 行的“甲乙”"
    assert usable == [] and len(findings) == 6
