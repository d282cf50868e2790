"""A life event's page facts: each step's items with their time, cost,
visits and online mark, and the roll-up of the whole journey computed per
route.

A *route* is one way through the life event: every step that is not
optional, and of each ``or`` step the one alternative the citizen picks.
Totals (visits, materials, longest promised time) are computed for each
route and shown as a range over the routes; optional steps (按需办理) are
left out of the totals and shown apart.  Nothing is summed across both
alternatives of an ``or`` step.  Texts come from generator/locales/zh.yaml
(``page:`` and ``labels: step_tag``)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from generator.catalogue import Catalogue, Entry
from generator.checks.model import Item, LifeEvent
from generator.checks.rules import days
from generator.messages import label, page_texts
from generator.outputs import marks, views

# A life event has a handful of steps; past this many routes (product of the
# alternatives of its `or` steps) the ranges are taken step by step instead.
MAX_ROUTES = 4096


@dataclass
class ItemFacts:
    """One item of a step as the step list shows it; "" = not stated."""
    entry: Entry
    time: str       # "5 个工作日", "即办"
    cost: str       # "不收费", "工本费 20 元", "收费，标准未写明"
    visits: str     # "零跑动", "最多跑一次", "需跑 2 次"
    online: tuple[str, str] | None  # (css id, label) of the online mark, None = not online


@dataclass
class StepFacts:
    name: str
    tag: str  # the one tag of the step: 必办, 都要办, 任选其一, 按需办理, 按需办理·任选其一
    note: str | None
    items: list[ItemFacts]
    missing: list[str]  # item keys not published


@dataclass
class Material:
    name: str
    used_for: list[str]  # item names needing it
    every_route: bool    # False: only on the routes through some alternative


@dataclass
class RollUp:
    """The journey's totals; a range is (fewest, most) over the routes."""
    steps: list[StepFacts]
    required_steps: int
    optional_steps: int
    routes: int
    items: tuple[int, int]
    visits: tuple[int, int] | None       # None: an item on some route does not state its visits
    materials: list[Material]            # of the required steps, each once
    material_count: tuple[int, int]
    longest: tuple[str, str] | None      # texts of the shortest and longest route's longest promise
    longest_unstated: list[str]          # required items stating no promised time
    fees: list[tuple[str, str, bool]]    # (item name, fee text, on an alternative only)
    fees_unstated: list[str]             # required items not stating their fees
    optional_materials: list[Material] = field(default_factory=list)


def step_tag(step) -> str:
    """The one tag of a step (labels ``step_tag``)."""
    if step.optional:
        key = "optional_choose_one" if step.mode == "or" and len(step.items) > 1 else "optional"
    elif step.mode == "or" and len(step.items) > 1:
        key = "choose_one"
    else:
        key = "all" if len(step.items) > 1 else "required"
    return label("step_tag", key)


def visits_text(n: int | None) -> str:
    """A step item's visits as its own page says them (marks.visit_mark); "" when not stated."""
    found = marks.visit_mark(n)
    return found[1] if found else ""


def cost_text(item: Item) -> str:
    """The item's fees as stated: free, each fee named, or charged without a standard."""
    t = page_texts()
    if item.fees is None:
        return ""
    if not item.fees.charged:
        return t["free"]
    if not item.fees.items:
        return t["charged_unstated"]
    return "；".join(f"{f.name} {f.standard}" for f in item.fees.items)


def item_facts(entry: Entry) -> ItemFacts:
    item = entry.item
    promised = item.time_limits.promised if item.time_limits else None
    return ItemFacts(entry, views.duration(promised) if promised else "", cost_text(item),
                     visits_text(item.visits), marks.online_mark(item))


def _routes(steps: list[tuple]) -> list[list[Entry]]:
    """Every route through the required steps: each `and` step whole, one
    alternative of each `or` step."""
    choices = [[[e] for e in entries] if step.mode == "or" else [entries] for step, entries in steps]
    count = 1
    for c in choices:
        count *= len(c)
    if count > MAX_ROUTES:  # keep the step-wise extremes only: fewest and most items per step
        choices = [[min(c, key=len), max(c, key=len)] if len(c) > 1 else c for c in choices]
    return [[e for part in route for e in part] for route in itertools.product(*choices)]


def _materials(entries: list[Entry]) -> dict[str, list[str]]:
    """Materials to bring (required, not shared, not for one variant only) -> item names."""
    found: dict[str, list[str]] = {}
    for entry in entries:
        for m in entry.item.materials or []:
            if m.source != "shared" and m.necessity == "required" and not m.variants:
                names = found.setdefault(m.name, [])
                if entry.item.name not in names:
                    names.append(entry.item.name)
    return found


def _longest(route: list[Entry]):
    """(calendar days, text) of the route's longest promise; None if an item states none."""
    best = (-1.0, "")
    for e in route:
        limits = e.item.time_limits
        if not (limits and limits.promised):
            return None
        d = days(limits.promised)
        if d > best[0]:
            best = (d, views.duration(limits.promised))
    return best


def roll_up(bundle: LifeEvent, cat: Catalogue) -> RollUp:
    """The steps with their items' facts and the journey's totals per route
    (see the module docstring).  Items not published are named in the step
    and left out of the totals."""
    steps, required = [], []
    optional_entries: list[Entry] = []
    for step in bundle.steps:
        entries = [cat.by_key[c] for c in step.items if c in cat.by_key]
        steps.append(StepFacts(step.name, step_tag(step), step.note, [item_facts(e) for e in entries],
                               [c for c in step.items if c not in cat.by_key]))
        if not entries:
            continue
        if step.optional:
            optional_entries += entries
        else:
            required.append((step, entries))
    routes = _routes(required)
    per_route_visits = [None if any(e.item.visits is None for e in r) else sum(e.item.visits for e in r)
                        for r in routes]
    materials_per_route = [_materials(r) for r in routes]
    every = set.intersection(*(set(m) for m in materials_per_route)) if routes else set()
    union = _materials([e for _, entries in required for e in entries])
    longest = [_longest(r) for r in routes]
    required_entries = [e for _, entries in required for e in entries]
    alternatives = {e.key for step, entries in required if step.mode == "or" and len(entries) > 1 for e in entries}
    fees = [(e.item.name, cost_text(e.item), e.key in alternatives)
            for e in required_entries if e.item.fees is not None and e.item.fees.charged]
    optional_materials = _materials(optional_entries)
    return RollUp(
        steps=steps,
        required_steps=sum(1 for s in bundle.steps if not s.optional),
        optional_steps=sum(1 for s in bundle.steps if s.optional),
        routes=len(routes),
        items=(min(map(len, routes)), max(map(len, routes))) if routes else (0, 0),
        visits=None if None in per_route_visits or not routes else (min(per_route_visits), max(per_route_visits)),
        materials=[Material(n, u, n in every) for n, u in sorted(union.items())],
        material_count=(min(map(len, materials_per_route)), max(map(len, materials_per_route))) if routes else (0, 0),
        longest=None if None in longest or not routes else (min(longest)[1], max(longest)[1]),
        longest_unstated=[e.item.name for e in required_entries
                          if not (e.item.time_limits and e.item.time_limits.promised)],
        fees=fees,
        fees_unstated=[e.item.name for e in required_entries if e.item.fees is None],
        optional_materials=[Material(n, u, False) for n, u in sorted(optional_materials.items()) if n not in union],
    )


def span_text(lo, hi, single: str, ranged: str) -> str:
    """"最多 2 次" or "2–3 次（按所选办理方式）": *single* / *ranged* are page
    text keys taking {n} / {lo}, {hi}."""
    t = page_texts()
    return t[single].format(n=lo) if lo == hi else t[ranged].format(lo=lo, hi=hi)


def summary(r: RollUp) -> dict[str, str]:
    """The roll-up lines as texts (page text keys in zh.yaml ``page:``)."""
    t = page_texts()
    lines = {"steps": t["steps_required"].format(n=r.required_steps)
             + (t["steps_optional"].format(n=r.optional_steps) if r.optional_steps else "")}
    lines["items"] = span_text(*r.items, "count_units", "count_range")
    if r.visits is None:
        lines["visits"] = t["not_stated"]
    elif r.visits == (0, 0):
        lines["visits"] = t["no_visits"]
    else:
        lines["visits"] = span_text(*r.visits, "at_most_visits", "visits_range")
    lines["materials"] = t["bundle_no_materials"] if r.material_count == (0, 0) else \
        span_text(*r.material_count, "kinds", "kinds_range")
    if r.longest is None:
        lines["longest"] = t["not_stated"] + (t["unstated_for"].format(names="、".join(r.longest_unstated))
                                              if r.longest_unstated else "")
    else:
        lines["longest"] = r.longest[0] if r.longest[0] == r.longest[1] else \
            t["longest_range"].format(lo=r.longest[0], hi=r.longest[1])
    return lines
