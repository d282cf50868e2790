"""No silent removal, no reused codes (动态管理, MISSION.md §5; 001_…, part 3:
published items are not removed or changed at will, codes never change
meaning).

The rules compare three sets of item files: the working tree (what is about
to be committed), HEAD, and every earlier commit (``sources/history.py``):

- an item file gone from the working tree, or deleted by a published
  commit, must have been *retired* first: its last version says status
  ``cancelled`` or ``suspended`` with the date and ``status_reason``
  (``history.retired``).  A file renamed to a new key keeps the item (git's
  rename detection in history; the same name under a new key in the
  working tree): the old address then redirects.
- a key (file name = code) that ever named an item can never be given to
  another item: a key used again after it disappeared must name the same
  item (same name: the item restored), else the new file is an error and
  held back.
- the same for implementation codes (实施编码) inside the files: a code
  stated by an item in any commit belongs to that item (its first holder,
  followed through renames of its file); another item (another key and
  another name) stating it later is an error at its ``implementation_code``
  line and held back.  While the first holder still states it, the two are
  duplicates, reported by ``rules.check_catalogue`` (impl_duplicate).

Without git (a tarball) nothing can be compared and nothing is reported.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from generator.checks.mistakes import item_refs, renamed_files
from generator.checks.content_rules import check_date
from generator.checks.mistakes.event_items import Listed
from generator.checks.partial import ITEM_STAND_IN
from generator.checks.problems import Problem
from generator.checks.rules import Finding
from generator.messages import quoted, say
from generator.sources import history as hist
from generator.sources.gitlog import head_blob, repo_prefix


def _when(change: hist.Change) -> str:
    return say("lifecycle_committed", date=change.date.isoformat(), commit=change.commit[:8])[0]


def _removed(key: str, name: str, when: str, restore: str, path: str, in_repo: str,
             listed: Callable[[str], list[Listed]], commit: str = "", committed: bytes | None = None) -> Problem:
    """The problem of an item file removed without being retired first, at
    its line 1: its hint numbered steps, one a line (restore it, in the
    browser or by git; retire it; take it out of the life events that list
    it, each by file and line; delete it once published).  Clerk trial 14,
    #17: one long sentence for the terminal, the life event not named.
    ``restore``: the git version to restore from; ``commit``: the commit
    that deleted it, "" when it is deleted in the working tree;
    ``committed``: the file's bytes in ``restore`` (``retire_step``)."""
    web = say("removed_web_commit", commit=commit, in_repo=in_repo)[0] if commit else \
        say("removed_web_head", in_repo=in_repo)[0]
    places = [say("removed_unlist_place", file=p.file, line=p.line, step=p.step,
                  what=say("removed_unlist_only")[0] if not p.others else
                  say("removed_unlist_either")[0] if p.others == 1 and p.either else "")[0] for p in listed(key)]
    unlist = say("removed_unlist", n=3, key=key, places=say("removed_unlist_sep")[0].join(places))[0] \
        if places else ""
    message, hint = say("removed_not_retired", name=name, when=when, restore=restore, path=path, in_repo=in_repo,
                        web=web, unlist=unlist, last=4 if places else 3, retire=retire_step(committed))
    return Problem(path, 1, 1, message, hint)


_TOP_KEY = re.compile(r"(status|name)[ \t]*:[ \t]*(.*?)[ \t]*\r?$", re.MULTILINE)


def retire_step(committed: bytes | None) -> str:
    """Step 2 of a removed item's hint: how to retire the file restored
    from ``committed`` (its bytes in git).  With a top-level ``status:``
    line: change it (its line named); without one (most items do not state
    it): the three lines to add, below the ``name:`` line (its line named)
    or at the end, the date today's (``content_rules.check_date``).  Clerk
    trial 15, #15: "把 status 改为 cancelled" on a file with no status line."""
    text = (committed or b"").decode("utf-8-sig", "replace")
    lines = {m.group(1): (text.count("\n", 0, m.start()) + 1, m.group(0).strip()) for m in _TOP_KEY.finditer(text)
             if m.start() == 0 or text[m.start() - 1] == "\n"}
    if "status" in lines:
        return say("removed_retire_change", line=lines["status"][0])[0]
    where = say("removed_retire_below", line=lines["name"][0], shown=quoted(lines["name"][1], 40))[0] if "name" in lines \
        else say("removed_retire_end")[0]
    return say("removed_retire_add", where=where, today=check_date().isoformat())[0]


def problems(history: hist.History, present: dict[str, tuple[str, str]], items_dir: str = "items",
             renamed: set[str] | None = None, listed: Callable[[str], list[Listed]] = lambda key: []) \
        -> tuple[list[Problem], set[str]]:
    """Problems of removed and reused keys, and the files to hold back.

    ``present``: key -> (file as problems name it, the item's name or "")
    for every item file in the working tree, published or not.  ``renamed``
    receives the keys of removed files told as renamed to an unreadable one
    (checks/mistakes/renamed_files.py), reported at the new file.
    ``listed``: where life events list a key (``event_items.listing``), named
    in a removed item's hint."""
    if not history.available:
        return [], set()
    found: list[Problem] = []
    hold: set[str] = set()
    # The restore command is run from the repository's top (make, README): the
    # catalogue's own folder in it comes first ("catalogue/" in a county's fork).
    prefix = repo_prefix(history.root) if history.root is not None else ""
    new_keys = {k for k in present if k not in history.head_files}

    # Removed in the working tree (not yet committed).
    unread = {k: present[k][0] for k in new_keys  # no name read (clerk trial 12, #20; partial.ITEM_STAND_IN)
              if present[k][1] in ("", ITEM_STAND_IN["name"])}
    for key, path in sorted(history.head_files.items()):
        if key in present:
            continue
        blob = head_blob(history.root, path, history.rev)
        state = hist.state_of(hist.load_blob(blob))
        if hist.retired(state):
            continue
        name = state.get("name", "")
        if name and name in {present[k][1] for k in new_keys}:
            continue  # the same item under a new key: a rename
        if unread and (to := renamed_files.renamed_to(key, blob or b"", unread, renamed_files.reader(history.root))):
            unread = {k: f for k, f in unread.items() if f != to}
            message, hint = say("renamed_unreadable", was=path, was_name=Path(path).name, name=name or key)
            found.append(Problem(to, 1, 1, message, hint))
            if renamed is not None:
                renamed.add(key)
            continue
        found.append(_removed(key, name or key, say("lifecycle_uncommitted")[0], history.rev, path, prefix + path, listed,
                              committed=blob))

    # Removed by a published commit without being retired first.
    for key, change in sorted(history.removed.items()):
        if key in present or hist.retired(change.state):
            continue
        path = f"{items_dir.strip('/')}/{change.department}/{change.key}.yaml"
        found.append(_removed(key, change.name or key, _when(change), f"{change.commit[:8]}^", path, prefix + path,
                              listed, change.commit[:8], head_blob(history.root, path, f"{change.commit}^")))

    # A key given to another item.
    reused = {c.key: c for c in reused_keys(history)}
    gone = disappeared(history.changes)
    for key, (display, name) in sorted(present.items()):
        if key in new_keys and key in gone:
            before = gone[key]
            if before.name and name and before.name != name:
                how = say("lifecycle_code_gone")[0] if before.kind == "removed" else \
                    say("lifecycle_code_to", to=before.key)[0]
                found.append(_reuse(display, key, before.name, before.date.isoformat(), how, name))
                hold.add(display)
        elif key in reused and key not in new_keys and present[key][1] == reused[key].name:
            change = reused[key]
            how = say("lifecycle_code_gone")[0] if change.state.get("how") == "removed" else \
                say("lifecycle_code_to", to=change.state.get("to"))[0]
            found.append(_reuse(display, key, change.state.get("former", ""), change.state.get("gone", ""), how,
                                name))
            hold.add(display)
    return found, hold


def _reuse(display: str, key: str, former: str, gone: str, how: str, name: str) -> Problem:
    message, hint = say("code_reused", key=key, former=former, gone=gone, how=how, name=name)
    return Problem(display, 1, 1, message, hint)


def reused_keys(history: hist.History) -> list[hist.Change]:
    """Re-adds that gave a key to another item: the name differs from the
    one the key had when it disappeared (``state["former"]``).  The same
    item restored under its key (same name) is not listed."""
    return [c for c in history.changes if c.kind == "readded"
            and c.state.get("former") and c.name and c.state["former"] != c.name]


def disappeared(changes_: list[hist.Change]) -> dict[str, hist.Change]:
    """Key -> how it last disappeared (removed, or renamed away: then
    ``old_key`` is the key), for keys not used again since."""
    gone: dict[str, hist.Change] = {}
    for change in changes_:
        hist.track(gone, change)
    return gone


def reused_implementation_codes(history: hist.History, present: dict[str, tuple[str, str, str]]) -> \
        list[tuple[str, Finding]]:
    """(file, finding at its ``implementation_code``) for each item stating an
    implementation code that first belonged to another item.

    ``present``: key -> (file as problems name it, the item's name, its
    implementation code or "") for the working tree's items.  An item is the
    code's first holder when it has its key (followed through renames) or
    its name; while the first holder still states the code, a second
    holder is a duplicate (rules.py reports it), not a reuse."""
    if not history.available:
        return []
    holders = history.implementation_codes
    stating: dict[str, set[str]] = {}
    for key, (_, _, impl) in present.items():
        if impl:
            stating.setdefault(impl, set()).add(key)
    found = []
    for key, (display, name, impl) in sorted(present.items()):
        first = holders.get(impl, [None])[0] if impl else None
        if first is None:
            continue
        owner = history.renamed.get(first.key, first.key)
        if key in (first.key, owner) or (first.name and first.name == name):
            continue
        if stating[impl] & {first.key, owner}:
            continue  # both state it now: a duplicate (rules.check_catalogue)
        found.append((display, Finding(("implementation_code",), "impl_code_reused", {
            "code": impl, "former": first.name or first.key, "key": first.key, "since": first.date.isoformat(),
            "name": name})))
    return found


IDENTITIES = ("implementation_code", "local_code", "code", "slug", "source_id")  # code_rules.identities


def committed_identity(history: hist.History | None, key: str) -> tuple[str, str] | None:
    """(element, value) of the identity that named the item file ``key``
    when it was last committed (``code``, "992002001000"), or None when the
    file is new, or nothing committed names it so.  Used when an item's file
    name matches none of its identities: the one committed was probably
    changed by mistake (clerk trial 3, #12: renaming the file kept the wrong
    code for good).  Reads one blob from git."""
    state = item_refs.committed_data(history, key)
    if not isinstance(state, dict):
        return None
    return next(((name, key) for name in IDENTITIES if str(state.get(name) or "") == key), None)
