"""YAML-structure messages of clerk trial 9 (docs/clerk-trials.md, "Trial 9"),
each made on a git copy of the demo city, checked, and the hint followed
literally:

- #7: a deleted ``branches:`` block (key line and entries) is given back
  whole, every committed line with its leading spaces and where it goes
  (checks/mistakes/lost_branches.py); an entry pasted under a key that already has
  its value is told which key line to add above it, or where its list is
  (sources/mistakes/stray_entries.py), not a steps indentation.
- #30: a look-alike dash ("－", "—", "–", "一" …) before a list entry is named
  and replaced, not told "前面少了'- '" (its fix published "－ 体检合格").
- #20: a key written twice inside one list entry, the lines after it going
  on with the same entry, leads with "delete one of them" and both values.
"""

from __future__ import annotations

import pytest

from history_repo import committed_demo
from mini_catalogue import check, copy_demo, edit, only_problem, position, says, shown

ARCHIVE = "items/civil-affairs/992002001000.yaml"  # query: time_limit (line 33), branches (34-35)
BLOCK = "    branches:\n      - {when: 实名认证失败, to: window}\n"
TIME_LIMIT = "    time_limit: {unit: immediate}\n"
HOUSING = "items/housing-fund/992009001000.yaml"
HOUSING_BLOCK = ("    branches:\n      - {when: 信息不全需要补充, to: supplement}\n"
                 "      - {when: 不符合提取条件, to: refuse}\n")
TEACHER = "items/education/990104001000.yaml"
PENSION = "items/human-resources/990503001000.yaml"
SITUATIONAL = "    copies: 1\n    necessity: situational\n    applies_when:"


# --- #7: the whole branches: block deleted ---------------------------------------

def test_deleted_branches_block_is_given_back_line_by_line(tmp_path):
    root = committed_demo(tmp_path)
    committed = (root / ARCHIVE).read_text(encoding="utf-8")
    first = position(committed, "    branches:")[0]
    text = edit(root, ARCHIVE, BLOCK, "")
    problem = only_problem(root)
    assert (problem.file, problem.line, problem.element) == (ARCHIVE, position(text, "id: query")[0], "环节编号")
    assert problem.message.startswith("“系统比对”的分支 branches 整段被删去了")
    after = position(text, TIME_LIMIT)[0]
    says(problem, f"原来在第 {first}–{first + 1} 行", f"在第 {after} 行“time_limit: {{unit: immediate}}”下面补回这 2 行",
         "“    branches:”（行首 4 个空格）", "“      - {when: 实名认证失败, to: window}”（行首 6 个空格）")
    assert "补回这一行" not in problem.hint  # not one line of two (trial 9, worst #1)
    # Following it literally: the two lines, as quoted, below that line.
    edit(root, ARCHIVE, TIME_LIMIT, TIME_LIMIT + "    branches:\n" + "      - {when: 实名认证失败, to: window}\n")
    assert check(root) == []


def test_deleted_block_of_two_branches_is_one_message(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, HOUSING, HOUSING_BLOCK, "")
    problem = only_problem(root)  # not a second one for 核准提取, which the block brings back too
    assert problem.file == HOUSING and problem.element == "环节编号"
    says(problem, "补回这 3 行", "“      - {when: 不符合提取条件, to: refuse}”（行首 6 个空格）")
    below = "    actor: 公积金中心审核岗\n    time_limit: {unit: immediate}\n"
    edit(root, HOUSING, below, below + HOUSING_BLOCK)
    assert check(root) == []


def test_one_branch_deleted_of_several_keeps_the_one_line_hint(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, HOUSING, "      - {when: 信息不全需要补充, to: supplement}\n", "")
    problem = only_problem(root)
    says(problem, "补回这一行：- {when: 信息不全需要补充, to: supplement}")
    assert "整段" not in problem.message


# --- #7: an entry pasted under a key that has its value ----------------------------

@pytest.mark.parametrize("spaces", [4, 6, 8])
def test_entry_under_a_valued_key_is_told_the_key_line_to_add(tmp_path, spaces):
    root = copy_demo(tmp_path)
    edit(root, ARCHIVE, BLOCK, "")
    pasted = " " * spaces + "- {when: 实名认证失败, to: window}\n"
    text = edit(root, ARCHIVE, TIME_LIMIT, TIME_LIMIT + pasted)
    problem = only_problem(root)
    line = position(text, pasted)[0]
    assert (problem.file, problem.line, problem.column) == (ARCHIVE, line, spaces + 1)
    assert (problem.element, problem.key) == ("分支", "steps[1].branches[0]")  # not 办理流程 (steps[0])
    says(problem, "branches: 这一行不见了", f"接在第 {line - 1} 行的 time_limit（环节时限）下面",
         "在这一行上面加一行 branches:，行首 4 个英文空格")
    assert "办理流程" not in problem.message
    edit(root, ARCHIVE, pasted, "    branches:\n" + pasted)  # following it literally
    assert check(root) == []


def test_entry_under_a_valued_key_is_sent_to_its_list_when_that_is_there(tmp_path):
    root = copy_demo(tmp_path)
    pasted = "      - {when: 身份信息不符, to: window}\n"
    text = edit(root, ARCHIVE, TIME_LIMIT, TIME_LIMIT + pasted)
    problem = only_problem(root)
    assert (problem.line, problem.element) == (position(text, pasted)[0], "分支")
    says(problem, f"移到第 {position(text, '    branches:')[0]} 行 branches: 下面")
    edit(root, ARCHIVE, pasted, "")
    edit(root, ARCHIVE, BLOCK, BLOCK + pasted)
    assert check(root) == []


def test_entry_no_list_there_takes_is_not_told_an_indentation(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, ARCHIVE, "  promised: {unit: immediate}\n", "  promised: {unit: immediate}\n    - 当场办结\n")
    problem = only_problem(root)
    assert (problem.line, problem.element) == (position(text, "    - 当场办结")[0], "承诺办结时限")
    above = position(text, "  promised: {unit: immediate}")[0]
    says(problem, f"第 {above} 行的 promised（承诺办结时限）下面", "这里也没有可以接它的列表", "删去这一行")
    assert "缩进不对" not in problem.message  # time_limits is no list: "列表 time_limits 的这一条" was untrue
    edit(root, ARCHIVE, "    - 当场办结\n", "")
    assert check(root) == []


def test_entry_several_lists_may_take_names_them(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, ARCHIVE, "fees:\n  charged: false\n", "fees: {charged: false}\n  - name: 工本费\n")
    problem = only_problem(root)
    assert problem.line == position(text, "  - name: 工本费")[0]
    says(problem, "fees（收费）下面", "materials（申请材料）", "steps（办理流程）", "把这一条移到它的条目中间")


# --- #30: a look-alike dash before an entry ------------------------------------

@pytest.mark.parametrize("char", ["－", "—", "–", "一", "−"])
@pytest.mark.parametrize("entry", ["  - 体检合格\n", "  - 具备教师法规定的相应学历\n"], ids=["last", "middle"])
def test_lookalike_dash_is_named_and_replaced(tmp_path, char, entry):
    root = copy_demo(tmp_path)
    written = entry.replace("-", char, 1)
    text = edit(root, TEACHER, entry, written)
    problem = only_problem(root)
    assert (problem.file, problem.line, problem.column) == (TEACHER, position(text, written)[0], 3)
    assert problem.element == "受理条件"
    says(problem, f"行首的“{char}”看起来像短横线", f"把行首的“{char}”换成英文短横线加一个空格",
         f"写成 - {entry.strip()[2:]}")
    assert "前面少了" not in problem.message
    edit(root, TEACHER, written, entry)
    assert check(root) == []


def test_lookalike_dash_before_the_first_entry(tmp_path):
    root = copy_demo(tmp_path)
    entry = "  - 具有中华人民共和国国籍\n"
    text = edit(root, TEACHER, entry, "  － 具有中华人民共和国国籍\n")
    problem = only_problem(root)  # the list read as one text
    assert (problem.line, problem.element) == (position(text, "－ 具有")[0], "受理条件")
    says(problem, "行首的“－”看起来像短横线", "换成英文短横线加一个空格")
    edit(root, TEACHER, "  － 具有", "  - 具有")
    assert check(root) == []


def test_lookalike_dash_before_a_material(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, PENSION, "  - name: 本人档案\n", "  － name: 本人档案\n")
    problem = only_problem(root)
    assert (problem.line, problem.column, problem.element) == (position(text, "－ name")[0], 3, "申请材料")
    says(problem, "行首的“－”", "写成 - name: 本人档案")
    edit(root, PENSION, "  － name", "  - name")
    assert check(root) == []


# --- #20: a key written twice inside one entry ----------------------------------

@pytest.mark.parametrize("keep", ["situational", "required"])
def test_key_twice_in_one_material_leads_with_delete_one(tmp_path, keep):
    root = copy_demo(tmp_path)
    twice = SITUATIONAL.replace("situational\n", "situational\n    necessity: required\n")
    text = edit(root, PENSION, SITUATIONAL, twice)
    problem = only_problem(root)
    first, at = position(text, "necessity: situational")[0], position(text, "necessity: required", 2)[0]
    assert (problem.line, problem.element, problem.key) == (at, "必要性", "materials[1].necessity")
    assert "很可能是新的一条" not in problem.message
    says(problem, f"同一条里多写了一次：删去其中一处（第 {first} 行是 situational，第 {at} 行是 required，留对的那一个）")
    assert problem.hint.index("删去其中一处") < problem.hint.index("漏写了开头的“- ”")  # the other reading second
    dropped = "required" if keep == "situational" else "situational"
    edit(root, PENSION, twice, twice.replace(f"    necessity: {dropped}\n", ""))
    assert check(root) == [], shown(check(root))


def test_new_material_without_its_dash_is_still_a_lost_dash(tmp_path):
    root = copy_demo(tmp_path)
    old = "    source_note: 由存档的人才服务机构或单位调取，本人不用去取\n"
    text = edit(root, PENSION, old, old + "    name: 退休审批表\n    form: paper\n    copies: 1\n")
    problem = only_problem(root)
    assert problem.line == position(text, "name: 退休审批表")[0]
    says(problem, "很可能是新的一条漏写了开头的“- ”")
