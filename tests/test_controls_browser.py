"""Issue 17, item 10: the keyboard, axe and 200 % zoom gates of
tests/test_browser.py extended to the controls issue 17 added, in headless
Debian chromium:

* keyboard: the situation question (radios), the 长辈模式 switch, the
  flowchart dialog (opens with Enter, keeps focus inside while open, closes
  with Escape and gives focus back to its link), the 好差评 form and the home
  page's search box are each reached with Tab, work with Enter, Space or the
  arrow keys, and show where the focus is;
* axe: no serious or critical violation (nor any colour contrast one) on an
  item page with a situation chosen, in 长辈模式, with the flowchart dialog
  open, and on the 好差评 form;
* 200 % zoom (a 640 px wide window at device scale 2): the item page with a
  situation chosen, in 长辈模式, does not scroll sideways and shows the new
  controls whole;
* layout shift: the search page's results and the 长辈模式 switch appear
  without moving what is in view (CLS under 0.1).

The demo site and the mini site with the rating form are built once per
session (conftest.py).
"""

from __future__ import annotations

import pytest
import yaml

from browser import WIDE_CONTENT, page_of
from mini_catalogue import ITEM, REPO

TEXTS = yaml.safe_load((REPO / "generator" / "locales" / "zh.yaml").read_text(encoding="utf-8"))["page"]
ID_CARD = "items/990101001000/"  # the demo item with situations (首次申领 first / 换领 renew / 补领 replace)
PARAM = TEXTS["situation_param"]
MINI_KEY = ITEM.rsplit("/", 1)[1].removesuffix(".yaml")

# The focused element: where it is, and whether a focus indicator shows.
_ACTIVE = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  return {html: el.outerHTML.slice(0, 120), tag: el.tagName, inDialog: !!el.closest('dialog'),
          visible: el.checkVisibility({visibilityProperty: true}), ring, focusVisible: el.matches(':focus-visible')};
}"""




def tab_to(page, selector: str, limit: int = 400) -> dict:
    """Press Tab until the focused element matches ``selector``; its _ACTIVE
    facts, with a failure when Tab never reaches it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return page.evaluate(_ACTIVE)
    pytest.fail(f"Tab never reached {selector}")


def assert_focus_shown(active: dict) -> None:
    assert active["visible"] and active["focusVisible"] and active["ring"], f"no visible focus on {active['html']}"


# --- keyboard -------------------------------------------------------------------------------------
def test_situation_question_with_the_keyboard(chromium, demo_url):
    """Tab reaches the chosen radio (看全部情形); an arrow key chooses 补领,
    which narrows the page and the URL; Space keeps the focused choice."""
    with page_of(chromium, viewport={"width": 1280, "height": 800}) as (page, errors):
        page.goto(demo_url + ID_CARD)
        assert_focus_shown(tab_to(page, "#situation input[type=radio]"))
        assert page.evaluate("document.activeElement.value") == "", "Tab should stop at the checked choice (all)"
        page.keyboard.press("ArrowLeft")  # the previous choice: 补领
        page.keyboard.press("Space")
        assert page.evaluate("document.activeElement.value") == "replace"
        assert page.locator("#situation input[value=replace]").is_checked()
        assert f"{PARAM}=replace" in page.evaluate("decodeURIComponent(location.search)")
        shown = page.evaluate("""() => [...document.querySelectorAll('article [data-variants]:not(.osc-situation__about)')]
          .map(el => ({ids: el.dataset.variants.split(/\\s+/), hidden: el.hidden}))""")
        assert shown and any(s["hidden"] for s in shown) and any(not s["hidden"] for s in shown)
        assert all(s["hidden"] == ("replace" not in s["ids"]) for s in shown), shown
        assert_focus_shown(page.evaluate(_ACTIVE))
        assert not errors


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_large_mode_switch_with_the_keyboard(chromium, demo_url, key):
    with page_of(chromium, viewport={"width": 390, "height": 844}) as (page, errors):
        page.goto(demo_url + ID_CARD)
        assert_focus_shown(tab_to(page, ".osc-large-switch", limit=5))
        page.keyboard.press(key)
        assert page.evaluate("document.documentElement.classList.contains('osc-large')")
        assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"
        page.keyboard.press(key)
        assert not page.evaluate("document.documentElement.classList.contains('osc-large')")
        assert not errors


def test_flowchart_dialog_with_the_keyboard(chromium, demo_url):
    """Enter on 查看大图 opens the dialog with focus inside; Tab and Shift+Tab
    never reach the page behind it (focus may pass the browser's own UI,
    shown as <body>, as a native modal dialog allows); Enter on 放大 zooms;
    Escape closes it and focus is back on the link."""
    with page_of(chromium, viewport={"width": 1280, "height": 800}) as (page, errors):
        page.goto(demo_url + ID_CARD)
        assert_focus_shown(tab_to(page, "a.osc-flowchart__open"))
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('dialog.osc-zoom img')?.complete")
        assert page.evaluate("document.querySelector('dialog.osc-zoom').open")
        inside = page.evaluate(_ACTIVE)
        assert inside["inDialog"], f"focus did not move into the dialog: {inside['html']}"
        assert_focus_shown(inside)
        stops = []
        for key in ["Tab"] * 8 + ["Shift+Tab"] * 8:
            page.keyboard.press(key)
            active = page.evaluate(_ACTIVE)
            assert active["inDialog"] or active["tag"] == "BODY", f"{key} left the dialog for {active['html']}"
            if active["inDialog"]:
                assert_focus_shown(active)
                stops.append(active["html"])
        assert len(set(stops)) >= 3, stops  # zoom in, zoom out, close (and the scrollable view)
        width = "document.querySelector('dialog.osc-zoom img').getBoundingClientRect().width"
        before = page.evaluate(width)
        tab_to(page, "dialog.osc-zoom .osc-zoom__bar button:first-child", limit=10)  # 放大
        assert page.evaluate("document.activeElement.textContent") == TEXTS["flowchart_zoom_in"]
        page.keyboard.press("Enter")
        assert page.evaluate(width) > before * 1.4
        page.keyboard.press("Escape")
        assert page.locator("dialog.osc-zoom").count() == 0
        back = page.evaluate(_ACTIVE)
        assert "osc-flowchart__open" in back["html"], f"focus went to {back['html']}, not back to the link"
        assert not errors


def test_rating_form_with_the_keyboard(chromium, rated_site, rated_url):
    """Tab reaches a grade, the arrow keys and Space choose one, Tab reaches
    the comment and the button; Enter sends it to the endpoint."""
    with page_of(chromium, viewport={"width": 390, "height": 844}) as (page, errors):
        page.goto(rated_url + f"items/{MINI_KEY}/")
        assert_focus_shown(tab_to(page, "form.osc-rating__form input[type=radio]"))
        page.keyboard.press("ArrowRight")  # arrows move and choose within the group
        page.keyboard.press("Space")
        chosen = page.evaluate("document.activeElement.value")
        assert page.evaluate("document.querySelector('form.osc-rating__form input[type=radio]:checked')?.value") == chosen
        assert_focus_shown(tab_to(page, "#osc-rating-comment", limit=3))
        page.keyboard.type("排队时间短")
        assert_focus_shown(tab_to(page, "form.osc-rating__form button[type=submit]", limit=3))
        count = len(rated_site.received)
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('.osc-rating__status').textContent === "
                               f"{TEXTS['rating_sent']!r}", timeout=10_000)
        method, fields = rated_site.received[-1]
        assert len(rated_site.received) == count + 1 and method == "POST"
        assert fields["grade"] == chosen and fields["comment"] == "排队时间短"
        assert not errors


def test_home_search_box_with_the_keyboard(chromium, demo_url):
    with page_of(chromium, viewport={"width": 390, "height": 844}) as (page, errors):
        page.goto(demo_url)
        assert_focus_shown(tab_to(page, "article input[type=search]", limit=40))
        page.keyboard.type("身份证")
        page.keyboard.press("Enter")
        page.wait_for_selector("#osc-results li a", timeout=10_000)
        assert "/find/" in page.url
        page.goto(demo_url)
        assert_focus_shown(tab_to(page, ".osc-home-search__examples a", limit=40))
        page.keyboard.press("Enter")
        page.wait_for_selector("#osc-results li a", timeout=10_000)
        assert not errors



# Layout shifts (Core Web Vitals' CLS) as they happen, without the reader's own input.
_CLS = """window.__cls = []; new PerformanceObserver(list => { for (const e of list.getEntries())
  if (!e.hadRecentInput) window.__cls.push([e.value, e.sources.map(s => s.node ? s.node.nodeName + '.' + s.node.className : '')]); })
  .observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("width", [390, 1280])
def test_search_page_does_not_shift_when_results_arrive(chromium, demo_url, width):
    """The results and the 长辈模式 switch appear after the first paint; nothing
    in view moves (peer suite: the footer jumped, CLS 0.17-0.19; 'good' is under 0.1)."""
    with page_of(chromium, viewport={"width": width, "height": 844}) as (page, errors):
        page.add_init_script(_CLS)
        page.goto(demo_url + "find/?query=身份证", wait_until="networkidle")
        page.wait_for_selector("#osc-results li")
        page.wait_for_timeout(500)
        shifts = page.evaluate("window.__cls")
        assert sum(value for value, _ in shifts) < 0.1, shifts
        assert page.locator(".osc-large-switch").is_visible()
        assert not errors

# --- axe ------------------------------------------------------------------------------------------
def _serious(results: dict) -> list[str]:
    return [f"{v['impact']} {v['id']}: " + "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
            for v in results["violations"] if v["impact"] in ("serious", "critical") or v["id"] == "color-contrast"]


@pytest.mark.parametrize("state", ["situation chosen", "large, dialog open"])
def test_axe_on_the_item_page_controls(chromium, demo_url, state):
    from axe_playwright_python.sync_playwright import Axe
    with page_of(chromium, large="large" in state, viewport={"width": 390, "height": 844}) as (page, errors):
        page.goto(demo_url + ID_CARD + f"?{PARAM}=replace")
        page.wait_for_selector(".osc-open-now[data-state]", timeout=10_000)
        assert page.locator("#situation").is_visible()
        if "dialog" in state:
            page.locator("a.osc-flowchart__open").click()
            page.wait_for_function("document.querySelector('dialog.osc-zoom img')?.complete")
        assert not errors
        problems = _serious(Axe().run(page).response)
    assert not problems, "\n".join(problems)


def test_axe_on_the_rating_form(chromium, rated_url):
    from axe_playwright_python.sync_playwright import Axe
    with page_of(chromium, large=True) as (page, errors):
        page.goto(rated_url + f"items/{MINI_KEY}/")
        page.get_by_role("radio", name=TEXTS["rating_average"]).check()
        assert not errors
        problems = _serious(Axe().run(page).response)
    assert not problems, "\n".join(problems)


# --- 200 % zoom -----------------------------------------------------------------------------------



def test_item_page_with_a_situation_at_200_percent_in_large_mode(chromium, demo_url):
    with page_of(chromium, large=True, viewport={"width": 640, "height": 800}, device_scale_factor=2) as (page, errors):
        page.goto(demo_url + ID_CARD + f"?{PARAM}=replace")
        page.wait_for_selector(".osc-open-now[data-state]", timeout=10_000)
        assert page.evaluate("document.documentElement.classList.contains('osc-large')")
        assert page.locator("#situation input[value=replace]").is_checked()
        sizes = page.evaluate("""() => ({doc: document.documentElement.scrollWidth, body: document.body.scrollWidth,
                                         view: document.documentElement.clientWidth})""")
        assert sizes["doc"] <= sizes["view"] and sizes["body"] <= sizes["view"], f"page scrolls sideways: {sizes}"
        wide = page.evaluate(WIDE_CONTENT)
        assert not wide, f"content wider than the window at 200 % in 长辈模式: {wide}"
        for selector in (".osc-large-switch", ".osc-actions", "#situation", ".osc-jump", ".osc-open-now",
                         ".osc-flowchart__open", "#rating"):
            element = page.locator(selector).first
            element.scroll_into_view_if_needed()
            box = element.bounding_box()
            assert element.is_visible() and box, f"{selector} not shown"
            assert box["x"] >= 0 and box["x"] + box["width"] <= sizes["view"] + 1, f"{selector} cut off: {box}"
        assert not errors
