"""Messages of clerk trial 14 (docs/clerk-trials.md, "Trial 14", worst #2,
#3, #5, #7 and #8), each made on a git copy of the demo city, checked, and
the hint followed literally:

- #33 (worst #2, #3): a registry entry pasted a second time with the same
  id was told at both entries by index, with no element, plus a warning
  pointing "上面" to an error printed below it: now one error at the entry
  new since the last commit (without git: the later one), naming the entry
  that has the id and the items held back (checks/mistakes/pasted_ids.py);
  a taxonomy's term the same way.
- worst #7: registry entries named by index in the key path
  (``[1].hours[0].close``): now by id (checks/entry_keys.py).
- #7 (worst #8): a ``proof:`` not in the list offered 23 proofs "相近排列",
  led by unrelated ones: now only close names, or "清单中没有名称相近的证明"
  (checks/mistakes/id_names.py, ``close_names``).
- #35 (worst #5): a gap the clerk's own edit made was only counted in the
  plain check: now the gaps of items changed since the last commit are told
  at their lines (checks/gap_lines.py).
"""

from __future__ import annotations

import re
import shutil

import pytest

from history_repo import commit, committed_demo
from mini_catalogue import check, edit, only_problem, position, run_cli, says, shown

PROOFS = "content/proofs.yaml"
DEPARTMENTS = "content/departments.yaml"
OFFICES = "content/offices.yaml"
CREMATION = "- id: cremation\n  name: 火化证明\n  issuer: 殡仪馆\n  basis: 《殡葬管理条例》\n"
CREMATION_USER = "items/human-resources/990503003000.yaml"
GAS = "- id: gas\n  name: 示范市燃气有限公司\n  codes: [\"23\"]\n  kind: utility\n  phone: \"0001-88023000\"\n"
HEALTH = "items/health/990107001000.yaml"
EXAM = "    original: copy\n  - name: 医疗机构拟聘用意见"
FUNERAL = "items/funeral-home/992032001000.yaml"


def _append(root, relative: str, block: str) -> str:
    text = (root / relative).read_text(encoding="utf-8").rstrip("\n") + "\n\n" + block
    (root / relative).write_text(text, encoding="utf-8")
    return text


def _delete_told_lines(root, relative: str, hint: str) -> None:
    """Delete the lines the hint names ("删去这一条（第 A–B 行）"), literally."""
    told = re.search(r"删去这一条（第 (\d+)(?:–(\d+))? 行）", hint)
    first, last = int(told.group(1)), int(told.group(2) or told.group(1))
    lines = (root / relative).read_text(encoding="utf-8").split("\n")
    (root / relative).write_text("\n".join(lines[:first - 1] + lines[last:]), encoding="utf-8")


# --- #33: an id pasted twice -------------------------------------------------------------

def test_pasted_proof_is_one_error_at_the_new_entry(tmp_path):
    """The trial's mistake: the cremation entry pasted at the end of proofs.yaml."""
    root = committed_demo(tmp_path)
    old_line = position((root / PROOFS).read_text(encoding="utf-8"), "- id: cremation")[0]
    text = _append(root, PROOFS, CREMATION)
    problem = only_problem(root)  # no second error at the old entry, no warning
    assert (problem.file, problem.line, problem.column) == (PROOFS, position(text, "cremation", 2)[0], 7)
    assert problem.is_error and problem.element == "证明编号" and problem.key == "id"
    says(problem, f"已被第 {old_line} 行的证明“火化证明”使用", "上次提交后新加的",
         f"1 个事项（暂不发布）：{CREMATION_USER}", "删去这一条")
    assert "上面" not in problem.message + problem.hint and "第 23 项" not in problem.message
    _delete_told_lines(root, PROOFS, problem.hint)
    assert check(root) == []


def test_pasted_entry_above_the_original_is_told_at_the_pasted_one(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, PROOFS, "- id: ", CREMATION + "\n- id: ")
    problem = only_problem(root)
    assert (problem.line, problem.element) == (position(text, "- id: cremation")[0], "证明编号")
    says(problem, f"已被第 {position(text, '- id: cremation', 2)[0]} 行", "上次提交后新加的")
    _delete_told_lines(root, PROOFS, problem.hint)
    assert check(root) == []


def test_copy_made_into_a_new_proof_keeps_the_id_and_gets_its_own(tmp_path):
    """A copy of an entry edited into another proof, its id left: the edited
    one is the new one, wherever it stands; the other way out of the hint."""
    root = committed_demo(tmp_path)
    new = CREMATION.replace("火化证明", "骨灰寄存证明")
    text = edit(root, PROOFS, CREMATION, new + "\n" + CREMATION)
    problem = only_problem(root)
    assert problem.line == position(text, "- id: cremation")[0]  # the first: the edited copy
    says(problem, "已被第", "的证明“火化证明”使用", "把这一行的编号 cremation 改成一个没用过的编号")
    edit(root, PROOFS, new, new.replace("id: cremation", "id: ash-storage"))
    assert check(root) == []


@pytest.mark.parametrize("block, lines", [
    (CREMATION, "第 {line}–{end} 行"),
    ("- {id: cremation, name: 火化证明, issuer: 殡仪馆, basis: 《殡葬管理条例》}\n", "第 {line} 行"),  # one line
])
def test_pasted_proof_without_git_is_told_at_the_later_entry(tmp_path, block, lines):
    root = committed_demo(tmp_path)
    shutil.rmtree(root / ".git")
    text = _append(root, PROOFS, block)
    problem = only_problem(root)
    line = position(text, "cremation", 2)[0]
    assert (problem.line, problem.element) == (line, "证明编号")
    assert "上次提交" not in problem.message
    says(problem, "删去这一条（" + lines.format(line=line, end=line + 3) + "）")
    _delete_told_lines(root, PROOFS, problem.hint)
    assert check(root) == []


@pytest.mark.parametrize("relative, block, element, held", [
    (DEPARTMENTS, GAS, "部门编号", "文件夹 items/gas/ 中的 3 个事项（暂不发布）"),
    (OFFICES, None, "办理地点编号", "7 个事项（暂不发布）"),
])
def test_pasted_department_or_office_is_one_error(tmp_path, relative, block, element, held):
    root = committed_demo(tmp_path)
    if block is None:  # the property-trading-centre office, as written
        text = (root / relative).read_text(encoding="utf-8")
        start = text.index("- id: property-trading-centre")
        block = text[start:text.index("\n- id: ", start) + 1]
    value = block.split("\n")[0].removeprefix("- id: ")
    text = _append(root, relative, block)
    problem = only_problem(root)  # no folder message, no warning
    assert (problem.file, problem.line, problem.element) == (relative, position(text, f"id: {value}", 2)[0], element)
    says(problem, f"已被第 {position(text, f'id: {value}')[0]} 行", "上次提交后新加的", held)
    _delete_told_lines(root, relative, problem.hint)
    assert check(root) == []


def test_pasted_taxonomy_term_is_one_error_at_the_new_term(tmp_path):
    """The same kind in taxonomies.yaml: no "这几条都暂不使用" (its terms are not left out)."""
    root = committed_demo(tmp_path)
    village = '  - {id: village, name: 村（社区）级, code: "6"}\n'
    text = edit(root, "content/taxonomies.yaml", village, village + village)
    problem = only_problem(root)
    line = position(text, village.strip(), 2)[0]
    assert (problem.line, problem.element, problem.key) == (line, "行使层级", "levels.id")
    says(problem, f"已被第 {line - 1} 行的“村（社区）级”使用", "上次提交后新加的", f"删去这一条（第 {line} 行）")
    assert "暂不使用" not in problem.message
    _delete_told_lines(root, "content/taxonomies.yaml", problem.hint)
    assert check(root) == []


# --- worst #7: registry entries named by id ----------------------------------------------

@pytest.mark.parametrize("relative, old, new, key, element, fixed", [
    (OFFICES, 'close: "17:00"}', "close: 17:00}", "property-trading-centre.hours[0].close", "结束时间", 'close: "17:00"}'),
    (DEPARTMENTS, '"0001-88004400"', '"０００１－８８００４４００"', "education.phone", "咨询电话", '"0001-88004400"'),
])
def test_registry_entries_are_named_by_id(tmp_path, relative, old, new, key, element, fixed):
    root = committed_demo(tmp_path)
    text = edit(root, relative, old, new)
    problem = only_problem(root)
    assert (problem.file, problem.line, problem.key, problem.element) == (relative, position(text, new)[0], key, element)
    result = run_cli(root, "check", "--format", "github")  # the pull request's annotation says the same
    assert f"title={element} ({key})" in result.stdout, result.stdout
    edit(root, relative, new, fixed)
    assert check(root) == []


def test_entry_without_an_id_keeps_its_index(tmp_path):
    root = committed_demo(tmp_path)
    text = _append(root, PROOFS, "- name: 骨灰寄存证明\n  issuer: 殡仪馆\n  basis: 《殡葬管理条例》\n")
    problem = only_problem(root)
    index = len(re.findall(r"^- ", text, re.M)) - 1
    assert problem.key.startswith(f"[{index}]"), shown([problem])


# --- #7 (worst #8): a proof id not in the list -------------------------------------------

def test_unknown_proof_offers_only_close_names(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, HEALTH, EXAM, EXAM.replace("copy\n", "copy\n    proof: health-check\n"))
    problem = only_problem(root)
    assert (problem.line, problem.element) == (position(text, "health-check")[0], "证明材料编号")
    says(problem, "名称与它相近的编号：physical-exam（体检合格证明）；")
    assert "income" not in problem.hint and "birth-medical" not in problem.hint and "等 23 个" not in problem.hint
    edit(root, HEALTH, "proof: health-check", "proof: physical-exam")
    assert check(root) == []


def test_unknown_proof_with_no_close_name_says_so(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, HEALTH, EXAM, EXAM.replace("copy\n", "copy\n    proof: id-card\n"))
    text = edit(root, HEALTH, "近 6 个月内的体检报告", "居民身份证")
    problem = only_problem(root)
    assert (problem.line, problem.element) == (position(text, "id-card")[0], "证明材料编号")
    says(problem, "清单中没有名称与“居民身份证”相近的证明", "删去 proof: 这一行", "content/proofs.yaml 登记")
    assert not re.search(r"[a-z]+-?[a-z]*（", problem.hint), problem.hint  # no proof offered
    edit(root, HEALTH, "    proof: id-card\n", "")
    assert check(root) == []


# --- #35 (worst #5): a gap the clerk's edit made -------------------------------------------

def test_gap_of_a_changed_item_is_told_at_its_line(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, FUNERAL, "forms: [window]", "forms: [window, online]")
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    told = [line for line in result.stdout.splitlines() if "待补充【" in line]
    line, column = position(text, "[window, online]")
    assert told == [f"{FUNERAL}:{line}:{column}: 待补充【办理渠道·网上办理地址】(channels.online_url) "
                    "这一处待补充是这次改动新增的：上次提交时这个事项没有这处待补充。网站上这里会显示“信息待补充”；"
                    "不影响这次检查通过，但合并请求的检查（make check BASE=main）会因此不能通过：请补上。"]  # trial 17, worst #4
    assert "在 channels: 下加一行 online_url: 和网上办理地址" in result.stdout
    assert "其中这次改动的 1 个事项的 1 处已在上面逐条列出" in result.stdout
    edit(root, FUNERAL, "forms: [window, online]", "forms: [window, online]\n  online_url: https://zwfw.example.gov.cn/bs")
    after = run_cli(root, "check")
    assert after.returncode == 0 and "待补充" not in after.stdout, after.stdout
    assert check(root) == []


def test_gap_of_an_unchanged_item_or_without_git_is_only_counted(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, FUNERAL, "forms: [window]", "forms: [window, online]")
    commit(root, "the gap committed")
    result = run_cli(root, "check")
    assert "待补充【" not in result.stdout and "信息待补充：1 个事项共 1 处（check --gaps" in result.stdout
    edit(root, FUNERAL, "appointment: true", "appointment: false")  # changed again: told
    assert "待补充【" in run_cli(root, "check").stdout
    shutil.rmtree(root / ".git")
    plain = run_cli(root, "check")
    assert "待补充【" not in plain.stdout and "信息待补充：1 个事项共 1 处（check --gaps" in plain.stdout
