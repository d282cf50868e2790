"""A list-only export (datasets/zwfw-guangan: names, departments, codes and
links in a JS data file, no guide elements) through the ``sczwfw`` mapping:
the JS reader, records nested in lists of lists, values from a link's query
string, the implementation code split into basic and credit codes, and the
honest item a list makes (every element not stated, the official guide
linked).  Runs the real import, check and build on tests/fixtures/import/sczwfw."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest
import yaml

from devtools.acceptance_datasets import LIST_ONLY_PUBLISH, SICHUAN_CODES
from generator.sources.importers import readers, rules
from generator.sources.importers.jsdata import js_document
from generator.sources.importers.mapping import MappingError, load_mapping
from generator.sources.importers.pipeline import run_import
from mini_catalogue import run_cli

from importing import FIXTURES, catalogue

SOURCE = FIXTURES / "sczwfw" / "demo-district-list.js"
PATH = "[].items[].sub_items[]"
R = "999901000000"
A, B, C = "11999901MB00000012", "11999901MB00000025", "12999901MB0000003X"
ITEM = f"999A0138000000-{R}-000-{A}-1-00"
NO_REGION = f"E-000004-001-{B}"
PLACEHOLDER = "E-000021-001-1111111111111111"  # as in the real list: a run of ones where the credit code goes


# --- the JS reader ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    'const bszlData = [{"a": 1}];',
    '// 数据\nlet x=[{"a": 1}]\n',
    '/* 多行\n注释 */ var x = [{"a": 1}]; // 结束\n',
    'export default [{"a": 1}]',
    'export const x = [{"a": 1}];\n\n',
])
def test_a_js_data_file_is_read_as_json(text):
    assert js_document(text, "d.js") == [{"a": 1}]


@pytest.mark.parametrize("text, where, says", [
    ("const x = [{'a': 1}];", "第 1 行第 13 列", "不是纯 JSON"),                 # single quotes
    ('const x = [\n  {"a": 1},\n];', "第 3 行第 1 列", "不是纯 JSON"),           # trailing comma
    ('const x = [{a: 1}];', "第 1 行第 13 列", "不是纯 JSON"),                  # an unquoted key
    ('const x = load("items.json");', "第 1 行第 11 列", "等号后面应是 [ 开头的数组或 { 开头的对象"),
    ('const x = [1];\nfetch("https://x.example/");', "第 2 行第 1 列", "数据后面还有别的内容"),
    ('const x = [1] + [2];', "第 1 行第 15 列", "数据后面还有别的内容"),
    ('require("child_process").exec("rm -rf /")', "第 1 行第 1 列", "不是 JS 数据文件的写法"),
    ('x = [1];', "第 1 行第 1 列", "不是 JS 数据文件的写法"),
    ('/* 没有结束 const x = [1];', "第 1 行第 1 列", "没有用 */ 结束"),
    ('const x = [{"a": 1}', "第 1 行第 20 列", "可能被截断"),
])
def test_anything_but_plain_json_after_the_assignment_is_refused(text, where, says):
    """Never evaluated: what would need JavaScript is refused, with the place."""
    with pytest.raises(readers.SourceError) as err:
        js_document(text, "d.js")
    message = str(err.value)
    assert message.startswith(f"d.js {where}：") and says in message
    assert not re.search(r"Traceback|Expecting|line \d|char \d", message)  # no Python wording


# --- nested records -----------------------------------------------------------------

def test_nested_records_reach_the_fields_of_their_enclosing_entries():
    records = readers.read_json(SOURCE, "demo-district-list.js", PATH)
    assert len(records) == 9
    first, sub = records[0], records[3]
    assert first.data["name"] == "适龄儿童延缓入学审批"
    assert first.data["../main_item"] == "未分类" and first.data["../../department"] == "区示范教育局"
    assert "../items" not in first.data and "../sub_items" not in first.data  # not the lists gone into
    assert sub.data["../main_item"] == "残疾人证办理" and sub.data["../../department"] == "区示范残联"
    assert sub.where == "demo-district-list.js第 4 条记录（第 2 项，items 第 1 项，sub_items 第 1 项）"


def test_a_missing_level_names_the_entry_that_lacks_it(tmp_path):
    path = tmp_path / "d.js"
    path.write_text('var d = [{"department": "甲", "items": []}, {"department": "乙"}];', encoding="utf-8")
    with pytest.raises(readers.SourceError, match="d.js（第 2 项）：找不到记录路径.*缺少“items”"):
        readers.read_json(path, "d.js", PATH)
    path.write_text('var d = [{"department": "甲", "items": {"sub_items": []}}];', encoding="utf-8")
    with pytest.raises(readers.SourceError, match="不是记录列表"):
        readers.read_json(path, "d.js", PATH)


# --- values from a link -------------------------------------------------------------

def test_query_and_extract_take_a_part_of_a_value_or_report_it():
    link = f"http://zwfw.example.gov.cn/x?areaCode={R}&itemCode={ITEM}&taskType=1"
    assert rules.query_value(link, "itemCode") == ITEM
    assert rules.query_value("https://x.example/?q=%E4%B8%80", "q") == "一"
    with pytest.raises(rules.Unmapped, match="没有参数 itemCode"):
        rules.query_value("https://x.example/?itemCode=", "itemCode")
    credit = re.compile(r".+?-[0-9]{12}-[0-9]{3}-(?P<value>[0-9A-Z]{18})-[0-9]-[0-9]{2}")
    assert rules.extracted(ITEM, credit) == A
    with pytest.raises(rules.Unmapped, match="extract"):
        rules.extracted(f"999B0053300006-{R}-000-083372204-1-00", credit)


def test_a_wrong_extract_is_a_mapping_error(tmp_path):
    root = catalogue(tmp_path)
    for extract in ("([0-9]", "[0-9]+"):
        own = root / "own.yaml"
        own.write_text(f"extends: sczwfw\nelements:\n  code: {{extract: '{extract}'}}\n", encoding="utf-8")
        with pytest.raises(MappingError, match="extract 的正则表达式有误"):
            load_mapping(str(own), root)


# --- the import ---------------------------------------------------------------------

def _items(root) -> dict:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (root / "items").rglob("*.yaml")}


def test_the_list_imports_codes_split_and_nothing_invented(tmp_path):
    root = catalogue(tmp_path)
    result = run_import(root, [SOURCE], "sczwfw")
    items = _items(root)
    assert result.records == 9 and result.groupings == 1 and len(items) == 10 and not result.skipped
    item = items[ITEM]
    assert item == {
        "name": "适龄儿童延缓入学审批", "code": "999A0138000000", "implementation_code": ITEM,
        "source_url": f"https://zwfw.example.gov.cn/jiq/front/transition/ywTransToDetail?areaCode={R}"
                      f"&itemCode={ITEM}&taskType=1&deptCode=083372204",
        "implementing_body": {"name": "区示范教育局", "credit_code": A}}
    assert items[f"G-000007-001-{R}-000-{A}-1-00"]["code"] == "G-000007-001"
    assert items[f"H-000185-001-{R}-000-{B}-1-00"]["code"] == "H-000185-001"
    assert items[f"99201400600005-{R}-000-{C}-1-00"]["implementing_body"]["credit_code"] == C
    # Only what the list states: no guide element, no taskType or region anywhere.
    stated = {"name", "code", "implementation_code", "source_url", "implementing_body", "main_item"}
    assert all(set(i) <= stated for k, i in items.items() if not k.startswith("grp-"))
    text = "".join(p.read_text(encoding="utf-8") for p in (root / "items").rglob("*.yaml"))
    assert "taskType: " not in text and "areaCode: " not in text
    # The main item is a grouping of its two sub-items; 未分类 is no main item.
    group = next(k for k in items if k.startswith("grp-"))
    assert items[group] == {"name": "残疾人证办理", "slug": group, "grouping": True}
    assert {k for k, i in items.items() if i.get("main_item") == group} == {
        f"999F82001002-{R}-000-{B}-1-00", f"999F82001003-{R}-000-{B}-1-00"}
    assert "main_item" not in item
    # Parts not in the format are reported with the implementation code, not written; a code
    # without the region part gives its public-service basic code and its credit code.
    org = f"999B0053300006-{R}-000-083372204-1-00"
    assert {(u.element, u.value) for u in result.unmapped} == {
        ("implementing_body.credit_code", org), ("implementing_body.credit_code", PLACEHOLDER)}
    assert "credit_code" not in items[org]["implementing_body"]
    assert items[NO_REGION]["code"] == "E-000004-001" and items[NO_REGION]["implementing_body"]["credit_code"] == B
    assert items[PLACEHOLDER]["code"] == "E-000021-001" and "credit_code" not in items[PLACEHOLDER]["implementing_body"]
    departments = yaml.safe_load((root / "content" / "departments.yaml").read_text(encoding="utf-8"))
    assert {"区示范教育局", "区示范残联", "区示范交通局"} <= {d["name"] for d in departments}
    report = (root / "imports" / "sczwfw" / "report.md").read_text(encoding="utf-8")
    assert org in report and "第 1 项，items 第 1 项，sub_items 第 3 项" in report


def _list_catalogue(tmp_path, publish: bool = True):
    """The fixture catalogue set up as a Sichuan county publishing its list."""
    root = catalogue(tmp_path)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    options = config["plugins"][0]["catalogue"]
    options["codes"] = SICHUAN_CODES
    if publish:
        options["publish"] = LIST_ONLY_PUBLISH
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "content" / "proofs.yaml").write_text("[]\n", encoding="utf-8")
    run_import(root, [SOURCE], "sczwfw")
    return root


def test_the_check_accepts_the_real_code_shapes_and_lists_the_gaps(tmp_path):
    root = _list_catalogue(tmp_path)
    result = run_cli(root, "check", "--gaps")
    out = result.stdout + result.stderr
    assert result.returncode == 0 and "Traceback" not in out, out
    # Every code of the list is accepted (county trial 3, F4): 14-character, 12-character and
    # G-/H- basic codes, an organisation code where the credit code goes, and the codes without
    # the region part; nothing is held back.
    assert "错误【" not in out and "暂不发布" not in out
    # The credit code with a wrong check character, and a placeholder where the credit code
    # goes, are warnings: the source's, which the clerk cannot change.
    assert re.search(rf"{re.escape(C)}-1-00\.yaml:\d+:\d+: 提醒【统一社会信用代码】", out)
    placeholder = re.search(rf"{PLACEHOLDER}\.yaml:\d+:\d+: 提醒【实施编码】.*\n.*", out)
    assert placeholder and "“1111111111111111”" in placeholder.group() and "占位" in placeholder.group()
    assert "不影响发布" in placeholder.group() and "不要改实施编码" in placeholder.group()
    assert "G-000007-00Y" not in out and "999F8200100Y" not in out  # not read as national sub-items
    assert "信息待补充：10 个事项" in out  # 9 published and the grouping item (it has no code)
    assert re.search(rf"{ITEM}\.yaml: 待补充【受理条件】", out) and re.search(rf"{ITEM}\.yaml: 待补充【申请材料】", out)


def test_without_a_way_to_apply_a_list_item_is_held_back_by_default(tmp_path):
    """README: a list states no way to apply; publish.required says whether it is published."""
    root = _list_catalogue(tmp_path, publish=False)
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert result.stdout.count("缺少发布所必需的“办理渠道或办理地点”") == 9


@pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz dot is needed for the build")
def test_the_page_of_a_list_item_says_what_is_not_stated_and_links_the_guide(tmp_path):
    from devtools import acceptance_import as acc
    root = tmp_path / "catalogue"
    root.mkdir()
    acc.copy_catalogue(root)
    acc.empty_catalogue(root, {"region": "示范区", "sample_data": False, "contact": {}, "footer": None,
                               "most_used": [], "editions": ["zh"], "codes": SICHUAN_CODES,
                               "publish": LIST_ONLY_PUBLISH, "home": {"life_events": []}})
    run_import(root, [SOURCE], "sczwfw")
    result = run_cli(root, "build", timeout=600)
    assert "Traceback" not in result.stdout + result.stderr
    html = (root / "site" / "items" / ITEM / "index.html").read_text(encoding="utf-8")
    text = acc.page_text(html)
    assert "适龄儿童延缓入学审批" in text and "区示范教育局" in text
    # One lead box (outputs/sparse.py): no guide here, the source's guide, whom to ask, and every
    # missing element named on one line ("未注明：简介、办理条件、申请材料……").
    missing = re.search(r"未注明：([^。]*)。", text)
    assert missing and len(missing.group(1).split("、")) >= 8, text
    assert "查看来源平台上的办事指南" in text and "来源平台原页面" in text
    assert 'href="https://zwfw.example.gov.cn/jiq/front/transition/ywTransToDetail?' in html
    assert acc.invented_defaults(text, {"name": "适龄儿童延缓入学审批"}) == []
    assert not re.search(r"工作日|[0-9]+ ?元|窗口领取|申请人自备", text)
    assert (root / "site" / "items" / NO_REGION / "index.html").exists()  # a code without the region part


def test_the_readme_declares_the_codes_the_tests_use():
    """README "Codes" shows the block a Sichuan county copies: the one tested here."""
    readme = (FIXTURES.parents[2] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(  codes:\n.*?)  ```", readme, re.S)
    assert block and yaml.safe_load(textwrap.dedent(block.group(1)))["codes"] == SICHUAN_CODES


# --- the report (county trial 3, F2, F3) ----------------------------------------------

def test_values_not_in_the_mapped_form_are_grouped_by_element_in_plain_words(tmp_path):
    """F3: 150 irregular credit codes of 广安区's list were 150 lines saying "extract":
    one line per element, with a count, a few examples and that nothing needs doing."""
    root = catalogue(tmp_path)
    result = run_import(root, [SOURCE], "sczwfw")
    assert {u.kind for u in result.unmapped} == {"irregular"}
    report = (root / "imports" / "sczwfw" / "report.md").read_text(encoding="utf-8")
    section = report.split("## 未导入的值（2）")[1].split("## ")[0]
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(lines) == 1 and lines[0].startswith("- 实施主体统一社会信用代码：2 处没有导入（2 个不同的值），例如 ")
    assert f"“999B0053300006-{R}-000-083372204-1-00”（{SOURCE}第 3 条记录" in lines[0]
    assert f"“{PLACEHOLDER}”" in lines[0]
    help_text = section.split("\n- ")[0]
    assert "不需要处理" in help_text and "网站上显示“未注明”" in help_text and "事项的其他内容照常导入" in help_text
    # The mapping's term only in parentheses, for the maintainer.
    assert re.sub(r"（[^（）]*extract[^（）]*）", "", section).count("extract") == 0
    summary = report.split("## ")[0]
    assert "未导入的值 2 个（其中 2 个是来源的写法与通常不同" in summary and "不需要处理" in summary


def test_the_printed_report_path_opens_from_where_the_command_ran(tmp_path):
    """F2: run from the top of a fork with the catalogue in catalogue/, the last line
    named imports/… (relative to the catalogue), which `cat` could not open."""
    root = catalogue(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(FIXTURES.parents[2]), PYTHONIOENCODING="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", "catalogue", "import", "--mapping", "sczwfw",
                             str(SOURCE)], capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last == "详细情况见导入报告：catalogue/imports/sczwfw/report.md", last
    assert (tmp_path / last.split("：", 1)[1]).is_file() and root.name == "catalogue"
