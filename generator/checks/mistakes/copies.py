"""An item file in another department's folder: copied there, or moved
there, and the one message each gets (clerk trials 7 and 8).

Copied (clerk trial 7, #33): the original is still in the folder of a
department whose ``codes`` (content/departments.yaml) hold the code's
category digits (5th-6th, ``codes.category_digits``): the copy is told to
be deleted (``code_department_copy``), not to add the digits to its
department's ``codes``.  Moved (clerk trial 8, #20: ``git mv``, or deleted
at the old path and written at the new one): git's HEAD has the file under
the same key in the folder of a department owning those digits, and no
file is there now: it is told to move back (``code_department_moved``);
an item really handed over to another department is retired and replaced,
as ``checks/lifecycle.py`` and ``replaced_by`` allow, never moved.

Each is one message: what follows from it is folded (``folding``,
``folded``; used by ``validate._hold_back``): the file name, implementation
code and slug the copy shares with its original (``duplicates``), and the
implementing-body warning of a moved item that names the department it
came from (``consistency``).  A department that really implements another
category lists it in its ``codes``: its items are neither copies nor moves.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from generator.catalogue import Catalogue, Entry
from generator.checks.codes import category_digits
from generator.checks.partial import ITEM_STAND_IN  # a name that could not be read: never shown

# Findings that are the one message of their element: the others at it follow from them.
TOLD_FIRST = ("file_name_changed", "file_name_copy", "file_name_moved")  # moved: renamed too (committed_name)
# Findings that say the file is a copy of another item's file (the file to delete).
COPY = ("file_name_copy", "code_department_copy")
# Catalogue findings at a copy that only repeat that it is one (rules.check_catalogue).
FOLLOW_COPY = ("key_duplicate", "impl_duplicate", "slug_duplicate", "code_shared")
# Warnings at a moved item that say where it came from (consistency._body_of_other_department).
FOLLOW_MOVE = ("body_other_department", "body_near_department")
_COPIED, _MOVED = ("<copied>",), ("<moved>",)  # markers in ``folding``'s set: never an element's path


def copied_from(entry: Entry, cat: Catalogue) -> dict | None:
    """When the item's basic code has another department's category code
    (5th-6th digits, not in its own department's ``codes``) and an item of a
    department owning that code has the same basic code, this file looks
    copied from there (clerk trial 7, #33): {"other": its file, "other_name":
    its item's name, "owner": that department's name}, to say so instead of
    adding the code to this department's codes; else None."""
    code, own = entry.item.code, cat.department.get(entry.department)
    digits = category_digits(code)
    if digits is None or own is None or not own.codes or digits in own.codes:
        return None
    for other in cat.entries:
        owner = cat.department.get(other.department)
        if other.source != entry.source and other.item.code == code and owner is not None and digits in owner.codes:
            name = other.item.name if other.item.name and other.item.name != ITEM_STAND_IN["name"] else other.key
            return {"other": other.source, "other_name": name, "owner": owner.name}
    return None


def moved_from(entry: Entry, cat: Catalogue) -> dict | None:
    """When git's HEAD (``cat.history``, read) has the item's file, under the
    same key, in another department's folder whose ``codes`` hold the item's
    category digits (and its own department's do not), and no other file
    of that key is read now: {"was": the committed path ("items/education/
    992004001000.yaml"), "folder_was": its folder ("items/education"),
    "owner": that department's name, "next": " <the next unused code of
    this department>" or ""}; else None (no git, a new file, a copy)."""
    history = cat.history if getattr(cat.history, "available", False) else None
    own = cat.department.get(entry.department)
    digits = category_digits(entry.item.code)
    if history is None or own is None or not own.codes or digits is None or digits in own.codes:
        return None
    was = history.head_files.get(entry.key)
    if was is None or was == entry.source:
        return None
    folder = PurePosixPath(was).parent
    owner = cat.department.get(folder.name)
    if owner is None or digits not in owner.codes or entry.key in cat.reported_elsewhere:  # an unreadable file there
        return None
    if any(e.key == entry.key and e.source != entry.source for e in cat.entries):
        return None  # still there (or elsewhere): a copy, told by duplicates
    from generator.checks.duplicates import next_code
    return {"was": was, "folder_was": str(folder), "owner": owner.name, "next": next_code(entry, cat)}


def department_code(entry: Entry, cat: Catalogue, values: dict) -> tuple[str, dict] | None:
    """(message key, values) replacing ``code_department`` (``values``: its
    "got" and "expected") when the file is a copy or a move; else None."""
    if (original := copied_from(entry, cat)) is not None:
        return "code_department_copy", dict(values, file=entry.source, folder=entry.department, **original)
    if (moved := moved_from(entry, cat)) is not None:
        return "code_department_moved", dict(values, file=entry.source, **moved)
    return None


def folding(source: str, found) -> set[tuple]:
    """What the findings ``found`` of the file ``source`` fold (for
    ``folded``): (source, path) of each finding that is the one message of
    its element (a code changed by mistake, a copy's file name), and markers
    of a copy and of a move."""
    folds = {(source, f.path) for f in found if f.key in TOLD_FIRST}
    folds |= {(source, _COPIED) for f in found if f.key in COPY}
    folds |= {(source, _MOVED) for f in found if f.key in ("code_department_moved", "file_name_moved")}
    return folds


def folded(source: str, finding, folds: set[tuple]) -> bool:
    """True when ``finding`` (rules.Finding of ``source``) follows from a
    message in ``folds`` (``folding``) and is not told: another finding at
    the element of a code changed by mistake (and the implementation code's
    basic-code part, which contradicts it: clerk trial 4, #20), a copy's
    duplicates, a moved item's implementing-body warning."""
    if finding.key in TOLD_FIRST:
        return False
    return ((source, finding.path[:1]) in folds
            or (finding.key == "impl_basic" and (source, ("code",)) in folds)
            or (finding.key in FOLLOW_COPY and (source, _COPIED) in folds)
            or (finding.key in FOLLOW_MOVE and (source, _MOVED) in folds))


def committed_name(entry: Entry, cat: Catalogue, names: list[str]) -> str | None:
    """The name an item file renamed by mistake had at the last commit
    (clerk trial 10, #30: "992022001000.yaml" renamed "992022010000.yaml"
    was offered the 31-character implementation-code name first): the first
    of ``names`` (identities no other file has) naming a file in git's HEAD,
    as a file name when that file was in the same folder, else as its path;
    None without git or when none did."""
    history = cat.history
    if history is None or not history.available:
        return None
    was = next((history.head_files[v] for v in names if v in history.head_files), None)
    if was is None:
        return None
    return PurePosixPath(was).name if PurePosixPath(was).parent == PurePosixPath(entry.source).parent else was
