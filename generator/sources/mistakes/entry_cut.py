"""A syntax error inside a life event's steps (clerk trial 10, #8): only the
steps around it are left out, not the whole ``steps:``, so the items of the
other steps are still checked in the same run (``broken.cut`` with
``entries``).  The entries left out are named like "steps[1]" in
``Document.cut``; each keeps its place as an empty entry, so the others keep
their index and line.
"""

from __future__ import annotations

import re

from generator.sources.mistakes.text import _indent

_DASH = re.compile(r"[ ]*-(?: |$)")
_OPENS_LIST = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):[ ]*(?:#.*)?\r?$")


def entries_cut(lines: list[str], start: int, end: int, first: int, last: int) -> tuple | None:
    """(index of the first line to leave out, index after the last, the
    entries' column, their names "key[i]") for the entries of the block list
    of the top-level key on ``lines[start]`` holding lines ``first`` to
    ``last`` (1-based), or None when the error is not inside its entries."""
    head = _OPENS_LIST.match(lines[start])
    body = [i for i in range(start + 1, end) if lines[i].strip() and not lines[i].lstrip().startswith("#")]
    if not head or not body or not _DASH.match(lines[body[0]]) or first - 1 <= start or last - 1 >= end:
        return None
    column = _indent(lines[body[0]])
    starts = [i for i in body if _indent(lines[i]) == column and _DASH.match(lines[i])]
    at = max((s for s in starts if s <= first - 1), default=None)
    if at is None:
        return None
    after = min((s for s in starts if s > last - 1), default=end)
    return at, after, column, [f"{head.group(1)}[{n}]" for n, s in enumerate(starts) if at <= s < after]


def cut_paths(cut: list[str], model) -> set[tuple]:
    """The key paths ``cut`` (``Document.cut``) leaves out of a file of
    ``model``: its top-level keys, and the list entries "steps[1]" as ("steps", 1)."""
    fields = getattr(model, "model_fields", {})
    return {(k,) for k in cut if k in fields} | {(m.group(1), int(m.group(2))) for k in cut
                                                  if (m := re.fullmatch(r"(\w+)\[(\d+)\]", k))}


def cut_covers(cut: list[str], key: str) -> bool:
    """True when the element at ``key`` ("steps[1].items[0]") is in, or may
    be explained by, what ``cut`` (``Document.cut``) left out."""
    return re.split(r"[.\[]", key, maxsplit=1)[0] in cut or any(
        key == c or key.startswith((c + ".", c + "[")) for c in cut if "[" in c)
