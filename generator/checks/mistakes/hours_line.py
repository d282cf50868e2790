"""Swapped opening hours written on one line (clerk trial 19, #42).

The rule (checks/rules_registries.py, locale ``hours_swapped``) says
"改成 open: … 和 close: …（两行都改）", untrue for an entry written as
``- {days: [mon], open: "17:00", close: "09:00"}``: there the whole line is
given back with the two times exchanged, as written (locale
``hours_swapped_line``), as ``limit_meant`` does for a one-line time limit.
Files are read as they are now; no git needed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from generator.messages import say

_VALUE = r'("[^"\n]*"|\'[^\'\n]*\'|[^,}\s]+)'
_OPEN = re.compile(r"(?<![\w-])open:\s*" + _VALUE)
_CLOSE = re.compile(r"(?<![\w-])close:\s*" + _VALUE)


def _pattern() -> re.Pattern:
    """The ``hours_swapped`` text, with its two times read back."""
    text = re.escape(say("hours_swapped", open="\x01", close="\x02")[0])
    return re.compile(text.replace(re.escape("\x01"), r"(\d{1,2}:\d{2})").replace(re.escape("\x02"), r"(\d{1,2}:\d{2})"))


def swapped(line: str) -> str | None:
    """``line`` (one YAML line holding both ``open:`` and ``close:``) with
    the two values exchanged as written, or None when it holds not both."""
    one, other = _OPEN.search(line), _CLOSE.search(line)
    if one is None or other is None:
        return None
    spans = sorted([(one.span(1), other.group(1)), (other.span(1), one.group(1))])
    out, at = [], 0
    for (start, end), value in spans:
        out += [line[at:start], value]
        at = end
    return "".join(out + [line[at:]])


def told(problems: list, root: Path) -> list:
    """``problems`` with each ``hours_swapped`` hint at a line holding both
    times told as that whole line rewritten (locale ``hours_swapped_line``);
    files relative to ``root``; a file that cannot be read: unchanged."""
    pattern, texts, out = _pattern(), {}, []
    for problem in problems:
        found = pattern.search(problem.hint)
        if found is not None:
            if problem.file not in texts:
                try:
                    texts[problem.file] = (root / problem.file).read_text(encoding="utf-8-sig").split("\n")
                except (OSError, UnicodeDecodeError):
                    texts[problem.file] = []
            lines = texts[problem.file]
            line = lines[problem.line - 1].rstrip("\r") if 0 < problem.line <= len(lines) else ""
            new = swapped(line)
            if new is not None and new != line:
                problem = replace(problem, hint=problem.hint.replace(found.group(0), say(
                    "hours_swapped_line", line=problem.line, text=new.strip())[0]))
        out.append(problem)
    return out
