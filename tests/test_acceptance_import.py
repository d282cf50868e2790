"""The pure parts of the import acceptance script (devtools/acceptance_import.py,
``make acceptance``): the default-text rule, the reading of the data-quality
page, and the empty catalogue a county starts from.  The script itself reads
../shared/ and is not run by ``make test``."""

from __future__ import annotations

import re

import yaml

from devtools import acceptance_import as acc
from generator.config import read_settings
from mini_catalogue import run_cli

RECORD = {
    "service": {"service_name": "测试事项", "handle_time": "工作日 9:00-17:00（法定节假日除外）"},
    "materials": [{"material_name": "申请表", "original_num": 0, "copy_num": 2, "note": "来源渠道：政府部门核发"}],
}


def test_a_default_the_record_does_not_state_is_reported():
    text = "申请表 原件 1 份 申请人自备 法定节假日休息 结果 窗口领取"
    assert acc.invented_defaults(text, RECORD) == ["申请人自备", "1 份", "法定节假日休息", "窗口领取"]


def test_a_phrase_the_record_states_is_not_reported():
    record = {**RECORD, "materials": [{"material_name": "申请表", "original_num": 1, "copy_num": 0,
                                       "note": "来源渠道：申请人自备"}],
              "service": {"handle_time": "周六、周日法定节假日休息", "result": "窗口领取"}}
    text = "申请表 原件 1 份 申请人自备 法定节假日休息 窗口领取"
    assert acc.invented_defaults(text, record) == []


def test_one_copy_is_not_matched_inside_a_larger_number():
    assert acc.invented_defaults("复印件 11 份，正本 2.1 份", RECORD) == []
    assert acc.one_copy_count({"materials": [], "note": "一式1份"}) == 1


def test_a_grouping_page_has_no_record_and_may_state_nothing():
    assert acc.invented_defaults("申请人自备", None) == ["申请人自备"]
    assert acc.invented_defaults("子项：甲、乙", None) == []


def test_page_text_keeps_only_the_article():
    html = ('<nav>申请人自备</nav><article class="md-content__inner md-typeset"><p>材料&amp;表</p>\n'
            '<p>未注明</p></article><footer>窗口领取</footer>')
    assert acc.page_text(html).strip() == "材料&表 未注明"


QUALITY = """<h2 id="held-back">暂不发布的事项</h2><div><table><thead><tr><th>部门</th></tr></thead><tbody>
<tr><td>人社局</td><td><code>items/hr/abc.yaml</code></td><td>工伤事故备案</td><td><ul>
<li>23 行【填报须知】还有未填写的模板内容“表栏内容请填写齐全”。<br><span class="osc-note">换成真实信息。</span></li>
</ul></td></tr>
<tr><td>人社局</td><td><code>items/hr/def.yaml</code></td><td>另一事项</td><td><ul></ul></td></tr>
</tbody></table></div>
<h2 id="to-fix">待整改</h2><table><tr><td>x</td><td><code>items/hr/ghi.yaml</code></td><td>n</td><td><ul><li>r</li></ul></td></tr></table>
"""


def test_held_back_rows_are_read_from_their_section_only():
    rows = acc.held_back_rows(QUALITY)
    assert [(r.source, r.name, len(r.reasons)) for r in rows] == [
        ("items/hr/abc.yaml", "工伤事故备案", 1), ("items/hr/def.yaml", "另一事项", 0)]
    assert rows[0].reasons == ["23 行【填报须知】还有未填写的模板内容“表栏内容请填写齐全”。"]  # the hint left out
    assert acc.reason_kind(rows[0].reasons[0]) == "【填报须知】还有未填写的模板内容“…”。"
    assert acc.reason_kind("130 行【电话】数字 07702883116 以 0 开头。") == "【电话】数字 … 以 0 开头。"
    assert acc.held_back_rows("<h2>no table</h2>") == []


def test_the_emptied_copy_is_a_valid_empty_catalogue_of_the_region(tmp_path):
    root = tmp_path / "catalogue"
    root.mkdir()
    acc.copy_catalogue(root)
    assert not (root / "generator").exists() and not (root / "theme").exists()  # the catalogue, not the code
    acc.empty_catalogue(root)
    assert not list((root / "items").iterdir())
    assert not list((root / "content" / "life-events").glob("*.yaml"))
    for registry in ("departments", "offices", "proofs"):
        assert yaml.safe_load((root / "content" / f"{registry}.yaml").read_text(encoding="utf-8")) == []
    assert (root / "content" / "taxonomies.yaml").is_file()
    settings = read_settings(root)
    assert settings.region == acc.REGION["region"] and settings.sample_data is False
    assert settings.footer is None and settings.contact.hotline is None  # no demo hotline on real pages
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 个事项" in result.stdout


def test_a_model_value_shown_untranslated_is_reported_unless_the_record_has_it():
    pattern = acc.raw_identifier_pattern()
    text = "办件类型：promised 形式：纸质，paper_and_electronic 网上办理：https://x.gov.cn/online/accept"
    assert acc.raw_identifiers(text, RECORD, pattern) == ["paper_and_electronic", "promised"]
    assert acc.raw_identifiers("纸质规格：other", {"materials": [{"note": "纸质规格：other"}]}, pattern) == []


def test_the_summary_a_county_reads_is_chinese(tmp_path):
    """County trial 1, F14: make acceptance reported in English; the summary is
    now Chinese (published, held back by reason, warnings, verdict) and the
    English detail is in the log it names."""
    from collections import Counter

    figures = {"records": 781, "published": 779, "groups": 160, "share": 779 / 781, "held": 2, "listed": 2,
               "warnings": 249, "errors": 3, "checks": 9, "failed": 0}
    log = tmp_path / "acceptance.log"
    lines = acc.summary_lines(figures, Counter({"还是示例内容“…”：示例文字不能发布": 2}), log)
    text = "\n".join(lines)
    assert "发布：779 个事项，是导出的 781 条记录的 99.7%" in text and "分组主项页 160 个" in text
    assert "暂不发布：2 个事项" in text and "  按第一条原因：\n    2 个：还是示例内容" in text
    assert "3 个错误、249 条提醒" in text and f"验收通过：9 项检查全部通过。开发者明细（英文）：{log}" in text
    failed = "\n".join(acc.summary_lines({**figures, "failed": 1}, Counter(), log))
    assert "验收没通过：1 项检查没通过（共 9 项）" in failed and str(log) in failed and "按第一条原因" not in failed
    assert not re.search(r"[A-Za-z]{4,}", text.replace(str(log), "").replace("quality", "").replace("make check", ""))


def test_held_back_rows_are_read_from_cells_labelled_for_phones():
    """The quality tables stack on phones (<td data-label="…">): still read."""
    html = QUALITY.replace("<td><code>", '<td data-label="文件"><code>').replace("<td><ul>", '<td data-label="原因"><ul>')
    assert [(r.source, len(r.reasons)) for r in acc.held_back_rows(html)] == [
        ("items/hr/abc.yaml", 1), ("items/hr/def.yaml", 0)]


def test_the_list_dataset_reads_its_records_by_implementation_code_and_empties_a_valid_copy(tmp_path):
    """``--dataset guangan`` (the sczwfw list): its records keyed as the importer keys
    items, and the copy a Sichuan county starts from is a valid empty catalogue."""
    from pathlib import Path

    from devtools.acceptance_datasets import GUANGAN

    fixture = Path(__file__).parent / "fixtures" / "import" / "sczwfw" / "demo-district-list.js"
    records = GUANGAN.records(fixture)
    code = "999A0138000000-999901000000-000-11999901MB00000012-1-00"
    assert len(records) == 9 and records[code]["department"] == "区示范教育局"
    assert records[code]["main_item"] == "未分类" and records[code]["name"] == "适龄儿童延缓入学审批"
    assert acc.DATASETS["guangan"].local(Path("/s")) == Path("/s/datasets/zwfw-guangan/bszl-data.js")
    root = tmp_path / "catalogue"
    root.mkdir()
    acc.copy_catalogue(root)
    acc.empty_catalogue(root, GUANGAN.region)
    settings = read_settings(root)
    assert settings.region == "广安区" and settings.codes.basic_layout == "free"
    assert settings.publish.required == ["name", "implementing_body"]
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stdout + result.stderr
