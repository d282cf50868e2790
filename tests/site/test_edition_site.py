"""The editions of the site (issue 19, docs/editions.md), built for real:
a mini catalogue with ``editions: [zh, zh-Hant, en]`` through ``mkdocs
build`` with the production theme, and the same catalogue with its own
language only.  The search tests run the built indexes in Debian's Chromium."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml

from generator.checks.schema import render_field_reference
from generator.messages import labels
from tests.mini_catalogue import REPO, ITEM, add_bundle, add_sub_item, copy_mini, mkdocs_build, site_config

KEY = "990101001000"
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
PROTECTED = "示范市公安局"  # the item's implementing body: OpenCC would write 示範市公安局
ENGLISH = "en:\n  name: Resident ID card, first application\n  summary: For residents aged 16 and over.\n"
EDITION_FOLDERS = ("zh-hant", "en")


def _build(tmp: Path, editions: list[str] | None) -> Path:
    root = copy_mini(tmp)
    site_config(root)
    add_sub_item(root)
    add_bundle(root)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p for p in config["plugins"] if isinstance(p, dict) and "catalogue" in p)["catalogue"]
    options.pop("editions", None)  # the production block's (the demo builds its editions)
    if editions:
        options["editions"] = editions
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    item = root / ITEM
    item.write_text(item.read_text(encoding="utf-8") + ENGLISH, encoding="utf-8")
    terms = root / "content" / "editions"
    terms.mkdir()
    (terms / "protected-terms.yaml").write_text(f"terms:\n  - term: {PROTECTED}\n", encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("editions"), ["zh", "zh-Hant", "en"])


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built / "site"


def _read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _article(page: str) -> str:
    return page[page.index("<article"):page.index("</article>")]


def test_simplified_item_renders_in_traditional_characters(site):
    page = _read(site, f"zh-hant/items/{KEY}")
    article = _article(page)
    assert '<html lang="zh-Hant"' in page
    for traditional in ("居民身份證首次申領", "年滿十六週歲", "辦理條件", "申請材料", "一次性告知單"):
        assert traditional in article, traditional
    for simplified in ("身份证", "申领", "办理条件"):
        assert simplified not in article, simplified
    assert PROTECTED in article and "示範市公安局" not in article  # the protected term, verbatim
    # The flowchart is drawn from the converted steps: another file, traditional labels.
    own = re.search(r'flowcharts/([0-9a-f]+\.svg)', _read(site, f"items/{KEY}")).group(1)
    traditional_svg = re.search(r'flowcharts/([0-9a-f]+\.svg)', page).group(1)
    assert own != traditional_svg
    svg = (site / "flowcharts" / traditional_svg).read_text(encoding="utf-8")
    assert "審核" in svg and "审核" not in svg


def _switch(page: str) -> dict[str, str]:
    nav = re.search(r'<nav class="osc-editions".*?</nav>', page, re.S).group(0)
    return dict((lang, href) for href, lang in re.findall(r'<a href="([^"]*)" hreflang="([^"]+)"', nav))


@pytest.mark.parametrize("folder", ["items/" + KEY, "all", "departments/public-security", ""])
def test_switch_links_the_same_page_in_every_edition(site, folder):
    wanted = {"zh-Hans": folder, "zh-Hant": f"zh-hant/{folder}", "en": f"en/{folder}"}
    for prefix in ("", "zh-hant/", "en/"):
        here = f"{prefix}{folder}".rstrip("/")
        page = _read(site, here)
        links = _switch(page)
        assert set(links) == set(wanted)
        for lang, target in wanted.items():
            resolved = urlparse(urljoin(f"http://x/{here}/".replace("//", "/").replace("http:/", "http://"),
                                        links[lang])).path
            assert resolved.strip("/") == target.strip("/"), (here, lang, links[lang])
            assert (site / target / "index.html").exists()
        heads = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', page))
        assert heads["zh-Hant"].endswith(f"/zh-hant/{folder}/".replace("//", "/"))
        assert heads["x-default"] == heads["zh-Hans"]


class _Unmarked(HTMLParser):
    """Han text outside an element marked lang="zh…" (and outside script,
    style, svg, title, head); and the Han text inside marked elements."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col", "embed", "base"}
    SKIP = {"script", "style", "svg", "title", "head", "textarea"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool, bool]] = []
        self.unmarked: list[str] = []
        self.marked: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        self.stack.append((tag, (attrs.get("lang") or "").startswith("zh"),
                           tag in self.SKIP or "osc-zh-note" in (attrs.get("class") or "")))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not HAN.search(data) or any(skip for _, _, skip in self.stack):
            return
        (self.marked if any(marked for _, marked, _ in self.stack) else self.unmarked).append(data.strip())


def test_english_edition_has_no_chinese_interface_text(built, site):
    pages = sorted((site / "en").rglob("index.html"))
    assert len(pages) > 20
    # Every Chinese text left in the English edition is the catalogue's data
    # (items, registries, the catalogue block), never an interface text.
    data = "".join(p.read_text(encoding="utf-8") for p in [built / "mkdocs.yml", *(built / "items").rglob("*.yaml"),
                                                           *(built / "content").rglob("*.yaml")])
    data += "".join(p.read_text(encoding="utf-8") for p in (built / "content").glob("*.md"))  # hand-written pages' titles
    # The names of the catalogue's elements (schema field titles) where a page
    # says an element is not stated, and the field reference page (Chinese only).
    data += render_field_reference() + json.dumps(labels("gap_elements"), ensure_ascii=False)
    # The open data's dictionary describes its (Chinese) columns in Chinese.
    data += "".join(p.read_text(encoding="utf-8") for p in (REPO / "generator" / "outputs" / "opendata").glob("*.py"))
    unmarked, foreign = {}, {}
    for path in pages:
        parser = _Unmarked()
        parser.feed(path.read_text(encoding="utf-8"))
        for text in parser.unmarked:
            unmarked.setdefault(text, path.relative_to(site).as_posix())
        for text in parser.marked:
            for run in HAN.findall(text):
                if run not in data and run not in ("简体中文", "繁體中文"):
                    foreign.setdefault(run, path.relative_to(site).as_posix())
    assert not unmarked, unmarked
    assert not foreign, foreign
    page = _read(site, f"en/items/{KEY}")
    assert '<html lang="en"' in page
    assert "Resident ID card, first application" in _article(page)
    assert '<span lang="zh-Hans" class="osc-zh">具有本市常住户口<small class="osc-zh-note"> 中文</small></span>' in page


def test_every_link_of_an_edition_page_resolves(site):
    broken = []
    for path in [*(site / "zh-hant").rglob("index.html"), *(site / "en").rglob("index.html")]:
        here = "http://x/" + path.relative_to(site).as_posix()
        for url in re.findall(r'\s(?:href|src)="([^"#?]+)', path.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", url):
                continue
            target = site / urlparse(urljoin(here, url)).path.lstrip("/")
            if not (target / "index.html" if url.endswith("/") else target).exists():
                broken.append((path.relative_to(site).as_posix(), url))
    assert not broken, broken[:10]


def test_catalogue_language_only_builds_what_it_built_before(built, site, tmp_path):
    plain = _build(tmp_path, None) / "site"
    assert not any((plain / f).exists() for f in EDITION_FOLDERS)
    pages = {p.relative_to(plain).as_posix() for p in plain.rglob("*.html")}
    with_editions = {p.relative_to(site).as_posix() for p in site.rglob("*.html")
                     if not p.relative_to(site).as_posix().startswith(tuple(f + "/" for f in EDITION_FOLDERS))}
    assert pages == with_editions
    item = (plain / "items" / KEY / "index.html").read_text(encoding="utf-8")
    assert "osc-editions" not in item and "hreflang" not in item
    # The catalogue's own pages of the build with editions differ only by the switch and the hreflang
    # links (and the line keeping Material's script from fetching a sitemap for each of them).
    other = (site / "items" / KEY / "index.html").read_text(encoding="utf-8")
    other = re.sub(r'\s*<nav class="osc-editions".*?</nav>', "", other, flags=re.S)
    other = re.sub(r'\s*<link rel="alternate" hreflang="[^"]+" href="[^"]+">', "", other)
    other = re.sub(r'\s*document\.querySelectorAll\("link\[rel=alternate\]\[hreflang\]"\)[^\n]*', "", other)
    assert other == item


ENGINE = """([query]) => new CatalogueSearch.Engine(new URL("search/catalogue/", location.href.split("find/")[0]).href)
  .search(query, {limit: 5}).then(found => found.results.map(r => [r.code, r.name, r.url]))"""


@pytest.mark.parametrize("prefix,query,name", [("zh-hant/", "身份證", "居民身份證首次申領"),
                                               ("zh-hant/", "身份证", "居民身份證首次申領"),
                                               ("en/", "ID card", "Resident ID card, first application"),
                                               ("en/", KEY, "Resident ID card, first application")])
def test_search_in_each_edition_finds_the_id_card_item(chromium, site, prefix, query, name):
    from devtools.localserver import serve

    with serve(site) as url:
        context = chromium.new_context()
        page = context.new_page()
        try:
            page.goto(url + prefix + "find/")
            page.wait_for_function("window.CatalogueSearch !== undefined")
            found = page.evaluate(ENGINE, [query])
            # The mini catalogue has three ID-card items: this one among the first three, named in the edition.
            assert [KEY, name, f"items/{KEY}/"] in found[:3], found
            # The header search box (Material's UI, the edition's worker) links within the edition.
            page.goto(url + prefix + f"items/{KEY}/")
            page.keyboard.press("/")  # Material's shortcut opens the search box
            page.locator(".md-search__input").fill(query)
            page.keyboard.press("End")  # Material searches on keyup
            page.locator(".md-search-result__item a[href*='find/?query=']").first.wait_for(timeout=10_000)
            links = page.locator(".md-search-result__item a.md-search-result__link")
            hrefs = [urlparse(urljoin(page.url, links.nth(i).get_attribute("href"))).path for i in range(links.count())]
            assert f"/{prefix}items/{KEY}/" in hrefs[:3], hrefs
            assert all(h.startswith(f"/{prefix}") for h in hrefs), hrefs  # results stay in the edition
        finally:
            context.close()


def test_quality_page_counts_the_items_with_english_texts(site, tmp_path):
    """Issue 19: a data-quality count of items with English texts (the ID card item states a
    name and summary in English, not its conditions or materials: not complete)."""
    page = _read(site, "quality")
    found = re.search(r"英文版：(\d+) 个事项中，(\d+) 个有英文文字，其中 (\d+) 个每项内容都有英文", page)
    assert found, page[:2000]
    items, with_english, complete = map(int, found.groups())
    assert with_english == 1 and complete == 0 and items > 1
    # A catalogue that builds no English edition shows no such line.
    plain = _build(tmp_path, None) / "site"
    assert "英文版：" not in _read(plain, "quality")
