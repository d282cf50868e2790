"""Facts a page shows that are derived from the catalogue, computed in Python
so templates only lay them out: an item's marks, an office's week (as a
whole or as one item sees it), the statistics.  A life event's roll-up is
in journey.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.catalogue import Catalogue, Entry
from generator.messages import label, page_text
from generator.checks.model import Duration, Item, Office

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def is_online(item: Item) -> bool:
    """Fully online (全程网办): online handling at depth 4, as the item states
    it; pre-check (2) or online application (3) is online handling but not
    this (the statistics' online rate counts only this)."""
    ch = item.channels
    return ch is not None and "online" in ch.forms and ch.online_depth == 4


# Online depth (model Channels.online_depth) -> css id and label key of the mark.
ONLINE_MARKS = {4: "online", 3: "online-apply", 2: "online-precheck"}


def online_mark(item: Item) -> tuple[str, str] | None:
    """(css id, label) of how far the item is handled online: 全程网办,
    网上申请, 网上预审, or 网上办理（程度未写明） when the depth is not
    stated; None when the item is not handled online (depth 1 = information
    only is not online handling)."""
    ch = item.channels
    if ch is None or "online" not in ch.forms:
        return None
    if ch.online_depth is None:
        return "online-unstated", label("marks", "online-unstated")
    key = ONLINE_MARKS.get(ch.online_depth)
    return (key, label("marks", key)) if key else None


_EXTENSION = re.compile(r"\s*(?:转|轉|分机|分機|ext\.?)\s*")


def dial(phone: str) -> str:
    """The number a ``tel:`` link dials: spaces dropped and an extension
    (``0001-88010326转6``, the way real lists write it; model_types.PHONE_PATTERN)
    after a comma, which phones dial as a pause before the extension."""
    return _EXTENSION.sub(",", phone).replace(" ", "")


def is_one_trip(item: Item) -> bool:
    """At most one trip, as the item states it (unstated visits are no mark)."""
    return item.visits is not None and item.visits <= 1


def promised_unit(item: Item) -> str | None:
    limits = item.time_limits
    return limits.promised.unit if limits and limits.promised else None


def duration(d: Duration) -> str:
    if d.unit == "immediate":
        return label("unit", "immediate")
    return f"{d.value} {label('unit', d.unit)}"


def marks(item: Item) -> list[tuple[str, str]]:
    """(css id, label) of the marks shown wherever an item is shown (its
    page, every list, office pages, search results).  A suspended or
    cancelled item shows its status only: nothing that offers it as available."""
    if item.status in ("suspended", "cancelled"):
        return [(item.status, label("marks", item.status))]
    found = []
    online = online_mark(item)
    if online:
        found.append(online)
    if item.visits == 0:
        found.append(("zero-trip", label("marks", "zero-trip")))
    elif item.visits == 1:
        found.append(("one-trip", label("marks", "one-trip")))
    elif item.visits is not None:
        found.append(("more-trips", label("marks", "more-trips").format(n=item.visits)))
    for key in ("commitment", "one_id_card", "one_network", "instant"):
        if getattr(item.facilitation, key):
            found.append((key.replace("_", "-"), label("facilitation", key)))
    if promised_unit(item) == "immediate" and not item.facilitation.instant:
        found.append(("immediate", label("marks", "immediate")))
    return found


# Mark index pages: id -> (label group, label key, predicate).
MARK_PAGES = {
    "online": ("marks", "online", lambda i: i.status == "in_use" and is_online(i)),
    "one-trip": ("marks", "one-trip", lambda i: i.status == "in_use" and is_one_trip(i)),
    "commitment": ("facilitation", "commitment", lambda i: i.status == "in_use" and i.facilitation.commitment),
    "one-id-card": ("facilitation", "one_id_card", lambda i: i.status == "in_use" and i.facilitation.one_id_card),
    "instant": ("marks", "instant-page", lambda i: i.status == "in_use" and promised_unit(i) == "immediate"),
    "suspended": ("marks", "suspended", lambda i: i.status == "suspended"),
}


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


@dataclass
class Share:
    """One figure of the statistics over the items that state it (unknown is
    not "no", county trial 1, C4): ``count`` items have it, ``stated`` items
    state whether they have it, ``unstated`` items (guides in use) do not."""
    count: int
    stated: int
    unstated: int

    @property
    def rate(self) -> str:
        """The share of ``count`` among the items that state it, e.g. "82.7%";
        "" when none states it (no rate over unknowns)."""
        return f"{100 * self.count / self.stated:.1f}%" if self.stated else ""


@dataclass
class Statistics:
    total: int
    online: Share  # fully online (全程网办) items in use, the online rate's part
    online_partly: dict[str, int]  # mark label -> items in use online at a lesser or unstated depth
    one_trip: Share
    facilitation: dict[str, Share]
    by_department: list[tuple[str, str, int]]  # (id, name, count)


def online_stated(item: Item) -> bool:
    """Whether the item states if it is fully online: its channels, and how far
    online when one is online handling."""
    ch = item.channels
    return ch is not None and ("online" not in ch.forms or ch.online_depth is not None)


def facilitation_stated(item: Item) -> bool:
    """Whether the item states its facilitation measures (the element written;
    the measures it does not list are then not taken)."""
    return "facilitation" in item.model_fields_set


# Mark page id -> whether an item states what the mark tells (None: always stated).
MARK_STATED = {
    "online": online_stated,
    "one-trip": lambda i: i.visits is not None,
    "commitment": facilitation_stated,
    "one-id-card": facilitation_stated,
    "instant": lambda i: i.time_limits is not None and i.time_limits.promised is not None,
    "suspended": None,
}


def unstated(entries: list[Entry], mark: str) -> int:
    """How many guides in use (not grouping items, not suspended) of
    ``entries`` do not state what mark page ``mark`` tells."""
    stated = MARK_STATED.get(mark)
    if stated is None:
        return 0
    return sum(1 for e in entries if e.item.status == "in_use" and not e.item.grouping and not stated(e.item))


def _share(items: list[Item], has, stated) -> Share:
    said = [i for i in items if stated(i)]
    return Share(sum(1 for i in said if has(i)), len(said), len(items) - len(said))


def statistics(cat: Catalogue) -> Statistics:
    """The statistics page's figures.  Rates count only the items that state
    the element (``Share``); the guides in use (status in_use, not grouping
    main items) that do not are counted apart, never as "no"."""
    entries: list[Entry] = cat.in_use()
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.department] = counts.get(e.department, 0) + 1
    guides = [e.item for e in entries if e.item.status == "in_use" and not e.item.grouping]
    return Statistics(
        total=len(entries),
        online=_share(guides, is_online, online_stated),
        online_partly={label("marks", key): sum(e.item.status == "in_use" and (online_mark(e.item) or ("",))[0] == key
                                                for e in entries)
                       for key in ("online-apply", "online-precheck", "online-unstated")},
        one_trip=_share(guides, is_one_trip, MARK_STATED["one-trip"]),
        facilitation={label("facilitation", k): _share(guides, lambda i, k=k: getattr(i.facilitation, k),
                                                       facilitation_stated)
                      for k in ("commitment", "one_id_card", "one_network", "instant")},
        by_department=[(d.id, d.name, counts.get(d.id, 0)) for d in cat.departments],
    )
