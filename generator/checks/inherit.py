"""Stage 2 — merging a county item with the base item it extends (基本目录 →
实施清单), and the rules of what a county may change.

MISSION.md §5: one standard, many catalogues; a local implementation list
follows the base catalogue and may not add requirements to it.  A county file
says ``extends: <code>`` and states only its local elements.  Each element of
the item (``model.Item``) is one of:

- local (``LOCAL``): the county's own — who implements it, where, when, whom to
  call, its own codes and status.  Taken from the county file only, never from
  the base (the city's window is not the county's: not stated is a gap);
- the county's if stated, else the base's (``DEFAULTED``): ``visit_reason``,
  ``handling_type``, ``faq``; ``aliases`` are the base's and the county's;
- limited (``time_limits``, ``fees``, ``visits``): the base's unless the county
  states a value within the base's limit — a promised time not longer than the
  base's promised or statutory time, fee items of the base only and amounts
  not above the base's, no more visits;
- the base's (everything else: name, code, legal basis, conditions,
  materials, steps, result …): the county may restate a value only as the
  base states it, and fill in one the base does not state, except the
  requirements (``REQUIREMENTS``: conditions, materials, steps …).  In ``conditions`` the county may list only the base's
  conditions; ``materials`` (by name) and ``steps`` (by id) may each restate
  an entry of the base to give it local details (``MATERIAL_LOCAL``,
  ``STEP_LOCAL``) or to ask for less (fewer copies, 容缺 instead of 必要,
  a commitment allowed, a shorter step time).

``merge(county, base)`` works on plain data (the county's YAML, the base's
item as ``sources/base.python_item`` gives it) before the model sees the
item, so everything downstream sees a normal item.  Findings name paths in
the county file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.checks.model import Duration
from generator.checks.rules import Finding, days, describe
from generator.messages import labels

LOCAL = frozenset({
    "extends", "implementation_code", "local_code", "source_id", "source_url", "slug", "status", "version",
    "cancelled_date", "suspended_date", "status_reason", "replaced_by", "main_item", "power_source", "levels",
    "implementing_body", "entrusted_department", "joint_departments", "channels", "facilitation", "offices",
    "consultation", "complaint", "reviewed", "maintainer"})
DEFAULTED = frozenset({"visit_reason", "handling_type", "faq"})
LIMITED = frozenset({"time_limits", "fees", "visits"})
# What the applicant must meet or go through: never added where the base states none.
# Other elements the base does not state (a gap in the base) the county may fill in.
# Variants are requirements too: a situation carries its own conditions and materials.
REQUIREMENTS = frozenset({"conditions", "materials", "steps", "special_procedures", "quantity_limit", "variants"})
MATERIAL_LOCAL = frozenset({"blank_form", "sample", "common_mistakes", "instructions", "paper_size", "source_note"})
STEP_LOCAL = frozenset({"actor"})
_AT_MOST = ("copies", "original_count", "copy_count")
_LOOSER_NECESSITY = {"required": {"deferrable", "situational"}}
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@dataclass
class Merged:
    data: dict  # the item as the model will read it
    findings: list[Finding] = field(default_factory=list)  # paths in the county file
    inherited: list[str] = field(default_factory=list)  # top-level elements with a value from the base


def _plain(value):
    """A value for comparing: white space folded, unset parts (None, false,
    empty lists) left out, so a restated value equals the base's."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None and v is not False and v != []}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _shown(value) -> str:
    """A value in a message: a time limit as 15 个工作日, others as the diff shows them."""
    from generator.checks.diff import short
    if isinstance(value, dict) and "unit" in value and (duration := _duration(value)) is not None:
        return describe(duration, labels("unit"))
    return short(value)


def _differs(path: tuple, element: str, county, base) -> list[Finding]:
    if _plain(county) == _plain(base):
        return []
    return [Finding(path, "base_changed_element", {"element": element, "base": _shown(base), "value": _shown(county)})]


def merge(county: dict, base: dict, title) -> Merged:
    """The county item (``county``: its file's data) over the base item
    (``base``).  ``title(path)`` gives an element's Chinese name."""
    out = Merged(data={})
    for key, value in base.items():
        if key not in LOCAL:
            out.data[key] = value
    for key, value in county.items():
        path = (key,)
        if key in LOCAL or key not in base:
            if key in REQUIREMENTS:
                out.findings += _added(path, title(path), key, value)
            out.data[key] = value
        elif key in DEFAULTED:
            out.data[key] = value
        elif key == "aliases" and isinstance(value, list) and isinstance(base[key], list):
            out.data[key] = list(dict.fromkeys([*base[key], *value]))
        elif key == "time_limits":
            out.data[key] = _time_limits(out.findings, value, base[key], title)
        elif key == "fees":
            out.data[key] = _fees(out.findings, value, base[key], title)
        elif key == "visits":
            if isinstance(value, int) and isinstance(base[key], int) and value > base[key]:
                out.findings.append(Finding(path, "base_more_visits", {"value": value, "base": base[key]}))
            out.data[key] = value
        elif key == "conditions":
            _conditions(out.findings, value, base[key], title)
        elif key == "materials":
            out.data[key] = _entries(out.findings, path, value, base[key], "name", MATERIAL_LOCAL, title)
        elif key == "steps":
            out.data[key] = _entries(out.findings, path, value, base[key], "id", STEP_LOCAL, title)
        else:
            out.findings += _differs(path, title(path), value, base[key])
    out.inherited = [k for k in out.data if k in base and k not in LOCAL and _from_base(k, county, base)]
    return out


def _from_base(key: str, county: dict, base: dict) -> bool:
    """True when the merged value of ``key`` holds anything the county did not write."""
    if key not in county:
        return True
    return key not in DEFAULTED and key != "visits"


def _added(path: tuple, element: str, key: str, value) -> list[Finding]:
    """An element the base does not state and the county may not add."""
    if value is None or value == [] or value is False:
        return []
    keys = {"conditions": "base_added_condition", "materials": "base_added_material"}
    if key in keys and isinstance(value, list):
        return [Finding((key, i), keys[key], {"value": _name(v)}) for i, v in enumerate(value)]
    return [Finding(path, "base_added_element", {"element": element, "value": _shown(value)})]


def _name(value) -> str:
    return str(value.get("name", "")) if isinstance(value, dict) else str(value)


def _conditions(findings: list, county, base, title) -> None:
    if not isinstance(county, list) or not isinstance(base, list):
        findings += _differs(("conditions",), title(("conditions",)), county, base)
        return
    known = {_plain(c) for c in base if isinstance(c, str)}
    for i, c in enumerate(county):
        if _plain(c) not in known:
            findings.append(Finding(("conditions", i), "base_added_condition", {"value": _shown(c)}))


def _entries(findings: list, path: tuple, county, base, ident: str, local: frozenset, title) -> list:
    """Materials (by name) or steps (by id): the base's list, with the
    county's local details and loosened requirements merged into its entries."""
    if not isinstance(county, list) or not isinstance(base, list):
        findings += _differs(path, title(path), county, base)
        return county
    index = {_plain(e.get(ident)): i for i, e in enumerate(base) if isinstance(e, dict)}
    merged = [dict(e) if isinstance(e, dict) else e for e in base]
    added = "base_added_material" if ident == "name" else "base_added_step"
    for i, entry in enumerate(county):
        if not isinstance(entry, dict) or _plain(entry.get(ident)) not in index:
            findings.append(Finding((*path, i), added, {"value": _name(entry) if ident == "name" else
                                                      str(entry.get(ident, "")) if isinstance(entry, dict) else ""}))
            continue
        target = merged[index[_plain(entry.get(ident))]]
        for key, value in entry.items():
            where = (*path, i, key)
            if key in local or key == ident:
                target[key] = target.get(key) if key == ident else value
            elif key in _AT_MOST and isinstance(value, int) and isinstance(target.get(key), int):
                if value > target[key]:
                    findings.append(Finding(where, "base_above_limit", {"element": title(where), "value": value,
                                                                        "base": target[key]}))
                target[key] = value
            elif key == "necessity" and value in _LOOSER_NECESSITY.get(target.get(key), ()):
                target[key] = value
            elif key == "commitment_allowed" and value is True:
                target[key] = value
            elif key == "time_limit" and isinstance(value, dict):
                if target.get(key) is not None:
                    _not_longer(findings, where, value, target[key], title(where))
                else:
                    findings += _added(where, title(where), key, value)
                target[key] = value
            else:
                found = _differs(where, title(where), value, target.get(key))
                if found and target.get(key) is None:
                    found = _added(where, title(where), key, value)
                findings += found
    return merged


def _duration(value) -> Duration | None:
    try:
        return Duration.model_validate(value, strict=True)
    except Exception:  # noqa: BLE001 - an invalid value is the model's to report, at its place
        return None


def _not_longer(findings: list, path: tuple, county, limit, element: str, limit_name: str = "") -> None:
    mine, theirs = _duration(county), _duration(limit)
    if mine is None or theirs is None:
        return
    longer = mine.value > theirs.value if mine.unit == theirs.unit else days(mine) > days(theirs)
    if longer and mine.unit != "immediate":
        units = labels("unit")
        findings.append(Finding(path, "base_time_longer", {"element": element, "value": describe(mine, units),
                                                           "base": describe(theirs, units),
                                                           "limit": limit_name or element}))


def _time_limits(findings: list, county, base, title) -> dict:
    """The statutory time is the base's; the county may promise a shorter time."""
    if not isinstance(county, dict) or not isinstance(base, dict):
        findings += _differs(("time_limits",), title(("time_limits",)), county, base)
        return county
    merged = dict(base)
    for key, value in county.items():
        path = ("time_limits", key)
        if key == "promised" and isinstance(value, dict):
            for limit in ("promised", "statutory"):
                if base.get(limit) is not None:
                    _not_longer(findings, path, value, base[limit], title(path), title(("time_limits", limit)))
            merged[key] = value
        elif key in base:
            findings += _differs(path, title(path), value, base[key])
        else:
            findings += _added(path, title(path), key, value)
    return merged


def _fees(findings: list, county, base, title) -> dict:
    """Fee items of the base only (by name), amounts not above the base's;
    not charging where the base charges is allowed, charging where it does not is not."""
    if not isinstance(county, dict) or not isinstance(base, dict):
        findings += _differs(("fees",), title(("fees",)), county, base)
        return county
    merged = dict(base)
    if "charged" in county:
        if county["charged"] is True and base.get("charged") is False:
            findings.append(Finding(("fees", "charged"), "base_added_fee", {"value": title(("fees", "charged"))}))
        merged["charged"] = county["charged"]
        if county["charged"] is False:
            merged["items"] = []
    items = county.get("items")
    if isinstance(items, list) and merged.get("charged") is not False:
        base_items = base.get("items") if isinstance(base.get("items"), list) else []
        by_name = {_plain(e.get("name")): i for i, e in enumerate(base_items) if isinstance(e, dict)}
        merged_items = [dict(e) for e in base_items if isinstance(e, dict)]
        for i, entry in enumerate(items):
            name = _plain(entry.get("name")) if isinstance(entry, dict) else None
            if name not in by_name:
                findings.append(Finding(("fees", "items", i), "base_added_fee", {"value": _name(entry)}))
                continue
            target = merged_items[by_name[name]]
            for key, value in entry.items():
                where = ("fees", "items", i, key)
                if key == "standard":
                    _fee_amount(findings, where, value, target.get(key))
                    target[key] = value
                elif key in ("reduction_basis",) or (key == "reduction_allowed" and value is True) or key == "name":
                    target[key] = value if key != "name" else target[key]
                else:
                    findings += _differs(where, title(where), value, target.get(key))
        merged["items"] = merged_items
    for key in county:
        if key not in ("charged", "items"):
            findings += _differs(("fees", key), title(("fees", key)), county[key], base.get(key))
    return merged


def _fee_amount(findings: list, path: tuple, county, base) -> None:
    """A fee standard: the same words as the base's with amounts not above its
    amounts (每证 15 元 under 每证 20 元); other wording cannot be compared."""
    if not isinstance(county, str) or not isinstance(base, str) or _plain(county) == _plain(base):
        return
    words = lambda text: _NUMBER.sub("#", _plain(text))  # noqa: E731
    mine, theirs = _NUMBER.findall(county), _NUMBER.findall(base)
    if words(county) != words(base) or len(mine) != len(theirs) or not mine:
        findings.append(Finding(path, "base_fee_not_comparable", {"value": _plain(county), "base": _plain(base)}))
        return
    if any(float(a) > float(b) for a, b in zip(mine, theirs)):
        findings.append(Finding(path, "base_fee_higher", {"value": _plain(county), "base": _plain(base)}))
