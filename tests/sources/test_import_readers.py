"""Readers: CSV (UTF-8, BOM, GBK), XLSX, JSON, JSON Lines, folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.sources.importers import readers
from generator.sources.importers.pipeline import run_import
from generator.sources.importers.template import write_template

from importing import GXZWFW, catalogue, template_row

CSV = "事项名称,实施编码,实施主体,办件类型\n居住证签注,11990100MB0000001X3990107001000,示范市公安局,即办件\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / "export.csv"
    path.write_bytes(CSV.encode(encoding))
    records = readers.read_csv(path, "export.csv")
    assert len(records) == 1
    assert records[0].data["事项名称"] == "居住证签注"
    assert records[0].data["办件类型"] == "即办件"
    assert records[0].number == 2 and records[0].where == "export.csv第 2 行"


def test_csv_semicolon_and_required_marks(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("事项名称*;实施主体*\n婚姻登记;示范市民政局\n\n", encoding="utf-8")
    records = readers.read_csv(path, "export.csv")
    assert [r.data for r in records] == [{"事项名称": "婚姻登记", "实施主体": "示范市民政局"}]


def test_xlsx_sheets_rows_and_numbers(tmp_path):
    path = write_template(tmp_path / "t.xlsx", rows=[template_row(到办事现场次数=1, 实施编码="A1")],
                          materials=[{"实施编码": "A1", "材料名称": "申请表", "份数": 2}])
    book = readers.read_workbook(path, "t.xlsx")
    assert list(book) == ["事项", "申请材料", "办理流程", "填写说明"]
    rows = readers.sheet_records(book["事项"], "t.xlsx", "事项")
    assert rows[0].data["事项名称"].startswith("【示例】")     # the example row
    assert rows[1].number == 3 and rows[1].data["到办事现场次数"] in (1, 1.0)
    assert rows[1].where == "t.xlsx 工作表“事项”第 3 行"


def test_json_records_path(tmp_path):
    records = readers.read_json(GXZWFW / "invented_demo_export.json", "a.json", "items[]")
    assert len(records) == 4 and records[0].where == "a.json第 1 条记录"
    with pytest.raises(readers.SourceError, match="找不到记录路径"):
        readers.read_json(GXZWFW / "invented_demo_export.json", "a.json", "data.rows[]")


def test_jsonl_bad_line_is_reported(tmp_path):
    path = tmp_path / "items.jsonl"
    path.write_text('{"name": "一"}\n\nnot json\n{"name": "二"}\n', encoding="utf-8")
    problems = []
    records = readers.read_jsonl(path, "items.jsonl", problems)
    assert [r.data["name"] for r in records] == ["一", "二"]
    assert [r.number for r in records] == [1, 4]
    assert problems and problems[0][1] == 3


def test_folder_takes_only_accepted_extensions(tmp_path):
    files = readers.export_files([GXZWFW], ("json",))
    assert [f.name for f in files] == ["invented_demo_export.json"]      # the .txt note is ignored
    with pytest.raises(readers.SourceError, match="找不到导出文件"):
        readers.export_files([tmp_path / "missing"], ("json",))


def test_jsonl_import_with_a_custom_mapping(tmp_path):
    root = catalogue(tmp_path)
    mapping = tmp_path / "lines.yaml"
    mapping.write_text("""
name: lines
format: jsonl
department: dept
elements:
  name: title
  local_code: {from: id, type: code}
  implementing_body.name: dept
  visits: {from: trips, type: int}
""", encoding="utf-8")
    export = tmp_path / "items.jsonl"
    export.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "sfs-001", "title": "老年人优待证办理", "dept": "示范市民政局", "trips": "1次"},
        {"id": "sfs-002", "title": "临时救助", "dept": "示范市民政局", "trips": "两次"}]) + "\n", encoding="utf-8")
    result = run_import(root, [export], str(mapping))
    assert [k for k, _, _ in result.added] == ["sfs-001", "sfs-002"]
    assert (root / "items/civil-affairs/sfs-001.yaml").read_text(encoding="utf-8").count("visits: 1") == 1
    assert [(u.element, u.value) for u in result.unmapped] == [("visits", "两次")]


def test_gbk_csv_import_end_to_end(tmp_path):
    root = catalogue(tmp_path)
    export = tmp_path / "事项.csv"
    export.write_bytes(("事项名称,实施编码,实施主体,办件类型,是否收费\n"
                        "居住证签注,11990100MB0000001X3990107001000,示范市公安局,即办件,否\n").encode("gbk"))
    result = run_import(root, [export], "template")
    assert len(result.added) == 1
    text = (root / "items/public-security/11990100MB0000001X3990107001000.yaml").read_text(encoding="utf-8")
    assert "name: 居住证签注" in text and "handling_type: immediate" in text and "charged: false" in text


def test_wrong_extension_is_a_clear_error(tmp_path):
    root = catalogue(tmp_path)
    path = tmp_path / "a.csv"
    path.write_text("x\n1\n", encoding="utf-8")
    with pytest.raises(readers.SourceError, match="只读取 .json"):
        run_import(root, [path], "gxzwfw")
