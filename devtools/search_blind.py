"""Blind search measurement (issue 16, docs/search.md "Blind protocol").

A blind set is a folder ``tests/fixtures/blind-N/`` holding

- ``items/<department>/<key>.yaml``: official-style items written for the
  test, without aliases, by someone who has not seen the search code;
- ``queries.yaml``: ``[{query, expect, who}]``, written by someone else who
  saw only the published pages of randomly chosen items (demo items and the
  set's own), never the index, the synonyms or other queries.

A real catalogue can be measured the same way (``--catalogue DIR``: e.g.
the catalogue ``devtools.acceptance_import --keep`` leaves from the real
export; its queries are kept outside the repository with it): every item is
then the set's own, pages are drawn from it alone, and ``blind`` names the
folder holding ``queries.yaml``.

``python -m devtools.search_blind tests/fixtures/blind-1`` copies the
repository, adds the set's items, builds the site, runs every query through
the site's own search engine in headless Chromium (Debian's ``chromium``) and
prints recall@1 and recall@3, overall and for the set's own items, and each
miss.  A set is measured once and its figures go into docs/search.md; the
engine is never tuned to a set that has been used (write a new one).
Exit status 0 always (it is a measurement); ``--json`` writes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]

ENGINE = """([query, limit]) => new CatalogueSearch.Engine(new URL("search/catalogue/", location.href.split("find/")[0]).href)
  .search(query, {limit: limit}).then(found => found.results.map(r => r.code || r.key || r.url || ""))"""


def build(blind: Path, work: Path) -> Path:
    """A copy of the demo catalogue with the set's items added, built; returns the site folder."""
    from devtools.acceptance_import import copy_catalogue

    root = work / "catalogue"
    copy_catalogue(root)
    for item in sorted((blind / "items").rglob("*.yaml")):
        target = root / "items" / item.relative_to(blind / "items")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(item, target)
    return _built(root)


def _built(root: Path) -> Path:
    """``generator build`` of the catalogue at ``root``; its site folder (SystemExit if the build fails)."""
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build"],
                            capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stdout}\n{result.stderr}")
    return root / "site"


def run_queries(site: Path, queries: list[dict], limit: int = 3) -> list[list[str]]:
    """The codes of the first ``limit`` results of each query, in order."""
    from playwright.sync_api import sync_playwright

    from devtools.localserver import serve

    sys.path.insert(0, str(REPO / "tests"))
    from browser import CHROMIUM_ARGS, chromium_executable  # noqa: E402

    found = []
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url + "find/")
        page.wait_for_function("window.CatalogueSearch !== undefined")
        for q in queries:
            found.append(page.evaluate(ENGINE, [q["query"], limit]))
        browser.close()
    return found


def figures(queries: list[dict], found: list[list[str]], own: set[str]) -> dict:
    def recall(rows, k):
        return sum(1 for q, f in rows if q["expect"] in f[:k]) / len(rows) if rows else 0.0

    rows = list(zip(queries, found))
    mine = [(q, f) for q, f in rows if q["expect"] in own]
    return {"queries": len(rows), "recall@1": recall(rows, 1), "recall@3": recall(rows, 3),
            "own_items_queries": len(mine), "own_recall@1": recall(mine, 1), "own_recall@3": recall(mine, 3),
            "misses": [{"query": q["query"], "expect": q["expect"], "found": f} for q, f in rows
                       if q["expect"] not in f[:3]]}


def build_catalogue(root: Path, work: Path) -> Path:
    """A copy of the catalogue at ``root`` (items, content, mkdocs.yml), built; returns the site folder."""
    copy = work / "catalogue"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", ".cache"))
    return _built(copy)


def draw(site: Path, own: set[str], per_side: int, seed: int, only_own: bool = False) -> list[str]:
    """``per_side`` demo items and ``per_side`` of the set's own, drawn at random (seeded).

    Only items in use with a page are drawn (not grouping main items, not retired ones).
    With ``only_own`` (``--catalogue``: ``own`` holds its items that are not grouping
    main items) an item page need not show a conditions section: a list-only catalogue's
    pages state almost nothing (the sczwfw list).
    Returns item keys in a shuffled order, so the page numbers say nothing about the side.
    """
    import random

    def drawable(page: Path) -> bool:
        html = page.read_text(encoding="utf-8")
        guide = page.parent.name in own if only_own else 'id="conditions"' in html
        return "osc-retired" not in html and guide

    keys = sorted(p.parent.name for p in (site / "items").glob("*/index.html") if drawable(p))
    rng = random.Random(seed)
    others = [k for k in keys if k not in own]
    chosen = rng.sample([k for k in keys if k in own], per_side * (1 if others else 2)) + \
        (rng.sample(others, per_side) if others else [])
    rng.shuffle(chosen)
    return chosen


def write_pages(site: Path, keys: list[str], out: Path, key_file: Path) -> None:
    """The visible text of each chosen page (``out/pNN.txt``) and the answer key (``key_file``).

    The text is the page's article as a reader sees it (Chromium ``innerText``), nothing of the
    URL, the code in the address or the index; the key maps pNN to the item key and is kept apart.
    """
    from playwright.sync_api import sync_playwright

    from devtools.localserver import serve

    sys.path.insert(0, str(REPO / "tests"))
    from browser import CHROMIUM_ARGS, chromium_executable  # noqa: E402

    out.mkdir(parents=True, exist_ok=True)
    answer = {}
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        for n, key in enumerate(keys, 1):
            page.goto(f"{url}items/{key}/")
            text = page.inner_text("article")
            (out / f"p{n:02d}.txt").write_text(text, encoding="utf-8")
            answer[f"p{n:02d}"] = key
        browser.close()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text(json.dumps(answer, ensure_ascii=False, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("blind", type=Path, help="a blind set folder, e.g. tests/fixtures/blind-1")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--pages", type=Path, help="step 2 instead of measuring: write the text of "
                        "randomly drawn pages here (for the query writer) and the answer key to --key")
    parser.add_argument("--key", type=Path, help="with --pages: where the answer key goes (keep it apart)")
    parser.add_argument("--per-side", type=int, default=30, help="with --pages: items drawn from each side")
    parser.add_argument("--seed", type=int, default=3, help="with --pages: the random seed")
    parser.add_argument("--catalogue", type=Path, help="measure this catalogue (every item its own) "
                        "instead of the demo with the set's items")
    args = parser.parse_args(argv)
    if args.catalogue:
        own = {p.stem for p in (args.catalogue / "items").rglob("*.yaml")
               if not re.search(r"^grouping: true$", p.read_text(encoding="utf-8"), re.M)}
        build = lambda _blind, work: build_catalogue(args.catalogue, work)  # noqa: E731
    else:
        own = {p.stem for p in (args.blind / "items").rglob("*.yaml")}
        build = globals()["build"]
    if args.pages:
        if not args.key:
            parser.error("--pages needs --key")
        with tempfile.TemporaryDirectory(prefix="blind-") as tmp:
            site = build(args.blind, Path(tmp))
            write_pages(site, draw(site, own, args.per_side, args.seed, only_own=bool(args.catalogue)),
                        args.pages, args.key)
        print(f"pages in {args.pages}, answer key in {args.key}")
        return 0
    queries = yaml.safe_load((args.blind / "queries.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="blind-") as tmp:
        site = build(args.blind, Path(tmp))
        found = run_queries(site, queries)
    result = figures(queries, found, own)
    print(f"{args.blind.name}: {result['queries']} queries, recall@1 {result['recall@1']:.1%}, "
          f"recall@3 {result['recall@3']:.1%}; on the set's own items ({result['own_items_queries']}): "
          f"recall@1 {result['own_recall@1']:.1%}, recall@3 {result['own_recall@3']:.1%}")
    names = {}
    for q in queries:
        names[q["expect"]] = q.get("note", "")
    for miss in result["misses"]:
        print(f"  miss: {miss['query']!r} → expected {miss['expect']} {names.get(miss['expect'], '')}; "
              f"top 3: {', '.join(miss['found']) or '—'}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
