"""The ``items`` of an office's opening hours (content/offices.yaml): the
only items served in those hours.  Clerk trial 13 (docs/clerk-trials.md,
#12, worst #3): an unknown code was offered codes already in the same list
(taking one left a duplicate, accepted silently) and "删去 items", which
opens those hours to every item although the list had other valid codes.
So:

- a code written twice in one list is a warning at its second place;
- an unknown code is offered only close codes not yet in the list
  (``item_refs.close_keys``); when every close code is already there, it is
  a near-duplicate of one of them: "多写的，删去这一个编号";
- "删去 items" (serve every item) is offered only when no other code of the
  list names a catalogue item;
- a cancelled or suspended item still listed is a warning at its code
  (``retired_item``, also for a life event's step; clerk trial 16);
- clerk trial 18, #11: an unknown code is offered first the items whose
  ``offices`` include this office (those the hours' note names first), then
  close codes; an item listed whose ``offices`` do not include the office is
  a warning at its code (taking a close code of another office's item
  passed silently).
"""

from __future__ import annotations

import difflib
from typing import Iterator

from generator.catalogue import Catalogue
from generator.checks.mistakes import item_refs
from generator.checks.rules import Finding
from generator.messages import say


# (where it is listed, its status) -> the message.
_RETIRED = {("bundle", "cancelled"): "bundle_cancelled_item", ("bundle", "suspended"): "bundle_suspended_item",
            ("hours", "cancelled"): "hours_cancelled_item", ("hours", "suspended"): "hours_suspended_item"}


def hours_items(path: tuple, items: list[str], cat: Catalogue, office: str | None = None,
                note: str | None = None) -> Iterator[Finding]:
    """Findings for the ``items`` list of the opening hours at ``path``
    (``(office index, "hours", hours index)``) of the office ``office`` (its
    id; None: not known), whose note is ``note``: each finding's path ends
    with ``("items", index)``.  Unknown codes are errors (a code that named
    an item in the last commit is told deleted, ``item_refs.former``); a
    code written again, or naming an item not handled at the office, is a
    warning."""
    here = _served_at(office, cat)
    for i, key in enumerate(items):
        at = path + ("items", i)
        if key in items[:i]:
            yield Finding(at, "hours_item_twice", {"code": key, "item": item_refs.named(key, cat),
                                                   "first": items.index(key) + 1, "index": i + 1}, "warning")
        elif key not in cat.by_key and key not in cat.reported_elsewhere:
            yield _unknown(at, key, items[:i] + items[i + 1:], cat, here, note)
        elif key in cat.by_key and (retired := retired_item(at, key, cat, "hours")):
            yield retired  # served in hours after it was cancelled or suspended (clerk trial 16)
        elif key in cat.by_key and office and cat.by_key[key].item.offices is not None and key not in here:
            others = [k for k in here if k not in items]
            yield Finding(at, "hours_item_elsewhere", {
                "item": item_refs.named(key, cat), "office": office,
                "place": f"{office}（{cat.office[office].name}）" if office in cat.office else office,
                "here": say("hours_item_here", office=office, items="、".join(item_refs.named(k, cat) for k in others[:4]))[0]
                if others else ""}, "warning")


def _shares_words(name: str, note: str) -> bool:
    """The note holds four characters running of the name ("周六上午只办理结婚登记"
    names 内地居民结婚登记)."""
    block = difflib.SequenceMatcher(None, name, note, autojunk=False).find_longest_match(0, len(name), 0, len(note))
    return bool(name) and block.size >= min(4, len(name))


def _served_at(office: str | None, cat: Catalogue) -> list[str]:
    """Keys of the items not cancelled whose ``offices`` include ``office``, in key order."""
    if not office:
        return []
    return sorted(k for k, e in cat.by_key.items() if e.item.status != "cancelled"
                  and any(o.office == office for o in e.item.offices or []))


def retired_item(path: tuple, key: str, cat: Catalogue, kind: str) -> Finding | None:
    """A warning at ``path`` when the item ``key`` lists (in an office's
    hours, ``kind`` "hours"; a life event's step, "bundle") is cancelled
    or suspended: people are sent to an item they cannot apply for (clerk
    trial 4, #28; trial 16: the hours kept a cancelled item)."""
    item = cat.by_key[key].item
    if item.status not in ("cancelled", "suspended"):
        return None
    values = item_refs.removed_values(key, {"name": item.name, "replaced_by": item.replaced_by}, cat)
    return Finding(path, _RETIRED[kind, item.status], values, "warning")


def _unknown(path: tuple, key: str, others: list[str], cat: Catalogue, here: list[str] = (),
             note: str | None = None) -> Finding:
    """An item code not in the catalogue, among ``others`` (the rest of its
    list); ``here``: the items handled at the office, offered first (those
    the hours' ``note`` names, then the two closest codes), then close codes
    (at most 4 in all)."""
    state = item_refs.former(cat, key)
    if state is not None:
        return Finding(path, "hours_removed_item", item_refs.removed_values(key, state, cat))
    close = item_refs.close_keys(key, cat)
    fresh = [k for k in close if k not in others]
    if close and not fresh:  # a near-duplicate of a code already listed
        near = "、".join(item_refs.named(k, cat) for k in close)
        return Finding(path, "hours_item_extra", {"code": key, "near": near, "index": path[-1] + 1,
                                                  "comma": say("list_comma_after" if path[-1] == 0 else
                                                               "list_comma_before")[0]})  # the first has none before
    served = [k for k in here if k not in others]
    in_note = [k for k in served if note and _shares_words(cat.by_key[k].item.name or "", note)]
    nearest = sorted((k for k in served if k not in in_note), key=lambda k: -difflib.SequenceMatcher(None, key, k).ratio())
    offered = list(dict.fromkeys(in_note + nearest[:2] + fresh))[:4]
    suggestion = say("choice_meant", value="、".join(item_refs.named(k, cat) for k in offered))[0] if offered else ""
    valid = any(k in cat.by_key for k in others)
    return Finding(path, "hours_unknown_item", {"code": key, "suggestion": suggestion,
                                                "all_items": "" if valid else say("hours_all_items")[0]})
