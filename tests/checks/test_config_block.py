"""Mistakes in the `catalogue:` block of mkdocs.yml: a Chinese file:line
message with the element's name and a hint, as for items; never "内部错误"
or pydantic's English (generator/checks/config_block.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.checks.config_block import read_block, settings_from
from generator.checks.problems import ProblemsFound
from generator.config import read_settings
from generator.site.plugin import CataloguePlugin
from mini_catalogue import copy_mini, position, run_cli

BLOCK_END = '      sample_data: true\n'


def with_block(tmp_path: Path, lines: str, before: str = "") -> tuple[Path, str]:
    """The mini catalogue with ``lines`` ending its catalogue block (instead of `sample_data`)."""
    root = copy_mini(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.endswith(BLOCK_END)
    text = before + text[:-len(BLOCK_END)] + lines
    config.write_text(text, encoding="utf-8")
    return root, text


def problems(root: Path) -> list:
    with pytest.raises(ProblemsFound) as found:
        read_settings(root)
    return found.value.problems


def only(root: Path):
    found = problems(root)
    assert len(found) == 1, found
    return found[0]


def test_unquoted_hotline(tmp_path):
    root, text = with_block(tmp_path, "      contact:\n        hotline: 12345\n")
    problem = only(root)
    assert (problem.file, (problem.line, problem.column)) == ("mkdocs.yml", position(text, "12345"))
    assert problem.element == "服务热线" and problem.key == "plugins[0].catalogue.contact.hotline"
    assert problem.message == "应为文字，实际是数字 12345。"
    assert '"12345"' in problem.hint


def test_the_command_line_prints_the_message(tmp_path):
    root, text = with_block(tmp_path, "      contact:\n        hotline: 12345\n")
    result = run_cli(root, "check")
    line, column = position(text, "12345")
    assert result.returncode == 1
    assert f"mkdocs.yml:{line}:{column}: 错误【服务热线】" in result.stdout
    output = result.stdout + result.stderr
    assert "内部错误" not in output and "Input should" not in output and "Traceback" not in output


def test_typo_key(tmp_path):
    root, text = with_block(tmp_path, "      contact:\n        hotlin: '12345'\n")
    problem = only(root)
    assert (problem.line, problem.column) == position(text, "hotlin")
    assert "不认识的要素名 hotlin" in problem.message and "hotline（服务热线）" in problem.hint


def test_typo_top_level_key(tmp_path):
    root, text = with_block(tmp_path, "      publsher: 示范市人民政府\n")
    problem = only(root)
    assert (problem.line, problem.column) == position(text, "publsher")
    assert "publisher（发布机关）" in problem.hint


def test_tab_in_the_block(tmp_path):
    root, text = with_block(tmp_path, "      contact:\n\t  hotline: '12345'\n")
    problem = only(root)
    assert (problem.file, problem.line, problem.column) == ("mkdocs.yml", position(text, "\t")[0], 1)
    assert "制表符" in problem.message


@pytest.mark.parametrize("lines,needle,element,says", [
    ("      sample_data: yes\n", "yes", "示例数据", "应为 true 或 false"),
    ("      max_item_bytes: 015\n", "015", "事项文件大小上限（字节）", "以 0 开头"),
    ("      max_item_bytes: 0x400\n", "0x400", "事项文件大小上限（字节）", "十六进制"),
    ("      max_item_bytes: 99999999999\n", "99999999999", "事项文件大小上限（字节）", "超出范围"),
    ("      publish:\n        review_days: 0\n", "0\n", "核验周期（天）", "超出范围"),
    ("      most_used: 990101001000\n", "990101001000", "常用事项", "应为列表"),
    ("      codes:\n        basic_layout: nation\n", "nation", "基本编码格式", "不是可选值"),
    ("      footer: 9:30\n", "9:30", "页脚文字", "会被当成一个数"),
    ("      edit_url: !ENV EDIT_URL\n", "!ENV", "编辑链接", "不支持的标记 !ENV"),
    ("      contact: 12345\n", "12345", "联系方式", "应为分项填写的内容"),
])
def test_wrong_values(tmp_path, lines, needle, element, says):
    root, text = with_block(tmp_path, lines)
    problem = only(root)
    line, column = position(text, needle, occurrence=text.count(needle) if needle == "0\n" else 1)
    assert (problem.file, problem.line, problem.column) == ("mkdocs.yml", line, column), problem
    assert problem.element == element
    assert says in problem.message + problem.hint


def test_tags_elsewhere_in_mkdocs_yml_are_mkdocs_business(tmp_path):
    root, _ = with_block(tmp_path, "", before="site_author: !ENV [AUTHOR, 示范市]\n")
    assert read_settings(root).region == "测试市"


def test_duplicate_key_in_the_block(tmp_path):
    root, text = with_block(tmp_path, "      region: 另一个市\n")
    problem = only(root)
    assert (problem.line, problem.column) == position(text, "region: 另一个市")
    assert "写了两次" in problem.message


def test_plugin_reports_the_same_message(tmp_path):
    """`mkdocs build` reads the block through the plugin: the same Chinese, located message."""
    root, text = with_block(tmp_path, "      contact:\n        hotline: 12345\n")
    errors, _ = CataloguePlugin().load_config({"contact": {"hotline": 12345}}, str(root / "mkdocs.yml"))
    (key, message), = errors
    line, column = position(text, "12345")
    assert f"mkdocs.yml:{line}:{column}: 错误【服务热线】" in message and '"12345"' in message


def test_plugin_reads_the_file_not_yaml_1_1(tmp_path):
    # MkDocs read `max_item_bytes: 0x400` as 1024; the block means what `make check` reads.
    root, _ = with_block(tmp_path, "      max_item_bytes: 0x400\n")
    errors, _ = CataloguePlugin().load_config({"max_item_bytes": 1024}, str(root / "mkdocs.yml"))
    assert errors and "十六进制" in errors[0][1]


def test_block_not_in_the_file(tmp_path):
    # e.g. through MkDocs' INHERIT: the options MkDocs read, in the same words, at line 1.
    with pytest.raises(ProblemsFound) as found:
        settings_from({"region": "测试市", "contact": {"hotlin": "1"}}, "mkdocs.yml")
    problem, = found.value.problems
    assert (problem.file, problem.line) == ("mkdocs.yml", 1) and "hotline" in problem.hint
    assert read_block(tmp_path) is None  # no mkdocs.yml: read_settings reports the required region


# --- region is required: no other catalogue's name stands in (config.py) ------------------

def test_region_is_required(tmp_path):
    root = copy_mini(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("      region: 测试市\n", "", 1)
    assert "region" not in text
    config.write_text(text, encoding="utf-8")
    problem = only(root)
    # At the catalogue block (its first key), with the element's name and what to write.
    assert (problem.file, problem.line) == ("mkdocs.yml", position(text, "province_code")[0]), problem
    assert problem.element == "地区名称" and problem.key == "plugins[0].catalogue.region"
    assert "缺少必填要素「地区名称」" in problem.message and "region:" in problem.hint
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert f"mkdocs.yml:{problem.line}:{problem.column}: 错误【地区名称】" in result.stdout
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "内部错误" not in output and "示范市" not in output


def test_no_catalogue_block_or_no_file_is_reported_not_defaulted(tmp_path):
    for text in ("site_name: 目录\nplugins:\n  - catalogue\n", None):
        root = tmp_path / ("block" if text else "nofile")
        root.mkdir()
        if text:
            (root / "mkdocs.yml").write_text(text, encoding="utf-8")
        problem = only(root)
        assert (problem.file, problem.line, problem.element) == ("mkdocs.yml", 1, "地区名称"), problem
        assert "region:" in problem.hint


def test_publisher_is_optional_and_not_invented(tmp_path):
    settings = read_settings(copy_mini(tmp_path))  # the mini block states no publisher
    assert settings.region == "测试市" and settings.publisher is None


def test_valid_block(tmp_path):
    root, _ = with_block(tmp_path, "      contact:\n        hotline: '12345'\n      max_item_bytes: 1024\n")
    settings = read_settings(root)
    assert settings.contact.hotline == "12345" and settings.max_item_bytes == 1024


def test_build_reports_the_block_before_mkdocs(tmp_path):
    root, text = with_block(tmp_path, "      contact:\n        hotline: 12345\n")
    result = run_cli(root, "build")
    line, column = position(text, "12345")
    assert result.returncode == 1
    assert f"mkdocs.yml:{line}:{column}: 错误【服务热线】" in result.stdout
    assert "内部错误" not in result.stdout + result.stderr and not (root / "site").exists()


def test_most_items_lacking_one_required_element_points_to_the_setting(tmp_path):
    """An export that never states an element publish.required names (a list of
    names and codes has no way to apply) holds everything back: the check says
    that the setting is the choice, not each file."""
    root = copy_mini(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      region: 测试市\n",
        "      region: 测试市\n      publish:\n        required: [name, implementing_body, entrusted_department]\n", 1),
        encoding="utf-8")
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert "publish.required 中去掉 entrusted_department" in result.stderr, result.stderr
