"""Links gate of issue 7: every internal link and anchor of a built site
resolves (tests/links.py), on the hostile mini site and on the catalogue
under test (the demo unless ``CATALOGUE`` names another, tests/catalogue.py)."""

from __future__ import annotations

import re

from links import broken_links, count_links


def test_no_broken_links_in_mini_site(hostile_site, site_url):
    assert count_links(hostile_site.path) > 500
    broken = broken_links(hostile_site.path, site_url)
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:30])


def test_no_broken_links_in_the_catalogue(catalogue_site, catalogue_site_url):
    pages = len(list(catalogue_site.rglob("*.html")))
    assert count_links(catalogue_site) > 20 * pages  # every page has at least its navigation
    broken = broken_links(catalogue_site, catalogue_site_url)
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:30])


def test_root_relative_links_resolve_under_the_site_path(tmp_path):
    # README's sub-path example: MkDocs writes the 404 page's links from site_url's path.
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.css").write_text("", encoding="utf-8")
    (tmp_path / "index.html").write_text('<a href="assets/a.css">x</a>', encoding="utf-8")
    (tmp_path / "404.html").write_text('<link href="/fwsx/assets/a.css"><a href="/fwsx/">home</a>'
                                       '<a href="/assets/a.css">old</a>', encoding="utf-8")
    assert broken_links(tmp_path, "https://zwfw.example.cn/fwsx/") == [
        "404.html: <a href='/assets/a.css'>: outside the site's path /fwsx/"]
    assert broken_links(tmp_path, "https://zwfw.example.cn/") == [
        "404.html: <link href='/fwsx/assets/a.css'>: no such file fwsx/assets/a.css",
        "404.html: <a href='/fwsx/'>: no such file fwsx/"]


# Markup through which text from the data would run as script: an event-handler
# attribute, a javascript: URL, and inside the article (where the data is
# written) a <script> other than the site's own files and JSON data.
_HANDLER = re.compile(r"""<[a-z][^>]*\s(on[a-z]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
# Handlers our templates write, as written (item.html's print button).
TEMPLATE_HANDLERS = {("onclick", '"window.print()"')}
_JS_URL = re.compile(r"""\b(?:href|src|action|formaction|xlink:href)\s*=\s*["']?\s*javascript:""", re.I)
_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
_SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)


def test_no_script_from_the_catalogue_data(catalogue_site):
    """XSS gate on the catalogue under test: no page has an inline event
    handler or a javascript: URL, and no article (the part written from the
    data) an inline script other than JSON data.  (The Chromium gates also fail
    on any dialog or script error on the pages they visit; the hostile mini
    site checks every text field with a payload.)"""
    problems, articles = [], 0
    for path in sorted(catalogue_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        rel = path.relative_to(catalogue_site).as_posix()
        problems += [f"{rel}: event handler {m.group(0)[-80:]!r}" for m in _HANDLER.finditer(html)
                     if (m.group(1).lower(), m.group(2)) not in TEMPLATE_HANDLERS]
        problems += [f"{rel}: javascript: URL" for _ in _JS_URL.finditer(html)]
        for article in _ARTICLE.findall(html):
            articles += 1
            problems += [f"{rel}: <script{m.group(1)}> in the article" for m in _SCRIPT.finditer(article)
                         if "src=" not in m.group(1) and 'type="application/ld+json"' not in m.group(1)]
    assert articles > 10
    assert not problems, "\n".join(problems[:30])
