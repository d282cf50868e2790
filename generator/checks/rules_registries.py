"""The catalogue's rules within and between the registries under ``content/``:
offices' levels, parents and opening hours; life events' departments,
audiences and items.  Like ``rules.py``, each rule yields ``Finding``s with
the key path they concern; ``registries.check_registries`` locates them.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from typing import Iterator

from generator.catalogue import Catalogue
from generator.checks.model import LifeEvent, Office
from generator.checks.mistakes import event_items, item_refs, names, time_meant
from generator.checks.mistakes.hours_items import hours_items, retired_item
from generator.checks.rules import Finding, reference
from generator.sources.mistakes.addresses import place_key
from generator.messages import label, say


_TAXONOMIES = "content/taxonomies.yaml"


def check_registries(cat: Catalogue, event_sources: dict[str, str],
                     offices_file: str = "content/offices.yaml",
                     departments_file: str = "content/departments.yaml",
                     region: str = "") -> Iterator[tuple[str, type, Finding]]:
    """Rules within and between registries: (file shown to editors, model,
    finding).  ``region``: mkdocs.yml ``catalogue.region``, left out when
    addresses are compared (``office_identity``)."""
    tax = "content/taxonomies.yaml"
    named: dict[str, str] = {}  # name as read -> id of the first office of that name
    at_address: dict[str, list[int]] = {}  # place_key of an address -> indexes of the offices there
    for index, office in enumerate(cat.offices):
        same = named.setdefault("".join((office.name or "").split()), office.id) if office.name else office.id
        if same != office.id:  # county trial 1: an import left "办证大厅" twice; a citizen cannot tell them apart
            yield offices_file, Office, Finding((index, "name"), "office_same_name",
                                                {"name": office.name, "other": same}, "warning")
        yield from ((offices_file, Office, f) for f in office_identity(index, cat.offices, at_address, region))
        if office.level:
            for f in reference((index, "level"), office.level, cat.terms["levels"], "行使层级", tax):
                yield offices_file, Office, f
        if office.parent:
            for f in reference((index, "parent"), office.parent, cat.office, label("registries", "offices"), offices_file):
                yield offices_file, Office, f
        for h, hours in enumerate(office.hours or []):
            yield from ((offices_file, Office, f) for f in _check_hours((index, "hours", h), hours))
            found = hours_items((index, "hours", h), hours.items or [], cat, office.id, hours.note)
            yield from ((offices_file, Office, f) for f in found)
    for event in cat.life_events:
        yield from ((event_sources[event.id], LifeEvent, f)
                    for f in check_life_event(event, cat, departments_file, event_sources[event.id]))


def office_identity(index: int, offices: list[Office], at_address: dict[str, list[int]],
                    region: str = "") -> Iterator[Finding]:
    """County trial 2 (#2): an imported office without a name (the page
    calls it by its address: ``office_no_name``, at its entry), and an
    office whose address is an earlier office's written another way
    (``sources/mistakes/addresses.place_key``: punctuation, 大道大道, a
    pasted prefix) while their names do not tell two halls apart: one of
    them has none, or they differ only as ``place_key`` undoes
    (``office_same_address``, at the second's address, naming the first;
    two equal names are ``office_same_name``'s).  Warnings.  ``at_address``
    (place_key -> indexes of the offices before, filled in here) is shared
    by the calls for one list, in order."""
    office = offices[index]
    if not office.name:
        yield Finding((index,), "office_no_name", {"id": office.id, "address": office.address}, "warning",
                      Office.model_fields["name"].title)
    earlier = at_address.setdefault(place_key(office.address, region), [])
    earlier.append(index)
    for other in (offices[i] for i in earlier[:-1]):
        if other.id == office.id:
            continue
        names = [o.name for o in (other, office)]
        if all(names) and (place_key(names[0], region) != place_key(names[1], region)
                           or "".join(names[0].split()) == "".join(names[1].split())):
            continue  # two halls at one address, or told as the same name
        yield Finding((index, "address"), "office_same_address", {
            "id": office.id, "address": office.address, "other": other.id,
            "other_name": other.name or other.address, "other_address": other.address}, "warning")
        return


def check_life_event(event: LifeEvent, cat: Catalogue, departments_file: str = "content/departments.yaml",
                     source: str = "") -> Iterator[Finding]:
    """A life event's references: its lead department, audience and items.
    Also run on a life event read only in part (``registries.check_registries``:
    a duplicated line does not hide a wrong item code, clerk trial 6, #5/#7).
    ``source``: its file (relative to the root), for what a step listed at
    the last commit (clerk trial 16, #13)."""
    yield from reference(("lead_department",), event.lead_department, cat.department,
                         label("registries", "departments"), departments_file)
    yield from reference(("audience",), event.audience, cat.terms["audiences"], "服务对象", _TAXONOMIES)
    for s, step in enumerate(event.steps):
        for i, key in enumerate(step.items):
            # A held-back item exists: its own file is reported (the page
            # shows it as not published), not the life event listing it.
            path = ("steps", s, "items", i)
            entry = cat.by_key.get(key)
            if found := event_items.twice(path, key, i, step.items[:i], cat):
                yield found  # a second listing: told only that (clerk trial 10, #35)
            elif entry is not None and (retired := retired_item(path, key, cat, "bundle")):
                yield retired  # clerk trial 4 (#28): a cancelled (or suspended) item still listed sends people to it
            elif entry is None and key not in cat.reported_elsewhere:
                yield _unknown_item(path, key, cat, "bundle", step.items, lambda: item_refs.committed_list(
                    cat, source, ("steps", s, "items"), step.name))
            elif entry is not None and len(step.items) == 1 and (f := names.step_item(step.name, entry, cat, event.id)):
                yield replace(f, path=path)  # clerk trial 5, 8B
            elif entry is not None and (f := event_items.audience(path, event.audience, entry, step.items, cat)):
                yield f  # clerk trial 10, #46


def _unknown_item(path: tuple, key: str, cat: Catalogue, kind: str, listed: list[str] = (),
                  committed=lambda: ()) -> Finding:
    """A reference to an item not in the catalogue: deleted (named, with what
    replaced it) or unknown (a close key suggested with its name; item_refs;
    none of ``listed``, the list's own keys; first what ``committed()``, the
    list at the last commit, held and no longer does)."""
    removed, unknown = {"bundle": ("bundle_removed_item", "bundle_unknown_item")}[kind]  # hours: checks/mistakes/hours_items.py
    state = item_refs.former(cat, key)
    if state is not None:
        return Finding(path, removed, item_refs.removed_values(key, state, cat))
    return Finding(path, unknown, {"code": key, "suggestion": item_refs.suggestion(key, cat, listed=tuple(listed),
                                                                                    committed=committed())})


def _check_hours(path: tuple, hours) -> Iterator[Finding]:
    """Opening hours (model.OpeningHours): open and close differ (a close
    earlier than open runs past midnight); a season has both of its days,
    and each exists (02-29 does, in leap years)."""
    if hours.open == hours.close:
        yield Finding(path + ("close",), "hours_order", {"open": hours.open, "close": hours.close})
    elif hours_told(hours.open, hours.close):  # clerk trial 4 (#44): close "01:30" for 11:30
        day = 24 * 60 - _span(hours.open, hours.close)  # open and close swapped: a day's opening hours (trial 5, 18B)
        swap = say("hours_swapped", open=hours.close, close=hours.open)[0] \
            if 4 * 60 <= day <= 14 * 60 and hours.open >= "12:00" and hours.close >= "06:00" else ""  # not 08:30-01:30
        swap = swap or time_meant.afternoon_close(hours.open, hours.close)  # 09:00-03:00: 15:00 (clerk trial 15, #26)
        yield Finding(path + ("close",), "hours_past_midnight", {
            "open": hours.open, "close": hours.close, "hours": f"{_span(hours.open, hours.close) / 60:g}",
            "swap": swap}, "warning")
    if (hours.from_date is None) != (hours.to_date is None):
        given = "from_date" if hours.from_date else "to_date"
        yield Finding(path + (given,), "hours_season_half", {"given": given,
                                                             "missing": "to_date" if hours.from_date else "from_date"})
    for key in ("from_date", "to_date"):
        value = getattr(hours, key)
        if value and not _day_exists(value):
            month, day = (int(x) for x in value.split("-"))
            yield Finding(path + (key,), "hours_no_such_day", {"value": value, "month": month, "day": day})


def hours_told(open_: str, close: str) -> bool:
    """True when opening hours ``open_`` to ``close`` ("HH:MM") draw a
    message of ``_check_hours``: the same time, or a close earlier than the
    opening that runs more than 12 hours (clerk trial 4, #44).  Also the test
    of a suggested time (checks/mistakes/time_meant.py)."""
    return open_ == close or _span(open_, close) > 12 * 60


def _day_exists(month_day: str) -> bool:
    month, day = (int(x) for x in month_day.split("-"))
    return day <= calendar.monthrange(2024, month)[1]  # a leap year: 02-29 exists in some years


def _span(open_: str, close: str) -> int:
    """Minutes from ``open_`` past midnight to ``close`` ("HH:MM") when the
    close is earlier than the opening (on the next day), else 0 (also for
    "00:00", written for midnight, and for a time that cannot be read)."""
    try:
        start, end = (int(t[:-3]) * 60 + int(t[-2:]) for t in (open_, close))
    except (TypeError, ValueError):
        return 0
    return end + 24 * 60 - start if end < start and end != 0 else 0  # "00:00": midnight, as "24:00"
