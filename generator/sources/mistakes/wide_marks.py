"""A Chinese input method's mark where YAML's brackets need an English one
(clerk trial 11, #8): ``items: ["990701002001"，"990701002002"]``.

After a quoted entry of ``[ ]`` or ``{ }`` YAML expects an English comma or
the closing bracket; a Chinese comma "，" (or "、", "；") or a full-width
closing bracket "］" there is a syntax error that YAML words as "方括号没有
成对，或条目之间缺少英文逗号", at the opening bracket.  ``flow_mark`` names
the mark at its own column and gives the line written with English marks.
(Between unquoted entries the comma is read as text, one entry:
``mistakes.chinese_commas`` and ``checks/schema_errors`` tell that.)
"""

from __future__ import annotations

import yaml

from generator.messages import label
from generator.sources.compose import compose

# What each mark of a Chinese input method is meant as inside brackets.
SEPARATORS = {"\uff0c": ",", "\u3001": ",", "\uff1b": ","}  # ， 、 ；
CLOSING = {"\uff3d": "]", "\u3011": "]", "\u3015": "]", "\uff5d": "}"}  # ］ 】 〕 ｝
_EXPECTED = ("did not find expected ',' or ']'", "did not find expected ',' or '}'", "expected ',' or ']'",
             "expected ',' or '}'")  # libyaml's words, then PyYAML's


def flow_mark(text: str, exc: yaml.MarkedYAMLError) -> tuple | None:
    """(line, column, message key, values) when the syntax error ``exc``
    ("while parsing a flow sequence/mapping … expected ',' or ']'") stopped
    at a Chinese comma, enumeration comma, semicolon or full-width closing
    bracket, else None.  Line and column (1-based) are the mark's.  Message
    keys: ``flow_wide_comma`` and ``flow_wide_bracket``; values ``char``
    (the mark), ``meant`` (its English form), ``brackets`` (the brackets'
    name, locale labels ``flow_brackets``), ``fixed`` (the whole line with
    every such mark outside quotes made English, its leading spaces kept),
    ``spaces`` (those spaces) and ``path`` (the key path of the line that
    opens the brackets).  None too when the line so rewritten still fails
    there: the hint would not work."""
    if not ((exc.context or "").startswith("while parsing a flow") and (exc.problem or "").startswith(_EXPECTED)
            and exc.problem_mark is not None and exc.context_mark is not None):
        return None
    mark, opened = exc.problem_mark, exc.context_mark
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    char = line[mark.column] if mark.column < len(line) else ""
    if char not in SEPARATORS and char not in CLOSING:
        return None
    start = opened.column if opened.line == mark.line else 0  # the part inside the brackets
    fixed = line[:start] + english_marks(line[start:])
    if fails_at(text, lines, mark.line, fixed):
        return None
    from generator.sources.mistakes.broken import path_at  # broken.py calls this module
    spaces = len(line) - len(line.lstrip(" "))
    return mark.line + 1, mark.column + 1, "flow_wide_comma" if char in SEPARATORS else "flow_wide_bracket", {
        "char": char, "meant": SEPARATORS.get(char) or CLOSING[char], "fixed": fixed.rstrip(), "spaces": spaces,
        "brackets": label("flow_brackets", lines[opened.line][opened.column:opened.column + 1]),
        "path": path_at(text, opened.line + 1)}


def english_marks(part: str) -> str:
    """``part`` of a line inside brackets with each Chinese separator outside
    quotes written ", " (the spaces after it folded into one) and each
    full-width closing bracket written as the English one.  When the part
    holds a quoted entry, an unquoted entry of digits only is quoted too:
    written among codes it is one, and unquoted YAML reads it as a number."""
    entries: list[str] = []  # the part cut after each separator and bracket outside quotes
    current, quote, index = "", "", 0
    while index < len(part):
        ch = part[index]
        index += 1
        if quote:
            if ch == "\\" and quote == '"':
                ch += part[index:index + 1]
                index += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (index == 1 or part[index - 2] in " \t"):  # a comment: kept as written
            current += part[index - 1:]
            break
        elif ch in SEPARATORS or ch in ",[]{}" or ch in CLOSING:
            entries.append(current)
            current = ""
            if ch in SEPARATORS:
                ch = ", "
                while index < len(part) and part[index] in " \u3000":
                    index += 1
            entries.append(CLOSING.get(ch, ch))
            continue
        current += ch
    entries.append(current)
    quoted = any(e.strip()[:1] in ("'", '"') for e in entries[::2])
    return "".join(f'{e[:len(e) - len(e.lstrip())]}"{e.strip()}"{e[len(e.rstrip()):]}'
                   if quoted and i % 2 == 0 and e.strip().isdigit() and e.strip().isascii() else e
                   for i, e in enumerate(entries))


def fails_at(text: str, lines: list[str], number: int, fixed: str) -> bool:
    """True when ``text`` with line ``number`` (0-based) replaced by
    ``fixed`` still has a syntax error noticed on that line."""
    try:
        compose("\n".join(lines[:number] + [fixed] + lines[number + 1:]))
    except yaml.MarkedYAMLError as exc:
        return exc.problem_mark is not None and exc.problem_mark.line <= number
    except yaml.YAMLError:
        return True
    return False
