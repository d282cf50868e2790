"""A line deleted between two keys of one list entry (clerk trial 12, #36):
with ``- name: 提取住房公积金`` deleted, the next step's ``items:`` joins the
step before, and the file is told "要素 items 在同一条里又写了一次" with
"删去其中一处" or "漏写了开头的‘- ’", although the committed file had the
deleted line there (as checks/mistakes/lost_lines.py gives back a deleted required
line).

The file is compared line by line with its committed version (HEAD or the
``--base`` revision, difflib): when lines were deleted, and none written in
their place, between the key's first line and the line that repeats it, the
message says so and the hint gives the deleted lines back, with their
leading spaces and the line below which they go.  Without git, or when the
committed file is not there, the message stays as it was.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from pathlib import Path

from generator.checks.problems import Problem
from generator.messages import say
from generator.sources.gitlog import lines_then_and_now

_KINDS = ("duplicate_key_entry", "duplicate_key_dash")


def _pattern(kind: str) -> re.Pattern:
    """The message of ``kind`` with its first_line read back (the other values any text)."""
    fields = {"key": "\x00", "first_line": "\x01", "at": "\x00", "values": "\x00"}
    text = re.escape(say(kind, **fields)[0])
    return re.compile(text.replace("\x00", ".*?").replace("\x01", r"(\d+)") + "$")


def told(problems: list[Problem], root: Path, rev: str = "HEAD") -> list[Problem]:
    """``problems`` with each "key written again in one entry" message (locale
    keys ``duplicate_key_entry``, ``duplicate_key_dash``) told as lines
    deleted since the commit at ``rev`` of the repository holding ``root``
    when they were (locale key ``deleted_between``); files relative to ``root``."""
    patterns = [_pattern(kind) for kind in _KINDS]
    texts: dict[str, tuple[list[str], list[str]] | None] = {}
    out = []
    for problem in problems:
        match = next((m for p in patterns if (m := p.match(problem.message))), None) if problem.key else None
        if match is not None:
            if problem.file not in texts:
                texts[problem.file] = lines_then_and_now(root, problem.file, rev)
            deleted = _deleted(*texts[problem.file], int(match.group(1)), problem.line) \
                if texts[problem.file] else None
            if deleted:
                after, lines = deleted
                shown = "、".join(say("missing_committed_line", line=line, spaces=len(line) - len(line.lstrip(" ")))[0]
                                  for line in lines)
                message, hint = say("deleted_between", key=problem.key.rsplit(".", 1)[-1], first_line=match.group(1),
                                    at=problem.line, count=len(lines), committed=lines[0].strip(), after=after,
                                    lines=shown)
                problem = replace(problem, message=message, hint=hint)
        out.append(problem)
    return out


def _deleted(committed: list[str], now: list[str], first: int, at: int) -> tuple[int, list[str]] | None:
    """(the line now below which they go, the committed lines) deleted with
    nothing in their place after line ``first`` and before line ``at`` (1-based, now)."""
    matcher = difflib.SequenceMatcher(None, committed, now, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete" and first <= j1 < at and any(line.strip() for line in committed[i1:i2]):
            return j1, [line.rstrip() for line in committed[i1:i2] if line.strip()]
    return None
