"""Issue 17 items 3-5 in headless Chromium on the demo site: "现在开放吗" at
fixed clock times in Beijing time (a browser in another time zone, a public
holiday, a 调休 working Saturday, a date past the holiday calendar), item
pages' hours for that item only, nothing shown without script, the life
events' roll-ups, and marks that never overstate."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager

import pytest

UTC = dt.timezone.utc


def beijing(y, m, d, hh, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=dt.timezone(dt.timedelta(hours=8))).astimezone(UTC)


@contextmanager
def page_at(chromium, when: dt.datetime | None = None, **options):
    """A page in New York time (so Beijing time must come from the script),
    its clock fixed at *when*; script errors collected in page.errors."""
    context = chromium.new_context(timezone_id="America/New_York", **options)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    if when is not None:
        page.clock.set_fixed_time(when)
    try:
        yield page
    finally:
        context.close()
        assert not errors, errors


def open_now(page, url: str, office: str | None = None) -> tuple[str, str]:
    """(data-state, text) of the 现在开放吗 line (of *office*'s block on an item page)."""
    page.goto(url, wait_until="load")
    scope = f".osc-office:has(a[href$='offices/{office}/']) " if office else ""
    line = page.locator(scope + ".osc-open-now").first
    line.wait_for(state="visible")
    return line.get_attribute("data-state"), line.inner_text()


# chengguan-centre: Mon-Fri 08:30-12:00 and 14:00-17:30 (Wed till 19:30), closed on holidays.
CHENGGUAN = [
    (beijing(2026, 11, 30, 10), "open", ["正在办公，今天 12:00 结束。"]),
    (beijing(2026, 11, 30, 12, 30), "closed", ["现在不办公。", "下次办公：今天 14:00。"]),
    (beijing(2026, 10, 17, 10), "closed", ["下次办公：周一（10 月 19 日） 08:30。"]),  # an ordinary Saturday
    (beijing(2026, 10, 10, 10), "open", ["今天是调休上班日", "正在办公，今天 12:00 结束。"]),  # 调休 Saturday
    (beijing(2026, 10, 1, 10), "closed", ["今天是法定节假日（国庆节）。", "本地点法定节假日休息。",
                                          "下次办公：周四（10 月 8 日） 08:30。"]),
]


@pytest.mark.parametrize("when, state, texts", CHENGGUAN, ids=["weekday", "lunch", "saturday", "adjusted-saturday",
                                                                "holiday"])
def test_open_now_at_fixed_beijing_times(chromium, demo_url, when, state, texts):
    with page_at(chromium, when) as page:
        got_state, text = open_now(page, demo_url + "offices/chengguan-centre/")
    assert got_state == state, text
    for expected in texts:
        assert expected in text, text
    assert "已考虑 2004—" in text  # the calendar's years are stated


def test_open_now_past_the_calendar_warns_instead_of_guessing(chromium, demo_url, demo_site):
    calendar = json.loads((demo_site / "assets" / "open-now.json").read_text(encoding="utf-8"))
    with page_at(chromium, beijing(calendar["last"] + 1, 3, 2, 10)) as page:
        state, text = open_now(page, demo_url + "offices/chengguan-centre/")
    assert state == "unknown"
    assert f"节假日日历只包括 {calendar['first']}—{calendar['last']} 年" in text
    assert "正在办公" not in text and "现在不办公" not in text


def test_adjusted_workday_of_an_office_without_weekday_hours_is_not_guessed(chromium, demo_url):
    """湖畔村 station keeps Tuesday and Friday only: a 调休 Saturday's hours are unknown."""
    with page_at(chromium, beijing(2026, 10, 10, 10)) as page:
        state, text = open_now(page, demo_url + "offices/hupan-station/")
    assert state == "unknown" and "没有写明调休日的办公时间" in text


def test_item_pages_evaluate_the_hours_that_serve_the_item(chromium, demo_url):
    """Saturday 10:00: the city centre's Saturday serves 户籍/社保/公积金/医保, not ID cards;
    the vehicle office's weekend serves driving-licence renewals."""
    saturday = beijing(2026, 11, 28, 10)
    with page_at(chromium, saturday) as page:
        state, text = open_now(page, demo_url + "items/990101001000/", "city-service-centre")
        assert state == "closed" and "下次办公：周一（11 月 30 日） 08:30。" in text
        office = page.locator(".osc-office:has(a[href$='offices/city-service-centre/'])").first
        assert "周末休息" in office.inner_text() and "周末有办公" not in office.inner_text()
        state, text = open_now(page, demo_url + "items/990701001000/", "city-service-centre")  # 出生登记
        assert state == "open" and "今天 16:00 结束" in text
        state, text = open_now(page, demo_url + "items/990101002000/", "vehicle-office")
        assert state == "open" and "今天 16:00 结束" in text
        # The office page itself says the Saturday serves some items only.
        state, text = open_now(page, demo_url + "offices/city-service-centre/")
        assert state == "open" and "只办理部分事项" in text


def test_without_script_nothing_is_claimed(chromium, demo_url):
    with page_at(chromium, java_script_enabled=False) as page:
        page.goto(demo_url + "offices/chengguan-centre/", wait_until="load")
        line = page.locator(".osc-open-now")
        assert line.count() == 1 and line.is_hidden()
        body = page.inner_text("body")
    assert "正在办公" not in body and "现在不办公" not in body


ROLL_UPS = {
    "open-restaurant": {"steps": "必办 2 项，按需 1 项", "items": "2 个", "visits": "无需到现场",
                        "longest": "5 个工作日", "fees": "全部不收费"},
    "start-business": {"longest": "即办 至 1 个工作日（按所选办理方式）"},
    "marriage": {"steps": "必办 1 项，按需 2 项", "items": "1 个"},
    "school-entry": {"steps": "必办 1 项，按需 2 项"},
}


def test_life_event_roll_ups_per_route(chromium, demo_url, demo_site):
    """Every life event of the demo: one tag per step, each item's time, cost,
    visits and online mark, never "最多 0 次"; exact roll-ups of the or/optional ones."""
    events = sorted(p.name for p in (demo_site / "life-events").iterdir() if p.is_dir())
    assert len(events) >= 8
    with page_at(chromium) as page:
        for event in events:
            page.goto(f"{demo_url}life-events/{event}/", wait_until="load")
            body = page.inner_text("article")
            assert "最多 0 次" not in body, event
            steps = page.locator(".osc-bundle-steps > li")
            for i in range(steps.count()):
                assert steps.nth(i).locator(".osc-step-tag").count() == 1, (event, i)
            facts = page.locator(".osc-step-facts")
            assert facts.count() >= steps.count()
            for text in facts.all_inner_texts():
                for part in ("承诺时限：", "收费：", "到现场：", "网上办理："):
                    assert part in text, (event, text)
            for key, expected in ROLL_UPS.get(event, {}).items():
                assert page.inner_text(f".osc-rollup-{key}") == expected, (event, key)
        page.goto(f"{demo_url}life-events/open-restaurant/", wait_until="load")
        materials = page.inner_text(".osc-rollup-materials")
        assert materials.endswith("种（按所选办理方式）") and "–" in materials
        tags = page.locator(".osc-step-tag").all_inner_texts()
        assert tags == ["任选其一", "必办", "按需办理"]
        assert "7 个工作日" not in page.inner_text(".osc-rollup")  # the optional gas step


def test_marks_never_overstate(chromium, demo_url):
    with page_at(chromium) as page:
        # The cancelled 流动人口婚育证明开具 is not offered at its office.
        page.goto(demo_url + "offices/chengguan-centre/", wait_until="load")
        assert "流动人口婚育证明开具" not in page.inner_text("article")
        # The suspended item shows its status and nothing green.
        page.goto(demo_url + "departments/human-resources/", wait_until="load")
        line = page.locator(".osc-list li:has-text('一次性创业补贴申领')")
        assert line.locator(".osc-mark").all_inner_texts() == ["暂停办理"]
        # Online depth: 网上预审 and 网上申请 are not counted as 全程网办.
        page.goto(demo_url + "statistics/", wait_until="load")
        stats = page.inner_text("article")
        assert "全程网办率：" in stats and "网上可办率" not in stats
        assert "只计在用事项中能在网上完成申请、受理、审查、决定和送达" in stats
        assert "网上预审 4 个" in stats
        page.goto(demo_url + "offices/", wait_until="load")
        offices = page.inner_text("article")
        assert "周末只办理部分事项" in offices
