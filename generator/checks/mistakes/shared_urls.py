"""An item copied from another that keeps the original's online address
(clerk trial 19: the copy hint followed, ``online_url`` left as it was, so
the new item's page sends applicants to the other item's online service).

Two items whose basic codes differ (``code``) and whose ``channels.online_url``
(or ``mobile_url``) is the same address: a warning at that line of one of
them, naming the other: the one not in the last commit (the copy); without
git, or when the address is shared by more than the two (a portal's front
page for every item), nothing is told.  Items of the same basic code may share a service (one
item implemented by several bodies): not told; nor a copy that keeps the
original's name or implementation code, which its own message already tells
as a copy (one message, no knock-on).
"""

from __future__ import annotations

from typing import Iterator


def shared_urls(cat) -> Iterator[tuple]:
    """(entry, path, values) for each item whose ``online_url`` or
    ``mobile_url`` equals another item's of another basic code; values:
    ``url``, ``other`` (that item's file), ``other_name``.  ``cat``: the
    Catalogue (its ``history`` read for the files of the last commit)."""
    history = cat.history if getattr(cat.history, "available", False) else None
    committed = getattr(history, "head_files", None) or {}
    if history is None:  # which one is the copy is unknown without git: nothing told
        return

    for key in ("online_url", "mobile_url"):
        holders: dict[str, list] = {}
        for entry in cat.entries:
            channels = entry.item.channels
            url = str(getattr(channels, key, None) or "").strip() if channels else ""
            if url:
                holders.setdefault(url, []).append(entry)
        # Only a pair: an address many items share (a portal's front page, a synthetic
        # catalogue's) is no copy's slip, and telling each would drown the check.
        for url, pair in holders.items():
            if len(pair) != 2:
                continue
            new = [e for e in pair if e.key not in committed]
            if len(new) != 1:
                continue
            entry, other = new[0], next(e for e in pair if e is not new[0])
            if other.item.code and entry.item.code and other.item.code != entry.item.code \
                    and not _told_as_copy(entry.item, other.item):
                yield entry, ("channels", key), {"url": url, "other": other.source, "other_name": other.item.name}


def _told_as_copy(item, other) -> bool:
    """True when ``item`` still has ``other``'s name or implementation code
    (told as a copy by checks/duplicates.py and the code rules)."""
    return item.name == other.name or bool(item.implementation_code and
                                           item.implementation_code == other.implementation_code)
