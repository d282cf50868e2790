"""County trial 2, #6: ``visits: 0`` (零跑动) on an item handled only at the
office (window, self-service terminal; no online or mail form) contradicts
itself: ``check`` warns at the ``visits`` line, in Chinese, saying what is
contradictory and the fix.  An item that can be done online or by mail, or
that states no forms, is not told.  On the mini catalogue's window item."""

from __future__ import annotations

import pytest

from mini_catalogue import ITEM, check, copy_mini, edit, position, run_cli


def zero_visits(root) -> str:
    edit(root, ITEM, "visit_reason: 需本人到场采集人像和指纹信息，领证时需本人核验。\n", "")
    return edit(root, ITEM, "visits: 2\n", "visits: 0\n")


def told(root) -> list:
    return [p for p in check(root) if "零跑动" in p.message]


@pytest.mark.parametrize("forms,said", [("[window]", "窗口办理"),
                                        ("[window, self_service]", "窗口办理、自助终端")])
def test_zero_visits_on_an_item_handled_only_at_the_office_is_told_at_its_line(tmp_path, forms, said):
    root = copy_mini(tmp_path)
    edit(root, ITEM, "  forms: [window]\n", f"  forms: {forms}\n")
    text = zero_visits(root)
    found = told(root)
    assert len(found) == 1, found
    problem = found[0]
    assert not problem.is_error  # a warning: the item is published
    assert (problem.file, problem.line) == (ITEM, position(text, "visits: 0")[0])
    assert f"办理形式只有{said}" in problem.message and "互相矛盾" in problem.message
    assert "visits: 1" in problem.hint and "online" in problem.hint


@pytest.mark.parametrize("forms", ["[window, online]", "[window, mail]"])
def test_zero_visits_with_a_way_without_a_trip_is_not_told(tmp_path, forms):
    root = copy_mini(tmp_path)
    edit(root, ITEM, "  forms: [window]\n", f"  forms: {forms}\n")
    zero_visits(root)
    assert told(root) == []


def test_zero_visits_without_stated_forms_is_not_told(tmp_path):
    root = copy_mini(tmp_path)
    edit(root, ITEM, "channels:\n  forms: [window]\n  scope: local\n", "")
    zero_visits(root)
    assert told(root) == []


def test_the_cli_says_it_in_chinese_with_the_fix(tmp_path):
    root = copy_mini(tmp_path)
    zero_visits(root)
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stdout + result.stderr  # a warning does not fail the check
    lines = result.stdout.splitlines()
    at = next(n for n, line in enumerate(lines) if "零跑动（visits: 0）" in line)
    assert lines[at].startswith(f"{ITEM}:") and "提醒" in lines[at]
    assert "怎么改" in lines[at + 1] and "Traceback" not in result.stderr
