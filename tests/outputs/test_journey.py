"""Issue 17 items 3 and 4 on the demo catalogue: life-event roll-ups per
route (outputs/journey.py), honest marks (online depth, status, weekend
hours per item) and the holiday calendar of "现在开放吗" (outputs/opening.py).
Demo tests (marker ``demo``), skipped on another catalogue (tests/catalogue.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.messages import label
from generator.outputs import journey, marks, opening, views

pytestmark = pytest.mark.demo


@pytest.fixture(scope="module")
def cat(catalogue_dir):
    report = build_catalogue(catalogue_dir, read_settings(catalogue_dir))
    assert report.catalogue is not None, [p.message for p in report.errors[:5]]
    return report.catalogue


def rolled(cat, event_id):
    bundle = next(b for b in cat.life_events if b.id == event_id)
    return journey.roll_up(bundle, cat)


def test_every_demo_bundle_rolls_up_per_route(cat):
    """Every life event of the demo: no "最多 0 次", ranges in order, one tag
    per step, totals without the optional steps."""
    tags = set(label("step_tag", k) for k in ("required", "all", "choose_one", "optional", "optional_choose_one"))
    assert len(cat.life_events) >= 8
    for bundle in cat.life_events:
        r = journey.roll_up(bundle, cat)
        lines = journey.summary(r)
        assert "最多 0 次" not in lines["visits"], bundle.id
        assert r.required_steps + r.optional_steps == len(bundle.steps)
        assert lines["steps"].startswith(f"必办 {r.required_steps} 项")
        assert all(step.tag in tags for step in r.steps), bundle.id
        for lo, hi in (r.items, r.material_count) + ((r.visits,) if r.visits else ()):
            assert lo <= hi, bundle.id
        # Optional steps' items are never in the totals.
        optional = {c for s in bundle.steps if s.optional for c in s.items}
        required = {c for s in bundle.steps if not s.optional for c in s.items}
        assert r.items[1] <= len(required - optional)
        for step, facts in zip(bundle.steps, r.steps):
            assert len(facts.items) + len(facts.missing) == len(step.items)


def test_open_restaurant_alternatives_give_ranges_and_the_gas_step_stays_apart(cat):
    r = rolled(cat, "open-restaurant")
    lines = journey.summary(r)
    assert lines["steps"] == "必办 2 项，按需 1 项"
    assert lines["items"] == "2 个"  # one licence + the food permit, whichever licence
    assert lines["visits"] == "无需到现场"
    # 个体户 route needs fewer materials than the 公司 route: a range, not the union.
    lo, hi = r.material_count
    assert lo < hi < len(r.materials) + 1
    assert lines["materials"] == f"{lo}–{hi} 种（按所选办理方式）"
    assert any(not m.every_route for m in r.materials)
    # The optional gas step's 7 working days are not the journey's longest.
    gas = cat.by_key["992023002000"].item
    assert views.duration(gas.time_limits.promised) not in lines["longest"]
    assert [s.tag for s in r.steps] == ["任选其一", "必办", "按需办理"]
    assert r.optional_materials, "the gas step's own materials are listed apart"
    licence, food, gas_step = r.steps
    assert [f.entry.key for f in licence.items] == ["990105002000", "990105001001"]
    assert all(f.time and f.cost and f.visits for f in licence.items + food.items)


def test_start_business_longest_is_a_range_over_the_alternatives(cat):
    lines = journey.summary(rolled(cat, "start-business"))
    assert lines["longest"] == "即办 至 1 个工作日（按所选办理方式）"
    assert lines["materials"].endswith("种（按所选办理方式）")


def test_optional_or_step_gets_one_tag_and_stays_out_of_the_totals(cat):
    r = rolled(cat, "marriage")
    assert [s.tag for s in r.steps] == ["必办", "按需办理，任选其一", "按需办理"]
    assert journey.summary(r)["steps"] == "必办 1 项，按需 2 项"
    assert r.items == (1, 1) and r.routes == 1


def test_statuses_show_only_their_status_mark(cat):
    cancelled = [e for e in cat.entries if e.item.status == "cancelled"]
    suspended = [e for e in cat.entries if e.item.status == "suspended"]
    assert cancelled and suspended
    for e in cancelled + suspended:
        assert marks.marks(e.item) == [(e.item.status, label("marks", e.item.status))]
        for mark, (_, _, test) in marks.MARK_PAGES.items():
            assert mark == "suspended" or not test(e.item), (e.key, mark)


def test_online_marks_follow_the_stated_depth_and_the_rate_counts_full_online_only(cat):
    by_depth = {}
    for e in cat.entries:
        ch = e.item.channels
        if e.item.status == "in_use" and ch and "online" in ch.forms:
            by_depth.setdefault(ch.online_depth, []).append(e)
    assert set(by_depth) >= {2, 3, 4}
    assert {marks.online_mark(e.item)[1] for e in by_depth[2]} == {"网上预审"}
    assert {marks.online_mark(e.item)[1] for e in by_depth[3]} == {"网上申请"}
    assert {marks.online_mark(e.item)[1] for e in by_depth[4]} == {"全程网办"}
    stats = marks.statistics(cat)
    assert stats.online.count == len(by_depth[4])
    assert stats.online_partly["网上预审"] == len(by_depth[2])
    assert stats.online_partly["网上申请"] == len(by_depth[3])


def test_weekend_hours_limited_to_some_items(cat):
    """The city centre's Saturday serves 户籍, 社保, 公积金, 医保 only: not the ID card."""
    centre = cat.office["city-service-centre"]
    assert not views.open_on_weekend(centre) and views.weekend_for_some(centre)
    assert not views.open_on_weekend(centre, "990101001000")  # 居民身份证
    assert views.open_on_weekend(centre, "990701001000")  # 出生登记 (户籍)
    id_card_days = {d for h in views.hours_for(centre, "990101001000").hours for d in h.days}
    assert "sat" not in id_card_days
    vehicle = cat.office["vehicle-office"]
    assert views.open_on_weekend(vehicle, "990101002000")
    assert views.open_on_weekend(cat.office["dongcheng-community"])


def test_calendar_covers_stated_years_with_holidays_and_adjusted_workdays():
    data = opening.calendar_data()
    assert data["first"] <= 2025 <= data["last"]
    assert data["holidays"]["2025-10-01"] == "国庆节"
    assert "2025-09-28" in data["workdays"]  # a Sunday worked for the National Day week
    assert dt.date(2025, 9, 28).weekday() == 6
    assert all(data["first"] <= int(d[:4]) <= data["last"] for d in list(data["holidays"]) + data["workdays"])
    for key in ("label", "open", "closed", "holiday", "workday", "outside", "range", "next"):
        assert data["texts"][key], key
    assert len(data["days"]) == 7
