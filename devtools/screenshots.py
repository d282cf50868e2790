"""Screenshots of one page of every kind of a built site, at a phone's and a
desktop's width, for checking the pages by eye (issue 17, item 10).

    .venv/bin/python -m mkdocs build -d /tmp/site
    .venv/bin/python -m devtools.screenshots /tmp/site /tmp/shots [--large]

Writes ``<out>/<width>-<kind>.png`` (full page) with Debian's chromium; with
``--large`` also in 长辈模式.  The page list is the one the HTML checker's
test uses (tests/site/test_html_valid.py): a kind added there is shot here.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

from devtools.localserver import serve

# One page of every kind of the demo catalogue: kind -> URL path under the site root.
PAGE_KINDS = {
    "home": "",
    "item with situations (variants)": "items/990101001000/",
    "item with a situation chosen": "items/990101001000/?情形=replace",
    "main item with sub-items": "items/99010500100Y/",
    "sub-item": "items/990105001001/",
    "cancelled item": "items/992007002000/",
    "suspended item": "items/990503004000/",
    "life event (bundle)": "life-events/open-restaurant/",
    "life events": "life-events/",
    "office": "offices/city-service-centre/",
    "offices": "offices/",
    "department": "departments/public-security/",
    "departments": "departments/",
    "all items": "all/",
    "topic": "topics/birth/",
    "level": "levels/city/",
    "statistics": "statistics/",
    "data quality": "quality/",
    "proofs": "proofs/",
    "changes": "changes/",
    "open data": "open-data/",
    "search page": "find/?query=身份证",
    "404": "404.html",
    "for departments": "for-departments/",
    "marks": "marks/",
    "mark": "marks/online/",
    "field reference": "reference/fields/",
}
WIDTHS = (390, 1280)


def html_file(site: Path, url_path: str) -> Path:
    """The file a URL path of PAGE_KINDS is served from (query dropped)."""
    path = url_path.split("?", 1)[0]
    return site / (path if path.endswith(".html") else path + "index.html")


def shoot(site: Path, out: Path, large: bool = False) -> list[Path]:
    """Full-page PNGs of every kind at each width; returns the files written."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            if large:
                context.add_init_script("localStorage.setItem('osc-large', '1')")
            page = context.new_page()
            for kind, path in PAGE_KINDS.items():
                page.goto(url + path, wait_until="networkidle")
                page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
                page.wait_for_timeout(200)
                name = re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-")
                target = out / f"{width}{'-large' if large else ''}-{name}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            context.close()
        browser.close()
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--large", action="store_true", help="also in 长辈模式")
    args = parser.parse_args()
    files = shoot(args.site, args.out)
    if args.large:
        files += shoot(args.site, args.out, large=True)
    print(f"{len(files)} screenshots in {args.out}")
