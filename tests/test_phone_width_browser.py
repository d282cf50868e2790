"""County trial 2, #15 and #16, in Debian's Chromium at 390×844 (a phone):
the data-quality page's tables and an item page's material cards fit the
screen.  The tables stack as one card per row (``osc-stack``,
theme/assets/catalogue.css), and a material card uses the full content
width (Material sized it to its text: 280 of 390 px).

On the mini catalogue built by ``generator build`` with the production theme, with a
held-back item and an item with a warning, so that every table of the
data-quality page is there."""

from __future__ import annotations

import pytest

from devtools.localserver import serve
from mini_catalogue import ITEM, copy_mini, edit, run_cli, site_config

PHONE = {"width": 390, "height": 844}

# Elements of the page (not the closed navigation drawer or search options, which Material keeps
# off-screen at the left) reaching past an edge of the viewport, and the document's own width.
WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('.md-header *, .md-content *, .md-footer *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > width + 1 || (r.left < -1 && r.right > 0)))  // not a control hidden off-screen
      wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return {width, document: document.documentElement.scrollWidth, wide: wide.slice(0, 20)};
}"""


@pytest.fixture(scope="module")
def phone_url(tmp_path_factory):
    root = copy_mini(tmp_path_factory.mktemp("phone"))
    site_config(root)
    # A warning (零跑动 on a window-only item) and a held-back copy with an error.
    edit(root, ITEM, "visit_reason: 需本人到场采集人像和指纹信息，领证时需本人核验。\n", "")
    text = edit(root, ITEM, "visits: 2\n", "visits: 0\n")
    broken = (text.replace('code: "990101001000"', 'code: "990101003000"')
              .replace("name: 居民身份证首次申领", "name: 居民身份证临时申领")
              .replace("  promised: {value: 15, unit: working_days}", "  promised: 15天"))
    (root / ITEM).with_name("990101003000.yaml").write_text(broken, encoding="utf-8")
    result = run_cli(root, "build", timeout=300)  # not a strict build: the held-back item is published aside
    assert (root / "site" / "quality" / "index.html").is_file(), result.stdout + result.stderr[-3000:]
    assert "暂不发布" in result.stdout + result.stderr
    with serve(root / "site") as url:
        yield url


@pytest.mark.parametrize("path", ["quality/", "items/990101001000/"])
def test_nothing_is_wider_than_a_phone(chromium, phone_url, path):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(phone_url + path, wait_until="load")
        found = page.evaluate(WIDE)
        assert found["width"] == PHONE["width"]
        assert found["wide"] == [] and found["document"] <= found["width"], found
        content = page.locator(".md-content__inner").bounding_box()
        if path == "quality/":
            # The summary, held-back and to-fix tables are there; the summary's last column (the CSV
            # work list) is on screen.
            assert page.locator(".osc-quality table").count() >= 3
            csv = page.locator(".osc-quality table").first.locator("a[download]").first.bounding_box()
            assert csv and csv["x"] + csv["width"] <= PHONE["width"], csv
        else:
            card = page.locator("tr.osc-material").first.bounding_box()
            assert card and card["width"] >= content["width"] - 4, (card, content)  # the table's border
    finally:
        context.close()
