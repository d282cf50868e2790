"""Issue 13: opening hours as offices keep them: round the clock (00:00-24:00),
past midnight (20:00-02:00), split shifts and seasons (summer/winter), checked,
shown on office and item pages and exported as open data."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.checks.model import OpeningHours, Office
from generator.outputs import views
from generator.outputs.opendata import hsds, jsonld
from generator.messages import set_language
from mini_catalogue import check, copy_mini, position

OFFICE = """\
- id: city-service-centre
  name: 测试市政务服务中心
  address: 测试市民主路 1 号
  phone: "0999-10000000"
  hours:
{hours}
"""


def with_hours(tmp_path: Path, *rows: str) -> tuple[Path, str]:
    root = copy_mini(tmp_path)
    text = OFFICE.format(hours="\n".join(f"    - {r}" for r in rows))
    (root / "content/offices.yaml").write_text(text, encoding="utf-8")
    return root, text


@pytest.mark.parametrize("row", [
    '{days: [mon, tue, wed, thu, fri, sat, sun], open: "00:00", close: "24:00"}',  # round the clock
    '{days: [fri, sat], open: "20:00", close: "02:00", note: 夜间服务}',  # past midnight
    '{days: [mon], open: "08:30", close: "24:00"}',  # until midnight
    '{days: [mon], open: "08:00", close: "12:00", season: 夏季, from_date: "05-01", to_date: "09-30"}',
    '{days: [mon], open: "08:30", close: "12:00", season: 冬季, from_date: "10-01", to_date: "04-30"}',  # over new year
    '{days: [mon], open: "08:30", close: "12:00", season: 冬季, from_date: "02-29", to_date: "03-01"}',
    '{days: [sat], open: "09:00", close: "12:00", items: ["990101001000"]}',  # issue 17: for some items only
])
def test_hours_offices_keep_are_accepted(tmp_path, row):
    """Before issue 13, close "24:00" was refused ("用 24 小时制 HH:MM") and
    20:00-02:00 with "检查上午/下午是否写反"."""
    root, _ = with_hours(tmp_path, row)
    assert check(root) == []


@pytest.mark.parametrize("row,needle,says", [
    ('{days: [mon], open: "09:00", close: "09:00"}', '"09:00"}', "开始时间 09:00 和结束时间 09:00 相同"),
    ('{days: [mon], open: "24:00", close: "08:00"}', '"24:00"', "时间 “24:00” 格式不对"),
    ('{days: [mon], open: "08:00", close: "12:00", season: 夏季, from_date: "05-01"}', '"05-01"',
     "季节时间只写了 from_date，没有 to_date"),
    ('{days: [mon], open: "08:00", close: "12:00", from_date: "02-30", to_date: "09-30"}', '"02-30"',
     "没有 2 月 30 日这一天"),
    ('{days: [mon], open: "08:00", close: "12:00", from_date: "5-1", to_date: "09-30"}', '"5-1"',
     "日期 “5-1” 格式不对"),
    ('{days: [sat], open: "09:00", close: "12:00", items: ["990101009999"]}', '"990101009999"',
     "办公时间只办理的事项 990101009999 不在目录中"),
])
def test_hours_that_cannot_be_are_reported_where_they_are(tmp_path, row, needle, says):
    root, text = with_hours(tmp_path, row)
    [problem] = [p for p in check(root) if p.is_error]
    assert (problem.file, problem.line, problem.column) == ("content/offices.yaml", *position(text, needle))
    assert says in problem.message, problem.message


def office(*rows: dict) -> Office:
    return Office(id="x", address="地址", hours=[OpeningHours(**r) for r in rows])


def test_pages_show_round_the_clock_past_midnight_split_and_seasonal_hours():
    set_language("zh")
    o = office({"days": ["mon"], "open": "00:00", "close": "24:00"},
               {"days": ["tue"], "open": "14:00", "close": "17:00"},
               {"days": ["tue"], "open": "08:30", "close": "12:00"},
               {"days": ["fri"], "open": "20:00", "close": "02:00"},
               {"days": ["wed"], "open": "08:00", "close": "12:00", "season": "夏季", "from_date": "05-01",
                "to_date": "09-30"},
               {"days": ["wed"], "open": "08:30", "close": "12:00", "season": "冬季", "from_date": "10-01",
                "to_date": "04-30"})
    found = views.seasons(o)
    assert [s.name for s in found] == ["", "夏季（5 月 1 日至 9 月 30 日）", "冬季（10 月 1 日至 4 月 30 日）"]
    year = {d.day: d.spans for d in found[0].days}
    assert year["周一"] == ["24 小时"]
    assert year["周二"] == ["08:30–12:00", "14:00–17:00"]  # split shift, in time order
    assert year["周五"] == ["20:00–次日 02:00"]
    assert {d.day: d.spans for d in found[1].days}["周三"] == ["08:00–12:00"]


def test_open_data_reads_midnight_and_seasons():
    set_language("zh")
    h = OpeningHours(days=["mon"], open="00:00", close="24:00")
    assert hsds.closes_at(h.close) == "23:59:59"
    seasonal = OpeningHours(days=["mon"], open="20:00", close="02:00", season="夏季", from_date="05-01",
                            to_date="09-30")
    assert hsds.schedule_text(seasonal) == "夏季 05-01/09-30；20:00–次日 02:00"
    spec = jsonld._hours(seasonal)
    assert spec["opens"] == "20:00" and spec["closes"] == "02:00" and spec["description"] == "夏季 05-01/09-30"
    assert jsonld._hours(h)["closes"] == "23:59:59"


@pytest.mark.demo
def test_demo_offices_keep_real_hours(catalogue_dir):
    """The sample data uses the shapes where real offices would: a hospital's
    emergency desk round the clock, a township centre's summer and winter hours."""
    import yaml
    offices = {o["id"]: o for o in yaml.safe_load((catalogue_dir / "content/offices.yaml").read_text(encoding="utf-8"))}
    assert any(h["open"] == "00:00" and h["close"] == "24:00" for h in offices["hospital-emergency-desk"]["hours"])
    assert {h.get("season") for h in offices["qingshi-centre"]["hours"]} == {"夏季", "冬季"}
