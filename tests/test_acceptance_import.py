"""The pure parts of the import acceptance script (devtools/acceptance_import.py,
``make acceptance``): the default-text rule, the reading of the data-quality
page, and the empty catalogue a county starts from.  The script itself reads
../shared/ and is not run by ``make test``."""

from __future__ import annotations

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
