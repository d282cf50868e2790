"""Mistakes found in a clerk trial (issue 13): each must be reported at the
line the clerk has to change, naming what is wrong and what to write, never
at the place YAML happened to notice, and never passed silently."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.checks.problems import Problem
from generator.sources.mistakes.text import empty_values
from history_repo import new_repo
from mini_catalogue import ITEM, check, copy_mini, errors, original, position, replaced, run_cli


def _broken(tmp_path: Path, old: str, new: str, relative: str = ITEM) -> tuple[Problem, str]:
    """The one error of the mini catalogue with ``old`` replaced by ``new``
    in ``relative``, and the changed text."""
    root = copy_mini(tmp_path)
    text = replaced(old, new, relative)
    (root / relative).write_text(text, encoding="utf-8")
    found = errors(root)
    assert len(found) == 1, "\n".join(p.format_text({"error": "E", "warning": "W", "hint": "H"}) for p in found)
    return found[0], text


def _says(problem: Problem, *texts: str) -> None:
    shown = problem.message + " " + problem.hint
    for text in texts:
        assert text in shown, f"{text!r} not in {shown!r}"


# --- 11: a file opened with the wrong encoding and saved again ---------------

def test_replacement_characters_refused(tmp_path):
    # A GBK file opened as UTF-8: every Chinese character became U+FFFD.
    problem, text = _broken(tmp_path, "name: 居民身份证首次申领", "name: \ufffd\ufffd\ufffd\ufffd\ufffd\ufffd")
    assert (problem.line, problem.column) == position(text, "\ufffd")
    _says(problem, "乱码（�，共 6 处）", "错误的编码", "从 git 恢复这个文件")


def test_replacement_character_in_a_registry_refused(tmp_path):
    root = copy_mini(tmp_path)
    text = replaced("name: 测试市公安局", "name: 测试市\ufffd\ufffd局", "content/departments.yaml")
    (root / "content/departments.yaml").write_text(text, encoding="utf-8")
    problem = next(p for p in errors(root) if p.file == "content/departments.yaml")
    assert problem.line == position(text, "\ufffd")[0]
    _says(problem, "乱码")


# --- 4 and 7: indentation with a tab or a full-width space --------------------

@pytest.mark.parametrize("old,new,spaces", [
    ("  - 年满十六周岁", "\u3000\u3000- 年满十六周岁", 2),
    ('  phone: ["12345"]', '\u3000\u3000phone: ["12345"]', 2),
])
def test_fullwidth_space_indent_named_at_its_line(tmp_path, old, new, spaces):
    problem, text = _broken(tmp_path, old, new)
    assert (problem.line, problem.column) == position(text, "\u3000")
    _says(problem, "全角空格", f"这里应是 {spaces} 个空格")


@pytest.mark.parametrize("old,new,spaces", [
    ("  - 年满十六周岁", "\t- 年满十六周岁", 2),
    ("    necessity: required", "\t\tnecessity: required", 4),
    ('  phone: ["12345"]', '\tphone: ["12345"]', 2),
])
def test_tab_hint_gives_the_spaces_meant(tmp_path, old, new, spaces):
    problem, text = _broken(tmp_path, old, new)
    assert (problem.line, problem.column) == position(text, "\t")
    _says(problem, "制表符", f"这里应是 {spaces} 个空格")
    assert "每级 2 个空格" not in problem.hint


@pytest.mark.parametrize("old,new,char,kind,meant", [
    ('phone: ["0999-11000001"]', 'phone: ["0999-1100０001"]', "０", "全角数字", "0999-11000001"),
    ("reviewed: 2026-10-01", "reviewed: 2026-1０-01", "０", "全角数字", "2026-10-01"),
    ("reviewed: 2026-10-01", "reviewed: 2026－10－01", "－", "全角符号", "2026-10-01"),
])
def test_fullwidth_character_in_a_value_named(tmp_path, old, new, char, kind, meant):
    problem, text = _broken(tmp_path, old, new)
    value = new.split(": ", 1)[1].strip('["]')
    _says(problem, f"第 {value.index(char) + 1} 个字符“{char}”是{kind}", "英文输入法", f"改成 {meant}")


# --- 8: a date written the way people write it -------------------------------

@pytest.mark.parametrize("written", ["2026年3月1日", "2026-3-1", "2026/3/1", '"2026-3-1"', "2026.3.1"])
def test_date_written_otherwise_gets_the_date_meant(tmp_path, written):
    problem, text = _broken(tmp_path, "reviewed: 2026-10-01", f"reviewed: {written}")
    assert problem.line == position(text, "reviewed")[0]
    _says(problem, "四位年、两位月、两位日", "改成 2026-03-01", "不足两位前面补 0")


# --- 1: a quote opened and not closed ----------------------------------------

@pytest.mark.parametrize("old,new,needle", [
    ('code: "990101001000"', 'code: "990101001000', '"'),
    ('  phone: ["0999-11000001"]', '  phone: ["0999-11000001]', '"'),
    ('  phone: ["12345"]', '  phone: ["12345]', '"'),  # no quote after it: runs to the end of the file
    ("name: 居民身份证首次申领", "name: '居民身份证首次申领", "'"),
])
def test_unclosed_quote_reported_where_it_opens(tmp_path, old, new, needle):
    problem, text = _broken(tmp_path, old, new)
    line, column = position(text, new.strip()[new.strip().index(needle):])
    assert (problem.line, problem.column) == (line, column)
    key = new.strip().split(":")[0]
    _says(problem, f"第 {line} 行 {key} 的值以英文引号 {needle} 开头", "没有结束引号", f"补上结束引号 {needle}",
          f"把第 {line} 行写成：“{old if '[' in new else new + needle}”")  # clerk trial 4, #26; its spaces kept (trial 16, #23)


# --- 13: a held-back file whose name cannot be read ---------------------------

def test_held_back_file_without_a_readable_name_is_named_by_its_file(tmp_path):
    root = copy_mini(tmp_path)
    (root / ITEM).write_text(replaced("code: \"990101001000\"", "code: \"990101001000\n"), encoding="utf-8")
    result = run_cli(root, "check")
    held = [line for line in result.stderr.splitlines() if line.startswith(f"  {ITEM}")]
    assert held == [f"  {ITEM}  990101001000.yaml（文件有错误，读不出事项名称）"], result.stderr


# --- 6: an item file saved under another ending -------------------------------

def test_item_saved_as_txt_is_told_to_rename_not_reported_removed(tmp_path):
    repo = new_repo(tmp_path)
    path = repo.path(ITEM)
    path.rename(path.with_suffix(".txt"))
    found = errors(repo.root)
    shown = "\n".join(p.format_text({"error": "E", "warning": "W", "hint": "H"}) for p in found)
    txt = ITEM[: -len(".yaml")] + ".txt"
    assert [p.file for p in found] == [txt], shown
    _says(found[0], "事项内容", "请改名为 990101001000.yaml")
    assert "删除" not in found[0].hint


def test_stray_file_without_an_item_still_told_to_move(tmp_path):
    root = copy_mini(tmp_path)
    (root / "items/public-security/notes.txt").write_text("备忘：下周核对\n", encoding="utf-8")
    problem = next(p for p in errors(root) if p.file.endswith("notes.txt"))
    _says(problem, "移出 items/ 或删除")


# --- 3: a key at the wrong indent, an element left empty ----------------------

def test_key_of_a_nested_element_at_the_top_level_says_where_it_belongs(tmp_path):
    # "phone:" lost its indent under "complaint:".
    problem, text = _broken(tmp_path, '  phone: ["12345"]', 'phone: ["12345"]')
    assert (problem.line, problem.column) == position(text, 'phone: ["12345"]')
    _says(problem, "phone（电话）是 complaint（监督投诉方式）下面的要素", "行首加 2 个空格")
    assert "code、implementation_code" not in problem.hint  # not the list of every top-level key


def test_key_of_a_nested_element_with_its_element_missing(tmp_path):
    # Written above every element it could belong to: no indent can fix it.
    problem, _ = _broken(tmp_path, 'code: "990101001000"\n', 'code: "990101001000"\nscope: local\n')
    _says(problem, "scope（通办范围）不能单独写在这里", "channels（办理渠道）", "先写一行要素名加冒号（如 channels:）")


def test_element_left_empty_is_a_warning(tmp_path):
    root = copy_mini(tmp_path)
    text = replaced('complaint:\n  phone: ["12345"]\n', "complaint:\n")
    (root / ITEM).write_text(text, encoding="utf-8")
    found = check(root)
    assert [(p.severity, p.key) for p in found] == [("warning", "complaint")], found
    assert (found[0].line, found[0].column) == position(text, "complaint:")
    _says(found[0], "写了 complaint 但没有内容")



def test_empty_values_found_at_every_depth_in_order():
    data = {"a": None, "b": {"c": [1, None, {"d": None, "e": "x"}], "f": None}, "g": [[None]], "h": "text"}
    assert empty_values(data) == [("a",), ("b", "c", 1), ("b", "c", 2, "d"), ("b", "f"), ("g", 0, 0)]
    assert empty_values([None, {"a": None}]) == [(0,), (1, "a")]
    assert empty_values({"a": "x", "b": [1, 2]}) == [] and empty_values("x") == []

# --- 2: plain text where an element is filled in parts ------------------------

@pytest.mark.parametrize("block,new,says", [
    ("fees:", "fees: 免费\n", "不收费写成 fees: {charged: false}"),
    ("complaint:", "complaint: 12345\n", 'complaint: {phone: ["12345"]}'),
])
def test_text_for_an_element_in_parts_shows_its_shape(tmp_path, block, new, says):
    root = copy_mini(tmp_path)
    text = original()
    start = text.index(f"\n{block}\n") + 1
    end = re.compile(r"^[a-z_]+:", re.M).search(text, start + len(block)).start()  # the next top-level key
    text = text[:start] + new + text[end:]
    (root / ITEM).write_text(text, encoding="utf-8")
    key = new.split(":")[0]
    problem = next(p for p in errors(root) if p.key == key)
    _says(problem, f"{key} 应分项填写", says)


# --- 5: a list entry written without its "- " ---------------------------------

@pytest.mark.parametrize("new", [
    "conditions:\n  - 具有本市常住户口\n  年满十六周岁\n  - 经公安机关核准\n",  # among other entries
    "conditions:\n  - 具有本市常住户口\n  年满十六周岁\n",  # the last entry
])
def test_missing_dash_named_at_its_line(tmp_path, new):
    problem, text = _broken(tmp_path, "conditions:\n  - 具有本市常住户口\n  - 年满十六周岁\n", new)
    assert (problem.line, problem.column) == (position(text, "\n  年满十六周岁\n")[0] + 1, 3)
    _says(problem, "列表 conditions（受理条件）里，前面少了“- ”", "加上“- ”")
    assert "冒号" not in problem.message + problem.hint


# --- 10: a list entry indented one space too far is folded into the one above --

def test_entry_indented_too_far_is_a_warning(tmp_path):
    root = copy_mini(tmp_path)
    text = replaced("  - 年满十六周岁\n", "   - 年满十六周岁\n")
    (root / ITEM).write_text(text, encoding="utf-8")
    found = check(root)
    assert [(p.severity, p.key) for p in found] == [("warning", "conditions[0]")], found
    assert (found[0].line, found[0].column) == position(text, "- 年满十六周岁")
    _says(found[0], "缩进比上一条多了 1 个空格，被并进了上一条", "和上一条的“- ”对齐")
    assert found[0].element == "受理条件"


# --- 12: Chinese commas between the entries of a list ---------------------------

def test_chinese_comma_in_a_list_is_a_warning(tmp_path):
    root = copy_mini(tmp_path)
    text = replaced("aliases: [办身份证, 第一次办身份证]", "aliases: [办身份证，第一次办身份证]")
    (root / ITEM).write_text(text, encoding="utf-8")
    found = check(root)
    assert [(p.severity, p.key) for p in found] == [("warning", "aliases[0]")], found
    assert (found[0].line, found[0].column) == position(text, "，")
    _says(found[0], "列表项之间要用英文逗号分隔", "把“，”改成英文逗号加一个空格“, ”", "办身份证, 第一次办身份证")


def test_chinese_comma_in_a_sentence_is_not_reported(tmp_path):
    root = copy_mini(tmp_path)
    text = replaced("  - 年满十六周岁\n", "  - 年满十六周岁，或未满十六周岁但有监护人陪同办理\n")
    (root / ITEM).write_text(text, encoding="utf-8")
    assert check(root) == []


# --- trial 2, W1/W3: a Chinese name written where an id belongs ---------------

@pytest.mark.parametrize("old,new,written,meant", [
    ("- office: city-service-centre", "- office: 测试市政务中心", "测试市政务中心", "写编号 city-service-centre（测试市政务服务中心）"),
    ("to: supplement}", "to: 补正材料}", "补正材料", "写编号 supplement（补正材料）"),
    ("levels: [city]", "levels: [市级]", "市级", "写编号 city（市级）"),
    ("levels: [city]", "levels: [市 级]", "市 级", "写编号 city（市级）"),
])
def test_name_for_id_names_the_id(tmp_path, old, new, written, meant):
    problem, text = _broken(tmp_path, old, new)
    assert problem.line == position(text, written)[0]
    _says(problem, f"“{written}”是名称", meant)
    assert "first-apply" not in problem.hint


def test_unknown_name_for_id_lists_ids_with_names(tmp_path):
    problem, _ = _broken(tmp_path, "levels: [city]", "levels: [乡镇]")
    _says(problem, "不是编号", "city（市级）", "province（省级）")
    assert "first-apply" not in problem.hint


# --- trial 2, W2: an unknown proof id ranked by the Chinese names -------------

def test_unknown_proof_ranked_by_material_name(tmp_path):
    root = copy_mini(tmp_path)
    proofs = root / "content/proofs.yaml"
    proofs.write_text(proofs.read_text(encoding="utf-8") + (
        "- {id: driver-health, name: 机动车驾驶人身体条件证明, issuer: 医院, basis: 《机动车驾驶证申领和使用规定》}\n"
        "- {id: marriage-record, name: 婚姻登记记录证明, aliases: [婚姻状况证明], issuer: 民政部门, basis: 《婚姻登记条例》}\n"),
        encoding="utf-8")
    relative = "items/civil-affairs/992002001000.yaml"
    text = original(relative).replace("  - name: 无犯罪记录证明", "  - name: 离婚证或婚姻状况证明") \
        .replace("proof: no-criminal-record", "proof: divorce-cert")
    (root / relative).write_text(text, encoding="utf-8")
    found = [p for p in errors(root) if p.key == "materials[1].proof"]
    assert len(found) == 1 and found[0].line == position(text, "divorce-cert")[0]
    _says(found[0], "“divorce-cert”不在证明材料清单中", "证件", "删去 proof:")
    # Only the close names are offered (clerk trial 14, #7): not driver-health.
    assert "marriage-record（婚姻登记记录证明）" in found[0].hint and "driver-health" not in found[0].hint


# --- trial 2, W7: an impossible date in a wrongly padded form -----------------

@pytest.mark.parametrize("written,why", [("2026-2-30", "2026 年 2 月没有 30 日"), ("2026年4月31日", "没有 31 日")])
def test_impossible_date_written_otherwise_says_both(tmp_path, written, why):
    problem, text = _broken(tmp_path, "reviewed: 2026-10-01", f"reviewed: {written}")
    assert problem.line == position(text, "reviewed")[0]
    _says(problem, "两位月、两位日", why, "真实的日期", "不足两位前面补 0")


# --- trial 2, W8: full-width and input-method characters named ----------------

@pytest.mark.parametrize("old,new,char,kind,meant", [
    ("    copies: 1", "    copies: １", "１", "全角数字", "改成 1"),
    ('  phone: ["0999-11000001"]', "  phone: [0999—11000001]", "—", "破折号", "改成 0999-11000001"),
    ('  phone: ["0999-11000001"]', "  phone: [“0999-11000001”]", "“", "中文引号", "改成 0999-11000001"),
])
def test_ime_character_named_with_its_position(tmp_path, old, new, char, kind, meant):
    problem, text = _broken(tmp_path, old, new)
    assert problem.line == position(text, char)[0]
    _says(problem, f"个字符“{char}”是", kind, meant)


# --- trial 2, W10: the keys allowed, each with its Chinese name ---------------

def test_unknown_chinese_key_lists_keys_with_chinese_names(tmp_path):
    problem, text = _broken(tmp_path, "    window: 1-3 号窗口", "    window: 1-3 号窗口\n    备注: 周六不办理")
    assert problem.line == position(text, "备注")[0]
    _says(problem, "不认识的要素名 备注", "note（说明）", "window（窗口）", "office（办理地点）")


# --- trial 2, W4: a digit dropped from the basic code: one message ------------

def test_short_code_one_message_naming_the_file_names_code(tmp_path):
    problem, text = _broken(tmp_path, 'code: "990101001000"', 'code: "99010101000"')
    assert problem.line == position(text, "99010101000")[0]
    _says(problem, "“99010101000”", "11 位", "文件名里是 990101001000", 'code: "990101001000"')
    assert "改名" not in problem.hint


def test_code_meant_read_from_file_name_and_implementation_code():
    from generator.checks.codes import basic_meant
    impl = "11330200002952581B" + "3" + "990101001000"
    assert basic_meant("990101001000", impl) == ("990101001000", "both")
    assert basic_meant("some-slug", impl) == ("990101001000", "impl")
    assert basic_meant("990101001001", impl) is None  # they disagree: nothing is guessed


# --- 13: a material copied twice ----------------------------------------------

MATERIAL = """  - name: 居民身份证
    necessity: required
    form: paper
    original: original
    copies: 1
    source: shared
"""


def test_a_material_copied_twice_is_reported_at_the_copy(tmp_path):
    root = copy_mini(tmp_path)
    relative = "items/civil-affairs/992002001000.yaml"
    text = replaced(MATERIAL, MATERIAL + MATERIAL, relative)
    (root / relative).write_text(text, encoding="utf-8")
    found = [p for p in check(root) if "列了两次" in p.message]
    assert len(found) == 1 and not found[0].is_error
    assert found[0].line == position(text, "- name: 居民身份证", 2)[0]
    _says(found[0], "第 1 项和第 2 项", "删去第 2 项", "applies_when")


def test_the_same_material_for_another_case_is_not_a_copy(tmp_path):
    root = copy_mini(tmp_path)
    relative = "items/civil-affairs/992002001000.yaml"
    other = MATERIAL.replace("    necessity: required\n",
                             "    necessity: situational\n    applies_when: 委托他人代办的\n")
    (root / relative).write_text(replaced(MATERIAL, MATERIAL + other, relative), encoding="utf-8")
    assert not [p for p in check(root) if "列了两次" in p.message]


# --- knock-on messages: one broken or deleted item file, one message -----------

def _with_references(root: Path) -> None:
    """A life event and the home page's most_used naming the mini item."""
    events = root / "content" / "life-events"
    events.mkdir(parents=True, exist_ok=True)
    (events / "id-card.yaml").write_text(
        "id: id-card\nname: 办身份证一件事\naudience: individual\nsummary: 办身份证。\n"
        "lead_department: public-security\nsteps:\n  - name: 申领身份证\n    items: [\"990101001000\"]\n",
        encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      sample_data: true\n", "      sample_data: true\n      most_used: [\"990101001000\"]\n"), encoding="utf-8")


def test_a_broken_item_file_is_reported_once(tmp_path):
    repo = new_repo(tmp_path, _with_references)
    assert not errors(repo.root) and not [p for p in check(repo.root) if "990101001000" in p.message]
    (repo.root / ITEM).write_text("code: \"990101001000\"\nname: [居民身份证首次申领\n", encoding="utf-8")
    found = check(repo.root)
    assert found and {p.file for p in found} == {ITEM}, [(p.file, p.message) for p in found]


def test_a_deleted_item_file_is_reported_once(tmp_path):
    repo = new_repo(tmp_path, _with_references)
    (repo.root / ITEM).unlink()
    found = check(repo.root)
    assert len(found) == 1 and found[0].file == ITEM and found[0].is_error, \
        [(p.file, p.message) for p in found]


def test_a_held_back_item_is_not_reported_again_in_most_used(tmp_path):
    # Clerk trial 3: every slip in a popular item also gave a most_used warning in mkdocs.yml.
    repo = new_repo(tmp_path, _with_references)
    text = (repo.root / ITEM).read_text(encoding="utf-8")
    (repo.root / ITEM).write_text(text.replace("levels: [", "levels: [planet, ", 1), encoding="utf-8")
    found = check(repo.root)
    assert found and {p.file for p in found} == {ITEM}, [(p.file, p.message) for p in found]


def test_an_item_saved_as_txt_is_reported_once(tmp_path):
    # Clerk trial 3: the life event naming it also asked "是不是想写 <another code>？".
    repo = new_repo(tmp_path, _with_references)
    (repo.root / ITEM).rename(repo.root / ITEM.replace(".yaml", ".txt"))
    found = check(repo.root)
    assert len(found) == 1 and found[0].file.endswith(".txt"), [(p.file, p.message) for p in found]


def test_a_value_beside_immediate_is_named_not_compared(tmp_path):
    # Clerk trial 3: promised {value: 1, unit: immediate} against statutory 即办 gave
    # "承诺办结时限（即办）比法定办结时限（即办）还长".
    root = copy_mini(tmp_path)
    text = original(ITEM)
    statutory = re.search(r"  statutory: \{[^}]*\}\n", text).group(0)
    promised = re.search(r"  promised: \{[^}]*\}\n", text).group(0)
    changed = text.replace(statutory, "  statutory: {unit: immediate}\n").replace(
        promised, "  promised: {value: 1, unit: immediate}\n")
    (root / ITEM).write_text(changed, encoding="utf-8")
    found = check(root)
    assert not [p for p in found if "还长" in p.message]
    [problem] = [p for p in found if "即办不看数值" in p.message]
    assert not problem.is_error and problem.line == position(changed, "value: 1, unit: immediate")[0]
    _says(problem, "删去 value", "working_days")
