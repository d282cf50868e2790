"""A department's category codes changed in ``content/departments.yaml``
while its items keep the old code (clerk trial 8, #41: market-regulation
``codes: ["05"]`` → ``["04"]`` gave the same error at each of its 7 items,
none at departments.yaml, and a hint to add "05" that left education's
"04" with market-regulation).

Such a change is one error at the department's ``codes`` line
(``department_codes_changed``): how many of its items have which category
code, whose code the new one is, the committed value (git) and the fix; the
items are held back without a message of their own (``item_reason``).  A
single item with a foreign category code (a file copied or moved from
another department) keeps its own message (``code_rules.check_codes``).

A department with no ``codes`` at all (county trial 2, #1: an import writes
none) is a warning at its entry (``missing_codes``), with the code its items
already show, if any.

All of this only in the national layout (``codes.basic_layout: national``,
digits 5-6 of a 12-digit basic code are the department's category): with
``free`` (Sichuan's 14-character and G-000007-001 basic codes, which have no
department part) department codes are neither read nor asked for (county
trial 3, F5; README "Department codes").
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass


from generator.catalogue import Catalogue
from generator.checks import codes
from generator.checks.mistakes.copies import copied_from
from generator.checks.model import Department
from generator.checks.rules import Finding
from generator.messages import say
from generator.checks.mistakes.renamed_ids import committed_entries


@dataclass(frozen=True)
class CodesChanged:
    """One department whose ``codes`` its items no longer match: ``got`` the
    category code (2 characters) of ``n`` of its items; ``finding`` the error
    at ``display`` (the departments file), entry ``index``; ``reason``: what its items say."""

    department: str
    got: str
    n: int
    display: str
    index: int
    finding: Finding



def _committed(cat: Catalogue, display: str) -> dict[str, list[str]]:
    """Department id -> its ``codes`` in the committed ``display`` (HEAD or
    the ``--base`` revision); empty without git or a readable committed file."""
    before = committed_entries(cat, display)
    return {d["id"]: [str(c) for c in d.get("codes") or [] if isinstance(c, (str, int))]
            for d in before
            if isinstance(d, dict) and isinstance(d.get("id"), str) and isinstance(d.get("codes"), list)}


def _shown(values: list[str]) -> str:
    return json.dumps(values, ensure_ascii=False)


def changed_codes(cat: Catalogue, display: str, entry_index: dict[tuple[str, str], int],
                  incomplete: set[str] = frozenset(), layout: str = "national") -> dict[str, CodesChanged]:
    """Department id -> ``CodesChanged`` for each department of ``cat`` whose
    ``codes`` (read, not ``incomplete``) miss the category code (digits 5-6)
    that at least 2 of its items share, when git says its ``codes`` changed
    since the commit from a value holding that code, or, without a committed
    value, when none of its items has one of its codes.  Copies of another
    department's items (``copies.copied_from``) are not counted."""
    if layout != "national":
        return {}
    committed, found = None, {}
    by_department: dict[str, list] = {}
    for e in cat.entries:
        if e.item.code and not codes.malformed(e.item.code, layout):
            by_department.setdefault(e.department, []).append(e)
    for index, dep in enumerate(cat.departments):
        if dep.id in incomplete or not dep.codes:
            continue
        own = by_department.get(dep.id, [])
        foreign = Counter(e.item.code[4:6] for e in own if e.item.code[4:6] not in dep.codes
                          and not copied_from(e, cat))
        if not foreign:
            continue
        got, n = foreign.most_common(1)[0]
        committed = _committed(cat, display) if committed is None else committed  # git only when needed
        before = (committed or {}).get(dep.id)
        if n < 2 or (before is not None and (before == list(dep.codes) or got not in before)) or (
                before is None and any(e.item.code[4:6] in dep.codes for e in own)):
            continue
        fix = before if before is not None else [got if c not in {x.item.code[4:6] for x in own} else c
                                                 for c in dep.codes]
        fix = fix if got in fix else [*fix, got]
        notes = ""
        for c in dep.codes:
            other = next((d for d in cat.departments if d.id != dep.id and c in d.codes), None)
            if other is not None and c not in {e.item.code[4:6] for e in own}:
                notes += say("department_codes_owner", code=c, owner=other.name, owner_id=other.id)[0]
        if before is not None:
            notes += say("department_codes_before", before=_shown(before))[0]
        values = {"name": dep.name, "folder": dep.id, "n": n, "got": got, "now": _shown(list(dep.codes)),
                  "notes": notes, "fix": _shown(list(dict.fromkeys(fix)))}
        at = entry_index.get((display, dep.id), index)
        found[dep.id] = CodesChanged(dep.id, got, n, display, at,
                                     Finding((at, "codes"), "department_codes_changed", values))
    return found


def reason(changed: dict[str, CodesChanged] | None, entry, finding: Finding) -> Finding | None:
    """What a held-back item says instead of ``finding`` (its ``code_department``)
    when its department's ``changed`` codes are told at the departments file
    (the quality page lists it with this reason); else None."""
    change = (changed or {}).get(entry.department)
    if finding.key != "code_department" or change is None or finding.values.get("got") != change.got:
        return None
    return Finding(("code",), "code_department_registry", {"got": change.got, "file": change.display})


def told(src, cat: Catalogue, path, settings) -> dict[str, CodesChanged]:
    """``changed_codes`` of the departments file at ``path`` (a Path), each
    reported in ``src.problems`` (registries.Sources) at its ``codes`` line."""
    display = src.display(path)
    changed = changed_codes(cat, display, src.entry_index, src.incomplete_codes, settings.codes.basic_layout)
    src.problems += [src.finding(c.display, c.finding, Department) for c in changed.values()]
    if settings.codes.basic_layout == "national":
        src.problems += [src.finding(display, f, Department)
                         for f in added_codes(cat, display, src.entry_index, set(changed) | src.incomplete_codes)]
        src.problems += [src.finding(display, f, Department)
                         for f in missing_codes(cat, src.entry_index, display, src.incomplete_codes)]
    return changed


def shown_codes(cat: Catalogue, department: str) -> Counter:
    """Category code (2 characters) -> how many items of ``department`` show
    it: digits 5-6 of a national basic code, or of the basic code inside a
    national implementation code (characters 20-31)."""
    found: Counter = Counter()
    for e in cat.entries:
        if e.department != department:
            continue
        impl = e.item.implementation_code or ""
        basic = e.item.code if e.item.code and not codes.malformed(e.item.code) else \
            impl[19:31] if len(impl) in (31, 33) and not codes.malformed(impl[19:31]) else None
        if basic:
            found[basic[4:6]] += 1
    return found


def missing_codes(cat: Catalogue, entry_index: dict[tuple[str, str], int], display: str,
                  skip: set[str] = frozenset()) -> list[Finding]:
    """A warning (``department_no_codes``) at each department entry with no
    ``codes`` (not in ``skip``: codes written but unreadable are told
    already).  County trial 2 (#1): 40 imported departments passed without
    one, and a clerk made codes up; the code is digits 5-6 of every basic
    code of the department's items (``python -m generator new`` needs it),
    set by the province's 事项编码规则 (its 部门代码表).  When the
    department's items already have codes, the message says which category
    code they show (``shown_codes``)."""
    found = []
    for index, dep in enumerate(cat.departments):
        if dep.codes or dep.id in skip:
            continue
        shown = shown_codes(cat, dep.id)
        if shown:
            listed = "、".join(say("department_no_codes_shown", code=c, n=n)[0] for c, n in shown.most_common())
            evidence = say("department_no_codes_items", codes=listed, fix=_shown([shown.most_common(1)[0][0]]))[0]
        else:
            evidence = say("department_no_codes_none")[0]
        found.append(Finding((entry_index.get((display, dep.id), index),), "department_no_codes",
                             {"name": dep.name, "id": dep.id, "evidence": evidence}, "warning",
                             Department.model_fields["codes"].title))
    return found


def added_codes(cat: Catalogue, display: str, entry_index: dict[tuple[str, str], int],
                skip: set[str] = frozenset()) -> list[Finding]:
    """A warning (``department_code_added``) at the ``codes`` line of each
    department (not in ``skip``) that has gained, since the commit (git), a
    category code of another department that none of its items uses: clerk
    trial 8, #41, the old hint "把“05”加进 codes" followed after changing
    "05" to "04" left education's code with market-regulation silently.  A
    warning: two bodies may share a category."""
    committed = _committed(cat, display)
    if not committed:
        return []
    found = []
    for index, dep in enumerate(cat.departments):
        before = committed.get(dep.id)
        if dep.id in skip or before is None:
            continue
        used = {e.item.code[4:6] for e in cat.entries if e.department == dep.id and e.item.code}
        for c in dep.codes:
            other = next((d for d in cat.departments if d.id != dep.id and c in d.codes), None)
            if c not in before and c not in used and other is not None:
                kept = [x for x in dep.codes if x != c]
                found.append(Finding((entry_index.get((display, dep.id), index), "codes"), "department_code_added", {
                    "code": c, "owner": other.name, "owner_id": other.id, "before": _shown(before),
                    "fix": _shown(kept or before)}, "warning"))
    return found
