"""An item copied from another that keeps the original's online address
(clerk trial 19: the copy hint followed, ``online_url`` left as it was, so
the new item's page sends applicants to the other item's online service).

Two items whose basic codes differ (``code``) and whose ``channels.online_url``
(or ``mobile_url``) is the same address: a warning at that line of one of
them, naming the other.  Which one: the item not in the last commit (the
copy) when git says so; else the later file name (files sorted), so the
pair is told once.  Items of the same basic code may share a service (one
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

    def order(entry) -> tuple:
        return (history is not None and entry.key not in committed, entry.source)

    for key in ("online_url", "mobile_url"):
        first: dict[str, object] = {}
        for entry in sorted(cat.entries, key=order):
            channels = entry.item.channels
            url = str(getattr(channels, key, None) or "").strip() if channels else ""
            if not url:
                continue
            other = first.setdefault(url, entry)
            if other is not entry and other.item.code and entry.item.code and other.item.code != entry.item.code \
                    and not _told_as_copy(entry.item, other.item):
                yield entry, ("channels", key), {"url": url, "other": other.source, "other_name": other.item.name}


def _told_as_copy(item, other) -> bool:
    """True when ``item`` still has ``other``'s name or implementation code
    (told as a copy by checks/duplicates.py and the code rules)."""
    return item.name == other.name or bool(item.implementation_code and
                                           item.implementation_code == other.implementation_code)
