"""An item file renamed and broken in the same edit (clerk trial 12, #20:
992023001000.yaml saved as 992023010000.yaml with an unclosed quote was told
the item was deleted, to restore it, and then, with both files present, to
rename the new one to the implementation code, keeping a duplicate).

A committed item file missing from the working tree is taken as renamed to a
new file that cannot be read (no name read from it, so lifecycle.problems
cannot match the names) when its text is mostly the committed text
(difflib ratio at least ``SAME``), or half of it (``LIKE``) when the new
file's name is at most ``NEAR`` edits from the old one (a typo or two
swapped digits).
"""

from __future__ import annotations

import difflib
from pathlib import Path

NEAR = 2  # edits (insertions, deletions, substitutions) between the two file names
SAME = 0.8  # difflib.SequenceMatcher ratio of the new text to the committed one
LIKE = 0.5  # the same, for a file whose name is NEAR


def distance(a: str, b: str) -> int:
    """The Levenshtein distance of ``a`` and ``b`` (a swap of two neighbours counts 2)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def renamed_to(key: str, committed: bytes, unread: dict[str, str], read) -> str | None:
    """The file (as problems name it) of ``unread`` (key -> file: new item
    files no name could be read from) that the removed item file ``key``
    with the ``committed`` bytes looks renamed to, or None: its text is at
    least ``SAME`` like the committed one, or ``LIKE`` when its name is at
    most ``NEAR`` edits away (a new item of the next serial, 992023005000
    beside a deleted 992023001000, is not taken for it).  ``read(file)``
    returns the file's bytes (b"" when it cannot be read)."""
    old = committed.decode("utf-8", "replace")
    found = []
    for k, file in unread.items():
        new = read(file).decode("utf-8", "replace")
        near = distance(key, k) <= NEAR
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        bound = LIKE if near else SAME
        if new and matcher.quick_ratio() >= bound and (ratio := matcher.ratio()) >= bound:
            found.append((not near, -ratio, file))
    return min(found)[2] if found else None


def reader(root: Path | None):
    """``read(file)`` for renamed_to: the bytes of ``file`` (relative to the
    catalogue folder ``root``), b"" when it cannot be read."""
    def read(file: str) -> bytes:
        try:
            return (root / file).read_bytes() if root is not None else b""
        except OSError:
            return b""
    return read
