"""The catalogue's own rules, taken from the source documents.

The model (``model.py``) checks shapes and types; these functions check what
the reform asks of the content: one code per item, reasons for extra trips,
time limits and flows that hold together, and references that point at real
registry entries (the rules of the guide's own text are in ``content_rules.py``).  Each rule yields ``Finding``s with the key
path they concern; ``validate.py`` turns paths into file positions.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Iterator

from generator.checks import codes

from generator.checks.mistakes import copies, id_names, impl_meant, item_refs
from generator.checks.duplicates import duplicates
from generator.catalogue import Catalogue, Entry
from generator.config import Settings
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
_TERM_FIELDS = {
    "item_type": "item_types",
    "levels": "levels",
    "audiences": "audiences",
    "industries": "industries",
    "service_types": "service_types",
    "topics": "topics",
}

def suggest(value: str, choices) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return f"是不是想写 {close[0]}？" if close else ""


def closest_first(value: str, choices, limit: int = 10, names: dict[str, str] | None = None) -> str:
    """The valid ids, closest to ``value`` first, at most ``limit`` ("a、b、c 等 12 个");
    each with its Chinese name when ``names`` (id -> name) has one ("a（申请）")."""
    ranked = sorted(choices, key=lambda c: (-difflib.SequenceMatcher(None, value, c).ratio(), c))
    names = names or {}
    shown = "、".join(f"{c}（{names[c]}）" if names.get(c) else c for c in ranked[:limit])
    return shown + (f" 等 {len(ranked)} 个" if len(ranked) > limit else "") if ranked else "—"


def reference(path, value, choices, registry: str, file: str) -> Iterator[Finding]:
    if value not in choices and not choices:  # never an empty "available" list (clerk trial 5)
        yield Finding(path, "unknown_reference_none", {"value": value, "registry": registry, "file": file})
    elif value not in choices:
        yield Finding(path, "unknown_reference", {
            "value": value, "registry": registry, "file": file, "suggestion": suggest(value, choices),
            "allowed": closest_first(value, choices)})


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

    for key, group in _TERM_FIELDS.items():
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
    variant_ids = {v.id for v in item.variants}
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


def check_codes(entry: Entry, cat: Catalogue, settings: Settings,
                incomplete: set[str] = frozenset()) -> Iterator[Finding]:
    """Codes against the catalogue's layouts (settings.codes), the item type's
    type codes and the department's category codes (not when the department's
    codes could not be read: ``incomplete`` department ids)."""
    item = entry.item
    layout = settings.codes
    if item.code:
        term = cat.terms["item_types"].get(item.item_type or "")
        type_codes = list(term.codes) if term else []
        department = cat.department.get(entry.department) if entry.department not in incomplete else None
        for key, values in codes.check_basic(item.code, type_codes, list(department.codes) if department else [],
                                             settings.province_code, layout.basic_layout):
            if key in codes.MALFORMED and (meant := codes.basic_meant(entry.key, item.implementation_code)):
                key, values = "code_meant", {"value": item.code, "length": len(item.code), "meant": meant[0],
                                        "where": label("code_meant_where", meant[1])}
            elif key == "code_department" and (told := copies.department_code(entry, cat, values)):
                key, values = told  # a copy or a move of another department's file (clerk trials 7, 8)
            yield Finding(("code",), key, values, _severity(key))
    body = item.implementing_body
    if item.implementation_code:
        level_codes = [cat.terms["levels"][lv].code for lv in item.levels or []
                       if lv in cat.terms["levels"] and cat.terms["levels"][lv].code]
        basic = item.code if item.code and not codes.malformed(item.code, layout.basic_layout) else None
        told = False
        for key, values in codes.check_implementation(item.implementation_code, basic, level_codes,
                                                      body.credit_code if body else None,
                                                      tuple(layout.implementation_formats)):
            if key == "impl_length" and (made := impl_meant.meant(
                    item.implementation_code, body.credit_code if body else None, basic, level_codes,
                    impl_meant.committed(cat.history, entry.key))):
                key, values = "impl_length_meant", made  # the code the file's parts make (clerk trial 10, #36)
            yield Finding(("implementation_code",), key, values, _severity(key))
            told = True
        if not told and (was := impl_meant.changed(cat, entry, lambda c: not codes.check_implementation(
                c, basic, level_codes, body.credit_code if body else None, tuple(layout.implementation_formats)))):
            yield Finding(("implementation_code",), "impl_changed", was)  # clerk trial 12, #43
    if body and body.credit_code:
        for key, values in codes.check_credit_code(body.credit_code):
            yield Finding(("implementing_body", "credit_code"), key, values, _severity(key))


def _severity(key: str) -> str:
    return "warning" if key in codes.WARNINGS else "error"


def identities(item: Item) -> list[str]:
    """What an item's file may be named after (its key in the catalogue)."""
    return [v for v in (item.implementation_code, item.local_code, item.code, item.slug, item.source_id) if v]


def check_file_name(entry: Entry, basic_layout: str = "national", committed=None,
                    cat: Catalogue | None = None) -> Iterator[Finding]:
    """The file name must be one of the item's identities.  ``committed``:
    key -> (element, value) of the identity that named the file when it was
    last committed, or None (``lifecycle.committed_identity``): that element
    is then to be changed back (``file_name_changed``), not the file renamed.
    When every name it could take is another item's file (``cat``), the file
    is a copy ("X - 副本.yaml", clerk trial 4 #13): ``file_name_copy`` says
    whose, to delete it or give it the next unused code, never to rename it
    onto the original, even one that cannot be read (``cat.unreadable_files``,
    clerk trial 9 #11)."""
    item = entry.item
    if entry.key not in identities(item) and not (item.code and codes.malformed(item.code, basic_layout)
                                                   and codes.basic_meant(entry.key, None)):  # check_codes names it
        before = committed(entry.key) if committed is not None else None
        if before is not None:
            now = getattr(item, before[0], None)
            yield Finding((before[0],), "file_name_changed", {"file": PurePosixPath(entry.source).name,
                                                              "element": before[0], "value": before[1],
                                                              "now": now or "—"})
            return
        taken = [(v, cat.by_key[v].source, cat.by_key[v].item.name or "—") for v in identities(item)
                 if cat is not None and v in cat.by_key and cat.by_key[v].source != entry.source]
        # A file of that name that cannot be read is taken too (clerk trial 9, #11: "992007001000 - 副本.yaml"
        # next to a GBK original was told to take the original's name).
        taken += [(v, cat.unreadable_files[v], say("copy_original_unreadable")[0]) for v in identities(item)
                  if cat is not None and v not in cat.by_key and v in cat.unreadable_files]
        free = [v for v in identities(item) if v not in {t[0] for t in taken}]
        copied = [t for t in taken if entry.key.startswith(t[0])]  # "X - 副本", "X (2)", "X - Copy"
        if copied or (taken and not free):
            key, source, name = (copied or taken)[0]
            yield Finding(("code",) if item.code else ("name",), "file_name_copy", {
                "file": PurePosixPath(entry.source).name, "other": source,
                "other_name": name, "code": key, "next": _next_code(item.code, cat)})
            return
        if cat is not None and (was := copies.committed_name(entry, cat, free)):  # clerk trial 10, #30
            yield Finding(("code",) if item.code else ("name",), "file_name_moved" if "/" in was else
                          "file_name_committed", {"file": PurePosixPath(entry.source).name, "was": was})
            return
        names = "、".join(f"{v}.yaml" for v in free) or "—"  # never a name another item's file has
        yield Finding(("name",) if not identities(item) else ("code",) if item.code else ("name",),
                      "file_name", {"file": PurePosixPath(entry.source).name, "names": names})


def _next_code(code: str | None, cat: Catalogue) -> str:
    """" 990105005000" (the next unused serial of the code's department and
    type, sources/scaffold.next_code), or "" when there is none."""
    from generator.sources.scaffold import next_code  # scaffold imports the checks
    if not code or len(code) != 12:
        return ""
    used = {e.item.code for e in cat.entries if e.item.code} | set(cat.by_key) | set(cat.reported_elsewhere)
    found = next_code(used, code[:6])
    return f" {found}" if found else ""


def days(d: Duration) -> float:
    """A duration in calendar days, for comparing limits of different units."""
    if d.unit == "immediate":
        return 0
    return d.value * 7 / 5 if d.unit == "working_days" else d.value


def describe(d: Duration, unit_labels: dict) -> str:
    return unit_labels["immediate"] if d.unit == "immediate" else f"{d.value} {unit_labels[d.unit]}"


def check_service(entry: Entry, unit_labels: dict) -> Iterator[Finding]:
    """Time limits, fees, channels, steps and facilitation marks: what the
    item states must agree with itself (missing parts are gaps, checks/gaps.py)."""
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
            # An instant item's limit is 即办, not the bound (clerk trial 7, #3): one fix for both.
            yield Finding(("time_limits", "promised"), "promised_longer_instant" if item.facilitation.instant else
                          "promised_longer", {
                "promised": describe(limits.promised, unit_labels), "statutory": describe(limits.statutory, unit_labels),
                "bound": describe(bound, unit_labels)})

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

    promised_unit = limits.promised.unit if limits and limits.promised else None
    if item.facilitation.instant and promised_unit != "immediate" and not longer:  # else said just above
        yield Finding(("facilitation", "instant"), "instant_not_immediate")
    if item.facilitation.commitment and not any(m.commitment_allowed for m in item.materials or []):
        yield Finding(("facilitation", "commitment"), "commitment_without_material", severity="warning")

    yield from _check_steps(item)
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


def _check_steps(item: Item) -> Iterator[Finding]:
    if not flow_fits(item.steps):
        count, branches = flow_size(item.steps)
        yield Finding(("steps",), "flow_too_large", {
            "steps": count, "branches": branches, "max_steps": MAX_FLOW_STEPS, "max_branches": MAX_FLOW_BRANCHES})
    ids = [s.id for s in item.steps or []]
    named = {s.id: s.name for s in item.steps or []}
    seen: set[str] = set()
    for i, step in enumerate(item.steps or []):
        if step.id in seen:
            yield Finding(("steps", i, "id"), "step_duplicate", {"id": step.id})
        seen.add(step.id)
        if step.next and step.next not in ids:
            yield Finding(("steps", i, "next"), "step_unknown",
                          {"target": step.next, "allowed": closest_first(step.next, ids, names=named)})
        for j, branch in enumerate(step.branches):
            if branch.to not in ids:
                yield Finding(("steps", i, "branches", j, "to"), "step_unknown",
                              {"target": branch.to, "allowed": closest_first(branch.to, ids, names=named)})


def _replacements(cat: Catalogue) -> Iterator[tuple[Entry, Finding]]:
    """``replaced_by`` must name an item of the catalogue (MISSION.md §5: a
    retired item's page says what replaces it): an error at that line with
    the keys closest first.  A key renamed since (sources/history.py) still
    leads to its item, and a key whose own file carries its problem
    (``Catalogue.reported_elsewhere``: unreadable, held back, removed) is not reported again."""
    history = cat.history if getattr(cat.history, "available", False) else None
    for entry in cat.entries:
        key = entry.item.replaced_by
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
    basic_present = {e.item.code for e in cat.entries if e.item.code} | set(cat.by_key) | set(unreadable)
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
                yield entry, Finding(("code",), "code_sub_without_main", {"code": code, "main": main_code}, "warning")
            elif main is not None and main.department != entry.department:
                yield entry, Finding(("code",), "code_sub_other_department", {"main": main.key}, "warning")
