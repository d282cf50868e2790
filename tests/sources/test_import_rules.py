"""Value rules: residue, numbered splits, phones, contacts, key：value notes,
conversions, value tables, and the YAML the writer produces."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from generator.sources.importers import rules
from generator.sources.importers.mapper import Mapper
from generator.sources.importers.mapping import load_mapping
from generator.sources.importers.readers import Record
from generator.sources.importers.writer import check_shape, dump, ordered

from importing import catalogue


def test_portal_residue_is_stripped():
    strip = ["\n...展开\n更多地点", "...展开", "更多地点"]
    assert rules.clean_text("示范市民主路100号\n...展开\n更多地点", strip) == "示范市民主路100号"
    assert rules.clean_text("咨询电话：0001-2880875...展开", strip) == "咨询电话：0001-2880875"
    assert rules.clean_text("  a\u200b  b \r\n\r\n c ") == "a b\nc"


@pytest.mark.parametrize("text, entries", [
    ("1.持有社会保障卡的人员；\n2.卡面信息变更的。", ["持有社会保障卡的人员", "卡面信息变更的。"]),
    ("1、申请事项属本机构管辖范围；2、申请材料齐全。", ["申请事项属本机构管辖范围", "申请材料齐全。"]),
    ("1、甲。2、乙；3、丙", ["甲。", "乙", "丙"]),
    ("1.甲；2、乙", ["甲", "乙"]),
    ("（1）年满18周岁；（2）身高1.5米以上", ["年满18周岁", "身高1.5米以上"]),
    ("符合下列条件：(1)甲；(2)乙", ["符合下列条件：", "甲", "乙"]),
    ("一、申请书；二、身份证明", ["申请书", "身份证明"]),
    ("1.申请人：（1）本人；（2）代理人；2.第2、3项材料齐全", ["申请人：（1）本人；（2）代理人", "第2、3项材料齐全"]),
    ("只有一条条件", ["只有一条条件"]),
    ("办理第1.5版", ["办理第1.5版"]),
])
def test_split_numbered(text, entries):
    assert rules.split_numbered(text) == entries


def test_phones_with_extensions():
    assert rules.find_phones("020-12345678转1、0001—2222222；13812345678，12345") == [
        "020-12345678转1", "0001-2222222", "13812345678", "12345"]
    assert rules.find_phones("（0001）88001100") == ["(0001)88001100"]
    assert rules.find_phones("江山大道88号") == []


def test_contact_parsing_keeps_what_does_not_parse():
    assert rules.parse_contact("咨询地址：示范市北部湾大道200号1楼；电话咨询：0001-2069833") == {
        "phone": ["0001-2069833"], "address": "示范市北部湾大道200号1楼"}
    assert rules.parse_contact("监督投诉电话：0001-2883116，监督投诉地址：示范市民主路100号投诉室。") == {
        "phone": ["0001-2883116"], "address": "示范市民主路100号投诉室"}
    contact = rules.parse_contact("互联网服务渠道，12345热线")
    assert contact == {"phone": ["12345"], "note": "互联网服务渠道，12345热线"}
    assert rules.parse_contact("") is None


def test_keyvalue_note():
    note = ("类型：原件\n来源渠道：政府部门核发\n填报须知：1.本人身份证\n2.户口本：原件\n受理标准：有效期内\n"
            "纸质规格：A4\n签名签章要求：加盖公章")
    values = rules.parse_keyvalue(note, ["类型", "来源渠道", "填报须知", "受理标准", "纸质规格", "签名签章要求"])
    assert values == {"类型": "原件", "来源渠道": "政府部门核发", "填报须知": "1.本人身份证\n2.户口本：原件",
                      "受理标准": "有效期内", "纸质规格": "A4", "签名签章要求": "加盖公章"}


def test_conversions():
    assert rules.to_int("3") == 3 and rules.to_int(2.0) == 2 and rules.to_int("1次") == 1
    with pytest.raises(rules.Unmapped):
        rules.to_int("两次")
    assert rules.to_bool("是") is True and rules.to_bool(0) is False and rules.to_bool("不收费") is False
    with pytest.raises(rules.Unmapped):
        rules.to_bool("视情况")
    assert rules.to_date("2026年1月5日") == dt.date(2026, 1, 5)
    assert rules.to_date(dt.datetime(2026, 1, 5, 8, 0)) == dt.date(2026, 1, 5)
    assert rules.to_date("2026/01/05") == dt.date(2026, 1, 5)
    assert rules.to_duration("30(工作日)") == {"value": 30, "unit": "working_days"}
    assert rules.to_duration("20个工作日") == {"value": 20, "unit": "working_days"}
    assert rules.to_duration("15 自然日") == {"value": 15, "unit": "calendar_days"}
    assert rules.to_duration("即办") == {"value": 0, "unit": "immediate"}
    assert rules.to_duration(5, "working_days") == {"value": 5, "unit": "working_days"}
    for unknown in ("20天", "三十日"):
        with pytest.raises(rules.Unmapped):
            rules.to_duration(unknown)
    assert rules.to_url("https%3A%2F%2Fa.example.gov.cn%2Fx") == "https://a.example.gov.cn/x"
    with pytest.raises(rules.Unmapped):
        rules.to_url("192a1be3-4f95-409c-93e7-4dffc1cfaa82")


def test_legal_basis():
    assert rules.parse_legal_basis("《社会团体登记管理条例》（国务院令第250号）第九条；《行政许可法》第十二条",
                                   "setting") == [
        {"kind": "setting", "law": "《社会团体登记管理条例》", "document_number": "国务院令第250号", "article": "第九条"},
        {"kind": "setting", "law": "《行政许可法》", "article": "第十二条"}]


def _map(tmp_path, data: dict):
    root = catalogue(tmp_path)
    return Mapper(load_mapping("template", root)).map(Record("t.csv", 2, data))


def test_value_tables_map_stated_values_and_report_the_rest(tmp_path):
    m = _map(tmp_path, {"事项名称": "甲", "实施主体": "示范市民政局", "办件类型": "承诺件", "是否收费": "是",
                        "事项类型": "行政许可", "服务对象": "自然人、法人", "办理形式": "窗口、网办、飞鸽传书",
                        "行使层级": "市级/县", "通办范围": "全市通办"})
    item = m.item
    assert item["handling_type"] == "promised" and item["fees"] == {"charged": True}
    assert item["item_type"] == "licensing" and item["audiences"] == ["individual", "business"]
    assert item["levels"] == ["city", "county"] and item["channels"]["scope"] == "city"
    assert item["channels"]["forms"] == ["window", "online"]
    assert [(u.element, u.value, u.where) for u in m.unmapped] == [("channels.forms", "飞鸽传书", "t.csv第 2 行")]


def test_no_default_values(tmp_path):
    m = _map(tmp_path, {"事项名称": "甲", "实施主体": "示范市民政局", "是否收费": "-", "法定办结时限": "无"})
    assert m.item == {"name": "甲", "implementing_body": {"name": "示范市民政局"}}
    assert m.unmapped == []


def test_phones_column_and_incomplete_objects(tmp_path):
    m = _map(tmp_path, {"事项名称": "甲", "实施主体": "示范市民政局", "咨询电话": "0001-88002200、020-12345678转1",
                        "收费标准": "每证20元", "网上办理地址": "https://zwfw.example.gov.cn/x"})
    assert m.item["consultation"] == {"phone": ["0001-88002200", "020-12345678转1"]}
    dropped = check_shape(m.item)
    assert "fees" not in m.item and "channels" not in m.item       # no 是否收费 / no 办理形式 stated
    assert {d[0] for d in dropped} == {"fees", "channels"}


def test_yaml_is_readable_and_round_trips():
    item = {"reviewed": dt.date(2026, 1, 20), "code": "000107046000", "name": "社会团体成立登记",
            "levels": ["city"], "conditions": ["有固定的住所", "第一行\n第二行", "很长的条件" * 20],
            "aliases": ["yes", "on", "2026-01-20", "1.5", "a: b", "#标签", "- 项"],
            "materials": [{"copies": 2, "name": "申请表", "instructions": "一\n二"}],
            "fees": {"charged": False}, "consultation": {"phone": ["0001-88002200", "020-1234567转1"]}}
    text = dump(ordered(item))
    assert yaml.safe_load(text) == item
    assert text.startswith("name: 社会团体成立登记\ncode: \"000107046000\"\n")
    assert "levels: [city]" in text and "  - |-\n    第一行\n    第二行" in text
    assert "社会团体" in text and "\\u" not in text
    assert text.index("materials:") < text.index("fees:") < text.index("consultation:") < text.index("reviewed:")
