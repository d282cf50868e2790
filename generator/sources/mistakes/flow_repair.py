"""A corrected line for a broken ``{ }`` or ``[ ]`` on one line (clerk trial
12, #34): ``before: {materials: 11 visits: 4, days: 45}``.

YAML words every such slip as "花括号 { } 没有成对，或条目之间缺少英文逗号"
at the opening bracket.  ``flow_repair`` tries, on the line that opens the
brackets, the fixes that one slip explains: a Chinese comma between unquoted
entries made English, one English comma put into one gap between two
entries, or the closing bracket added at the end of the line.  A fix is
offered only when the file with the line so rewritten reads past it (the
pattern of ``sources/mistakes/wide_marks.py``: rewrite, check it reads, then offer),
and a comma only when exactly one gap gives a line that reads.
"""

from __future__ import annotations

import yaml

from generator.messages import label
from generator.sources.mistakes.wide_marks import CLOSING, SEPARATORS, english_marks, fails_at

_CLOSE = {"{": "}", "[": "]"}


def flow_repair(text: str, exc: yaml.MarkedYAMLError) -> tuple | None:
    """(line, column, message key, values) for the syntax error ``exc``
    ("while parsing a flow mapping/sequence … expected ',' or '}'") when one
    slip on the line that opens the brackets explains it, else None.  Line
    and column (1-based) are where the slip is.  Keys: ``flow_wide_comma``
    (values as ``wide_marks.flow_mark``), ``flow_missing_comma`` (``after``:
    the text the comma goes after) and ``flow_missing_close`` (``close``: the
    bracket); all with ``fixed`` (the whole line rewritten, its leading
    spaces kept), ``spaces``, ``brackets`` (locale labels ``flow_brackets``)
    and ``path`` (the key path of the line).  Never raises."""
    if not ((exc.context or "").startswith("while parsing a flow") and exc.context_mark is not None
            and exc.problem_mark is not None and exc.problem_mark.line - exc.context_mark.line in (0, 1)):
        return None
    opened = exc.context_mark
    lines = text.split("\n")
    line = lines[opened.line] if opened.line < len(lines) else ""
    bracket = line[opened.column:opened.column + 1]
    if bracket not in _CLOSE:
        return None
    start = opened.column + 1
    part = line[start:]
    values = {"brackets": label("flow_brackets", bracket), "spaces": len(line) - len(line.lstrip(" "))}
    found = None
    wide = [i for i, ch in _outside_quotes(part) if ch in SEPARATORS]
    if wide and not fails_at(text, lines, opened.line, fixed := line[:start] + english_marks(part)):
        char = part[wide[0]]
        found = start + wide[0], "flow_wide_comma", {"char": char, "meant": ",", "fixed": fixed.rstrip()}
    if found is None:
        fixes = [(start + i, line[:start + i] + "," + line[start + i:]) for i in _gaps(part)]
        fixes = [(column, fixed) for column, fixed in fixes if not fails_at(text, lines, opened.line, fixed)]
        if len(fixes) == 1:
            column, fixed = fixes[0]
            after = line[:column].rstrip().rsplit(" ", 1)[-1].lstrip("{[")
            found = column, "flow_missing_comma", {"after": after, "fixed": fixed.rstrip()}
    if found is None and not any(ch in "]}" or ch in CLOSING for _, ch in _outside_quotes(part)):
        end = len(line.rstrip())
        fixed = line[:end] + _CLOSE[bracket]
        if not fails_at(text, lines, opened.line, fixed):
            found = end, "flow_missing_close", {"close": _CLOSE[bracket], "fixed": fixed}
    if found is None:
        return None
    from generator.sources.mistakes.broken import path_at  # broken.py calls this module
    column, key, extra = found
    return opened.line + 1, column + 1, key, {**values, **extra, "path": path_at(text, opened.line + 1)}


def _outside_quotes(part: str) -> list[tuple[int, str]]:
    """(index, character) of each character of ``part`` outside quotes, up
    to a comment."""
    found, quote = [], ""
    for index, ch in enumerate(part):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (index == 0 or part[index - 1] in " \t"):
            break
        else:
            found.append((index, ch))
    return found


def _gaps(part: str) -> list[int]:
    """Indexes of the spaces of ``part`` (outside quotes) that may stand
    between two entries written without a comma: after an entry's text or
    its closing quote, before the next entry's first character."""
    outside = dict(_outside_quotes(part))
    gaps = []
    for index in range(1, len(part)):
        if index not in outside or part[index] != " " or part[index - 1] in " ,:[{":
            continue
        rest = part[index:].lstrip(" ")
        if rest and rest[0] not in ",]}:#" and rest[0] not in CLOSING:
            gaps.append(index)
    return gaps
