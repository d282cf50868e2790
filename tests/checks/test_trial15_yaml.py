"""Messages of clerk trial 15 (docs/clerk-trials.md, "Trial 15", worst #1, #3
and #6), each made on a git copy of the demo city, checked, and the hint
followed literally:

- #29: a situation's Chinese name written where its id belongs
  (``variants: [换领]`` in a material, a step or a fee) was told only the id
  format ("如 first-apply").  Now the id whose name it is, or whose name is
  one slip from it or holds it, with the line to write ("把这一行写成
  variants: [renew]"); no such name: the ids with their names
  (checks/mistakes/id_names.py, ``variant_named``).
- #33: a list entry's ``- name:`` moved to column 1 was told as
  ``materials[0]`` with a checklist.  Now ``materials[3]``, the spaces and
  the entry above it to line up with (sources/mistakes/levels.py).
- #15: a deleted item's hint said "把 status 改为 cancelled" though the
  restored file has no ``status:`` line.  Now the three lines to add and
  where, or "把第 N 行的 status 改为" when it has one (checks/lifecycle.py,
  ``retire_step``).
"""

from __future__ import annotations

import re
import subprocess

from history_repo import commit, committed_demo, git
from mini_catalogue import check, edit, only_problem, position, says, shown

DISABLED = "items/disabled-persons/990735001000.yaml"  # variants: first（首次申领）、renew（换领）
ID_CARD = "items/public-security/990101001000.yaml"  # variants: first、renew、replace（补领）
GAS = "items/gas/992023002000.yaml"
FUNERAL = "items/civil-affairs/990502003000.yaml"  # no status line; listed by after-death
AFTER_DEATH = "content/life-events/after-death.yaml"
LIBRARY = "items/library/992034001000.yaml"  # listed by no life event


def _told(problem) -> str:
    return re.search(r"把这一行写成 (.+?)(?:；|$)", problem.hint).group(1)


def _write_as_told(root, relative: str, line: int, told: str) -> None:
    """Line ``line`` of the file rewritten as the hint tells, its indentation kept."""
    path = root / relative
    lines = path.read_text(encoding="utf-8").split("\n")
    old = lines[line - 1]
    lines[line - 1] = old[:len(old) - len(old.lstrip(" "))] + told
    path.write_text("\n".join(lines), encoding="utf-8")


# --- #29: a situation's name written for its id --------------------------------------------

def test_situation_name_in_a_material_is_told_its_id_and_the_line(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, DISABLED, "    variants: [renew]", "    variants: [换领]")
    problem = only_problem(root)
    assert problem.is_error and (problem.line, problem.column) == position(text, "换领]")
    assert (problem.element, problem.key) == ("适用办理情形", "materials[3].variants[0]")
    says(problem, "“换领”是本事项办理情形 renew 的名称", f"见第 {position(text, 'variants:')[0]} 行 variants")
    assert "格式不对" not in problem.message and _told(problem) == "variants: [renew]"
    _write_as_told(root, DISABLED, problem.line, _told(problem))
    assert check(root) == []


def test_situation_name_one_slip_away_in_a_step_block_list(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, ID_CARD, "    variants: [replace]\n  - id: apply",
                "    variants:\n      - 丢失补领\n  - id: apply")  # holds 补领
    problem = only_problem(root)
    assert (problem.line, problem.key) == (position(text, "- 丢失补领")[0], "steps[0].variants[0]")
    assert problem.element == "适用办理情形"
    says(problem, "“丢失补领”不是编号", "相近的是 replace（补领）")
    assert _told(problem) == "- replace"
    _write_as_told(root, ID_CARD, problem.line, _told(problem))
    assert check(root) == []


def test_situation_name_in_a_fee(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, ID_CARD, "      standard: 每证 10 元（需要时申领）\n",
                "      standard: 每证 10 元（需要时申领）\n      variants: [补证]\n")  # 补领, one slip
    problem = only_problem(root)
    assert (problem.line, problem.key) == (position(text, "[补证]")[0], "fees.items[1].variants[0]")
    says(problem, "相近的是 replace（补领）")
    _write_as_told(root, ID_CARD, problem.line, _told(problem))
    assert check(root) == []


def test_two_names_in_one_list_are_told_the_same_whole_line(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, ID_CARD, "    variants: [renew]", "    variants: [首次申领, 换领]")
    found = check(root)
    assert [p.key for p in found] == ["materials[1].variants[0]", "materials[1].variants[1]"], shown(found)
    assert {_told(p) for p in found} == {"variants: [first, renew]"}
    _write_as_told(root, ID_CARD, found[0].line, _told(found[0]))
    assert check(root) == []


def test_names_joined_by_a_chinese_comma_are_told_as_ids(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, DISABLED, "    variants: [renew]", "    variants: [首次申领，换领]")
    problem = only_problem(root)
    assert (problem.key, problem.element) == ("materials[3].variants[0]", "适用办理情形")
    says(problem, "写成 first, renew", "“首次申领”不是可用的编号，上面已换成 first（首次申领）")
    edit(root, DISABLED, "[首次申领，换领]", "[first, renew]")
    assert check(root) == []


def test_no_situation_of_that_name_lists_the_ids_with_their_names(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, DISABLED, "    variants: [renew]", "    variants: [办证]")
    problem = only_problem(root)
    says(problem, "“办证”不是编号", "没有叫这个名称的", "first（首次申领）", "renew（换领）", "先在第 7 行 variants 下登记")
    assert "把这一行写成" not in problem.hint  # no guess offered as the fix
    edit(root, DISABLED, "[办证]", "[renew]")  # "换成下列编号中的一个"
    assert check(root) == []


# --- #33: a list entry moved left of its list ---------------------------------------------

def test_entry_moved_to_column_1_is_told_its_index_spaces_and_sibling(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, GAS, "  - name: 用气场所平面图", "- name: 用气场所平面图")
    problem = only_problem(root)
    assert (problem.line, problem.column) == (position(text, "- name: 用气场所平面图")[0], 1)
    assert (problem.element, problem.key) == ("材料名称", "materials[3].name"), shown([problem])
    sibling = position(text, "  - name: 用气设备清单")[0]
    says(problem, "列表 materials 的第 4 条缩进不对", "“- ”前有 0 个空格，应是 2 个空格",
         f"把这一行行首改成 2 个英文空格，与第 {sibling} 行的“  - name:”对齐")
    assert "检查这一行及上一行" not in problem.hint
    edit(root, GAS, "\n- name: 用气场所平面图", "\n  - name: 用气场所平面图")
    assert check(root) == []


def test_entry_indented_too_far_after_the_keys_above_is_told_the_same(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, GAS, "  - name: 用气场所平面图", "    - name: 用气场所平面图")
    problem = only_problem(root)
    assert problem.key == "materials[3].name", shown([problem])  # not materials[2].form[0].name, "应是 4 个"
    says(problem, "应是 2 个空格", "“  - name:”对齐")
    edit(root, GAS, "    - name: 用气场所平面图", "  - name: 用气场所平面图")
    assert check(root) == []


def test_plain_entry_moved_to_column_1_is_told_its_spaces(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, GAS, "  - 餐饮场所安装", "- 餐饮场所安装")
    problem = only_problem(root)
    assert problem.line == position(text, "- 餐饮场所安装")[0] and problem.element == "受理条件", shown([problem])
    says(problem, "“- ”前有 0 个空格，应是 2 个空格", "把这一行行首改成 2 个英文空格")
    edit(root, GAS, "\n- 餐饮场所安装", "\n  - 餐饮场所安装")
    assert check(root) == []


def test_the_file_is_still_read_past_the_moved_entry(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, GAS, "  - name: 用气场所平面图", "- name: 用气场所平面图")
    edit(root, GAS, "statutory: {value: 20, unit: working_days}", "statutory: 20个工作日")
    found = check(root)
    assert [p.key for p in found] == ["materials[3].name", "time_limits.statutory"], shown(found)


# --- #15: a deleted item whose restored file has no status line ---------------------------

def _restore(root, relative: str, rev: str = "HEAD") -> None:
    """The browser way of the hint: the file's content as committed, saved under its name."""
    (root / relative).write_bytes(subprocess.run(["git", "-C", str(root), "show", f"{rev}:{relative}"],
                                                 check=True, capture_output=True).stdout)


def _lines_to_add(hint: str) -> list[str]:
    step = hint.split("\n2. ", 1)[1].split("\n3. ")[0].split("\n")
    return [line.strip() for line in step[1:4]]


def test_deleted_item_without_status_is_told_the_lines_to_add_and_where(tmp_path):
    root = committed_demo(tmp_path)
    text = (root / FUNERAL).read_text(encoding="utf-8")
    name_line = position(text, "\nname: ")[0] + 1
    (root / FUNERAL).unlink()
    problem = only_problem(root)
    assert (problem.file, problem.line) == (FUNERAL, 1)
    says(problem, f"2. 恢复的文件里没有 status 这一行：在第 {name_line} 行“name: 基本殡葬服务费用减免”的下面加三行")
    assert "把 status 改为" not in problem.hint
    added = _lines_to_add(problem.hint)
    assert added[0] == "status: cancelled" and re.fullmatch(r"cancelled_date: \d{4}-\d\d-\d\d", added[1])
    assert added[2] == "status_reason: 请填写取消原因"
    _restore(root, FUNERAL)
    lines = (root / FUNERAL).read_text(encoding="utf-8").split("\n")
    (root / FUNERAL).write_text("\n".join(lines[:name_line] + added + lines[name_line:]), encoding="utf-8")
    listed_at = int(re.search(rf"{AFTER_DEATH} 第 (\d+) 行", problem.hint).group(1))
    edit(root, AFTER_DEATH, ', "990502003000"', "")  # step 3
    assert position((root / AFTER_DEATH).read_text(encoding="utf-8"), '"992032001000"]')[0] == listed_at
    left = only_problem(root)  # the reason is the clerk's to write: never published as 请填写
    assert (left.file, left.key) == (FUNERAL, "status_reason") and left.is_error
    edit(root, FUNERAL, "请填写取消原因", "已并入其他事项")  # "换成真实的原因"
    assert check(root) == []


def test_deleted_item_with_a_status_line_is_told_to_change_it(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, LIBRARY, "item_type: public_service\n", "item_type: public_service\nstatus: in_use\n")
    commit(root, "写明状态")
    (root / LIBRARY).unlink()
    problem = only_problem(root)
    says(problem, f"2. 在恢复的文件中把第 {position(text, 'status:')[0]} 行的 status 改为 cancelled（取消）")
    assert "没有 status" not in problem.hint
    _restore(root, LIBRARY)
    edit(root, LIBRARY, "status: in_use\n", "status: cancelled\ncancelled_date: 2026-12-01\nstatus_reason: 停办\n")
    assert check(root) == []


def test_deleted_in_a_commit_reads_the_file_before_that_commit(tmp_path):
    root = committed_demo(tmp_path)
    (root / LIBRARY).unlink()
    sha = commit(root, "删除读者证")[:8]
    problem = only_problem(root)
    says(problem, "没有 status 这一行：在第 3 行“name: 读者证办理”的下面加三行", f"git checkout {sha}^ -- {LIBRARY}")
    git(root, "checkout", f"{sha}^", "--", LIBRARY)
    edit(root, LIBRARY, "name: 读者证办理\n", "name: 读者证办理\n" + "\n".join(_lines_to_add(problem.hint))
         .replace("请填写取消原因", "停办") + "\n")
    assert check(root) == []
