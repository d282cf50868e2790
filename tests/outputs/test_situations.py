"""The situation guide's texts (generator/outputs/situations.py): what the
printed checklist says of each material, and the actions at the top of a
guide, only as the data states them (issue 17)."""

from __future__ import annotations

import pytest

from generator.catalogue import Entry
from generator.checks.model import Department, Item, Material
from generator.messages import page_texts
from generator.outputs.situations import actions, all_conditions, checklist_copies, necessity_note, variant_names
from mini_catalogue import ITEM, check, copy_mini, errors, position, replaced

T = page_texts()


def test_zero_copies_never_print_as_0_copies():
    photo = Material(name="相片", original="original", copies=0, source="government", source_note="窗口免费现场拍照")
    assert checklist_copies(photo) == T["copies_none"] + "（窗口免费现场拍照）"
    split = Material(name="表", original_count=0, copy_count=0)
    assert "0" not in checklist_copies(split) and checklist_copies(split) == T["copies_none"]


def test_checklist_copies_as_stated():
    assert checklist_copies(Material(name="户口簿", original="original_shown", copies=1)) == "原件（核验后退回） 1 份"
    assert checklist_copies(Material(name="合同", original_count=1, copy_count=2)) == "原件 1 份，复印件 2 份"
    assert checklist_copies(Material(name="只有名称")) == T["copies_unstated"]


def test_shared_material_is_listed_as_checked_by_the_department():
    health = Material(name="体检证明", source="shared", copies=1, source_note="体检结果直接上传车管所")
    assert checklist_copies(health) == T["checklist_shared"] + "（体检结果直接上传车管所）"


def test_necessity_note_names_the_situation():
    assert necessity_note(Material(name="a", necessity="required")) == ""
    assert necessity_note(Material(name="a", necessity="situational", applies_when="未满十六周岁的")) == "（按情形提供：未满十六周岁的）"
    assert necessity_note(Material(name="a")) == f"（{T['necessity_unknown']}）"


def _entry(**fields) -> Entry:
    item = Item(name="测试事项", **fields)
    return Entry(item=item, department="d", source="items/d/t.yaml")


class _Cat:
    def __init__(self, phone=None):
        self.department = {"d": Department(id="d", name="测试局", phone=phone)} if phone else {}


def test_actions_only_from_data():
    assert actions(_entry(), _Cat()) == []
    channels = {"forms": ["window", "online"], "online_url": "https://a.example.gov.cn/x", "online_depth": 2,
                "appointment": True, "appointment_url": "https://a.example.gov.cn/book"}
    found = actions(_entry(channels=channels, consultation={"phone": ["0001-1234567"]}), _Cat("0001-7654321"))
    assert [(a.kind, a.href) for a in found] == [
        ("online", "https://a.example.gov.cn/x"), ("appointment", "https://a.example.gov.cn/book"),
        ("phone", "tel:0001-1234567")]
    assert "在线预审" in found[0].text
    # The department's phone when the item states none; a cancelled item offers no way in.
    found = actions(_entry(channels=channels, status="cancelled", status_reason="取消"), _Cat("0001-7654321"))
    assert [(a.kind, a.href) for a in found] == [("phone", "tel:0001-7654321")]


def test_variant_names_in_the_items_order():
    item = Item(name="x", variants=[{"id": "first", "name": "首次申领"}, {"id": "renew", "name": "换领"}])
    assert variant_names(item, ["renew", "first"]) == "首次申领、换领"


def test_all_conditions_name_their_situation():
    item = Item(name="x", conditions=["具有本市常住户口"],
                variants=[{"id": "replace", "name": "补领", "conditions": ["原证已丢失或被盗"]}])
    assert all_conditions(item) == ["具有本市常住户口", "补领：原证已丢失或被盗"]


@pytest.mark.parametrize("old, new, key", [
    ("  - {id: apply, name: 申请}", "  - {id: apply, name: 申请, variants: [lost]}", "steps[0].variants[0]"),
    ("      standard: ", "      variants: [lost]\n      standard: ", "fees.items[0].variants[0]"),
])
def test_a_part_of_an_unknown_situation_is_an_error_at_its_line(tmp_path, old, new, key):
    root = copy_mini(tmp_path)
    text = replaced(old, new)
    (root / ITEM).write_text(text, encoding="utf-8")
    found = [p for p in errors(root) if p.key == key]
    assert found and found[0].line == position(text, "[lost]")[0] and "lost" in found[0].message


def test_a_situations_own_conditions_are_checked_like_the_items(tmp_path):
    """A catch-all in a variant's conditions is reported at its line, as in ``conditions``."""
    root = copy_mini(tmp_path)
    text = replaced("name: 居民身份证首次申领\n", "name: 居民身份证首次申领\nvariants:\n  - id: first\n"
                    "    name: 首次申领\n    conditions: [提交户口簿等相关材料]\n")
    (root / ITEM).write_text(text, encoding="utf-8")
    found = [p for p in check(root) if p.key == "variants[0].conditions[0]"]
    assert found and found[0].severity == "warning" and found[0].line == position(text, "提交户口簿")[0]
