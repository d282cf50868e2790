"""site_name, site_description, site_author and copyright in mkdocs.yml are
printed by Material into every page without escaping (in <title>, in
<meta content="…">, in aria-label="…", as the header's text): markup or a
hidden character there is refused with a mkdocs.yml:line:column message, in
`check` and in `build` alike (generator/checks/config_block.py)."""

from __future__ import annotations

import pytest

from generator.checks.problems import ProblemsFound
from generator.config import read_settings
from generator.site.plugin import CataloguePlugin
from mini_catalogue import copy_mini, mkdocs_build, position, run_cli, site_config

SITE_NAME = "site_name: 测试市公共服务事项目录\n"


def with_line(tmp_path, line: str, drop_block: bool = False):
    """The mini catalogue with ``line`` instead of its site_name line."""
    root = copy_mini(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.startswith(SITE_NAME)
    text = line + text[len(SITE_NAME):]
    if drop_block:  # no catalogue block at all: the defaults, and the site texts still checked
        text = line
    config.write_text(text, encoding="utf-8")
    return root, text


@pytest.mark.parametrize("line,needle,element,says", [
    ("site_name: 测试市<script>alert(1)</script>\n", "测试市<script>", "网站名称", "“<”"),
    ('site_name: \'测试市" onmouseover="alert(1)\'\n', "'测试市", "网站名称", "“\"”"),
    ("site_name: 测试市&lt;b&gt;\n", "测试市&lt;", "网站名称", "“&”"),
    ("site_name: 测试市\u202e目录\n", "测试市\u202e", "网站名称", "U+202E"),
    (SITE_NAME + "site_description: 简介<img src=x onerror=alert(1)>\n", "简介<img", "网站简介", "“<”"),
    (SITE_NAME + "site_author: 作者</title><script>alert(1)</script>\n", "作者</title>", "网站作者", "“<”"),
    (SITE_NAME + "copyright: 版权<script>alert(1)</script>\n", "版权<script>", "版权声明", "“<”"),
])
def test_markup_in_site_texts_is_refused(tmp_path, line, needle, element, says):
    for drop_block in (False, True):
        root, text = with_line(tmp_path / str(drop_block), line, drop_block)
        with pytest.raises(ProblemsFound) as found:
            read_settings(root)
        problem, = found.value.problems
        assert (problem.file, problem.line, problem.column) == ("mkdocs.yml", *position(text, needle))
        assert problem.element == element and problem.is_error
        assert says in problem.message and problem.hint


def test_plain_site_texts_pass(tmp_path):
    root, _ = with_line(tmp_path, "site_name: 测试市公共服务事项目录（示范）\nsite_description: 办事指南 · 2026\n"
                                  "copyright: © 2026 测试市人民政府\n")
    assert read_settings(root).region == "测试市"


def test_check_and_plugin_report_it(tmp_path):
    root, text = with_line(tmp_path, "site_name: 测试市<script>alert(1)</script>\n")
    line, column = position(text, "测试市<script>")
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert f"mkdocs.yml:{line}:{column}: 错误【网站名称】(site_name)" in result.stdout
    assert "内部错误" not in result.stdout + result.stderr
    errors, _ = CataloguePlugin().load_config({"region": "测试市"}, str(root / "mkdocs.yml"))
    assert errors and f"mkdocs.yml:{line}:{column}" in errors[0][1]


def test_mkdocs_build_refuses_and_writes_nothing(tmp_path):
    """Before: the build wrote <title>首页 - 测试市<script>alert(1)</script></title> into every page."""
    root = copy_mini(tmp_path)
    site_config(root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("site_name: 测试市公共服务事项目录",
                                                      "site_name: 测试市<script>alert(1)</script>", 1)
    assert "<script>" in text
    config.write_text(text, encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode != 0
    line, column = position(text, "测试市<script>")
    assert f"mkdocs.yml:{line}:{column}: 错误【网站名称】" in result.stdout + result.stderr
    assert not (root / "site").exists()
