"""Gaps: elements an item does not state, and what an item needs to be published.

Real exports lack many guide elements (ELEMENTS.md, "What real exports look
like").  Unknown is not a default: a missing element is neither invented nor a
reason to publish nothing.  The catalogue's configuration (``publish`` in
mkdocs.yml, ``config.Publish``) names

- ``required`` elements: without one the item is held back (not published,
  listed with the reason on the data-quality page and in ``make check``);
- ``expected`` elements: a missing one is a *gap*: the item is published,
  its page marks the section 信息待补充 with whom to ask, and the gap is listed.

Element names are item keys (``materials``), ``key.subkey`` for a key inside
an element (``materials.form``: the form of any material), and two derived
names: ``identity`` (an official code: basic, implementation or local code)
and ``way_to_apply`` (a channel, an office or an online address).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Collection, Iterator, Mapping

from generator.checks.model import Item, Material, Office

# Known element names; the config is checked against these (config_problems).
_TOP = ("item_type", "summary", "legal_basis", "levels", "audiences", "industries", "service_types",
        "conditions", "materials", "steps", "time_limits", "fees", "channels", "visits", "offices",
        "consultation", "complaint", "result", "reviewed", "implementing_body", "name")


@dataclass(frozen=True)
class Gap:
    element: str  # e.g. "materials.form"
    path: tuple  # key path in the file where it shows, e.g. ("materials", 2)


def _blank_contact(contact) -> bool:
    return contact is None or not (contact.phone or contact.address or contact.url or contact.email or contact.note)


def _material_gaps(i: int, m: Material) -> Iterator[Gap]:
    path = ("materials", i)
    if m.necessity is None:
        yield Gap("materials.necessity", path)
    elif m.necessity == "situational" and not (m.applies_when or m.variants):
        yield Gap("materials.applies_when", path + ("necessity",))
    if m.source == "shared":
        return  # not asked of the applicant: form and copies do not matter
    if m.form is None:
        yield Gap("materials.form", path)
    if m.copies is None and m.original_count is None and m.copy_count is None:
        yield Gap("materials.copies", path)
    if m.source is None:
        yield Gap("materials.source", path)


def _office_gaps(item: Item, offices: Mapping[str, Office]) -> Iterator[Gap]:
    for i, ref in enumerate(item.offices or []):
        office = offices.get(ref.office)
        if office is None:
            continue  # a reference error, reported by the rules
        if not (office.hours or office.hours_text or ref.hours_text):
            yield Gap("offices.hours", ("offices", i))
        if office.phone is None:
            yield Gap("offices.phone", ("offices", i))


def way_to_apply(item: Item) -> bool:
    channels = item.channels
    return bool(item.offices or (channels and (channels.forms or channels.online_url or channels.mobile_url)))


def has_identity(item: Item) -> bool:
    return bool(item.code or item.implementation_code or item.local_code)


def all_gaps(item: Item, offices: Mapping[str, Office]) -> Iterator[Gap]:
    """Every element ``item`` leaves unstated, whatever the configuration."""
    if not has_identity(item):
        yield Gap("identity", ("name",))
    if item.grouping:
        return  # a grouping main item has no guide of its own
    online_only = item.channels is not None and "window" not in item.channels.forms
    for key in _TOP:
        if getattr(item, key) is None and key not in ("implementing_body", "name"):
            if key == "offices" and online_only:
                continue  # no place needed: the item says where to apply
            yield Gap(key, (key,))
    for i, m in enumerate(item.materials or []):
        yield from _material_gaps(i, m)
    if item.time_limits is not None and item.time_limits.promised is None:
        yield Gap("time_limits.promised", ("time_limits",))
    if item.time_limits is None:
        yield Gap("time_limits.promised", ("name",))
    fees = item.fees
    if fees is not None and fees.charged and not fees.items:
        yield Gap("fees.items", ("fees", "charged"))
    for i, fee in enumerate(fees.items if fees else []):
        if not fee.basis:
            yield Gap("fees.basis", ("fees", "items", i))
    channels = item.channels
    if channels and "online" in channels.forms and not (channels.online_url or channels.mobile_url):
        yield Gap("channels.online_url", ("channels", "forms"))
    if channels and "online" in channels.forms and channels.online_depth is None:
        # Issue 17: how far online handling goes (网上预审/网上申请/全程网办) decides the mark.
        yield Gap("channels.online_depth", ("channels", "forms"))
    if item.visits is not None and item.visits > 1 and not item.visit_reason:
        yield Gap("visit_reason", ("visits",))
    if item.offices is not None and not item.offices and channels and "window" in channels.forms:
        yield Gap("offices", ("offices",))
    yield from _office_gaps(item, offices)
    for key in ("consultation", "complaint"):
        contact = getattr(item, key)
        if contact is not None and _blank_contact(contact):
            yield Gap(key, (key,))
    if item.result is not None:
        if item.result.name is None:
            yield Gap("result.name", ("result",))
        if item.result.delivery is None:
            yield Gap("result.delivery", ("result",))
    if item.status == "cancelled" and not item.cancelled_date:
        yield Gap("cancelled_date", ("status",))


def part_of(element: str) -> str | None:
    """The element a detail gap belongs to (``materials.form`` ->
    ``materials``, ``visit_reason`` -> ``visits``); None for an element of
    its own."""
    if element == "visit_reason":
        return "visits"
    return element.split(".")[0] if "." in element else None


def unstated(item: Item, offices: Mapping[str, Office]) -> set[str]:
    """The elements ``item`` leaves out wholly (its gaps of an element of its
    own: ``materials``, not ``materials.form``), whatever the configuration."""
    return {g.element for g in all_gaps(item, offices) if part_of(g.element) is None}


def detail_of_unstated(element: str, unstated_then: Collection[str]) -> bool:
    """Whether a gap of ``element`` lies in an element that was wholly left
    out before (``unstated_then``: ``unstated`` of the item then).  County
    trial 3, F9: a department filling in an item's missing ``materials``
    leaves a material's ``form`` unstated; that gap is not made by the change
    (the whole element was a gap), so ``check --base`` does not count it as
    new.  A detail of an element stated before (a deleted ``form:`` line) is
    new."""
    parent = part_of(element)
    return parent is not None and parent in unstated_then


def gaps(item: Item, offices: Mapping[str, Office], expected: set[str],
         unread: Collection[tuple[str, str]] = ()) -> tuple[Gap, ...]:
    """The gaps the catalogue counts: missing elements named in ``expected``.

    ``unread``: (office id, element of the office, e.g. "hours") written in
    ``content/offices.yaml`` but not read (an error there, reported at its
    line): not missing, so no gap of the items using that office (clerk
    trial 6, #10: a malformed time gave 7 items 待补充【办理地点·办公时间】)."""
    return tuple(g for g in all_gaps(item, offices) if g.element in expected and not (
        unread and g.element.startswith("offices.")
        and (item.offices[g.path[1]].office, g.element.split(".", 1)[1]) in unread))


# Classifications an item states with the ids of content/taxonomies.yaml: with
# no term registered, none can be stated, so not stating one is no gap.
_CLASSIFICATIONS = ("audiences", "industries", "service_types", "levels")


def expected_of(expected: list[str], terms: Mapping[str, Mapping]) -> set[str]:
    """The elements of ``publish.expected`` (mkdocs.yml) whose absence is a
    gap: a classification whose taxonomy in ``terms`` (group -> id -> term)
    has no term is left out (county trial 1: an export that states no
    industries or service types counted 2 gaps on each of 941 items)."""
    return {e for e in expected if not (e in _CLASSIFICATIONS and not terms.get(e))}


_REQUIRED: dict[str, Callable[[Item], bool]] = {
    "name": lambda item: bool(item.name),
    "identity": has_identity,
    "way_to_apply": way_to_apply,
}


def missing_required(item: Item, required: list[str]) -> list[str]:
    """The ``required`` elements ``item`` does not state (a grouping main item
    needs only its name)."""
    missing = []
    for element in required:
        if item.grouping and element != "name":
            continue
        test = _REQUIRED.get(element)
        present = test(item) if test else getattr(item, element.split(".")[0], None) not in (None, [], "")
        if not present:
            missing.append(element)
    return missing


KNOWN = set(_TOP) | {"identity", "way_to_apply", "materials.necessity", "materials.applies_when",
                     "materials.form", "materials.copies", "materials.source", "time_limits.promised",
                     "fees.items", "fees.basis", "channels.online_url", "channels.online_depth", "visit_reason", "offices.hours",
                     "offices.phone", "result.name", "result.delivery", "cancelled_date"}


def element_title(element: str) -> str:
    """The Chinese name of a gap element, e.g. 申请材料·材料形式 (labels
    ``gap_elements`` in the locale file for the derived ones)."""
    from generator.checks.schema_errors import walk
    from generator.messages import labels
    special = labels("gap_elements").get(element)
    if special:
        return special
    parts = tuple(element.split("."))
    _, info = walk(Item, parts)
    head = Item.model_fields.get(parts[0])
    if len(parts) > 1 and head is not None and info is not None:
        return f"{head.title}·{info.title}"
    return info.title if info is not None and info.title else element


def _shape(key: str) -> tuple[str, str]:
    """How a top-level item element is written (locale labels ``add_element``:
    ``scalar``, ``mapping``, ``list`` or ``list_of_mappings``) and what goes
    in it: its required keys with their names ("name: 实施主体名称"), or its
    own name for a list of texts."""
    from generator.checks.schema_errors import _inner_models, _is_list
    field = Item.model_fields[key]
    inner = _inner_models(field.annotation)
    if not inner:
        return ("list" if _is_list(field.annotation) else "scalar"), field.title or key
    needed = [f"{name}: {f.title or name}" for name, f in inner[0].model_fields.items() if f.is_required()]
    needed = needed or [f"{name}: {f.title or name}" for name, f in list(inner[0].model_fields.items())[:1]]
    return ("list_of_mappings" if _is_list(field.annotation) else "mapping"), "、".join(needed)


def required_finding(element: str, doc, fields: str = ""):
    """The finding (message ``not_publishable``, path: the element) for a
    required element (``publish.required``) the item does not state.  Its
    values name it (``element``, ``of``), say how to write it (``how``,
    locale labels ``add_element``) and where: ``at`` = (line, 1) of the
    first top-level key written after the elements the model orders before
    it (where it is to be added), else of the line after the file's last
    value.  ``doc``: the item's ``sources.load.Document`` read with
    positions.  A derived element (identity, way_to_apply) stays at the
    name, with its own ``how`` (clerk trial 3, #9: the message was titled
    事项名称 and pointed the clerk to mkdocs.yml).  ``fields``: what goes in
    it, instead of its required keys with their titles (an office's id with
    the choices: the title 办理地点 was written as the name, clerk trial 16, #40)."""
    from generator.checks.rules import Finding
    from generator.messages import label, say
    top = element.split(".")[0]
    if top not in Item.model_fields:  # identity, way_to_apply: several elements, each can do
        return Finding(("name",), "not_publishable", {"element": element_title(element), "of": element,
                                                      "how": label("add_element", element)})
    order, keys = list(Item.model_fields), doc.keys
    written = sorted((at, path[0]) for path, at in keys.items() if len(path) == 1 and path[0] in order)
    later = [(at, key) for at, key in written if order.index(key) > order.index(top)]
    earlier = [(at, key) for at, key in written if order.index(key) < order.index(top)]
    if earlier:  # after the last element written that the model orders before it
        last = max(earlier, key=lambda pair: order.index(pair[1]))
        later = [(at, key) for at, key in written if at > last[0]]
    shape, titles = _shape(top)
    fields = fields or titles
    where = say("add_before", key=later[0][1])[0] if later else say("add_at_end")[0]
    how = label("add_element", shape).format(key=top, fields=fields, where=where)
    last_line = max((line for line, _ in (*keys.values(), *doc.values.values())), default=0)
    at = later[0][0] if later else (last_line + 1, 1)
    return Finding((top,), "not_publishable", {"element": element_title(element), "of": element,
                                               "how": how, "at": (at[0], 1)})


def unknown_elements(names: list[str]) -> list[str]:
    """Names in the configuration that are not elements (a typo would
    silently publish without checking)."""
    return [n for n in names if n not in KNOWN]
