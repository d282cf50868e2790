"""checks/codes.py: a credit code's check character is one fact, told once.

The implementation code holds the implementing body's credit code; when both
state the same 18 characters, a wrong check character (GB 32100-2015) is one
warning at ``implementing_body.credit_code`` — the sczwfw list (广安区) had it
at both, 14 warnings for 7 codes.  Without a stated credit code it stays at the
implementation code; when the two differ, the mismatch alone is told
(tests/checks/test_trial6_messages.py)."""

from __future__ import annotations

from mini_catalogue import check, copy_demo, edit, only_problem, says

TRANSPORT = "items/transport/990110001000.yaml"  # 11990100MB0000010Q in both places
RIGHT, WRONG = "11990100MB0000010Q", "11990100MB0000016Q"  # with a 6 the check character Q should be B


def test_same_credit_code_in_both_places_is_told_once_at_the_credit_code(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, TRANSPORT, f"implementation_code: {RIGHT}", f"implementation_code: {WRONG}")
    edit(root, TRANSPORT, f"  credit_code: {RIGHT}", f"  credit_code: {WRONG}")
    problem = only_problem(root)
    assert not problem.is_error and problem.element == "统一社会信用代码"
    says(problem, "校验位不符", "应为 B")


def test_without_a_stated_credit_code_it_is_told_at_the_implementation_code(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, TRANSPORT, f"implementation_code: {RIGHT}", f"implementation_code: {WRONG}")
    edit(root, TRANSPORT, f"  credit_code: {RIGHT}\n", "")
    found = [p for p in check(root) if "校验位不符" in p.message]
    assert len(found) == 1 and found[0].element == "实施编码", [p.message for p in found]
