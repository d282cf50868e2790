"""A required line deleted since the last commit (clerk trial 10, #45, #50):
a life event's step without its ``name:`` or ``items:`` line was told
"请添加 name: 并填写步骤名称", though the committed file had the line, as it
offers a deleted branch (``checks/mistakes/lost_branches.py``) or a deleted proof
(``checks/mistakes/renamed_ids.py``).

The file is compared with its committed version (HEAD, or the ``--base``
revision): when the element holding the missing key had it there, and is
the same element (a key of both has the same value), the hint gives back
the committed line(s) with their leading spaces and the line now in the
file below which they go.  Without git, or when either version cannot be
read, the hint stays as it was.  Works for any file (items, life events,
registries); git is asked only when a required element is missing.

The same goes for a warning that says a key is not written (``OMITTING``:
a fee without ``basis``, ``visits`` without ``visit_reason``) and for a gap
of a changed item (``checks/gap_lines.py``, through ``given_back``): one
deleted line is one message quoting it, not a bare gap or a warning and a
gap at the same spot (clerk trial 16, #26, #30); ``omitted`` names the key
such a warning tells, whose gap is then not told again (#22, #29).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import yaml

from generator.checks import gitrefs
from generator.checks.mistakes import hours_line, lost_between, lost_list_key, twice_written
from generator.checks.problems import Problem
from generator.messages import say
from generator.sources.gitlog import head_blob

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
# Warnings telling a key that is not written (locale key -> where that key
# goes from the warning's key: "child" under it, "sibling" next to it).
OMITTING = {"fee_without_basis": ("child", "basis"), "visits_without_reason": ("sibling", "visit_reason"),
            "charged_without_items": ("sibling", "items"), "window_without_office": ("sibling", "offices")}


def _pattern(code: str) -> re.Pattern:
    """The message of ``code`` with any values."""
    fields: dict[str, str] = {}
    while True:
        try:
            return re.compile(re.escape(say(code, **fields)[0]).replace("\x00", ".*?") + "$", re.S)
        except KeyError as missing:  # a value the message shows: any text
            if missing.args[0] in fields or missing.args[0] == code:
                raise
            fields[missing.args[0]] = "\x00"


def patterns() -> dict[str, re.Pattern]:
    """The messages of ``OMITTING`` with any values, for ``omitted``."""
    return {code: _pattern(code) for code in OMITTING}


def omitted(problem: Problem, messages: dict[str, re.Pattern] | None = None) -> str:
    """The key path (``fees.items[0].basis``) of the key ``problem`` says is
    not written (``OMITTING``; ``messages``: ``patterns()``), or ""."""
    messages = messages or patterns()
    for code, (where, name) in OMITTING.items():
        if problem.key and messages[code].match(problem.message):
            parent = problem.key if where == "child" else problem.key.rpartition(".")[0]
            return f"{parent}.{name}" if parent else name
    return ""


def given_back(root: Path, wanted: list[tuple[str, str]], rev: str = "HEAD") -> dict[tuple[str, str], tuple[str, int]]:
    """For each (file, key path) of ``wanted`` whose key the committed file
    at ``rev`` had in the same element: (the hint giving the committed
    line(s) back, the line now next to which they go, 0: the element's end)."""
    nodes: dict[str, tuple] = {}
    out = {}
    for file, key in wanted:
        if file not in nodes:
            nodes[file] = _read(root, file, rev)
        committed, now, text = nodes[file]
        found = _hint(committed, now, text, _path(key)) if now is not None and committed is not None else None
        if found:
            out[file, key] = found
    return out


def told(problems: list[Problem], root: Path, rev: str = "HEAD") -> list[Problem]:
    """``problems`` with the hint of each "missing" one (locale key
    ``missing``) replaced by the committed line(s) to put back, where the
    committed file of the repository holding ``root`` at ``rev`` had the key
    in the same element.  Files are paths relative to ``root``."""
    problems = lost_between.told(problems, root, rev)  # a key twice after a deleted line (clerk trial 12, #36)
    problems = lost_list_key.told(problems, root, rev)  # a list's key line deleted (clerk trial 13, #44)
    problems = twice_written.told(problems, root, rev)  # which of a key's two lines is new (clerk trial 16, #9)
    problems = hours_line.told(problems, root)  # swapped hours on one line: the line rewritten (clerk trial 19, #42)
    messages = patterns()
    telling = {p: omitted(p, messages) for p in problems}
    back = given_back(root, _changed([(p.file, key) for p, key in telling.items() if key], root, rev), rev)
    problems = [replace(p, hint=back[p.file, telling[p]][0]) if (p.file, telling[p]) in back else p
                for p in problems]  # a warning's key deleted since the commit: given back (clerk trial 16, #30)
    missing = [p for p in problems if p.key and p.message == say("missing", element=p.element, description="",
                                                                      key=_path(p.key)[-1])[0]]
    if not missing:
        return problems
    nodes: dict[str, tuple] = {}
    changed: dict[Problem, Problem] = {}
    for problem in missing:
        if problem.file not in nodes:
            nodes[problem.file] = _read(root, problem.file, rev)
        committed, now, text = nodes[problem.file]
        found = _hint(committed, now, text, _path(problem.key)) if now is not None else None
        if found:  # told at the line where it goes back, not at the element's first key (trial 13, #25)
            changed[problem] = replace(problem, hint=found[0], line=found[1] or problem.line,
                                       column=1 if found[1] else problem.column)
    return [changed.get(p, p) for p in problems]


def _changed(wanted: list[tuple[str, str]], root: Path, rev: str) -> list[tuple[str, str]]:
    """Those of ``wanted`` (file, key path) whose file changed since ``rev``
    (one git call, not one a file of a large catalogue); none without git."""
    if not wanted:
        return []
    try:
        touched = set(gitrefs.changed(root, rev, None))
    except gitrefs.GitError:
        return []
    return [w for w in wanted if w[0] in touched]


def _path(key: str) -> tuple:
    """("steps", 1, "name") for "steps[1].name"."""
    return tuple(int(index) if index else name for name, index in _PART.findall(key))


def _read(root: Path, display: str, rev: str) -> tuple:
    """(committed node, node now, committed text), nodes None when unreadable."""
    try:
        text = (head_blob(root, display, rev) or b"").decode("utf-8-sig")
        committed = yaml.compose(text, Loader=yaml.SafeLoader) if text else None
        now = yaml.compose((root / display).read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return None, None, ""
    return committed, now, text


def _at(node, path: tuple):
    """The node at ``path`` under ``node``, or None."""
    for part in path:
        if isinstance(part, int) and isinstance(node, yaml.SequenceNode) and part < len(node.value):
            node = node.value[part]
        elif isinstance(part, str) and isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
        else:
            return None
    return node


def _same(before: yaml.MappingNode, now: yaml.MappingNode) -> bool:
    """True when a key of both mappings has the same value (the same entry, not another one now at its index)."""
    shown = {k.value: yaml.serialize(v) for k, v in now.value if isinstance(k, yaml.ScalarNode)}
    return any(isinstance(k, yaml.ScalarNode) and shown.get(k.value) == yaml.serialize(v) for k, v in before.value)


def _hint(committed, now, text: str, path: tuple) -> tuple[str, int] | None:
    """(the hint giving back the committed lines of ``path``, the line now
    next to where they go, 0 when that is the element's end: the problem
    stays at the element), or None: nothing to give back."""
    before, current = _at(committed, path[:-1]), _at(now, path[:-1])
    if not isinstance(before, yaml.MappingNode) or not isinstance(current, yaml.MappingNode) or not current.value:
        return None
    if path[:-1] and not _same(before, current):
        return None
    key = next((k for k, _ in before.value if isinstance(k, yaml.ScalarNode) and k.value == path[-1]), None)
    if key is None:
        return None
    value = _at(before, path[-1:])
    lines = text.split("\n")
    shift = current.value[0][0].start_mark.column - key.start_mark.column  # the keys' column now
    first = " " * key.start_mark.column + lines[key.start_mark.line][key.start_mark.column:]  # without a "- "
    block = [(" " * shift + line if shift >= 0 else line[-shift:]).rstrip("\r")
             for line in [first] + lines[key.start_mark.line + 1:_last_line(value)] if line.strip()]
    # Below the key written before it, as committed (its value's last line now), else at the element's end.
    keys = [k.value for k, _ in before.value if isinstance(k, yaml.ScalarNode)]
    previous = _at(current, (keys[keys.index(path[-1]) - 1],)) if keys.index(path[-1]) else None
    after = _last_line(previous if previous is not None else current)
    near = after if previous is not None else 0
    spaces = [len(line) - len(line.lstrip(" ")) for line in block]
    if len(block) == 1 and previous is None and not path[:-1]:  # the file's first element: above the first now,
        first_now = current.value[0][0].start_mark.line + 1  # not at the end of the file (trial 13 leftover)
        return say("missing_committed_first", committed=block[0].strip(), before=first_now, line=block[0],
                   spaces=spaces[0])[0], first_now
    if len(block) == 1:
        return say("missing_committed", committed=block[0].strip(), after=after, line=block[0], spaces=spaces[0])[0], near
    shown = "、".join(say("missing_committed_line", line=line, spaces=n)[0] for line, n in zip(block, spaces))
    return say("missing_committed_lines", committed=block[0].strip(), count=len(block), after=after, lines=shown)[0], near


def _last_line(node) -> int:
    """The last line (1-based) ``node`` is written on (a block mapping or
    list ends where its last value ends, not where the next line begins)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    end = node.end_mark
    return end.line + (0 if end.column == 0 and end.line > node.start_mark.line else 1)
