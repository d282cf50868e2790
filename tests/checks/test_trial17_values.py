"""Messages of clerk trial 17 (docs/clerk-trials.md, "Trial 17", worst #1,
#2, #6 and #7), each made on a git copy of the demo city, checked, and the
hint followed literally:

- #23 (worst #1): a department's name where its id belongs was told the id
  format "如 first-apply".  Now the department's id (checks/mistakes/id_names.py).
- #38 (worst #2): an empty value in a one-line mapping was told
  【时限数值】 "删除这一行", deleting the other time limit on that line.
  Now the holder is named, what goes there said, and the part to delete
  quoted (checks/mistakes/empty_values.py).
- #30 (worst #6): a copied implementation code was two messages at one spot.
  Now one, with the whole code to write (checks/duplicates.basic_differs).
- #41 (worst #7): a one-line promised limit was told "两行都改".  Now the
  whole committed text (checks/mistakes/limit_meant.one_line).
"""

from __future__ import annotations

import re

from history_repo import committed_demo
from mini_catalogue import check, edit, only_problem, says, shown

SCHOOL = "content/life-events/school-entry.yaml"
FUNERAL = "items/funeral-home/992032001000.yaml"
NOTARY = "items/notary/992033001000.yaml"


def _changed(hint: str, pattern: str) -> tuple[str, str]:
    """(what, into what) a hint says to replace: 把“X”换成编号 Y."""
    found = re.search(pattern, hint)
    assert found, hint
    return found.group(1), found.group(2)


# --- #23 (worst #1): a department's name written for its id ----------------------------------

def test_department_name_for_lead_department_is_told_the_id(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, SCHOOL, "lead_department: education", "lead_department: 示范市教育局")
    problem = only_problem(root)
    assert (problem.file, problem.line, problem.element) == (SCHOOL, 6, "牵头部门"), shown([problem])
    says(problem, "“示范市教育局”是部门名称", "换成编号 education（示范市教育局）")
    assert "first-apply" not in problem.message + problem.hint
    old, new = _changed(problem.hint, r"把“([^”]+)”换成编号 ([a-z0-9-]+)")
    edit(root, SCHOOL, old, new)  # the hint followed
    assert check(root) == []


def test_department_name_one_slip_away_and_made_up_id_get_the_departments(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, SCHOOL, "lead_department: education", "lead_department: 示范市教育")
    problem = only_problem(root)
    says(problem, "不是编号", "相近的部门是“示范市教育局”，编号 education")
    assert "first-apply" not in problem.message + problem.hint
    edit(root, SCHOOL, "lead_department: 示范市教育", "lead_department: Jiaoyuju")
    problem = only_problem(root)
    assert problem.line == 6 and "first-apply" not in problem.hint
    says(problem, "不是登记的部门编号", "education（示范市教育局）")


def test_department_name_in_joint_departments_is_told_the_id(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, FUNERAL, "joint_departments: [civil-affairs]", "joint_departments: [示范市民政局]")
    problem = only_problem(root)
    assert (problem.line, problem.element) == (18, "联办机构")
    says(problem, "是部门名称", "换成编号 civil-affairs（示范市民政局）")
    old, new = _changed(problem.hint, r"把“([^”]+)”换成编号 ([a-z0-9-]+)")
    edit(root, FUNERAL, old, new)
    assert check(root) == []


# --- #38 (worst #2): an empty value in a one-line mapping ------------------------------------

def test_empty_value_in_one_line_mapping_names_its_holder_and_the_part_to_delete(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, NOTARY, "time_limits:\n  statutory: {value: 15, unit: working_days, note: 核实、公示时间不计入}\n"
                       "  promised: {value: 10, unit: working_days}\n",
         "time_limits: {statutory: {value: , unit: working_days}, promised: {value: 10, unit: working_days}}\n")
    problem = only_problem(root)
    assert (problem.file, problem.line, problem.element) == (NOTARY, 100, "法定办结时限·时限数值"), shown([problem])
    says(problem, "法律法规规定的办结时限", "只删去这一段“statutory: {value: , unit: working_days}, ”")
    assert "删除这一行" not in problem.hint
    segment = re.search(r"只删去这一段“([^”]+)”", problem.hint).group(1)
    edit(root, NOTARY, segment, "")  # the hint followed: the promised limit stays
    assert (root / NOTARY).read_text(encoding="utf-8").count(
        "time_limits: {promised: {value: 10, unit: working_days}}\n") == 1
    assert check(root) == []


def test_empty_value_filled_in_as_told(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, NOTARY, "  promised: {value: 10, unit: working_days}", "  promised: {value: , unit: working_days}")
    problem = only_problem(root)
    assert (problem.line, problem.element) == (102, "承诺办结时限·时限数值")
    says(problem, "本部门承诺的办结时限")
    edit(root, NOTARY, "{value: , unit", "{value: 10, unit")  # "在“value:”后面填写内容"
    assert check(root) == []


# --- #30 (worst #6): an implementation code copied from another item --------------------------

ID_CARD_OLD = "items/public-security/990101002000.yaml"
NEW_COPY = "items/public-security/990101004000.yaml"


def test_copied_implementation_code_is_one_message_with_the_code_to_write(tmp_path):
    root = committed_demo(tmp_path)
    text = (root / ID_CARD_OLD).read_text(encoding="utf-8")
    text = text.replace('code: "990101002000"', 'code: "990101004000"', 1)
    (root / NEW_COPY).write_text(re.sub(r"(?m)^name: .*$", "name: 机动车驾驶证延期换证", text, count=1), encoding="utf-8")
    problem = only_problem(root)
    assert (problem.file, problem.line, problem.element) == (NEW_COPY, 3, "实施编码"), shown([problem])
    says(problem, "第 20-31 位“990101002000”应与基本编码 990101004000 相同",
         "改成本事项的基本编码“990101004000”，即写成 implementation_code: 11990100MB0000001T3990101004000")
    written = re.search(r"即写成 (implementation_code: \S+?)；", problem.hint).group(1)
    edit(root, NEW_COPY, "implementation_code: 11990100MB0000001T3990101002000", written)  # the hint followed
    kept = check(root)  # the original's online addresses kept: told at the copy (clerk trial 19, shared_urls)
    assert [(p.file, p.key, p.severity) for p in kept] == [(NEW_COPY, "channels.online_url", "warning"),
                                                           (NEW_COPY, "channels.mobile_url", "warning")], shown(kept)
    edit(root, NEW_COPY, "https://gab.122.example.gov.cn/driving-licence", "https://gab.122.example.gov.cn/extension")
    edit(root, NEW_COPY, "items/990101002000", "items/990101004000")
    assert check(root) == []


# --- #41 (worst #7): a one-line promised limit given back whole -------------------------------

WATER = "items/water/992021001000.yaml"


def test_one_line_promised_limit_is_given_back_as_the_whole_committed_line(tmp_path):
    root = committed_demo(tmp_path)
    committed = "promised: {value: 3, unit: working_days, note: 小型项目；需外线施工的 10 个工作日}"
    edit(root, WATER, committed, "promised: {value: 25, unit: calendar_days, note: 小型项目；需外线施工的 10 个工作日}")
    problem = only_problem(root)
    assert (problem.line, problem.element) == (78, "承诺办结时限"), shown([problem])
    says(problem, "上次提交时承诺的是 3 个工作日", f"整段改回上次提交时的“{committed}”")
    assert "两行都改" not in problem.hint
    now, then = re.search(r"把“([^”]+)”这一段整段改回上次提交时的“([^”]+)”", problem.hint).groups()
    edit(root, WATER, now, then)  # the hint followed
    assert check(root) == []


def test_block_promised_limit_still_says_which_values_to_change(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, WATER, "  promised: {value: 3, unit: working_days, note: 小型项目；需外线施工的 10 个工作日}",
         "  promised:\n    value: 3\n    unit: working_days")
    from history_repo import commit
    commit(root, "promised over lines")
    edit(root, WATER, "    value: 3\n    unit: working_days", "    value: 25\n    unit: calendar_days")
    problem = only_problem(root)
    says(problem, "在 promised（承诺办结时限）下把 value 改回 3、unit 改回 working_days（两行都改）")
