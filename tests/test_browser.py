"""Browser gates of issue 7, in headless Debian chromium driven by Playwright:

* safe rendering: the mini site with hostile text in every text field of the
  model, in registry names on pages of the nav and in the text options of
  mkdocs.yml (tests/hostile.py) runs no script, even when the heading is
  hovered, shows the text literally, links only to http(s), mail and phone
  with each link exactly as written, and still draws its flowcharts;
* accessibility: axe-core finds no serious or critical violation on one page
  of every kind of the catalogue under test; the page language is set;
  flowcharts have text alternatives; the item page works at 200 % zoom and
  with the keyboard only;
* no external requests: no page of either site asks anything of another host.

The catalogue under test is the demo unless ``--catalogue``/``CATALOGUE``
names another, and its pages are picked from it (tests/catalogue.py).  The
sites are built once per session and served on 127.0.0.1 (conftest.py).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser import WIDE_CONTENT
from catalogue import BROWSER_KINDS, config
from hostile import LINK, MARKER, NAV, PAYLOAD

# Something a page shows once its scripts have run (axe then sees the finished
# page): search results, and the open-now line where the page has one.
_READY = """() => {
  const waiting = document.querySelector('.osc-open-now:not([data-state])');
  const search = new URLSearchParams(location.search);
  if (search.has('query')) return !!document.querySelector('#osc-results li');
  if (search.has('q')) return !!document.querySelector('.md-search-result__item');
  return !waiting;
}"""


def ready(page) -> None:
    page.wait_for_function(_READY, timeout=10_000)
# Text fields of the model that no page shows today (hostile text there is
# still checked wherever it appears: search index, attributes, titles).
NOT_ON_PAGES = {
    "Item.materials[].acceptance_standard", "Item.materials[].basis", "Item.steps[].time_limit.note",
    "Item.special_procedures[].time_limit.note", "LifeEvent.aliases[]", "Proof[].name", "Proof[].issuer",
    "Proof[].basis", "Taxonomies.item_types[].name", "Taxonomies.item_types[].description",
}
SERIOUS = ("serious", "critical")


def _html_pages(site: Path) -> list[str]:
    """URL paths of every HTML page of a built site."""
    paths = []
    for p in sorted(site.rglob("*.html")):
        rel = p.relative_to(site).as_posix()
        paths.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return paths


@dataclass
class Visit:
    """What a page did while it was open."""
    base: str
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def external(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(self.base) and not u.startswith(("data:", "blob:"))]


@contextmanager
def browse(chromium, base: str, **context_options):
    """A fresh browser context and page that log every request, dialog and script error."""
    context = chromium.new_context(**context_options)
    page = context.new_page()
    visit = Visit(base)
    # Context-wide, so requests from workers and iframes are logged as well.
    context.on("request", lambda request: visit.requests.append(request.url))
    page.on("dialog", lambda dialog: (visit.dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    try:
        yield page, visit
    finally:
        context.close()


def load(page, url: str, idle: bool = False) -> None:
    """Open ``url`` and wait until every image, lazy ones too, has loaded (or
    failed); with ``idle``, also until the network has been quiet for 0.5 s."""
    page.goto(url, wait_until="load")
    page.wait_for_function("""() => {
      document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; });
      return [...document.images].every(img => img.complete);
    }""")
    if idle:
        page.wait_for_load_state("networkidle")


# --- safe rendering -------------------------------------------------------------------
_TEXTS = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const attrs = [], handlers = [], links = [];
  for (const el of document.querySelectorAll('*'))
    for (const a of el.attributes) {
      attrs.push(a.value);
      if (a.name.startsWith('on') && a.value.includes('alert')) handlers.push(el.tagName + ' ' + a.name);
    }
  for (const a of document.querySelectorAll('a[href]'))
    links.push({href: a.getAttribute('href'), protocol: a.protocol});
  // Structured data is JSON in a script: its strings, as read, must hold the payload literally.
  const strings = value => typeof value === 'string' ? [value]
    : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
  for (const s of document.querySelectorAll('script[type="application/ld+json"]'))
    attrs.push(...strings(JSON.parse(s.textContent)));
  const body = document.body.cloneNode(true);  // text without the scripts' source
  body.querySelectorAll('script, style').forEach(el => el.remove());
  return {title: document.title, text: body.textContent, visible: document.body.innerText, attrs,
          handlers, links};
}"""
# Where a link may lead: the site itself, the web, a mail or a phone call.
SAFE_PROTOCOLS = {"http:", "https:", "mailto:", "tel:"}


def _literal_after(text: str, at: int) -> bool:
    """The payload follows ``text[at:]`` character for character, or as much
    of it as a snippet keeps before its "…", or as much as fits before the end
    (a meta description is cut at 150 characters: the English edition's longer
    summaries reach the payload)."""
    n = 0
    while n < len(PAYLOAD) and at + n < len(text) and text[at + n] == PAYLOAD[n]:
        n += 1
    return n == len(PAYLOAD) or text.startswith("…", at + n) or at + n == len(text)


def _not_literal(text: str) -> list[str]:
    """Markers in ``text`` that are not followed by the payload as text."""
    return [f"⟦{m.group(1)}⟧{text[m.end():m.end() + 40]!r}" for m in MARKER.finditer(text)
            if not _literal_after(text, m.end())]


def test_hostile_text_never_runs_and_shows_literally(chromium, hostile_site, hostile_url):
    paths = _html_pages(hostile_site.path)
    assert len(paths) > 30
    shown: set[int] = set()
    problems = []
    # Search results are drawn by scripts from the index: the same must hold there.
    searches = {"find/?query=alert": "#osc-results li", "?q=alert": ".md-search-result__item"}
    nav_pages = {n.removesuffix("index.md") for n in NAV}
    links: set[str] = set()
    with browse(chromium, hostile_url) as (page, visit):
        for path in [*paths, *searches]:
            load(page, hostile_url + path)
            if path in searches:
                page.wait_for_selector(searches[path], timeout=10_000)
                assert MARKER.search(page.inner_text(searches[path])), f"/{path}: no hostile text in the results"
            if path in nav_pages:  # a heading that attr_list had given onmouseover= would open a dialog now
                page.locator("article h1").first.hover()
            texts = page.evaluate(_TEXTS)
            problems += [f"/{path}: injected event handler {h}" for h in texts["handlers"]]
            problems += [f"/{path}: link {link['href']!r}" for link in texts["links"]
                         if link["protocol"] not in SAFE_PROTOCOLS]
            links |= {link["href"] for link in texts["links"]}
            for name, value in [("title", texts["title"]), ("text", texts["text"]),
                                ("visible text", texts["visible"]), *(("attribute", a) for a in texts["attrs"])]:
                problems += [f"/{path} {name}: {bad}" for bad in _not_literal(value)]
            shown |= {int(n) for n in MARKER.findall(texts["visible"])}
        assert not visit.dialogs, f"a dialog opened: {visit.dialogs}"
        assert not visit.errors, f"script errors: {visit.errors}"
        injected = [u for u in visit.requests if u.endswith("/x")]
        assert not injected, f"an injected <img src=x> was loaded: {injected}"
        assert not visit.external(), f"requests outside the site: {visit.external()}"
    assert not problems, "hostile text not shown literally:\n" + "\n".join(problems[:20])
    # Every text field that a page shows was seen (and so checked) on some page.
    fields = set(hostile_site.markers.values())
    shown_fields = {hostile_site.markers[n] for n in shown}
    assert fields - shown_fields <= NOT_ON_PAGES, f"not on any page: {sorted(fields - shown_fields - NOT_ON_PAGES)}"
    # The item page itself shows its name, summary, a material and a step as text.
    assert shown_fields >= {"Item.name", "Item.summary", "Item.materials[].name", "Item.steps[].name"}
    # Links from YAML reach the page exactly as written (escaped once, no entity decoded).
    assert LINK in links, sorted(u for u in links if "example.gov.cn" in u)
    assert not [u for u in links if "example.gov.cn/a?" in u and u != LINK]
    # Config texts (footer, publisher, region, address) were shown and checked like the model's.
    assert {f for f in shown_fields if f.startswith("Settings.")} == {
        f for f in fields if f.startswith("Settings.")} != set()
    # The feedback link puts the item name into the subject percent-encoded: no second header.
    feedback = [u for u in links if u.startswith("mailto:catalogue@example.gov.cn")]
    assert feedback and all(u.count("&") == 1 and "&body=" in u for u in feedback), feedback


def test_flowcharts_render_with_hostile_step_names(chromium, hostile_site, hostile_url):
    charts = 0
    with browse(chromium, hostile_url) as (page, visit):
        for path in _html_pages(hostile_site.path):
            if not path.startswith("items/"):
                continue
            load(page, hostile_url + path)
            images = page.locator(".osc-flowchart img")
            assert images.count() == 1, f"/{path}: no flowchart"
            image = images.first
            assert image.evaluate("img => img.naturalWidth > 0 && img.naturalHeight > 0"), f"/{path}: flowchart not drawn"
            alt = image.get_attribute("alt") or ""
            assert MARKER.search(alt) and not _not_literal(alt), f"/{path}: flowchart alt text {alt!r}"
            svg = page.request.get(image.evaluate("img => img.src")).text()
            root = ET.fromstring(svg)  # well-formed: no label broke out into the markup
            texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
            joined = re.sub(r"\s+", "", "".join(texts))
            steps = page.locator(".osc-steps > li > strong").all_inner_texts()
            assert steps
            for step in steps:
                assert re.sub(r"\s+", "", step) in joined, f"/{path}: step {step!r} not drawn as text"
            assert "x" not in [t.strip() for t in texts], f"/{path}: a step name broke out of its DOT label"
            charts += 1
        assert not visit.dialogs
    assert charts >= 5


# --- no external requests ----------------------------------------------------------------
@pytest.mark.parametrize("kind", BROWSER_KINDS)
def test_no_external_requests(chromium, catalogue_url, catalogue_pages, kind):
    path = catalogue_pages.get(kind, BROWSER_KINDS)
    with browse(chromium, catalogue_url) as (page, visit):
        load(page, catalogue_url + path, idle=True)
        ready(page)
        assert len(visit.requests) > 3
        assert not visit.external(), f"{kind} (/{path}): requests outside the site: {visit.external()}"
        assert not visit.errors, f"{kind} (/{path}): script errors: {visit.errors}"
        assert not visit.dialogs, f"{kind} (/{path}): a dialog opened: {visit.dialogs}"


# --- accessibility -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe
    return Axe()


def _violations(results: dict, impacts=SERIOUS) -> list[str]:
    out = []
    for v in results["violations"]:
        if v["impact"] in impacts:
            nodes = "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
            out.append(f"{v['impact']} {v['id']} ({v['help']}) ×{len(v['nodes'])}: {nodes}")
    return out


@pytest.mark.parametrize("kind", BROWSER_KINDS)
def test_axe_no_serious_violations(chromium, catalogue_url, catalogue_dir, catalogue_pages, axe, kind):
    path = catalogue_pages.get(kind, BROWSER_KINDS)
    language = config(catalogue_dir)["theme"]["language"]
    with browse(chromium, catalogue_url) as (page, visit):
        load(page, catalogue_url + path)
        ready(page)
        assert page.evaluate("document.documentElement.lang") == language
        results = axe.run(page).response
    problems = _violations(results)
    # Colour contrast is 'serious' in axe; named here so that no impact filter can hide it.
    problems += [p for p in _violations(results, impacts=("minor", "moderate")) if " color-contrast " in p]
    assert not problems, f"{kind} (/{path}):\n" + "\n".join(problems)


def test_flowchart_images_have_text_alternatives(catalogue_site):
    pages = [p for p in catalogue_site.glob("items/*/index.html")]
    assert pages and sum("flowcharts/" in p.read_text(encoding="utf-8") for p in pages) >= 1
    missing = []
    for p in pages:
        html = p.read_text(encoding="utf-8")
        for img in re.findall(r"<img\b[^>]*>", html):
            if "flowcharts/" in img:
                alt = re.search(r'\balt="([^"]*)"', img)
                if not alt or len(alt.group(1).strip()) < 8:
                    missing.append(f"{p.parent.name}: {img}")
    assert not missing, "\n".join(missing)


def test_item_page_at_200_percent_zoom(chromium, catalogue_url, catalogue_pages):
    """1280 CSS px at 200 % = a 640 px wide viewport: no sideways scrolling of
    the page, the content fits the width and is visible: the parts every item
    page has, and its summary and flowchart when the item has them (an
    imported item may have no summary: county trial 1)."""
    item = catalogue_pages.get("item")
    with browse(chromium, catalogue_url, viewport={"width": 640, "height": 800}, device_scale_factor=2) as (page, _):
        load(page, catalogue_url + item)
        sizes = page.evaluate("""() => ({
            doc: document.documentElement.scrollWidth, body: document.body.scrollWidth,
            view: document.documentElement.clientWidth})""")
        assert sizes["doc"] <= sizes["view"] and sizes["body"] <= sizes["view"], f"page scrolls sideways: {sizes}"
        # Content wider than the window, unless inside a box that scrolls by itself (a wide table).
        wide = page.evaluate(WIDE_CONTENT)
        assert not wide, f"content wider than the window at 200 %: {wide}"
        stated = [s for s in (".osc-summary", ".osc-flowchart img") if page.locator(s).count()]
        for selector in ("article h1", *stated, "#materials", "#notice"):
            element = page.locator(selector).first
            element.scroll_into_view_if_needed()
            expect(element).to_be_visible()
            expect(element).to_be_in_viewport()
            box = element.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= sizes["view"] + 1, f"{selector} cut off: {box}"


_FOCUSABLE = """() => {
  const article = document.querySelector('article');
  const target = document.querySelector(decodeURIComponent(document.querySelector('.md-skip').hash));
  // Tab stops at one radio of a group, the checked one (arrow keys move within the group).
  return [...article.querySelectorAll('a[href], button, input:not([type=radio]), input[type=radio]:checked, select, textarea, summary, [tabindex]')]
    .filter(el => el.tabIndex >= 0 && !el.disabled && el.checkVisibility({visibilityProperty: true})
                  && (target.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING))
    .map((el, i) => { el.dataset.oscTabStop = i; return el.outerHTML.slice(0, 100); });
}"""
_ACTIVE = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  return {stop: el.dataset.oscTabStop ?? null, html: el.outerHTML.slice(0, 100), inArticle: !!el.closest('article'), focusVisible: el.matches(':focus-visible'),
          ring, visible: el.checkVisibility({visibilityProperty: true}), skip: el.classList.contains('md-skip')};
}"""


def test_item_page_with_keyboard_only(chromium, catalogue_url, catalogue_pages):
    """Tab first reaches the skip link, which is visible when focused and moves
    to the content; Tab then reaches every link and button of the content, in
    order, each with a visible focus indicator."""
    item = catalogue_pages.get("item")
    with browse(chromium, catalogue_url, viewport={"width": 1280, "height": 800}) as (page, _):
        load(page, catalogue_url + item)
        expected = page.evaluate(_FOCUSABLE)
        assert len(expected) > 10
        page.keyboard.press("Tab")
        first = page.evaluate(_ACTIVE)
        assert first["skip"], f"the first Tab stop is not the skip link: {first['html']}"
        assert first["visible"] and first["ring"], "the skip link is not visible when focused"
        page.keyboard.press("Enter")
        target = page.evaluate("location.hash")
        assert target and page.evaluate(f"!!document.getElementById({target[1:]!r})"), f"skip link went to {target!r}"
        reached, problems = [], []
        for _ in range(len(expected) + 5):
            page.keyboard.press("Tab")
            active = page.evaluate(_ACTIVE)
            if not active["inArticle"]:
                break
            reached.append(int(active["stop"]) if active["stop"] is not None else active["html"])
            if not (active["focusVisible"] and active["ring"] and active["visible"]):
                problems.append(active["html"])
        assert reached == list(range(len(expected))), (
            "Tab order after the skip link differs from the content's links and buttons:\n"
            + "\n".join(f"{i}: {expected[i] if isinstance(i, int) else i}" for i in reached))
        assert not problems, "no visible focus indicator on:\n" + "\n".join(problems)


def test_query_of_only_dropped_characters_lists_nothing(chromium, hostile_url):
    """A query search cannot index (another script, emoji, symbols) has
    nothing to look for: the search page says nothing was found rather than
    listing every item (issue 12: an empty word matched every query)."""
    with browse(chromium, hostile_url) as (page, visit):
        for query in ("Привет", "😀★"):
            load(page, hostile_url + "find/?query=" + query)
            # The status line says the search is done ("正在搜索…" ends with an ellipsis).
            page.wait_for_function("""() => { const s = document.getElementById('osc-status').textContent;
              return s !== "" && !s.endsWith("…"); }""", timeout=10_000)
            assert page.locator("#osc-results li").count() == 0, query
        assert not visit.errors, visit.errors
