"""Facts a page shows that are derived from the catalogue, computed in Python
so templates only lay them out: an item's marks, an office's week, a life
event's roll-up, the statistics."""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalogue import Catalogue, Entry
from generator.messages import label, page_texts
from generator.checks.model import Duration, Item, LifeEvent, Office
from generator.checks.rules import days

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def is_online(item: Item) -> bool:
    return item.channels is not None and "online" in item.channels.forms


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
    page, every list, office pages, search results): a suspended or
    cancelled item says so first."""
    found = []
    if item.status in ("suspended", "cancelled"):
        found.append((item.status, label("marks", item.status)))
    if is_online(item):
        found.append(("online", label("marks", "online")))
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
    "online": ("marks", "online", is_online),
    "one-trip": ("marks", "one-trip", is_one_trip),
    "commitment": ("facilitation", "commitment", lambda i: i.facilitation.commitment),
    "one-id-card": ("facilitation", "one_id_card", lambda i: i.facilitation.one_id_card),
    "instant": ("marks", "instant-page", lambda i: promised_unit(i) == "immediate"),
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
    t = page_texts()
    if m.original_count is not None and m.copy_count is not None:
        if m.original_count and m.copy_count:
            return t["copies_split"].format(o=m.original_count, c=m.copy_count)
        if m.copy_count:
            return t["copies_copy"].format(c=m.copy_count)
        return t["copies_original"].format(o=m.original_count)
    if m.original_count is not None:
        return t["copies_original"].format(o=m.original_count)
    if m.copy_count is not None:
        return t["copies_copy"].format(c=m.copy_count)
    if m.copies is not None:
        return t["copies"].format(n=m.copies)
    return ""


@dataclass
class DayHours:
    day: str
    spans: list[str]


def span(hours) -> str:
    """One opening as shown: "08:30–17:30", "24 小时", "20:00–次日 02:00"."""
    t = page_texts()
    if (hours.open, hours.close) == ("00:00", "24:00"):
        text = t["hours_all_day"]
    elif hours.close < hours.open:
        text = f"{hours.open}–{t['hours_next_day']}{hours.close}"
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
        dates = page_texts()["hours_dates"].format(m1=m1, d1=d1, m2=m2, d2=d2)
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


def open_on_weekend(office: Office) -> bool:
    return any(d in ("sat", "sun") for h in office.hours or [] for d in h.days)


def days_open(office: Office) -> int:
    return len({d for h in office.hours or [] for d in h.days})


@dataclass
class RollUp:
    materials: list[tuple[str, list[str]]]  # material name -> item names needing it
    visits: int | None  # None: an item involved does not state its visits
    fees: list[tuple[str, str]]  # (item name, fee standard)
    longest: str
    longest_item: str
    item_count: int


def roll_up(bundle: LifeEvent, cat: Catalogue) -> RollUp:
    """What a citizen needs once for the whole journey.

    Optional steps are left out of the totals; for an `or` step the
    alternative with the fewest visits counts."""
    materials: dict[str, list[str]] = {}
    visits = 0
    fees: list[tuple[str, str]] = []
    longest: tuple[float, str, str] = (-1, "", "")
    count = 0
    for step in bundle.steps:
        entries = [cat.by_key[c] for c in step.items if c in cat.by_key]
        if not entries:
            continue
        counted = [] if step.optional else entries
        if any(e.item.visits is None for e in counted):
            visits = None  # one item does not say: the total is not known
        elif visits is not None and counted:
            trips = [e.item.visits for e in counted]
            visits += min(trips) if step.mode == "or" else sum(trips)
        for entry in entries:
            item = entry.item
            count += 1
            for m in item.materials or []:
                if m.source != "shared" and m.necessity == "required" and not m.variants:
                    materials.setdefault(m.name, [])
                    if item.name not in materials[m.name]:
                        materials[m.name].append(item.name)
            fees += [(item.name, f.standard) for f in (item.fees.items if item.fees else [])]
            if item.time_limits and item.time_limits.promised:
                promised = days(item.time_limits.promised)
                if promised > longest[0]:
                    longest = (promised, duration(item.time_limits.promised), item.name)
    return RollUp(sorted(materials.items()), visits, fees, longest[1], longest[2], count)


@dataclass
class Statistics:
    total: int
    online: int
    one_trip: int
    facilitation: dict[str, int]
    by_department: list[tuple[str, str, int]]  # (id, name, count)

    def rate(self, part: int) -> str:
        return f"{100 * part / self.total:.1f}%" if self.total else "—"


def statistics(cat: Catalogue) -> Statistics:
    entries: list[Entry] = cat.in_use()
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.department] = counts.get(e.department, 0) + 1
    return Statistics(
        total=len(entries),
        online=sum(is_online(e.item) for e in entries),
        one_trip=sum(is_one_trip(e.item) for e in entries),
        facilitation={label("facilitation", k): sum(getattr(e.item.facilitation, k) for e in entries)
                      for k in ("commitment", "one_id_card", "one_network", "instant")},
        by_department=[(d.id, d.name, counts.get(d.id, 0)) for d in cat.departments],
    )
