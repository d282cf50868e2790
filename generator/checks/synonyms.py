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
  ``SynonymGroup``); when one word's own error is the whole cause, that
  word's message (``…_whole``) says it instead (clerk trial 12, #42);
- ``synonym_words_in_old_group`` (``_whole``): with git, a word of a group
  written or changed since the last commit that an unchanged group already
  had (clerk trial 9, #37: the old group was reported three times and the
  new one twice more).  One error at the changed group naming the old
  group's line; the old group keeps the word and is used as before; the
  changed group's "too small" follows from it and is said in the same message.

Every one is an error with the line of the offending word; the word (or the
group) is left out of the search index and everything else is used.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from pydantic import ValidationError

from generator.checks.model import SynonymGroup
from generator.checks.problems import ProblemsFound
from generator.checks.rules import Finding
from generator.outputs.search import MIN_SYNONYM, compact, unindexed

# A word's own error that, as the one word a group loses, also says the group is unused (``…_whole``).
_ONE_WORD = {"synonym_word_empty": "synonym_word_empty_whole", "synonym_word_single": "synonym_word_single_whole",
             "synonym_word_unindexed": "synonym_word_unindexed_whole",
             "synonym_word_repeated": "synonym_word_repeated_whole"}

if TYPE_CHECKING:  # pragma: no cover
    from generator.checks.registries import Sources


def _unchanged(groups: list[tuple[int, list[str]]], committed: Callable[[], list] | None) -> set[int]:
    """Indexes of the groups whose words (compact forms) were a group of the
    committed file (``committed()``: its list as read; [] without git)."""
    forms = {i: frozenset(compact(w) for w in words) for i, words in groups}
    seen: dict[str, int] = {}
    if committed is None or not any(seen.setdefault(f, i) != i for i, fs in forms.items() for f in fs):
        return set()  # no word in two groups: nothing to compare (no git call)
    before = [frozenset(compact(str(w)) for w in g) for g in committed() if isinstance(g, list)]
    # Matched in order: a group pasted again is not "unchanged" because the commit had its twin.
    blocks = difflib.SequenceMatcher(None, before, [forms[i] for i, _ in groups], autojunk=False).get_matching_blocks()
    return {groups[j][0] for b in blocks for j in range(b.b, b.b + b.size)}


def review(groups: list[tuple[int, list[str]]], line_of: Callable[[tuple], int],
           committed: Callable[[], list] | None = None) -> tuple[list[Finding], list[list[str]]]:
    """Check the groups that passed the model.

    ``groups``: (index of the group in the file, its words); ``line_of``: the
    line of a key path ((group, word) or (group,)) in the file; ``committed``:
    the committed file's list (read only when two groups share a word).
    Returns the findings, with paths (group, word) or (group,), and the
    usable groups."""
    findings: list[Finding] = []
    kept: dict[int, list[tuple[str, str]]] = {}  # group -> [(word, compact form)]
    places: dict[str, list[tuple[int, int, str]]] = {}  # compact form -> first (group, word, text) per group
    written: list[tuple[int, set[str]]] = []  # (group, its words' compact forms), unchanged groups first
    unchanged = _unchanged(groups, committed)
    for i, words in sorted(groups, key=lambda g: g[0] not in unchanged):  # a repeat is told at the changed one
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
    old: dict[int, list[tuple[int, str, int]]] = {}  # changed group -> [(word index, text, the unchanged group keeping it)]
    for key in sorted(shared):
        where = places[key]
        first = [p for p in where if p[0] in unchanged]
        if len(first) == 1:  # one unchanged group had it: it keeps it (clerk trial 9, #37)
            shared.discard(key)
            for i, j, word in where:
                if i != first[0][0]:
                    old.setdefault(i, []).append((j, word, first[0][0]))
            continue
        for i, j, word in where:
            others = "、".join(f"第 {line_of((g, k))} 行的“{w}”" for g, k, w in where if g != i)
            findings.append(Finding((i, j), "synonym_word_in_two_groups", {"word": word, "others": others}))
    usable = []
    for i, words in groups:
        if i not in kept:
            continue  # a repeated group, reported above
        moved = {compact(word) for _, word, _ in old.get(i, [])}
        left = [word for word, key in kept[i] if key not in shared and key not in moved]
        if i in old:
            findings.append(_in_old_group(i, old[i], left, line_of))
        if len(left) >= 2:
            usable.append(left)
        elif i not in old and len(own := [n for n, f in enumerate(findings) if f.path[:1] == (i,)
                                          and f.key in _ONE_WORD]) == 1 and len(left) + 1 == len(words):
            # one word lost explains the whole group (clerk trial 12, #42): said once, in that word's message
            said = findings[own[0]]
            findings[own[0]] = Finding(said.path, _ONE_WORD[said.key], said.values)
        elif i not in old:
            findings.append(Finding((i,), "synonym_group_too_small", {"n": len(left), "total": len(words)}))
    return findings, usable


def _in_old_group(i: int, found: list[tuple[int, str, int]], left: list[str], line_of) -> Finding:
    """The one error at changed group ``i`` for its words ``found`` ((word
    index, text, unchanged group that has it)); ``left``: its usable words."""
    by_line: dict[int, list[str]] = {}
    for _, word, g in sorted(found):
        by_line.setdefault(line_of((g,)), []).append(f"“{word}”")
    lines = sorted(by_line)
    values = {"found": "，".join(f"第 {n} 行的一组上次提交时已有{''.join(w)}" for n, w in by_line.items()),
              "words": "".join(w for n in lines for w in by_line[n]), "lines": "第 " + "、".join(map(str, lines)) + " 行",
              "line": lines[0]}
    if len(left) >= 2:
        return Finding((i, min(found)[0]), "synonym_words_in_old_group", values)
    return Finding((i,), "synonym_words_in_old_group_whole", values)


def checked(src: Sources, path: Path, loaded: list[list[str]],
            committed: Callable[[str], list] | None = None) -> list[list[str]]:
    """The synonym groups search may use, from ``loaded`` (the groups of
    ``path`` that passed the model, in file order); every problem is added to
    ``src.problems`` with the file and line of the word.  ``committed``: the
    list of a file (shown) as last committed ([] when unknown)."""
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
    findings, usable = review(groups, lambda key: doc.position(key)[0],
                              (lambda: committed(display)) if committed is not None else None)
    src.problems += [src.finding(display, finding, SynonymGroup) for finding in findings]
    return usable
