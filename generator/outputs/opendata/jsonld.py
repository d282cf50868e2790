"""schema.org JSON-LD of an item page: a ``GovernmentService``
(https://schema.org/GovernmentService) with its provider (the department, a
``GovernmentOrganization``), ``serviceType``, ``areaServed`` (the catalogue's
region), ``audience``, and ``availableChannel``: a ``ServiceChannel`` per
office (its place, address, phone and opening hours) and the online address.

Only stated elements appear: a missing phone, hours or address is left out,
never filled.  :func:`script` returns the ``<script type="application/ld+json">``
element for the item page, with ``<``, ``>`` and ``&`` escaped so that no
text from YAML can end the script.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from generator.catalogue import Catalogue, Entry
from generator.checks.model import Office
from generator.config import Settings
from generator.messages import label
from generator.outputs.opendata.common import drop_none

DAYS = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
        "sat": "Saturday", "sun": "Sunday"}


def _hours(h) -> dict:
    """One OpeningHoursSpecification.  schema.org: a "closes" earlier than
    "opens" runs past midnight; until midnight is closes 23:59:59 (so
    00:00-24:00 is round the clock).  A season recurs every year, and
    validFrom/validThrough are dates of one year: its name and days go into
    the description instead of invented dates."""
    season = " ".join(x for x in (h.season, f"{h.from_date}/{h.to_date}" if h.from_date else None) if x)
    return drop_none({"@type": "OpeningHoursSpecification", "dayOfWeek": [DAYS[d] for d in h.days],
                      "opens": h.open, "closes": "23:59:59" if h.close == "24:00" else h.close,
                      "description": "；".join(x for x in (season, h.note) if x) or None})


def _place(office: Office, window: str | None, hours_text: str | None) -> dict:
    hours = [_hours(h) for h in office.hours or ()]
    return {"@type": "Place", "name": office.name or office.address, "address": office.address,
            "telephone": office.phone, "openingHoursSpecification": hours,
            "openingHours": office.hours_text, "description": " ".join(t for t in (window, hours_text) if t) or None}


def government_service(entry: Entry, cat: Catalogue, settings: Settings, url: str) -> dict:
    """The GovernmentService of ``entry`` as a JSON-LD dict (page address ``url``)."""
    item = entry.item
    department = cat.department.get(entry.department)
    provider = None
    if department is not None:
        provider = {"@type": "GovernmentOrganization", "name": department.name, "telephone": department.phone,
                    "url": department.url, "address": department.address, "taxID": department.credit_code}
    channels = []
    for ref in item.offices or ():
        office = cat.office.get(ref.office)
        if office is not None:
            channels.append({"@type": "ServiceChannel", "name": office.name or office.address,
                             "serviceLocation": _place(office, ref.window, ref.hours_text),
                             "servicePhone": {"@type": "ContactPoint", "telephone": office.phone}
                             if office.phone else None})
    ch = item.channels
    for address in (ch.online_url, ch.mobile_url) if ch else ():
        if address:
            channels.append({"@type": "ServiceChannel", "name": label("forms", "online"), "serviceUrl": address})
    if item.consultation and item.consultation.phone:
        channels.append({"@type": "ServiceChannel", "servicePhone": [
            {"@type": "ContactPoint", "telephone": p, "contactType": "consultation"} for p in item.consultation.phone]})
    terms = cat.terms
    service_types = [terms["service_types"][s].name for s in item.service_types or () if s in terms["service_types"]]
    if item.item_type and item.item_type in terms["item_types"]:
        service_types.insert(0, terms["item_types"][item.item_type].name)
    data = {
        "@context": "https://schema.org", "@type": "GovernmentService", "@id": url, "url": url,
        "name": item.name, "alternateName": item.aliases, "description": item.summary,
        "identifier": item.implementation_code or item.code or item.local_code,
        "serviceType": service_types,
        "provider": provider,
        "areaServed": {"@type": "AdministrativeArea", "name": settings.region},
        "audience": [{"@type": "Audience", "audienceType": terms["audiences"][a].name}
                     for a in item.audiences or () if a in terms["audiences"]],
        "availableChannel": channels,
        "category": [terms["topics"][t].name for t in item.topics if t in terms["topics"]],
    }
    return drop_none(data)


def script(data: dict) -> Markup:
    """``data`` as a JSON-LD script element, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(f'<script type="application/ld+json">{text}</script>')
