"""Messages of clerk trial 17 (docs/clerk-trials.md, "Trial 17", worst #1,
#4, #5 and #8), each made on a git copy of the demo city, checked, and the
hint followed literally:

- worst #4: the gaps of a changed item were all told "多半是它原来就有的",
  also of a new file and for the gap the edit made.  Now each gap is told as
  what it is (checks/mistakes/gaps_then.py).
- #32 (worst #3): a charged fee whose standard lost its amount passed
  silently.  Now a warning quoting the committed standard
  (checks/mistakes/fee_amounts.py).
- worst #5: a new gap under ``--base`` was told at 1:1 without a hint and
  labelled 错误 while the summary did not count it as an error.  Now at the
  plain run's place with its hint, and counted among the new errors.
- #25, #45 (worst #8): a phone read as a number quotes the committed phone
  (checks/mistakes/text_numbers.py); an unquoted time is not told "六十进制".
"""

from __future__ import annotations

import re
import shutil

from history_repo import commit, committed_demo
from mini_catalogue import check, edit, only_problem, run_cli, says

NOTARY = "items/notary/992033001000.yaml"
LIBRARY = "items/library/992034001000.yaml"
_HEAD = re.compile(r"^(\S+?):(\d+):(\d+): (\S+?)【([^】]*)】[^\n]*\n    怎么改：([^\n]*)", re.M)


def _told(root, *args) -> tuple[str, list[tuple[str, int, str, str, str, str]]]:
    """The ``check``'s output and its messages (file, line, label, element,
    whole first line, hint)."""
    run = run_cli(root, "check", *args)
    out = run.stdout + run.stderr
    assert "Traceback" not in out, out
    return out, [(m[1], int(m[2]), m[4], m[5], m[0].split("\n")[0], m[6]) for m in _HEAD.finditer(out)]


# --- worst #4: each gap of a changed item told as what it is -------------------------------

def test_gap_made_by_the_edit_is_told_as_new(tmp_path):
    root = committed_demo(tmp_path)
    text = (root / NOTARY).read_text(encoding="utf-8").split("\n")
    line = 40  # the second material's necessity (the clerk's attempt 20)
    assert text[line - 1] == "    necessity: required"
    text[line - 1] = "    necessity: situational"
    (root / NOTARY).write_text("\n".join(text), encoding="utf-8")
    out, told = _told(root)
    assert [(f, n, label, element) for f, n, label, element, _, _ in told] == [
        (NOTARY, line, "待补充", "申请材料·适用情形")], out
    first, hint = told[0][4], told[0][5]
    assert "这次改动新增的" in first and "原来就有" not in first and "多半" not in first, first
    assert "applies_when:" in hint
    text.insert(line, "    applies_when: 申请人委托他人办理的")  # "在这份材料下加一行 applies_when: …"
    (root / NOTARY).write_text("\n".join(text), encoding="utf-8")
    out, told = _told(root)
    assert told == [] and "检查通过：68 个事项，0 条提醒" in out, out


def test_gap_already_committed_is_told_as_old(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, LIBRARY, "    form: paper\n", "", )
    commit(root, "form unknown")
    edit(root, LIBRARY, "summary: 凭身份证", "summary: 凭居民身份证")  # another edit of the same item
    out, told = _told(root)
    assert len(told) == 1 and told[0][:4] == (LIBRARY, told[0][1], "待补充", "申请材料·材料形式"), out
    first = told[0][4]
    assert "原来就有的" in first and "上次提交时这个事项就没有写" in first and "新增" not in first, first


def test_gaps_of_a_new_item_file_are_told_as_of_a_new_item(tmp_path):
    root = committed_demo(tmp_path)
    new = "items/library/992034002000.yaml"
    shutil.copy(root / LIBRARY, root / new)
    edit(root, new, 'code: "992034001000"', 'code: "992034002000"')
    edit(root, new, "name: 读者证办理", "name: 读者证补办")
    edit(root, new, "    form: paper\n", "")
    out, told = _told(root)
    gaps = [t for t in told if t[2] == "待补充"]
    assert [(f, element) for f, _, _, element, _, _ in gaps] == [(new, "申请材料·材料形式")], out
    first = gaps[0][4]
    assert "这是新建的事项" in first and "原来就有的" not in first and "这一处待补充是" not in first, first
    assert "form:" in gaps[0][5]
    edit(root, new, "    necessity: required\n", "    necessity: required\n    form: paper\n")  # the hint followed
    out, told = _told(root)
    assert [t for t in told if t[2] == "待补充"] == [], out


# --- #32 (worst #3): a charged fee whose standard lost its amount --------------------------

MEDICAL = "items/medical-insurance/992008001000.yaml"


def test_fee_standard_without_amount_is_a_warning_quoting_the_committed_one(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, MEDICAL, "standard: 2026 年度每人 400 元", "standard: 2026 年度每人")
    problem = only_problem(root)
    assert (problem.file, problem.line, problem.element, problem.severity) == (MEDICAL, 60, "收费标准", "warning")
    says(problem, "没有写金额", "上次提交时这里是“2026 年度每人 400 元”")
    back = re.search(r"改回上次提交时的“([^”]+)”", problem.hint).group(1)
    edit(root, MEDICAL, "standard: 2026 年度每人", f"standard: {back}")  # the hint followed
    assert check(root) == []


def test_fee_standard_without_amount_never_committed_says_what_to_write(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, MEDICAL, "standard: 2026 年度每人 400 元", "standard: 2026 年度每人")
    commit(root, "amount unknown")
    problem = only_problem(root)
    assert problem.line == 60 and "上次提交" not in problem.message + problem.hint
    says(problem, "没有写金额", "写上金额")
    edit(root, MEDICAL, "standard: 2026 年度每人", "standard: 2026 年度每人 420 元")
    assert check(root) == []


def test_fee_standards_naming_a_price_list_or_free_cases_are_amounts():
    from generator.checks.mistakes.fee_amounts import states_amount
    for said in ("按殡仪馆公示价格，由家属自愿选择", "按实际工程量结算；小微餐饮企业 20 米以内免收",
                 "住宅每平方米 1.36 元", "按遗产价值分段累进收取", "每证二十元", "按标的额的 1%"):
        assert states_amount(said), said
    for said in ("2026 年度每人", "每证", "每人每次"):
        assert not states_amount(said), said


# --- worst #5: a new gap under --base, where and how the plain run tells it -----------------

def test_new_gap_under_base_is_told_at_its_line_with_the_hint_and_counted_as_an_error(tmp_path):
    root = committed_demo(tmp_path)
    text = (root / NOTARY).read_text(encoding="utf-8").split("\n")
    assert text[39] == "    necessity: required"
    text[39] = "    necessity: situational"
    (root / NOTARY).write_text("\n".join(text), encoding="utf-8")
    run = run_cli(root, "check", "--base", "HEAD")
    out = run.stdout + run.stderr
    assert run.returncode == 1 and "Traceback" not in out, out
    told = _HEAD.findall(out)
    assert len(told) == 1, out
    assert (told[0][0], told[0][1], told[0][3], told[0][4]) == (NOTARY, "40", "错误", "申请材料·适用情形"), out
    assert "applies_when:" in told[0][5]
    assert "新增 1 个错误（其中 1 处是改动的事项新增的“信息待补充”" in out, out
    text.insert(40, "    applies_when: 申请人委托他人办理的")  # the hint followed
    (root / NOTARY).write_text("\n".join(text), encoding="utf-8")
    run = run_cli(root, "check", "--base", "HEAD")
    assert run.returncode == 0 and "新增 0 个错误、0 条提醒" in run.stdout, run.stdout + run.stderr


# --- #25, #45 (worst #8): a phone read as a number; a time read as a number ------------------

def test_phone_read_as_number_quotes_the_committed_phone(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, "content/departments.yaml", '  phone: "0001-88002200"', "  phone: 88002200")
    problem = only_problem(root)
    assert (problem.file, problem.line, problem.element) == ("content/departments.yaml", 23, "咨询电话")
    says(problem, '上次提交时这里是 "0001-88002200"', '改回上次提交时的 "0001-88002200"')
    back = re.search(r'改回上次提交时的 ("[^"]+")', problem.hint).group(1)
    edit(root, "content/departments.yaml", "  phone: 88002200", f"  phone: {back}")  # the hint followed
    assert check(root) == []


def test_phone_read_as_number_without_a_committed_text_is_told_to_quote_it(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, "content/departments.yaml", '  phone: "0001-88002200"', "  phone: 88002200")
    commit(root, "phone as a number")
    problem = only_problem(root)
    assert "上次提交" not in problem.message + problem.hint
    says(problem, '"88002200"')


def test_unquoted_time_is_told_without_jargon(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, "content/offices.yaml", 'close: "20:30"', "close: 20:30")
    problem = only_problem(root)
    says(problem, "20:30 没有加引号，会被当成一个数，不是时间")
    assert "六十进制" not in problem.message + problem.hint
