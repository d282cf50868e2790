"""Trial-13 leftovers (docs/clerk-trials.md, "Trial 13", worst #5): an
implementation code whose first 18 characters differ from the implementing
body's credit code was told "核对后改正抄错的一处", leaving the clerk to work
out which of the two was mistyped.  With git, the one changed since the last
commit is told, with the committed value to restore
(checks/mistakes/impl_meant.credit_meant); without git, or when both
changed (a real handover), the message still asks to check both."""

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
