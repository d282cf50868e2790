"""The sample catalogue of 示范市 (content/ and items/ of this repository).

It is the project's demonstration: it must pass `check` cleanly, meet the
minimums promised in issue 4, and fill every element of the item model, so
that every page feature has real-looking data to show.  Demo tests (marker
``demo``): read from the catalogue under test and skipped when it is not the
demo (tests/catalogue.py).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections import Counter
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.checks import codes
from generator.config import read_settings
from generator.outputs.flowchart import successors
from generator.checks.model import Item
from generator.checks.validate import build_catalogue

pytestmark = pytest.mark.demo


@pytest.fixture(scope="module")
def report(catalogue_dir):
    return build_catalogue(catalogue_dir, read_settings(catalogue_dir))


@pytest.fixture(scope="module")
def cat(report):
    assert report.catalogue is not None, "the catalogue has errors: " + "; ".join(
        f"{p.file}:{p.line} {p.message}" for p in report.errors[:10])
    return report.catalogue


@pytest.fixture(scope="module")
def items(cat) -> list[Item]:
    return [e.item for e in cat.entries]


# --- clean check ------------------------------------------------------------

def test_no_errors_and_no_warnings(report):
    listed = "\n".join(f"{p.file}:{p.line}:{p.column} {p.message}" for p in report.problems)
    assert not report.errors, listed
    assert not report.warnings, listed
    assert report.item_count == len(report.catalogue.entries)


# --- minimums of issue 4 ----------------------------------------------------

def test_item_and_provider_counts(cat):
    assert len(cat.entries) >= 60
    used = {e.department for e in cat.entries}
    assert len(used) >= 12
    kinds = Counter(cat.department[d].kind for d in used)
    assert kinds["utility"] >= 3, "water, power and gas"
    assert kinds["intermediary"] >= 1
    assert kinds["institution"] >= 1
    assert kinds["department"] >= 1


def test_utilities_cover_water_power_and_gas(cat):
    names = " ".join(d.name for d in cat.departments if d.kind == "utility")
    for word in ("水", "电", "气"):
        assert word in names


def test_both_audiences(items):
    audiences = Counter(a for item in items for a in item.audiences)
    assert audiences["individual"] >= 10
    assert audiences["business"] >= 10


def test_main_items_with_sub_items(cat):
    subs = Counter(codes.main_code_of(e.item.code) for e in cat.entries if codes.is_sub_item(e.item.code))
    mains = [e.item.code for e in cat.entries if codes.is_main_with_subs(e.item.code)]
    assert len([m for m in mains if subs[m] >= 2]) >= 3
    for main in mains:
        assert main[9:11] == "00"


def test_variants(items):
    with_variants = [i for i in items if i.variants]
    assert len(with_variants) >= 3
    # Variant-specific materials are shown too.
    assert sum(1 for i in with_variants if any(m.variants for m in i.materials)) >= 3


def test_offices_keep_different_hours(cat):
    def signature(office):
        return tuple(sorted((tuple(h.days), h.open, h.close) for h in office.hours))

    assert len(cat.offices) >= 4
    assert len({signature(o) for o in cat.offices}) >= 4
    week = [{d for h in o.hours for d in h.days} for o in cat.offices]
    assert any(len(days) == 7 for days in week), "a 7-day office"
    assert any(len(days) == 6 for days in week), "a 6-day office"
    assert any(days == {"mon", "tue", "wed", "thu", "fri"} for days in week), "a 5-day office"
    assert any(len(days) <= 3 for days in week), "an office open on set days only"
    # Early or late shifts: an extra hours entry, with a note, outside 08:30-17:30.
    assert any(len(o.hours) > 1 and any(h.note and (h.open < "08:30" or h.close > "17:30") for h in o.hours)
               for o in cat.offices)
    assert {o.holidays for o in cat.offices} == {"closed", "open", "duty"}


def test_office_levels(cat):
    levels = Counter(o.level for o in cat.offices)
    assert levels["city"] >= 1
    assert levels["township"] >= 1
    assert any("政务服务中心" in o.name and o.level == "city" for o in cat.offices)


def test_every_office_is_used(cat, items):
    used = {ref.office for item in items for ref in item.offices or []}
    assert {o.id for o in cat.offices} <= used


def test_proofs(cat, items):
    assert len(cat.proofs) >= 20
    used = {m.proof for item in items for m in item.materials if m.proof}
    assert len(used) >= 15


def test_shared_materials(items):
    shared = [m for item in items for m in item.materials if m.source == "shared"]
    assert len(shared) >= 20
    assert all(m.source_note for m in shared[:5]) or any(m.source_note for m in shared)


def test_facilitation_marks(items):
    for mark in ("commitment", "one_id_card", "one_network", "instant"):
        assert any(getattr(i.facilitation, mark) for i in items), mark
    for item in items:
        if item.facilitation.commitment:
            assert any(m.commitment_allowed for m in item.materials), item.code
        if item.facilitation.instant:
            assert item.time_limits.promised.unit == "immediate", item.code
    online = [i for i in items if "online" in i.channels.forms and i.channels.online_url]
    assert len(online) >= 20
    assert all(".example." in i.channels.online_url for i in online)


def test_negative_list(items):
    negative = [i for i in items if i.visits >= 2]
    assert len(negative) >= 5
    for item in negative:
        assert item.visit_reason and len(item.visit_reason) >= 10, item.code


def test_codes_and_implementation_codes(cat, items):
    assert all(i.code[:2] in ("99", "00") for i in items)
    with_impl = [i for i in items if i.implementation_code]
    assert len(with_impl) >= 10
    assert all(i.implementing_body.credit_code for i in with_impl)
    for entry in cat.entries:
        assert Path(entry.source).parent.name == entry.department


def test_every_item_has_a_complete_guide(items):
    for item in items:
        if item.status == "cancelled":
            continue
        assert item.aliases, item.code
        assert 4 <= len(item.steps) <= 8, item.code
        assert any(s.branches for s in item.steps), item.code
        assert item.consultation.phone and item.complaint.phone, item.code
        assert item.materials, item.code
        assert item.conditions, item.code
    assert sum(1 for i in items if i.faq) >= 25


def test_every_step_is_reachable(items):
    """Read the flow as the flowchart does: no step is left dangling, and a branch
    target that returns or ends is a detour, not part of the main path."""
    for item in items:
        steps = item.steps
        succ = successors(steps)
        index = {s.id: i for i, s in enumerate(steps)}
        seen, todo = set(), [0]
        while todo:
            i = todo.pop()
            if i is None or i in seen:
                continue
            seen.add(i)
            todo.append(succ[i])
            if not steps[i].end:
                todo += [index[b.to] for b in steps[i].branches]
        assert seen == set(range(len(steps))), (item.code, [s.id for i, s in enumerate(steps) if i not in seen])


def test_fictional_phone_numbers(cat, items):
    phones = [p for i in items for p in (*i.consultation.phone, *i.complaint.phone)]
    phones += [o.phone for o in cat.offices] + [d.phone for d in cat.departments if d.phone]
    assert phones and all(p.startswith("0001-") for p in phones), [p for p in phones if not p.startswith("0001-")]


def test_life_event_bundles(cat):
    events = cat.life_events
    assert len(events) >= 6
    steps = [s for e in events for s in e.steps]
    assert any(s.mode == "or" and len(s.items) >= 2 for s in steps)
    assert any(s.mode == "and" and len(s.items) >= 2 for s in steps)
    assert any(s.optional for s in steps)
    assert {e.audience for e in events} == {"individual", "business"}
    for event in events:
        assert event.before is not None, event.id
        assert event.lead_department in cat.department
        for step in event.steps:
            assert all(code in cat.by_key for code in step.items)
    names = " ".join(e.name for e in events)
    for word in ("出生", "入学", "结婚", "退休", "身后", "开办企业"):
        assert word in names


# --- every element of the model is filled -----------------------------------

def _nested_model(annotation) -> type[BaseModel] | None:
    """The pydantic model inside Optional[...] / list[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _nested_model(arg)
        if found:
            return found
    return None


def _literal_values(annotation) -> tuple:
    """The allowed values of a Literal inside Optional[...] / list[...], if any."""
    if typing.get_origin(annotation) is typing.Literal:
        return typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            values = _literal_values(arg)
            if values:
                return values
    return ()


def _walk(model: type[BaseModel], instances: list, prefix: str, unfilled: list, seen: dict) -> None:
    """Record in `unfilled` the paths no instance fills, and in `seen` the values each
    enumerated field (model, field) takes anywhere in the tree."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        values = [getattr(obj, name) for obj in instances]
        default = None if info.is_required() else info.get_default(call_default_factory=True)

        def filled(value) -> bool:
            if value is None or value == [] or value == "":
                return False
            return info.is_required() or value != default

        if not any(filled(v) for v in values):
            unfilled.append(path)
        allowed = _literal_values(info.annotation)
        if allowed:
            used = seen.setdefault((model.__name__, name), (allowed, set()))[1]
            for v in values:
                used.update(v if isinstance(v, list) else [v])
        nested = _nested_model(info.annotation)
        if nested:
            children = []
            for v in values:
                if isinstance(v, list):
                    children += v
                elif v is not None:
                    children.append(v)
            _walk(nested, children, f"{path}.", unfilled, seen)


def _unused(seen: dict) -> list[str]:
    return [f"{model}.{field} = {value!r}" for (model, field), (allowed, used) in sorted(seen.items())
            for value in allowed if value not in used]


# Elements for catalogues imported from platform exports: where an item came
# from, grouping main items without a guide, and texts kept as the export
# states them when they cannot be split.  A hand-written demo has none.
IMPORT_ONLY = {"source_id", "source_url", "grouping", "main_item", "materials.original_count",
               "materials.copy_count", "offices.hours_text", "consultation.note", "complaint.note"}
# Only a county catalogue that inherits from a pinned base catalogue fills these
# (issue 18); the demo is a city catalogue without a base (tests/checks/test_inherit.py).
IMPORT_ONLY |= {"extends"}


def test_every_item_element_is_filled(items):
    unfilled: list = []
    _walk(Item, items, "", unfilled, {})
    unfilled = [path for path in unfilled if path not in IMPORT_ONLY]
    assert not unfilled, "elements that no item fills with a non-default value:\n" + "\n".join(unfilled)


def test_every_enumerated_value_is_shown(items):
    """Each choice of each enumerated element (e.g. every 办理形式, every 结果类型) appears somewhere."""
    seen: dict = {}
    _walk(Item, items, "", [], seen)
    unused = _unused(seen)
    assert not unused, "enumerated values no item uses:\n" + "\n".join(unused)


def test_walker_notices_an_empty_element():
    """The coverage walk itself: an item without FAQ leaves faq and its children unfilled."""
    bare = Item.model_validate({
        "code": "990101001000", "name": "x", "item_type": "licensing",
        "legal_basis": [{"law": "《x》"}], "levels": ["city"], "implementing_body": {"name": "x"},
        "summary": "x", "audiences": ["individual"], "industries": ["public_security"],
        "service_types": ["issuance"], "conditions": ["x"], "steps": [{"id": "a", "name": "x"}],
        "time_limits": {"statutory": {"unit": "immediate"}, "promised": {"unit": "immediate"}},
        "fees": {"charged": False}, "channels": {"forms": ["window"]}, "visits": 1,
        "consultation": {}, "complaint": {}, "result": {"type": "other", "name": "x"},
        "reviewed": dt.date(2026, 1, 1)})
    unfilled: list = []
    seen: dict = {}
    _walk(Item, [bare], "", unfilled, seen)
    assert {"faq", "faq.question", "faq.answer", "materials.proof", "legal_basis.kind",
            "time_limits.promised.value"} <= set(unfilled)
    assert "code" not in unfilled and "legal_basis.law" not in unfilled
    unused = _unused(seen)
    assert "Item.status = 'cancelled'" in unused
    assert "Duration.unit = 'immediate'" not in unused
