"""A step id written twice in one item (``steps``), told with which of the
two to change and a free id to give it.

Clerk trial 18, #17 (worst 7): "给其中一个环节换一个本事项内没用过的 id" named
neither the step nor an id.  The step to change is the one that did not have
this id at the last commit (``item_refs.committed_data``: it was added or
renamed since), else the second; the id offered is the one a step of the
same name had at the last commit when it is free, else the id with the
first free number after it (``query2``).
"""

from __future__ import annotations

from generator.checks.mistakes import item_refs


def duplicate(item, i: int, first: int, history=None, key: str = "") -> tuple[int, int, str]:
    """(index of the step to change, index of the other, the id to give it)
    for the steps ``first`` < ``i`` of ``item`` sharing one id; ``history``
    and ``key`` (the item's file key) read the last commit, when given."""
    steps = item.steps
    step_id = steps[i].id
    was = item_refs.committed_data(history, key) if history is not None and key else None
    before = [s for s in (was or {}).get("steps") or [] if isinstance(s, dict)] if isinstance(was, dict) else []
    had = {(s.get("id"), s.get("name")) for s in before}
    change, other = i, first
    if before and (step_id, steps[i].name) in had and (step_id, steps[first].name) not in had:
        change, other = first, i
    used = {s.id for s in steps}
    old = next((s.get("id") for s in before if s.get("name") == steps[change].name and s.get("id") != step_id), None)
    if isinstance(old, str) and old and old not in used:
        return change, other, old
    number = 2
    while f"{step_id}{number}" in used:
        number += 1
    return change, other, f"{step_id}{number}"
