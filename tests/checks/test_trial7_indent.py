"""Two false alarms of clerk trial 7 (docs/clerk-trials.md, "Trial 7"):

- #39: full-width spaces (U+3000) indenting a key under a material, in a
  file saved with Windows line endings (CRLF), were labelled 【事项名称】:
  the lines above ended in "\\r" and were not read as keys.  The message
  names the key of that line in its context, with or without CRLF.
- A17 (#11/#33): an item copied into another department's folder; the
  duplicate file name was told at the untouched original, as 【事项名称】.
  It is told at the copy (the file git does not have yet; without git, or
  when git has both, the one whose folder's department lacks the code's
  department digits), with a fix that works: since clerk trial 8 (#11) as its
  one error, 【基本编码】 "a copy of …" when its folder's department lacks the
  code's digits, else 【文件名】 (tests/checks/test_trial8_moves.py)."""

from __future__ import annotations

import shutil

import pytest

from history_repo import commit, git
from mini_catalogue import check, copy_demo, edit, only_problem, says

TEACHER = "items/education/990104001000.yaml"  # materials[0].copies at "    copies: 1", line 39
NOTARY = "items/notary/992033001000.yaml"  # department category 33
COPY = "items/library/992033001000.yaml"  # library's category is 34
FULL = "\u3000"


def _save(root, relative: str, text: str, crlf: bool) -> None:
    (root / relative).write_bytes((text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))


# --- #39: full-width spaces before a nested key --------------------------------

@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
@pytest.mark.parametrize("old, line, element, key, spaces", [
    ("    copies: 1\n", 39, "份数", "materials[0].copies", 4),
    ("    form: paper\n    copies: 1\n    source: applicant\n    original: original_shown", 46, "份数",
     "materials[1].copies", 4),
], ids=["first-material", "second-material"])
def test_fullwidth_indent_names_the_key_of_its_line(tmp_path, crlf, old, line, element, key, spaces):
    root = copy_demo(tmp_path)
    text = (root / TEACHER).read_text(encoding="utf-8")
    assert old in text, old
    new = old.replace("    copies", FULL * 4 + "copies", 1)
    text = text.replace(old, new, 1)
    assert text.split("\n")[line - 1].startswith(FULL * 4 + "copies")
    _save(root, TEACHER, text, crlf)
    problem = only_problem(root)  # not 【事项名称】(name), and nothing else
    assert (problem.file, problem.line) == (TEACHER, line)
    assert (problem.element, problem.key) == (element, key)
    says(problem, "全角空格", "删去行首的全角空格", f"应是 {spaces} 个空格")
    _save(root, TEACHER, text.replace(FULL * 4 + "copies", "    copies"), crlf)
    assert check(root) == []  # the CRLF file itself reads without a message


def test_crlf_file_reads_as_the_same_item(tmp_path):
    root = copy_demo(tmp_path)
    text = (root / TEACHER).read_text(encoding="utf-8")
    _save(root, TEACHER, text, True)
    assert check(root) == []


# --- A17: an item copied into another department's folder ----------------------

def _duplicate(found) -> list:
    return [p for p in found if "网页地址会相同" in p.message]


def _repo(root) -> None:
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    commit(root, "示范目录")


def _assert_told_at(found, copy: str, original: str, alone: bool = True, element: str = "基本编码") -> None:
    """One error at the copy (clerk trial 8, #11: the duplicate file name, implementation
    code and slug fold into it): in another department's folder, that it is a copy of the
    original (tests/checks/test_trial7_materials.py, #33); else the duplicate file name."""
    at_copy = [p for p in found if p.file == copy]
    assert len(at_copy) == 1, [p.format_text({"error": "错误", "warning": "提醒", "hint": ""}) for p in found]
    problem = at_copy[0]
    assert problem.is_error and problem.element == element
    if element == "文件名":
        assert problem.key == "" and _duplicate(found) == [problem]
        assert (problem.line, problem.column) == (2, 1)  # where the item begins (line 1: a comment); no line is the name
        says(problem, f"与 {original} 重复", "副本的，就删除这个文件", f"{original} 不用改", "给它自己的编码")
    else:
        assert problem.key == "code" and _duplicate(found) == []
        says(problem, f"{original}（继承公证）的复制件", f"删除这个文件（{copy}）", f"{original} 保留不动")
    if alone:  # the untouched original is not told anything
        assert not [p for p in found if p.file == original]
    else:  # at least no duplicate: the copy carries those
        assert not [p for p in found if p.file == original and p.key in ("", "implementation_code", "slug")]


def test_copy_into_another_department_is_told_not_the_original(tmp_path):
    root = copy_demo(tmp_path)
    _repo(root)
    shutil.copyfile(root / NOTARY, root / COPY)
    found = check(root)
    _assert_told_at(found, COPY, NOTARY)
    (root / COPY).unlink()
    assert check(root) == []


def test_without_git_the_copy_is_the_one_in_the_wrong_department(tmp_path):
    root = copy_demo(tmp_path)
    shutil.copyfile(root / NOTARY, root / COPY)
    _assert_told_at(check(root), COPY, NOTARY)


def test_git_tells_the_new_file_even_in_the_right_department(tmp_path):
    # The committed file sits in the wrong folder; a clerk copies it into the
    # right one: the new file is the copy (git first, digits second).
    root = copy_demo(tmp_path)
    (root / NOTARY).rename(root / COPY)
    _repo(root)
    shutil.copyfile(root / COPY, root / NOTARY)
    found = check(root)
    _assert_told_at(found, NOTARY, COPY, alone=False, element="文件名")  # the original's code is still told
    says(_duplicate(found)[0], "本部门未用的编码 99203300")  # notary's category 33


def test_both_committed_the_one_in_the_wrong_department_is_told(tmp_path):
    root = copy_demo(tmp_path)
    shutil.copyfile(root / NOTARY, root / COPY)
    _repo(root)
    _assert_told_at(check(root), COPY, NOTARY)
