"""Where an item is handled, when it names no office (clerk trial 16, #40).

An item handled only at an office (``channels.forms`` without ``online`` or
``mail``) and naming no office under ``offices:`` leaves a resident with
nowhere to go: a warning at its ``channels`` line (``window_only``), not
only a gap.  Its hint, and the hint of an ``offices`` gap
(``checks/gap_lines.py``), offer the real choices: the committed
``offices:`` block when the last commit had one (``lost_lines`` gives it
back, ``OMITTING``), otherwise the office ids with their names from
content/offices.yaml (``choices``): the field's title 办理地点 written as a
placeholder was taken as "write the name", a new error.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from generator.catalogue import Catalogue, Entry
from generator.checks.model import Item
from generator.checks.rules import Finding
from generator.messages import label

# Forms of handling (model Channels.forms) that need no office.
_REMOTE = frozenset({"online", "mail"})
_SHOWN = 8  # office ids offered at most


def window_only(cat: Catalogue) -> Iterator[tuple[Entry, Finding]]:
    """(entry, warning ``window_without_office`` at ``channels``) for each
    item in use handled only at an office that names none."""
    offered: dict[str, str] = {}  # department -> its choices
    for entry in cat.entries:
        item = entry.item
        channels = item.channels
        if item.offices or channels is None or _REMOTE & set(channels.forms) or item.status != "in_use":
            continue
        if entry.department not in offered:
            offered[entry.department] = choices(cat, entry)
        forms = "、".join(label("forms", f) for f in channels.forms)
        yield entry, Finding(("channels",), "window_without_office",
                             {"forms": forms, "choices": offered[entry.department]}, severity="warning",
                             element=Item.model_fields["offices"].title)  # what is missing: 办理地点


def choices(cat: Catalogue, entry: Entry | None = None) -> str:
    """The office ids with their names ("funeral-home-hall（示范市殡仪馆业务大厅）、…"),
    those the other items of ``entry``'s department use first (most used
    first), then the registry's order; at most ``_SHOWN``, "等 N 个" after."""
    used = Counter(ref.office for other in cat.entries if entry is not None and other.department == entry.department
                   for ref in other.item.offices or [])
    order = {office: n for n, office in enumerate(cat.office)}
    ids = sorted(cat.office, key=lambda i: (-used[i], order[i]))
    shown = "、".join(f"{i}（{cat.office[i].name or cat.office[i].address}）" for i in ids[:_SHOWN])
    return shown + (f" 等 {len(ids)} 个" if len(ids) > _SHOWN else "")
