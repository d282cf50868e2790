"""Screenshots of one page of every kind of a built site, at a phone's and a
desktop's width, for checking the pages by eye (issue 17, item 10).

    .venv/bin/python -m mkdocs build -f examples/demo-city/mkdocs.yml -d /tmp/site
    .venv/bin/python -m devtools.screenshots /tmp/site /tmp/shots [--large] [--catalogue DIR]

Writes ``<out>/<width>-<kind>.png`` (full page) with Debian's chromium; with
``--large`` also in 长辈模式.  The pages are the ones the catalogue gates and
the HTML checker's test visit (tests/catalogue.py ``page_kinds``: one page of
every kind, picked from the catalogue ``--catalogue``, by default the one the
commands choose), so a kind added there is shot here.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

from devtools.localserver import serve

WIDTHS = (390, 1280)


def page_paths(root: Path, site: Path) -> dict[str, str]:
    """kind -> URL path under the site root of one page of every kind the
    catalogue at ``root``, built into ``site``, has (tests/catalogue.page_kinds)."""
    from tests.catalogue import page_kinds

    return page_kinds(root, site).paths


def html_file(site: Path, url_path: str) -> Path:
    """The file a URL path of ``page_paths`` is served from (query dropped)."""
    path = url_path.split("?", 1)[0]
    return site / (path if path.endswith(".html") else path + "index.html")


def shoot(site: Path, out: Path, large: bool = False, root: Path | None = None) -> list[Path]:
    """Full-page PNGs of every kind at each width; returns the files written.
    ``root``: the catalogue the site was built from (default: generator.config.default_root())."""
    from playwright.sync_api import sync_playwright

    from generator.config import default_root
    from tests.browser import CHROMIUM_ARGS

    paths = page_paths(root or default_root(), site)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            if large:
                context.add_init_script("localStorage.setItem('osc-large', '1')")
            page = context.new_page()
            for kind, path in paths.items():
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
    parser.add_argument("--catalogue", type=Path, default=None,
                        help="the catalogue the site was built from (default: $CATALOGUE, else the current "
                             "folder if it has mkdocs.yml, else examples/demo-city)")
    args = parser.parse_args()
    files = shoot(args.site, args.out, root=args.catalogue)
    if args.large:
        files += shoot(args.site, args.out, large=True, root=args.catalogue)
    print(f"{len(files)} screenshots in {args.out}")
