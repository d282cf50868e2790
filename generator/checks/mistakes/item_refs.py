"""What a reference to an item that is not in the catalogue should suggest
(life events' steps, office hours' ``items``, ``replaced_by``), and items
that are cancelled but still listed in a life event.

Clerk trial 4 (docs/clerk-trials.md, #28): a code suggested by digit
similarity alone named an unrelated item (992009001000 住房公积金提取 for a
deleted 992007001000 in 结婚一件事), and a clerk following it changed what
the life event means without any message.  So:

- a key that named an item before (in HEAD, or removed by a commit) is said
  to be deleted, with its former name and what replaced it; no other code is
  suggested;
- otherwise a key is suggested only when it is one slip away (one character
  changed, added or dropped, or two neighbours swapped), and always with the
  suggested item's name, so a clerk can see whether it is the one meant.
"""

from __future__ import annotations

import difflib

from generator.catalogue import Catalogue
from generator.messages import say
from generator.sources import history as hist
from generator.sources.gitlog import head_blob


def one_slip(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with one character changed, added or dropped,
    or two neighbouring characters swapped (optimal string alignment
    distance 1)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def close_keys(key: str, cat: Catalogue, exclude: str | None = None) -> list[str]:
    """Keys of catalogue items one slip away from ``key`` (at most 3, in
    order); for a key that is not a code (a slug), those difflib finds at
    least 0.85 alike."""
    keys = [k for k in cat.by_key if k != exclude]
    close = [k for k in sorted(keys) if one_slip(key, k)]
    if not close and not key.isdigit():
        close = difflib.get_close_matches(key, keys, n=3, cutoff=0.85)
    return close[:3]


def named(key: str, cat: Catalogue) -> str:
    """``key（name）`` of a catalogue item, or the key alone."""
    entry = cat.by_key.get(key)
    return f"{key}（{entry.item.name}）" if entry is not None and entry.item.name else key


def suggestion(key: str, cat: Catalogue, exclude: str | None = None, listed: tuple = (), committed: tuple = ()) -> str:
    """"是不是想写 990701003000（xx）？" or "" (see the module's docstring).
    ``listed``: the keys of the same list, never suggested (clerk trial 16,
    #13: the first suggestion was already in the step); ``committed``: the
    list as committed, whose keys gone from it since are named first, as
    what the place held at the last commit."""
    gone = [k for k in committed if k not in listed and k != key and k in cat.by_key]
    close = [k for k in close_keys(key, cat, exclude) if k not in listed and k not in gone]
    if gone:
        return say("choice_committed", committed="、".join(named(k, cat) for k in gone),
                   others=say("choice_others", value="、".join(named(k, cat) for k in close))[0] if close else "")[0]
    return say("choice_meant", value="、".join(named(k, cat) for k in close))[0] if close else ""


def committed_list(cat: Catalogue, display: str, path: tuple, name: str | None = None) -> tuple[str, ...]:
    """The keys of the list at ``path`` (("steps", 0, "items")) of the file
    ``display`` (relative to the catalogue's root) at the last commit; ()
    without git, that file or list, or when the entry holding the list had
    another ``name`` then (a step inserted before it: another step)."""
    history = cat.history
    if history is None or not getattr(history, "available", False) or not display:
        return ()
    node = hist.load_blob(head_blob(history.root, display, history.rev))
    for part in path:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict):
            if part == path[-1] and name is not None and node.get("name") != name:
                return ()
            node = node.get(part)
        else:
            return ()
    return tuple(str(k).strip() for k in node) if isinstance(node, list) else ()


def committed_data(history, key: str):
    """The item file ``key`` as YAML read it at the last commit (``history``:
    sources/history.History, at its ``rev``), or None: no git, a file not
    committed, or unreadable.  Reads one blob from git; the one reader of a
    committed item file for the checks that compare with it."""
    if history is None or not getattr(history, "available", False) or key not in history.head_files:
        return None
    return hist.load_blob(head_blob(history.root, history.head_files[key], history.rev))


def former(cat: Catalogue, key: str) -> dict | None:
    """The last committed state of an item whose file is gone (history.state_of:
    name, status, replaced_by …), or None when ``key`` never named an item
    or there is no git history.  Reads one blob from git for a file deleted
    in the working tree."""
    history = cat.history
    if history is None or not getattr(history, "available", False):
        return None
    if key in history.head_files:
        state = hist.state_of(committed_data(history, key))
        return state or {"name": ""}
    change = history.removed.get(key)
    if change is None:
        return None
    state = dict(change.state)
    state.setdefault("name", change.name or "")
    return state


def removed_values(key: str, state: dict, cat: Catalogue) -> dict:
    """Values for the *_removed_item messages: the code, its former name and
    what to write instead ("" or "；它已由 X（name）替代，改写成 \"X\"")."""
    instead = state.get("replaced_by")
    replacement = say("removed_replacement", item=named(instead, cat), code=instead)[0] if instead in cat.by_key else ""
    return {"code": key, "name": state.get("name") or "—", "replacement": replacement}
