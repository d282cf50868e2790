"""Candidate aliases for departments to accept: ``python -m generator
suggest-aliases [--out FILE]``.

Search finds an item by the words of its name and aliases first.  The words
citizens use are often elsewhere: in the questions of the item's FAQ (which
are written the way people ask) and among the thesaurus' synonyms of the
name's words and of the halves of its compound words (search_thesaurus).
This report lists, per department and item, such words that are not yet in
the item's name or aliases, so that an editor can copy the right ones into
``aliases:`` (or move them to ``accept`` in the review file written beside
it and run ``accept-aliases``).  Nothing is added to any item by this
command: a word becomes an alias only when a person accepts it.

A FAQ word is a candidate when it has two or more characters, is not a
filler word (locale ``search.filler``) and occurs in the questions of at most
``MAX_SHARE`` of the items that have questions (words such as 办理 or 需要
are in every FAQ and say nothing about one item).  A word of everyday
Chinese (``search_thesaurus.general_weight`` below ``SPECIFIC``: 时候, 不能,
组织, 中心) is no candidate from either source: it names nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.catalogue import Catalogue, Entry
from generator.messages import search_texts
from generator.outputs import search_thesaurus
from generator.outputs.search_text import compact

MAX_SHARE = 0.1  # a FAQ word in the questions of more items than this is generic
MAX_PER_ITEM = 8  # candidates listed per item and source
SPECIFIC = 0.9  # general_weight of a word specific enough to name an item


@dataclass(frozen=True)
class Candidate:
    word: str
    source: str  # "faq" or "thesaurus"
    example: str  # the question or name word it came from


def faq_words(entry: Entry) -> dict[str, str]:
    """Word -> the first question it occurs in, for an item's FAQ."""
    found: dict[str, str] = {}
    for faq in entry.item.faq:
        for word in search_thesaurus.words(faq.question):
            found.setdefault(word, faq.question)
    return found


def candidates(cat: Catalogue) -> dict[str, list[Candidate]]:
    """Item key -> candidate aliases, FAQ words first, for items in use."""
    filler = {compact(w) for w in search_texts().get("filler", [])}
    live = cat.in_use()
    per_item = {e.key: faq_words(e) for e in live}
    asking = sum(1 for words in per_item.values() if words)
    spread = Counter(word for words in per_item.values() for word in words)
    common = search_thesaurus.common_words([[e.item.name, *e.item.aliases] for e in live])
    found: dict[str, list[Candidate]] = {}
    for entry in live:
        item = entry.item
        known = compact(item.name + "".join(item.aliases))
        listed: list[Candidate] = []
        for word, question in per_item[entry.key].items():
            if (len(word) >= 2 and word not in filler and word not in known
                    and spread[word] <= max(1, MAX_SHARE * asking)
                    and search_thesaurus.general_weight(word) >= SPECIFIC):
                listed.append(Candidate(word, "faq", question))
        listed = listed[:MAX_PER_ITEM]
        own = [item.name, *item.aliases]
        thesaurus = [w for w in search_thesaurus.expand(own, common) + search_thesaurus.expand_parts(own, common)
                     if w not in known and search_thesaurus.general_weight(w) >= SPECIFIC]
        listed += [Candidate(w, "thesaurus", item.name) for w in thesaurus[:MAX_PER_ITEM]]
        if listed:
            found[entry.key] = listed
    return found


def report(cat: Catalogue) -> str:
    """The report as Markdown: one section per department, one row per item."""
    t = search_texts()["alias_report"]
    found = candidates(cat)
    lines = [f"# {t['title']}", "", t["intro"], ""]
    names = {d.id: d.name for d in cat.departments}
    for department in sorted({e.department for e in cat.in_use() if e.key in found}):
        lines += [f"## {names.get(department, department)}", "",
                  f"| {t['item']} | {t['from_faq']} | {t['from_thesaurus']} |", "|---|---|---|"]
        for entry in cat.in_use():
            if entry.department != department or entry.key not in found:
                continue
            listed = found[entry.key]
            faq = "、".join(c.word for c in listed if c.source == "faq")
            thesaurus = "、".join(c.word for c in listed if c.source == "thesaurus")
            lines.append(f"| {entry.item.name}（{entry.source}） | {faq} | {thesaurus} |")
        lines.append("")
    if not found:
        lines.append(t["none"])
    return "\n".join(lines) + "\n"


def write_report(cat: Catalogue, path: Path, review: Path | None = None) -> int:
    """Write the report to ``path`` and, when given, the review file a
    department fills in for ``accept-aliases`` to ``review``
    (generator/sources/alias_review.py); returns the number of items listed."""
    from generator.sources.alias_review import review_text

    found = candidates(cat)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report(cat), encoding="utf-8")
    if review is not None:
        review.parent.mkdir(parents=True, exist_ok=True)
        review.write_text(review_text([(e.source, e.item.name, [c.word for c in found[e.key]])
                                       for e in cat.in_use() if e.key in found]), encoding="utf-8")
    return len(found)
