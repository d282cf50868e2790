"""County trial 3 (广安区, Sichuan, imports its list with ``--mapping sczwfw``): what
``make check`` told a county's IT person about codes.

- F4: an implementation code that fits no declared format is told with each
  format named and an example of it, and what a non-developer can do (check it
  against the platform; copy the README's block; send the code to the
  maintainers), never "write a regex"; an imported item is not asked to check
  its typing.  A format's example must fit its own pattern (config error).
- F5: department category codes are asked for in the national layout only;
  a ``basic_layout: free`` catalogue (Sichuan) gets no such warning.
- F6: sub-items whose main item is missing are told once per main item, naming
  the first few and counting them, with the Y explained; imported ones are told
  that the list has them without their main item, without advice to change an
  official code.

Real imports of tests/fixtures/import/sczwfw and real checks.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from devtools.acceptance_datasets import LIST_ONLY_PUBLISH, SICHUAN_CODES
from generator.sources.importers.pipeline import run_import
from mini_catalogue import ITEM, check, copy_mini, run_cli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sources"))
from importing import FIXTURES, catalogue  # noqa: E402

SOURCE = FIXTURES / "sczwfw" / "demo-district-list.js"
IMPORTED = "999A0138000000-999901000000-000-11999901MB00000012-1-00"  # education's first item


def _imported(tmp_path: Path, codes: dict | None = SICHUAN_CODES) -> Path:
    root = catalogue(tmp_path)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    options = config["plugins"][0]["catalogue"]
    if codes is not None:
        options["codes"] = codes
    options["publish"] = LIST_ONLY_PUBLISH
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "content" / "proofs.yaml").write_text("[]\n", encoding="utf-8")
    run_import(root, [SOURCE], "sczwfw")
    return root


def _told(out: str, needle: str) -> list[str]:
    """Each problem line containing ``needle`` with its 怎么改 line."""
    lines = out.splitlines()
    return [f"{line}\n{lines[n + 1] if n + 1 < len(lines) else ''}" for n, line in enumerate(lines) if needle in line]


# --- F4 -------------------------------------------------------------------------------

def _bad_code(root: Path, imported: bool) -> str:
    path = next((root / "items").rglob(f"{IMPORTED}.yaml"))
    text = path.read_text(encoding="utf-8")
    text = text.replace(f"implementation_code: {IMPORTED}", "implementation_code: 999A0138000000-999901000000-000")
    if not imported:
        text = re.sub(r"(?m)^source_url: .*\n", "", text)
    path.write_text(text, encoding="utf-8")
    result = run_cli(root, "check")
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    told = _told(result.stdout, "错误【实施编码】")
    assert len(told) == 1, result.stdout
    return told[0]


def test_a_code_fitting_no_format_names_each_format_with_an_example(tmp_path):
    told = _bad_code(_imported(tmp_path), imported=True)
    assert "“999A0138000000-999901000000-000”不符合本目录接受的任何一种格式" in told
    for fmt in SICHUAN_CODES["implementation_formats"][1:]:
        assert f"{fmt['name']}（如 {fmt['example']}）" in told, told
    assert "全国格式（31 或 33 位" in told and "如 11440100MB0000001L4440102003001" in told
    # Imported: the source's code, not to be changed; what to do needs no regex.
    hint = told.split("怎么改：")[1]
    assert "是导入的" in hint and "不要改" in hint and "README" in hint and "维护人员" in hint
    assert "codes.implementation_formats" not in hint and "pattern" not in hint and "暂不发布" in hint


def test_a_hand_written_code_fitting_no_format_is_checked_against_the_platform_first(tmp_path):
    told = _bad_code(_imported(tmp_path / "a"), imported=False)
    hint = told.split("怎么改：")[1]
    assert "是导入的" not in hint and "对照平台" in hint and "抄错了" in hint and "维护人员" in hint
    assert "codes.implementation_formats" not in hint and "pattern" not in hint


def test_a_format_whose_example_does_not_fit_it_is_a_config_error(tmp_path):
    codes = {**SICHUAN_CODES, "implementation_formats": [
        "national", {**SICHUAN_CODES["implementation_formats"][1], "example": "511A0138000000"}]}
    root = _imported(tmp_path, codes)
    result = run_cli(root, "check")
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in out
    assert re.search(r"mkdocs\.yml:\d+:\d+: 错误.*实施编码格式“四川省实施编码”的示例“511A0138000000”不符合它自己的正则表达式", out), out


def test_placeholders_where_the_credit_code_goes_are_the_sources_problem(tmp_path):
    """1111111111111111 and 4444444444 in 广安区's list: published, one warning each."""
    root = _imported(tmp_path)
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stdout
    told = _told(result.stdout, "占位")
    assert len(told) == 1 and "E-000021-001-1111111111111111.yaml" in told[0] and "提醒【实施编码】" in told[0]
    assert "不影响发布" in told[0] and "不要改实施编码" in told[0]


# --- F5 -------------------------------------------------------------------------------

def test_department_codes_are_asked_for_in_the_national_layout_only(tmp_path):
    free = run_cli(_imported(tmp_path / "free"), "check")
    assert "没有部门类别代码" not in free.stdout + free.stderr
    national = run_cli(_imported(tmp_path / "national", codes=None), "check")
    asked = _told(national.stdout, "没有部门类别代码")
    assert len(asked) == 3 and all("content/departments.yaml" in line and "提醒" in line for line in asked), \
        national.stdout


# --- F6 -------------------------------------------------------------------------------

def _subs(tmp_path: Path, n: int, imported: bool) -> str:
    """``n`` sub-items of the missing main item 99010100900Y, copies of the mini ITEM."""
    root = copy_mini(tmp_path)
    base = (root / ITEM).read_text(encoding="utf-8")
    for i in range(1, n + 1):
        code = f"990101009{i:03d}"
        text = base.replace('code: "990101001000"', f'code: "{code}"').replace(
            "name: 居民身份证首次申领", f"name: 示范子项{i}")
        if imported:
            text += f"source_url: https://zwfw.example.gov.cn/item/{code}\n"
        (root / ITEM).with_name(f"{code}.yaml").write_text(text, encoding="utf-8")
    found = [p for p in check(root) if "找不到主项" in p.message]
    assert len(found) == 1, [p.message for p in found]  # one per missing main item, not one per sub-item
    assert found[0].file.endswith("990101009001.yaml") and found[0].severity == "warning"
    return f"{found[0].message}\n{found[0].hint}"


def test_sub_items_of_one_missing_main_item_are_told_once(tmp_path):
    told = _subs(tmp_path, 4, imported=False)
    assert "子项 990101009001、990101009002、990101009003 等（共 4 个事项）找不到主项 99010100900Y" in told
    assert "最后一位写作字母 Y" in told and "code: 99010100900Y" in told
    assert "000" not in told.split("\n")[1]  # four sub-items cannot all end in 000


def test_a_single_hand_written_sub_item_keeps_both_fixes(tmp_path):
    told = _subs(tmp_path, 1, imported=False)
    assert "子项 990101009001 找不到主项 99010100900Y" in told and "最后一位写作字母 Y" in told
    assert "code: 99010100900Y" in told and "最后三位改成 000" in told


def test_imported_sub_items_are_not_told_to_change_their_codes(tmp_path):
    told = _subs(tmp_path, 2, imported=True)
    assert "子项 990101009001、990101009002（共 2 个事项）找不到主项 99010100900Y" in told
    assert "来源清单列出了子项，没有列出主项" in told and "来源数据如此，不影响发布" in told
    assert "改成 000" not in told and "添加主项" not in told and "不要改子项的编码" in told


def test_a_placeholder_written_by_hand_asks_for_the_real_code(tmp_path):
    root = _imported(tmp_path)
    path = next((root / "items").rglob("E-000021-001-1111111111111111.yaml"))
    path.write_text(re.sub(r"(?m)^source_url: .*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stdout
    told = _told(result.stdout, "占位")
    assert len(told) == 1 and "提醒【实施编码】" in told[0]
    assert "原样照抄" in told[0] and "来源数据的问题" not in told[0]
