"""List entries that belong to the next list, its key line deleted (clerk
trial 13, #44): with ``steps:`` deleted, the item's steps continue the
materials list above, and each of their keys (id, actor, time_limit, next,
result, end, branches …) was told "不认识的要素名 id … 请改成其中一个 (a
material key)": 19 messages with no element and a fix that cannot work.

``folded`` (called by ``schema_errors.problems_from``) finds, in a list
element of a model (``materials``), the entries from the first one with a
key the element does not have to the end of the list whose keys all belong
to the entries of another list element of the same model (``steps``) not
written there, and tells them as one message at the first such entry: the
key line above it is missing ("在第 N 行上面补回一行 steps:").  Every
message inside those entries (and the other element's "missing") follows
from it and is folded.

``told`` (called with the history, as ``checks/mistakes/lost_between.py``) says in
that message where the key line was at the last commit when it was deleted
since (difflib on the committed and present lines); without git, or when
the committed file did not have it just there, the message stays as it was.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from pathlib import Path

from pydantic import BaseModel

from generator.checks.problems import Problem
from generator.messages import say
from generator.sources.gitlog import lines_then_and_now
from generator.sources.load import Document

_SHOWN_KEYS = 6  # foreign keys named in the message, at most


def folded(errors: list[dict], doc: Document, root: type[BaseModel],
           prefix: tuple = ()) -> tuple[list[dict], list[Problem]]:
    """(``errors`` without those inside entries told as another list's,
    one Problem per such run of entries).  ``errors`` are pydantic's
    (``ValidationError.errors()``) for ``doc.data`` at ``prefix``
    validated as ``root``."""
    from generator.checks.schema_errors import walk  # that module calls this one

    lists = {tuple(e["loc"][:-2]) for e in errors if e["type"] == "extra_forbidden" and len(e["loc"]) >= 2
             and isinstance(e["loc"][-2], int) and (len(e["loc"]) == 2 or isinstance(e["loc"][-3], str))}
    problems, gone = [], []
    for list_loc in sorted(lists, key=str):
        if not list_loc:
            continue
        holder, field = walk(root, list_loc)
        found = _run(holder, field, list_loc, _at(doc.data, prefix + list_loc[:-1]))
        if found is None:
            continue
        first, other, foreign = found
        problems.append(_problem(doc, holder, prefix, list_loc, first, other, foreign))
        gone.append((list_loc, first, list_loc[:-1] + (other,)))
    if not gone:
        return errors, []
    kept = [e for e in errors if not any(_inside(tuple(e["loc"]), list_loc, first) or tuple(e["loc"]) == missing
                                         for list_loc, first, missing in gone)]
    return kept, problems


def _inside(loc: tuple, list_loc: tuple, first: int) -> bool:
    n = len(list_loc)
    return len(loc) > n and loc[:n] == list_loc and isinstance(loc[n], int) and loc[n] >= first


def _at(data, loc: tuple):
    for part in loc:
        if isinstance(part, int) and isinstance(data, list) and part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _entry_model(field) -> type[BaseModel] | None:
    from generator.checks.schema_errors import _inner_models, _is_list

    if field is None or not _is_list(field.annotation):
        return None
    inner = _inner_models(field.annotation)
    return inner[0] if inner else None


def _run(holder, field, list_loc: tuple, parent) -> tuple[int, str, list[str]] | None:
    """(index of the first entry that is another list's, that list's key,
    the keys of those entries the list's entries do not have) or None."""
    own = _entry_model(field)
    if own is None or holder is None or not isinstance(parent, dict) or not isinstance(parent.get(list_loc[-1]), list):
        return None
    entries = parent[list_loc[-1]]
    names = list(holder.model_fields)
    # Another list element of the model not written here, the ones after this list first (the file's usual order).
    others = sorted((name for name in names if name != list_loc[-1] and name not in parent
                     and _entry_model(holder.model_fields[name]) is not None),
                    key=lambda name: (names.index(name) < names.index(list_loc[-1]), names.index(name)))
    for other in others:
        allowed = set(_entry_model(holder.model_fields[other]).model_fields)
        first = len(entries)
        while first and isinstance(entries[first - 1], dict) and entries[first - 1] \
                and all(isinstance(k, str) and k in allowed for k in entries[first - 1]):
            first -= 1
        # Entries that fit both stay the list's own: the run starts at the first foreign key.
        while first < len(entries) and set(entries[first]) <= set(own.model_fields):
            first += 1
        if first < len(entries):
            foreign = list(dict.fromkeys(k for e in entries[first:] for k in e if k not in own.model_fields))
            return first, other, foreign
    return None


def _problem(doc: Document, holder, prefix: tuple, list_loc: tuple, first: int, other: str,
             foreign: list[str]) -> Problem:
    from generator.checks.schema_errors import key_path

    where = prefix + list_loc
    line, column = doc.position(where + (first,))
    key_line, key_column = doc.keys.get(where, (0, 1))
    other_field, own_field = holder.model_fields[other], holder.model_fields[list_loc[-1]]
    other_model = _entry_model(other_field)
    shown = "、".join(f"{k}（{other_model.model_fields[k].title}）" if other_model.model_fields[k].title else k
                     for k in foreign[:_SHOWN_KEYS])
    count = len(_at(doc.data, where)) - first
    message, hint = say("lost_list_key", line=line, count=count, key=other, element=other_field.title or other,
                        list_key=list_loc[-1], list_element=own_field.title or list_loc[-1], keys=shown,
                        spaces=key_column - 1)
    return Problem(doc.display, line, column, message, hint, other_field.title or "",
                   key_path(prefix + list_loc[:-1] + (other,)))


def _pattern() -> re.Pattern:
    """The message of ``lost_list_key`` with any values."""
    fields = dict.fromkeys(("line", "count", "key", "element", "list_key", "list_element", "keys", "spaces"), "\x00")
    return re.compile(re.escape(say("lost_list_key", **fields)[0]).replace("\x00", ".*?") + "$")


def told(problems: list[Problem], root: Path, rev: str = "HEAD") -> list[Problem]:
    """``problems`` with each ``lost_list_key`` message saying where the key
    line was in the committed file at ``rev`` of the repository holding
    ``root`` (locale key ``lost_list_key_committed``), when it was deleted
    since from just above the entry; files relative to ``root``."""
    pattern = _pattern()
    out = []
    for problem in problems:
        if problem.key and pattern.match(problem.message):
            key = problem.key.rsplit(".", 1)[-1]
            was = _committed_line(root, problem.file, rev, key, problem.line)
            if was:
                problem = replace(problem, message=problem.message + say("lost_list_key_committed", key=key, was=was)[0])
        out.append(problem)
    return out


def _committed_line(root: Path, display: str, rev: str, key: str, line: int) -> int | None:
    """The committed line number (1-based) of the line ``key:`` deleted from
    just above line ``line`` (1-based, now; only blank or comment lines
    between), or None."""
    lines = lines_then_and_now(root, display, rev)
    if lines is None:
        return None
    before, now = lines
    key_line = re.compile(rf"\s*{re.escape(key)}\s*:\s*(#.*)?")
    for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, before, now, autojunk=False).get_opcodes():
        if tag == "delete" and j1 <= line - 1 and all(not s.strip() or s.lstrip().startswith("#")
                                                       for s in now[j1:line - 1]):
            found = [i for i in range(i1, i2) if key_line.fullmatch(before[i])]
            if found:
                return found[-1] + 1
    return None
