"""Clerk trial 8, #41 (docs/clerk-trials.md, "Trial 8"): a department's
category code changed in content/departments.yaml is one error at its
``codes`` line (with the committed value, the other department owning the new
code and the fix "改回"), not one per item; a single item with a foreign
category code keeps its own message."""

from __future__ import annotations


from generator.checks.validate import build_catalogue
from generator.config import read_settings
from mini_catalogue import check, copy_demo, edit, only_problem, position, says, shown
from history_repo import committed

DEPARTMENTS = "content/departments.yaml"
MARKET = "  name: 示范市市场监督管理局\n  codes: [\"05\"]"
CHANGED = "  name: 示范市市场监督管理局\n  codes: [\"04\"]"
TEACHER = "items/education/990104001000.yaml"


def _commit(root) -> None:
    committed(root)


def test_changed_department_code_is_one_error_at_its_codes_line(tmp_path):
    root = copy_demo(tmp_path)
    _commit(root)
    text = edit(root, DEPARTMENTS, MARKET, CHANGED)
    problem = only_problem(root)  # not 7 identical errors, one per market-regulation item
    assert problem.file == DEPARTMENTS and problem.is_error and problem.element == "部门类别代码"
    assert problem.line == position(text, CHANGED)[0] + 1
    says(problem, "7 个事项", "items/market-regulation/", "都是“05”", "“04”是示范市教育局（education）",
         '上次提交时这里是 codes: ["05"]', '改回 codes: ["05"]', "另一套程序")
    assert "把“05”加进 codes" not in problem.hint  # not the per-item hint
    report = build_catalogue(root, read_settings(root))
    held = {h.source for h in report.catalogue.held_back}
    assert len(held) == 7 and all(s.startswith("items/market-regulation/") for s in held)
    edit(root, DEPARTMENTS, CHANGED, MARKET)  # following the hint literally
    assert check(root) == []


def test_without_git_the_change_is_still_told_at_departments(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, DEPARTMENTS, MARKET, CHANGED)
    problem = only_problem(root)
    assert problem.file == DEPARTMENTS and problem.line == position(text, CHANGED)[0] + 1
    says(problem, "7 个事项", "“04”是示范市教育局（education）", '改回 codes: ["05"]')
    assert "上次提交时" not in problem.message  # nothing is said of a commit there is none of


def _foreign_item(root, code: str) -> str:
    """A new education item (a copy of the teacher item) whose code has market-regulation's 05."""
    relative = f"items/education/{code}.yaml"
    (root / relative).write_text((root / TEACHER).read_text(encoding="utf-8").replace("990104001000", code),
                                 encoding="utf-8")
    return relative


def test_one_item_with_a_foreign_code_keeps_its_own_message(tmp_path):
    root = copy_demo(tmp_path)
    relative = _foreign_item(root, "990105009000")
    problem = only_problem(root)
    assert problem.file == relative and problem.element == "基本编码"
    assert problem.line == position((root / relative).read_text(encoding="utf-8"), 'code: "990105009000"')[0]
    says(problem, "第 5-6 位“05”不是本部门的部门类别代码（04）")


def test_items_with_a_foreign_code_under_unchanged_codes_keep_their_messages(tmp_path):
    root = copy_demo(tmp_path)
    _commit(root)  # education's codes as committed: the two new files are what is wrong
    added = {_foreign_item(root, "990105009000"), _foreign_item(root, "990105009001")}
    found = [p for p in check(root) if p.element == "基本编码"]
    assert {p.file for p in found} == added, shown(found)
    assert not any(p.file == DEPARTMENTS for p in check(root))


def test_another_departments_code_added_to_codes_is_a_warning(tmp_path):
    root = copy_demo(tmp_path)
    _commit(root)
    both = "  name: 示范市市场监督管理局\n  codes: [\"04\", \"05\"]"
    text = edit(root, DEPARTMENTS, MARKET, both)  # the old per-item hint "把“05”加进 codes", followed
    problem = only_problem(root)
    assert problem.file == DEPARTMENTS and not problem.is_error and problem.line == position(text, both)[0] + 1
    says(problem, "“04”是上次提交后加的", "示范市教育局（education）", 'codes: ["05"]')
    edit(root, DEPARTMENTS, both, MARKET)
    assert check(root) == []
