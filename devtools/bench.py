"""Build benchmark: ``python -m devtools.bench [SIZES...]`` (default 1603 20000).

For each size N a synthetic catalogue (devtools.synthetic) is written to
``bench/work/N`` and, in the same run, measured:

floor        load every item (generator.sources.load.load_file) + render each page with
             one precompiled Jinja template + write the files; no MkDocs.
full build   ``python -m generator --root DIR build`` in a fresh process, cold
             flowchart cache; wall time and peak RSS (ru_maxrss of a fresh
             wrapper's children, so the maximum belongs to this build only:
             the largest single process, not their sum), user and system CPU
             of all its processes, the load average after it, and the files
             it created in site/ and .cache/.
rebuild      the same command again with nothing changed: the input
             fingerprint (write.py) finds the site up to date.
warm build   ``build --force``: everything built again, flowcharts from the cache
             (what CI and editors see after the first build).
flowcharts   FlowchartRenderer on every item's DOT source, on a fresh temp cache
             (cold) and again on the same cache (warm): processes started and
             milliseconds per graph.
search       each of SEARCH_QUERIES typed into the header search box of a fresh
             headless Chromium: ms until the first result shows, gzipped bytes
             of every search file fetched (worker, engine, index files).
serve        (devtools.bench_serve, at 1603 only) `mkdocs serve` running, a page
             open in Chromium: seconds until an edit shows, until the error panel
             shows after a broken save, until it is gone after the fix (median of 5).
site         size of site/ (du), average gzipped item page, first view of one
             item page: its HTML + linked CSS/JS + flowchart SVG, all gzipped;
             (devtools.bench_itempage) CPU ms to render one item page.

editions     (devtools.bench_editions) ``build --force`` with editions [zh], [zh, zh-Hant],
             [zh, zh-Hant, en]: the extra build time of the 繁體 and English editions.
open data    (devtools.bench_opendata) every open-data export of the catalogue
             written once: seconds and bytes per format (JSON, CSV, XLSX,
             datapackage, HSDS, CPSV-AP).
import       (devtools.bench_import, ``--import-rows N``, default 20000, 0 skips it)
             a synthetic spreadsheet in the county template's shape imported into
             an empty catalogue, imported again unchanged, and built: time and
             peak RSS of each step.

The table is printed with each figure's target beside it and written to
``bench/results.json``.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

from devtools.bench_report import REFERENCE, print_table, table  # noqa: F401  (print_table: bench_import)
from devtools.localserver import serve

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work"
RESULTS = REPO / "bench" / "results.json"
DEFAULT_SIZES = (1603, 20000)

FLOOR_TEMPLATE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{{ name }}</title></head>
<body><h1>{{ name }}</h1><p>{{ code }}</p><p>{{ summary }}</p>
<h2>申请材料</h2><ul>{% for m in materials %}<li>{{ m.name }}{% if m.instructions %} — {{ m.instructions }}{% endif %}</li>{% endfor %}</ul>
<h2>办理流程</h2><ol>{% for s in steps %}<li>{{ s.name }}{% if s.actor %}（{{ s.actor }}）{% endif %}</li>{% endfor %}</ol>
</body></html>
"""

# Runs one build in a fresh interpreter so RUSAGE_CHILDREN covers that build only.
_WRAPPER = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - t
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "rss": usage.ru_maxrss * 1024, "user": usage.ru_utime, "sys": usage.ru_stime,
                  "rc": p.returncode, "err": (p.stderr or "")[-3000:]}))
"""


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


# -- measurements -------------------------------------------------------------

def measure_floor(root: Path) -> dict:
    import jinja2

    from generator.sources.load import load_file
    from generator.checks.validate import item_files

    template = jinja2.Environment(autoescape=True).from_string(FLOOR_TEMPLATE)
    with tempfile.TemporaryDirectory(prefix="floor-", dir=root.parent) as out:
        out_dir = Path(out)
        start = time.perf_counter()
        count = 0
        for path in item_files(root / "items"):
            data = load_file(path, positions=False).data
            html = template.render(**data)
            target = out_dir / data["code"] / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            count += 1
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "items": count}


def run_build(root: Path, *flags: str) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "generator", "--root", str(root), "build", *flags]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark wrapper failed: {proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if result["rc"] != 0:
        raise SystemExit(f"build of {root} failed (exit {result['rc']}):\n{result['err']}")
    return {"seconds": result["wall"], "peak_rss": result["rss"], "user": result.get("user"),
            "sys": result.get("sys")}


def count_files(root: Path) -> dict:
    """Files under ``site/`` and ``.cache/`` (a cold build creates every one
    of them: on the development machine's file system each costs 0.05 to
    0.8 ms of system time, docs/performance.md)."""
    def count(folder: Path) -> int:
        return sum(len(names) for _dirs, _sub, names in os.walk(folder)) if folder.is_dir() else 0
    return {"site": count(root / "site"), "cache": count(root / ".cache")}


def measure_flowcharts(root: Path) -> dict:
    from generator.config import read_settings
    from generator.outputs.flowchart import FlowchartRenderer, flowchart_dot
    from generator.checks.validate import build_catalogue

    report = build_catalogue(root, read_settings(root))
    if report.catalogue is None:
        raise SystemExit(f"synthetic catalogue in {root} has {len(report.errors)} errors")
    sources = {e.key: flowchart_dot(e.item.steps, title=e.item.name) for e in report.catalogue.entries}
    with tempfile.TemporaryDirectory(prefix="flowcharts-", dir=root.parent) as cache:
        cold = FlowchartRenderer(Path(cache))
        t = time.perf_counter()
        cold.render(sources)
        cold_s = time.perf_counter() - t
        warm = FlowchartRenderer(Path(cache))
        t = time.perf_counter()
        warm.render(sources)
        warm_s = time.perf_counter() - t
    # The build's own cache after two builds: what a third (warm) build would start.
    build_cache = FlowchartRenderer(root / ".cache" / "flowcharts")
    build_cache.render(sources)
    n = max(1, len(sources))
    return {
        "graphs": len(sources),
        "cold_processes": cold.processes_started, "cold_rendered": cold.graphs_rendered,
        "cold_ms_per_graph": cold_s * 1000 / n,
        "warm_processes": warm.processes_started, "warm_hits": warm.cache_hits,
        "warm_ms_per_graph": warm_s * 1000 / n,
        "build_cache_processes": build_cache.processes_started,
    }


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []
        self.svg: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.css.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"])
        elif tag == "img" and "flowcharts/" in (a.get("src") or ""):
            self.svg.append(a["src"])


def _resolve(site: Path, page: Path, url: str) -> Path | None:
    if re.match(r"^[a-z]+:|^//", url):
        return None  # external: not part of this site
    url = url.split("#")[0].split("?")[0]
    path = (site / url.lstrip("/")) if url.startswith("/") else (page.parent / url)
    path = Path(os.path.normpath(path))
    return path if path.is_file() else None


def measure_site(root: Path) -> dict:
    site = root / "site"
    du = subprocess.run(["du", "-sk", str(site)], capture_output=True, text=True)
    du_bytes = int(du.stdout.split()[0]) * 1024 if du.returncode == 0 else None
    pages = sorted((site / "items").glob("*/index.html"))
    step = max(1, len(pages) // 2000)  # at most ~2000 pages for the average
    sample = pages[::step]
    average = sum(_gz(p.read_bytes()) for p in sample) / max(1, len(sample))
    # First view of one item page: the first in code order.
    page = pages[0]
    html = page.read_bytes()
    links = _Links()
    links.feed(html.decode("utf-8", "replace"))
    parts = {"html": _gz(html)}
    missing = []
    for kind, urls in (("css", links.css), ("js", links.js), ("svg", links.svg)):
        total = 0
        for url in urls:
            path = _resolve(site, page, url)
            if path is None:
                missing.append(url)
            else:
                total += _gz(path.read_bytes())
        parts[kind] = total
    return {
        "du_bytes": du_bytes, "item_pages": len(pages), "avg_item_gz": average,
        "first_view_page": str(page.relative_to(site)), "first_view_gz": sum(parts.values()),
        "first_view_parts": parts, "first_view_unresolved": missing,
    }


# -- search in Chromium -------------------------------------------------------

SEARCH_QUERIES = ("开个饭店要什么证", "孩子上户口", "退休金怎么领", "社会团体成立登记", "身份证")


def measure_search(site: Path, queries=SEARCH_QUERIES) -> dict:
    """Each query typed into the header search box of a fresh browser (cold
    cache): milliseconds until the first result shows, and the gzipped bytes
    of every search file it fetched (code, configuration, shards, results)."""
    chromium = shutil.which("chromium")
    if chromium is None:
        return {"skipped": "Debian chromium not installed (make browser)"}
    from playwright.sync_api import sync_playwright

    runs = []
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                   "--disable-background-networking"])
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            fetched: list[str] = []
            page.on("requestfinished", lambda r: fetched.append(r.url))
            page.goto(url)
            page.keyboard.press("/")
            page.locator(".md-search__input").fill(query)
            start = time.perf_counter()
            page.keyboard.press("End")  # Material searches on keyup
            # The box lists popular items and bundles before anything is typed; this
            # query's answer (results or suggestions) ends with a link to the search page.
            page.locator(".md-search-result__item a[href*='find/?query=']").first.wait_for(timeout=30_000)
            ms = (time.perf_counter() - start) * 1000
            paths = [u[len(url):].split("?")[0] for u in fetched if u.startswith(url)]
            search = [s for s in paths if s.startswith(("search/", "assets/search/"))]
            runs.append({"query": query, "ms": ms, "files": len(search),
                         "gz": sum(_gz((site / s).read_bytes()) for s in search if (site / s).is_file()),
                         # Synthetic items repeat the demo's, which gzip unusually well: the raw size
                         # bounds what a real catalogue's query costs.
                         "raw": sum((site / s).stat().st_size for s in search if (site / s).is_file()),
                         "outside": [u for u in fetched if not u.startswith(url)]})
            context.close()
        browser.close()
    return {"runs": runs, "max_gz": max(r["gz"] for r in runs), "max_raw": max(r["raw"] for r in runs),
            "max_ms": max(r["ms"] for r in runs),
            "outside": sum(len(r["outside"]) for r in runs)}


def bench_size(n: int) -> dict:
    from devtools import bench_opendata, bench_serve
    from devtools.synthetic import write_synthetic

    root = WORK / str(n)
    print(f"[{n}] writing synthetic catalogue to {root} ...", file=sys.stderr, flush=True)
    t = time.perf_counter()
    write_synthetic(root, n)
    from devtools import bench_editions
    bench_editions.set_editions(root, ("zh",))  # the figures below: the catalogue language's site alone
    print(f"[{n}] written in {time.perf_counter() - t:.1f} s; floor ...", file=sys.stderr, flush=True)
    # The fastest of three: the floor is the yardstick, so noise must not inflate it.
    floor = min((measure_floor(root) for _ in range(3)), key=lambda f: f["seconds"])
    print(f"[{n}] floor {floor['seconds']:.1f} s; full build ...", file=sys.stderr, flush=True)
    full = run_build(root)
    full["files"] = count_files(root)
    full["load"] = os.getloadavg()[0]  # other work on the machine moves the wall times (README)
    print(f"[{n}] full build {full['seconds']:.1f} s; rebuild ...", file=sys.stderr, flush=True)
    rebuild = run_build(root)
    print(f"[{n}] rebuild {rebuild['seconds']:.1f} s; forced build, warm cache ...", file=sys.stderr, flush=True)
    warm = run_build(root, "--force")
    print(f"[{n}] warm build {warm['seconds']:.1f} s; editions ...", file=sys.stderr, flush=True)
    editions = bench_editions.measure_builds(root, runs=1 if n > REFERENCE else 2)  # site/ rebuilt as it was last
    print(f"[{n}] extra per edition {editions['extra']}; flowcharts ...", file=sys.stderr, flush=True)
    flow = measure_flowcharts(root)
    site = measure_site(root)
    from devtools import bench_itempage
    site["item_render"] = bench_itempage.measure(str(root))  # CPU ms per item page, in one process
    print(f"[{n}] open-data exports ...", file=sys.stderr, flush=True)
    exports = bench_opendata.measure(root)
    print(f"[{n}] search in Chromium ...", file=sys.stderr, flush=True)
    found = measure_search(root / "site")
    from devtools import bench_search_tables
    found["index_build"] = bench_search_tables.index_build(str(root))
    print(f"[{n}] history from git ...", file=sys.stderr, flush=True)
    from devtools import bench_history
    history = bench_history.measure(n, WORK)
    result = {"n": n, "floor": floor, "full_build": full, "rebuild": rebuild, "warm_build": warm,
              "flowcharts": flow, "site": site,
              "search": found, "open_data": exports, "history": history, "editions": editions}
    if n == REFERENCE:
        print(f"[{n}] mkdocs serve in Chromium: edits and error panel ...", file=sys.stderr, flush=True)
        result["serve"] = bench_serve.measure(root)
    return result


def main(argv: list[str] | None = None) -> int:
    from devtools import bench_import, bench_opendata, bench_serve

    import argparse

    parser = argparse.ArgumentParser(prog="python -m devtools.bench",
                                     description="Build benchmark; see the module docstring for each figure.")
    parser.add_argument("sizes", nargs="*", metavar="N",
                        help=f"catalogue sizes, space or comma separated (default {' '.join(map(str, DEFAULT_SIZES))})")
    parser.add_argument("--import-rows", type=int, default=bench_import.DEFAULT_ROWS, metavar="ROWS",
                        help="rows of the synthetic import sheet; 0 skips the import step")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    import_rows = args.import_rows
    try:
        sizes = [int(a) for a in " ".join(args.sizes).replace(",", " ").split()] or list(DEFAULT_SIZES)
    except ValueError:
        parser.error(f"sizes must be whole numbers, got {' '.join(args.sizes)!r}")
    results = [bench_size(n) for n in sizes]
    rows = table(results)
    imported = bench_import.bench_import(import_rows) if import_rows > 0 else None
    rows += bench_import.table(imported) if imported else []
    rows += bench_opendata.table(results)
    from devtools import bench_history
    rows += bench_history.table(results)
    rows += bench_serve.table(results)
    from devtools import bench_editions
    rows += bench_editions.table(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"results": results, "import": imported, "table": rows}, ensure_ascii=False,
                                  indent=2), encoding="utf-8")
    print_table(rows)
    print(f"\nresults: {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
