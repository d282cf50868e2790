"""Options of the `catalogue` block that name files: `language` (the locale
file messages are read from), `items_dir` and `content_dir` (the folders the
check walks).  Found by the fuzz test (tests/test_fuzz.py): a long or
path-like `language` gave "内部错误 OSError: File name too long" or read
another YAML file of the repository as the locale ("内部错误 TypeError"), an
unknown one fell back to zh in silence; `items_dir: /etc` walked the whole of
/etc and `items_dir: ../outside` read items from outside the project.  Each
is now a mkdocs.yml:line:column message, and nothing is read."""

from __future__ import annotations

import pytest

from generator.checks.problems import ProblemsFound
from generator.config import read_settings
from generator.messages import _language, set_language
from mini_catalogue import copy_mini, position, run_cli

BLOCK_END = "      sample_data: true\n"


def with_option(tmp_path, line: str):
    root = copy_mini(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.endswith(BLOCK_END)
    text += line
    config.write_text(text, encoding="utf-8")
    return root, text


@pytest.mark.parametrize("value", ["zz", "../../content/departments", "../locales/zh", "x" * 300, "zh/../zh", ""])
def test_language_without_a_locale_file_is_refused(tmp_path, value):
    root, text = with_option(tmp_path, f"      language: '{value}'\n")
    with pytest.raises(ProblemsFound) as found:
        read_settings(root)
    problem, = found.value.problems
    assert (problem.file, problem.line, problem.column) == ("mkdocs.yml", *position(text, f"'{value}'"))
    assert problem.element == "目录语言" and "语言" in problem.message and "zh" in problem.hint
    result = run_cli(root, "check")
    assert result.returncode == 1 and "内部错误" not in result.stdout + result.stderr


@pytest.mark.parametrize("value", ["zh", "zh-CN", "zh_Hans", "ZH"])
def test_known_language_in_any_spelling(tmp_path, value):
    root, _ = with_option(tmp_path, f"      language: {value}\n")
    assert read_settings(root).language == value


def test_set_language_never_names_a_path():
    try:
        set_language("../../content/departments")
        from generator import messages
        assert messages._language == "zh"
    finally:
        set_language(_language)


@pytest.mark.parametrize("key,value", [
    ("items_dir", "/etc"), ("items_dir", "../outside"), ("content_dir", "/tmp"), ("items_dir", ""),
    ("content_dir", "a/../../x"), ("items_dir", "x" * 300), ("items_dir", "事项"), ("items_dir", "./items"),
])
def test_folders_outside_the_project_are_refused(tmp_path, key, value):
    root, text = with_option(tmp_path, f"      {key}: '{value}'\n")
    outside = tmp_path / "outside" / "public-security"
    outside.mkdir(parents=True)
    (outside / "secret.yaml").write_text("name: 外部秘密事项\n", encoding="utf-8")
    result = run_cli(root, "check")
    line, column = position(text, f"'{value}'")
    assert result.returncode == 1
    assert f"mkdocs.yml:{line}:{column}: 错误" in result.stdout and "不是本项目里的文件夹" in result.stdout
    assert "外部秘密事项" not in result.stdout and "/etc/" not in result.stdout
    assert "内部错误" not in result.stdout + result.stderr


def test_folders_inside_the_project_pass(tmp_path):
    root, _ = with_option(tmp_path, "      items_dir: items/\n      content_dir: content\n")
    settings = read_settings(root)
    assert (settings.items_dir, settings.content_dir) == ("items/", "content")
    assert run_cli(root, "check").returncode == 0
