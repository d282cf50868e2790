"""The catalogue's own rules, taken from the source documents.

The model (``model.py``) checks shapes and types; these functions check what
the reform asks of the content: one code per item, reasons for extra trips,
time limits and flows that hold together, and references that point at real
registry entries (the rules of the guide's own text are in ``content_rules.py``, of the codes
and the file name in ``code_rules.py``).  Each rule yields ``Finding``s with the key
path they concern; ``validate.py`` turns paths into file positions.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterator

from generator.checks import codes
from generator.checks.mistakes import fee_amounts, id_names, item_refs, limit_meant, lost_steps, shared_urls, step_ids
from generator.checks.duplicates import duplicates
from generator.catalogue import Catalogue, Entry
from generator.checks.model import Duration, Item
from generator.messages import label, say


@dataclass(frozen=True)
class Finding:
    path: tuple
    key: str  # message key in the locale file
    values: dict = field(default_factory=dict)
    severity: str = "error"
    element: str = ""  # the element's name when it is no key of the file (文件名); else the model's title


@dataclass(frozen=True)
class Vocabulary:
    """Language-specific word lists from the locale file."""

    catch_all: tuple[str, ...]
    proof_words: tuple[str, ...]
    placeholder: str
    sample_marker: str = ""  # marks the sample texts `new` writes
    form_endings: tuple[str, ...] = ()  # a name ending so is a form, not a proof
    not_proofs: tuple[str, ...] = ()  # identity and certificate documents: 身份证明, 出生医学证明 …
    name_form_words: tuple[str, ...] = ()  # legal-form words left out when names are compared, longest first

    def looks_like_proof(self, name: str) -> bool:
        """True when a material's name reads like a proof (证明) that is not a
        form to fill in nor an identity or certificate document.  Only a hint:
        what is a proof is said by the proofs list and the item (``proof``)."""
        return (any(w in name for w in self.proof_words) and not name.endswith(self.form_endings)
                and not any(w in name for w in self.not_proofs))


# Registry each reference points into: (taxonomy group or registry, file shown to editors).
TERM_FIELDS = {
    "item_type": "item_types",
    "levels": "levels",
    "audiences": "audiences",
    "industries": "industries",
    "service_types": "service_types",
    "topics": "topics",
}

def suggest(value: str, choices) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return say("choice_meant", value=close[0])[0] if close else ""


def closest_first(value: str, choices, limit: int = 10, names: dict[str, str] | None = None) -> str:
    """The valid ids, closest to ``value`` first, at most ``limit`` ("a、b、c 等 12 个");
    each with its Chinese name when ``names`` (id -> name) has one ("a（申请）")."""
    ranked = sorted(choices, key=lambda c: (-difflib.SequenceMatcher(None, value, c).ratio(), c))
    names = names or {}
    shown = "、".join(f"{c}（{names[c]}）" if names.get(c) else c for c in ranked[:limit])
    return shown + (say("choices_more", count=len(ranked))[0] if len(ranked) > limit else "") if ranked else "—"


def _names(choices) -> dict[str, str]:
    """id -> Chinese name of a registry's entries (a dict of models with a
    ``name``), so an id is never offered bare (clerk trial 13, #41)."""
    if not isinstance(choices, dict):
        return {}
    return {k: v.name for k, v in choices.items() if isinstance(getattr(v, "name", None), str) and v.name}


def reference(path, value, choices, registry: str, file: str) -> Iterator[Finding]:
    if value not in choices and not choices:  # never an empty "available" list (clerk trial 5)
        yield Finding(path, "unknown_reference_none", {"value": value, "registry": registry, "file": file})
    elif value not in choices:
        yield Finding(path, "unknown_reference", {
            "value": value, "registry": registry, "file": file, "suggestion": suggest(value, choices),
            "allowed": closest_first(value, choices, names=_names(choices))})


def check_references(entry: Entry, cat: Catalogue, broken: set[str] = frozenset()) -> Iterator[Finding]:
    """References to registries and to other items.  A reference to a registry
    entry that is itself broken (``broken`` ids) holds the item back with its
    own message rather than "not in the registry"."""
    item = entry.item
    tax = "content/taxonomies.yaml"

    def ref(path, value, choices, registry, file):
        if value in broken and value not in choices:
            yield Finding(path, "broken_reference", {"value": value, "file": file})
        else:
            yield from reference(path, value, choices, registry, file)

    for key, group in TERM_FIELDS.items():
        value = getattr(item, key)
        if value is None:
            continue
        title = Item.model_fields[key].title
        for i, v in enumerate([value] if isinstance(value, str) else value):
            path = (key,) if isinstance(value, str) else (key, i)
            yield from reference(path, v, cat.terms[group], title, tax)
    for i, dep in enumerate(item.joint_departments):
        yield from ref(("joint_departments", i), dep, cat.department, label("registries", "departments"), "content/departments.yaml")
    for i, office_ref in enumerate(item.offices or []):
        yield from ref(("offices", i, "office"), office_ref.office, cat.office, label("registries", "offices"), "content/offices.yaml")
    variant_ids = {v.id: v for v in item.variants}  # offered with their names: first（首次申领）
    where = label("registries", "variants_where")  # not "见 <this file>" (clerk trial 4, #17)
    for i, m in enumerate(item.materials or []):
        if m.proof and m.proof not in cat.proof and m.proof not in broken:
            yield Finding(("materials", i, "proof"), *id_names.unknown_proof(m.proof, m.name, cat.proof))
        elif m.proof:
            yield from ref(("materials", i, "proof"), m.proof, cat.proof, label("registries", "proofs"), "content/proofs.yaml")
        for j, v in enumerate(m.variants):
            yield from reference(("materials", i, "variants", j), v, variant_ids, label("registries", "variants"), where)
    for path, listed in ((("steps",), item.steps or []), (("fees", "items"), item.fees.items if item.fees else [])):
        for i, x in enumerate(listed):
            for j, v in enumerate(x.variants):
                yield from reference(path + (i, "variants", j), v, variant_ids, label("registries", "variants"), where)


def days(d: Duration) -> float:
    """A duration in calendar days, for comparing limits of different units."""
    if d.unit == "immediate":
        return 0
    return d.value * 7 / 5 if d.unit == "working_days" else d.value


def describe(d: Duration, unit_labels: dict) -> str:
    return unit_labels["immediate"] if d.unit == "immediate" else f"{d.value} {unit_labels[d.unit]}"


def check_service(entry: Entry, unit_labels: dict, history=None) -> Iterator[Finding]:
    """Time limits, fees, channels, steps and facilitation marks: what the
    item states must agree with itself (missing parts are gaps, checks/gaps.py).
    ``history`` (sources/history.History or None): a limit made longer since
    the last commit is offered the committed one (mistakes/limit_meant.py)."""
    item = entry.item
    limits = item.time_limits
    longer = False
    if limits and limits.promised and limits.statutory:
        same_unit = limits.promised.unit == limits.statutory.unit != "immediate"  # 即办 has no value
        longer = (limits.promised.value > limits.statutory.value) if same_unit else \
            days(limits.promised) > days(limits.statutory)
        if longer:  # the bound in the promised limit's own unit (clerk trial 4, #6: 60 自然日 kept as 60 工作日)
            unit = limits.promised.unit
            bound = limits.statutory if same_unit or unit == "immediate" else Duration(
                value=int(days(limits.statutory) * 5 / 7) if unit == "working_days" else int(days(limits.statutory)),
                unit=unit)
            said = {"promised": describe(limits.promised, unit_labels),
                    "statutory": describe(limits.statutory, unit_labels), "bound": describe(bound, unit_labels)}
            back = None if item.facilitation.instant else limit_meant.committed_limit(
                history, entry, said, days, lambda d: describe(d, unit_labels))  # clerk trial 15, #4: not "42"
            # An instant item's limit is 即办, not the bound (clerk trial 7, #3): one fix for both.
            yield Finding(*back) if back else Finding(("time_limits", "promised"), "promised_longer_instant"
                                                      if item.facilitation.instant else "promised_longer", said)

    # A value beside 即办 is not shown (clerk trial 3 read it as a day count): say so where it is.
    timed = [(("time_limits", k), getattr(limits, k)) for k in ("statutory", "promised")] if limits else []
    timed += [(("steps", i, "time_limit"), s.time_limit) for i, s in enumerate(item.steps or [])]
    for path, limit in timed:
        if limit is not None and limit.unit == "immediate" and limit.value:
            yield Finding(path + ("value",), "immediate_with_value", {"value": limit.value}, severity="warning")

    fees = item.fees
    if fees and not fees.charged and fees.items:
        yield Finding(("fees", "items"), "free_with_items")
    for i, fee in enumerate(fees.items if fees else ()):  # README: a fee basis for every fee (clerk trial 3, #30)
        if not fee.basis:
            yield Finding(("fees", "items", i), "fee_without_basis", {"name": fee.name}, severity="warning")
    for path, key, values in fee_amounts.missing(entry, history):  # a charge without its amount (trial 17, #32)
        yield Finding(path, key, values, severity="warning")

    promised_unit = limits.promised.unit if limits and limits.promised else None
    if item.facilitation.instant and promised_unit != "immediate" and not longer:  # else said just above
        yield Finding(("facilitation", "instant"), "instant_not_immediate")
    if item.facilitation.commitment and not any(m.commitment_allowed for m in item.materials or []):
        yield Finding(("facilitation", "commitment"), "commitment_without_material", severity="warning")

    yield from _check_steps(item, history, entry.key, entry.source)
    seen: set[str] = set()
    for i, v in enumerate(item.variants):
        if v.id in seen:
            yield Finding(("variants", i, "id"), "variant_duplicate", {"id": v.id})
        seen.add(v.id)


#: The largest flow the build draws.  Graphviz's time grows much faster than
#: the flow: one flow of 50 steps with 4 branches each took 7.7 s, 60 x 3
#: 24 s, 80 x 2 57 s, and 100 x 3 did not finish in minutes; flows at the
#: limits (10 x 6, 15 x 4, 30 x 2) take 0.03-0.14 s (``python -m devtools.bench_flowchart --dense``;
#: the table is in devtools/bench_flowchart.py).  The sample catalogue's
#: largest flow has 8 steps and 3 branches; a flow beyond these limits is
#: also unreadable on a phone.
MAX_FLOW_STEPS = 30
MAX_FLOW_BRANCHES = 60


def flow_size(steps) -> tuple[int, int]:
    """(steps, branches) of a flow, as ``MAX_FLOW_STEPS``/``MAX_FLOW_BRANCHES`` count them."""
    steps = steps or []
    return len(steps), sum(len(s.branches) for s in steps)


def flow_fits(steps) -> bool:
    """True when the build may draw this flow (the check refuses the others)."""
    count, branches = flow_size(steps)
    return count <= MAX_FLOW_STEPS and branches <= MAX_FLOW_BRANCHES


def _check_steps(item: Item, history=None, key: str = "", source: str = "") -> Iterator[Finding]:
    if not flow_fits(item.steps):
        count, branches = flow_size(item.steps)
        yield Finding(("steps",), "flow_too_large", {
            "steps": count, "branches": branches, "max_steps": MAX_FLOW_STEPS, "max_branches": MAX_FLOW_BRANCHES})
    first: dict[str, int] = {}  # id -> its first step; each id offered once, with that step's name (trial 16, #37)
    for i, step in enumerate(item.steps or []):
        first.setdefault(step.id, i)
    ids, named = list(first), {s: item.steps[i].name for s, i in first.items()}
    gone: dict[str, tuple | None] = {}  # step id -> (values, index now) when deleted since the commit
    for i, step in enumerate(item.steps or []):
        if first[step.id] != i:  # which one to change, and to what (clerk trial 18, #17)
            change, other, free = step_ids.duplicate(item, i, first[step.id], history, key)
            yield Finding(("steps", change, "id"), "step_duplicate", {
                "id": step.id, "name": item.steps[other].name, "first_line": ("steps", other, "id"), "free": free,
                "step": item.steps[change].name, "new": say("step_duplicate_new")[0] if change < other else ""})
        for path, target in [(("steps", i, "next"), step.next)] * bool(step.next) + [
                (("steps", i, "branches", j, "to"), b.to) for j, b in enumerate(step.branches)]:
            allowed = closest_first(target, ids, names=named) if target not in ids else None
            if allowed is not None and target not in gone:  # deleted since the commit: told once, where it stood
                gone[target] = lost_steps.deleted_step(history, source, target, item.steps) if source else None
                if gone[target]:  # clerk trial 19, #34
                    yield Finding(("steps", gone[target][1], "id") if gone[target][1] is not None else path,
                                  "step_deleted", dict(gone[target][0], target=target, from_line=path, allowed=allowed))
            if allowed is not None and not gone[target]:
                yield Finding(path, "step_unknown", {"target": target, "allowed": allowed})


def _replacements(cat: Catalogue) -> Iterator[tuple[Entry, Finding]]:
    """``replaced_by`` must name an item of the catalogue (MISSION.md §5: a
    retired item's page says what replaces it): an error at that line with
    the keys closest first.  A key renamed since (sources/history.py) still
    leads to its item, and a key whose own file carries its problem
    (``Catalogue.reported_elsewhere``: unreadable, held back, removed) is not reported again.
    A replacement that is itself cancelled is a warning, offering its own
    replacement when it has one."""
    history = cat.history if getattr(cat.history, "available", False) else None
    for entry in cat.entries:
        key = entry.item.replaced_by
        if key in cat.by_key and cat.by_key[key].item.status == "cancelled":  # clerk trial 18, #20: a warning
            retired = cat.by_key[key].item
            yield entry, Finding(("replaced_by",), "replaced_by_cancelled", item_refs.removed_values(
                key, {"name": retired.name, "replaced_by": retired.replaced_by}, cat), "warning")
        if not key or key in cat.by_key or key in cat.reported_elsewhere:
            continue
        if history is not None and history.renamed.get(key) in cat.by_key:
            continue
        state = item_refs.former(cat, key)
        if state is not None:  # clerk trial 4 (#28): say it was deleted, not a code alike by digits
            yield entry, Finding(("replaced_by",), "replaced_by_removed_item",
                                 item_refs.removed_values(key, state, cat))
            continue
        yield entry, Finding(("replaced_by",), "replaced_by_unknown",
                             {"key": key, "suggestion": item_refs.suggestion(key, cat, exclude=entry.key)})


def check_catalogue(cat: Catalogue, unreadable: set[str] = frozenset()) -> Iterator[tuple[Entry, Finding]]:
    """Rules across items: unique keys, implementation codes and slugs; main
    items and their sub-items.  A basic code may be shared (every body that
    implements an item uses it), but not by items that have no
    implementation code to tell them apart.  ``unreadable``: keys of item
    files that could not be read at all; they still exist (a sub-item is not
    told its main item is missing when the main item's file is broken)."""
    pairs = set()  # {copy, original}: the same file name, told once (clerk trial 8, #11)
    for entry, path, key, values, element in duplicates(cat):  # told at the copy (clerk trial 7, A17)
        pairs |= {frozenset((entry.source, values["other"]))} if key == "key_duplicate" else set()
        yield entry, Finding(path, key, values, element=element)
    shared: dict[str, Entry] = {}
    for entry in sorted(cat.entries, key=lambda e: e.key != e.item.code):  # a copy is told, not its original
        item = entry.item
        if item.code and not item.implementation_code:
            if item.code in shared and frozenset((entry.source, shared[item.code].source)) not in pairs:
                yield entry, Finding(("code",), "code_shared", {"code": item.code, "other": shared[item.code].source},
                                     "warning")
            shared.setdefault(item.code, entry)
    yield from _replacements(cat)
    for entry, path, values in shared_urls.shared_urls(cat):  # a copy kept the original's address (trial 19)
        yield entry, Finding(path, "url_shared", values, "warning")
    basic_present = {e.item.code for e in cat.entries if e.item.code} | set(cat.by_key) | set(unreadable)
    orphans: dict[str, list[Entry]] = {}  # a main item's code -> its sub-items, when it is missing
    for entry in cat.entries:
        item = entry.item
        if item.main_item:
            main = cat.by_key.get(item.main_item)
            if main is None and item.main_item not in unreadable:
                yield entry, Finding(("main_item",), "main_item_unknown", {"key": item.main_item})
            continue
        code = item.code
        if not code:
            continue
        if codes.is_main_with_subs(code) and entry.key not in cat.sub_items \
                and not any(k.startswith(code[:9]) and k != entry.key for k in unreadable):
            yield entry, Finding(("code",), "code_main_without_subs", {"code": code, "prefix": code[:9]}, "warning")
        if codes.is_sub_item(code):
            main_code = codes.main_code_of(code)
            main = cat.main_item(entry)
            if main_code not in basic_present:
                orphans.setdefault(main_code, []).append(entry)
            elif main is not None and main.department != entry.department:
                yield entry, Finding(("code",), "code_sub_other_department", {"main": main.key}, "warning")
    yield from subs_without_main(orphans)


SUBS_NAMED = 3  # sub-items named in the message, the rest counted


def subs_without_main(orphans: dict[str, list[Entry]]) -> Iterator[tuple[Entry, Finding]]:
    """One warning per missing main item (``orphans``: its code -> its
    sub-items), at the first sub-item by key, naming up to SUBS_NAMED of
    them and counting the rest (county trial 3, F6: 51 warnings for 30
    main items of 广安区's list).  Imported sub-items (``source_url`` or
    ``source_id``: the codes are the source's) are told that the list has
    them without their main item, with no advice to change an official code
    (``code_sub_without_main_imported``); a hand-written one is told to add
    the main item, or, alone, to end its code in 000."""
    for main, entries in orphans.items():
        entries = sorted(entries, key=lambda e: e.key)
        subs = list(dict.fromkeys(e.item.code for e in entries))  # a basic code may be shared
        shown = "、".join(subs[:SUBS_NAMED]) + (say("code_subs_more")[0] if len(subs) > SUBS_NAMED else "") + (
            say("code_subs_count", n=len(entries))[0] if len(entries) > 1 else "")
        imported = any(e.item.source_url or e.item.source_id for e in entries)
        key = "code_sub_without_main_imported" if imported else \
            "code_sub_without_main" if len(entries) == 1 else "code_subs_without_main"
        yield entries[0], Finding(("code",), key, {"code": subs[0], "main": main, "subs": shown, "n": len(entries),
                                                   "prefix": main[:9]}, "warning")
