"""An item page that states almost nothing answers first (outputs/sparse.py):
one box under the name and department line (this catalogue does not yet hold
its guide, the source platform's guide, whom to ask, every main element not
stated), then only the sections it states; no 一次性告知单 when every line of
it would be 未注明.  An item missing one element keeps that element's own
box.  Mini catalogue, real renderer (and the English edition's texts); then
the built page in Debian's Chromium at 390×844: its height (a 广安区 item's
page was 3,534 px with a box per element), axe, nothing wider than the phone,
and printed: the page as read (there is no notice to print alone).
"""

from __future__ import annotations

import re
import shutil

import pytest

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.messages import page_texts, use_edition
from generator.outputs.edition_texts import edition_texts
from generator.outputs.render import Renderer
from generator.outputs.sparse import MAIN_ELEMENTS, page_gaps

from browser import page_of
from devtools.localserver import serve
from mini_catalogue import ITEM, copy_mini, edit, mkdocs_build, site_config

KEY = "990101001000"                 # ITEM: states every main element
DEPARTMENT_PHONE = "0999-11000001"   # tests/fixtures/mini/content/departments.yaml, public-security
SOURCE = "https://zwfw.example.gov.cn/guide/list-only"
# What a list-only export gives (广安区): a name, a department, the official
# guide's link.  By mail: a window item naming no office is a warning (the
# strict build below would stop at it), and 办理地点 is then not missing.
BARE = f"""\
slug: list-only
name: 仅有名称的测试事项
source_url: {SOURCE}
implementing_body:
  name: 测试市公安局
channels:
  forms: [mail]
"""
LEAD = r'<div class="osc-gap osc-gap--lead" role="note"[^>]*>(.*?)</div>'
GAP = r'<div class="osc-gap" role="note">(.*?)</div>'


def catalogue(root):
    settings = read_settings(root)
    report = build_catalogue(root, settings)
    assert report.catalogue is not None, report.problems
    return report.catalogue, settings


def body(root, key: str, edition: str | None = None) -> str:
    cat, settings = catalogue(root)
    with use_edition(edition_texts(edition) if edition else None):
        renderer = Renderer(cat, settings, {})
        return renderer.item(cat.by_key[key]).body


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = copy_mini(tmp_path_factory.mktemp("sparse"))
    (root / "items" / "public-security" / "list-only.yaml").write_text(BARE, encoding="utf-8")
    return root


def test_bare_item_leads_with_one_box_naming_every_missing_element(root):
    html = body(root, "list-only")
    boxes = re.findall(LEAD, html, re.S)
    assert len(boxes) == 1 and not re.findall(GAP, html, re.S), html
    box, texts = boxes[0], page_texts()
    assert f'<a href="{SOURCE}" rel="nofollow">查看来源平台上的办事指南</a>' in box
    assert f'href="tel:{DEPARTMENT_PHONE}"' in box and "测试市公安局" in box
    missing = re.sub(r"<[^>]+>", "", box.split('osc-gap__missing">', 1)[1])
    # It states how (by mail: no office needed); every other main element is missing.
    expected = [texts[f"lead_el_{e}"] for e in MAIN_ELEMENTS if e not in ("channels", "offices")]
    assert missing.strip() == "未注明：" + "、".join(expected) + "。"
    # It comes right under the name and department line, before any section.
    assert html.index('class="osc-who"') < html.index("osc-gap--lead") < html.index("<h2")
    # Only the sections it states: 在哪里办 (by mail); the jump links go only there.
    # No 好差评: the mini catalogue configures nothing to rate with (tests/outputs/test_rating_section.py).
    assert re.findall(r'<h2 id="([^"]+)"', html) == ["where", "history"]
    assert re.findall(r'class="osc-jump"[^>]*>(.*?)</nav>', html)[0].count("<a ") == 1
    # The printed notice would say 未注明 on every line: left out, with its QR code and print button.
    assert 'id="notice"' not in html and "<svg" not in html and "window.print()" not in html


def test_item_missing_one_element_keeps_its_own_box(tmp_path):
    root = copy_mini(tmp_path)
    edit(root, ITEM, 'complaint:\n  phone: ["12345"]\n', "")
    html = body(root, KEY)
    assert not re.findall(LEAD, html, re.S)
    boxes = re.findall(GAP, html, re.S)
    assert len(boxes) == 1 and "监督投诉方式未注明" in boxes[0], boxes
    assert html.index('id="contact"') < html.index('class="osc-gap"')  # where it belongs
    assert 'id="notice"' in html and "<svg" in html and "window.print()" in html


def test_the_rule_is_half_of_the_main_elements(root):
    """12 main elements for a window item: 5 missing keep their boxes, 6 lead."""
    cat, _ = catalogue(root)
    item = cat.by_key[KEY].item
    assert page_gaps(item).missing == () and not page_gaps(item).lead
    dropped = {"summary": None, "conditions": None, "steps": None, "fees": None, "result": None}
    five = item.model_copy(update=dropped)
    assert len(page_gaps(five).missing) == 5 and not page_gaps(five).lead
    six = item.model_copy(update=dict(dropped, complaint=None))
    assert page_gaps(six).lead and page_gaps(six).notice  # materials, office, phone: the notice still tells
    bare = item.model_copy(update={"materials": None, "offices": None, "consultation": None, "time_limits": None,
                                   "conditions": None, "fees": None})
    assert not page_gaps(bare).notice


def test_english_edition_shows_the_same_box_in_its_own_words(root):
    html = body(root, "list-only", edition="en")
    boxes = re.findall(LEAD, html, re.S)
    assert len(boxes) == 1 and not re.findall(GAP, html, re.S)
    assert "See the guide on the source platform" in boxes[0]
    assert "Not stated: </strong>description, conditions, documents" in boxes[0]
    assert "未注明" not in boxes[0]
    assert 'id="notice"' not in html


# --- the built page at 390×844 ------------------------------------------------------------------
PHONE = {"width": 390, "height": 844}
# With a box per element and the notice, this page was 3,841 px high (a 广安区 item's 3,534);
# with the lead box 1,729 px (the sample-data banner, header, 好差评 and footer included).
MAX_HEIGHT = 2000
WIDE = """() => {
  const width = document.documentElement.clientWidth, wide = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > width + 1 || (r.left < -1 && r.right > 0)))
      wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return {width, document: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight, wide};
}"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz 'dot' is not installed")
    root = copy_mini(tmp_path_factory.mktemp("sparse-site"))
    site_config(root)
    (root / "items" / "public-security" / "list-only.yaml").write_text(BARE, encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(root / "site") as url:
        yield url


def test_bare_item_page_on_a_phone_is_short_fits_and_passes_axe(chromium, site_url):
    from axe_playwright_python.sync_playwright import Axe
    with page_of(chromium, viewport=PHONE, is_mobile=True, has_touch=True) as (page, errors):
        page.goto(site_url + "items/list-only/", wait_until="load")
        assert page.locator(".osc-gap--lead").is_visible()
        found = page.evaluate(WIDE)
        assert found["wide"] == [] and found["document"] <= PHONE["width"], found
        assert found["height"] < MAX_HEIGHT, found["height"]
        results = Axe().run(page).response
        assert not errors
        # Without a notice the page prints as read (the print style shows only the notice when there is one).
        page.emulate_media(media="print")
        assert page.locator(".osc-gap--lead").is_visible() and page.locator("h1").first.is_visible()
    problems = [f"{v['impact']} {v['id']}: " + "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
                for v in results["violations"] if v["impact"] in ("serious", "critical") or v["id"] == "color-contrast"]
    assert not problems, "\n".join(problems)
