"""YAML and element messages of clerk trial 10 (docs/clerk-trials.md,
"Trial 10"), each made on a git copy of the demo city, checked, and the hint
followed literally:

- #42: a list entry written without the space after its dash ("-用气场所…")
  is told at its own line that the "-" needs a space, with the line as it
  should be (sources/stray_entries.dash_without_space), not "缺少英文冒号" at
  the next line; as the first entry (the list read as a text) too.
- #8: a syntax error inside a life event's steps leaves out only the steps
  around it: an unknown item in another step is reported in the same run
  (sources/mistakes/entry_cut.py).
- #45, #50: a required line deleted since the last commit (a step's
  ``name:`` or ``items:``) is given back with its committed value and where
  it goes (checks/mistakes/lost_lines.py).
"""

from __future__ import annotations


import pytest

from history_repo import commit, committed_demo, git
from mini_catalogue import check, copy_demo, edit, line_as_told, only_problem, position, says

GAS = "items/gas/992023002000.yaml"
MARRIAGE = "content/life-events/marriage.yaml"
START = "content/life-events/start-business.yaml"
RETIREMENT = "content/life-events/retirement.yaml"


# --- #42: "-用气…" without the space after the dash --------------------------------

@pytest.mark.parametrize("entry, index", [("用气场所符合燃气安全要求，不在地下室或半地下室", 1),
                                          ("餐饮场所安装燃气泄漏报警和自动切断装置", 2)])
def test_dash_without_space_is_told_at_its_line(tmp_path, entry, index):
    root = committed_demo(tmp_path)
    text = edit(root, GAS, f"  - {entry}\n", f"  -{entry}\n")
    problem = only_problem(root)
    line = position(text, f"  -{entry}")[0]
    assert (problem.file, problem.line, problem.column) == (GAS, line, 3)  # not the line after it (trial 10, #42)
    assert (problem.element, problem.key) == ("受理条件", f"conditions[{index}]")
    says(problem, "列表项的“-”后面要有一个英文空格", f"改成“  - {entry}”", "行首 2 个空格")
    assert "冒号" not in problem.message + problem.hint  # there is no colon in a list of conditions
    edit(root, GAS, f"  -{entry}\n", line_as_told(problem.hint) + "\n")  # following it literally
    assert check(root) == []


@pytest.mark.parametrize("relative, old", [(GAS, "  - name: 营业执照\n"), (GAS, "  - name: 用气申请表\n"),
                                           (GAS, "  - id: survey\n"), (START, "  - name: 单位参保登记\n")])
def test_dash_without_space_before_an_entrys_first_key(tmp_path, relative, old):
    root = copy_demo(tmp_path)
    text = edit(root, relative, old, old.replace("- ", "-", 1))
    problem = only_problem(root)
    assert problem.line == position(text, old.replace("- ", "-", 1))[0]
    says(problem, "列表项的“-”后面要有一个英文空格", f"改成“{old.rstrip()}”")
    assert "缩进不对" not in problem.message
    edit(root, relative, old.replace("- ", "-", 1), line_as_told(problem.hint) + "\n")
    assert check(root) == []


def test_dash_without_space_in_a_registry_entry(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, "content/proofs.yaml", "- id: birth-medical\n", "-id: birth-medical\n")
    mine = [p for p in check(root) if p.file == "content/proofs.yaml"]  # (its entry unread: the users are told too)
    assert len(mine) == 1
    problem = mine[0]
    assert problem.line == position(text, "-id: birth-medical")[0]
    says(problem, "列表项的“-”后面要有一个英文空格", "改成“- id: birth-medical”")
    assert "（）" not in problem.message  # no list name to give
    edit(root, "content/proofs.yaml", "-id: birth-medical\n", line_as_told(problem.hint) + "\n")
    assert check(root) == []


def test_first_entry_without_the_space_makes_the_list_a_text(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, GAS, "  - 用气地址在管道燃气覆盖范围内\n", "  -用气地址在管道燃气覆盖范围内\n")
    problem = only_problem(root)
    assert (problem.line, problem.element, problem.key) == (position(text, "  -用气地址")[0], "受理条件", "conditions")
    says(problem, "行首的“-”后面没有空格", "在这一行行首的“-”后面加一个英文空格")
    assert "看起来像短横线" not in problem.message  # it is the English "-" (the look-alike message was untrue)
    edit(root, GAS, "  -用气地址", "  - 用气地址")
    assert check(root) == []


# --- #8: a syntax error in one step hides no other step ------------------------------

def test_syntax_error_in_a_step_leaves_the_other_steps_checked(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, MARRIAGE, "lead_department: civil-affairs", "lead_department: civil-affair")
    text = edit(root, MARRIAGE, "    mode: or\n    optional: true\n", "    mode: or\n   optional: true\n")
    text = edit(root, MARRIAGE, '    items: ["992007001000"]', '    items: ["992007001001"]')
    found = check(root)
    assert [(p.line, p.element, p.key) for p in found] == [
        (6, "牵头部门", "lead_department"),
        (position(text, "   optional: true")[0], "可选步骤", "steps[1].optional"),
        (position(text, "992007001001")[0], "事项", "steps[2].items[0]")]  # in the first run (trial 10, #8)
    says(found[2], "是不是想写 992007001000")
    edit(root, MARRIAGE, "   optional: true\n", "    optional: true\n")
    edit(root, MARRIAGE, "civil-affair\n", "civil-affairs\n")
    edit(root, MARRIAGE, "992007001001", "992007001000")
    assert check(root) == []


def test_syntax_error_in_a_step_is_no_knock_on_of_the_left_out_step(tmp_path):
    root = copy_demo(tmp_path)  # the step left out is not "missing its name" or "without items"
    text = edit(root, START, '    items: ["992003003000"]\n', '   items: ["992003003000"]\n')
    problem = only_problem(root)
    assert (problem.line, problem.key) == (position(text, '   items: ["992003003000"]')[0], "steps[1].items")


# --- #45, #50: a required line deleted since the last commit --------------------------

def test_deleted_step_name_is_given_back(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, START, "  - name: 单位参保登记\n    items:", "  - items:")
    problem = only_problem(root)
    assert (problem.line, problem.element, problem.key) == (position(text, '  - items: ["992003003000"]')[0],
                                                           "步骤名称", "steps[1].name")
    below = position(text, "    note: 开办时勾选即可")[0]
    says(problem, "上次提交时这里是 name: 单位参保登记", f"在第 {below} 行下面补回这一行“    name: 单位参保登记”",
         "行首 4 个空格")
    assert "请添加 name: 并填写" not in problem.hint
    lines = text.split("\n")
    (root / START).write_text("\n".join(lines[:below] + ["    name: 单位参保登记"] + lines[below:]), encoding="utf-8")
    assert check(root) == []


@pytest.mark.parametrize("committed", ['    items: ["992009001000"]\n', '    items:\n      - "992009001000"\n'])
def test_deleted_step_items_are_given_back(tmp_path, committed):
    root = copy_demo(tmp_path)
    edit(root, RETIREMENT, '    items: ["992009001000"]\n', committed)
    git(root, "init", "-q")
    commit(root, "base")
    text = edit(root, RETIREMENT, committed, "")
    problem = only_problem(root)
    name_line = position(text, "  - name: 提取住房公积金")[0]
    assert (problem.line, problem.element, problem.key) == (name_line, "事项", "steps[2].items")
    if committed.count("\n") == 1:
        says(problem, '上次提交时这里是 items: ["992009001000"]', f"在第 {name_line} 行下面补回这一行")
    else:
        says(problem, f"在第 {name_line} 行下面补回这 2 行", "“    items:”（行首 4 个空格）",
             "“      - \"992009001000\"”（行首 6 个空格）")
    edit(root, RETIREMENT, "  - name: 提取住房公积金\n", "  - name: 提取住房公积金\n" + committed)
    assert check(root) == []


def test_required_line_missing_in_the_commit_too_keeps_the_plain_hint(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, START, "  - name: 单位参保登记\n    items:", "  - items:")
    git(root, "init", "-q")
    commit(root, "base")
    problem = only_problem(root)
    says(problem, "请添加 name: 并填写步骤名称")
    assert "上次提交" not in problem.hint


def test_required_line_without_git_keeps_the_plain_hint(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, START, "  - name: 单位参保登记\n    items:", "  - items:")
    says(only_problem(root), "请添加 name: 并填写步骤名称")
