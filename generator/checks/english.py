"""The English texts of items (``en:``, checks/model_english.py): whether they
correspond to the Chinese ones, and how many items have them (issue 19).

``check_english(item)`` yields warnings, not errors: an English list that does
not match its Chinese list is not used (the English edition shows the Chinese
text, marked), and the item is published as always.  ``english_coverage``
counts, for the data-quality page, how many items have English texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from generator.checks.model import Item
from generator.checks.rules import Finding

# The English parts that translate a Chinese list by position: en key -> item key.
BY_POSITION = {"conditions": "conditions", "materials": "materials", "faq": "faq"}
PARTS = ("name", "summary", "conditions", "materials", "steps", "faq")


def _count(value) -> int:
    return len(value or ())


def check_english(item: Item) -> Iterator[Finding]:
    """Warnings ``en_count`` (an English list with another number of entries
    than the Chinese one; values ``part``, ``en``, ``zh``),
    ``en_unknown_step`` (an English step whose id is not a step of the item;
    values ``id``, ``ids``) and ``en_step_twice`` (value ``id``), at the path
    of the English part."""
    en = item.en
    if en is None:
        return
    for part, chinese in BY_POSITION.items():
        english = getattr(en, part)
        if english is not None and _count(english) != _count(getattr(item, chinese)):
            yield Finding(("en", part), "en_count", {"part": part, "en": _count(english),
                                                     "zh": _count(getattr(item, chinese))}, severity="warning")
    if en.steps:
        ids, seen = [s.id for s in item.steps or ()], set()
        for i, step in enumerate(en.steps):
            if step.id in seen:
                yield Finding(("en", "steps", i, "id"), "en_step_twice", {"id": step.id}, severity="warning")
            elif step.id not in ids:
                yield Finding(("en", "steps", i, "id"), "en_unknown_step",
                              {"id": step.id, "ids": "、".join(ids) or "—"}, severity="warning")
            seen.add(step.id)


def _steps_match(item: Item) -> bool:
    """Every English step names a step of the item, once."""
    english = [s.id for s in item.en.steps or ()]
    return len(set(english)) == len(english) and set(english) <= {s.id for s in item.steps or ()}


def usable_parts(item: Item) -> set[str]:
    """The parts of ``item.en`` the English edition can show: given, and
    (for lists) corresponding to the Chinese ones.  E.g. ``{"name", "steps"}``."""
    en = item.en
    if en is None:
        return set()
    parts = {p for p in ("name", "summary") if getattr(en, p)}
    parts |= {p for p, chinese in BY_POSITION.items()
              if getattr(en, p) is not None and _count(getattr(en, p)) == _count(getattr(item, chinese))}
    if en.steps and _steps_match(item):
        parts.add("steps")
    return parts


@dataclass
class EnglishCoverage:
    """How many items have English texts: ``items`` counted, ``with_english``
    (any usable part), ``complete`` (every part the Chinese item states, see
    :func:`complete`), ``by_part`` (part -> number of items)."""

    items: int = 0
    with_english: int = 0
    complete: int = 0
    by_part: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PARTS, 0))


def complete(item: Item) -> bool:
    """True when every part the Chinese item states has a usable English
    text, all steps included (an unstated Chinese part needs none)."""
    usable = usable_parts(item)
    stated = {"name"} | {p for p in ("summary", "conditions", "materials", "faq") if getattr(item, p)}
    if item.steps:
        stated.add("steps")
    steps_all = not item.steps or (item.en is not None and item.en.steps is not None
                                   and {s.id for s in item.steps} <= {s.id for s in item.en.steps})
    return stated <= usable and steps_all


def english_coverage(items: Iterable[Item]) -> EnglishCoverage:
    """Counts over ``items`` (e.g. the published items of a catalogue)."""
    cov = EnglishCoverage()
    for item in items:
        cov.items += 1
        parts = usable_parts(item)
        if parts:
            cov.with_english += 1
        for p in parts:
            cov.by_part[p] += 1
        cov.complete += complete(item)
    return cov
