"""Second sheets (申请材料, 办理流程) joined to their items: a row keyed by an
implementation code belongs to that item only, even when another item has the
same name (found by the import benchmark: 1,774 of 20,000 items took another
item's steps by name and were held back as too large to draw)."""

from __future__ import annotations

import yaml

from generator.sources.importers.pipeline import run_import
from generator.sources.importers.template import write_template

from importing import catalogue, template_row

A = "11990100MB0000002X3000107046000"
B = "11990100MB0000002X3000107047000"


def materials_by_key(root):
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")).get("materials")
            for p in (root / "items").rglob("*.yaml")}


def test_rows_of_one_code_are_not_joined_by_name_to_another_item(tmp_path):
    root = catalogue(tmp_path)
    rows = [template_row(实施编码=A, 事项名称="食品经营许可"), template_row(实施编码=B, 事项名称="食品经营许可")]
    mats = [{"实施编码": A, "事项名称": "食品经营许可", "材料名称": "食品经营许可申请书"}]
    result = run_import(root, [write_template(tmp_path / "t.xlsx", rows=rows, materials=mats, example=False)],
                        "template")
    assert result.unmapped == []
    found = materials_by_key(root)
    assert found[A] == [{"name": "食品经营许可申请书"}]
    assert found[B] is None          # not stated for B: nothing invented


def test_rows_keyed_only_by_name_still_join(tmp_path):
    root = catalogue(tmp_path)
    rows = [template_row(实施编码=A, 事项名称="食品经营许可"), template_row(地方编码="sp-002", 事项名称="食品经营备案")]
    mats = [{"事项名称": "食品经营许可", "材料名称": "申请书"},
            {"实施编码": "-", "事项名称": "食品经营备案", "材料名称": "备案表"}]   # "-" states no code
    run_import(root, [write_template(tmp_path / "t.xlsx", rows=rows, materials=mats, example=False)], "template")
    found = materials_by_key(root)
    assert found[A] == [{"name": "申请书"}]
    assert found["sp-002"] == [{"name": "备案表"}]
