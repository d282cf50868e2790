"""Names that contradict what they point at, which clerk trial 5
(docs/clerk-trials.md) found passing without a word:

- a life-event step pointing to an existing item that is not the one its
  name describes (8B: step 结婚登记 -> 990702002000 内地居民离婚登记; trial 4
  #46: 领取生育津贴 -> 养老保险待遇申领).  Measured rule on the demo's 40
  step-item pairs (0 warnings there): a step with one item is warned about
  when its name shares no two-character word with the item's name and
  aliases, or when another published item's name and aliases hold every
  two-character word of the step's name and the item pointed to does not.
  Steps with several items are named for the group ("水、电、气过户") and are
  not judged.  The item offered instead is one whose name and aliases hold
  every word of the step's name, else (clerk trial 18, #35: 单位参保登记 ->
  用人单位社会保险登记, alias 单位参保) the one alone holding the most of
  them, more than half.
- two published items with the same name and the same implementing body
  (17B: a copied item keeping 用水报装 and its aliases): people searching
  cannot tell them apart.  The same name under different bodies (a city's
  and a county's item) is normal and not reported, nor within one family
  of codes (the first 9 digits: a main item and its sub-items, or a shared
  basic code, which ``rules.check_catalogue`` reports).

Both are warnings (a step may be named for its purpose, not the item), at
the step's item code or at the second item's name.
"""

from __future__ import annotations

import re
from typing import Iterator

from generator.catalogue import Catalogue, Entry
from generator.checks.rules import Finding
from generator.messages import say

_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def pairs(text: str) -> set[str]:
    """The two-character words of ``text`` (punctuation and spaces left out)."""
    chars = "".join(_WORD.findall(text or ""))
    return {chars[i:i + 2] for i in range(len(chars) - 1)}


def _said(entry: Entry) -> set[str]:
    return set().union(pairs(entry.item.name), *(pairs(a) for a in entry.item.aliases or []))


def step_item(step_name: str, entry: Entry, cat: Catalogue, event_id: str = "") -> Finding | None:
    """A warning (path left to the caller: ``()``) when ``entry``, the only
    item of a step named ``step_name`` (of life event ``event_id``), is
    probably not the item meant; with the item that fits the name better,
    when one does.  An item sharing some words with the step (医学证明) is
    told only when another fits it fully, or when the life event is a topic
    (content/taxonomies.yaml) the item lacks and an item of that topic shares
    more of the step's words (clerk trial 11, #28: 居民死亡医学证明 for
    出生医学证明)."""
    words = pairs(step_name)
    if not words:
        return None
    have = words & _said(entry)
    if have == words:
        return None
    better = next((e for e in cat.entries if e is not entry and e.item.status != "cancelled"
                   and words <= _said(e)), None)
    if have and better is None and event_id in cat.terms.get("topics", {}) and event_id not in entry.item.topics:
        better = min((e for e in cat.entries if e is not entry and e.item.status != "cancelled"
                      and event_id in e.item.topics and len(words & _said(e)) > len(have)),
                     key=lambda e: (-len(words & _said(e)), e.key), default=None)
    if have and better is None:
        return None
    if better is None:  # the item holding most of the step's words, more than half (clerk trial 18, #35)
        ranked = sorted(((len(words & _said(e)), e.key, e) for e in cat.entries if e is not entry
                         and e.item.status != "cancelled"), key=lambda t: (-t[0], t[1]))
        if ranked and 2 * ranked[0][0] > len(words) and (len(ranked) == 1 or ranked[1][0] < ranked[0][0]):
            better = ranked[0][2]
    values = {"step": step_name, "code": entry.key, "name": entry.item.name,
              "better": say("choice_meant", value=f"{better.key}（{better.item.name}）")[0] if better is not None else ""}
    return Finding((), "step_item_mismatch", values, "warning")


def same_names(cat: Catalogue, held: set[str] = frozenset()) -> Iterator[tuple[Entry, Finding]]:
    """(the second item, a warning at its name) for each two published items
    with the same name and the same implementing body (or, without one, in
    the same department folder); items in ``held`` (files held back for
    their own errors) are left out: those errors come first."""
    seen: dict[tuple, Entry] = {}
    for entry in sorted(cat.entries, key=lambda e: (e.key != e.item.code, e.source)):  # a copy is told, not its original
        item = entry.item
        if item.main_item or item.status == "cancelled" or entry.source in held:
            continue
        body = item.implementing_body.name if item.implementing_body and item.implementing_body.name else entry.department
        key = ("".join(item.name.split()), "".join(body.split()))
        first = seen.setdefault(key, entry)
        if first is not entry and (item.code or "")[:9] != (first.item.code or "")[:9]:  # not a main item's family
            same = set(item.aliases or []) == set(first.item.aliases or [])
            yield entry, Finding(("name",), "item_same_name", {
                "name": item.name, "other": first.source, "aliases": say("same_name_aliases")[0] if same else ""}, "warning")
