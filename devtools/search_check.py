"""The catalogue's search regression queries alone, said in Chinese (county
trial 2, #3): ``make search-check`` (``python -m devtools.search_check
[--root DIR]``).

A catalogue's ``search_queries.yaml`` is a list of ``{query, expect: item key,
note}``: a citizen who types ``query`` must find the item ``expect`` among the
first 3 results (``TOP``).  This module holds what the search gate of ``make
test`` (tests/outputs/test_search.py) and this command share: reading the
queries with their line numbers, running them through the site's own search
engine (``engine.js``) in headless Chromium on the built site, and the Chinese
line said for each (ui texts ``search_check_*`` in generator/locales/zh.yaml:
for a miss, the fix: the item's ``aliases``, the catalogue's
``content/synonyms.yaml``, or the query itself).

The command builds the site first when it is missing or stale (``generator
build``, which rebuilds only when an input changed: generator/site/write.py
``up_to_date``), prints one line per query, ``file:line: …`` and a last
summary line, and exits 1 when a query misses (or names no item of the
catalogue), 2 when the build fails, the query file cannot be read or
Chromium is missing, 0 otherwise (also without a query file).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml

REPO = Path(__file__).resolve().parents[1]
QUERIES_FILE = "search_queries.yaml"
TOP = 3      # the expected item must be among the first TOP results
LOOKED = 10  # results looked at to say the rank of a miss ("排在第 5 名")

# The query side the site's search page runs (theme/assets: CatalogueSearch.Engine over search/catalogue/).
ENGINE = """([query, limit, filters]) => new CatalogueSearch.Engine(new URL("search/catalogue/", location.href.split("find/")[0]).href)
  .search(query, {limit: limit, filters: filters || {}})
  .then(found => ({total: found.total, codes: found.results.map(r => r.code), names: found.results.map(r => r.name),
                   departments: found.results.map(r => r.department), marks: found.results.map(r => r.marks)}))"""


@dataclass(frozen=True)
class Query:
    """One regression query: what the citizen types, the item key expected in the top 3, a note, its line."""
    query: str
    expect: str
    note: str = ""
    line: int = 0  # line of the entry in search_queries.yaml (1-based; 0: not known)


@dataclass(frozen=True)
class Outcome:
    """What the search engine answered to a query: its first ``LOOKED`` results."""
    query: Query
    codes: tuple[str, ...]
    names: tuple[str, ...]

    @property
    def rank(self) -> int | None:
        """The expected item's place (1 = first) among the results looked at; None when not among them."""
        return self.codes.index(self.query.expect) + 1 if self.query.expect in self.codes else None

    @property
    def passed(self) -> bool:
        return self.rank is not None and self.rank <= TOP


def query_file(root: Path) -> Path | None:
    """``<root>/search_queries.yaml``, or None when the catalogue has none."""
    path = root / QUERIES_FILE
    return path if path.is_file() else None


def load_queries(path: Path) -> list[Query]:
    """The queries of a query file, each with its line.  Raises yaml.YAMLError
    (with the place) for a file that is not YAML, UnicodeDecodeError for one not UTF-8."""
    text = path.read_text(encoding="utf-8-sig")  # Notepad's BOM is plain UTF-8
    data = yaml.safe_load(text) or []
    node = yaml.compose(text)
    lines = [n.start_mark.line + 1 for n in node.value] if isinstance(node, yaml.SequenceNode) else []
    return [Query(str(q.get("query", "")), str(q.get("expect", "")), str(q.get("note") or ""),
                  lines[i] if i < len(lines) else 0)
            for i, q in enumerate(data if isinstance(data, list) else []) if isinstance(q, dict)]


def search(page, query: str, limit: int = 10, filters: dict | None = None) -> dict:
    """The engine's answer on ``page`` (a loaded ``find/`` page): total, codes, names, departments, marks."""
    return page.evaluate(ENGINE, [query, limit, filters])


def run(page, queries: list[Query]) -> list[Outcome]:
    """Each query through the engine on ``page``: its first ``LOOKED`` results."""
    out = []
    for q in queries:
        found = search(page, q.query, LOOKED)
        out.append(Outcome(q, tuple(found["codes"]), tuple(found["names"])))
    return out


def item_names(site: Path) -> dict[str, str]:
    """Item key -> name, from the built search index (``search/catalogue/d/*.json``: rows [key, name, …])."""
    names = {}
    for chunk in sorted((site / "search" / "catalogue" / "d").glob("*.json")):
        for row in json.loads(chunk.read_text(encoding="utf-8")):
            names.setdefault(str(row[0]), str(row[1]))
    return names


def item_file(root: Path, key: str) -> str:
    """The item's file relative to ``root`` (``items/<department>/<key>.yaml``), or ``<key>.yaml`` if not found."""
    found = sorted((root / "items").rglob(f"{key}.yaml")) if (root / "items").is_dir() else []
    return found[0].relative_to(root).as_posix() if found else f"{key}.yaml"


def said(outcome: Outcome, root: Path, names: dict[str, str]) -> str:
    """The Chinese line for one query: ``search_queries.yaml:LINE: …``, found at
    rank N, or missed with the fix (the same words in ``make test``'s gate)."""
    from generator.messages import ui

    q = outcome.query
    where = f"{QUERIES_FILE}:{q.line}: " if q.line else f"{QUERIES_FILE}: "
    name = names.get(q.expect) or q.note or q.expect
    if outcome.passed:
        return where + ui("search_check_found").format(query=q.query, name=name, rank=outcome.rank)
    if q.expect not in names:
        return where + ui("search_check_no_item").format(query=q.query, expect=q.expect)
    rank = ui("search_check_rank").format(rank=outcome.rank, top=TOP) if outcome.rank else \
        ui("search_check_absent").format(top=TOP, limit=LOOKED)
    found = "、".join(outcome.names[:TOP]) or ui("search_check_nothing")
    return where + ui("search_check_missed").format(query=q.query, name=name, expect=q.expect, where=rank,
                                                    top=TOP, found=found, file=item_file(root, q.expect))


@contextmanager
def find_page(site: Path) -> Iterator:
    """The site's search page ``find/`` served locally and loaded in headless
    Chromium, its engine ready.  Raises RuntimeError without Chromium."""
    from playwright.sync_api import sync_playwright

    from devtools.chromium import CHROMIUM_ARGS, chromium_executable
    from devtools.localserver import serve

    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(url + "find/")
            page.wait_for_function("window.CatalogueSearch !== undefined")
            yield page
        finally:
            browser.close()


def built_site(root: Path) -> Path | None:
    """The catalogue's site, built first when missing or stale (``python -m
    generator build``: its last line, the Chinese build summary, is printed;
    all its output when it fails).  None when the build fails."""
    from generator.site.write import STAMP, up_to_date

    if not up_to_date(root):
        env = dict(os.environ, PYTHONPATH=str(REPO), NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
        env.pop("GITHUB_ACTIONS", None)
        built = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build"], env=env,
                               capture_output=True, text=True, encoding="utf-8")
        if built.returncode:
            print(built.stdout + built.stderr, end="")
            return None
        print((built.stdout.strip().splitlines() or [""])[-1], flush=True)
    try:
        return Path(json.loads((root / STAMP).read_text(encoding="utf-8"))["path"])
    except (OSError, ValueError, KeyError):
        return root / "site"


def main(argv: list[str] | None = None) -> int:
    from generator.checks.problems import ProblemsFound
    from generator.config import default_root, read_settings
    from generator.messages import set_language, ui

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=None, help="the catalogue's folder (default: as `python -m generator`)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve() if args.root else default_root(here=REPO)
    try:
        set_language(read_settings(root).language)
    except ProblemsFound:  # mkdocs.yml's mistakes: the build below says them, at their lines
        pass
    path = query_file(root)
    if path is None:
        print(ui("search_check_no_file").format(root=root))
        return 0
    try:
        queries = load_queries(path)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        print(ui("search_check_unreadable").format(file=path.name, line=mark.line + 1 if mark else 1))
        return 2
    site = built_site(root)
    if site is None:
        print(ui("search_check_build_failed"))
        return 2
    names = item_names(site)
    try:
        with find_page(site) as page:
            outcomes = run(page, queries)
    except RuntimeError:  # no chromium on PATH
        print(ui("search_check_no_browser"))
        return 2
    for outcome in outcomes:
        print(said(outcome, root, names), flush=True)
    missed = sum(not o.passed for o in outcomes)
    if missed:
        print(ui("search_check_failed").format(missed=missed, n=len(outcomes), top=TOP))
        return 1
    print(ui("search_check_passed").format(n=len(outcomes), top=TOP, file=path.name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
