"""Clerk trials, W11: a YAML syntax error in an item file no longer hides the
file's other problems (they are reported in the same run, found with the
broken part left out, and never caused by leaving it out), and a line
indented off its level is named with its element and the spaces meant."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import read_settings
from generator.checks.validate import build_catalogue
from mini_catalogue import ITEM, check, copy_mini, original, position

NOTE = "列出的问题可能会有变化"


def _written(tmp_path: Path, *changes: tuple[str, str]) -> tuple[Path, str]:
    """A copy of the mini catalogue with each (old, new) replaced once in the item."""
    root = copy_mini(tmp_path)
    text = original()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    (root / ITEM).write_text(text, encoding="utf-8")
    return root, text


def _shown(problems) -> str:
    return "\n".join(p.format_text({"error": "E", "warning": "W", "hint": "H"}) for p in problems)


def test_two_slips_in_one_file_both_reported_in_one_run(tmp_path):
    root, text = _written(tmp_path, ("    necessity: required", "   necessity: required"),
                          ("  scope: local", "  scope: planet"))
    found = check(root)
    assert len(found) == 2, _shown(found)
    syntax, enum = sorted(found, key=lambda p: p.line)
    assert syntax.line == position(text, "   necessity")[0] and "necessity" in syntax.message
    assert enum.line == position(text, "scope: planet")[0] and "planet" in enum.message
    assert NOTE in syntax.hint and NOTE not in enum.hint
    report = build_catalogue(root, read_settings(root))
    assert [h.source for h in report.catalogue.held_back] == [ITEM]  # the file stays held back
    assert ITEM not in {e.source for e in report.catalogue.entries}


def test_a_second_syntax_error_is_reported_too(tmp_path):
    root, text = _written(tmp_path, ("item_type: licensing", " item_type: licensing"),
                          ("  charged: true", " charged: true"))
    found = check(root)
    assert [p.line for p in found] == [position(text, " item_type")[0], position(text, " charged")[0]], _shown(found)


@pytest.mark.parametrize("old,new,element,now,spaces", [
    ("    necessity: required", "   necessity: required", "necessity（必要性）", 3, 4),
    ("    necessity: required", "     necessity: required", "necessity（必要性）", 5, 4),
    ("    form: paper", "  form: paper", "form（材料形式）", 2, 4),
    ("  scope: local", "   scope: local", "scope（通办范围）", 3, 2),
    ("item_type: licensing", " item_type: licensing", "item_type（事项类型）", 1, 0),
    # YAML notices this one on the next line ("  items:"): the slip is named where it is.
    ("  charged: true", " charged: true", "charged（是否收费）", 1, 2),
])
def test_indentation_slip_names_the_element_and_the_spaces(tmp_path, old, new, element, now, spaces):
    root, text = _written(tmp_path, (old, new))
    found = check(root)
    assert len(found) == 1, _shown(found)
    problem = found[0]
    assert (problem.line, problem.column) == (position(text, new)[0], now + 1)
    shown = problem.message + problem.hint
    assert element in shown and f"有 {now} 个空格，应是 {spaces} 个空格" in shown, shown
    assert "检查这一行及上一行" not in shown and NOTE not in shown


@pytest.mark.parametrize("old,new", [
    ("name: 居民身份证首次申领", "name: 居民身份证首次申领: 加了冒号"),  # a required element cut
    ('code: "990101001000"', 'code: "990101001000"]'),  # the first line
    ("aliases: [办身份证, 第一次办身份证]", "aliases: [办身份证, 第一次办身份证"),  # a bracket left open
    ("  - 年满十六周岁", "  - 年满十六周岁\n 和其他条件"),  # a list broken
    ("    necessity: required", "   necessity: required"),
])
def test_no_false_alarm_from_what_was_left_out(tmp_path, old, new):
    root, _ = _written(tmp_path, (old, new))
    found = check(root)
    assert len(found) == 1 and found[0].is_error, _shown(found)
    assert NOTE not in found[0].hint


def test_a_tab_in_the_indentation_does_not_hide_the_rest(tmp_path):
    root, text = _written(tmp_path, ("    necessity: required", "\t\tnecessity: required"),
                          ("  scope: local", "  scope: planet"))
    found = sorted(check(root), key=lambda p: p.line)
    assert [p.line for p in found] == [position(text, "\t")[0], position(text, "planet")[0]], _shown(found)
    assert "制表符" in found[0].message and "这里应是 4 个空格" in found[0].hint
    assert NOTE not in found[0].hint  # the line is read with the spaces told: nothing left out (clerk trial 13, #4)
