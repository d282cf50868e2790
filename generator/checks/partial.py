"""Validate what can be read: a file with some invalid elements still has its
other elements checked in the same run (issue 13, "one run, everything").

``validate_partially(model, data, refused)`` drops the parts pydantic refuses
(and the values the loader refused, ``refused``) and validates the rest, again
and again until it passes: an invalid value is dropped; an object missing a
required key is dropped as a whole (a list element from its list, an optional
key from its mapping).  What remains is a valid model instance whose dropped
elements read as "not stated".  Lists shrink, so ``Partial.original`` maps a
key path of the instance back to the file's.

The caller reports the original validation errors (not the ones of later
rounds: those only follow from dropping) and must not trust rules that read a
dropped element: ``Partial.touches`` says whether a path was dropped, or lies
inside or around a dropped part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

_ROUNDS = 12  # each round drops at least one part; real files converge in 2-3
# An item whose name is missing or invalid is still checked in the same run
# with this stand-in (checks/validate.py), never shown: a held-back item's
# name is read from its file.
ITEM_STAND_IN = {"name": "—"}


@dataclass
class Partial:
    """The readable part of a file: ``value`` (None when even that fails),
    the key paths dropped (as in the file) and the list index maps."""

    value: BaseModel | None
    dropped: set[tuple] = field(default_factory=set)
    # list path (in the file) -> indices of the file's list that were kept
    kept: dict[tuple, list[int]] = field(default_factory=dict)

    def original(self, path: tuple) -> tuple:
        """A key path of ``value`` as a key path of the file."""
        result: tuple = ()
        for part in path:
            if isinstance(part, int) and result in self.kept:
                indices = self.kept[result]
                part = indices[part] if part < len(indices) else part
            result += (part,)
        return result

    def touches(self, path: tuple) -> bool:
        """True when ``path`` (in the file) was dropped, lies inside a dropped
        part, or holds one."""
        path = tuple(path)
        return any(d[:len(path)] == path or path[:len(d)] == d for d in self.dropped)

    def dropped_top(self) -> set[str]:
        """The top-level keys with something dropped under them."""
        return {d[0] for d in self.dropped if d and isinstance(d[0], str)}


def _prune(value: Any, path: tuple, dropped: set[tuple], kept: dict[tuple, list[int]]) -> Any:
    if isinstance(value, dict):
        return {k: _prune(v, path + (k,), dropped, kept) for k, v in value.items() if path + (k,) not in dropped}
    if isinstance(value, list):
        indices = [i for i in range(len(value)) if path + (i,) not in dropped]
        if len(indices) != len(value):
            kept[path] = indices
        return [_prune(value[i], path + (i,), dropped, kept) for i in indices]
    return value


def _to_drop(error: dict, partial: Partial, data: Any) -> tuple | None:
    """The part of the file to drop for one validation error (None: the root)."""
    loc = partial.original(tuple(error["loc"]))
    if error["type"] == "missing":
        loc = loc[:-1]  # the object lacking a required key goes
    while loc and _at(data, loc) is _NOTHING:
        loc = loc[:-1]  # e.g. a "root" or a union's tag pydantic adds to the location
    return loc or None


_NOTHING = object()


def _at(data: Any, loc: tuple) -> Any:
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return _NOTHING
    return data


def validate_partially(model: type[BaseModel], data: Any, refused: set[tuple] = frozenset(),
                       fill: dict[str, Any] | None = None) -> Partial:
    """The largest valid part of ``data`` as ``model`` (see the module).

    ``refused``: key paths the loader refused (dropped from the start).
    ``fill``: values for required top-level keys that are missing or dropped
    (e.g. a stand-in name, so the rest of an item can still be checked); the
    stand-in is never shown.  Returns ``Partial(None, ...)`` when the root
    itself cannot be validated (not a mapping, or a required key without fill)."""
    partial = Partial(None, {tuple(r) for r in refused if r})
    if () in set(map(tuple, refused)):
        return partial
    for _ in range(_ROUNDS):
        partial.kept = {}
        pruned = _prune(data, (), partial.dropped, partial.kept)
        if fill and isinstance(pruned, dict):
            for key, value in fill.items():
                pruned.setdefault(key, value)
        try:
            partial.value = model.model_validate(pruned, strict=True)
            return partial
        except ValidationError as exc:
            new = set()
            for error in exc.errors(include_url=False):
                where = _to_drop(error, partial, data)
                if where is None:
                    return partial
                new.add(where)
            if new <= partial.dropped:
                return partial
            partial.dropped |= new
    return partial


def dropped_fees_without_basis(partial: Partial, data: Any) -> list[tuple[tuple, str]]:
    """(key path in the file, name) of each fee item that was dropped (a
    required key such as ``standard`` missing or invalid) and has no ``basis``
    either.  The rule (rules.check_service, "fee_without_basis") sees only the
    fees that were read; these are told in the same run as the missing key
    (clerk trial 11, #12: the basis came up one run later).  ``data``: the
    file's data as loaded."""
    fees = _at(data, ("fees", "items"))
    found = []
    for i, fee in enumerate(fees if isinstance(fees, list) else ()):
        if isinstance(fee, dict) and partial.touches(("fees", "items", i)) and not fee.get("basis") \
                and isinstance(fee.get("name"), str) and fee["name"].strip():
            found.append((("fees", "items", i), fee["name"]))
    return found


# Elements a rule reads besides the one its finding points at (by message
# key).  On an item read only in part (checks/partial.py) a finding is not
# reported when its element or one of these lost a part: the dropped part,
# not the content, would be its reason.
READS = {
    "file_name": ("code", "implementation_code", "local_code", "slug", "source_id"),
    "code_type": ("item_type",),
    "impl_level": ("levels",),
    "impl_basic": ("code",),
    "impl_credit": ("implementing_body",),
    "instant_not_immediate": ("time_limits",),
    # An unread limit reads as value 0: no comparison from it (clerk trial 6, #25: "法定办结时限（0 个工作日）").
    "promised_longer": ("time_limits",),
    "promised_longer_instant": ("time_limits", "facilitation"),
    "promised_back": ("time_limits",),  # checks/mistakes/limit_meant.py
    "statutory_back": ("time_limits",),
    "commitment_without_material": ("materials",),
    "step_unknown": ("steps",),
    "step_deleted": ("steps",),  # checks/mistakes/lost_steps.py
    # checks/consistency.py (clerk trial 4): a dropped step or branch, a dropped reason or fee is no finding.
    "step_unreachable": ("steps",),
    "step_unreachable_after_end": ("steps",),
    "step_unreachable_branch_deleted": ("steps",),
    "step_skipped_by_next": ("steps",),
    "step_end_added": ("steps",),
    "step_end_added_first": ("steps",),
    "step_end_cuts": ("steps",),
    "step_end_cuts_first": ("steps",),
    "visits_without_reason": ("visit_reason",),
    "zero_visits_on_site_only": ("channels",),
    "charged_without_items": ("fees",),
    "code_shared": ("implementation_code",),
    "code_sub_without_main": ("main_item",),
    "code_subs_without_main": ("main_item",),
    "code_sub_without_main_imported": ("main_item",),
    # The English texts are compared with the Chinese ones (checks/english.py): not while those are unread.
    "en_unknown_step": ("steps",),
}
_GAP_READS = {"identity": ("code", "implementation_code", "local_code"), "way_to_apply": ("offices", "channels")}


def trusted(finding, path: tuple, partial: Partial) -> bool:
    """False when ``finding`` (a checks.rules.Finding, at ``path`` in the
    file) on an item read only in part could be caused by what was dropped."""
    if partial.touches(path):
        return False
    reads = READS.get(finding.key, ())
    if finding.key == "not_publishable":
        element = finding.values.get("of", "")
        reads = _GAP_READS.get(element, (element.split(".")[0],))
    if finding.key == "en_count":  # the Chinese list it counts against (clerk trial 3: "中文的对应内容有 0 条")
        reads = (finding.values.get("part", ""),)
    if path[:1] in (("materials",), ("steps",), ("fees",)) and "variants" in path:
        reads += ("variants",)
    if finding.key == "proof_not_registered" and partial.touches(path[:2] + ("proof",)):
        return False
    return not set(reads) & partial.dropped_top()
