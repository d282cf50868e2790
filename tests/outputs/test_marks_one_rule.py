"""County trial 2 (#4–#6, and trial 1's "Left": the audience filter): one
rule for an item's marks and the statistics, said the same way on every page.

- an item's visits are 零跑动 / 最多跑一次 / 需跑 N 次 (or no mark) on its page,
  全部事项, its department's and office's pages, the search results and the
  list of marks, which has 零跑动 as a mark of its own;
- 即办件 (``handling_type: immediate``) counts under 即办, a material that a
  commitment may replace under 告知承诺;
- the statistics count one population (guides in use, grouping main items
  left out and said so) and give no headline rate when fewer than half of
  the items state the measure;
- the search page offers only departments, audiences and marks with items.

On the mini catalogue (tests/fixtures/mini), rendered with the real renderer
and the real search index builder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.outputs.render import Renderer
from generator.outputs.search import build_index

from mini_catalogue import ITEM, ONLINE_ITEM, copy_mini, edit

KEY, ONLINE_KEY = "990101001000", "992002001000"
VISIT_LABELS = re.compile(r"零跑动|最多跑一次|需跑 \d+ 次")


def build(root: Path) -> tuple[dict[str, str], dict]:
    """The pages by path (item pages included) and the search index's rows
    by key, each with its badges as labels (meta["badges"])."""
    settings = read_settings(root)
    report = build_catalogue(root, settings)
    assert report.catalogue is not None, report.problems
    renderer = Renderer(report.catalogue, settings, {})
    pages = {p.path: p.body for p in renderer.pages()}
    pages.update({p.path: p.body for p in renderer.item_pages()})
    files = build_index(report.catalogue, settings)
    meta = json.loads(files["meta.json"])
    rows = [row for path, data in files.items() if path.startswith("d/") for row in json.loads(data)]
    attrs = json.loads(files["attrs.json"])  # [department, filter bits of marks, of audiences] per document
    index = {row[0]: {"badges": [meta["badges"][i] for i in row[3]], "attrs": attrs[n]} for n, row in enumerate(rows)}
    return pages, {"meta": meta, "rows": index}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def line_of(page: str, key: str) -> str:
    """The row (全部事项's <tr>) or list line (<li>) of item ``key`` on a page."""
    found = re.search(rf"<(tr|li)>(?:(?!</\1>).)*?items/{key}/(?:(?!</\1>).)*</\1>", page, re.S)
    assert found, f"{key} not listed"
    return found.group(0)


def visit_labels(html: str) -> list[str]:
    return VISIT_LABELS.findall(text(html))


@pytest.mark.parametrize("visits,said", [(0, "零跑动"), (1, "最多跑一次"), (3, "需跑 3 次")])
def test_an_items_visits_are_said_the_same_way_on_every_page(tmp_path, visits, said):
    root = copy_mini(tmp_path)
    edit(root, ITEM, "visits: 2\n", f"visits: {visits}\n")
    pages, index = build(root)
    item_page = pages[f"items/{KEY}/index.md"]
    marks_line = item_page.split('<p class="osc-marks">', 1)[1].split("</p>", 1)[0]
    assert visit_labels(marks_line) == [said], marks_line
    for path in ("all/index.md", "departments/public-security/index.md", "offices/city-service-centre/index.md"):
        assert visit_labels(line_of(pages[path], KEY)) == [said], path
    assert [b for b in index["rows"][KEY]["badges"] if VISIT_LABELS.fullmatch(b)] == [said]
    # Each mark page lists the items showing its mark; more trips: the negative list.
    listed = {mark: KEY in pages[f"marks/{mark}/index.md"] for mark in ("zero-trip", "one-trip")}
    assert listed == {"zero-trip": visits == 0, "one-trip": visits == 1}
    assert (KEY in pages["negative-list/index.md"]) == (visits > 1)
    # The online item states 0 visits: 零跑动 is a mark of its own on the list of marks.
    marks = text(pages["marks/index.md"])
    assert f"零跑动 {1 + (visits == 0)} 项" in marks and f"最多跑一次 {int(visits == 1)} 项" in marks, marks
    # The item's badge links to the page listing it.
    folder = {0: "marks/zero-trip/", 1: "marks/one-trip/", 3: "negative-list/"}[visits]
    assert re.search(rf'href="[./]*{folder}">{said}</a>', item_page), item_page


def test_no_visits_stated_is_no_mark_anywhere(tmp_path):
    root = copy_mini(tmp_path)
    edit(root, ITEM, "visits: 2\n", "")
    edit(root, ITEM, "visit_reason: 需本人到场采集人像和指纹信息，领证时需本人核验。\n", "")
    pages, index = build(root)
    marks_line = pages[f"items/{KEY}/index.md"].split('<p class="osc-marks">', 1)[1].split("</p>", 1)[0]
    assert visit_labels(marks_line) == []
    assert visit_labels(line_of(pages["all/index.md"], KEY)) == []
    assert not any(VISIT_LABELS.fullmatch(b) for b in index["rows"][KEY]["badges"])
    assert "1 个事项未注明" in text(pages["marks/index.md"])


def test_the_search_result_shows_the_items_own_marks(tmp_path):
    root = copy_mini(tmp_path)
    pages, index = build(root)
    for key in (KEY, ONLINE_KEY):
        page = pages[f"items/{key}/index.md"].split('<p class="osc-marks">', 1)[1].split("</p>", 1)[0]
        shown = re.findall(r'class="osc-mark osc-mark--[\w-]+"[^>]*>([^<]+)<', page)
        assert index["rows"][key]["badges"] == shown, key
    assert index["rows"][ONLINE_KEY]["badges"][-1] == "零跑动"


# --- 即办 and 告知承诺: one source for a mark with two fields ------------------------------

def test_an_immediate_handling_type_counts_under_the_immediate_mark(tmp_path):
    root = copy_mini(tmp_path)
    pages, _ = build(root)
    assert "智能秒办和即办 0 项" in text(pages["marks/index.md"])
    # As the real export states it: 即办件, promised within a working day.
    edit(root, ITEM, "  promised: {value: 15, unit: working_days}\n",
         "  promised: {value: 1, unit: working_days}\nhandling_type: immediate\n")
    pages, index = build(root)
    item_page = text(pages[f"items/{KEY}/index.md"])
    assert "办件类型： 即办件" in item_page or "办件类型：即办件" in item_page, item_page
    assert "即办" in index["rows"][KEY]["badges"]
    assert "智能秒办和即办 1 项" in text(pages["marks/index.md"])
    assert KEY in pages["marks/instant/index.md"]


def test_a_material_a_commitment_may_replace_counts_under_commitment(tmp_path):
    root = copy_mini(tmp_path)
    edit(root, ITEM, "    original: original_shown\n", "    original: original_shown\n    commitment_allowed: true\n")
    pages, index = build(root)
    assert "可告知承诺" in pages[f"items/{KEY}/index.md"]
    assert "告知承诺" in index["rows"][KEY]["badges"]
    assert "告知承诺 1 项" in text(pages["marks/index.md"]) and KEY in pages["marks/commitment/index.md"]
    assert "告知承诺： 1 个" in text(pages["statistics/index.md"])


# --- Statistics: one population, no headline rate over mostly unknowns -------------------

def add_online_item(root: Path, code: str, name: str) -> None:
    """Another online item like the fixture's, without its online depth."""
    text_ = (root / ONLINE_ITEM).read_text(encoding="utf-8")
    text_ = (text_.replace('code: "992002001000"', f'code: "{code}"').replace("slug: senior-allowance\n", "")
             .replace("name: 高龄津贴申领", f"name: {name}"))
    (root / ONLINE_ITEM).with_name(f"{code}.yaml").write_text(text_, encoding="utf-8")


def test_statistics_lead_with_the_unknowns_when_most_items_do_not_state_it(tmp_path):
    root = copy_mini(tmp_path)
    add_online_item(root, "992002003000", "百岁老人补贴申领")
    pages, _ = build(root)
    page = text(pages["statistics/index.md"])
    # 1 of 3 states whether it is fully online (the window item): the unknowns first, the rate marked as theirs.
    assert "全程网办率： 未注明 2 个 / 共 3 个；只看注明的 1 个事项：0.0%（0 个）" in page, page
    assert "全程网办率： 0.0%" not in page
    # All three state their visits: a headline rate.
    assert "最多跑一次比例（含零跑动）： 66.7%（2 个）" in page, page


def test_statistics_count_one_population_and_say_grouping_items_are_left_out(tmp_path):
    root = copy_mini(tmp_path)
    (root / "items/civil-affairs/grp-0123456789.yaml").write_text(
        "name: 高龄津贴\nslug: grp-0123456789\ngrouping: true\n", encoding="utf-8")
    edit(root, ONLINE_ITEM, "slug: senior-allowance\n", "slug: senior-allowance\nmain_item: grp-0123456789\n")
    pages, _ = build(root)
    page = text(pages["statistics/index.md"])
    assert "在用事项： 2 个" in page, page
    assert "分组主项 1 个不计入" in page
    table = pages["statistics/index.md"].split('id="by-department"', 1)[1]
    assert re.search(r"测试市民政局</a></td><td>1<", table), table  # the grouping item not counted
    # Every line counts the same 2 items.
    assert "最多跑一次比例（含零跑动）： 50.0%（1 个）" in page


# --- The search page offers only filter values with items ---------------------------------

def test_search_filters_offer_only_values_with_items(tmp_path):
    root = copy_mini(tmp_path)
    edit(root, ONLINE_ITEM, "audiences: [individual]\n", "audiences: [individual, business]\n")
    edit(root, ITEM, "audiences: [individual]\n", "")
    pages, index = build(root)
    assert index["meta"]["audiences"] == ["个人服务", "法人服务"]
    edit(root, ONLINE_ITEM, "audiences: [individual, business]\n", "audiences: [individual]\n")
    pages, index = build(root)
    meta = index["meta"]
    assert meta["audiences"] == ["个人服务"]  # 法人服务 names no item
    assert "零跑动" in meta["marks"] and "全程网办" not in meta["marks"] and "最多跑一次" not in meta["marks"]
    form = pages["find/index.md"]
    audience = form.split('id="osc-audience"', 1)[1].split("</select>", 1)[0]
    assert "个人服务" in audience and "法人服务" not in audience
    mark = form.split('id="osc-mark"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="\d+">([^<]+)<', mark) == meta["marks"]
    # No item states an audience: no audience filter at all.
    edit(root, ONLINE_ITEM, "audiences: [individual]\n", "")
    pages, index = build(root)
    assert index["meta"]["audiences"] == [] and 'id="osc-audience"' not in pages["find/index.md"]
    assert 'id="osc-mark"' in pages["find/index.md"]
    # The filter bits follow the offered lists' positions (no audience bit without audiences).
    meta = index["meta"]
    department, zero_trip = meta["departments"].index("测试市民政局"), 1 << meta["marks"].index("零跑动")
    assert index["rows"][ONLINE_KEY]["attrs"] == [department, zero_trip, 0]
