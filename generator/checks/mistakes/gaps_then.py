"""Whether a gap of a changed item is new since the last commit.

Clerk trial 17, worst #4: the plain ``check`` told every gap of a changed
item as "多半是它原来就有的，不是这次改动删掉的", also for a brand-new item
file and for the gap the edit itself made (``necessity: situational``
without ``applies_when``).  So each gap is told as what it is, against the
item file as committed (``item_refs.committed_data``, one git read):

- ``"new_file"``: the item's file (by its key) is not in the last commit;
- ``"new"``: the committed item did not have this gap (the edit made it);
- ``"filled"``: a detail of an element the committed item left out wholly
  (a material's ``form`` when it had no ``materials``: county trial 3, F9;
  ``gaps.detail_of_unstated``): the edit filled the element in, this part
  is still to write, and ``check --base`` does not block on it;
- ``"old"``: the committed item had it already;
- ``"unknown"``: no git, or the committed file cannot be read as an item
  (a county file extending a base item, a file broken at that commit):
  nothing is claimed.

A gap is "the same" as a committed one when its element and the entry it
shows in (a material by its name, else by its place) are.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.checks.gaps import Gap, all_gaps, detail_of_unstated, unstated
from generator.checks.mistakes.item_refs import committed_data


def kinds(cat, entry, gaps: Iterable[Gap]) -> dict[Gap, str]:
    """Gap -> "new_file" | "new" | "filled" | "old" | "unknown" (see the module's
    docstring) for the ``gaps`` of ``entry`` (catalogue.Entry) in ``cat``
    (its ``history``: sources/history.History).  Reads one blob from git."""
    gaps = list(gaps)
    history = getattr(cat, "history", None)
    if history is None or not getattr(history, "available", False):
        return {g: "unknown" for g in gaps}
    if entry.key not in history.head_files:
        return {g: "new_file" for g in gaps}
    committed = _committed_gaps(committed_data(history, entry.key), cat)
    if committed is None:
        return {g: "unknown" for g in gaps}
    then, left_out = committed
    return {g: ("old" if _identity(g, entry.item) in then else
                "filled" if detail_of_unstated(g.element, left_out) else "new") for g in gaps}


def _committed_gaps(data, cat) -> tuple[set, set] | None:
    """The identities of the committed item's gaps and the elements it left
    out wholly, or None when it is not readable as an item on its own."""
    from generator.checks.model import Item
    if not isinstance(data, dict) or "extends" in data:
        return None
    try:
        item = Item.model_validate(data)
    except (ValueError, TypeError):
        return None
    return {_identity(g, item) for g in all_gaps(item, cat.office)}, unstated(item, cat.office)


def _identity(gap: Gap, item) -> tuple:
    """(element, the entry it shows in): a material by its name."""
    path = gap.path
    if len(path) >= 2 and path[0] == "materials" and isinstance(path[1], int):
        materials = item.materials or []
        name = materials[path[1]].name if path[1] < len(materials) else None
        return gap.element, "materials", name if name else path[1]
    return gap.element, tuple(p for p in path if p != "necessity")
