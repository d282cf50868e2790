"""A text value (a phone, a code) written without quotes and read as a
number, told with what the last commit had there.

Clerk trial 17, #25 (worst #8): ``phone: 88002200`` (the area code dropped,
the quotes too) was told to quote the number, ``"88002200"``, which
confirmed the lost area code.  When the file's last commit (``gitrefs``,
one git read) had a text at the same place (a list entry of a registry
found by its ``id``) that is not the number, the message quotes it, and the
hint offers it back before the quoted number.  Without git, for a file not
committed, or when the committed value is the same number, nothing more.
"""

from __future__ import annotations

from pathlib import Path

from generator.checks import gitrefs
from generator.sources.history import load_blob


def told(value: int, loc: tuple, doc) -> tuple[str, dict]:
    """(locale message key, values) for the number ``value`` read at key
    path ``loc`` of ``doc`` (sources/load.Document) where text belongs:
    "expected_text_number_committed" with ``committed`` when the last
    commit had another text there, else "expected_text_number"."""
    was = committed(loc, doc)
    if isinstance(was, str) and was.strip() and was != str(value):
        return "expected_text_number_committed", {"value": value, "committed": was}
    return "expected_text_number", {"value": value}


def committed(loc: tuple, doc):
    """The value at ``loc`` in the last commit of ``doc``'s file, or None."""
    display = getattr(doc, "display", "")
    path = Path(getattr(doc, "path", "") or "")
    if not display or not path.name or path.as_posix().rsplit("/", display.count("/") + 1)[1:] != display.split("/"):
        return None
    root = path
    for _ in display.split("/"):
        root = root.parent
    try:
        data = load_blob(gitrefs.read(root, "HEAD", [display]).get(display))
    except gitrefs.GitError:
        return None
    now = doc.data
    for part in loc:
        if isinstance(part, int) and isinstance(data, list) and isinstance(now, list) and part < len(now):
            entry = now[part]
            same = [d for d in data if isinstance(d, dict) and isinstance(entry, dict) and "id" in entry
                    and d.get("id") == entry.get("id")]
            data = same[0] if same else (data[part] if part < len(data) else None)
            now = entry
        elif isinstance(part, str) and isinstance(data, dict):
            data, now = data.get(part), now.get(part) if isinstance(now, dict) else None
        else:
            return None
    return data
