"""The line of a syntax error indented off its level, and the spaces meant
(clerk trials, W11; read by ``broken.syntax_problem``).

A key or a list entry indented to no level the lines above allow is named
with the spaces its siblings use.  A list entry ("- name: …") after the keys
of the entry above is meant at that entry's dash: the line is named with the
sibling it is to line up with (clerk trial 15, #33: ``- name:`` moved to
column 1 was told as ``materials[0]`` with a checklist, not the spaces).
"""

from __future__ import annotations

import re

from generator.sources.mistakes.text import _KEY_LINE, _content_lines, _indent, _meant_indent

# A key line ("key: value", "key:", "- key: value") and a list entry ("- …").
KEY = re.compile(r"([ ]*)(- )?([A-Za-z_][A-Za-z0-9_]*):(?: |$)")
DASH = re.compile(r"[ ]*-(?: |$)")
_WINDOW = 6  # lines above the one YAML names: a slip is noticed on the line after it at most a few lines on


def _columns(line: str, dash_line: bool) -> set[int]:
    """The columns a line's children or siblings may align with: its key's
    column, and for a list entry its dash (when the line asked about is one)."""
    match = KEY.match(line)
    found = set()
    if match:
        found.add(len(match.group(1)) + (2 if match.group(2) else 0))
    if DASH.match(line) and dash_line:
        found.add(_indent(line))
    return found


def sibling_entry(lines: list[str], number: int) -> int:
    """For a list entry on line ``number`` (1-based) below a line that
    neither opens a block nor is an entry itself (``    form: electronic``):
    the line of the entry holding that line, whose dash this one is meant
    to line up with; 0 otherwise."""
    above = [n for n in range(number - 1, 0, -1) if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")]
    if not above or not DASH.match(lines[number - 1]):
        return 0
    first = lines[above[0] - 1]
    if DASH.match(first) or _KEY_LINE.match(first):
        return 0
    return next((n for n in above[1:] if DASH.match(lines[n - 1]) and _indent(lines[n - 1]) < _indent(first)), 0)


def _allowed(lines: list[str], number: int, listed: bool) -> tuple[int, set[int]]:
    """(the spaces line ``number`` (1-based) probably means, every indentation
    it may have): the level the line above suggests, the top level, or any
    level used above it in the same top-level element (a key's column; for a
    list entry, a dash's).  A list entry at the top level only in a file
    that is a list (``listed``) or right below a top-level ``key:``."""
    meant = _meant_indent(lines, number)
    dash_line = bool(DASH.match(lines[number - 1]))  # "- key:" too: judged by its dash (clerk trial 5, 2A)
    if dash_line and (sibling := sibling_entry(lines, number)):
        meant = _indent(lines[sibling - 1])
    above_line = next(_content_lines(lines, number, -1), "")
    top = not dash_line or listed or (_indent(above_line) == 0 and bool(_KEY_LINE.match(above_line)))
    allowed = {meant, 0} if top else {meant}
    for above in _content_lines(lines, number, -1):
        if dash_line:
            allowed |= {_indent(above)} if DASH.match(above) else set()
        else:
            allowed |= _columns(above, False)
        if _indent(above) == 0:
            break
    return meant, allowed


def path_above(lines: list[str], number: int, indent: int) -> tuple:
    """The key path of an element written at ``indent`` spaces on line
    ``number``: the keys (and list entries, as index 0) of the lines above
    it with a smaller indentation."""
    path: list = []
    threshold = indent
    for above in _content_lines(lines, number, -1):
        match = KEY.match(above)
        if match and len(match.group(1)) + (2 if match.group(2) else 0) < threshold:
            path.insert(0, match.group(3))
            threshold = _indent(above) + (2 if match.group(2) else 0)
        if DASH.match(above) and _indent(above) < threshold:
            path.insert(0, 0)
            threshold = _indent(above)
        if threshold == 0:
            break
    return tuple(path)


def misindented(text: str, first: int, last: int, listed: bool = False) -> tuple | None:
    """(line, column, "misindented", "misindented_entry" or
    "misindented_dash", its values) for the first key or list entry between
    lines ``first`` and ``last`` (1-based; YAML noticed the error on
    ``last``) indented to no level the lines above allow, or None.
    ``listed``: the file is a list (a registry), whose entries stand at the
    top level.  Values: ``key`` (the key, or the list an entry is in),
    ``path`` (its key path, for the element's name), ``now`` and ``spaces``
    (the spaces written and meant: the column of its siblings); for an entry
    meant at the dash of the entry above ("misindented_dash"): ``at`` and
    ``sibling``, that entry's line and its beginning, and ``index`` (its
    own number in the list, from 1)."""
    from generator.sources.mistakes.broken import path_at  # broken.py calls this module
    lines = text.split("\n")
    for number in range(max(first, last - _WINDOW, 1), min(last, len(lines)) + 1):
        line = lines[number - 1]
        key, dash = KEY.match(line), DASH.match(line)
        if not (key or dash) or not line.strip():
            continue
        meant, allowed = _allowed(lines, number, listed)
        now = _indent(line)
        if now in allowed:
            continue
        path = path_above(lines, number, meant)
        # Its entry counted (materials[3], not [0]): the line read as if written at the level meant.
        where = path_at("\n".join(lines[:number - 1] + [" " * meant + line.lstrip(" ")]), number)
        if dash and (sibling := sibling_entry(lines, number)) and where and (key or isinstance(where[-1], int)):
            entry = where if isinstance(where[-1], int) else where[:-1]
            if isinstance(entry[-1], int) and isinstance(entry[-2:-1][0] if len(entry) > 1 else None, str):
                shown = lines[sibling - 1]
                head = KEY.match(shown)
                return number, now + 1, "misindented_dash", {
                    "key": entry[-2], "index": entry[-1] + 1, "path": where, "now": now, "spaces": meant,
                    "at": sibling, "sibling": head.group(0).rstrip() if head else shown[:_indent(shown) + 1]}
        if dash and not key:
            if not path or not isinstance(path[-1], (str, int)):
                return None
            owner = next((p for p in reversed(path) if isinstance(p, str)), "")
            return number, now + 1, "misindented_entry", {"key": owner, "path": path, "now": now, "spaces": meant}
        name = key.group(3)
        where = where if where and where[-1] == name else path + (name,)
        return number, now + 1, "misindented", {"key": name, "path": where, "now": now, "spaces": meant}
    return None
