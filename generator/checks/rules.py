"""The catalogue's own rules, taken from the source documents.

The model (``model.py``) checks shapes and types; these functions check what
the reform asks of the content: one code per item, no catch-all clauses, no
proof outside the proofs list, reasons for extra trips, and references that
point at real registry entries.  Each rule yields ``Finding``s with the key
path they concern; ``validate.py`` turns paths into file positions.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Iterator

from generator.checks import codes
from generator.catalogue import Catalogue, Entry
from generator.config import Settings
from generator.checks.model import Department, Duration, Item, LifeEvent, Office
from generator.messages import label


@dataclass(frozen=True)
class Finding:
    path: tuple
    key: str  # message key in the locale file
    values: dict = field(default_factory=dict)
    severity: str = "error"


@dataclass(frozen=True)
class Vocabulary:
    """Language-specific word lists from the locale file."""

    catch_all: tuple[str, ...]
    proof_words: tuple[str, ...]
    placeholder: str
    sample_marker: str = ""  # marks the sample texts `new` writes
    form_endings: tuple[str, ...] = ()  # a name ending so is a form, not a proof

    def is_proof(self, name: str) -> bool:
        return any(w in name for w in self.proof_words) and not name.endswith(self.form_endings)


# Registry each reference points into: (taxonomy group or registry, file shown to editors).
_TERM_FIELDS = {
    "item_type": "item_types",
    "levels": "levels",
    "audiences": "audiences",
    "industries": "industries",
    "service_types": "service_types",
    "topics": "topics",
}

# Several numbered clauses in one condition: "1.…2.…", "（1）…（2）…", "一是…二是…".
_MULTI_CLAUSE = re.compile(r"(（?[1-9１-９][.．、)）].*[；;，,]?\s*（?[2-9２-９][.．、)）])|(（[一二三]）.*（[二三四]）)"
                           r"|(一是.*二是)")


def suggest(value: str, choices) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return f"是不是想写 {close[0]}？" if close else ""


def reference(path, value, choices, registry: str, file: str) -> Iterator[Finding]:
    if value not in choices:
        yield Finding(path, "unknown_reference", {
            "value": value, "registry": registry, "file": file, "suggestion": suggest(value, choices)})


def check_references(entry: Entry, cat: Catalogue) -> Iterator[Finding]:
    item = entry.item
    tax = "content/taxonomies.yaml"
    for key, group in _TERM_FIELDS.items():
        value = getattr(item, key)
        title = Item.model_fields[key].title
        for i, v in enumerate([value] if isinstance(value, str) else value):
            path = (key,) if isinstance(value, str) else (key, i)
            yield from reference(path, v, cat.terms[group], title, tax)
    for i, dep in enumerate(item.joint_departments):
        yield from reference(("joint_departments", i), dep, cat.department, label("registries", "departments"), "content/departments.yaml")
    for i, ref in enumerate(item.offices):
        yield from reference(("offices", i, "office"), ref.office, cat.office, label("registries", "offices"), "content/offices.yaml")
    variant_ids = {v.id for v in item.variants}
    for i, m in enumerate(item.materials):
        if m.proof:
            yield from reference(("materials", i, "proof"), m.proof, cat.proof, label("registries", "proofs"), "content/proofs.yaml")
        for j, v in enumerate(m.variants):
            yield from reference(("materials", i, "variants", j), v, variant_ids, label("registries", "variants"), entry.source)


def check_codes(entry: Entry, cat: Catalogue, settings: Settings) -> Iterator[Finding]:
    item = entry.item
    term = cat.terms["item_types"].get(item.item_type)
    type_codes = list(term.codes) if term else []
    department = cat.department.get(entry.department)
    for key, values in codes.check_basic(item.code, type_codes, department.code if department else None,
                                         settings.province_code):
        yield Finding(("code",), key, values)
    if item.implementation_code:
        level_codes = [cat.terms["levels"][lv].code for lv in item.levels
                       if lv in cat.terms["levels"] and cat.terms["levels"][lv].code]
        for key, values in codes.check_implementation(item.implementation_code, item.code, level_codes,
                                                      item.implementing_body.credit_code):
            yield Finding(("implementation_code",), key, values)
    if item.implementing_body.credit_code:
        for key, values in codes.check_credit_code(item.implementing_body.credit_code):
            yield Finding(("implementing_body", "credit_code"), key, values)


def check_file_name(entry: Entry) -> Iterator[Finding]:
    stem = PurePosixPath(entry.source).stem
    item = entry.item
    if stem not in (item.code, item.slug):
        slug_hint = f" 或 {item.slug}.yaml" if item.slug else ""
        yield Finding(("code",), "file_name", {"file": PurePosixPath(entry.source).name,
                                                "code": item.code, "slug_hint": slug_hint})


def _catch_all(text: str, vocab: Vocabulary) -> str | None:
    return next((p for p in vocab.catch_all if p in text), None)


def check_content(entry: Entry, vocab: Vocabulary) -> Iterator[Finding]:
    """Rules of the guide's content: concrete conditions and materials."""
    item = entry.item
    for i, condition in enumerate(item.conditions):
        phrase = _catch_all(condition, vocab)
        if phrase:
            yield Finding(("conditions", i), "catch_all", {"text": condition, "phrase": phrase})
        elif _MULTI_CLAUSE.search(condition):
            yield Finding(("conditions", i), "condition_not_single")
    for i, m in enumerate(item.materials):
        phrase = _catch_all(m.name, vocab)
        if phrase:
            yield Finding(("materials", i, "name"), "catch_all", {"text": m.name, "phrase": phrase})
        if vocab.is_proof(m.name) and not m.proof:
            yield Finding(("materials", i, "name"), "proof_not_registered", {"name": m.name})
        if m.necessity == "situational" and not (m.applies_when or m.variants):
            yield Finding(("materials", i, "necessity"), "situational_without_condition")
    if item.visits > 1 and not item.visit_reason:
        yield Finding(("visits",), "visits_without_reason", {"visits": item.visits})
    if item.status == "cancelled" and not item.cancelled_date:
        yield Finding(("status",), "cancelled_without_date")
    yield from _check_placeholders(item, vocab)


def _check_placeholders(item: Item, vocab: Vocabulary) -> Iterator[Finding]:
    def walk(value, path):
        if isinstance(value, str):
            if vocab.placeholder in value:
                yield Finding(path, "placeholder_left", {"text": value[:40]})
            elif vocab.sample_marker and vocab.sample_marker in value:
                yield Finding(path, "sample_left", {"text": value[:40]}, severity="warning")
        elif isinstance(value, dict):
            for k, v in value.items():
                yield from walk(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(v, path + (i,))
    yield from walk(item.model_dump(exclude_defaults=True), ())


def days(d: Duration) -> float:
    """A duration in calendar days, for comparing limits of different units."""
    if d.unit == "immediate":
        return 0
    return d.value * 7 / 5 if d.unit == "working_days" else d.value


def describe(d: Duration, unit_labels: dict) -> str:
    return unit_labels["immediate"] if d.unit == "immediate" else f"{d.value} {unit_labels[d.unit]}"


def check_service(entry: Entry, unit_labels: dict) -> Iterator[Finding]:
    """Time limits, fees, channels, steps and facilitation marks."""
    item = entry.item
    limits = item.time_limits
    same_unit = limits.promised.unit == limits.statutory.unit
    longer = (limits.promised.value > limits.statutory.value) if same_unit else \
        days(limits.promised) > days(limits.statutory)
    if longer:
        yield Finding(("time_limits", "promised"), "promised_longer", {
            "promised": describe(limits.promised, unit_labels), "statutory": describe(limits.statutory, unit_labels)})

    fees = item.fees
    if fees.charged and not fees.items:
        yield Finding(("fees", "charged"), "charged_without_items")
    if not fees.charged and fees.items:
        yield Finding(("fees", "items"), "free_with_items")
    for i, fee in enumerate(fees.items):
        if not fee.basis:
            yield Finding(("fees", "items", i), "fee_without_basis", {"name": fee.name})

    forms = item.channels.forms
    online = "online" in forms
    if not item.offices and not online:
        # No offices key to point at: point at the channels the editor chose.
        yield Finding(("channels", "forms"), "no_place_to_apply")
    elif "window" in forms and not item.offices:
        yield Finding(("channels", "forms"), "window_without_office")
    if online and not (item.channels.online_url or item.channels.mobile_url):
        yield Finding(("channels", "forms"), "online_without_url")

    if item.facilitation.instant and limits.promised.unit != "immediate":
        yield Finding(("facilitation", "instant"), "instant_not_immediate")
    if item.facilitation.commitment and not any(m.commitment_allowed for m in item.materials):
        yield Finding(("facilitation", "commitment"), "commitment_without_material", severity="warning")

    yield from _check_steps(item)
    seen: set[str] = set()
    for i, v in enumerate(item.variants):
        if v.id in seen:
            yield Finding(("variants", i, "id"), "variant_duplicate", {"id": v.id})
        seen.add(v.id)


def _check_steps(item: Item) -> Iterator[Finding]:
    ids = [s.id for s in item.steps]
    allowed = "、".join(ids)
    seen: set[str] = set()
    for i, step in enumerate(item.steps):
        if step.id in seen:
            yield Finding(("steps", i, "id"), "step_duplicate", {"id": step.id})
        seen.add(step.id)
        if step.next and step.next not in ids:
            yield Finding(("steps", i, "next"), "step_unknown", {"target": step.next, "allowed": allowed})
        for j, branch in enumerate(step.branches):
            if branch.to not in ids:
                yield Finding(("steps", i, "branches", j, "to"), "step_unknown",
                              {"target": branch.to, "allowed": allowed})


def check_catalogue(cat: Catalogue) -> Iterator[tuple[Entry, Finding]]:
    """Rules across items: unique codes, main items and their sub-items."""
    first_code: dict[str, Entry] = {}
    first_impl: dict[str, Entry] = {}
    first_slug: dict[str, Entry] = {}
    for entry in cat.entries:
        item = entry.item
        for table, value, path, key in ((first_code, item.code, ("code",), "code_duplicate"),
                                        (first_impl, item.implementation_code, ("implementation_code",),
                                         "impl_duplicate"),
                                        (first_slug, item.slug, ("slug",), "slug_duplicate")):
            if value is None:
                continue
            if value in table:
                yield entry, Finding(path, key, {"code": value, "slug": value, "other": table[value].source})
            else:
                table[value] = entry
    codes_present = set(first_code)
    mains_with_subs = {codes.main_code_of(c) for c in codes_present if codes.is_sub_item(c)}
    for entry in cat.entries:
        code = entry.code
        if codes.is_main_with_subs(code) and code not in mains_with_subs:
            yield entry, Finding(("code",), "code_main_without_subs", {"code": code, "prefix": code[:9]})
        if codes.is_sub_item(code):
            main = codes.main_code_of(code)
            if main not in codes_present:
                yield entry, Finding(("code",), "code_sub_without_main", {"code": code, "main": main})
            elif first_code[main].department != entry.department:
                yield entry, Finding(("code",), "code_sub_other_department", {"main": main})


def check_registries(cat: Catalogue, event_sources: dict[str, str],
                     offices_file: str = "content/offices.yaml",
                     departments_file: str = "content/departments.yaml") -> Iterator[tuple[str, type, Finding]]:
    """Rules within and between registries: (file shown to editors, model, finding)."""
    tax = "content/taxonomies.yaml"
    seen_codes: dict[str, str] = {}
    for index, dep in enumerate(cat.departments):
        if dep.code in seen_codes:
            yield departments_file, Department, Finding((index, "code"), "department_code_duplicate",
                                                        {"code": dep.code, "other": seen_codes[dep.code]})
        seen_codes.setdefault(dep.code, dep.id)
    for index, office in enumerate(cat.offices):
        for f in reference((index, "level"), office.level, cat.terms["levels"], "行使层级", tax):
            yield offices_file, Office, f
        if office.parent:
            for f in reference((index, "parent"), office.parent, cat.office, label("registries", "offices"), offices_file):
                yield offices_file, Office, f
        for h, hours in enumerate(office.hours):
            if hours.open >= hours.close:
                yield offices_file, Office, Finding((index, "hours", h, "open"), "hours_order",
                                                    {"open": hours.open, "close": hours.close})
    for event in cat.life_events:
        display = event_sources[event.id]
        for f in reference(("lead_department",), event.lead_department, cat.department, label("registries", "departments"),
                           departments_file):
            yield display, LifeEvent, f
        for f in reference(("audience",), event.audience, cat.terms["audiences"], "服务对象", tax):
            yield display, LifeEvent, f
        for s, step in enumerate(event.steps):
            for i, code in enumerate(step.items):
                if code not in cat.by_code:
                    yield display, LifeEvent, Finding(("steps", s, "items", i), "bundle_unknown_item", {"code": code})
