"""The findings of clerk trial 5 (docs/clerk-trials.md, "Clerk trial 5"),
fixed by kind: each mistake is reported once at the line to change, naming
the element and a fix that can be followed literally, with no knock-on
message elsewhere; the silent passes are reported."""

from __future__ import annotations

import shutil

from mini_catalogue import check, copy_demo, edit, only_problem, position, says, shown

DEPARTMENTS = "content/departments.yaml"
OFFICES = "content/offices.yaml"
BIRTH = "items/public-security/990701001000.yaml"  # 出生登记: 4 materials, the 4th 结婚证
ARCHIVE = "items/civil-affairs/992002001000.yaml"  # 婚姻登记档案查询: materials[0] 居民身份证
SCHOOL_ENTRY = "content/life-events/school-entry.yaml"
MARRIAGE_EVENT = "content/life-events/marriage.yaml"
WATER = "items/water/992021001000.yaml"  # 用水报装


# --- 9A: one unreadable entry of a registry: reported once, its dependants quiet ---

def test_unreadable_registry_entry_is_reported_once(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, DEPARTMENTS, '  codes: ["02"]\n', '  codes: ["02"]\n  reviewers: [@shifan-city/civil-affairs]\n')
    problem = only_problem(root)  # not 19 × 文件夹 X 不是已登记的部门, nor 16 × 可用的编号：—
    assert problem.file == DEPARTMENTS and problem.is_error and problem.element == "审核人"
    assert (problem.line, problem.column) == position(text, "@shifan-city/civil-affairs")
    says(problem, "用英文引号括起来", "这一条登记无法读取", "读不出的登记（civil-affairs）暂不使用", "引用它的事项暂不发布")
    assert "整个文件无法读取" not in problem.message
    report = check(root)
    assert report == [problem]


def test_unreadable_registry_holds_its_dependants_quietly(tmp_path):
    # The trial's discarded attempt 4: a line pasted over another office's address.
    root = copy_demo(tmp_path)
    text = (root / OFFICES).read_text(encoding="utf-8")
    first_address = next(line for line in text.split("\n") if line.startswith("  address:"))
    edit(root, OFFICES, first_address, '  address: 示范市 "一号" 大厅: 二楼')
    found = check(root)
    assert len(found) == 1 and found[0].file == OFFICES, shown(found)  # not 101 × 不在办理地点登记表中
    assert "可用的编号（最接近的在前）：—" not in shown(found)


def test_registry_saved_as_gbk_is_one_error(tmp_path):
    root = copy_demo(tmp_path)
    path = root / DEPARTMENTS
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    problem = only_problem(root)  # no life event told its lead department is missing
    assert problem.file == DEPARTMENTS and problem.is_error
    says(problem, "GBK", "这个登记表读不出", "civil-affairs")
    assert "—" not in problem.hint


# --- 2A: an indentation slip is named at its own line, not at a correct one above ---

def test_dedented_key_in_a_list_entry_is_named_at_its_line(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, BIRTH, "    necessity: situational\n", "  necessity: situational\n")
    problem = only_problem(root)
    assert problem.file == BIRTH and problem.element == "必要性" and problem.key == "materials[3].necessity"
    assert (problem.line, problem.column) == position(text, "necessity: situational")
    says(problem, "行首有 2 个空格，应是 4 个空格", "把这一行行首改成 4 个英文空格")
    # Following it literally gives the file back.
    edit(root, BIRTH, "  necessity: situational\n", "    necessity: situational\n")
    assert check(root) == []


# --- 15A: a list entry that lost its "- ": not "delete one of the two" -----------

def test_lost_dash_is_named_not_a_key_to_delete(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, SCHOOL_ENTRY, "  - name: 网上报名\n", "    name: 网上报名\n")
    problem = only_problem(root)  # not a second message for items
    assert problem.file == SCHOOL_ENTRY and problem.is_error and problem.element == "步骤名称"
    line, column = position(text, "name: 网上报名")
    assert (problem.line, problem.column) == (line, column)
    says(problem, "漏写了开头的“- ”", f"在第 {line} 行的 name 前加上“- ”", "不要删去任何一处")
    assert "删除其中一处" not in problem.hint
    edit(root, SCHOOL_ENTRY, "    name: 网上报名\n", "  - name: 网上报名\n")
    assert check(root) == []


def test_key_written_twice_in_a_mapping_still_says_so(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, WATER, "\nsummary:", "\nsummary: 重复一次\nsummary:")
    problem = only_problem(root)
    says(problem, "写了两次", "删除其中一处")
    assert problem.line == position(text, "summary:", 2)[0]


# --- 6A: a proof id spelt like an unrelated proof is not offered for the material ---

def test_proof_typo_on_an_unrelated_material_is_not_suggested_as_the_fix(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, ARCHIVE, "  - name: 居民身份证\n", "  - name: 居民身份证\n    proof: marriage-recrod\n")
    problem = only_problem(root)
    assert problem.file == ARCHIVE and problem.element == "证明材料编号"
    assert (problem.line, problem.column) == position(text, "marriage-recrod")
    says(problem, "和材料“居民身份证”的名称对不上", "删去 proof: 这一行")
    assert "是不是想写 marriage-record" not in problem.hint


def test_proof_typo_on_its_material_is_suggested(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, "items/first-hospital/992031001000.yaml", "proof: birth-medical", "proof: birth-medcal")
    problem = only_problem(root)
    says(problem, "改成 proof: birth-medical")  # its material 原出生医学证明: the short hint (clerk trial 10, #15)


# --- 8B / 17B: the silent passes --------------------------------------------------

def test_step_pointing_to_an_item_of_another_name_is_a_warning(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, MARRIAGE_EVENT, 'items: ["990702001000"]', 'items: ["990702002000"]')
    problem = only_problem(root)
    assert problem.file == MARRIAGE_EVENT and not problem.is_error and problem.element == "事项"
    assert (problem.line, problem.column) == position(text, '"990702002000"')
    says(problem, "步骤“结婚登记”写的事项 990702002000 是“内地居民离婚登记”", "是不是想写 990702001000（内地居民结婚登记）")


def test_step_sharing_nothing_with_its_item_is_a_warning(tmp_path):
    # Trial 4, #46: 领取生育津贴 pointing to 养老保险待遇申领.
    root = copy_demo(tmp_path)
    text = edit(root, "content/life-events/birth.yaml", '"990508001000"', '"990503001000"')
    problem = only_problem(root)
    assert not problem.is_error and (problem.line, problem.column) == position(text, '"990503001000"')
    says(problem, "和步骤名称对不上")


def test_copied_item_keeping_the_name_is_a_warning_at_the_copy(tmp_path):
    root = copy_demo(tmp_path)
    copy = "items/water/992021003000.yaml"
    shutil.copy(root / WATER, root / copy)
    text = edit(root, copy, '"992021001000"', '"992021003000"')
    text = edit(root, copy, "3992021001000\n", "3992021003000\n")
    problem = only_problem(root)  # at the copy only, not at the original
    assert problem.file == copy and not problem.is_error and problem.element == "事项名称"
    assert problem.line == position(text, "name: 用水报装")[0]
    says(problem, f"与 {WATER} 相同", "别名也相同", "改成它自己的名称和 aliases")



# --- 18B, 16B, 3A: hints that could not be followed literally -----------------------

def test_swapped_opening_hours_are_named_as_swapped(tmp_path):
    root = copy_demo(tmp_path)
    old = 'open: "08:30", close: "17:30", note: 午间不休'
    text = edit(root, OFFICES, old, 'open: "17:30", close: "08:30", note: 午间不休')
    problem = only_problem(root)
    assert problem.file == OFFICES and not problem.is_error and problem.element == "结束时间"
    assert (problem.line, problem.column) == position(text, '"08:30"')
    says(problem, "是不是把 open 和 close 写反了", 'open: "08:30", close: "17:30", note: 午间不休} 。')  # one line (trial 19)
    edit(root, OFFICES, 'open: "17:30", close: "08:30"', 'open: "08:30", close: "17:30"')
    assert check(root) == []


def test_closing_after_midnight_by_a_12_hour_slip_is_not_called_swapped(tmp_path):
    root = copy_demo(tmp_path)
    old = 'open: "09:00", close: "11:30", note: 镇代办员'
    edit(root, OFFICES, old, old.replace("11:30", "01:30"))
    problem = only_problem(root)
    assert "写反了" not in problem.hint


def test_numbered_choice_shows_what_each_number_means(tmp_path):
    root = copy_demo(tmp_path)
    freight = "items/transport/990110001000.yaml"
    text = edit(root, freight, "online_depth: 4", "online_depth: 5")
    problem = only_problem(root)
    assert problem.element == "网上办理深度" and (problem.line, problem.column) == position(text, "5\n")
    says(problem, "1（信息公开）", "4（全程网办）")


def test_code_in_chinese_quotes_is_given_with_english_quotes(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, "content/life-events/birth.yaml", 'items: ["992031001000"]', "items: [“992031001000”]")
    problem = only_problem(root)
    assert problem.element == "事项" and (problem.line, problem.column) == position(text, "“992031001000”")
    says(problem, "中文引号", '改成 "992031001000"')
    assert "不加引号" not in problem.message
    edit(root, "content/life-events/birth.yaml", "“992031001000”", '"992031001000"')
    assert check(root) == []


# --- 14B: an end step whose branch was deleted: the branch is offered, not deleting the end ---

def test_deleted_branch_to_an_end_step_offers_the_branch(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, BIRTH, "      - {when: 父母双方都不是本市户籍, to: refuse}\n", "")
    problem = only_problem(root)  # not a second message for deliver, reached from register
    assert problem.file == BIRTH and problem.element == "环节编号" and problem.key == "steps[4].id"
    assert problem.line == position(text, "- id: register")[0]
    says(problem, "在“受理”的 branches 里补上一条", "to: refuse}", "保留它的 end: true")
    edit(root, BIRTH, "      - {when: 材料不齐全, to: supplement}\n",
         "      - {when: 材料不齐全, to: supplement}\n      - {when: 父母双方都不是本市户籍, to: refuse}\n")
    assert check(root) == []
