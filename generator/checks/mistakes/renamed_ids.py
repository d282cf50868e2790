"""Registry ids changed since the last commit: an entry of
``content/departments.yaml``, ``offices.yaml`` or ``proofs.yaml`` renamed
or deleted while the catalogue still uses its id.

Clerk trial 4, #43: an office id renamed (hupan-station →
hupan-village-station) gave four errors in three other departments' items,
each suggesting the new id, none where the change was made.  Clerk trial 9,
#35: a proof entry deleted was reported only at the item, with a look-alike
id that passed and mislabelled the material; #22: a department id renamed
(health → health-commission) was reported at the life event and at the
folder (following them moved 4 item files and kept the accidental rename).

The ids are compared with the committed file (HEAD, or the ``--base``
revision), only when something refers to an id the registry lacks: an id
gone since, paired with a new id of the same entry (the same name, or the
only id gone and the only one added), is a rename; unpaired, a deletion.
What uses the old id is held back without a message of its own
(``Sources.broken_ids``: ``broken_reference``; a department's folder:
``fold_folders``), and one error at the registry names the old id, what
still uses it and the fix: change the id back (``registry_id_renamed``), or
restore the entry as committed (``registry_id_deleted``); never a look-alike.
Without git nothing is compared.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from pydantic import BaseModel

from generator.catalogue import Catalogue
from generator.checks.mistakes import pasted_ids
from generator.checks.model import Department, Office, Proof
from generator.checks.problems import Problem
from generator.checks.rules import Finding
from generator.messages import say
from generator.sources.gitlog import head_blob

MODELS = {"departments.yaml": Department, "offices.yaml": Office, "proofs.yaml": Proof}
# What to do instead of restoring a deleted entry, per registry.
_OTHERWISE = {"departments.yaml": "registry_deleted_departments", "offices.yaml": "registry_deleted_offices",
              "proofs.yaml": "registry_deleted_proofs"}
_SHOWN = 5  # files named in a message, the others counted


@dataclass(frozen=True)
class Changed:
    """An id of ``display`` (a list registry, shown) gone since the commit."""

    display: str
    model: type
    old: str
    new: str | None  # the id it was renamed to; None: deleted
    index: int  # renamed: the new entry's index now; deleted: the entry now where it was (-1: none after it)
    line: int  # 1-based line of the committed entry
    name: str  # its committed name
    entry: str  # the committed entry in one line ("- {id: …, name: …}")
    uses: tuple[str, ...] = ()  # what else uses the old id, told (a department's folder, life events, offices)
    folder: str = ""  # a department's item folder ("items/health/") whose files are held back for it


def committed_entries(cat: Catalogue, display: str) -> list:
    """The entries of the registry file ``display`` (relative to the
    catalogue's root) as committed in HEAD or the ``--base`` revision: the
    YAML list as read, its items not checked; [] without git, without the
    file or when it is not a readable list."""
    history = cat.history
    if history is None or not getattr(history, "available", False):
        return []
    return committed_list(history.root, history.rev, display)


def committed_list(root: Path, rev: str, display: str) -> list:
    """``committed_entries`` before the history is read: the list in
    ``display`` at ``rev`` of the repository holding ``root`` (one ``git
    show``); [] without git, a commit, the file or a readable list."""
    try:
        before = yaml.safe_load((head_blob(root, display, rev) or b"").decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return []
    return before if isinstance(before, list) else []


def committed_mapping(root: Path, rev: str, display: str) -> dict:
    """The mapping in ``display`` at ``rev`` (e.g. taxonomies.yaml's term
    lists by group), as ``committed_list`` reads a list; {} without it."""
    try:
        before = yaml.safe_load((head_blob(root, display, rev) or b"").decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return before if isinstance(before, dict) else {}


def _missing(cat: Catalogue, reasons: dict, items_shown: str) -> dict[str, set[str]]:
    """Per registry file name: the ids referred to that it lacks (no git call when none)."""
    folders = {d[len(items_shown) + 1:].split("/")[0] for d in reasons if d.startswith(items_shown + "/")}
    departments = folders | {e.department for e in cat.entries} | {e.lead_department for e in cat.life_events}
    departments |= {d for e in cat.entries for d in e.item.joint_departments}
    offices = {o.office for e in cat.entries for o in e.item.offices or []} | {o.parent for o in cat.offices if o.parent}
    proofs = {m.proof for e in cat.entries for m in e.item.materials or [] if m.proof}
    return {"departments.yaml": departments - set(cat.department), "offices.yaml": offices - set(cat.office),
            "proofs.yaml": proofs - set(cat.proof)}


def _committed(history, display: str) -> list[tuple[dict, int]]:
    """(entry, its 1-based first line) of each mapping with an id in the
    committed ``display``; [] without git or a readable list."""
    try:
        text = (head_blob(history.root, display, history.rev) or b"").decode("utf-8-sig")
        node, data = yaml.compose(text, Loader=yaml.SafeLoader), yaml.safe_load(text)
    except (yaml.YAMLError, UnicodeDecodeError):
        return []
    if not isinstance(node, yaml.SequenceNode) or not isinstance(data, list):
        return []
    return [(d, n.start_mark.line + 1) for d, n in zip(data, node.value)
            if isinstance(d, dict) and isinstance(d.get("id"), str)]


def changed_ids(src, cat: Catalogue, content: Path, reasons: dict, items_dir: Path,
                events: dict[str, object]) -> dict[str, Changed]:
    """Old id -> ``Changed`` for each id of the list registries under
    ``content`` renamed or deleted since the commit (``cat.history``) that
    something still refers to; ``reasons``: validate's held-back reasons
    (a department's folder is folded here: ``fold_folders``); ``events``:
    life-event file shown -> life event."""
    history = cat.history
    if history is None or not getattr(history, "available", False):
        return {}
    items_shown = src.display(items_dir)
    found: dict[str, Changed] = {}
    for name, missing in _missing(cat, reasons, items_shown).items():
        display, entries = src.display(content / name), getattr(cat, name.split(".")[0])  # cat.proofs …
        present = {e.id for e in entries} | {i for i, (d, _) in src.broken_ids.items() if d == display} | \
            {i for i, d in src.unread_ids.items() if d == display}
        if not missing - present:
            continue
        before = _committed(history, display)
        then = {d["id"]: str(d.get("name") or "") for d, _ in before}
        now = {e.id: e.name or "" for e in entries}
        gone = [i for i in then if i not in present]
        added = [i for i in now if i not in then]
        pairs = {old: new for old in gone for new in added if then[old] and then[old] == now[new]}
        if not pairs and len(gone) == len(added) == 1 and _in_place(gone[0], added[0], before, list(now)):
            pairs = {gone[0]: added[0]}
        index = {e.id: src.entry_index.get((display, e.id), i) for i, e in enumerate(entries)}
        written = _written(src, display)
        for k, (data, line) in enumerate(before):
            old = data["id"]
            if old not in gone or old not in missing:
                continue
            new = pairs.get(old)
            after = next((written[d["id"]] for d, _ in before[k + 1:] if d["id"] in written and d["id"] != new), -1)
            flow = yaml.safe_dump(data, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10 ** 6)
            found[old] = Changed(display, MODELS[name], old, new, index[new] if new else after, line,
                                 then[old], "- " + flow.strip(), _uses(name, old, cat, events))
    fold_folders(src, found, reasons, items_shown)
    return found


def _written(src, display: str) -> dict[str, int]:
    """Id -> index of its first entry in the file as written now, held back
    or not: a deleted entry is told at the entry now after the gap, though
    that one is held back for another mistake (clerk trial 16, #31: a
    duplicated id moved the place down to the entry after it)."""
    data = src.located(display).data
    first: dict[str, int] = {}
    for i, entry in enumerate(data if isinstance(data, list) else []):
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            first.setdefault(entry["id"], i)
    return first


def _in_place(old: str, new: str, before: list[tuple[dict, int]], now: list[str]) -> bool:
    """True when ``new`` stands now where ``old`` stood (the same entry
    before it, or both first): an id changed in place, not one entry
    deleted and another added elsewhere."""
    then = [d["id"] for d, _ in before]
    return (then[then.index(old) - 1] if then.index(old) else None) == (now[now.index(new) - 1] if now.index(new) else None)


def _uses(name: str, old: str, cat: Catalogue, events: dict[str, object]) -> tuple[str, ...]:
    """What refers to ``old`` besides the items (told by validate): life events
    (a department), the offices it is the parent of (an office)."""
    events_using = sorted(d for d, e in events.items() if e.lead_department == old) if name == "departments.yaml" else []
    children = [o.id for o in cat.offices if o.parent == old] if name == "offices.yaml" else []
    return tuple([say("registry_used_events", files=_listed(events_using))[0]] if events_using else []) + \
        tuple([say("registry_used_offices", ids=_listed(children))[0]] if children else [])


def _listed(names: list[str]) -> str:
    return "、".join(names[:_SHOWN]) + ("……" if len(names) > _SHOWN else "")


def fold_folders(src, found: dict[str, Changed], reasons: dict, items_shown: str) -> None:
    """The folder of each department in ``found``: its message
    (validate._load_items: not a registered department) is not told, its
    files are held back for the change (``reasons``) and counted in it."""
    for old, change in list(found.items()):
        prefix = f"{items_shown}/{old}/"
        files = sorted(d for d in reasons if d.startswith(prefix)) if change.model is Department else []
        if not files:
            continue
        folder_told = {p for d in files for p in reasons[d]}
        src.problems = [p for p in src.problems if p not in folder_told]
        used = say("registry_used_folder", folder=prefix, n=len(files))[0]
        found[old] = change = replace(change, uses=(used, *change.uses), folder=prefix)
        for d in files:
            reasons[d] = [_reason(src, change, d, old)]


def _position(src, change: Changed) -> tuple[int, int]:
    """Where ``change`` is told: the new id (renamed), the id of the entry
    now where the deleted one was, or (none after it) of the last entry."""
    doc = src.located(change.display)
    last = len(doc.data) - 1 if isinstance(doc.data, list) else 0
    return doc.position((change.index if change.index >= 0 else last, "id"))


def _reason(src, change: Changed, file: str, value: str) -> Problem:
    """Why a file using ``change``'s old id is held back (the quality page)."""
    line = _position(src, change)[0]
    key = "renamed_reference" if change.new else "deleted_reference"
    message, hint = say(key, value=value, file=change.display, new=change.new or "", line=line)
    return Problem(file, 1, 1, message, hint)


def told(src, users: dict[str, list[str]], reasons: dict) -> list[Problem]:
    """One problem per registry id that the items ``users`` (id -> files held
    back for it, ``broken_reference``) or other files use while it is broken
    (a warning at the entry, ``broken_entry_users``) or changed since the
    commit (``src.renamed_ids``: an error, see the module); the held-back
    files' ``reasons`` say which."""
    problems = []
    changed = [k for k, c in src.renamed_ids.items() if c.uses]
    twice = pasted_ids.told(src, src.twice_ids, users, reasons)  # an id written twice: its one error says it
    for value in dict.fromkeys([*users, *changed]):
        if value in src.unread_ids or value in twice:
            continue  # an entry lost to a syntax error: that error says what depends on it
        files = sorted(set(users.get(value, [])))
        change = src.renamed_ids.get(value)
        if change is None:
            display, index = src.broken_ids[value]
            values = {"id": value, "n": len(files), "files": _listed(files)}
            problems.append(src.finding(display, Finding((index, "id"), "broken_entry_users", values, "warning"),
                                        BaseModel))
            continue
        uses = ([say("registry_used_items", n=len(files), files=_listed(files))[0]] if files else []) + list(change.uses)
        values = {"id": value, "new": change.new or "", "name": change.name, "line": change.line, "users": "；".join(uses),
                  "entry": change.entry, "file": change.display}
        line, column = _position(src, change)
        if change.new:
            also = say("registry_renamed_folder", folder=change.folder,
                       new_folder=f"{change.folder.rsplit('/', 2)[0]}/{change.new}/")[0] if change.folder else ""
            message, hint = say("registry_id_renamed", also=also, **values)
        else:
            where = (say("registry_restore_before", line=line)[0] if change.index >= 0 else say("registry_restore_end")[0])
            otherwise = say(_OTHERWISE[change.display.rsplit("/", 1)[-1]], id=value)[0]
            message, hint = say("registry_id_deleted", where=where, otherwise=otherwise, **values)
        element = change.model.model_fields["id"].title
        problems.append(Problem(change.display, line, column, message, hint, element, "id"))
        for file in files:  # held back for it: say why (the quality page)
            reasons[file] = [_reason(src, change, file, value) if p.message == say(
                "broken_reference", value=value, file=change.display)[0] else p for p in reasons.get(file, [])]
    return problems
