"""Git-comparison mistakes of clerk trial 12 (docs/clerk-trials.md, "Trial
12"), each made on a git copy of the demo city, checked, and the hint
followed literally:

- #43, silent before: an implementation_code changed since the last commit
  (the level digit T3 → T4, another of the item's levels) is told as a slip
  with the committed code to write back (checks/impl_meant.changed); a
  deliberate change (the levels changed first) passes;
- #20 (worst #1): a renamed item file that cannot be read is told to take
  its committed name back, not that the item was deleted
  (checks/mistakes/renamed_files.py);
- #36 (worst #4): a key twice in one list entry because a line between was
  deleted is given the deleted line back (checks/mistakes/lost_between.py);
- #27 (worst #6): a Chinese comma in a list of ids checks each part
  (list_entries.comma_entry).
"""

from __future__ import annotations

import re

from history_repo import commit, committed_demo
from mini_catalogue import check, edit, only_problem, position, says, shown

POLICE = "items/public-security/990101001000.yaml"  # implementation_code line 3, levels: [city, county] line 42
CODE = "11990100MB0000001T3990101001000"


def _written(hint: str, key: str) -> str:
    """The value a hint says to write as ``key: "…"``."""
    return re.search(key + r': "([^"]*)"', hint).group(1)


# --- #43: a changed implementation code ---------------------------------------------------

def test_changed_implementation_code_level_digit_is_told_with_the_committed_code(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, POLICE, f"implementation_code: {CODE}", "implementation_code: 11990100MB0000001T4990101001000")
    found = only_problem(root)
    assert (found.file, found.line, found.element, found.is_error) == (POLICE, 3, "实施编码", True), shown([found])
    assert position(text, "implementation_code")[0] == 3
    says(found, "上次提交时是“11990100MB0000001T3990101001000”", "看起来是误改了", "改回")
    told = _written(found.hint, "implementation_code")
    assert told == CODE
    edit(root, POLICE, "implementation_code: 11990100MB0000001T4990101001000", f'implementation_code: "{told}"')
    assert check(root) == []


def test_changed_implementation_code_other_part_is_told(tmp_path):
    root = committed_demo(tmp_path)
    # The 业务办理项 added (33 characters, a valid national code) but not committed so.
    edit(root, POLICE, f"implementation_code: {CODE}", f"implementation_code: {CODE}01")
    found = only_problem(root)
    assert (found.line, found.element) == (3, "实施编码")
    says(found, f"“{CODE}01”", f"改回 \"{CODE}\"")


def test_deliberate_implementation_code_change_after_the_levels_passes(tmp_path):
    root = committed_demo(tmp_path)
    # As the hint says for a real change: the levels first, then the code.
    edit(root, POLICE, "levels: [city, county]", "levels: [county]")
    edit(root, POLICE, f"implementation_code: {CODE}", "implementation_code: 11990100MB0000001T4990101001000")
    assert [p for p in check(root) if p.element == "实施编码"] == []
    commit(root, "levels changed")
    assert [p for p in check(root) if p.element == "实施编码"] == []


# --- #20 (worst #1): a renamed file that cannot be read -----------------------------------

GAS = "items/gas/992023001000.yaml"  # code: "992023001000" on line 2


def _rename_and_break(root, new_name: str, old: str, new: str) -> str:
    text = (root / GAS).read_text(encoding="utf-8")
    (root / GAS).unlink()
    (root / "items/gas" / new_name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def test_renamed_file_with_syntax_error_is_told_to_take_its_name_back(tmp_path):
    root = committed_demo(tmp_path)
    moved = "items/gas/992023010000.yaml"  # two digits swapped
    _rename_and_break(root, "992023010000.yaml", 'code: "992023001000"', 'code: "992023001000')
    found = sorted(check(root), key=lambda p: (p.line, p.column))
    assert len(found) == 2 and all(p.file == moved for p in found), shown(found)
    renamed, syntax = found
    assert (renamed.line, renamed.is_error) == (1, True)
    says(renamed, "看起来是 992023001000.yaml 改名而来", "改回原名 992023001000.yaml", "居民管道燃气开户")
    assert "git checkout" not in renamed.hint and "删除了" not in renamed.message
    assert (syntax.line, syntax.element) == (2, "基本编码")
    # The hints, literally: the old name back, then the closing quote.
    (root / moved).rename(root / GAS)
    edit(root, GAS, 'code: "992023001000\n', 'code: "992023001000"\n')
    assert check(root) == []


def test_renamed_file_far_name_but_same_content_is_told_too(tmp_path):
    root = committed_demo(tmp_path)
    # A name nowhere near (燃气开户.yaml), the text nearly the same: the name cannot be read.
    _rename_and_break(root, "燃气开户.yaml", "name: 居民管道燃气开户\n", "name: '居民管道燃气开户\n")
    found = [p for p in check(root) if "改名而来" in p.message]
    assert len(found) == 1 and found[0].file == "items/gas/燃气开户.yaml", shown(check(root))
    assert not [p for p in check(root) if p.file == GAS]  # no "deleted item" beside it


def test_deleted_item_beside_an_unrelated_broken_new_file_is_still_told_deleted(tmp_path):
    root = committed_demo(tmp_path)
    (root / GAS).unlink()
    (root / "items/gas/992023005000.yaml").write_text('code: "992023005000\nname: 新事项\n', encoding="utf-8")
    found = check(root)
    assert [p for p in found if p.file == GAS and "被删除了" in p.message], shown(found)
    assert not [p for p in found if "改名而来" in p.message]


def test_renamed_broken_file_used_elsewhere_gives_no_knock_ons(tmp_path):
    root = committed_demo(tmp_path)  # 990702001000 is listed in offices.yaml, marriage.yaml and mkdocs.yml
    old = "items/civil-affairs/990702001000.yaml"
    text = (root / old).read_text(encoding="utf-8")
    (root / old).unlink()
    (root / "items/civil-affairs/990702001100.yaml").write_text(
        text.replace('code: "990702001000"', 'code: "990702001000', 1), encoding="utf-8")
    found = check(root)
    assert len(found) == 2 and {p.file for p in found} == {"items/civil-affairs/990702001100.yaml"}, shown(found)
    says(min(found, key=lambda p: p.line), "看起来是 990702001000.yaml 改名而来")


# --- #36 (worst #4): a key twice in one entry after a deleted line ------------------------

RETIREMENT = "content/life-events/retirement.yaml"  # steps: line 15 "- name: 申领养老金", 17 "- name: 提取住房公积金"


def test_key_twice_after_a_deleted_line_is_given_the_line_back(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, RETIREMENT, "  - name: 提取住房公积金\n", "")
    found = only_problem(root)
    assert (found.file, found.line, found.element, found.is_error) == (RETIREMENT, 17, "事项", True), shown([found])
    says(found, "上次提交时两处之间还有 1 行，第一行是“- name: 提取住房公积金”", "看起来是被删去了",
         "在第 16 行下面补回被删去的行：“  - name: 提取住房公积金”（行首 2 个空格）")
    assert "删去其中一处" not in found.hint and "加上“- ”" not in found.hint
    # The hint, literally: the line as quoted, below line 16.
    line = re.search(r"补回被删去的行：“([^”]*)”", found.hint).group(1)
    lines = (root / RETIREMENT).read_text(encoding="utf-8").split("\n")
    lines.insert(16, line)
    (root / RETIREMENT).write_text("\n".join(lines), encoding="utf-8")
    assert check(root) == []


def test_key_written_twice_without_a_deleted_line_keeps_its_message(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, RETIREMENT, '    items: ["990503001000"]\n', '    items: ["990503001000"]\n    items: ["992003004000"]\n')
    found = only_problem(root)
    assert found.line == 17
    says(found, "删去其中一处")
    assert "上次提交时" not in found.message


# --- #27 (worst #6): a Chinese comma in a list of ids, each part checked ------------------

CARD = "items/human-resources/992003001000.yaml"  # audiences: [individual] on line 22


def test_chinese_comma_in_ids_gives_valid_ids_in_the_same_message(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, CARD, "audiences: [individual]", "audiences: [individual，enterprise]")
    found = only_problem(root)
    assert (found.file, found.line, found.element, found.is_error) == (CARD, 22, "服务对象", True), shown([found])
    says(found, "写成 individual, business", "“enterprise”不是可用的编号", "business（法人服务）")
    # The hint, literally: the line as written there, in the brackets.
    told = re.search(r"写成 ([^（]*)（", found.hint).group(1)
    edit(root, CARD, "audiences: [individual，enterprise]", f"audiences: [{told}]")
    assert check(root) == []


def test_chinese_comma_in_valid_ids_is_told_as_before(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, CARD, "audiences: [individual]", "audiences: [individual，business]")
    found = only_problem(root)
    assert found.line == 22
    says(found, "写成 individual, business")
    assert "不是可用的编号" not in found.hint


def test_chinese_comma_with_an_unguessable_id_lists_the_choices(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, CARD, "industries: [social_security]", "industries: [social_security，xyz]")
    found = only_problem(root)
    assert found.line == 23
    says(found, "“xyz”不是可用的编号，把它换成以下之一：")


def test_malformed_code_with_another_level_digit_is_given_the_committed_code(tmp_path):
    # T4 written and a basic-code digit dropped: the committed T3 still fits, so it is the code given
    # (without git the digit written is kept: test_trial10_codes.py), and the hint then passes.
    root = committed_demo(tmp_path)
    wrong = "11990100MB0000001T499010101000"
    edit(root, POLICE, f"implementation_code: {CODE}", f"implementation_code: {wrong}")
    found = only_problem(root)
    assert (found.line, found.element) == (3, "实施编码")
    says(found, f"写成 implementation_code: {CODE}（")
    edit(root, POLICE, f"implementation_code: {wrong}", f"implementation_code: {CODE}")
    assert check(root) == []
