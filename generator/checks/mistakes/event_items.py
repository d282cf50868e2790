"""The items of a life event's step against the step and the life event
(clerk trial 10, two silent passes):

- #35: the same item written twice in one step (``items: [A, B, A]``); the
  guide showed it twice.  One error at the second, to delete it.
- #46: a life event for businesses (``audience: business``) listing
  低压居民用电新装, whose ``audiences`` are only ``[individual]``.  A
  warning at the item naming its audiences, and an item of the same
  department that serves the life event's audience, with a name sharing a
  two-character word, when there is one.  Items stating no ``audiences``
  are not judged (unknown is not a mismatch); the audiences and their names
  are the catalogue's own (content/taxonomies.yaml).

``rules_registries.check_life_event`` runs these with the other checks of
a life event's items.
"""

from __future__ import annotations

import difflib

from generator.catalogue import Catalogue, Entry
from generator.checks.mistakes.item_refs import named
from generator.checks.mistakes.names import pairs
from generator.checks.rules import Finding
from generator.messages import say


def twice(path: tuple, key: str, index: int, earlier: list[str], cat: Catalogue) -> Finding | None:
    """An error at ``path`` (the ``index``-th, 0-based, of a step's items)
    when ``key`` is already among the step's ``earlier`` items, else None."""
    if key not in earlier:
        return None
    return Finding(path, "bundle_item_twice", {"code": key, "item": named(key, cat),
                                               "first": earlier.index(key) + 1, "index": index + 1})


def _term(cat: Catalogue, term_id: str) -> str:
    term = cat.terms["audiences"].get(term_id)
    return f"{term.name}（{term_id}）" if term is not None and term.name else term_id


def audience(path: tuple, audience_id: str, entry: Entry, step_items: list[str], cat: Catalogue) -> Finding | None:
    """A warning at ``path`` when the item of ``entry`` states ``audiences``
    and none is the life event's ``audience_id`` (an id of
    content/taxonomies.yaml, not checked here); ``step_items``: the step's
    items, never suggested again."""
    served = entry.item.audiences or []
    if not served or audience_id in served or audience_id not in cat.terms["audiences"]:
        return None
    words = pairs(entry.item.name)
    fits = [e for e in cat.entries if e.department == entry.department and e.key not in step_items
            and audience_id in (e.item.audiences or []) and e.item.status != "cancelled"
            and words & pairs(e.item.name)]
    fits.sort(key=lambda e: (-difflib.SequenceMatcher(None, entry.item.name or "", e.item.name or "").ratio(), e.key))
    return Finding(path, "bundle_item_audience", {
        "code": entry.key, "name": entry.item.name or "—", "audience": _term(cat, audience_id),
        "audiences": "、".join(_term(cat, a) for a in served), "audience_id": audience_id,
        "better": say("bundle_item_audience_better", item=named(fits[0].key, cat), audience=_term(cat, audience_id))[0]
        if fits else ""}, "warning")
