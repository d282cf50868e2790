"""Facts a page shows that are derived from the catalogue, computed in Python
so templates only lay them out: an office's week (as a whole or as one item
sees it), a material's copies, whom to ask.  An item's marks and the
statistics are in marks.py, a life event's roll-up in journey.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.catalogue import Catalogue, Entry
from generator.messages import label, page_text
from generator.checks.model import Duration, Office

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


_EXTENSION = re.compile(r"\s*(?:转|轉|分机|分機|ext\.?)\s*")


def dial(phone: str) -> str:
    """The number a ``tel:`` link dials: spaces dropped and an extension
    (``0001-88010326转6``, the way real lists write it; model_types.PHONE_PATTERN)
    after a comma, which phones dial as a pause before the extension."""
    return _EXTENSION.sub(",", phone).replace(" ", "")


def duration(d: Duration) -> str:
    if d.unit == "immediate":
        return label("unit", "immediate")
    return f"{d.value} {label('unit', d.unit)}"


def ask_phone(entry: Entry, cat: Catalogue, settings) -> str:
    """Whom a reader asks about what the page does not state: the item's
    consultation phone, else its department's, else the catalogue hotline
    (config ``contact``); "" when none is known."""
    item = entry.item
    if item.consultation and item.consultation.phone:
        return item.consultation.phone[0]
    department = cat.department.get(entry.department)
    if department and department.phone:
        return department.phone
    contact = settings.contact
    return contact.hotline or contact.phone or ""


def requirement(m) -> str:
    """What kind of copy a material is, in which form and size, as stated:
    "原件，纸质，A4"; "" when none of these is stated."""
    parts = []
    if m.original:
        parts.append(label("original", m.original))
    if m.form:
        parts.append(label("form", m.form))
    if m.paper_size:
        parts.append(m.paper_size)
    return "，".join(parts)


def copies(m) -> str:
    """How many copies, as stated: "1 份", "原件 1 份，复印件 2 份"; "" if not stated."""
    if m.original_count is not None and m.copy_count is not None:
        if m.original_count and m.copy_count:
            return page_text("copies_split").format(o=m.original_count, c=m.copy_count)
        if m.copy_count:
            return page_text("copies_copy").format(c=m.copy_count)
        return page_text("copies_original").format(o=m.original_count)
    if m.original_count is not None:
        return page_text("copies_original").format(o=m.original_count)
    if m.copy_count is not None:
        return page_text("copies_copy").format(c=m.copy_count)
    if m.copies is not None:
        return page_text("copies").format(n=m.copies)
    return ""


@dataclass
class DayHours:
    day: str
    spans: list[str]


def span(hours) -> str:
    """One opening as shown: "08:30–17:30", "24 小时", "20:00–次日 02:00"."""
    if (hours.open, hours.close) == ("00:00", "24:00"):
        text = page_text("hours_all_day")
    elif hours.close < hours.open:
        text = f"{hours.open}–{page_text('hours_next_day')}{hours.close}"
    else:
        text = f"{hours.open}–{hours.close}"
    return text + (f"（{hours.note}）" if hours.note else "")


@dataclass
class Season:
    name: str  # "" = all year; else e.g. "夏季（5 月 1 日至 9 月 30 日）"
    days: list[DayHours]


def _season_name(hours) -> str:
    if not (hours.season or hours.from_date):
        return ""
    dates = ""
    if hours.from_date and hours.to_date:
        (m1, d1), (m2, d2) = ((int(x) for x in v.split("-")) for v in (hours.from_date, hours.to_date))
        dates = page_text("hours_dates").format(m1=m1, d1=d1, m2=m2, d2=d2)
    return f"{hours.season}（{dates}）" if hours.season and dates else hours.season or dates


def seasons(office: Office) -> list[Season]:
    """Opening hours day by day, Monday first, per season (all-year hours
    first, then each season in the order the file gives); an empty list of
    spans = closed.  Split shifts show as two spans of the same day."""
    tables: dict[str, dict[str, list]] = {}
    for hours in office.hours or []:
        table = tables.setdefault(_season_name(hours), {d: [] for d in WEEK})
        for d in hours.days:
            table[d].append((hours.open, span(hours)))
    order = sorted(tables, key=lambda name: name != "")
    return [Season(name, [DayHours(label("days", d), [s for _, s in sorted(spans)]) for d, spans in tables[name].items()])
            for name in order]


def week(office: Office) -> list[DayHours]:
    """Opening hours day by day of the first season (see ``seasons``)."""
    found = seasons(office)
    return found[0].days if found else [DayHours(label("days", d), []) for d in WEEK]


def hours_for(office: Office, key: str | None) -> Office:
    """The office as one item sees it: its hours without the entries limited
    to other items (``OpeningHours.items``), and the entries kept serving it
    (their ``items`` cleared); the office whole for key None."""
    if key is None or not office.hours or all(h.items is None for h in office.hours):
        return office
    kept = [h if h.items is None else h.model_copy(update={"items": None})
            for h in office.hours if h.items is None or key in h.items]
    return office.model_copy(update={"hours": kept or None})


def open_on_weekend(office: Office, key: str | None = None) -> bool:
    """Hours on Saturday or Sunday that serve every item, or item *key*."""
    return any(d in ("sat", "sun") for h in hours_for(office, key).hours or [] for d in h.days
               if h.items is None or key is not None)


def weekend_for_some(office: Office) -> bool:
    """Weekend hours that serve only some items (and none that serve all)."""
    return not open_on_weekend(office) and any(
        d in ("sat", "sun") for h in office.hours or [] if h.items for d in h.days)


def days_open(office: Office) -> int:
    return len({d for h in office.hours or [] for d in h.days})
