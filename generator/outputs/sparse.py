"""An item page that states almost nothing answers first (GOV.UK content
design: answer first, one thing per page).  A list-only export (county trial
on 广安区: names, departments, codes and the official guide's link, 1,132
items) gave pages of eleven identical 信息待补充 boxes, ~3,500 px at 390 px.

Unknown is still not a default: every main element the item leaves out is
still named as not stated, with whom to ask; only the form changes.  When an
item states few of them (:func:`page_gaps`), the page leads with ONE box
(this catalogue does not yet hold the item's guide, the source platform's
guide, whom to ask, the elements not stated) and then shows only the sections
it does state.  Otherwise each missing element keeps its own box where it
belongs.  The data-quality page and ``check --gaps`` still list the gaps per
element (checks/gaps.py): this module changes only the page's form.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalogue import Catalogue, Entry
from generator.checks.model import Item

# The guide's main elements, in page order: each shows its own 信息待补充 box
# (templates/item.html's gap()) when the item does not state it.  Names for
# the lead box: page texts ``lead_el_<element>`` (per edition).
MAIN_ELEMENTS = ("summary", "conditions", "materials", "steps", "time", "fees", "channels", "offices",
                 "result", "consultation", "complaint", "legal_basis")
# The page's sections (their h2 anchors) and the elements that fill them, so a
# section the item states nothing of is left out of a lead page (and of its jump links).
SECTIONS = {"conditions": ("conditions", "quantity_limit"), "materials": ("materials",),
            "steps": ("steps", "special_procedures"), "time": ("time", "statutory"), "fees": ("fees",),
            "where": ("channels", "offices"), "result": ("result",), "contact": ("consultation", "complaint"),
            "basis": ("legal_basis",)}


def needs_office(item: Item) -> bool:
    """Whether the item needs a place to go: False only when every form it
    states is online or by mail (as item.html says 无需到现场); no form stated
    is not "none needed"."""
    forms = item.channels.forms if item.channels else None
    return not (forms and all(f in ("online", "mail") for f in forms))


def _stated(item: Item) -> dict[str, bool]:
    """Which elements the item states, as item.html decides between a value and a gap box."""
    limits = item.time_limits
    return {"summary": bool(item.summary), "conditions": bool(item.conditions),
            "quantity_limit": bool(item.quantity_limit), "materials": item.materials is not None,
            "steps": bool(item.steps), "special_procedures": bool(item.special_procedures),
            "time": bool(limits and limits.promised), "statutory": bool(limits and limits.statutory),
            "fees": item.fees is not None, "channels": item.channels is not None,
            "offices": bool(item.offices) or not needs_office(item), "result": item.result is not None,
            "consultation": item.consultation is not None, "complaint": item.complaint is not None,
            "legal_basis": bool(item.legal_basis)}


@dataclass(frozen=True)
class PageGaps:
    """What an item page says about the main elements it leaves out.

    ``missing``: the main elements (:data:`MAIN_ELEMENTS` names) the item does
    not state, in page order; ``lead``: True when the page leads with one box
    naming them all and leaves their sections out; ``notice``: whether the
    printed 一次性告知单 tells anything (False: every line would be 未注明)."""
    missing: tuple[str, ...]
    lead: bool
    notice: bool
    stated: frozenset[str]

    def shows(self, section: str) -> bool:
        """Whether the page shows section ``section`` (a :data:`SECTIONS` key):
        always, unless the page leads with one box and the item states nothing of it."""
        return not self.lead or any(e in self.stated for e in SECTIONS[section])

    def visible(self, links: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The (anchor, text) jump links (situations.jump_links) to sections the page shows."""
        return [link for link in links if self.shows(link[0])]

    def gap_here(self, element: str) -> bool:
        """Whether element ``element`` (a :data:`MAIN_ELEMENTS` name) shows its own
        gap box: only when the item does not state it and the page has no lead box."""
        return not self.lead and element in self.missing


def page_gaps(item: Item) -> PageGaps:
    """The rule: an item page leads with one box when the item leaves out at
    least half of the guide's main elements that apply to it (the offices only
    when it needs a place to go, :func:`needs_office`).  A grouping item has no
    guide of its own (no gap boxes): never.  At 12 elements, 6 missing lead
    and 5 keep their own boxes; the mini catalogue's bare item (10 of 11) and a
    list-only import (广安区: 12 of 12) lead, a demo item states all.

    The 一次性告知单 tells something when the item states its conditions, its
    materials (none is an answer), an office, a consultation phone, a promised
    time limit or its fees; else every line of it would be 未注明."""
    stated = _stated(item)
    applicable = [e for e in MAIN_ELEMENTS if e != "offices" or needs_office(item)]
    missing = tuple(e for e in applicable if not stated[e])
    lead = not item.grouping and 2 * len(missing) >= len(applicable)
    notice = (stated["conditions"] or stated["materials"] or bool(item.offices) or stated["time"]
              or stated["fees"] or bool(item.consultation and item.consultation.phone))
    return PageGaps(missing, lead, notice, frozenset(e for e, ok in stated.items() if ok))


def ask_who(entry: Entry, cat: Catalogue, phone: str) -> str:
    """Whose number ``phone`` (views.ask_phone) is, for the lead box:
    ``"department"`` (the item's consultation phone or its department's),
    ``"hotline"`` (the catalogue's, config ``contact``) or ``""`` (no phone)."""
    if not phone:
        return ""
    item = entry.item
    if item.consultation and item.consultation.phone and phone == item.consultation.phone[0]:
        return "department"
    department = cat.department.get(entry.department)
    return "department" if department and department.phone == phone else "hotline"
