"""Candidate C of docs/search.md: the catalogue's own bigram index, measured
on the same padded catalogues as bench/compare_search.py (run that first: it
writes bench/work/search-N).  Run by hand:

    .venv/bin/python bench/measure_own_search.py 68 1603 20000

Each catalogue's items and registries are built with the current generator,
theme and mkdocs.yml; every query of examples/demo-city/search_queries.yaml runs through
engine.js in headless Chromium (recall@3, also counting a synthetic twin of
the expected item), and the first five queries are typed into the header
search box of a fresh browser each (bytes and time, as devtools.bench).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from devtools.bench import measure_search  # noqa: E402
from devtools.localserver import serve  # noqa: E402

DEMO = REPO / "examples" / "demo-city"
QUERIES = yaml.safe_load((DEMO / "search_queries.yaml").read_text(encoding="utf-8"))
ENGINE = """([q]) => new CatalogueSearch.Engine(new URL("search/catalogue/", location.href.split("find/")[0]).href)
  .search(q, {limit: 3}).then(found => found.results.map(r => r.code))"""


def build(n: int) -> tuple[Path, dict]:
    source = REPO / "bench" / "work" / f"search-{n}"
    root = REPO / "bench" / "work" / f"own-search-{n}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name in ("items", "content"):
        shutil.copytree(source / name, root / name)
    shutil.copy(DEMO / "mkdocs.yml", root / "mkdocs.yml")  # the plugin adds the shipped theme
    clones = json.loads((source / "clones.json").read_text()) if (source / "clones.json").exists() else {}
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--force"], check=True,
                   env=env, cwd=REPO, capture_output=True)
    return root, {"build_s": time.perf_counter() - start, "clones": clones}


def recall(site: Path, clones: dict) -> dict:
    from playwright.sync_api import sync_playwright

    hits = twins = 0
    misses, times = [], []
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(url + "find/")
        page.wait_for_function("window.CatalogueSearch !== undefined")
        for q in QUERIES:
            start = time.perf_counter()
            codes = page.evaluate(ENGINE, [q["query"]])
            times.append((time.perf_counter() - start) * 1000)
            if q["expect"] in codes:
                hits += 1
            elif any(clones.get(c) == q["expect"] for c in codes):
                twins += 1
            else:
                misses.append(q["query"])
        browser.close()
    return {"recall": hits, "clone_tolerant": hits + twins, "of": len(QUERIES), "misses": misses,
            "warm_median_ms": statistics.median(times), "warm_p95_ms": sorted(times)[int(0.95 * len(times))]}


def main(sizes: list[int]) -> None:
    results = {}
    for n in sizes:
        root, built = build(n)
        site = root / "site"
        index = site / "search" / "catalogue"
        files = [p for p in index.rglob("*") if p.is_file()]
        first = measure_search(site, [q["query"] for q in QUERIES[:5]])
        results[n] = {
            "build_s": built["build_s"], **recall(site, built["clones"]),
            "first_gz_median": statistics.median(r["gz"] for r in first["runs"]), "first_gz_max": first["max_gz"],
            "first_ms_median": statistics.median(r["ms"] for r in first["runs"]), "first_ms_max": first["max_ms"],
            "index_raw": sum(p.stat().st_size for p in files), "index_files": len(files),
        }
        print(n, json.dumps(results[n], ensure_ascii=False), flush=True)
    out = REPO / "bench" / "own_search.json"
    kept = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    kept.update({str(n): r for n, r in results.items()})  # other sizes' figures stay
    out.write_text(json.dumps(kept, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [68, 1603, 20000])
