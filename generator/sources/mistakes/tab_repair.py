"""A line indented with a tab or a full-width space (``mistakes.text_problems``)
read as if written with the spaces its message tells (clerk trial 13, #4):
the element holding it is then read and checked in the same run, instead of
being left out (``broken.cut``), which hid other mistakes of that element
and let YAML misread the lines after the part left out.
"""

from __future__ import annotations

import re

import yaml

from generator.checks.problems import Problem
from generator.sources.mistakes.text import _meant_indent

_LEAD = re.compile(r"[ \t\u3000]*")
NEAR = 6  # lines: a syntax error this close to a repaired line may come from the repair


def indent_repaired(text: str, problems: list[Problem]) -> tuple[str, list[int]]:
    """(``text`` with the indentation of each problem's line (1-based)
    replaced by the spaces meant, judged as the message judges them, the
    lines changed).  Every line keeps its number."""
    lines = text.split("\n")
    meant = {p.line: _meant_indent(lines, p.line) for p in problems if 0 < p.line <= len(lines)}
    for number, spaces in meant.items():
        line = lines[number - 1]
        lines[number - 1] = " " * spaces + line[_LEAD.match(line).end():]
    return "\n".join(lines), sorted(meant)


def near_repair(exc: yaml.MarkedYAMLError, repaired: list[int]) -> bool:
    """True when the syntax error ``exc`` is noticed or began within
    ``NEAR`` lines after (or on) a repaired line: the repair may be wrong."""
    marks = [m.line + 1 for m in (exc.problem_mark, exc.context_mark) if m is not None]
    return any(r <= m <= r + NEAR for r in repaired for m in marks)


def readable_repair(text: str, problems: list[Problem], compose) -> str | None:
    """``text`` repaired (``indent_repaired``) when it then reads, or its
    first syntax error lies away from the repaired lines (another mistake,
    reported as usual); None when the repair may be wrong (the caller leaves
    the lines' elements out instead).  ``compose``: text -> YAML node,
    raising ``yaml.MarkedYAMLError``."""
    fixed, repaired = indent_repaired(text, problems)
    try:
        compose(fixed)
    except yaml.MarkedYAMLError as exc:
        return None if near_repair(exc, repaired) else fixed
    except yaml.YAMLError:
        return None
    return fixed
