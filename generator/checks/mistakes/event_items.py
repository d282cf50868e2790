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

``listing`` finds where life events list an item (file, line, the step):
a published item file deleted without being retired first is told the
exact lines to edit (clerk trial 14, #17: "从一件事的步骤中删去它" did not
say which life event, although school-entry.yaml listed it at line 20).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from generator.catalogue import Catalogue, Entry
from generator.checks.mistakes.item_refs import named
from generator.checks.mistakes.names import pairs
from generator.checks.problems import ProblemsFound
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


@dataclass(frozen=True)
class Listed:
    """Where a life event lists an item."""
    file: str  # the life-event file, as problems name it
    line: int  # 1-based line of the item's code
    step: str  # the step's name
    others: int  # how many other items the step lists
    either: bool  # the step says ``mode: or`` (one of its items)


def listing(src, folder: Path) -> Callable[[str], list[Listed]]:
    """A function giving, for an item key, every place the life-event files
    of ``folder`` (content/life-events) list it, in file and line order.
    ``src``: the check's ``registries.Sources`` (files read with positions,
    once).  Read only when called; a file that cannot be read is left out
    (its own problems are told)."""
    def find(key: str) -> list[Listed]:
        found = []
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            try:
                doc = src.located(src.display(path))
            except (ProblemsFound, OSError):
                continue
            steps = doc.data.get("steps") if isinstance(doc.data, dict) else None
            for i, step in enumerate(steps if isinstance(steps, list) else []):
                items = step.get("items") if isinstance(step, dict) else None
                codes = [str(code).strip() for code in items] if isinstance(items, list) else []
                for j, code in enumerate(codes):
                    if code == key:
                        found.append(Listed(doc.display, doc.position(("steps", i, "items", j))[0],
                                            str(step.get("name") or ""), sum(c != key for c in codes),
                                            step.get("mode") == "or"))
        return found
    return find
