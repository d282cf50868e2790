"""Issue 17, items 6–8, in headless Debian chromium:

* ways in: the home page's search box (with the configured example queries)
  finds items; a Chinese 404 page with a search box; robots.txt names the
  sitemap; editor pages are out of the citizens' menu and reached from the
  footer; no "Made with Material for MkDocs"; mark badges link to pages;
* readable for elderly readers: base text ≥ 16 px and nothing under 14 px on
  an item page (computed styles); the 长辈模式 switch enlarges the text and
  is remembered across a reload; a flowchart opens in a zoomable dialog; a
  listing page prints with its title (text of the PDF);
* 好差评: the rating form posts to the configured endpoint (a local test
  server), with script and without; the imported CSV's counts and period
  show on the item and statistics pages; bad rows are warnings.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from browser import page_of, rating_endpoint, serve
from mini_catalogue import DEMO, ITEM, REPO, check, copy_mini, mkdocs_build, site_config

TEXTS = yaml.safe_load((REPO / "generator" / "locales" / "zh.yaml").read_text(encoding="utf-8"))["page"]
CONFIG = yaml.safe_load((DEMO / "mkdocs.yml").read_text(encoding="utf-8"))
OPTIONS = next(p["catalogue"] for p in CONFIG["plugins"] if isinstance(p, dict) and "catalogue" in p)
ITEM_PAGE = "items/990101001000/"
MINI_KEY = "990101001000"




# --- ways in ----------------------------------------------------------------------------------
def test_robots_and_404_exist(catalogue_site, catalogue_site_url):
    robots = (catalogue_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {catalogue_site_url.rstrip('/')}/sitemap.xml" in robots
    assert (catalogue_site / "sitemap.xml").is_file()
    html = (catalogue_site / "404.html").read_text(encoding="utf-8")
    assert "404 - Not found" not in html and TEXTS["not_found_title"] in html


def test_404_page_works_under_the_site_path(chromium, catalogue_url, catalogue_pages):
    # Served the way it is published: under site_url's path (README's example
    # https://zwfw.fcgs.gov.cn/fwsx/), a missing page answered with 404.html,
    # whose links start with that path: its styles and scripts load, and its search works.
    with page_of(chromium) as (page, errors):
        bad: list[str] = []
        # A load the 404 page had begun is aborted when the search takes the reader to
        # find/ (ERR_ABORTED, e.g. the search worker): only a load that failed is a fault.
        page.on("requestfailed", lambda r: bad.append(f"{r.url} failed: {r.failure}")
                if "ERR_ABORTED" not in (r.failure or "") else None)
        missing = catalogue_url + "no/such/page/"
        page.on("response", lambda r: bad.append(f"{r.url} {r.status}") if r.status >= 400 and r.url != missing else None)
        response = page.goto(missing)
        assert response.status == 404
        assert page.locator("article h1").inner_text() == TEXTS["not_found_title"]
        assert page.locator("#__search").count() == 1 and not page.locator("#__search").is_visible()  # the theme's CSS
        page.fill("article input[type=search]", catalogue_pages.query)
        page.press("article input[type=search]", "Enter")
        page.wait_for_selector("#osc-results li a", timeout=10_000)
        assert page.url.startswith(catalogue_url + "find/")
        assert not bad and not errors, bad + errors


def test_404_page_searches(chromium, demo_url):
    with page_of(chromium) as (page, errors):
        page.goto(demo_url + "404.html")
        assert page.evaluate("document.documentElement.lang") == CONFIG["theme"]["language"]
        assert page.locator("article h1").inner_text() == TEXTS["not_found_title"]
        assert TEXTS["not_found_title"] in page.title()
        page.fill("article input[type=search]", "身份证")
        page.press("article input[type=search]", "Enter")
        page.wait_for_selector("#osc-results li a", timeout=10_000)
        assert "/find/" in page.url
        assert "身份证" in page.locator("#osc-results").inner_text()
        assert not errors


def test_home_search_box_finds_items(chromium, demo_url):
    examples = OPTIONS["home"]["search_examples"]
    assert examples, "the demo configures example queries"
    with page_of(chromium, viewport={"width": 390, "height": 844}) as (page, errors):
        page.goto(demo_url)
        box = page.locator("article input[type=search]")
        assert box.is_visible() and box.bounding_box()["y"] < 844, "the search box is not on the first screen"
        shown = page.locator(".osc-home-search__examples a").all_inner_texts()
        assert shown == examples
        box.fill(examples[0])
        box.press("Enter")
        page.wait_for_selector("#osc-results li a", timeout=10_000)
        assert page.locator("#osc-q").input_value() == examples[0]
        assert page.locator("#osc-results li").count() >= 1
        # An example link lands on the same results.
        page.goto(demo_url)
        page.locator(".osc-home-search__examples a").nth(1).click()
        page.wait_for_selector("#osc-results li a", timeout=10_000)
        assert not errors


def test_home_lists_what_config_names(demo_site):
    html = (demo_site / "index.html").read_text(encoding="utf-8")
    home = html[html.index('class="osc-home"'):]
    events = [home.index(f'href="life-events/{i}/"') for i in OPTIONS["home"]["life_events"]]
    assert events == sorted(events), "life events not in the configured order"
    popular = home[home.index('id="most-used"'):home.index('id="browse"')]
    keys = [part.split("/", 1)[0] for part in popular.split('href="items/')[1:]]
    assert keys == OPTIONS["most_used"]


def test_home_without_most_used_lists_no_popular_items(tmp_path):
    """Not configured and no ratings imported: no popular items at all,
    never the first codes of the catalogue."""
    root = copy_mini(tmp_path)
    site_config(root)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert 'id="most-used"' not in html and 'class="osc-list"' not in html


def test_editor_pages_out_of_the_menu(demo_site):
    html = (demo_site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("</nav>", html.index('md-nav--primary'))]
    for path in ("reference/fields/", "quality/", "levels/"):
        assert f'href="{path}"' not in nav, f"{path} is in the citizens' menu"
    footer = html[html.index('<footer class="md-footer">'):]
    assert 'href="for-departments/"' in footer and "Made with" not in html
    staff = (demo_site / "for-departments" / "index.html").read_text(encoding="utf-8")
    for path in ("quality/", "reference/fields/", "levels/"):
        assert f'href="../{path}"' in staff


def test_mark_badges_link_to_existing_pages(demo_site):
    import re
    html = (demo_site / ITEM_PAGE / "index.html").read_text(encoding="utf-8")
    listing = (demo_site / "marks" / "index.html").read_text(encoding="utf-8")
    targets = set()
    for page in (demo_site / "index.html", demo_site / "departments" / "public-security" / "index.html"):
        targets |= {(page.parent, href) for href in re.findall(r'<a class="osc-mark[^"]*" href="([^"]+)"', page.read_text(encoding="utf-8"))}
    assert len(targets) >= 3
    for folder, href in targets:
        assert (folder / href / "index.html").resolve().is_file(), href
    for mark in ("one-id-card", "instant"):  # pages no other page linked to before
        assert f'href="../marks/{mark}/"' in listing
    assert 'href="../marks/"' in (demo_site / "for-departments" / "index.html").read_text(encoding="utf-8")
    assert "osc-mark" in html



def test_form_links_have_distinct_names(demo_site):
    """Two links named 填写样例 (or 空白表格) on one page go to different
    files: each link's name says which material it belongs to."""
    import re
    checked = 0
    for path in demo_site.glob("items/*/index.html"):
        names: dict[str, set] = {}
        for href, inner in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', path.read_text(encoding="utf-8"), re.S):
            name = re.sub(r"<[^>]+>", "", inner).strip()
            if name.startswith((TEXTS["sample_form"], TEXTS["blank_form"])):
                names.setdefault(name, set()).add(href)
        checked += len(names)
        clashes = {n: h for n, h in names.items() if len(h) > 1}
        assert not clashes, f"{path.parent.name}: {clashes}"
    assert checked >= 2


# --- readable for elderly readers ----------------------------------------------------------------
_SMALL_TEXT = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement, r = el.getBoundingClientRect();
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true}) || !r.width || !r.height) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 14) out.push(size + 'px ' + el.tagName + '.' + el.className + ': ' + n.textContent.trim().slice(0, 30));
  }
  return out;
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_no_text_under_14px_on_an_item_page(chromium, demo_url, width):
    with page_of(chromium, viewport={"width": width, "height": 900}) as (page, _):
        page.goto(demo_url + ITEM_PAGE)
        small = page.evaluate(_SMALL_TEXT)
        assert not small, "text under 14 px:\n" + "\n".join(small[:20])
        base = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article.md-typeset')).fontSize)")
        assert base >= 16


def test_large_mode_switch_enlarges_and_is_remembered(chromium, demo_url):
    size = "parseFloat(getComputedStyle(document.querySelector('.osc-summary')).fontSize)"
    with page_of(chromium, viewport={"width": 390, "height": 844}) as (page, errors):
        page.goto(demo_url + ITEM_PAGE)
        switch = page.get_by_role("button", name=TEXTS["large_mode"])
        assert switch.get_attribute("aria-pressed") == "false"
        before = page.evaluate(size)
        switch.click()
        after = page.evaluate(size)
        assert after >= before * 1.15, (before, after)
        assert switch.get_attribute("aria-pressed") == "true"
        heights = page.evaluate("[...document.querySelectorAll('article li > a:first-child, .osc-large-switch')]"
                                ".filter(a => a.checkVisibility()).map(a => a.getBoundingClientRect().height)")
        assert heights and min(heights) >= 40, f"targets stay small in 长辈模式: {sorted(heights)[:5]} px"
        page.reload()
        assert page.evaluate(size) == after, "长辈模式 was not remembered"
        assert page.evaluate("document.documentElement.classList.contains('osc-large')")
        page.goto(demo_url + "all/")  # every page, not only the one it was chosen on
        assert page.evaluate("document.documentElement.classList.contains('osc-large')")
        page.get_by_role("button", name=TEXTS["large_mode"]).click()
        page.reload()
        assert not page.evaluate("document.documentElement.classList.contains('osc-large')")
        assert not errors


def test_flowchart_opens_and_zooms(chromium, demo_url, demo_site):
    with page_of(chromium, viewport={"width": 390, "height": 844}) as (page, errors):
        page.goto(demo_url + ITEM_PAGE)
        link = page.locator("a.osc-flowchart__open")
        href = link.get_attribute("href")
        assert href.endswith(".svg") and (demo_site / ITEM_PAGE / href).resolve().is_file()
        link.click()
        dialog = page.locator("dialog.osc-zoom")
        dialog.locator("img").wait_for()
        page.wait_for_function("document.querySelector('dialog.osc-zoom img').complete")
        width = page.evaluate("document.querySelector('dialog.osc-zoom img').getBoundingClientRect().width")
        dialog.get_by_role("button", name=TEXTS["flowchart_zoom_in"]).click()
        larger = page.evaluate("document.querySelector('dialog.osc-zoom img').getBoundingClientRect().width")
        assert larger > width * 1.4
        dialog.get_by_role("button", name=TEXTS["flowchart_close"]).click()
        # The dialog is removed on its close event, which may come a moment later (a busy CI machine).
        from playwright.sync_api import expect
        expect(page.locator("dialog.osc-zoom")).to_have_count(0, timeout=5000)
        assert not errors


def _pdf_text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_listing_page_prints_with_its_title(chromium, catalogue_url, catalogue_pages):
    """Print gate on the catalogue under test: an item page, a mark, the
    departments and the statistics print on A4 with their title."""
    kinds = ("item", "mark", "departments", "statistics")
    paths = [catalogue_pages.paths[k] for k in kinds if k in catalogue_pages.paths]
    assert len(paths) >= 3, catalogue_pages.missing
    with page_of(chromium) as (page, _):
        for path in paths:
            page.goto(catalogue_url + path)
            title = page.locator("article h1").inner_text().strip()
            text = "".join(_pdf_text(page.pdf(format="A4")).split())
            assert "".join(title.split()) in text, f"{path}: the printout lacks its title {title!r}"


# --- 好差评 -----------------------------------------------------------------------------------------
RATINGS_CSV = "事项编码,好评,一般,差评,统计期间\n990101001000,120,8,3,2026年1月至6月\n"


def _rated_site(root: Path, endpoint: str | None) -> Path:
    site_config(root)
    (root / "data").mkdir()
    (root / "data" / "ratings.csv").write_text(RATINGS_CSV, encoding="utf-8")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p["catalogue"] for p in config["plugins"] if isinstance(p, dict) and "catalogue" in p)
    options["ratings"] = {"data": "data/ratings.csv", **({"endpoint": endpoint} if endpoint else {})}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_rating_widget_posts_to_the_endpoint(tmp_path, chromium):
    with rating_endpoint() as (endpoint, received):
        site = _rated_site(copy_mini(tmp_path), endpoint)
        with serve(site) as url:
            # With script: sent in the background, the reader stays on the page.
            with page_of(chromium) as (page, errors):
                page.goto(url + f"items/{MINI_KEY}/")
                form = page.locator("form.osc-rating__form")
                form.get_by_role("radio", name=TEXTS["rating_good"]).check()
                form.get_by_label(TEXTS["rating_comment"]).fill("窗口服务很耐心")
                form.get_by_role("button", name=TEXTS["rating_submit"]).click()
                page.wait_for_function("document.querySelector('.osc-rating__status').textContent === "
                                       f"{TEXTS['rating_sent']!r}", timeout=10_000)
                assert page.url.startswith(url)
                assert not errors
            assert received[-1] == ("POST", {"code": MINI_KEY, "name": "居民身份证首次申领", "grade": "good",
                                             "comment": "窗口服务很耐心"})
            # Without script: a plain form POST to the endpoint.
            with page_of(chromium, java_script_enabled=False) as (page, _):
                page.goto(url + f"items/{MINI_KEY}/")
                page.get_by_role("radio", name=TEXTS["rating_poor"]).check()
                with page.expect_navigation():
                    page.get_by_role("button", name=TEXTS["rating_submit"]).click()
                assert page.url == endpoint
            assert received[-1][0] == "POST" and received[-1][1]["grade"] == "poor"
            assert len(received) == 2


def test_imported_ratings_on_item_and_statistics_pages(tmp_path):
    site = _rated_site(copy_mini(tmp_path), None)
    item = (site / "items" / MINI_KEY / "index.html").read_text(encoding="utf-8")
    assert TEXTS["rating_counts"].format(period="2026年1月至6月", good=120, average=8, poor=3, total=131) in item
    assert "<form class=\"osc-rating__form\"" not in item  # no endpoint: the hotline instead
    other = (site / "items" / "992002001000" / "index.html").read_text(encoding="utf-8")
    assert "2026年1月至6月" not in other  # not in the export: nothing shown, not zero
    stats = (site / "statistics" / "index.html").read_text(encoding="utf-8")
    assert "2026年1月至6月" in stats and ">120<" in stats
    home = (site / "index.html").read_text(encoding="utf-8")
    assert TEXTS["most_used_by_ratings"] in home and f'href="items/{MINI_KEY}/"' in home


def test_ratings_rows_left_out_are_warnings(tmp_path):
    root = copy_mini(tmp_path)
    (root / "ratings.csv").write_text(
        "事项编码,好评,一般,差评,统计期间\n"
        "990101001000,12,1,0,2026年上半年\n"
        "000000000000,1,1,1,2026年上半年\n"
        "992002001000,十,1,1,2026年上半年\n"
        "992002001000,1,1,1,\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      sample_data: true\n", "      sample_data: true\n      ratings: {data: ratings.csv}\n"
        "      most_used: [\"990101001000\", \"999999999999\"]\n"), encoding="utf-8")
    problems = [p for p in check(root) if p.file in ("ratings.csv", "mkdocs.yml")]
    where = sorted((p.file, p.line, p.severity) for p in problems)
    assert where == [("mkdocs.yml", 8, "warning"), ("ratings.csv", 3, "warning"), ("ratings.csv", 4, "warning"),
                     ("ratings.csv", 5, "warning")], [p.format_text({"error": "E", "warning": "W", "hint": ""}) for p in problems]
    assert "000000000000" in next(p.message for p in problems if p.line == 3 and p.file == "ratings.csv")


def test_ratings_file_missing_is_a_warning(tmp_path):
    root = copy_mini(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "      ratings: {data: data/none.csv}\n", encoding="utf-8")
    problems = [p for p in check(root) if p.file == "data/none.csv"]
    assert len(problems) == 1 and problems[0].severity == "warning"
    assert not [p for p in check(root) if p.is_error]
    shutil.rmtree(root)


def test_configured_texts_and_ratings_are_escaped(tmp_path):
    """Example queries (config) and the export's period text are data, never markup."""
    root = copy_mini(tmp_path)
    payload = '"><img src=x onerror=alert(1)><script>alert(1)</script>'
    site_config(root)
    (root / "ratings.csv").write_text(f"事项编码,好评,一般,差评,统计期间\n{MINI_KEY},1,0,0,\"{payload.replace(chr(34), chr(34) * 2)}\"\n",
                                      encoding="utf-8")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p["catalogue"] for p in config["plugins"] if isinstance(p, dict) and "catalogue" in p)
    options["home"] = {"search_examples": [payload]}
    options["ratings"] = {"data": "ratings.csv", "endpoint": "https://rate.example.gov.cn/submit"}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    for path in ("index.html", f"items/{MINI_KEY}/index.html", "statistics/index.html"):
        html = (site / path).read_text(encoding="utf-8")
        assert "<img src=x" not in html and "<script>alert" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="find/?query=%22%3E%3Cimg%20src%3Dx' in home


@pytest.mark.parametrize("path,large", [("404.html", False), ("for-departments/", False), ("marks/", False),
                                        ("", True), (ITEM_PAGE, True)])
def test_axe_on_the_new_pages_and_in_large_mode(chromium, demo_url, path, large):
    from axe_playwright_python.sync_playwright import Axe
    with page_of(chromium) as (page, errors):
        page.goto(demo_url + path)
        if large:
            page.get_by_role("button", name=TEXTS["large_mode"]).click()
        assert not errors  # (axe's own script, injected next, reports one of its own)
        results = Axe().run(page).response
    problems = [f"{v['impact']} {v['id']}: " + "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
                for v in results["violations"] if v["impact"] in ("serious", "critical") or v["id"] == "color-contrast"]
    assert not problems, "\n".join(problems)
