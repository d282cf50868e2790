"""Trial-13 leftovers (docs/clerk-trials.md, "Trial 13", worst #5): an
implementation code whose first 18 characters differ from the implementing
body's credit code was told "核对后改正抄错的一处", leaving the clerk to work
out which of the two was mistyped.  With git, the one changed since the last
commit is told, with the committed value to restore
(checks/mistakes/impl_meant.credit_meant); without git, or when both
changed (a real handover), the message still asks to check both.

Worst #6 (#10): a life event with a line written twice (``lead_department``)
was reported alone; its wrong item code showed only in the next run.  A
required element that cannot be read (refused, missing) now has a stand-in
(partial_events.LIFE_EVENT_STAND_IN), so the rest is checked in the same run,
and nothing is said about the stand-in.

Worst #7 (#25): a deleted required line was told at the element's first key
(the ``code`` line); now at the line below which the committed line goes
back, and a deleted first line of a file is told "在第 N 行上面补回"
(it was "below the last line": checks/mistakes/lost_lines.py)."""

from __future__ import annotations

from history_repo import committed_demo
from mini_catalogue import check, copy_demo, edit, only_problem, position, says, shown

ID_CARD = "items/public-security/990101001000.yaml"
IMPL = "implementation_code: 11990100MB0000001T3990101001000"
CREDIT = "credit_code: 11990100MB0000001T"


def test_mistyped_implementation_code_told_to_change_back(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, ID_CARD, IMPL, IMPL.replace("MB0000001T3", "MB0000007T3"))
    problem = only_problem(root)
    assert (problem.file, problem.line, problem.element) == (ID_CARD, position(text, "implementation_code:")[0],
                                                            "实施编码")
    says(problem, "上次提交时是“11990100MB0000001T3990101001000”", "看起来是误改了")
    assert "11990100MB0000001T3990101001000" in problem.hint
    edit(root, ID_CARD, "MB0000007T3", "MB0000001T3")  # the hint: 改回 the committed code
    assert check(root) == []


def test_mistyped_credit_code_told_at_the_credit_code(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, ID_CARD, CREDIT, CREDIT.replace("MB0000001T", "MB0000007T"))
    found = check(root)
    errors = [p for p in found if p.severity == "error"]
    assert len(errors) == 1, shown(found)
    problem = errors[0]
    assert problem.line == position(text, "credit_code: 11990100MB0000007T")[0], shown(found)
    says(problem, "统一社会信用代码现在是“11990100MB0000007T”", "上次提交时是“11990100MB0000001T”")
    assert "credit_code: 11990100MB0000001T" in problem.hint
    edit(root, ID_CARD, "credit_code: 11990100MB0000007T", "credit_code: 11990100MB0000001T")
    assert check(root) == []


def test_without_git_both_are_to_be_checked(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, ID_CARD, IMPL, IMPL.replace("MB0000001T3", "MB0000007T3"))
    problem = only_problem(root)
    says(problem, "实施编码前 18 位", "不一致")


def test_both_changed_is_a_handover_and_asks_to_check_both(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, ID_CARD, IMPL, IMPL.replace("MB0000001T3", "MB0000008T3"))
    edit(root, ID_CARD, CREDIT, CREDIT.replace("MB0000001T", "MB0000007T"))
    errors = [p for p in check(root) if p.severity == "error"]
    assert len(errors) == 1 and "不一致" in errors[0].message, shown(errors)


MARRIAGE = "content/life-events/marriage.yaml"
BIRTH_ITEM = 'items: ["992007001000"]'


def _fix_per_hint(root, relative: str, problem, text: str) -> None:
    """Put back the committed line where the hint says (above or below line N)."""
    import re
    line = re.search(r"补回这一行“(.*)”（行首", problem.hint).group(1)
    number = int(re.search(r"在第 (\d+) 行", problem.hint).group(1))
    lines = text.split("\n")
    at = number - 1 if "行上面" in problem.hint else number
    (root / relative).write_text("\n".join(lines[:at] + [line] + lines[at:]), encoding="utf-8")


def test_line_written_twice_does_not_hide_a_wrong_item(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, MARRIAGE, "lead_department: civil-affairs\n", "lead_department: civil-affairs\n" * 2)
    text = edit(root, MARRIAGE, BIRTH_ITEM, 'items: ["992007001009"]')
    found = sorted(check(root), key=lambda p: p.line)
    assert len(found) == 2, shown(found)
    twice, item = found
    assert (twice.line, twice.element) == (position(text, "lead_department")[0] + 1, "牵头部门"), shown(found)
    assert (item.line, item.element) == (position(text, "992007001009")[0], "事项"), shown(found)
    says(item, "992007001000（生育登记）")
    edit(root, MARRIAGE, "lead_department: civil-affairs\n" * 2, "lead_department: civil-affairs\n")
    edit(root, MARRIAGE, "992007001009", "992007001000")
    assert check(root) == []


def test_stand_ins_are_never_told(tmp_path):
    """A different value written twice, and required lines deleted: only
    those and the wrong item are told, nothing about what stood in for them."""
    root = committed_demo(tmp_path)
    edit(root, MARRIAGE, "audience: individual\n", "audience: individual\naudience: business\n")
    edit(root, MARRIAGE, "lead_department: civil-affairs\n", "")
    text = edit(root, MARRIAGE, BIRTH_ITEM, 'items: ["992007001009"]')
    found = check(root)
    assert sorted(p.element for p in found) == sorted(["服务对象", "牵头部门", "事项"]), shown(found)
    assert "stand-in" not in shown(found) and "—" not in shown(found)
    assert all(p.file == MARRIAGE for p in found)


def test_deleted_first_line_told_above_the_first_element(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, MARRIAGE, "id: marriage\n", "")
    problem = only_problem(root)
    first = position(text, "name: 结婚一件事")[0]
    assert problem.line == first and f"在第 {first} 行上面补回这一行“id: marriage”" in problem.hint, shown([problem])
    _fix_per_hint(root, MARRIAGE, problem, text)
    assert check(root) == []


def test_deleted_name_told_where_it_goes_back(tmp_path):
    relative = "items/power/992022001000.yaml"
    root = committed_demo(tmp_path)
    text = edit(root, relative, "name: 低压居民用电新装\n", "")
    problem = only_problem(root)
    above = position(text, "implementation_code:")[0]
    assert (problem.line, problem.element) == (above, "事项名称"), shown([problem])
    assert f"在第 {above} 行下面补回这一行“name: 低压居民用电新装”" in problem.hint
    _fix_per_hint(root, relative, problem, text)
    assert check(root) == []
