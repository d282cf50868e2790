"""Messages of clerk trial 18 (docs/clerk-trials.md, "Trial 18") about
references and values, each made on a git copy of the demo city, checked,
and the hint followed literally:

- #11 (worst 5): an unknown code in an office's hours ``items`` is offered
  first the items handled at that office; an item listed there whose
  ``offices`` lack the office is a warning (checks/mistakes/hours_items.py).
- #35 (worst 6): a life-event step with the wrong item is offered the item
  its name describes (checks/mistakes/names.py).
- #17 (worst 7): a duplicate step id says which step to change and to what
  (checks/mistakes/step_ids.py).
- #31 (worst 8), #10: a Chinese meaning written for an enumerated value is
  offered that value (checks/mistakes/enum_labels.py); an unquoted time's
  example is the time written.
"""

from __future__ import annotations

import re

from history_repo import committed_demo
from clerk_cli import passes as _passes, replace_line as _replace_line, told as _told

OFFICES = "content/offices.yaml"
START = "content/life-events/start-business.yaml"
CERT = "items/civil-affairs/992002001000.yaml"
GRANT = "items/education/990504001000.yaml"
SATURDAY = '    - {days: [sat], open: "09:00", close: "12:00", note: 周六上午只办理结婚登记, items: ["990702001000"]}'





def _first_meant(hint: str) -> str:
    """The first code of "是不是想写 A（…）、B（…）？"."""
    return re.search(r"是不是想写 ([0-9a-z_-]+)[（？]", hint).group(1)


# --- #11: office hours items ----------------------------------------------------------------

def test_unknown_hours_item_is_offered_the_items_of_the_office_first(tmp_path):
    root = committed_demo(tmp_path)
    line = _replace_line(root / OFFICES, SATURDAY, SATURDAY.replace("990702001000", "990701001001"))
    out, told = _told(root)
    assert [(f, n, label, element) for f, n, label, element, _, _ in told] == [
        (OFFICES, line, "错误", "只办理的事项")], out
    hint = told[0][5]
    assert _first_meant(hint) == "990702001000", hint  # 结婚登记, named by the note, handled there
    assert hint.index("990702001000") < hint.index("990701001000（出生登记）"), hint
    _replace_line(root / OFFICES, SATURDAY.replace("990702001000", "990701001001"), SATURDAY)
    _passes(root)


def test_hours_item_not_handled_at_the_office_is_a_warning(tmp_path):
    root = committed_demo(tmp_path)
    wrong = SATURDAY.replace("990702001000", "990701001000")  # 出生登记: its offices lack the registry
    line = _replace_line(root / OFFICES, SATURDAY, wrong)
    out, told = _told(root)
    assert [(f, n, label, element) for f, n, label, element, _, _ in told] == [
        (OFFICES, line, "提醒", "只办理的事项")], out
    assert "990701001000（出生登记）的办理地点（offices）里没有 marriage-registry（示范市婚姻登记处）" in told[0][4]
    assert "990702001000（内地居民结婚登记）" in told[0][5], told[0][5]
    _replace_line(root / OFFICES, wrong, SATURDAY)  # "写错了编号就改成这里要办的事项"
    _passes(root)


# --- #35: a step's item offered by the step's name ---------------------------------------------

def test_step_with_wrong_item_is_offered_the_item_its_name_describes(tmp_path):
    root = committed_demo(tmp_path)
    path = root / START
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index("  - name: 单位参保登记") + 1
    assert lines[at] == '    items: ["992003003000"]'
    _replace_line(path, lines[at], '    items: ["992003001000"]')
    out, told = _told(root)
    assert [(f, n, label, element) for f, n, label, element, _, _ in told] == [
        (START, at + 1, "提醒", "事项")], out
    assert _first_meant(told[0][5]) == "992003003000" and "（用人单位社会保险登记）" in told[0][5], told[0][5]
    _replace_line(path, '    items: ["992003001000"]', '    items: ["992003003000"]')
    _passes(root)


# --- #17: a duplicate step id ---------------------------------------------------------------------

def test_duplicate_step_id_names_the_new_one_and_a_free_id(tmp_path):
    root = committed_demo(tmp_path)
    line = _replace_line(root / CERT, "  - {id: generate, name: 生成电子证明}", "  - {id: query, name: 生成电子证明}")
    out, told = _told(root)
    assert [(f, n, label, element) for f, n, label, element, _, _ in told] == [
        (CERT, line, "错误", "环节编号")], out
    hint = told[0][5]
    assert "环节“生成电子证明”的 id 改成本事项内没用过的 generate（写成 id: generate）" in hint, hint
    _replace_line(root / CERT, "  - {id: query, name: 生成电子证明}", "  - {id: generate, name: 生成电子证明}")
    _passes(root)


def test_duplicate_step_id_added_above_the_committed_one(tmp_path):
    """The new step is the first of the two: it is the one to change, and the
    id offered is numbered (no step of its name was committed)."""
    root = committed_demo(tmp_path)
    text = (root / CERT).read_text(encoding="utf-8")
    assert "  - id: query\n" in text
    (root / CERT).write_text(text.replace("  - id: query\n", "  - {id: query, name: 人工核对, next: query}\n"
                                          "  - id: query\n", 1), encoding="utf-8")
    line = text.split("\n").index("  - id: query") + 1
    out, told = _told(root)
    assert [(f, n, label, element) for f, n, label, element, _, _ in told] == [
        (CERT, line, "错误", "环节编号")], out
    assert "上次提交时就是它的编号，所以改这一个" in told[0][4], told[0][4]
    assert "环节“人工核对”的 id 改成本事项内没用过的 query2（写成 id: query2）" in told[0][5], told[0][5]
    fixed = text.replace("  - id: query\n", "  - {id: query2, name: 人工核对, next: query}\n  - id: query\n", 1)
    (root / CERT).write_text(fixed, encoding="utf-8")
    out, told = _told(root)
    assert not [t for t in told if t[3] == "环节编号"] and "Traceback" not in out, out


# --- #31, #10: values written as their meaning; a time's own example ----------------------------

def test_enumerated_value_written_as_its_meaning_is_offered_the_value(tmp_path):
    root = committed_demo(tmp_path)
    lines = (root / GRANT).read_text(encoding="utf-8").split("\n")
    line = lines.index("    form: paper") + 1
    for meaning, value in (("纸质", "paper"), ("电子", "electronic")):
        lines[line - 1] = f"    form: {meaning}"
        (root / GRANT).write_text("\n".join(lines), encoding="utf-8")
        out, told = _told(root)
        assert [(f, n, label, element) for f, n, label, element, _, _ in told] == [
            (GRANT, line, "错误", "材料形式")], out
        assert told[0][5].startswith(f"是不是想写 {value}（{meaning}）？"), told[0][5]
    lines[line - 1] = "    form: paper"
    (root / GRANT).write_text("\n".join(lines), encoding="utf-8")
    _passes(root)


def test_unquoted_time_hint_uses_the_time_written(tmp_path):
    root = committed_demo(tmp_path)
    monday = '    - {days: [mon, tue, wed, thu, fri], open: "09:00", close: "17:00"}'
    wrong = monday.replace('"17:00"', "17:00")
    line = _replace_line(root / OFFICES, next(l for l in (root / OFFICES).read_text(encoding="utf-8").split("\n")
                                              if l == monday), wrong)
    out, told = _told(root)
    assert [(f, n, element) for f, n, _, element, _, _ in told] == [(OFFICES, line, "结束时间")], out
    assert 'time' not in told[0][5] and '如 "17:00"' in told[0][5], told[0][5]
    _replace_line(root / OFFICES, wrong, wrong.replace("17:00", '"17:00"'))
    _passes(root)
