"""Messages of clerk trial 13 (docs/clerk-trials.md, "Trial 13", worst #2 and
#3), each made on a git copy of the demo city, checked, and the hint
followed literally:

- #4: a tab at one line of an item also drew "缺少英文冒号" at 4 correct
  top-level lines below it, while the file's real second mistake (a Chinese
  colon above the tab) showed only in the next run: the tab line is read
  with the spaces told (sources/mistakes/tab_repair.py), and the key YAML began
  reading is looked at past a part left out (sources/mistakes/broken.py, ``simple_key``).
- #12: an unknown code in an office's hours ``items`` was offered codes
  already in that list and "删去 items" (checks/mistakes/hours_items.py): a
  near-duplicate of a listed code is told "多写的，删去这一个编号"; a code
  written twice is a warning.
"""

from __future__ import annotations

import pytest

from history_repo import committed_demo
from mini_catalogue import check, edit, only_problem, position, says, shown

ID_CARD = "items/public-security/990101001000.yaml"
OFFICES = "content/offices.yaml"
NECESSITY = "    necessity: required\n    form: paper\n    copies: 1\n    original: original_shown"
EVENING_END = '"992009001000", "992009002000"]}\n    - {days: [sat]'


# --- #4: a tab, and a Chinese colon elsewhere in the same file ---------------------------

@pytest.mark.parametrize("old, wide", [
    ("quantity_limit: 同一时间", "quantity_limit：同一时间"),  # the trial's: the colon above the tab
    ("handling_type: promised", "handling_type：promised"),  # below it, past the part left out
])
def test_tab_and_chinese_colon_in_one_run(tmp_path, old, wide):
    root = committed_demo(tmp_path)
    edit(root, ID_CARD, NECESSITY, NECESSITY.replace("    necessity", "\tnecessity", 1))
    text = edit(root, ID_CARD, old, wide)
    found = sorted(check(root), key=lambda p: p.line)
    assert len(found) == 2, shown(found)
    tab_line = position(text, "\tnecessity")[0]
    colon_line = position(text, wide)[0]
    by_line = {p.line: p for p in found}
    assert set(by_line) == {tab_line, colon_line}, shown(found)
    assert "缺少英文冒号" not in shown(found)
    colon, tab = by_line[colon_line], by_line[tab_line]
    assert colon.element == {"quantity_limit": "数量限制", "handling_type": "办件类型"}[old.split(":")[0]]
    says(colon, "中文冒号", "英文冒号加一个空格")
    says(tab, "制表符", "4 个空格")
    edit(root, ID_CARD, wide, wide.replace("：", ": "))  # following both hints literally
    edit(root, ID_CARD, "\tnecessity", "    necessity")
    assert check(root) == []


def test_tab_alone_is_one_message(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, ID_CARD, NECESSITY, NECESSITY.replace("    necessity", "\tnecessity", 1))
    problem = only_problem(root)
    assert (problem.file, problem.line, problem.element) == (ID_CARD, position(text, "\tnecessity")[0], "必要性")


def test_tab_line_is_read_and_its_element_checked(tmp_path):
    """The element holding the tab line is read with the spaces told
    (sources/mistakes/tab_repair.py): a mistake in it shows in the same run."""
    root = committed_demo(tmp_path)
    text = edit(root, ID_CARD, NECESSITY, NECESSITY.replace("    necessity", "\tnecessity", 1).replace("copies: 1", "copies: 一"))
    found = sorted(check(root), key=lambda p: p.line)
    assert [(p.line, p.element) for p in found] == [(position(text, "\tnecessity")[0], "必要性"),
                                                    (position(text, "copies: 一")[0], "份数")], shown(found)
    assert "跳过出错的这一段" not in shown(found)  # nothing was left out
    edit(root, ID_CARD, "\tnecessity", "    necessity")
    edit(root, ID_CARD, "copies: 一", "copies: 1")
    assert check(root) == []


# --- #12: an unknown or repeated code in an office's hours items -------------------------

def test_near_duplicate_code_is_told_to_go(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, OFFICES, EVENING_END, EVENING_END.replace('"992009002000"]', '"992009002000", "992009003000"]'))
    problem = only_problem(root)
    assert (problem.file, problem.line) == (OFFICES, position(text, '"992009003000"')[0])
    assert problem.element == "只办理的事项" and problem.severity == "error"
    says(problem, "多写的，删去这一个编号", '删去第 15 个 "992009003000"')
    assert "删去 items" not in problem.hint and "是不是想写" not in problem.hint
    edit(root, OFFICES, ', "992009003000"', "")  # following it literally
    assert check(root) == []



def test_near_duplicate_first_in_its_list_is_told_the_comma_after(tmp_path):
    """The first code of a list has no comma before it: the hint names the one after it."""
    root = committed_demo(tmp_path)
    first = 'items: ["990701001000", "990701002001"'
    text = edit(root, OFFICES, first, 'items: ["990701001009", "990701001000", "990701002001"', )
    problem = only_problem(root)
    assert problem.line == position(text, '"990701001009"')[0]
    says(problem, '删去第 1 个 "990701001009"', "连同它后面的英文逗号一起删")
    edit(root, OFFICES, '"990701001009", ', "")  # following it literally
    assert check(root) == []

def test_suggestion_leaves_out_listed_codes(tmp_path):
    root = committed_demo(tmp_path)
    # 990701001001: one slip from 990701001000 (already listed) and from no other item
    text = edit(root, OFFICES, EVENING_END, EVENING_END.replace('"992009002000"]', '"992009002000", "990508001001"]'))
    problem = only_problem(root)
    assert problem.line == position(text, '"990508001001"')[0] and problem.element == "只办理的事项"
    says(problem, "是不是想写 990508001000（")  # not in the evening list: offered
    assert "删去 items" not in problem.hint  # the list has other valid codes
    edit(root, OFFICES, '"990508001001"]', '"990508001000"]')  # taking the code offered
    assert check(root) == []


def test_code_twice_is_a_warning(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, OFFICES, EVENING_END, EVENING_END.replace('"992009002000"]', '"992009002000", "992003003000"]'))
    problem = only_problem(root)
    assert problem.line == position(text, '"992009002000", "992003003000"]')[0]
    assert problem.element == "只办理的事项" and problem.severity == "warning"
    says(problem, "写了两次", "第 11 个和第 15 个", '删去第 15 个 "992003003000"')
    edit(root, OFFICES, '"992009002000", "992003003000"]', '"992009002000"]')  # following it literally
    assert check(root) == []


def test_all_items_offered_only_without_valid_codes(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, OFFICES, 'note: 午间不休}', 'note: 午间不休, items: ["990000000000"]}')
    problem = only_problem(root)
    assert problem.line == position(text, '"990000000000"')[0] and problem.element == "只办理的事项"
    says(problem, "这段时间办理所有事项的，删去 items")
    edit(root, OFFICES, ', items: ["990000000000"]}', "}")  # following it literally
    assert check(root) == []


def test_tab_repair_is_dropped_when_it_may_be_wrong():
    """A syntax error just after a repaired line may come from the repair:
    the caller then leaves the element out, as before (sources/mistakes/tab_repair.py)."""
    import yaml

    from generator.checks.problems import Problem
    from generator.sources.mistakes.tab_repair import readable_repair

    tab = [Problem("f.yaml", 3, 1, "tab", "")]
    compose = lambda text: yaml.compose(text, Loader=yaml.SafeLoader)  # noqa: E731
    assert readable_repair("a:\n  b: 1\n\tc: 2\n", tab, compose) == "a:\n  b: 1\n  c: 2\n"
    assert readable_repair("a:\n  b: 1\n\tc: 2\n  - d\n", tab, compose) is None
    far = "a:\n  b: 1\n\tc: 2\n" + "x: 1\n" * 10 + "y：2\nz: 3\n"  # another mistake, far below: still repaired
    assert readable_repair(far, tab, compose).startswith("a:\n  b: 1\n  c: 2\n")
