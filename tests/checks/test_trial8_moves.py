"""Clerk trial 8 (docs/clerk-trials.md, "Trial 8"), #20 and #11, on a real
git repository of the demo:

#20: an item file moved (``git mv``, or deleted at the old path and written
at the new one) from its department's folder into another's was a blocking
"把“04”加进 codes" error with the right fix only in a warning.  It is one
error at its code: where git had it, whose category code it has, 移回 that
folder (which passes); a real handover is retired and replaced, as the
rules accept.  #11 (and trial 7, A17): a copy sharing its original's file
name, implementation code and slug is one error, not one per value."""

from __future__ import annotations

import shutil

import pytest

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from history_repo import commit, git
from mini_catalogue import check, copy_demo, edit, only_problem, position, says, shown

SCHOOL = "items/education/992004001000.yaml"  # 义务教育阶段新生入学登记, category 04, no implementation code
MOVED = "items/health/992004001000.yaml"  # health's codes are ["07"]
DEPARTMENTS = "content/departments.yaml"
ID_CARD = "items/public-security/990101001000.yaml"  # implementation code and slug id-card
ID_CARD_COPY = "items/civil-affairs/990101001000.yaml"  # civil-affairs' codes are ["02"]
NOTARY = "items/notary/992033001000.yaml"  # implementation code, category 33


def _repo(root) -> None:
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    commit(root, "示范目录")


def _code_line(root, relative: str) -> tuple[int, int]:
    text = (root / relative).read_text(encoding="utf-8")
    return position(text, '"' + relative.rsplit("/", 1)[1].removesuffix(".yaml") + '"')


# --- #20: moved into another department's folder ------------------------------

@pytest.mark.parametrize("how", ["git-mv", "delete-and-write"])
def test_moved_file_is_one_error_that_says_move_it_back(tmp_path, how):
    root = copy_demo(tmp_path)
    _repo(root)
    if how == "git-mv":
        git(root, "mv", SCHOOL, MOVED)
    else:  # an editor's "save as" elsewhere, then the old file deleted: nothing staged
        (root / MOVED).write_text((root / SCHOOL).read_text(encoding="utf-8"), encoding="utf-8")
        (root / SCHOOL).unlink()
    problem = only_problem(root)  # not the implementing-body warning beside it
    assert problem.file == MOVED and problem.is_error
    assert (problem.element, problem.key) == ("基本编码", "code")
    assert (problem.line, problem.column) == _code_line(root, MOVED)
    says(problem, "上次提交时在 items/education/ 中", f"（{SCHOOL}）", "“04”是示范市教育局的部门类别代码",
         "不是本部门的（07）", "移回 items/education/", f"放回 {SCHOOL}", "不用改 content/departments.yaml 的 codes",
         "机构调整", "status: cancelled", "replaced_by", "992007003000")
    assert "加进 codes" not in problem.hint
    assert problem.message.index("上次提交时") < problem.message.index("示范市教育局")  # where it was, first
    held = build_catalogue(root, read_settings(root)).catalogue.held_back
    assert [h.source for h in held] == [MOVED]
    shutil.move(root / MOVED, root / SCHOOL)  # 移回 items/education/, literally
    assert check(root) == []


def test_a_real_handover_done_as_the_hint_says_passes(tmp_path):
    """The alternative clause is what the rules accept: the original retired
    where it was (status cancelled, date, reason, replaced_by) and a new item
    under the department's next unused code; no error (the life event that
    lists the retired item is told which item replaces it)."""
    root = copy_demo(tmp_path)
    _repo(root)
    git(root, "mv", SCHOOL, MOVED)
    new_code = only_problem(root).hint.rsplit("用本部门未用的编码 ", 1)[1][:12]
    assert new_code == "992007003000"
    git(root, "mv", MOVED, SCHOOL)
    new = f"items/health/{new_code}.yaml"
    text = (root / SCHOOL).read_text(encoding="utf-8")
    (root / new).write_text(text.replace('"992004001000"', f'"{new_code}"').replace("示范市教育局", "示范市卫生健康委员会")
                            .replace("11990100MB00000044", "11990100MB0000007D"), encoding="utf-8")
    edit(root, SCHOOL, "item_type: public_service\n", "item_type: public_service\nstatus: cancelled\n"
         f"cancelled_date: 2026-11-30\nstatus_reason: 机构调整，改由示范市卫生健康委员会办理。\nreplaced_by: \"{new_code}\"\n")
    found = check(root)
    assert [p for p in found if p.is_error] == [], shown(found)
    assert [p.file for p in found] == ["content/life-events/school-entry.yaml"], shown(found)
    says(found[0], f"已由 {new_code}")


def test_without_git_a_foreign_code_is_not_said_to_have_moved(tmp_path):
    root = copy_demo(tmp_path)
    shutil.move(root / SCHOOL, root / MOVED)
    found = [p for p in check(root) if p.key == "code"]
    assert len(found) == 1, shown(found)
    assert "上次提交时" not in found[0].message  # nothing is said of a commit there is none of


def test_moved_into_a_department_that_implements_the_category_is_not_told_to_move_back(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, DEPARTMENTS, 'codes: ["07"]', 'codes: ["07", "04"]')  # health really implements 04
    _repo(root)
    git(root, "mv", SCHOOL, MOVED)
    found = check(root)
    assert [p for p in found if p.is_error] == [], shown(found)
    assert not any("移回" in p.hint for p in found)


def test_moved_when_its_committed_folder_is_also_wrong_keeps_the_codes_message(tmp_path):
    # Committed in library (whose codes lack 04), moved to health: moving back would not pass.
    root = copy_demo(tmp_path)
    shutil.move(root / SCHOOL, root / "items/library/992004001000.yaml")
    _repo(root)
    git(root, "mv", "items/library/992004001000.yaml", MOVED)
    found = [p for p in check(root) if p.file == MOVED and p.key == "code"]
    assert len(found) == 1, shown(found)
    assert "移回" not in found[0].hint and "上次提交时" not in found[0].message


# --- #11: a copy is one error, not one per shared value ------------------------

def test_copy_in_another_departments_folder_is_one_error(tmp_path):
    # Before: 4 errors at the copy (文件名 duplicate, 基本编码 "a copy of", 实施编码 and 短名 duplicates).
    root = copy_demo(tmp_path)
    _repo(root)
    shutil.copyfile(root / ID_CARD, root / ID_CARD_COPY)
    problem = only_problem(root)
    assert problem.file == ID_CARD_COPY and problem.is_error and problem.element == "基本编码"
    assert (problem.line, problem.column) == _code_line(root, ID_CARD_COPY)
    says(problem, f"{ID_CARD}（居民身份证申领、换领、补领）的复制件", "“01”是示范市公安局的部门类别代码",
         f"删除这个文件（{ID_CARD_COPY}）")
    (root / ID_CARD_COPY).unlink()
    assert check(root) == []


def test_copy_without_implementation_code_has_no_shared_code_warning(tmp_path):
    # Before: 2 errors and the warning "基本编码 … 相同，两个事项都没有实施编码".
    root = copy_demo(tmp_path)
    _repo(root)
    shutil.copyfile(root / SCHOOL, root / MOVED)
    problem = only_problem(root)
    assert problem.file == MOVED and problem.element == "基本编码"
    says(problem, f"{SCHOOL}（义务教育阶段新生入学登记）的复制件", f"删除这个文件（{MOVED}）")
    assert "移回" not in problem.hint  # a copy, not a move: the original is still there


def test_copy_in_the_same_folder_is_one_error(tmp_path):
    # Trial 8, #11: "X - 副本.yaml" was told as a copy and again as a duplicate implementation code.
    root = copy_demo(tmp_path)
    _repo(root)
    copy = NOTARY.replace(".yaml", " - 副本.yaml")
    shutil.copyfile(root / NOTARY, root / copy)
    problem = only_problem(root)
    assert problem.file == copy and problem.element == "基本编码" and problem.line == _code_line(root, NOTARY)[0]
    says(problem, f"看起来是 {NOTARY}（继承公证）的副本", "删除这个文件")
    (root / copy).unlink()
    assert check(root) == []


def test_copy_in_a_department_sharing_the_category_is_one_file_name_error(tmp_path):
    # Library really implements 33 as well: the copy is told by its file name only
    # (its implementation code, the same, follows from it).
    root = copy_demo(tmp_path)
    edit(root, DEPARTMENTS, 'codes: ["34"]', 'codes: ["34", "33"]')
    _repo(root)
    copy = "items/library/992033001000.yaml"
    shutil.copyfile(root / NOTARY, root / copy)
    problem = only_problem(root)
    assert problem.file == copy and problem.is_error and problem.element == "文件名"
    assert (problem.line, problem.column) == (2, 1)
    says(problem, f"与 {NOTARY} 重复", "副本的，就删除这个文件", "本部门未用的编码 992033002000")
    (root / copy).unlink()
    assert check(root) == []


def test_a_new_item_that_kept_a_copied_implementation_code_and_slug_is_told_both(tmp_path):
    """Not a copy (its own code and file name): the implementation code and
    the slug it kept from the item it was written from are two mistakes, both
    told in the first run (only a copy's are folded into one message)."""
    root = copy_demo(tmp_path)
    _repo(root)
    other = "items/public-security/990101009000.yaml"
    text = (root / ID_CARD).read_text(encoding="utf-8").replace('code: "990101001000"', 'code: "990101009000"')
    (root / other).write_text(text.replace("name: 居民身份证申领、换领、补领", "name: 临时居民身份证申领"),
                              encoding="utf-8")
    found = [p for p in check(root) if "已被" in p.message or "第 20-31 位" in p.message]
    assert sorted((p.file, p.key) for p in found) == [(other, "implementation_code"), (other, "slug")], shown(found)
    says(found[0], "第 20-31 位“990101001000”应与基本编码 990101009000 相同")  # with the fix, once (trial 17, #30)
    says(found[1], "短名 id-card", f"已被 {ID_CARD} 使用")
