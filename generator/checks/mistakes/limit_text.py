"""The time limit offered for one written as text (``promised: 1天``), from
what the item itself says.

Clerk trial 18, #2: ``promised: 1天`` on an instant item (智能秒办,
``handling_type: immediate``, last commit ``{unit: immediate}``) was told
"写成 promised: {value: 1, unit: working_days}", and following it gave the
next run's "标为智能秒办，但承诺时限不是即办".  The example is now read from
the item: a promised limit of an item marked instant or immediate (即办件),
or whose last commit was 即办, is ``{unit: immediate}``; a limit whose last
commit had the same number keeps the committed unit; else the text's own
number and unit words (locale labels ``immediate_words``, ``calendar_words``).
"""

from __future__ import annotations

import re

from generator.checks.mistakes import text_numbers
from generator.messages import labels

_IMMEDIATE = "{unit: immediate}"


def told(value, loc: tuple, doc) -> dict:
    """Message values for ``value`` (a text or a number) found at key path
    ``loc`` of ``doc`` (sources/load.Document, None: no item context):
    ``example``, the limit in YAML flow form ("{value: 5, unit: working_days}"
    or "{unit: immediate}"), and ``why``, the reason it was chosen (locale
    labels ``limit_why``; "" when read from the text alone)."""
    text = str(value)
    if any(w in text for w in labels("immediate_words").values()):
        return {"example": _IMMEDIATE, "why": ""}
    why = labels("limit_why")
    data = getattr(doc, "data", None)
    if loc[-1:] == ("promised",) and isinstance(data, dict):
        facilitation = data.get("facilitation")
        if isinstance(facilitation, dict) and facilitation.get("instant") is True:
            return {"example": _IMMEDIATE, "why": why["instant"]}
        if data.get("handling_type") == "immediate":
            return {"example": _IMMEDIATE, "why": why["handling_type"]}
    number = re.search(r"[0-9]+", text)
    was = text_numbers.committed(loc, doc) if doc is not None else None
    if isinstance(was, dict) and was.get("unit") == "immediate" and loc[-1:] == ("promised",):
        return {"example": _IMMEDIATE, "why": why["committed"]}
    if isinstance(was, dict) and was.get("unit") in ("working_days", "calendar_days") and number \
            and str(was.get("value")) == number.group(0):
        return {"example": f"{{value: {number.group(0)}, unit: {was['unit']}}}", "why": why["committed"]}
    unit = "calendar_days" if any(w in text for w in labels("calendar_words").values()) else "working_days"
    return {"example": f"{{value: {number.group(0) if number else 5}, unit: {unit}}}", "why": ""}
