"""Clerk trial 7 (docs/clerk-trials.md, "Trial 7"), rows #22 and #3: a
message is at the line to change and its first fix passes when followed
literally.

- #22: ``apply`` given ``next: print`` left check, refuse and issue
  unreachable; the message was at the orphan ``check``, not at the ``next:``
  that caused it.  Now it is at that ``next:``, naming the steps jumped over
  (``consistency._jumped_over``); a step no ``next:`` jumps over is still
  told at the step.
- #3: a promised limit longer than the statutory one on an item marked
  智能秒办 was told twice, and "改为不超过 3 个工作日" left the 智能秒办
  error; the 智能秒办 hint "unit 改为 immediate" left ``value`` and a warning.
"""

from __future__ import annotations

import re

from mini_catalogue import check, copy_demo, edit, only_problem, position, says

EMPLOYMENT = "items/human-resources/992003002000.yaml"  # apply → check (→ refuse, end) → issue → print; instant
ARCHIVE = "items/civil-affairs/992002001000.yaml"  # statutory 3 working days, promised 即办, instant: true
FUNERAL_AID = "items/human-resources/990503003000.yaml"  # statutory 20 working days, promised 5
HOUSING_FUND = "items/housing-fund/992009001000.yaml"  # check → supplement / refuse (end) → approve → transfer
TEACHER = "items/education/990104001000.yaml"  # review → supplement / refuse (end) → decide → deliver

APPLY = "  - {id: apply, name: 网上申请, actor: 申请人}"
JUMPING = "  - {id: apply, name: 网上申请, actor: 申请人, next: print}"


# --- #22: a next: that jumps over steps ------------------------------------------

def test_next_jumping_over_steps_is_told_at_that_next(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, EMPLOYMENT, APPLY, JUMPING)
    problem = only_problem(root)  # one error, not one per step left adrift
    assert problem.file == EMPLOYMENT and problem.is_error and problem.key == "steps[0].next"
    assert problem.element == "下一环节"
    assert problem.line == position(text, "next: print")[0] < position(text, "  - id: check")[0]
    assert problem.message.startswith("环节“网上申请”（apply）写了 next: print，跳过了后面的“自动核验身份和参保信息”（check）")
    says(problem, "（refuse）", "（issue）", "把这里的 next: print 改为 next: check", "删去跳过的环节 check、refuse、issue")
    edit(root, EMPLOYMENT, "next: print}", "next: check}")  # the first fix, literally
    assert check(root) == []


def test_deleting_the_steps_jumped_over_passes_too(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, EMPLOYMENT, APPLY, JUMPING)
    steps = text[text.index("  - id: check"):text.index("  - {id: print")]
    assert "id: refuse" in steps and "id: issue" in steps
    edit(root, EMPLOYMENT, steps, "")  # the second fix: delete check, refuse, issue
    assert check(root) == []


def test_orphan_step_after_an_end_is_told_at_the_end(tmp_path):
    root = copy_demo(tmp_path)
    last = "  - {id: transfer, name: 资金到账, time_limit: {value: 1, unit: working_days}}\n"
    text = edit(root, HOUSING_FUND, last, last.replace("}}\n", "}, end: true}\n") + "  - {id: archive, name: 档案归档}\n")
    problem = only_problem(root)
    assert problem.file == HOUSING_FUND and problem.is_error
    # Told at the end: true that cuts it off (clerk trial 14, #41; before: at the orphan, "上一个环节…写了 end: true").
    assert problem.line == position(text, "{id: transfer")[0] and problem.key.endswith(".end")
    says(problem, "环节“资金到账”（transfer）写了 end: true", "后面的“档案归档”（archive）都因此走不到")
    assert "跳过" not in problem.message
    edit(root, HOUSING_FUND, "working_days}, end: true}", "working_days}}")  # the hint's first fix, literally
    assert check(root) == []


def test_refusal_step_jumped_over_on_purpose_is_not_blamed_on_the_next(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, TEACHER, "    name: 资格审查\n", "    name: 资格审查\n    next: decide\n")
    assert check(root) == []  # the flow as before: the branch steps are detours
    text = edit(root, TEACHER, "      - {when: 体检不合格或不符合条件, to: refuse}\n", "")
    problem = only_problem(root)  # pointing next: at 不予认定 would refuse everyone and leave 认定 adrift
    assert problem.line == position(text, "{id: refuse")[0]
    says(problem, "环节“不予认定”（refuse）从第一个环节走不到")
    assert "next: decide" not in problem.message + problem.hint


# --- #3: a promised limit on an instant item --------------------------------------

def _written_as(hint: str) -> str:
    """The ``promised: {…}`` the hint says to write."""
    found = re.search(r"写成 (promised: \{[^}]*\})", hint)
    assert found, hint
    return found.group(1)


def test_promised_longer_on_an_instant_item_is_one_error_whose_fix_passes(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, ARCHIVE, "promised: {unit: immediate}", "promised: {value: 5, unit: working_days}")
    problem = only_problem(root)  # not a second error at instant: true
    assert problem.file == ARCHIVE and problem.key == "time_limits.promised" and problem.element == "承诺办结时限"
    assert problem.line == position(text, "promised: {value: 5")[0]
    says(problem, "智能秒办", "5 个工作日", "比法定办结时限（3 个工作日）还长", "不超过 3 个工作日")
    edit(root, ARCHIVE, "promised: {value: 5, unit: working_days}", _written_as(problem.hint))
    assert check(root) == []  # no "即办…又写了数值" warning either


def test_not_instant_after_all_passes_with_the_bound(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, ARCHIVE, "promised: {unit: immediate}", "promised: {value: 5, unit: working_days}")
    says(only_problem(root), "把 facilitation 下的 instant: true 改为 instant: false")
    edit(root, ARCHIVE, "  instant: true\n", "  instant: false\n")
    edit(root, ARCHIVE, "promised: {value: 5,", "promised: {value: 3,")
    assert check(root) == []


def test_instant_item_with_a_day_limit_has_a_hint_that_passes(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, ARCHIVE, "promised: {unit: immediate}", "promised: {value: 2, unit: working_days}")
    problem = only_problem(root)
    assert problem.key == "facilitation.instant"
    edit(root, ARCHIVE, "promised: {value: 2, unit: working_days}", _written_as(problem.hint))
    assert check(root) == []  # not "unit 改为 immediate" leaving value: 2 and a warning


def test_promised_longer_without_instant_keeps_its_bound(tmp_path):
    root = copy_demo(tmp_path)
    text = (root / FUNERAL_AID).read_text(encoding="utf-8")
    assert "instant: true" not in text
    promised = re.search(r"promised: \{value: 5, unit: working_days\}", text).group(0)
    edit(root, FUNERAL_AID, promised, promised.replace("5", "25"))
    problem = only_problem(root)
    assert problem.key == "time_limits.promised"
    says(problem, "把承诺办结时限改为不超过 20 个工作日")
    assert "智能秒办" not in problem.message + problem.hint
    edit(root, FUNERAL_AID, "promised: {value: 25,", "promised: {value: 20,")
    assert check(root) == []
