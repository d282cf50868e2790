"""List entries holding several values typed with a Chinese comma
(``[application，rescue]``, ``- [住房公积金，公积金]``): YAML separates
entries only at the English comma, so the values are read as one.

The loader warns of such an entry (``sources/mistakes.chinese_commas``,
when the entry may be one value).  When the model refuses the entry, the
error (``schema_errors.translate``: ``chinese_comma_entry``,
``chinese_comma_group``) says the comma and its fix, and the warning is
dropped (``without_comma_warnings``; clerk trial 6, #22 and #42: an error
and a warning contradicting it).
"""

from __future__ import annotations

import difflib

from generator.checks.mistakes import id_names
from generator.checks.problems import Problem
from generator.messages import say
from generator.sources.load import Document
from generator.sources.mistakes.text import SHORT_ENTRY, _CHINESE_COMMA


def comma_parts(value) -> tuple[str, list[str]] | None:
    """(the Chinese comma, the parts) of a list entry holding short names
    or codes separated by "，" or "、" (as ``mistakes.chinese_commas`` warns
    of), or None."""
    if not isinstance(value, str) or not (comma := _CHINESE_COMMA.search(value)):
        return None
    parts = [part.strip() for part in _CHINESE_COMMA.split(value)]
    return (comma.group(), parts) if all(0 < len(part) <= SHORT_ENTRY for part in parts) else None


def same_entry(words: list[str], loc: tuple, doc: Document) -> int:
    """The line of another entry of the list holding ``loc`` (a list of
    lists: content/synonyms.yaml) that has every one of ``words``, or 0."""
    entries = doc.data
    for part in loc[:-1]:
        entries = entries[part] if isinstance(entries, (list, dict)) else None
    wanted = {w.casefold() for w in words}
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if index != loc[-1] and isinstance(entry, list) and wanted <= {str(w).strip().casefold() for w in entry}:
            return doc.position(loc[:-1] + (index,))[0]
    return 0


def without_comma_warnings(problems: list[Problem], doc: Document, found: list[Problem]) -> list[Problem]:
    """``problems`` without the loader's Chinese-comma warnings on the values
    of ``doc`` that ``found`` (its schema errors) refuse: the error says the
    comma and its fix (``comma_parts``; clerk trial 6, #22: an
    error and a warning contradicting it)."""
    from generator.checks.schema_errors import key_path  # that module uses this one
    refused = {p.key for p in found if p.is_error}
    told = {(p.line, p.column) for p, where in zip(doc.problems, doc.problem_paths)
            if not p.is_error and {key_path(where), key_path(where[:-1])} & refused
            and comma_parts(id_names.value_at(doc.data, where))}
    if not told:
        return problems
    return [p for p in problems if not (p.file == doc.display and not p.is_error and (p.line, p.column) in told)]


def comma_entry(value: str, parts: tuple[str, list[str]], choices: dict[str, list[str]] | None) -> dict:
    """The values of ``chinese_comma_entry`` for ``value`` split at the
    Chinese comma (``comma_parts``), each part checked against ``choices``
    (id -> Chinese names, ``id_names.choices_at``; None: not a reference).
    A part that is no valid id is replaced in ``meant`` by the id it is one
    slip from, by the id whose Chinese name it is (``id_names.meant_id``:
    ``[首次申领，换领]``, clerk trial 15), or by the only valid id not
    written yet, and ``unknown`` says
    so; otherwise ``unknown`` lists the valid ids, closest first (clerk trial
    12, #27: ``individual，enterprise`` was told to be written
    ``individual, enterprise`` and the next run refused ``enterprise``)."""
    comma, words = parts
    meant, unknown = list(words), []
    for index, word in enumerate(words):
        if choices is None or word in choices:
            continue
        unused = [c for c in choices if c not in words and c not in meant]
        named = id_names.meant_id(word, {c: choices[c] for c in unused}) if not word.isascii() else None
        close = [named[0]] if named else \
            difflib.get_close_matches(word, unused, n=1, cutoff=0.6) or (unused if len(unused) == 1 else [])
        if close:
            meant[index] = close[0]
            unknown.append(say("comma_entry_replaced", part=word, id=close[0],
                               name=(choices[close[0]] or [close[0]])[0])[0])
        else:
            unknown.append(say("comma_entry_unknown", part=word,
                               allowed=id_names.listed(id_names.ranked(word, choices)))[0])
    return {"value": value, "comma": comma, "meant": ", ".join(meant), "unknown": "".join(unknown)}
