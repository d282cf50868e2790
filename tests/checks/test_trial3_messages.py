"""The work list of clerk trial 3 (docs/clerk-trials.md, "Worst messages"),
fixed by kind: each mistake is reported once, at the line to change, naming
the element and the fix, with no knock-on message anywhere else."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.checks.problems import Problem
from history_repo import new_repo
from mini_catalogue import DEMO, ITEM, check, copy_mini, copy_demo, edit, mini_with, only_problem, says, shown, original, position, replaced

DEMO_ID_CARD = "items/public-security/990101001000.yaml"  # has English texts (en:)
DEMO_MARRIAGE = "items/civil-affairs/990702001000.yaml"  # named by a life event, an office's hours, most_used








# --- 1: a colon left out after a key: once, at the key, naming it ---------------

@pytest.mark.parametrize("old, new, key, element, fix", [
    ("summary: 年满", "summary 年满", "summary", "主要内容", "写成 summary: 年满十六周岁的本市户籍"),  # top level
    ("  name: 示范市公安局", "  name 示范市公安局", "name", "实施主体名称", "写成 name: 示范市公安局"),  # in a mapping
    ("  - name: 居民户口簿", "  - name 居民户口簿", "name", "材料名称", "写成 name: 居民户口簿"),  # a list entry's key
    ("    necessity: required", "    necessity required", "necessity", "必要性", "写成 necessity: required"),
])
def test_missing_colon_reported_once_at_its_key(tmp_path, old, new, key, element, fix):
    # Trial 3, #15: "缺少英文冒号" five times, at each of the five lines after the key.
    root, text = mini_with(tmp_path, old, new)
    problem = only_problem(root)
    assert problem.is_error and problem.element == element
    line, column = position(text, new.strip())
    assert (problem.line, problem.column) == (line, column + len(new.strip().removeprefix("- ").split(" ")[0])
                                              + (2 if new.strip().startswith("- ") else 0)), problem
    says(problem, f"要素名 {key}（{element}）后面缺少英文冒号", fix)


# --- 7: a key written as (part of) its Chinese name -----------------------------

def test_chinese_element_name_suggests_the_key_once(tmp_path):
    # Trial 3, #7: "名称" for 材料名称 listed 21 keys, and a second error said name was missing.
    root, text = mini_with(tmp_path, "  - name: 居民户口簿", "  - 名称: 居民户口簿")
    problem = only_problem(root)
    assert (problem.line, problem.column) == position(text, "名称: 居民户口簿")
    assert problem.element == "材料名称"
    says(problem, "不认识的要素名 名称", "是不是想写 name（材料名称）？请把 名称 改成它")


# --- 8: full-width brackets, like the full-width colon and comma ----------------

@pytest.mark.parametrize("old, new, key, char, meant", [
    ("service_types: [issuance]", "service_types: ［issuance］", "service_types", "［", "[issuance]"),
    ("aliases: [办身份证, 第一次办身份证]", "aliases: 【办身份证，第一次办身份证】", "aliases", "【", "[办身份证, 第一次办身份证]"),
])
def test_fullwidth_brackets_are_named(tmp_path, old, new, key, char, meant):
    # Trial 3, #39: "应为列表…实际是文字" for ［query, proof_issuance］, which looks like a list.
    root, text = mini_with(tmp_path, old, new)
    problem = only_problem(root)
    assert (problem.line, problem.column) == position(text, new.split(": ", 1)[1])
    assert problem.element and problem.key == key
    says(problem, f"中文（全角）括号“{char}”", "切换到英文输入法", f"写成 {key}: {meant}")


def test_fullwidth_braces_are_named(tmp_path):
    root, text = mini_with(tmp_path, "implementing_body:\n  name: 示范市公安局\n", "implementing_body: ｛name：示范市公安局｝\n")
    problem = only_problem(root)
    assert problem.line == position(text, "implementing_body:")[0] and problem.element == "实施主体"
    says(problem, "中文（全角）花括号“｛”", "写成 implementing_body: {name: 示范市公安局}")


# --- 3: a required element missing: named, where it goes, how to write it -------

def test_missing_required_list_says_how_to_write_it(tmp_path):
    materials = original(ITEM).split("materials:\n", 1)[1].split("\nsteps:", 1)[0]
    root, text = mini_with(tmp_path, "materials:\n" + materials + "\n", "")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "      publish:\n        required: [name, materials]\n",
                      encoding="utf-8")
    problem = only_problem(root)
    assert (problem.line, problem.column) == (position(text, "steps:")[0], 1)
    assert problem.element == "申请材料" and problem.is_error
    says(problem, "缺少发布所必需的“申请材料”（materials）", "在 steps: 这一行之前添加一行 materials:",
          "以“- ”开头写 name: 材料名称")
    assert "mkdocs.yml" not in problem.hint


# --- 4: a committed code changed by mistake: change it back ---------------------

def test_changed_code_suggests_changing_it_back(tmp_path):
    # Trial 3, #12: "rename the file to 992002001001.yaml" kept the wrong code for good.
    repo = new_repo(tmp_path)
    text = edit(repo.root, ITEM, 'code: "990101001000"', 'code: "990101001001"')
    problem = only_problem(repo.root)  # no knock-on ("子项 990101001001 找不到主项")
    assert (problem.line, problem.column) == position(text, '"990101001001"') and problem.element == "基本编码"
    says(problem, "上次提交时 code 是“990101001000”", '把 code 改回 "990101001000"')
    assert "改名" not in problem.hint


def test_new_item_with_another_code_is_told_to_rename(tmp_path):
    # The rename stays the fix when the file was never committed (the code is new).
    repo = new_repo(tmp_path)
    text = original(ITEM).replace('code: "990101001000"', 'code: "990101009000"', 1).replace(
        "居民身份证首次申领", "新事项", 1)
    (repo.root / "items/public-security/990101008000.yaml").write_text(text, encoding="utf-8")
    problem = only_problem(repo.root)
    assert problem.file == "items/public-security/990101008000.yaml"
    says(problem, "把文件改名为以下之一：990101009000.yaml")


# --- 5: a renamed item file: no knock-on where its code is used -----------------

def test_renamed_item_file_is_reported_once(tmp_path):
    # A copy saved as "<code> - 副本.yaml" (the original gone): the life event, the office's
    # hours and most_used named the code and guessed another item.
    root = copy_demo(tmp_path)
    renamed = DEMO_MARRIAGE.replace(".yaml", " - 副本.yaml")
    (root / DEMO_MARRIAGE).rename(root / renamed)
    problem = only_problem(root)
    assert problem.file == renamed and problem.element == "基本编码"
    says(problem, "990702001000.yaml")


# --- 6: English texts are not compared while the Chinese part is unread --------

@pytest.mark.parametrize("old, new, expected", [
    ("  - name: 居民户口簿", "  - name：居民户口簿", "中文冒号"),  # trial 3, #3
    ("  - name: 监护人的居民身份证", "  - 名称: 监护人的居民身份证", "是不是想写 name"),  # #7: "有 5 条" for 6
    ("  name: 示范市公安局\n", '  name: "示范市公安局\n', "没有结束引号"),  # #14: 9 English warnings
    ("  - name: 原居民身份证", "  - name: [原居民身份证", "行"),  # a bracket left open in the materials
])
def test_english_not_compared_while_chinese_is_unread(tmp_path, old, new, expected):
    root = copy_demo(tmp_path)
    edit(root, DEMO_ID_CARD, old, new)
    found = check(root)
    assert not [p for p in found if p.key.startswith("en")], shown(found)
    assert len(found) == 1 and found[0].file == DEMO_ID_CARD, shown(found)
    says(found[0], expected)


def test_english_count_still_compared_when_readable(tmp_path):
    # The English list is still checked when the Chinese one is read: a material deleted.
    root = copy_demo(tmp_path)
    text = (root / DEMO_ID_CARD).read_text(encoding="utf-8")
    block = text.split("  - name: 监护人的居民身份证\n", 1)[1].split("  - name:", 1)[0]
    edit(root, DEMO_ID_CARD, "  - name: 监护人的居民身份证\n" + block, "")
    [problem] = [p for p in check(root) if p.key == "en.materials"]
    assert not problem.is_error
    says(problem, "有 6 条，中文的对应内容有 5 条")


# --- 9: a fee without its basis: a warning with the fix ------------------------

def test_fee_without_basis_is_a_warning(tmp_path):
    # Trial 3, #30: a deleted fee basis passed silently (only counted among the gaps).
    basis = next(line for line in original(ITEM).splitlines(keepends=True) if line.startswith("      basis:"))
    root, text = mini_with(tmp_path, basis, "")
    problem = only_problem(root)
    assert not problem.is_error and problem.element == "收费项目" and problem.key == "fees.items[0]"
    assert problem.line == position(text, "    - name: 居民身份证工本费")[0]
    says(problem, "收费项目“居民身份证工本费”没有写收费依据（basis）", "添加一行 basis: ")
