"""An id written twice in a list registry (``content/departments.yaml``,
``offices.yaml``, ``proofs.yaml``): which entry is the new one.

Clerk trial 14, #33 (worst #2 and #3): an entry pasted a second time
(``cremation`` in proofs.yaml) gave an error at each entry, by index and
without the element ("[4].id … 另见第 23 项"), and a warning at the old entry
that pointed "上面" to an error printed below it.  Now one error, at the
entry that is new since the last commit (HEAD, read with ``git show``; the
entries matched by their ids in order, then by content), or, without git or
when both are old or both new, at the later one: it names the element, the
line and name of the entry that has the id, what to do (delete the pasted
entry, or give it an id of its own) and, filled in by ``told`` once the items
are read, what is held back for the id (the items that use it, a
department's folder), so no separate warning.  Both entries stay unused
until then (which one the items mean is unknown).  A term id written twice
in one group of ``taxonomies.yaml`` is told the same way (``term_id_twice``).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from generator.checks.model import Taxonomies
from generator.checks.problems import Problem
from generator.messages import say

_SHOWN = 5  # files named in a message, the others counted


@dataclass(frozen=True)
class Twice:
    """The error told for one entry repeating an id, and how to say it again."""

    problem: Problem
    values: dict


def twice(src, display: str, model, value: str, where: list[int], raw: list, committed: list,
          group: tuple = ()) -> list[Twice]:
    """The errors for id ``value``, written by the entries at indexes ``where``
    of ``raw`` (the registry ``display`` as read; ``committed``: its list at
    the last commit, [] without git): one at each entry but the one kept as
    the id's owner (the first entry that is not new).  ``model``: the
    entries' model (its id's title names the element); ``group``: the key of
    the list in the file, for a taxonomy (("levels",), element: its title),
    whose duplicate terms are not left out."""
    new = _new_entries(raw, committed, where)
    owner = next((at for at in where if at not in new), where[0])
    doc = src.located(display)
    line = doc.position((*group, owner, "id"))[0]
    name = raw[owner].get("name")
    title = model.model_fields["id"].title
    element = Taxonomies.model_fields[group[0]].title if group else title
    out = []
    for at in where:
        if at == owner:
            continue
        lines = [pos[0] for path, pos in (*doc.keys.items(), *doc.values.items()) if path[:len(group) + 1] == (*group, at)]
        values = {"id": value, "line": line, "kind": element if group else title.removesuffix("编号"),
                  "name": f"“{name}”" if isinstance(name, str) and name.strip() else "",
                  "new": say("registry_twice_new")[0] if at in new and committed else "",
                  "both": "两条" if len(where) == 2 else f"这 {len(where)} 条",
                  "lines": "–".join(dict.fromkeys(str(n) for n in (min(lines, default=line), max(lines, default=line)))),
                  "users": ""}
        message, hint = say("term_id_twice" if group else "registry_id_twice", **values)
        column = doc.position((*group, at, "id"))
        key = f"{group[0]}.id" if group else "id"
        out.append(Twice(Problem(display, column[0], column[1], message, hint, element, key), values))
    return out


def _new_entries(raw: list, committed: list, where: list[int]) -> set[int]:
    """The indexes of ``where`` whose entries were not in ``committed``: the
    ids of both lists matched in order (difflib), an entry with the same
    content as a committed one preferred; all of them when nothing was committed."""
    def key(entry) -> str | None:
        return entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else None

    then = [key(e) for e in committed]
    if not then:
        return set()
    matched = set()
    blocks = difflib.SequenceMatcher(None, then, [key(e) for e in raw], autojunk=False).get_matching_blocks()
    for block in blocks:
        matched |= set(range(block.b, block.b + block.size))
    old_ids = then.count(key(raw[where[0]]))
    same = {at for at in where if _canonical(raw[at]) in {_canonical(e) for e in committed}}
    ranked = sorted(where, key=lambda at: (at not in same, at not in matched, at))  # most surely old first
    return set(ranked[old_ids:])


def _canonical(entry) -> str:
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str)


def told(src, twice_ids: dict[str, list[Twice]], users: dict[str, list[str]], reasons: dict) -> set[str]:
    """Each duplicate's error (``twice_ids``: id -> what ``twice`` gave, in
    ``src.problems``) completed with what is held back for it: the items of
    ``users`` (id -> files) and a department's folder (its own message, from
    ``reasons``, folded in).  Returns the ids told so (no warning of their own)."""
    items = src.display(src.salvage_under) if src.salvage_under is not None else "items"
    for value, errors in twice_ids.items():
        department = bool(errors) and errors[0].problem.file.endswith("departments.yaml")
        folder = sorted(d for d in reasons if department and PurePosixPath(d).parent.as_posix() == f"{items}/{value}")
        files = sorted(set(users.get(value, [])) - set(folder))  # a folder's files are counted with it
        held = [say("registry_used_items", n=len(files), files=_listed(files))[0]] if files else []
        if folder:
            told_there = {p for d in folder for p in reasons[d]}
            src.problems[:] = [p for p in src.problems if p not in told_there]
            held.append(say("registry_used_folder", folder=f"{items}/{value}/", n=len(folder))[0])
        if not held:
            continue
        for error in errors:
            message, hint = say("registry_id_twice", **(error.values | {"users": say(
                "registry_twice_users", id=value, users="；".join(held))[0]}))
            src.problems[:] = [replace(p, message=message) if p == error.problem else p for p in src.problems]
    return set(twice_ids)


def _listed(names: list[str]) -> str:
    return "、".join(names[:_SHOWN]) + ("……" if len(names) > _SHOWN else "")
