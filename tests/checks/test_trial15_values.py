"""Clerk trial 15 (docs/clerk-trials.md, "Trial 15", worst #4, #5, #7, #8):
values a clerk changed by hand, each made on a git copy of the demo city,
checked, and the hint followed literally.

- #20: a credit code's check character changed since the last commit was a
  warning opening "这是来源数据的问题，不影响发布"; now an error that gives the
  committed code to change back (checks/mistakes/impl_meant.credit_slip).
- #37: 监护人同意证明 was offered guardianship（监护关系证明）as the closest
  proof, and ``proof: guardianship`` then passed silently; now a proof that
  shares only some characters is named as probably another document, and a
  tagged material whose name is not kin to its proof is a warning
  (checks/mistakes/proof_kin.py).
- #26: ``close: "03:00"`` after ``open: "09:00"`` is offered 15:00 with the
  line to write (checks/mistakes/time_meant.afternoon_close).
- #4: a promised limit made longer than the statutory one is offered the
  committed promise, the computed ceiling said to be only a ceiling
  (checks/mistakes/limit_meant.py).
"""

from __future__ import annotations

import re

import pytest

from generator.checks.mistakes.proof_kin import kin
from generator.checks.mistakes.time_meant import afternoon_close
from history_repo import commit, committed_demo
from mini_catalogue import check, copy_demo, edit, only_problem, position, says, shown

MARKET = "items/market-regulation/990105002000.yaml"  # credit_code: 11990100MB00000057, no implementation code
NOTARY = "items/notary/992033001000.yaml"  # credit code 12990100MB00000168, inside its implementation code
LIBRARY = "items/library/992034001000.yaml"
OFFICES = "content/offices.yaml"
ID_CARD = "items/public-security/990101001000.yaml"  # statutory 60 calendar days, promised 15 working days
SATURDAY = '    - {days: [sat], open: "09:00", close: "15:00"}'  # exit-entry-hall.hours[2]
CREDIT = "credit_code: 11990100MB00000057"


def _written_as(hint: str, key: str) -> str:
    """The line "写成 key: …" of a hint."""
    return re.search(rf"写成 ({key}: [^）)]+)", hint).group(1)


# --- #20: a credit code changed by hand since the last commit ---------------------------------

@pytest.mark.parametrize("typed", ["11990100MB00000058", "11990100MB00000075", "11990100MB0000057"])
def test_credit_code_slip_since_the_commit_is_told_with_the_committed_code(tmp_path, typed):
    root = committed_demo(tmp_path)
    text = edit(root, MARKET, CREDIT, f"credit_code: {typed}")  # check character, transposed, a digit lost
    problem = only_problem(root)
    assert problem.is_error and (problem.file, problem.line) == (MARKET, position(text, typed)[0])
    assert problem.column == position(text, typed)[1]
    assert (problem.element, problem.key) == ("统一社会信用代码", "implementing_body.credit_code")
    says(problem, "上次提交时是 11990100MB00000057", f"这次改成了 {typed}", "看起来是误改了",
         "改回 11990100MB00000057", f"写成 {CREDIT}")
    assert "来源数据" not in problem.hint and "不影响发布" not in problem.hint
    edit(root, MARKET, f"credit_code: {typed}", _written_as(problem.hint, "credit_code"))  # the hint, literally
    assert check(root) == []


def test_credit_code_inside_an_implementation_code_is_one_message(tmp_path):
    """The implementation code still holds the committed credit code: one
    error (credit_changed, trial 13), not also the check-character warning."""
    root = committed_demo(tmp_path)
    edit(root, NOTARY, "credit_code: 12990100MB00000168", "credit_code: 12990100MB00000169")
    problem = only_problem(root)
    assert problem.is_error and problem.key == "implementing_body.credit_code"
    says(problem, "上次提交时是“12990100MB00000168”", "改回 12990100MB00000168")
    edit(root, NOTARY, "credit_code: 12990100MB00000169", _written_as(problem.hint, "credit_code"))
    assert check(root) == []


def test_credit_code_without_git_keeps_the_source_data_warning(tmp_path):
    root = copy_demo(tmp_path)  # a tarball: nothing to compare with
    edit(root, MARKET, CREDIT, "credit_code: 11990100MB00000058")
    problem = only_problem(root)
    assert not problem.is_error and problem.key == "implementing_body.credit_code"
    says(problem, "校验位不符：最后一位是 8", "应为 7", "这是来源数据的问题，不影响发布")
    assert "上次提交" not in problem.message


def test_credit_code_committed_with_a_wrong_check_character_keeps_the_warning(tmp_path):
    """Imported data committed as the source had it, then another code
    (more than a slip away): the source's problem, told as before."""
    root = committed_demo(tmp_path)
    edit(root, MARKET, CREDIT, "credit_code: 11990100MB00000058")
    commit(root, "imported as the source has it")
    edit(root, MARKET, "credit_code: 11990100MB00000058", "credit_code: 11990100MB00000059")
    assert "这是来源数据的问题" in only_problem(root).hint
    edit(root, MARKET, "credit_code: 11990100MB00000059", "credit_code: 12990100MB00001234")
    problem = only_problem(root)
    assert not problem.is_error and "这是来源数据的问题" in problem.hint, shown([problem])


# --- #37: a material that looks like a proof, and names alike -----------------------------------

CONSENT = ("  - name: 监护人同意证明\n    necessity: situational\n    applies_when: 未满 16 周岁的读者\n"
           "    form: paper\n    original: original\n    copies: 1\n    source: applicant\n")
AFTER = "    original: original_shown\nsteps:"


def _add_consent(root, extra: str = "") -> str:
    return edit(root, LIBRARY, AFTER, AFTER.replace("steps:", CONSENT + extra + "steps:"))


def test_proof_alike_only_is_named_as_another_document(tmp_path):
    root = committed_demo(tmp_path)
    text = _add_consent(root)
    problem = only_problem(root)
    assert not problem.is_error and (problem.line, problem.column) == position(text, "监护人同意证明")
    assert (problem.element, problem.key) == ("材料名称", "materials[1].name")
    says(problem, "它不是清单中的证明", "guardianship（监护关系证明）与它只有“监护”相同",
         "名称相近的不一定是同一种证明", "不要写 proof: guardianship", "不用改", "在 content/proofs.yaml 登记它")
    assert "最接近的" not in problem.hint
    # The hint, literally: register it, then write its id.
    (root / "content/proofs.yaml").write_text((root / "content/proofs.yaml").read_text(encoding="utf-8") + (
        "\n- id: guardian-consent\n  name: 监护人同意证明\n  issuer: 监护人\n"
        "  basis: 《中华人民共和国民法典》第十九条\n"), encoding="utf-8")
    edit(root, LIBRARY, "    source: applicant\nsteps:", "    source: applicant\n    proof: guardian-consent\nsteps:")
    assert check(root) == []


def test_proof_written_for_a_name_alike_only_is_a_warning(tmp_path):
    """The trial's silent pass: ``proof: guardianship`` on 监护人同意证明."""
    root = committed_demo(tmp_path)
    text = _add_consent(root, "    proof: guardianship\n")
    problem = only_problem(root)
    assert not problem.is_error and (problem.line, problem.column) == position(text, "guardianship")
    assert (problem.element, problem.key) == ("证明材料编号", "materials[1].proof")
    says(problem, "写的是 proof: guardianship，即清单中的“监护关系证明”", "只有“监护”相同",
         "名称相近的不一定是同一种证明", "删去 proof: guardianship 这一行",
         "把“监护人同意证明”加进 content/proofs.yaml 中 guardianship 的 aliases")
    edit(root, LIBRARY, "    proof: guardianship\n", "")  # not that proof: the hint, literally
    assert "它不是清单中的证明" in only_problem(root).hint


def test_kin_proof_is_offered_with_the_word_to_check_it(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, LIBRARY, AFTER, AFTER.replace("steps:", CONSENT.replace("监护人同意证明", "住址证明") + "steps:"))
    problem = only_problem(root)
    assert problem.line == position(text, "住址证明")[0]
    says(problem, "最接近的：residence（居住证明）", "名称相近的不一定是同一种证明，先核对")
    edit(root, LIBRARY, "    source: applicant\nsteps:", "    source: applicant\n    proof: residence\nsteps:")
    assert check(root) == []


@pytest.mark.parametrize(("material", "proof", "same"), [
    ("监护人同意证明", "监护关系证明", False), ("户籍证明", "户口注销证明", False),
    ("住址证明", "居住证明", True), ("死亡证明", "居民死亡医学证明（推断）书", True),
    ("无犯罪证明", "无犯罪记录证明", True), ("居委会出具的亲属关系证明", "亲属关系证明", True),
])
def test_kin_reads_what_the_names_share_besides_the_proof_word(material, proof, same):
    assert kin(material, proof, ("证明",)) is same


# --- #26: an office closing at 03:00 meant 15:00 ------------------------------------------------

def test_close_twelve_hours_early_is_offered_the_afternoon(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, OFFICES, SATURDAY, SATURDAY.replace('close: "15:00"', 'close: "03:00"'))
    problem = only_problem(root)
    assert not problem.is_error and (problem.line, problem.column) == position(text, '"03:00"')
    assert (problem.element, problem.key) == ("结束时间", "exit-entry-hall.hours[2].close")
    says(problem, "共 18 小时", "是不是想写 15:00（下午三点）？", '把 close: "03:00" 改成 close: "15:00"')
    old, new = re.search(r'把 (close: "[^"]+") 改成 (close: "[^"]+")', problem.hint).groups()
    edit(root, OFFICES, old, new)  # the hint, literally
    assert check(root) == []


@pytest.mark.parametrize(("open_", "close"), [("20:00", "03:00"), ("09:00", "24:00"), ("00:00", "24:00"),
                                              ("18:00", "06:00")])
def test_night_and_round_the_clock_hours_stay_quiet(tmp_path, open_, close):
    root = committed_demo(tmp_path)
    edit(root, OFFICES, SATURDAY, f'    - {{days: [sat], open: "{open_}", close: "{close}"}}')
    assert check(root) == []


@pytest.mark.parametrize(("open_", "close", "offered"), [
    ("09:00", "03:00", "15:00"), ("08:30", "01:30", "13:30"), ("08:30", "00:30", "12:30"),
    ("16:00", "06:00", ""),  # 14 hours: a night shift, no afternoon reading
    ("13:00", "00:30", ""),  # 12:30 is before the opening
])
def test_afternoon_reading_only_after_the_opening_and_for_a_long_period(open_, close, offered):
    said = afternoon_close(open_, close)
    assert (f"是不是想写 {offered}" in said) if offered else said == ""


def test_swapped_hours_keep_the_swap_alone(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, OFFICES, SATURDAY, '    - {days: [sat], open: "17:00", close: "08:00"}')
    problem = only_problem(root)
    says(problem, "是不是把 open 和 close 写反了")
    assert "是不是想写" not in problem.hint


# --- #4: a promised limit longer than the statutory one -------------------------------------------

PROMISED = "  promised:\n    value: 15\n    unit: working_days"
STATUTORY = "  statutory:\n    value: 60\n    unit: calendar_days"


def _follow(root, block: str, hint: str) -> None:
    """Do "把 value: A 改回 value: B" inside ``block`` (its first line) of the ID-card file."""
    old, new = re.search(r"把 (value: \d+) 改回 (value: \d+)", hint).groups()
    text = (root / ID_CARD).read_text(encoding="utf-8")
    start = text.index(block)
    end = text.index(old, start)
    (root / ID_CARD).write_text(text[:end] + new + text[end + len(old):], encoding="utf-8")


def test_promised_limit_made_longer_is_offered_the_committed_one(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, ID_CARD, PROMISED, PROMISED.replace("15", "90"))
    problem = only_problem(root)
    assert problem.is_error and (problem.line, problem.column) == position(text, "value: 90")  # the line to change
    assert (problem.element, problem.key) == ("承诺办结时限", "time_limits.promised")
    says(problem, "承诺办结时限（90 个工作日）比法定办结时限（60 个自然日）还长", "上次提交时承诺的是 15 个工作日",
         "改回上次提交时的承诺时限", "把 value: 90 改回 value: 15", "42 个工作日只是按法定时限折算的上限")
    assert "改为不超过 42" not in problem.hint
    _follow(root, "  promised:", problem.hint)
    assert check(root) == []


def test_promised_unit_changed_is_told_both_lines(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, ID_CARD, PROMISED, "  promised:\n    value: 90\n    unit: calendar_days")
    problem = only_problem(root)
    says(problem, "上次提交时承诺的是 15 个工作日", "把 value 改回 15、unit 改回 working_days（两行都改）")
    edit(root, ID_CARD, "  promised:\n    value: 90\n    unit: calendar_days", PROMISED)  # both lines
    assert check(root) == []


def test_statutory_limit_made_shorter_is_told_at_its_line(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, ID_CARD, STATUTORY, STATUTORY.replace("60", "6"))
    problem = only_problem(root)
    assert problem.is_error and (problem.line, problem.column) == position(text, "value: 6\n")
    assert (problem.element, problem.key) == ("法定办结时限", "time_limits.statutory")
    says(problem, "上次提交时法定办结时限是 60 个自然日", "把 value: 6 改回 value: 60")
    _follow(root, "  statutory:", problem.hint)
    assert check(root) == []


def test_promised_limit_without_git_keeps_the_ceiling(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, ID_CARD, PROMISED, PROMISED.replace("15", "90"))
    problem = only_problem(root)
    says(problem, "改为不超过 42 个工作日")
    assert "上次提交" not in problem.message + problem.hint
