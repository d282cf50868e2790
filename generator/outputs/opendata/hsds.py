"""Open Referral HSDS 3.0 export (https://docs.openreferral.org/en/latest/):
the catalogue as the HSDS tables, one JSON array per table under
``open-data/hsds/``, each object valid against the table's schema
(``schema/<table>.json`` of HSDS 3.0; the tests check every object).

=====================  ===================================================
organizations          the departments (registry)
services               the published items
locations              the offices (physical locations)
service_at_locations   an item at an office (item ``offices``)
phones                 department, office and consultation phones
schedules              office opening hours as RRULE parts (``freq: WEEKLY``,
                       ``byday``, ``opens_at``, ``closes_at``); an item's own
                       hours text at an office as ``description``
cost_options           fee items (``option`` = name, ``amount_description``
                       = standard; no amount is parsed out of the text)
required_documents     materials (``document`` = name, ``uri`` = blank form)
=====================  ===================================================

Ids are UUID version 5 of the catalogue's address and the record's key, so
they are the same in every build.  HSDS requires a structured address
(city, postal code, …) the catalogue does not hold: the address text is the
location's ``description`` and no ``addresses`` are written.  An
organization's required ``description`` is its kind (机构类别) when stated,
else empty.  Nothing not stated is filled.
"""

from __future__ import annotations

from pathlib import Path

from generator.catalogue import Entry
from generator.messages import label, page_texts
from generator.outputs.opendata.common import Context, drop_none, dumps, write_text
from generator.outputs.situations import all_conditions

TABLES = ("organizations", "services", "locations", "service_at_locations", "phones", "schedules",
          "cost_options", "required_documents")
# Table file -> HSDS schema file (schema/<name>.json).
SCHEMAS = {"organizations": "organization", "services": "service", "locations": "location",
           "service_at_locations": "service_at_location", "phones": "phone", "schedules": "schedule",
           "cost_options": "cost_option", "required_documents": "required_document"}
STATUS = {"in_use": "active", "suspended": "temporarily closed", "cancelled": "defunct"}
BYDAY = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}


def _service(ctx: Context, entry: Entry, out: dict, texts: dict) -> None:
    """The rows of ``entry`` in ``out``; ``texts``: ``page_texts()``."""
    item, key, uid = entry.item, entry.key, ctx.uuid
    sid = uid("service", key)
    fees = None
    if item.fees is not None and not item.fees.charged:
        fees = texts["free"]
    out["services"].append(drop_none({
        "id": sid,
        "organization_id": uid("organization", entry.department) if entry.department in ctx.cat.department else None,
        "name": item.name, "alternate_name": "、".join(item.aliases) or None, "description": item.summary,
        "url": ctx.item_url(entry) if ctx.site_url else None,
        "email": item.consultation.email if item.consultation else None,
        "status": STATUS[item.status],
        "application_process": " → ".join(s.name for s in item.steps) if item.steps else None,
        "fees_description": fees,
        "eligibility_description": "\n".join(all_conditions(item)) or None,
        "assured_date": item.reviewed.isoformat() if item.reviewed else None,
        "alert": label("status", item.status) if item.status != "in_use" else None,
    }))
    for n, phone in enumerate(item.consultation.phone if item.consultation else (), start=1):
        out["phones"].append({"id": uid("phone", f"{key}/consultation/{n}"), "service_id": sid, "number": phone,
                              "description": texts["notice_phone"].rstrip("：:")})
    for n, fee in enumerate(item.fees.items if item.fees else (), start=1):
        out["cost_options"].append(drop_none({"id": uid("cost", f"{key}/{n}"), "service_id": sid, "option": fee.name,
                                              "amount_description": fee.standard}))
    for n, material in enumerate(item.materials or (), start=1):
        out["required_documents"].append(drop_none({"id": uid("document", f"{key}/{n}"), "service_id": sid,
                                                    "document": material.name, "uri": material.blank_form}))
    for ref in item.offices or ():
        if ref.office not in ctx.cat.office:
            continue
        sal = uid("service_at_location", f"{key}/{ref.office}")
        out["service_at_locations"].append(drop_none({
            "id": sal, "service_id": sid, "location_id": uid("location", ref.office),
            "description": " ".join(t for t in (ref.window, ref.note) if t) or None}))
        if ref.hours_text:
            out["schedules"].append({"id": uid("schedule", f"{key}/{ref.office}"), "service_at_location_id": sal,
                                     "description": ref.hours_text})


def tables(ctx: Context) -> dict[str, list[dict]]:
    """Table name -> its objects, in a stable order."""
    out: dict[str, list[dict]] = {name: [] for name in TABLES}
    uid = ctx.uuid
    for d in ctx.cat.departments:
        oid = uid("organization", d.id)
        out["organizations"].append(drop_none({
            "id": oid, "name": d.name, "description": label("kind", d.kind) if d.kind else "",
            "website": d.url, "tax_id": d.credit_code}))
        if d.phone:
            out["phones"].append({"id": uid("phone", f"organization/{d.id}"), "organization_id": oid, "number": d.phone})
    for o in ctx.cat.offices:
        lid = uid("location", o.id)
        out["locations"].append(drop_none({"id": lid, "location_type": "physical", "name": o.name or o.address,
                                           "description": o.address, "transportation": o.transport}))
        if o.phone:
            out["phones"].append({"id": uid("phone", f"location/{o.id}"), "location_id": lid, "number": o.phone})
        for n, h in enumerate(o.hours or (), start=1):
            out["schedules"].append(drop_none({
                "id": uid("schedule", f"location/{o.id}/{n}"), "location_id": lid, "freq": "WEEKLY",
                "byday": ",".join(BYDAY[d] for d in h.days), "opens_at": h.open, "closes_at": closes_at(h.close),
                "description": schedule_text(h)}))
        if o.hours_text:
            out["schedules"].append({"id": uid("schedule", f"location/{o.id}/text"), "location_id": lid,
                                     "description": o.hours_text})
    texts = page_texts()  # a new dict at each call
    for entry in ctx.cat.entries:
        _service(ctx, entry, out, texts)
    return out


def closes_at(close: str) -> str:
    """A closing time as an RFC 3339 partial time: "24:00" (until midnight)
    is 23:59:59, HH:MM otherwise.  A closing time earlier than the opening
    time runs past midnight (HSDS leaves that reading to the time order)."""
    return "23:59:59" if close == "24:00" else close


def schedule_text(h) -> str | None:
    """The schedule's description: its note, season, past-midnight
    reading and the items it serves when not all, which RRULE parts cannot hold (a season's days recur every year,
    HSDS valid_from/valid_to are one year's dates, so they are not invented)."""
    t = page_texts()
    parts = [h.note]
    if h.season or h.from_date:
        parts.append(" ".join(x for x in (h.season, f"{h.from_date}/{h.to_date}" if h.from_date else None) if x))
    if h.close < h.open:
        parts.append(f"{h.open}–{t['hours_next_day']}{h.close}")
    if h.items:  # hours serving some items only (issue 17)
        parts.append(t["hours_items_only"].format(keys="、".join(h.items)))
    return "；".join(p for p in parts if p) or None


def write(ctx: Context, folder: Path) -> dict[str, int]:
    """``folder/<table>.json`` for each HSDS table; file name -> size in bytes."""
    return {f"{name}.json": write_text(folder / f"{name}.json", dumps(rows))
            for name, rows in tables(ctx).items()}
