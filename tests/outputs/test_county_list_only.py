"""County trial 3 (S1–S3, S5, S7, S8, F11): a county publishing only the list
its province exports (no offices, no classification, no visits, no reviewed
dates) shows a citizen no bare heading, no empty table and no menu entry
leading to nothing; every page counts items the same way.

The mini catalogue (tests/fixtures/mini) is cut down to that shape; pages
come from the real renderer, the menu from real MkDocs builds (the mini's
and the demo's)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.outputs import marks
from generator.outputs.render import Renderer

from mini_catalogue import DEMO, ITEM, ONLINE_ITEM, add_sub_item, copy_mini, edit, mkdocs_build, site_config

OFFICE_LINES = "offices:\n  - office: city-service-centre\n    window: 1-3 号窗口\n"


def list_only(tmp_path: Path, hotline: bool = True) -> Path:
    """The mini catalogue as a list-only export gives it: no offices
    registered or named, no topic, no visits and no reviewed dates; with the
    county's hotline (``hotline``)."""
    root = copy_mini(tmp_path)
    if hotline:
        edit(root, "mkdocs.yml", "sample_data: true\n", 'sample_data: true\n      contact: {hotline: "0826-12345"}\n')
    (root / "content" / "offices.yaml").write_text("# 待补充\n[]\n", encoding="utf-8")
    edit(root, ITEM, OFFICE_LINES, "")
    edit(root, ITEM, "topics: [household]\n", "")
    edit(root, ITEM, "visits: 2\nvisit_reason: 需本人到场采集人像和指纹信息，领证时需本人核验。\n", "")
    edit(root, ONLINE_ITEM, "visits: 0\n", "")
    for relative in (ITEM, ONLINE_ITEM):
        edit(root, relative, "reviewed: 2026-10-01\n", "")
    return root


def render(root: Path) -> tuple[Renderer, dict[str, str]]:
    settings = read_settings(root)
    report = build_catalogue(root, settings)
    assert report.catalogue is not None, report.problems
    renderer = Renderer(report.catalogue, settings, {})
    return renderer, {p.path: p.body for p in renderer.pages()}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    return render(list_only(tmp_path_factory.mktemp("county3")))


# --- S1: the offices page with none ------------------------------------------------------

def test_offices_page_without_offices_says_none_and_whom_to_ask(county):
    _, site = county
    page = site["offices/index.md"]
    assert "暂无：本目录还没有列出办理地点" in text(page), text(page)
    assert '到哪里办理，请咨询服务热线 <a href="tel:0826-12345">0826-12345</a>。' in page, page


def test_offices_page_without_a_hotline_names_the_departments(tmp_path):
    root = list_only(tmp_path, hotline=False)
    _, site = render(root)
    page = text(site["offices/index.md"])
    # The mini's own mkdocs.yml states no contact: no phone is made up.
    assert "tel:" not in site["offices/index.md"] and "请咨询各事项的办理部门" in page, page


def test_offices_page_with_offices_lists_them(tmp_path):
    _, site = render(copy_mini(tmp_path))
    page = site["offices/index.md"]
    assert "测试市政务服务中心" in page and "暂无" not in page


# --- S2/F11: ways in that lead to nothing are not offered ----------------------------------

def test_index_pages_listing_nothing_are_unlisted_and_not_linked_from_home(county):
    renderer, site = county
    assert {"offices/", "topics/", "negative-list/", "life-events/"} <= renderer.unlisted
    assert "service-types/" not in renderer.unlisted and "departments/" not in renderer.unlisted
    home = site["index.md"]
    for folder in ("offices/", "topics/", "negative-list/"):
        assert f'href="{folder}"' not in home, folder
    assert 'href="departments/"' in home and 'href="service-types/"' in home  # these list something
    # The pages stay (old links keep working) and say there is nothing yet.
    assert "暂无" in site["topics/index.md"] and "暂无" in site["offices/index.md"]


def test_the_mini_catalogue_lists_every_way_in(tmp_path):
    root = copy_mini(tmp_path)
    add_sub_item(root)
    renderer, site = render(root)
    assert renderer.unlisted == {"life-events/"}  # the mini has offices, topics, a negative-list item
    assert 'href="offices/"' in site["index.md"] and 'href="negative-list/"' in site["index.md"]


def _menu(site: Path) -> list[str]:
    """The hrefs of the primary navigation of the built home page."""
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)"', nav)


def test_menu_leaves_out_index_pages_listing_nothing(tmp_path):
    """A county's mkdocs.yml keeps the demo's menu; the build leaves out what lists nothing."""
    root = list_only(tmp_path)
    site_config(root)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = yaml.safe_load((DEMO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "content" / "about.md").write_text("# 关于\n", encoding="utf-8")
    result = mkdocs_build(root, strict=False)
    assert result.returncode == 0, result.stderr[-3000:]
    menu = _menu(root / "site")
    for gone in ("offices/", "topics/", "negative-list/", "life-events/"):
        assert not any(href.endswith(gone) for href in menu), (gone, menu)
    for kept in ("all/", "departments/", "audiences/", "service-types/", "statistics/", "changes/"):
        assert any(href.endswith(kept) for href in menu), (kept, menu)
    assert (root / "site" / "offices" / "index.html").is_file()  # the page stays, out of the menu
    not_found = (root / "site" / "404.html").read_text(encoding="utf-8")
    assert "offices/" not in not_found.split('id="page-title"', 1)[1]


@pytest.mark.demo
def test_the_demos_menu_keeps_every_entry(demo_site):
    nav = yaml.safe_load((DEMO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    menu = _menu(demo_site)
    for entry in nav:
        (title, path), = entry.items()
        folder = path.removesuffix("index.md").removesuffix(".md")
        if folder in ("index", ""):
            continue
        assert any(href.rstrip("/").endswith(folder.rstrip("/")) for href in menu), (title, menu)


# --- S3: the negative list with no rows --------------------------------------------------

def test_negative_list_without_rows_says_none_not_an_empty_table(county):
    _, site = county
    page = site["negative-list/index.md"]
    assert "<table" not in page and "每项都写明了原因" not in page
    assert "暂无：还没有事项注明须到现场超过一次（2 个事项未注明到现场次数）" in text(page), text(page)


def test_negative_list_when_every_item_states_one_trip_at_most(tmp_path):
    root = copy_mini(tmp_path)
    edit(root, ITEM, "visits: 2\n", "visits: 1\n")
    page = render(root)[1]["negative-list/index.md"]
    assert "<table" not in page and "暂无：没有事项须到现场超过一次。" in text(page)


# --- S7: one population for every count ----------------------------------------------------

def test_departments_statistics_and_open_data_count_the_same_items(tmp_path):
    root = copy_mini(tmp_path)
    add_sub_item(root)  # a grouping main item 99010100200Y (public-security) and its sub-item
    edit(root, "items/public-security/99010100200Y.yaml", "name: 居民身份证换领\n",
         "name: 居民身份证换领\ngrouping: true\n")
    renderer, site = render(root)
    counted = marks.population(renderer.cat)
    assert len(counted.grouping) == 1 and len(counted.guides) == 3
    index = text(site["departments/index.md"])
    assert "分组主项 1 个不计入" in index, index
    stats = marks.statistics(renderer.cat)
    for department, name, count in stats.by_department:
        assert f"{name} {count} 项" in index, (name, count, index)
    police = text(site["departments/public-security/index.md"])
    assert "在用事项 2 个（只计有自己办事指南的事项，与“统计”页相同）。下面另列分组主项 1 个，不计入。" in police, police
    statistics = text(site["statistics/index.md"])
    assert "在用事项： 3 个" in statistics and "分组主项 1 个不计入" in statistics, statistics
    open_data = text(site["open-data/index.md"])
    assert "事项数： 4 个，其中在用事项 3 个（与“统计”页相同），另有分组主项 1 个" in open_data, open_data


def test_population_parts_add_up_to_every_entry(tmp_path):
    root = copy_mini(tmp_path)
    edit(root, ONLINE_ITEM, "visits: 0\n", "visits: 0\nstatus: suspended\nstatus_reason: 测试暂停。\n")
    renderer, site = render(root)
    counted = marks.population(renderer.cat)
    assert counted.entries == len(renderer.cat.entries) == 2 and len(counted.suspended) == 1
    assert "暂停办理的事项 1 个" in text(site["departments/civil-affairs/index.md"])
    assert "在用事项 0 个" in text(site["departments/civil-affairs/index.md"])


# --- S8: overdue counts only items stating a reviewed date -------------------------------------

def test_quality_tells_unstated_review_dates_apart_from_overdue(county):
    renderer, site = county
    total = renderer.quality.totals
    assert len(total.stale) == 0 and len(total.unreviewed) == 2
    page = site["quality/index.md"]
    assert "未注明核验日期" in page
    assert re.search(r'data-label="未注明核验日期">2<', page), page


def test_an_old_reviewed_date_is_overdue_and_not_unstated(tmp_path):
    root = copy_mini(tmp_path)
    edit(root, ITEM, "reviewed: 2026-10-01\n", "reviewed: 2001-01-01\n")
    edit(root, ONLINE_ITEM, "reviewed: 2026-10-01\n", "")
    renderer, _ = render(root)
    total = renderer.quality.totals
    assert [e.key for e in total.stale] == ["990101001000"] and [e.key for e in total.unreviewed] == ["992002001000"]


# --- S5: no git words for a citizen ---------------------------------------------------------

def test_no_citizen_facing_text_speaks_of_the_version_repository():
    from generator.messages import page_texts
    texts = page_texts()
    assert not [k for k, v in texts.items() if isinstance(v, str) and ("版本库" in v or ".git" in v)]
    assert "还没有保存到变更记录里" in texts["history_none"]
