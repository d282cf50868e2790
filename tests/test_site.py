"""End-to-end tests of the guide site: a real ``mkdocs build --strict`` of the
mini catalogue (tests/fixtures/mini) with the production theme, plugins and
Markdown settings, real Graphviz, and assertions on the HTML written.

The mini catalogue is copied to a temporary folder and given, there only:
hostile text (a ``<script>`` in an item's summary, a material name and a FAQ
answer; DOT syntax in a step name), a main item with one sub-item, and a
life-event bundle with an ``and`` step and an ``or`` step.  It is built once
per module.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from browser import chromium_executable
from mini_catalogue import (BUNDLE, ITEM, MAIN_CODE, MINI, ONLINE_ITEM, SUB_CODE, add_bundle, add_sub_item,
                            mkdocs_build, position, site_config)

SCRIPT = "<script>alert(1)</script>"
DOT_INJECTION = '"]; x [label="'
SECTIONS = ("conditions", "materials", "steps", "time", "fees", "where", "result", "contact", "basis", "notice")

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")


# --- building -----------------------------------------------------------------
def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _hostile_text(root: Path) -> None:
    online = root / ONLINE_ITEM
    _replace(online, "summary: 八十周岁以上的本市户籍老人申领高龄津贴。",
             f"summary: '八十周岁以上的本市户籍老人申领高龄津贴。\">{SCRIPT}'")
    _replace(online, "name: 高龄津贴申领", f"name: '高龄津贴申领{SCRIPT}'")
    _replace(online, "materials:\n", f"materials:\n  - name: '户口簿首页{SCRIPT}'\n    necessity: required\n", )
    online.write_text(online.read_text(encoding="utf-8")
                      + f"faq:\n  - question: 多久发放一次？\n    answer: '按月发放。{SCRIPT}'\n", encoding="utf-8")
    _replace(root / ITEM, "{id: decide, name: 审核}", "{id: decide, name: '审核" + DOT_INJECTION + "'}")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site") / "catalogue"
    shutil.copytree(MINI, root)
    site_config(root)
    _hostile_text(root)
    add_sub_item(root)
    add_bundle(root)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def page(site: Path, path: str) -> str:
    file = site / path / "index.html"
    assert file.is_file(), f"{path} was not built"
    return file.read_text(encoding="utf-8")


def all_html(site: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def content_of(html: str) -> str:
    """The article, without the theme's navigation (which lists every page title)."""
    m = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', html, re.S)
    assert m, "no article in page"
    return m.group(1)


# --- item pages -------------------------------------------------------------------
def test_item_page_has_all_sections(site):
    html = page(site, "items/990101001000")
    for section in SECTIONS:
        assert re.search(rf'\bid="{section}"', html), f"section #{section} missing"


def test_materials_table_has_one_row_per_material(site):
    rows = re.findall(r'<tr class="osc-material[" ]', page(site, "items/990101001000"))
    assert len(rows) == 1
    html = page(site, "items/992002001000")
    rows = re.findall(r'<tr class="osc-material[" ]', html)
    assert len(rows) == 3  # the hostile one, the shared ID card, the proof
    shared = re.search(r'<tr class="osc-material osc-material--shared">(.*?)</tr>', html, re.S)
    assert shared and "居民身份证" in shared.group(1) and "无需提交" in shared.group(1)
    # The one-time notice lists it too, as checked by the department (issue 17), not as one to bring.
    notice = re.sub(r"<svg.*?</svg>", "", html[html.index('id="notice"'):], flags=re.S)
    assert "<li>居民身份证：无需提交，由部门核验" in notice


def test_flowchart_image_and_svg(site):
    html = page(site, "items/990101001000")
    m = re.search(r'<img src="([^"]*flowcharts/([^"/]+\.svg))" alt="([^"]*)"', html)
    assert m, "flowchart <img> missing"
    assert m.group(3).strip(), "flowchart alt text is empty"
    assert "申请" in m.group(3)
    svg_file = site / "flowcharts" / m.group(2)
    assert svg_file.is_file()
    svg = svg_file.read_text(encoding="utf-8")
    for name in ("申请", "受理", "补正材料", "领取证件"):
        assert f">{name}<" in svg, f"step {name} not in flowchart"
    assert "WenQuanYi Micro Hei" in svg
    assert "Times" not in svg
    # The DOT-syntax step name is a label, not graph syntax.
    assert "审核&quot;]; x [label=&quot;" in svg or "审核&#34;]; x [label=&#34;" in svg
    assert not re.search(r">\s*x\s*<", svg), "step name broke out of its DOT label"
    # Every item with steps has its chart published.
    for code in ("992002001000", MAIN_CODE, SUB_CODE):
        m = re.search(r'<img src="[^"]*flowcharts/([^"/]+\.svg)"', page(site, f"items/{code}"))
        assert m and (site / "flowcharts" / m.group(1)).is_file()


def test_online_service_link_on_item_page(site):
    html = page(site, "items/992002001000")
    assert 'href="https://example.gov.cn/senior-allowance"' in html


def test_sub_item_links_to_main_item(site):
    sub = content_of(page(site, f"items/{SUB_CODE}"))
    assert re.search(rf'href="\.\./\.\./items/{MAIN_CODE}/">居民身份证换领</a>', sub)
    main = content_of(page(site, f"items/{MAIN_CODE}"))
    assert 'id="sub-items"' in main
    assert re.search(rf'href="\.\./\.\./items/{SUB_CODE}/">居民身份证到期换领</a>', main)
    # A relative link that resolves to a built page.
    assert (site / "items" / MAIN_CODE / "index.html").is_file()


# --- escaping -----------------------------------------------------------------------
def test_script_text_is_escaped(site):
    html = page(site, "items/992002001000")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    body = content_of(html)
    assert body.count(escaped) >= 3, "summary, material name and FAQ answer should each show the text"
    assert re.search(r'class="osc-summary">[^<]*' + re.escape(escaped), body)
    assert re.search(r"<strong>户口簿首页" + re.escape(escaped) + "</strong>", body)
    assert re.search(r"<p>按月发放。" + re.escape(escaped) + "</p>", body)
    # The theme prints the page title and description unescaped: they must arrive escaped.
    assert "<title>高龄津贴申领" + escaped in html
    assert re.search(r'<meta name="description" content="[^"<>]*&quot;&gt;' + re.escape(escaped) + '">', html)


def test_no_raw_script_injection_anywhere(site):
    pages = all_html(site)
    assert len(pages) > 20
    bad = [str(p.relative_to(site)) for p, text in pages.items() if "<script>alert" in text.lower()]
    assert not bad, f"raw <script>alert in {bad}"
    # Also in the search index and flowcharts.  The open-data downloads are
    # data served as JSON, never HTML: they must hold the text exactly as stated.
    for p in [*site.rglob("*.json"), *site.rglob("*.svg")]:
        if p.relative_to(site).parts[0] == "open-data":
            continue
        assert "<script>alert" not in p.read_text(encoding="utf-8"), p
    assert "<script>alert" in (site / "open-data" / "catalogue.json").read_text(encoding="utf-8")


# --- index pages -----------------------------------------------------------------------
@pytest.mark.parametrize("path", [
    "", "all", "departments", "departments/public-security", "departments/civil-affairs",
    "industries", "industries/public_security", "service-types", "service-types/subsidy",
    "audiences", "audiences/individual", "levels", "levels/city", "topics", "topics/household",
    "marks/online", "marks/one-trip", "negative-list", "offices", "offices/city-service-centre",
    "statistics", "life-events", f"life-events/{BUNDLE}", "about", "reference/fields", "proofs",
])
def test_index_page_exists(site, path):
    html = page(site, path) if path else (site / "index.html").read_text(encoding="utf-8")
    assert "<article" in html


def test_index_pages_list_the_right_items(site):
    # Issue 17: marks/online lists 全程网办 (online_depth 4) only; the allowance is
    # online without a stated depth, so it is marked as such and not listed there.
    assert "高龄津贴申领" not in content_of(page(site, "marks/online"))
    assert "居民身份证首次申领" not in content_of(page(site, "marks/online"))
    allowance = content_of(page(site, "all"))
    allowance = allowance[allowance.index("高龄津贴申领"):]
    assert "网上办理（程度未写明）" in allowance[:allowance.index("</tr>")]
    assert "办理渠道·网上办理深度" in content_of(page(site, "items/992002001000"))  # listed as a gap
    negative = content_of(page(site, "negative-list"))
    assert "居民身份证首次申领" in negative and "高龄津贴申领" not in negative
    everything = content_of(page(site, "all"))
    for name in ("居民身份证首次申领", "高龄津贴申领", "居民身份证换领", "居民身份证到期换领"):
        assert name in everything
    office = content_of(page(site, "offices/city-service-centre"))
    assert "居民身份证首次申领" in office and "高龄津贴申领" not in office
    stats = content_of(page(site, "statistics"))
    assert re.search(r"\b4\b", stats)


def test_proofs_page_lists_each_proof_its_issuer_basis_and_items(site):
    """Issue 13: the proofs list (证明材料清单) is published."""
    html = content_of(page(site, "proofs"))
    row = html[html.index('id="no-criminal-record"'):]
    row = row[:row.index("</tr>")]
    for text in ("无犯罪记录证明", "公安机关", "《公安机关办理犯罪记录查询工作规定》", "可告知承诺",
                 f'href="../items/{ONLINE_ITEM.rsplit("/", 1)[-1][:-5]}/"'):
        assert text in row, text
    assert "居民身份证首次申领" not in row


def test_life_event_roll_up(site):
    html = content_of(page(site, f"life-events/{BUNDLE}"))
    # Issue 17: per route. and-step: ID card (2 visits); or-step: allowance (0) or
    # sub-item (2) -> 2 to 4 visits, 2 items either way; never both alternatives summed.
    assert re.search(r"到现场：</strong><span class=\"osc-rollup-visits\">2–4 次（按所选办理方式）", html)
    assert re.search(r"涉及事项：</strong><span class=\"osc-rollup-items\">2 个<", html)
    assert re.search(r"步骤：</strong><span class=\"osc-rollup-steps\">必办 2 项<", html)
    # 居民户口簿 is needed by the ID card and the sub-item: listed once, used by both.
    # The shared ID card is not listed; the proof and the hostile material are.
    assert re.search(r"需要准备的材料：</strong><span class=\"osc-rollup-materials\">\d+–\d+ 种", html)
    materials = html[html.index('id="materials"'):]
    assert materials.count("居民户口簿") == 1
    assert re.search(r"居民户口簿<br><span class=\"osc-note\">用于：居民身份证到期换领、居民身份证首次申领", materials) \
        or re.search(r"居民户口簿<br><span class=\"osc-note\">用于：居民身份证首次申领、居民身份证到期换领", materials)
    assert "无犯罪记录证明" in materials
    assert "居民身份证<br>" not in materials  # shared: nothing to bring
    # Each step links to its items, and the items link back.
    for code in ("990101001000", "992002001000", SUB_CODE):
        assert f'href="../../items/{code}/"' in html
    item = content_of(page(site, "items/990101001000"))
    assert f'href="../../life-events/{BUNDLE}/"' in item


# --- no external hosts ---------------------------------------------------------------
_ASSET = re.compile(r"<(script|link|img|iframe|source)\b[^>]*?\b(?:src|href)=\"([^\"]*)\"", re.I)


def test_no_external_hosts(site):
    allowed_page_links = {"https://example.gov.cn/senior-allowance"}
    problems = []
    for p, text in all_html(site).items():
        rel = str(p.relative_to(site))
        if "fonts.googleapis" in text or "fonts.gstatic" in text:
            problems.append(f"{rel}: Google Fonts")
        for tag, url in _ASSET.findall(text):
            if tag.lower() == "link" and re.search(r'rel="canonical"', text) and url.startswith(
                    "https://catalogue.example.gov.cn/"):
                continue  # the canonical link names the site itself
            if re.match(r"(https?:)?//", url) and not url.startswith("https://catalogue.example.gov.cn/"):
                problems.append(f"{rel}: <{tag}> {url}")
        for url in re.findall(r'<a\b[^>]*href="((?:https?:)?//[^"]*)"', text):
            if url in allowed_page_links or url.startswith("https://catalogue.example.gov.cn/"):
                continue
            if url.startswith("https://github.com/open-service-catalogue/"):
                continue  # the repository, edit and feedback links configured in mkdocs.yml
            if url.startswith("https://creativecommons.org/licenses/"):
                continue  # the open-data licence configured in mkdocs.yml: a link, nothing is loaded
            if url == "https://squidfunk.github.io/mkdocs-material/":
                continue  # the theme's "Made with Material" credit: a link, nothing is loaded
            problems.append(f"{rel}: <a> {url}")
    assert not problems, "\n".join(problems[:30])


# --- a broken item stops the build --------------------------------------------------
def test_invalid_item_fails_build_with_file_and_line(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    site_config(root)
    text = (root / ITEM).read_text(encoding="utf-8").replace("visits: 2", "visits: many", 1)
    (root / ITEM).write_text(text, encoding="utf-8")
    line, _ = position(text, "visits: many")
    result = mkdocs_build(root)
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert f"{ITEM}:{line}" in out, out
    assert not (root / "site" / "items" / "990101001000" / "index.html").exists()


def test_printed_item_page_is_one_a4_notice(site, tmp_path):
    """The one-time notification list (一次性告知单) prints on a single A4 sheet."""
    try:
        chromium = chromium_executable()  # `make test` installs it; missing is a failure, not a skip
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    pdf = tmp_path / "notice.pdf"
    url = (site / "items" / "990101001000" / "index.html").as_uri()
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", url], capture_output=True, timeout=120, check=True)
    counts = [int(n) for n in re.findall(rb"/Count (\d+)", pdf.read_bytes())]
    assert counts and max(counts) == 1
