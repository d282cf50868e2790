"""A key written twice with two values, one line new since the last commit
(clerk trial 16, #9): ``online_url`` pasted again below the first one was
told "删除其中一处，或把两处的内容合并", without the values, and "合并" means
nothing for a URL.  Stage 1 (``sources/mistakes/broken.py``,
``duplicate_key_value``) shows both values; here the file is compared line by
line with its committed version (HEAD or the ``--base`` revision, difflib):
when one of the two lines is unchanged since then and the other was added,
the message says which is new and the hint how to keep either value.
Without git, or when both or neither are new, the message stays as it was.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from pathlib import Path

from generator.checks.problems import Problem
from generator.messages import say
from generator.sources.gitlog import lines_then_and_now


def _pattern() -> re.Pattern:
    """The message of ``duplicate_key_value`` with its lines and values read back."""
    marks = {"key": "\x00", "first_line": "\x01", "first": "\x02", "at": "\x03", "now": "\x04"}
    text = re.escape(say("duplicate_key_value", **marks)[0])
    text = text.replace(re.escape("\x00"), "\x00").replace("\x00", ".*?")
    for mark, name, group in (("\x01", "first_line", r"\d+"), ("\x02", "first", ".*?"), ("\x03", "at", r"\d+"),
                              ("\x04", "now", ".*?")):
        text = text.replace(re.escape(mark), mark)  # each value read back once, the same again after
        text = text.replace(mark, f"(?P<{name}>{group})", 1).replace(mark, f"(?P={name})")
    return re.compile(text + "$", re.S)


def told(problems: list[Problem], root: Path, rev: str = "HEAD") -> list[Problem]:
    """``problems`` with each ``duplicate_key_value`` message saying which
    of its two lines was added since the commit at ``rev`` of the repository
    holding ``root``, and the hint how to keep either value; files relative
    to ``root``."""
    pattern = _pattern()
    unchanged: dict[str, set[int] | None] = {}
    out = []
    for problem in problems:
        match = pattern.match(problem.message)
        if match is not None:
            if problem.file not in unchanged:
                unchanged[problem.file] = _unchanged(root, problem.file, rev)
            kept = unchanged[problem.file]
            first, at = int(match["first_line"]), int(match["at"])
            if kept is not None and (first in kept) != (at in kept):
                old, new = (first, at) if first in kept else (at, first)
                values = {first: match["first"], at: match["now"]}
                problem = replace(problem, message=problem.message + say("duplicate_key_added", new=new, old=old)[0],
                                  hint=say("duplicate_key_added_hint", new=new, old=old, kept=values[old],
                                           added=values[new])[0])
        out.append(problem)
    return out


def _unchanged(root: Path, display: str, rev: str) -> set[int] | None:
    """The lines (1-based, now) of ``display`` that are as committed, or None
    when either version cannot be read."""
    lines = lines_then_and_now(root, display, rev)
    if lines is None:
        return None
    before, now = lines
    return {j + 1 for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, before, now, autojunk=False).get_opcodes()
            if tag == "equal" for j in range(j1, j2)}
