"""Clerk trial 9 (docs/clerk-trials.md, "Trial 9"), registries and files:

- #35: a proof entry deleted from content/proofs.yaml is one error there (where
  it was at the last commit, the items still using it, the entry to put back),
  never a look-alike id at the item (checks/mistakes/renamed_ids.py); offices and
  departments the same;
- #22: a department id renamed in content/departments.yaml is one error at the
  renamed id (the folder and the life event still using the old one), not a
  "是不是想写 health-commission" at the folder and the life event;
- #11: "X - 副本.yaml" next to an original that cannot be read is told it is a
  copy, never to take the original's name (code_rules.check_file_name);
- #37: a synonym word added to a new group while an unchanged group has it is
  one error at the new line, the old group untouched (checks/synonyms.py).

Each on a copy of the demo in a real git repository: commit, make the
mistake, check, follow the hint literally."""

from __future__ import annotations

import re

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from mini_catalogue import check, copy_demo, edit, only_problem, position, says, shown
from history_repo import committed

PROOFS = "content/proofs.yaml"
OFFICES = "content/offices.yaml"
DEPARTMENTS = "content/departments.yaml"
SYNONYMS = "content/synonyms.yaml"
BIRTH = "content/life-events/birth.yaml"
HOUSING = "items/housing-fund/992009001000.yaml"
REAL_ESTATE = ("- id: real-estate-record\n  name: 不动产登记信息查询结果证明\n  issuer: 不动产登记机构\n"
               "  basis: 《不动产登记资料查询暂行办法》\n\n")
RESTORE = re.compile(r"(在第 (\d+) 行这一条的前面|在文件末尾)补回这一条（上次提交时的内容，写成一行）：(- \{.*\})。")


def _commit(root) -> None:
    committed(root)


def _delete_entry(root, relative: str, entry_id: str) -> str:
    """Delete the entry ``- id: entry_id`` (to the next entry or the end) from ``relative``; the new text."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {entry_id}\n")
    end = text.find("\n- id:", start) + 1 or len(text)
    text = text[:start] + text[end:]
    path.write_text(text, encoding="utf-8")
    return text


def _restore_as_told(root, problem) -> None:
    """Do what the hint says: put the one line it gives before the line it names, or at the end."""
    found = RESTORE.search(problem.hint)
    assert found, problem.hint
    path = root / problem.file
    lines = path.read_text(encoding="utf-8").split("\n")
    if found.group(2):
        at = int(found.group(2)) - 1
        lines[at:at] = [found.group(3), ""]
    else:
        lines[-1:] = [found.group(3), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


# --- #35: a registry entry deleted ------------------------------------------------

def test_deleted_proof_is_one_error_at_proofs_with_the_entry_to_restore(tmp_path):
    root = copy_demo(tmp_path)
    _commit(root)
    text = edit(root, PROOFS, REAL_ESTATE, "")
    problem = only_problem(root)  # not at the item, and no look-alike proof id
    assert problem.file == PROOFS and problem.is_error and problem.element == "证明编号"
    assert problem.line == position(text, "- id: tax-paid")[0]  # where it stood
    says(problem, "real-estate-record（不动产登记信息查询结果证明）上次提交时在本文件第 97 行，现在被删去了",
         "1 个事项（暂不发布）：items/housing-fund/992009001000.yaml",
         "- {id: real-estate-record, name: 不动产登记信息查询结果证明, issuer: 不动产登记机构, basis: 《不动产登记资料查询暂行办法》}",
         "确实要删去这个证明的")
    assert "social-insurance-record" not in problem.message + problem.hint and "是不是想写" not in problem.hint
    report = build_catalogue(root, read_settings(root))
    [held] = [h for h in report.catalogue.held_back if h.source == HOUSING]
    assert "已从 content/proofs.yaml 中删去" in held.problems[0].message
    _restore_as_told(root, problem)
    assert check(root) == []


def test_deleted_last_proof_is_restored_at_the_end(tmp_path):
    root = copy_demo(tmp_path)
    _commit(root)
    text = _delete_entry(root, PROOFS, "driver-health")
    problem = only_problem(root)
    assert problem.file == PROOFS and problem.line == position(text, "- id: disability-assessment")[0]
    says(problem, "driver-health（机动车驾驶人身体条件证明）", "items/public-security/990101002000.yaml", "在文件末尾补回")
    _restore_as_told(root, problem)
    assert check(root) == []


def test_without_git_a_deleted_proof_is_told_at_the_item(tmp_path):
    # Nothing to compare with: the item's message stands (unknown is not a default).
    root = copy_demo(tmp_path)
    edit(root, PROOFS, REAL_ESTATE, "")
    problem = only_problem(root)
    assert problem.file == HOUSING and "不在证明材料清单中" in problem.message


def test_deleted_office_is_told_once_with_the_offices_it_is_the_parent_of(tmp_path):
    root = copy_demo(tmp_path)
    _commit(root)
    text = _delete_entry(root, OFFICES, "qingshi-centre")
    problem = only_problem(root)  # not 13 items and an office's parent
    assert problem.file == OFFICES and problem.element == "办理地点编号"
    assert problem.line == position(text, "- id: hupan-station")[0]
    says(problem, "qingshi-centre（青石镇便民服务中心）上次提交时在本文件第", "13 个事项（暂不发布）",
         "办理地点 hupan-station（上级办理地点 parent）", "hours: [{days: [mon, tue, wed, thu, fri]")
    _restore_as_told(root, problem)
    assert check(root) == []


def test_deleted_department_is_told_once_at_departments(tmp_path):
    root = copy_demo(tmp_path)
    _commit(root)
    _delete_entry(root, DEPARTMENTS, "health")
    problem = only_problem(root)  # not the folder and the life event
    assert problem.file == DEPARTMENTS and problem.element == "部门编号"
    says(problem, "health（示范市卫生健康委员会）", "文件夹 items/health/ 中的 4 个事项（暂不发布）",
         "一件事 content/life-events/birth.yaml（牵头部门）", "不能只删这一条")
    _restore_as_told(root, problem)
    assert check(root) == []


# --- #22: a department id renamed --------------------------------------------------

def test_renamed_department_is_one_error_at_the_renamed_id(tmp_path):
    root = copy_demo(tmp_path)
    _commit(root)
    text = edit(root, DEPARTMENTS, "- id: health\n", "- id: health-commission\n")
    problem = only_problem(root)  # not at birth.yaml and at the folder, each with "是不是想写 health-commission"
    assert problem.file == DEPARTMENTS and problem.is_error and problem.element == "部门编号"
    assert (problem.line, problem.column) == position(text, "health-commission")
    says(problem, "编号 health 在上次提交后被改成了 health-commission", "文件夹 items/health/ 中的 4 个事项（暂不发布）",
         "一件事 content/life-events/birth.yaml（牵头部门）", "把这一行改回 id: health")
    assert "是不是想写" not in problem.hint
    report = build_catalogue(root, read_settings(root))
    held = [h for h in report.catalogue.held_back if h.source.startswith("items/health/")]
    assert len(held) == 4 and all("被改成了 health-commission" in h.problems[0].message for h in held), held
    edit(root, DEPARTMENTS, "- id: health-commission\n", "- id: health\n")  # the hint, literally
    assert check(root) == []


def test_renamed_department_kept_on_purpose_as_the_hint_says(tmp_path):
    # The other reading: the old id changed everywhere, the folder renamed too.
    root = copy_demo(tmp_path)
    _commit(root)
    edit(root, DEPARTMENTS, "- id: health\n", "- id: health-commission\n")
    problem = only_problem(root)
    says(problem, "文件夹 items/health/ 也改名为 items/health-commission/")
    (root / "items/health").rename(root / "items/health-commission")
    edit(root, BIRTH, "lead_department: health\n", "lead_department: health-commission\n")
    assert check(root) == []


# --- #11: a copy next to an unreadable original -------------------------------------

def test_copy_next_to_an_unreadable_original_is_told_it_is_a_copy(tmp_path):
    root = copy_demo(tmp_path)
    original = root / "items/health/992007001000.yaml"
    text = original.read_text(encoding="utf-8")
    copy = root / "items/health/992007001000 - 副本.yaml"
    copy.write_text(text, encoding="utf-8")
    # Bytes no encoding reads (a GBK original is read as GBK since trial 11: test_trial11_content.py).
    original.write_bytes(text.encode("gbk") + b"\x80")
    found = check(root)
    assert len(found) == 2, shown(found)
    [told] = [p for p in found if p.file == "items/health/992007001000 - 副本.yaml"]
    assert told.line == position(text, '"992007001000"')[0] and told.element == "基本编码"
    says(told, "看起来是 items/health/992007001000.yaml（现在读不出，见那个文件自己的错误）的副本",
         "不要把这个文件改名为 992007001000.yaml：那会覆盖原事项", "992007003000")
    assert "改名为以下之一" not in told.hint
    copy.unlink()  # the hint, literally: a spare copy is deleted
    [left] = check(root)
    assert left.file == "items/health/992007001000.yaml" and "无法识别的字节" in left.message  # its own next message
    original.write_text(text, encoding="utf-8")
    assert check(root) == []


# --- #37: a synonym word already in an unchanged group -------------------------------

def _append(root, line: str) -> int:
    """Append ``line`` to the synonyms file; its line number."""
    path = root / SYNONYMS
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def test_synonym_words_of_an_old_group_are_told_once_at_the_new_line(tmp_path):
    root = copy_demo(tmp_path)
    _commit(root)
    old = position((root / SYNONYMS).read_text(encoding="utf-8"), "- [基本医疗保险, 医保, 医疗保险]")[0]
    new = _append(root, "- [医疗保险, 医保, 医]")
    found = check(root)
    assert len(found) == 2 and all(p.line == new and p.file == SYNONYMS for p in found), shown(found)
    [told] = [p for p in found if "上次提交时已有" in p.message]
    assert told.element == "同义词组"
    says(told, f"第 {old} 行的一组上次提交时已有“医疗保险”“医保”", f"第 {old} 行的一组照常使用", "整组暂不使用", "删去这一行")
    assert any("只剩一个字“医”" in p.message for p in found)  # its own mistake, at its own word
    report = build_catalogue(root, read_settings(root))
    assert ["基本医疗保险", "医保", "医疗保险"] in report.catalogue.synonyms  # the old group is used
    edit(root, SYNONYMS, "- [医疗保险, 医保, 医]\n", "")  # the hint, literally
    assert check(root) == []


def test_one_old_word_in_a_new_group_leaves_the_rest_of_it_used(tmp_path):
    root = copy_demo(tmp_path)
    _commit(root)
    new = _append(root, "- [看病报销, 医保, 就医报销]")
    problem = only_problem(root)
    assert problem.line == new and problem.column == position("- [看病报销, 医保, 就医报销]", "医保")[1]
    says(problem, "的一组上次提交时已有“医保”", "从这一组删去“医保”")
    report = build_catalogue(root, read_settings(root))
    assert ["看病报销", "就医报销"] in report.catalogue.synonyms
    edit(root, SYNONYMS, "- [看病报销, 医保, 就医报销]", "- [看病报销, 就医报销]")
    assert check(root) == []


def test_a_group_pasted_above_its_twin_is_told_at_the_pasted_line(tmp_path):
    root = copy_demo(tmp_path)
    _commit(root)
    text = edit(root, SYNONYMS, "- [居民身份证, 身份证, 二代证]\n", "- [户口注销, 销户, 销户口]\n- [居民身份证, 身份证, 二代证]\n")
    problem = only_problem(root)
    assert problem.line == position(text, "- [户口注销, 销户, 销户口]")[0]  # the pasted one, not the old one
    says(problem, "同一组写了两次", "删去这一行")


def test_without_git_a_word_in_two_groups_is_told_at_both(tmp_path):
    # Which group is new is unknown: both places are told, as before.
    root = copy_demo(tmp_path)
    _append(root, "- [看病报销, 医保, 就医报销]")
    found = [p for p in check(root) if "也在另一组中" in p.message]
    assert len(found) == 2, shown(found)
