"""Syntax and value messages of clerk trial 12 (docs/clerk-trials.md,
"Trial 12"), each made on a git copy of the demo city, checked, and the hint
followed literally:

- #17: a full-width character in a value is told with the value rewritten
  in its final valid form (checks/mistakes/wide_values.py): "9：00" → "09:00", not
  "9:00", which the next run refused.
- #34: a broken ``{ }`` or ``[ ]`` that one slip explains (a missing comma,
  a Chinese comma between unquoted entries, a missing closing bracket) is
  told with the corrected line (sources/mistakes/flow_repair.py), not only
  "花括号 { } 没有成对，或条目之间缺少英文逗号".
- #42: a synonym group that loses its one bad word (a single character,
  a word twice) gets one message, at that word, saying the group is unused
  too (checks/synonyms.py, ``…_whole``), not a second "只剩 1 个".
"""

from __future__ import annotations

import re

import pytest

from history_repo import committed_demo
from mini_catalogue import check, edit, line_as_told, only_problem, position, says

OFFICES = "content/offices.yaml"
NOTARY = "items/notary/992033001000.yaml"
RETIREMENT = "content/life-events/retirement.yaml"
MARRIAGE = "content/life-events/marriage.yaml"
SYNONYMS = "content/synonyms.yaml"
LAST_GROUP = "- [到期, 过期]"
BEFORE = "before: {materials: 11, visits: 4, days: 45}"
HOURS = '{days: [mon, tue, wed, thu, fri], open: "09:00", close: "17:00"}'
SUMMER = 'open: "08:00", close: "12:00", season: 夏季, from_date: "05-01"'


# --- #17: a full-width character rewritten into a value the check still refuses ---------

@pytest.mark.parametrize("relative, old, new, written, element, meant", [
    (OFFICES, HOURS, HOURS.replace('"09:00"', "9：00"), "9：00", "开始时间", '"09:00"'),  # the trial's
    (OFFICES, HOURS, HOURS.replace('"09:00"', '"9：00"'), '"9：00"', "开始时间", '"09:00"'),
    (OFFICES, HOURS, HOURS.replace('"17:00"', '"17：3０"'), '"17：3０"', "结束时间", '"17:30"'),
    (OFFICES, SUMMER, SUMMER.replace('"05-01"', '"5－1"'), '"5－1"', "起始日期", '"05-01"'),
    (NOTARY, "reviewed: 2026-02-01", "reviewed: 2026－2－1", "2026－2－1", "最近核验日期", "2026-02-01"),
])
def test_fullwidth_value_is_offered_in_its_final_form(tmp_path, relative, old, new, written, element, meant):
    root = committed_demo(tmp_path)
    text = edit(root, relative, old, new)
    problem = only_problem(root)
    assert (problem.file, problem.line) == (relative, position(text, written)[0])
    assert problem.element == element and problem.severity == "error"
    says(problem, "全角", "半角", f"改成 {meant}。")
    told = re.search(r"改成 (.+?)。", problem.hint).group(1)
    edit(root, relative, written, told)  # following it literally
    assert check(root) == []


# --- #34: a brace or bracket error one slip explains --------------------------------------

@pytest.mark.parametrize("relative, old, new, key, said", [
    (RETIREMENT, BEFORE, "before: {materials: 11 visits: 4, days: 45}",  # the trial's
     "flow_missing_comma", ("“11”后面少了英文逗号",)),
    (RETIREMENT, BEFORE, "before: {materials: 11, visits: 4 days: 45}", "flow_missing_comma", ("“4”后面",)),
    (RETIREMENT, BEFORE, "before: {materials: 11，visits: 4, days: 45}", "flow_wide_comma", ("中文标点“，”",)),
    (RETIREMENT, BEFORE, "before: {materials: 11, visits: 4, days: 45", "flow_missing_close", ("末尾少了英文的“}”",)),
    (RETIREMENT, "aliases: [办退休, 退休金怎么领, 退休要办什么, 退休公积金]",
     "aliases: [办退休, 退休金怎么领, 退休要办什么, 退休公积金", "flow_missing_close", ("末尾少了英文的“]”",)),
])
def test_broken_brackets_are_told_the_corrected_line(tmp_path, relative, old, new, key, said):
    root = committed_demo(tmp_path)
    text = edit(root, relative, old, new)
    problem = only_problem(root)
    assert (problem.file, problem.line) == (relative, position(text, new)[0])
    assert problem.severity == "error" and problem.element == ("改革前" if "before" in old else "俗称/关键词")
    says(problem, *said, f"这一行改成“{old}”")
    assert "没有成对，或条目之间缺少英文逗号" not in problem.message
    edit(root, relative, new, line_as_told(problem.hint))  # following it literally
    assert check(root) == []


def test_two_places_a_comma_may_go_are_not_guessed(tmp_path):
    """"11 visits 4 days" reads with a comma after 11 or after visits: no line is offered."""
    root = committed_demo(tmp_path)
    edit(root, RETIREMENT, BEFORE, "before: {materials: 11 visits 4 days: 45}")
    problem = only_problem(root)
    assert "这一行改成" not in problem.hint


# --- #42: one message for a group that loses its one bad word ------------------------------

@pytest.mark.parametrize("group, word, key, said, fixed", [
    ("- [证, 证明文件]", "证", "synonym_word_single_whole", ("“证”是单字", "整组暂不使用", "至少两个字"),  # the trial's
     "- [凭证, 证明文件]"),
    ("- [证明文件, 证明 文件]", "证明 文件", "synonym_word_repeated_whole", ("重复", "整组暂不使用"),
     "- [证明文件, 书面证明]"),
])
def test_synonym_group_losing_its_one_bad_word_is_told_once(tmp_path, group, word, key, said, fixed):
    root = committed_demo(tmp_path)
    text = edit(root, SYNONYMS, LAST_GROUP, LAST_GROUP + "\n" + group)
    problem = only_problem(root)
    line, column = position(text, group)
    assert (problem.file, problem.line, problem.column) == (SYNONYMS, line, column + group.index(word))
    assert problem.element == "同义词组" and problem.severity == "error"
    says(problem, *said)
    assert "只剩 1 个" not in problem.message
    edit(root, SYNONYMS, group, fixed)  # a two-character word, as told
    assert check(root) == []


def test_synonym_group_losing_two_words_keeps_its_group_message(tmp_path):
    """Two bad words of three: each told, and the group's "只剩 1 个" names the sum."""
    root = committed_demo(tmp_path)
    edit(root, SYNONYMS, LAST_GROUP, LAST_GROUP + "\n- [证, 照, 证明文件]")
    assert sorted(p.key for p in check(root)) == ["[57]", "[57][0]", "[57][1]"]
