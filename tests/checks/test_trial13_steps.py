"""A deleted list key line of clerk trial 13 (docs/clerk-trials.md, "Trial
13", #44, worst #1), made on a copy of the demo city, checked, and the hint
followed literally: with ``steps:`` deleted, the steps continued the
materials list and drew 19 "不认识的要素名 id … 请改成其中一个" messages with
no element and a fix that cannot work.  Now one message at the first such
entry names the list they belong to and the line to put back, with its
committed line when git has it (checks/mistakes/lost_list_key.py); the same for any
list element of a model (legal_basis after variants, special_procedures
after steps).
"""

from __future__ import annotations

import re
import shutil

from history_repo import committed_demo
from mini_catalogue import check, copy_demo, edit, only_problem, says, shown

LLC = "items/market-regulation/990105001001.yaml"  # materials: line 34, steps: line 75, 7 steps
STEPS = "steps:\n  - {id: name"
DISABLED = "items/disabled-persons/990735001000.yaml"  # variants: line 7, legal_basis: line 10
ASSISTANCE = "items/civil-affairs/990502001000.yaml"  # steps, then special_procedures: line 97


def _follow(root, relative: str, hint: str) -> None:
    """Write the line the hint says to put back, where and as it says."""
    told = re.search(r"在第 (\d+) 行上面补回一行“([^”]*)”（行首 (\d+) 个空格", hint)
    assert told, hint
    line, text, spaces = int(told.group(1)), told.group(2), int(told.group(3))
    lines = (root / relative).read_text(encoding="utf-8").split("\n")
    lines.insert(line - 1, " " * spaces + text)
    (root / relative).write_text("\n".join(lines), encoding="utf-8")


def test_deleted_steps_line_is_one_message_with_its_committed_line(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, LLC, STEPS, "  - {id: name")
    found = only_problem(root)
    assert (found.file, found.line, found.element, found.key, found.is_error) == \
        (LLC, 75, "办理流程", "steps", True), shown([found])
    says(found, "从第 75 行起的 7 条是【办理流程】（steps）的条目", "不是【申请材料】（materials）的",
         "id（环节编号）", "actor（办理人员/岗位）", "少了一行“steps:”", "上次提交时这一行在第 75 行，是后来删去的",
         "在第 75 行上面补回一行“steps:”（行首 0 个空格")
    assert "请改成其中一个" not in found.hint
    _follow(root, LLC, found.hint)
    assert check(root) == []


def test_deleted_steps_line_names_its_committed_line_when_lines_moved(tmp_path):
    root = committed_demo(tmp_path)
    # A material's optional line (committed line 60) deleted too: the steps now start on line 74.
    edit(root, LLC, "    source_note: 自然人股东通过实名认证核验，不用上传身份证照片\n", "")
    edit(root, LLC, STEPS, "  - {id: name")
    found = only_problem(root)
    assert (found.line, found.element) == (74, "办理流程"), shown([found])
    says(found, "从第 74 行起的 7 条", "上次提交时这一行在第 75 行", "在第 74 行上面补回一行“steps:”")
    _follow(root, LLC, found.hint)
    assert check(root) == []


def test_deleted_steps_line_without_git_is_still_one_message(tmp_path):
    root = copy_demo(tmp_path)
    assert not (root / ".git").exists()
    edit(root, LLC, STEPS, "  - {id: name")
    found = only_problem(root)
    assert (found.line, found.element, found.key) == (75, "办理流程", "steps"), shown([found])
    says(found, "少了一行“steps:”", "在第 75 行上面补回一行“steps:”")
    assert "上次提交" not in found.message
    _follow(root, LLC, found.hint)
    assert check(root) == []


def test_deleted_steps_line_leaves_the_other_mistakes_of_the_file_reported(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, LLC, "levels: [city]", "levels: [市级]")  # attempt 20 of the trial: both mistakes
    edit(root, LLC, STEPS, "  - {id: name")
    found = check(root)
    assert [(p.line, p.element) for p in found] == [(17, "行使层级"), (75, "办理流程")], shown(found)
    edit(root, LLC, "levels: [市级]", "levels: [city]")
    _follow(root, LLC, found[1].hint)
    assert check(root) == []


def test_deleted_legal_basis_line_after_variants_is_one_message(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, DISABLED, "\nlegal_basis:\n", "\n")
    found = only_problem(root)
    assert (found.file, found.line, found.element, found.key) == \
        (DISABLED, 10, "设定依据和实施依据", "legal_basis"), shown([found])
    says(found, "从第 10 行起的 2 条", "不是【办理情形】（variants）的", "kind（依据类别）", "law（法律法规名称）",
         "上次提交时这一行在第 10 行", "与“variants:”左对齐")
    _follow(root, DISABLED, found.hint)
    assert check(root) == []


def test_deleted_special_procedures_line_after_steps_is_one_message(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, ASSISTANCE, "\nspecial_procedures:\n", "\n")
    found = only_problem(root)
    assert (found.line, found.element, found.key) == (97, "特别程序", "special_procedures"), shown([found])
    says(found, "从第 97 行起的 2 条", "不是【办理流程】（steps）的", "note（说明）",
         "在第 97 行上面补回一行“special_procedures:”")
    _follow(root, ASSISTANCE, found.hint)
    assert check(root) == []


def test_a_step_key_in_a_material_with_steps_written_stays_an_unknown_key(tmp_path):
    root = committed_demo(tmp_path)
    # The steps are there: a step's key in the last material is a key in the wrong place, told as before.
    edit(root, LLC, "    instructions: 可以只填写住所地址", "    actor: 申请人\n    instructions: 可以只填写住所地址")
    found = only_problem(root)
    assert (found.line, found.key) == (74, "materials[4].actor"), shown([found])
    says(found, "不认识的要素名 actor")
    shutil.rmtree(root / ".git")
    assert [p.key for p in check(root)] == ["materials[4].actor"]
