"""Importing into a catalogue: item files, keys, grouping main items,
registries appended, the template and the command line."""

from __future__ import annotations

import argparse
import shutil

import pytest
import yaml

from generator.sources.importers import cli
from generator.sources.importers.pipeline import grouping_key, run_import
from generator.sources.importers.readers import read_workbook
from generator.sources.importers.template import write_template

from importing import FIXTURES, GXZWFW, catalogue, template_row

SOCIAL = "items/human-resources"  # 示范市人力资源和社会保障局: its kind's id (department-ids.yaml)


def load(root, path):
    with open(root / path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def test_gxzwfw_export(tmp_path):
    root = catalogue(tmp_path)
    result = run_import(root, [GXZWFW], "gxzwfw")
    assert result.records == 4 and result.items == 4 and result.groupings == 1
    assert [reason for _, reason in result.skipped] == ["没有事项名称，无法导入。请在导出中补上事项名称。"]

    group = grouping_key("示范市人力资源和社会保障局", "社会保障卡服务")
    item = load(root, f"{SOCIAL}/5e1f0a00-0001-4a00-8000-00000000a001.yaml")
    assert item["source_id"] == "5e1f0a00-0001-4a00-8000-00000000a001"
    assert item["item_type"] == "public_service" and item["main_item"] == group
    assert item["conditions"] == ["持有社会保障卡的人员", "社会保障卡因遗失、损坏等原因影响正常使用的。"]
    assert item["channels"] == {"forms": ["window", "online", "mail"], "scope": "national"}   # from raw applyWay
    assert item["time_limits"]["promised"] == {"value": 20, "unit": "working_days"}
    assert item["fees"] == {"charged": False} and item["visits"] == 0
    assert item["consultation"] == {"phone": ["0001-2880875转1"]}
    assert item["complaint"] == {"phone": ["0001-2883116"], "address": "示范市民主路100号示范市政务服务中心一楼投诉室"}
    first, second = item["materials"]
    assert first == {"name": "本人有效居民身份证原件", "necessity": "situational", "form": "paper",
                     "original": "original", "original_count": 1, "copy_count": 0, "paper_size": "A4",
                     "source": "government",
                     "instructions": "本人社会保障卡或有效身份证件原件\n（16周岁以下可提供户口本原件）",
                     "acceptance_standard": "身份证件是否在有效期内"}        # 签名签章要求：无 is not stated
    assert second["original"] == "original_and_copy" and "paper_size" not in second   # "Other"
    assert "blank_form" not in second                    # a portal file id is no address
    assert item["steps"] == [
        {"id": "step1", "name": "收件与受理", "standard": "材料齐全、符合法定形式", "result": "转审核岗"},
        {"id": "step2", "name": "审查与决定", "result": "移送反馈岗"}]
    office = item["offices"][0]
    assert office["window"] == "二楼人社局1-8号窗口" and office["hours_text"].startswith("工作日：上午8：30")
    assert "legal_basis" not in item and "levels" not in item and "audiences" not in item    # not stated

    # The grouping item's key is the importer's: a slug, never the source's number (county trial 1, C11).
    assert load(root, f"{SOCIAL}/{group}.yaml") == {"name": "社会保障卡服务", "slug": group, "grouping": True}
    other = load(root, f"{SOCIAL}/c5a17e60-2097-4efb-c1ca-a1789c44edf1.yaml")
    assert other["handling_type"] == "immediate" and other["channels"]["forms"] == ["window", "online"]
    assert other["channels"]["online_url"] == "https://ybwt.example.gov.cn/web/#/Home"

    ship = load(root, "items/maritime/5e1f0a00-0003-4a00-8000-00000000a003.yaml")
    assert ship["item_type"] == "confirmation" and "main_item" not in ship
    assert ship["channels"] == {"forms": ["window", "mail", "self_service"],
                                "online_url": "https://recept.example.gov.cn/online/accept#/accept/entry?matterId=1"}
    assert ship["consultation"] == {"phone": ["0001-2069833"], "address": "示范市北部湾大道200号海事局1楼政务中心"}
    assert ship["complaint"] == {"phone": ["12345"], "note": "互联网服务渠道，12345热线"}
    assert ship["materials"][0] == {"name": "船舶所有权证书", "necessity": "required", "form": "electronic",
                                    "original_count": 1, "copy_count": 1, "paper_size": "A4",
                                    "instructions": "真实有效", "acceptance_standard": "1、原件真实有效；\n2、复印件加盖公章。"}
    assert [o.get("window") for o in ship["offices"]] == [None, None] and "hours_text" not in ship["offices"][0]
    unmapped = {(u.element, u.value) for u in result.unmapped}
    assert unmapped == {("channels.scope", "区县"), ("materials.original", "原件或复印件")}

    offices = load(root, "content/offices.yaml")
    assert offices[0]["id"] == "city-service-centre"
    assert {"id": "clglsbzdt", "name": "示范市车辆管理所办证大厅", "address": "示范市公车街1-19号"} in offices
    report = (root / "imports/gxzwfw/report.md").read_text(encoding="utf-8")
    assert "区县" in report and "invented_demo_export.json第 3 条记录" in report


def test_registries_are_appended_not_rewritten(tmp_path):
    root = catalogue(tmp_path)
    before = (root / "content/departments.yaml").read_text(encoding="utf-8")
    result = run_import(root, [GXZWFW], "gxzwfw")
    after = (root / "content/departments.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)
    assert [d["id"] for d in result.new_departments] == ["human-resources", "maritime"]
    departments = yaml.safe_load(after)
    assert departments[0] == {"id": "civil-affairs", "name": "示范市民政局", "codes": ["02"]}
    assert departments[1] == {"id": "human-resources", "name": "示范市人力资源和社会保障局"}
    # A second import reuses them: nothing appended twice.
    run_import(root, [GXZWFW], "gxzwfw")
    assert (root / "content/departments.yaml").read_text(encoding="utf-8") == after


def _template(tmp_path, rows, materials=()):
    return write_template(tmp_path / "事项.xlsx", rows=rows, materials=list(materials))


def test_shared_basic_code_gives_two_items(tmp_path):
    root = catalogue(tmp_path)
    export = _template(tmp_path, [
        template_row(基本编码="000107046000", 实施编码="11990100MB0000002X3000107046000"),
        template_row(基本编码="000107046000", 实施编码="11990200MB0000003X4000107046000", 实施主体="示范县民政局")])
    result = run_import(root, [export], "template")
    assert sorted(k for k, _, _ in result.added) == ["11990100MB0000002X3000107046000",
                                                    "11990200MB0000003X4000107046000"]
    a = load(root, "items/civil-affairs/11990100MB0000002X3000107046000.yaml")
    b = load(root, "items/civil-affairs-2/11990200MB0000003X4000107046000.yaml")  # a second 民政局
    assert a["code"] == b["code"] == "000107046000"


def test_dashed_provincial_code_and_local_codes(tmp_path):
    root = catalogue(tmp_path)
    dashed = "511A0138000000-511602000000-000-115113010833722043-1-00"
    export = _template(tmp_path, [
        template_row(事项名称="适龄儿童延缓入学审批", 实施编码=dashed),
        template_row(事项名称="老年人优待证", 地方编码="sfs-mz-001"),
        template_row(事项名称="没有编码的事项"),
        template_row(事项名称="编码重复的事项", 实施编码=dashed)],
        materials=[{"实施编码": dashed, "材料名称": "申请表", "份数": 2, "必要性": "必要"},
                   {"事项名称": "老年人优待证", "材料名称": "身份证", "原件/复印件": "核验原件"}])
    result = run_import(root, [export], "template")
    assert sorted(k for k, _, _ in result.added) == [dashed, "sfs-mz-001"]
    item = load(root, f"items/civil-affairs/{dashed}.yaml")
    assert item["implementation_code"] == dashed
    assert item["materials"] == [{"name": "申请表", "necessity": "required", "copies": 2}]
    assert load(root, "items/civil-affairs/sfs-mz-001.yaml")["materials"] == [
        {"name": "身份证", "original": "original_shown"}]
    reasons = [reason for _, reason in result.skipped]
    assert any("没有可用作文件名的编码" in r for r in reasons)
    assert any(f"编码 {dashed} 与" in r for r in reasons)
    assert any("示例行" in r for r in reasons)


def test_template_main_item_and_steps(tmp_path):
    root = catalogue(tmp_path)
    export = _template(tmp_path, [
        template_row(事项名称="社团成立登记", 地方编码="a1", 主项名称="社会团体登记"),
        template_row(事项名称="社团变更登记", 地方编码="a2", 主项名称="社会团体登记"),
        template_row(事项名称="民办非企业单位登记", 地方编码="b1", 主项名称="民办非企业单位管理"),
        template_row(事项名称="民办非企业单位管理", 地方编码="b0", 主项名称="未分类")])
    result = run_import(root, [export], "template")
    group = grouping_key("示范市民政局", "社会团体登记")
    assert result.groupings == 1
    assert load(root, "items/civil-affairs/a1.yaml")["main_item"] == group
    assert load(root, "items/civil-affairs/b1.yaml")["main_item"] == "b0"     # main item with a record
    assert "main_item" not in load(root, "items/civil-affairs/b0.yaml")        # 未分类


def test_blank_template(tmp_path):
    out = tmp_path / "模板.xlsx"
    args = argparse.Namespace(root=str(tmp_path), template=str(out), mapping=None, sources=[],
                              prefer="repo", dry_run=False)
    assert cli.run(args) == 0
    book = read_workbook(out, "模板.xlsx")
    assert list(book) == ["事项", "申请材料", "办理流程", "填写说明"]
    assert book["事项"][0][:3] == ["事项名称*", "基本编码", "实施编码"]
    assert str(book["事项"][1][0]).startswith("【示例】")
    assert any(row[1] == "受理条件" for row in book["填写说明"])
    # Every column of the template is read by the template mapping.
    mapping = (FIXTURES.parents[2] / "generator/sources/importers/mappings/template.yaml").read_text(encoding="utf-8")
    for sheet in ("事项", "申请材料", "办理流程"):
        for header in book[sheet][0]:
            assert str(header).rstrip("*") in mapping, header


def test_command_line(tmp_path, capsys):
    root = catalogue(tmp_path)
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=".")
    cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["--root", str(root), "import", "--mapping", "gxzwfw", str(GXZWFW)])
    assert args.run(args) == 0
    out = capsys.readouterr().out
    assert "新增 4 个" in out and "imports/gxzwfw/report.md" in out
    args = parser.parse_args(["--root", str(root), "import", "--mapping", "nosuch", str(GXZWFW)])
    assert args.run(args) == 1
    assert "找不到映射“nosuch”" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    args = parser.parse_args(["--root", str(root), "import", "--mapping", "gxzwfw", str(broken)])
    assert args.run(args) == 1
    err = capsys.readouterr().err
    assert "broken.json 第 1 行第 2 列：不是有效的 JSON" in err and "Traceback" not in err


def test_dry_run_writes_nothing(tmp_path):
    root = catalogue(tmp_path)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = run_import(root, [GXZWFW], "gxzwfw", dry_run=True)
    assert len(result.added) == 4
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    shutil.rmtree(root)


def test_csv_with_a_materials_file_and_materials_in_one_cell(tmp_path):
    root = catalogue(tmp_path)
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "事项.csv").write_text(
        "事项名称,地方编码,实施主体,申请材料,咨询电话\n"
        "老年人优待证,m1,示范市民政局,,0001-88002200（工作日）\n"
        "临时救助,m2,示范市民政局,1.申请书；2.身份证,\n", encoding="utf-8-sig")
    (folder / "事项_申请材料.csv").write_text(
        "地方编码,材料名称,材料形式,来源渠道\nm1,身份证,纸质,共享获取\nm1,照片,电子,申请人自备\n", encoding="utf-8")
    (folder / "说明.txt").write_text("not an export", encoding="utf-8")
    result = run_import(root, [folder], "template")
    assert sorted(k for k, _, _ in result.added) == ["m1", "m2"]
    assert load(root, "items/civil-affairs/m1.yaml")["materials"] == [
        {"name": "身份证", "form": "paper", "source": "shared"},
        {"name": "照片", "form": "electronic", "source": "applicant"}]
    assert load(root, "items/civil-affairs/m2.yaml")["materials"] == [{"name": "申请书"}, {"name": "身份证"}]
    assert load(root, "items/civil-affairs/m1.yaml")["consultation"] == {"phone": ["0001-88002200"]}
    assert [(u.element, u.reason) for u in result.unmapped] == [
        ("consultation.phone", "电话号码已导入，其余文字没有导入（需要时请直接写在事项文件中）")]


def test_mapping_errors_name_the_file_and_the_fix(tmp_path, capsys):
    root = catalogue(tmp_path)
    mapping = tmp_path / "bad.yaml"
    mapping.write_text("format: json\nelements:\n  name: {from: title, type: number}\n", encoding="utf-8")
    args = argparse.Namespace(root=str(root), template=None, mapping=str(mapping), sources=[str(GXZWFW)],
                              prefer="repo", dry_run=False)
    assert cli.run(args) == 1
    err = capsys.readouterr().err
    assert "bad.yaml：name：type 不认识：number" in err and "请改成其中之一：" in err


@pytest.mark.parametrize("text", ["07702883116", "0770-2883116", "12345", "015", "1:00", "0x10", "1_000", "+86", "1e3"])
def test_number_like_text_is_quoted_and_read_back_by_our_loader(tmp_path, text):
    """Phones and codes that look like numbers are written in quotes: our
    loader refuses YAML 1.1's number forms, and YAML 1.2 would read them as
    numbers (a phone seen unquoted in a real import was held back)."""
    from generator.sources.importers.writer import dump
    from generator.sources.load import load_file

    written = dump({"phone": [text]})
    assert f'"{text}"' in written
    path = tmp_path / "x.yaml"
    path.write_text(written, encoding="utf-8")
    assert load_file(path).data == {"phone": [text]}
