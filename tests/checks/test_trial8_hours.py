"""Clerk trial 8 (docs/clerk-trials.md, "Trial 8"): #27, a closing time
``"2:00"`` (meant 12:00) told to be written "02:00", which is before the
opening and drew a warning of its own; #19, an implementing body written as a
near miss of another department's registered name, which passed silently."""

from __future__ import annotations

from generator.checks.consistency import near_name
from mini_catalogue import check, copy_demo, edit, only_problem, position, says, shown

OFFICES = "content/offices.yaml"
SATURDAY = '{days: [sat], open: "09:00", close: "12:00", note: 周六上午只办理结婚登记'
WEEKDAYS = '{days: [mon, tue, wed, thu, fri], open: "08:30", close: "17:00"}'
GAS = "items/gas/992023001000.yaml"
GAS_BODY = "  name: 示范市燃气有限公司\n  nature: statutory"


# --- #27: a one-digit hour read against the other end of its period ----------------

def test_close_before_the_opening_suggests_the_afternoon_first(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, OFFICES, SATURDAY, SATURDAY.replace('close: "12:00"', 'close: "2:00"'))
    problem = only_problem(root)
    assert problem.file == OFFICES and problem.is_error and problem.element == "结束时间"
    assert (problem.line, problem.column) == position(text, '"2:00"')
    says(problem, "“2:00”", '如果确实是凌晨两点，写 "02:00"')
    assert problem.hint.startswith('写成 "14:00"（下午两点）'), problem.hint
    edit(root, OFFICES, 'close: "2:00"', 'close: "14:00"')  # the first suggestion, followed literally
    assert check(root) == []


def test_the_morning_reading_is_still_given_when_it_passes(tmp_path):
    root = copy_demo(tmp_path)
    assert WEEKDAYS in (root / OFFICES).read_text(encoding="utf-8")
    edit(root, OFFICES, WEEKDAYS, WEEKDAYS.replace('open: "08:30"', 'open: "8:30"'))
    problem = only_problem(root)
    assert problem.element == "开始时间"
    assert problem.hint.startswith('写成 "08:30"'), problem.hint
    assert "下午" not in problem.hint
    edit(root, OFFICES, '"8:30"', '"08:30"')
    assert check(root) == []


def test_an_opening_after_the_close_is_read_in_the_evening(tmp_path):
    # Open "8:30" to close 01:30 would run 17 hours past midnight: 20:30 (晚上八点半) to 01:30 passes.
    root = copy_demo(tmp_path)
    edit(root, OFFICES, WEEKDAYS, WEEKDAYS.replace('open: "08:30", close: "17:00"', 'open: "8:30", close: "01:30"'))
    problem = only_problem(root)
    assert problem.element == "开始时间"
    assert problem.hint.startswith('写成 "20:30"（晚上八点半）'), problem.hint
    says(problem, '如果确实是上午八点半，写 "08:30"')
    edit(root, OFFICES, 'open: "8:30"', 'open: "20:30"')
    assert check(root) == []


# --- #19: an implementing body nearly another department's name -------------------

def test_near_miss_of_another_department_is_a_warning_with_its_exact_name(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, GAS, GAS_BODY, GAS_BODY.replace("示范市燃气有限公司", "示范市供电公司"))
    problem = only_problem(root)
    assert not problem.is_error and problem.element == "实施主体名称", shown([problem])
    assert problem.file == GAS and (problem.line, problem.column) == position(text, "示范市供电公司")
    says(problem, "content/departments.yaml 的 power", "“示范市供电有限公司”", "通常是“示范市燃气有限公司”",
         "name: 示范市供电有限公司")
    # Following the second way literally (entrusted, by the exact name) passes too.
    edit(root, GAS, "  name: 示范市供电公司\n  nature: statutory", "  name: 示范市供电有限公司\n  nature: entrusted")
    assert check(root) == []


def test_own_department_nearly_named_is_not_another_department(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, GAS, GAS_BODY, GAS_BODY.replace("示范市燃气有限公司", "示范市燃气公司"))
    assert [p for p in check(root) if p.key == "implementing_body.name"] == []


def test_near_names_leave_out_legal_form_words_and_one_character_but_not_a_number():
    words = ("有限责任", "股份有限", "有限", "股份")
    assert near_name("示范市供电公司", "示范市供电有限公司", words)
    assert near_name("示范市供电股份有限公司", "示范市供电有限公司", words)
    assert near_name("示范市供电有现公司", "示范市供电有限公司", words)  # one character mistyped
    assert not near_name("示范市供电有限公司", "示范市供电有限公司", words)  # the exact name: the other rule
    assert not near_name("示范市第二人民医院", "示范市第一人民医院", words)  # another body, by number
    assert not near_name("示范市公安局", "示范市教育局", words)
    assert not near_name("示范市社会保险事业管理中心", "示范市住房公积金管理中心", words)
