"""The situation guide (情形引导) and the top of an item page, computed in
Python so that item.html only lays them out.

An item's variants (``item.variants``: 首次申领 / 换领 / 补领) narrow its
materials, steps and fees (each may list ``variants:``) and add conditions of
their own (``variants[].conditions``).  The page is rendered with everything
shown, each part carrying ``data-variants="first renew"``; the script
``theme/assets/guide.js`` hides what does not apply to the situation the
reader chose (``?情形=<variant id or name>``).  Without the script the page
shows every part with its situation spelled out.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalogue import Catalogue, Entry
from generator.checks.model import Item, Material
from generator.messages import label, page_text
from generator.outputs import views
from generator.outputs.views import copies


def variant_attr(ids: list[str]) -> str:
    """The ``data-variants`` value of a part: its variant ids, space-separated;
    "" for a part of every situation."""
    return " ".join(ids)


def variant_names(item: Item, ids: list[str]) -> str:
    """The names of the variants ``ids`` in the item's order: "首次申领、换领"."""
    return "、".join(v.name for v in item.variants if v.id in ids)


def all_conditions(item: Item) -> list[str]:
    """The item's conditions, then each variant's own, named after it:
    ["具有本市常住户口", "补领：原证已丢失或被盗"] (for exports that have one list)."""
    return [*(item.conditions or []), *(f"{v.name}：{c}" for v in item.variants for c in v.conditions)]


def copies_text(m: Material) -> str:
    """The copies of a material as stated, "无需自带" when the stated copies
    are 0 (never "0 份"); "" when not stated."""
    counts = [c for c in (m.original_count, m.copy_count) if c is not None] or \
        ([m.copies] if m.copies is not None else [])
    return page_text("copies_none") if counts and not any(counts) else copies(m)


def checklist_copies(m: Material) -> str:
    """What the printed checklist (一次性告知单) says after a material's name.

    A shared material: "无需提交，由部门核验"; a material whose stated copies
    are 0: "无需自带" (never "0 份"), with its source note when stated;
    otherwise the kind of copy and the copies as stated ("原件 1 份"), or
    "份数未注明" when the file states neither."""
    note = f"（{m.source_note}）" if m.source_note else ""
    if m.source == "shared":
        return page_text("checklist_shared") + note
    text = copies_text(m)
    if text == page_text("copies_none"):
        return text + note
    if m.original and m.original_count is None and m.copy_count is None:
        text = f"{label('original', m.original)} {text}".strip()
    return text or page_text("copies_unstated")


def necessity_note(m: Material) -> str:
    """"（容缺，可后补）", "（按情形提供：未满十六周岁的…）", "（必要性未注明）" or ""."""
    if m.necessity is None:
        return f"（{page_text('necessity_unknown')}）"
    if m.necessity == "required":
        return ""
    when = f"：{m.applies_when}" if m.applies_when else ""
    return f"（{label('necessity', m.necessity)}{when}）"


@dataclass(frozen=True)
class Action:
    kind: str  # css modifier: online, appointment, phone
    text: str
    href: str


def actions(entry: Entry, cat: Catalogue) -> list[Action]:
    """The buttons at the top of an item page, only as the data states them:
    在线办理 (``channels.online_url``, else ``mobile_url``; its online depth
    named when stated), 预约 (``channels.appointment_url``) and 打电话 (the
    item's first consultation phone, else its department's); a suspended or
    cancelled item gets only the phone."""
    item, found = entry.item, []
    ch = item.channels if item.status == "in_use" else None  # a suspended or cancelled item offers no way in
    if ch and (ch.online_url or ch.mobile_url):
        depth = f"（{label('online_depth', ch.online_depth)}）" if ch.online_depth else ""
        found.append(Action("online", page_text("action_online") + depth, ch.online_url or ch.mobile_url))
    if ch and ch.appointment_url:
        found.append(Action("appointment", page_text("action_appointment"), ch.appointment_url))
    phone = item.consultation.phone[0] if item.consultation and item.consultation.phone else None
    department = cat.department.get(entry.department)
    phone = phone or (department.phone if department else None)
    if phone:
        found.append(Action("phone", page_text("action_phone").format(phone=phone), "tel:" + views.dial(phone)))
    return found


def jump_links() -> list[tuple[str, str]]:
    """(anchor, text) of the jump links under the top of a guide."""
    return [("materials", page_text("jump_materials")), ("where", page_text("jump_where")),
            ("steps", page_text("jump_steps")), ("fees", page_text("jump_fees"))]
