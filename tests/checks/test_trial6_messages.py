"""The findings of clerk trial 6 (docs/clerk-trials.md, "Clerk trial 6"),
fixed by kind: each mistake is reported once at the line to change, naming
the element and a fix that can be followed literally, with no knock-on
message elsewhere (a gap, a second message on the same value, a comparison
made from a value that could not be read); the two silent passes are
warnings."""

from __future__ import annotations

import os
import subprocess

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from mini_catalogue import check, copy_demo, edit, only_problem, position, says, shown

SYNONYMS = "content/synonyms.yaml"
OFFICES = "content/offices.yaml"
MARRIAGE_EVENT = "content/life-events/marriage.yaml"
HOME_EVENT = "content/life-events/buy-second-hand-home.yaml"
FUNERAL_AID = "items/human-resources/990503003000.yaml"  # statutory 20 working days, promised 5
ALLOWANCE = "items/civil-affairs/990502001000.yaml"  # service_types: [application, rescue, subsidy]
TRANSPORT = "items/transport/990110001000.yaml"  # implementation code of 11990100MB0000010Q
HOUSING_FUND = "items/housing-fund/992009001000.yaml"  # check → supplement / refuse (end) → approve
TEACHER = "items/education/990104001000.yaml"  # review → supplement / refuse (end) → decide; phone 0001-88004400


# --- #25: a statutory limit that cannot be read is not compared -----------------

def test_unreadable_statutory_limit_is_not_compared(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, FUNERAL_AID, "statutory: {value: 20,", "statutory: {value: 20天,")
    problem = only_problem(root)  # not "比法定办结时限（0 个工作日）还长"
    assert problem.file == FUNERAL_AID and problem.key == "time_limits.statutory.value"
    assert (problem.line, problem.column) == position(text, "20天")
    says(problem, "“20天”", "法定办结时限", "写成 value: 20")
    assert "0 个工作日" not in shown([problem])
    edit(root, FUNERAL_AID, "value: 20天,", "value: 20,")
    assert check(root) == []


# --- #42: a synonym group with a Chinese comma, or written twice ---------------

def test_synonym_group_with_a_chinese_comma_is_one_error_with_the_fix(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, SYNONYMS, "- [到期, 过期]\n", "- [到期, 过期]\n- [补发证件，重新发证]\n")
    problem = only_problem(root)  # not 至少需要 2 条 beside a warning about the comma
    assert problem.file == SYNONYMS and problem.is_error and problem.element == "同义词组"
    assert problem.line == position(text, "- [补发证件")[0]
    says(problem, "中文逗号“，”", "写成 - [补发证件, 重新发证]")
    edit(root, SYNONYMS, "[补发证件，重新发证]", "[补发证件, 重新发证]")
    assert check(root) == []


def test_synonym_group_written_again_names_the_first(tmp_path):
    root = copy_demo(tmp_path)
    first = position((root / SYNONYMS).read_text(encoding="utf-8"), "- [住房公积金, 公积金]")[0]
    text = edit(root, SYNONYMS, "- [到期, 过期]\n", "- [到期, 过期]\n- [住房公积金，公积金]\n")
    problem = only_problem(root)  # the comma and the repeat, at once
    assert problem.line == position(text, "- [住房公积金，")[0]
    says(problem, "中文逗号“，”", f"在第 {first} 行已经是一组了", "删去这一行")
    edit(root, SYNONYMS, "[住房公积金，公积金]", "[住房公积金, 公积金]")
    problem = only_problem(root)  # not 6 errors: both groups' words "in two groups", both groups too small
    says(problem, f"在第 {first} 行已经是一组了", "删去这一行")
    edit(root, SYNONYMS, "- [住房公积金, 公积金]\n- [基本医疗", "- [基本医疗")
    assert check(root) == []


def test_list_entry_hints_name_no_empty_key(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, SYNONYMS, "- [到期, 过期]\n", "- [到期, 过期]\n- 补发证件\n- 重新发证\n- ［办证大厅, 政务大厅］\n")
    found = sorted(check(root), key=lambda p: p.line)
    assert len(found) == 3 and all(p.element == "同义词组" for p in found), shown(found)
    for problem in found:  # not "在 : 后换行 … 比  多缩进两个空格 … 或写成 : [内容]"
        assert " : " not in problem.hint and "比  多" not in problem.hint and not problem.message.startswith(" ")
    says(found[0], "- [词1, 词2]")
    says(found[2], "全角）括号“［”", "写成 - [办证大厅, 政务大厅]")
    edit(root, SYNONYMS, "- ［办证大厅, 政务大厅］\n", "")
    edit(root, SYNONYMS, "- 补发证件\n- 重新发证\n", "- [补发证件]\n- [重新发证]\n")
    for problem in check(root):  # not 逐条列出，每条以“- ”开头
        says(problem, "同一对方括号里", "- [词1, 词2]")


# --- #22: two codes with a Chinese comma: one error that carries the fix ---------

def test_two_codes_with_a_chinese_comma_are_one_error(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, ALLOWANCE, "[application, rescue, subsidy]", "[application，rescue, subsidy]")
    problem = only_problem(root)  # not 从下列编号中选一个 and a warning to ignore
    assert problem.file == ALLOWANCE and problem.is_error and problem.element == "服务类型"
    assert (problem.line, problem.column) == position(text, "application，")
    says(problem, "中文逗号“，”", "写成 application, rescue")
    assert "从下列编号中选一个" not in problem.hint
    edit(root, ALLOWANCE, "application，rescue", "application, rescue")
    assert check(root) == []


# --- #10, #29: a malformed time in an office: once, no gaps in its items ---------

def test_malformed_office_time_is_reported_once_without_gaps(tmp_path):
    root = copy_demo(tmp_path)
    old = 'open: "09:00", close: "17:00"}\n  holidays: duty'
    text = edit(root, OFFICES, old, old.replace('"17:00"', '"17.00"'))
    report = build_catalogue(root, read_settings(root))
    assert len(report.problems) == 1, shown(report.problems)
    problem = report.problems[0]
    assert problem.file == OFFICES and problem.element == "结束时间"
    assert (problem.line, problem.column) == position(text, '"17.00"')
    says(problem, '写成 "17:00"')
    # The office's hours are written (one time is broken): not 待补充【办理地点·办公时间】 for its items.
    gaps = [(e.source, g.element) for e in report.catalogue.entries for g in e.gaps if g.element == "offices.hours"]
    assert gaps == []


def test_time_with_one_hour_digit_is_given_back_padded(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, OFFICES, 'open: "08:30", close: "17:00"}', 'open: "8:30", close: "17:00"}')
    problem = only_problem(root)  # and no gap for the items of that office
    assert problem.element == "开始时间"
    says(problem, '写成 "08:30"')
    edit(root, OFFICES, '"8:30"', '"08:30"')
    assert check(root) == []


# --- #6: two identical lines; the rest of the file still checked ------------------

def test_identical_lines_lead_with_delete_one_and_the_rest_is_checked(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, MARRIAGE_EVENT, '    optional: true\n    items: ["990701002001"',
                '    optional: true\n    optional: true\n    items: ["990701002001"')
    edit(root, MARRIAGE_EVENT, '"990702001000"', '"990702001001"')
    edit(root, MARRIAGE_EVENT, "lead_department: civil-affairs", "lead_department: civil-affair")
    found = sorted(check(root), key=lambda p: p.line)
    assert len(found) == 3 and all(p.file == MARRIAGE_EVENT for p in found), shown(found)
    lead, code, twice = found
    assert twice.line == position(text, "optional: true", 2)[0] and twice.element == "可选步骤"
    assert twice.message.startswith("两行完全相同，删去其中一行")
    assert "漏写了开头的“- ”" not in twice.message
    says(lead, "是不是想写 civil-affairs")
    says(code, "990702001000（内地居民结婚登记）")


def test_same_key_with_another_value_names_both_readings(tmp_path):
    # Since clerk trial 9 (#20, tests/checks/test_trial9_yaml.py): the lines after it go on with
    # the same step, so "written twice in one entry" comes first, the lost "- " second.
    root = copy_demo(tmp_path)
    edit(root, MARRIAGE_EVENT, '    optional: true\n    items: ["990701002001"',
         '    optional: true\n    optional: false\n    items: ["990701002001"')
    problem = only_problem(root)
    says(problem, "同一条里多写了一次", "漏写了开头的“- ”")


# --- #26: a misindented key of a life event is named in Chinese ------------------

def test_misindented_key_of_a_life_event_is_named(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, HOME_EVENT, "  - name: 二手房转移登记\n    items:", "  - name: 二手房转移登记\n  items:")
    edit(root, HOME_EVENT, "lead_department: natural-resources", "lead_department: natural-resource")
    found = sorted(check(root), key=lambda p: p.line)
    assert len(found) == 2, shown(found)  # the syntax error no longer hides the rest of the file
    lead, indent = found
    assert indent.element == "事项" and indent.line == position(text, "  items:")[0]
    says(indent, "要素 items（事项）的缩进不对")
    says(lead, "是不是想写 natural-resources")


# --- #41: no check-character warning beside "differs from the credit code" -------

def test_check_character_is_not_judged_when_the_credit_code_differs(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, TRANSPORT, "11990100MB0000010Q3990110001000", "11990100MB0000016Q3990110001000")
    problem = only_problem(root)  # not also 校验位不符 … 应为 B
    assert problem.is_error and problem.element == "实施编码"
    says(problem, "11990100MB0000016Q", "11990100MB0000010Q")


# --- #43: a branch deleted since the last commit is named first ------------------

def _commit(root) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def test_branch_deleted_since_the_last_commit_is_named_first(tmp_path):
    root = copy_demo(tmp_path)
    _commit(root)
    committed = (root / HOUSING_FUND).read_text(encoding="utf-8")
    line = position(committed, "{when: 信息不全需要补充, to: supplement}")[0]
    edit(root, HOUSING_FUND, "      - {when: 信息不全需要补充, to: supplement}\n", "")
    problem = only_problem(root)
    assert problem.file == HOUSING_FUND and problem.element == "分支"
    assert problem.message.startswith(f"第 {line} 行原来的分支 to: supplement")
    says(problem, "“核准提取”（approve）", "补回这一行：- {when: 信息不全需要补充, to: supplement}")
    assert "end: true" not in problem.hint  # not "删去那里的 end: true" on 不予提取
    edit(root, HOUSING_FUND, "      - {when: 不符合提取条件, to: refuse}\n",
         "      - {when: 信息不全需要补充, to: supplement}\n      - {when: 不符合提取条件, to: refuse}\n")
    assert check(root) == []


def test_without_git_the_unreachable_step_is_told_as_before(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, HOUSING_FUND, "      - {when: 信息不全需要补充, to: supplement}\n", "")
    problem = only_problem(root)
    says(problem, "核准提取", "从第一个环节走不到")
    assert "原来的分支" not in problem.message


# --- #32, #34: the silent passes -------------------------------------------------

def test_phone_with_a_digit_lost_is_a_warning(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, TEACHER, '"0001-88004400"', '"0001-8800440"')
    problem = only_problem(root)
    assert problem.severity == "warning" and problem.key == "consultation.phone[0]"
    assert problem.line == position(text, "0001-8800440")[0]
    says(problem, "有 7 位", "区号 0001 的电话号码都是 8 位")


def test_service_numbers_and_mobiles_are_not_judged_by_length(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, TEACHER, '"0001-88004400"', '"0001-95598", "13812345678", "0001-12345"')
    assert check(root) == []
    edit(root, TEACHER, '"13812345678"', '"1381234567"')
    problem = only_problem(root)
    says(problem, "手机号码“1381234567”有 10 位")


def test_refusal_step_that_flows_on_is_a_warning(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, TEACHER, "result: 书面通知并说明理由, end: true}", "result: 书面通知并说明理由}")
    problem = only_problem(root)
    assert problem.severity == "warning" and problem.key == "steps[2].branches[1]"
    assert problem.line == position(text, "to: refuse}")[0]
    says(problem, "所有申请都会经过“不予认定”，再接着走“认定”", "加上 end: true")
