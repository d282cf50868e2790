"""Stage 2 — the search synonyms (``content/synonyms.yaml``): words that search
can use.

The search engine (generator/outputs/search.py, theme/assets/search/engine.js)
looks for each synonym word in a query by its *compact* form (normalised, only
Han characters, Latin letters and digits kept) and, on a hit, searches for
every word of its group.  So a word is only safe when that form is what the
editor wrote and long enough to mean something.  The rules, from the
instructions at the top of the synonyms file and the README (section "Search"):

- ``synonym_word_empty``: nothing of the word is left (another script, emoji):
  "" is in every query, so the group would join every search;
- ``synonym_word_single``: one character is left ("单个汉字不要单独成为一个词"):
  found in a large share of all queries;
- ``synonym_word_unindexed``: some letters, digits or symbols are dropped
  ("Привет 驾照" would be looked for as 驾照);
- ``synonym_word_repeated``: the same word (after normalisation: full-width,
  case, spaces and punctuation do not count) twice in one group;
- ``synonym_word_in_two_groups``: a word in two groups ("一个词只出现在一组里");
  which group is meant is unknown, so it is left out of both;
- ``synonym_group_repeated``: a group whose words are all in an earlier
  group (pasted again, or added without looking): reported once at the later
  group, naming the earlier one's line; the earlier group is used;
- ``synonym_group_too_small``: fewer than two usable words left in a group
  ("每组至少两个词"; a group written with fewer is refused by the model,
  ``SynonymGroup``).

Every one is an error with the line of the offending word; the word (or the
group) is left out of the search index and everything else is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from pydantic import ValidationError

from generator.checks.model import SynonymGroup
from generator.checks.problems import ProblemsFound
from generator.checks.rules import Finding
from generator.outputs.search import MIN_SYNONYM, compact, unindexed

if TYPE_CHECKING:  # pragma: no cover
    from generator.checks.registries import Sources


def review(groups: list[tuple[int, list[str]]],
           line_of: Callable[[tuple], int]) -> tuple[list[Finding], list[list[str]]]:
    """Check the groups that passed the model.

    ``groups``: (index of the group in the file, its words); ``line_of``: the
    line of a key path ((group, word) or (group,)) in the file.  Returns the
    findings, with paths (group, word) or (group,), and the usable groups."""
    findings: list[Finding] = []
    kept: dict[int, list[tuple[str, str]]] = {}  # group -> [(word, compact form)]
    places: dict[str, list[tuple[int, int, str]]] = {}  # compact form -> first (group, word, text) per group
    written: list[tuple[int, set[str]]] = []  # (group, its words' compact forms), in file order
    for i, words in groups:
        forms = {compact(word) for word in words}
        same = next((g for g, earlier in written if all(forms) and forms <= earlier), None)
        if same is not None:  # a group written again (clerk trial 6, #42): one error, the first group kept
            findings.append(Finding((i,), "synonym_group_repeated", {"line": line_of((same,))}))
            continue
        written.append((i, forms))
        first: dict[str, int] = {}
        kept[i] = []
        for j, word in enumerate(words):
            key, lost = compact(word), unindexed(word)
            if not key:
                findings.append(Finding((i, j), "synonym_word_empty", {"word": word, "dropped": lost}))
            elif len(key) < MIN_SYNONYM:
                findings.append(Finding((i, j), "synonym_word_single", {"word": word, "kept": key}))
            elif lost:
                findings.append(Finding((i, j), "synonym_word_unindexed",
                                        {"word": word, "dropped": lost, "kept": key}))
            elif key in first:
                findings.append(Finding((i, j), "synonym_word_repeated",
                                        {"word": word, "other": words[first[key]], "line": line_of((i, first[key]))}))
            else:
                first[key] = j
                kept[i].append((word, key))
                places.setdefault(key, []).append((i, j, word))
    shared = {key for key, where in places.items() if len(where) > 1}
    for key in sorted(shared):
        where = places[key]
        for i, j, word in where:
            others = "、".join(f"第 {line_of((g, k))} 行的“{w}”" for g, k, w in where if g != i)
            findings.append(Finding((i, j), "synonym_word_in_two_groups", {"word": word, "others": others}))
    usable = []
    for i, words in groups:
        if i not in kept:
            continue  # a repeated group, reported above
        left = [word for word, key in kept[i] if key not in shared]
        if len(left) >= 2:
            usable.append(left)
        else:
            findings.append(Finding((i,), "synonym_group_too_small", {"n": len(left), "total": len(words)}))
    return findings, usable


def checked(src: Sources, path: Path, loaded: list[list[str]]) -> list[list[str]]:
    """The synonym groups search may use, from ``loaded`` (the groups of
    ``path`` that passed the model, in file order); every problem is added to
    ``src.problems`` with the file and line of the word."""
    if not loaded:
        return loaded
    display = src.display(path)
    try:
        doc = src.located(display)
    except ProblemsFound:  # already reported when the file was first read
        return []
    groups = []
    for index, data in enumerate(doc.data if isinstance(doc.data, list) else []):
        try:
            groups.append((index, SynonymGroup.model_validate(data, strict=True).root))
        except ValidationError:
            continue  # reported by the registry loader
    findings, usable = review(groups, lambda key: doc.position(key)[0])
    src.problems += [src.finding(display, finding, SynonymGroup) for finding in findings]
    return usable
