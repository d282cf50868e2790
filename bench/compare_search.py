"""Search engine comparison (issue 5): built-in lunr + jieba versus Pagefind.

Run by hand from the repository root (not part of ``make test``)::

    .venv/bin/python bench/compare_search.py                 # N = 1603 and 20000
    .venv/bin/python bench/compare_search.py --sizes 68      # demo items only, quick
    .venv/bin/python bench/compare_search.py --sizes 20000 --engines pagefind

Both candidates are built from one pinned baseline (``--baseline``, default
the last commit before the project's own index replaced the built-in one):
``git archive`` of its generator/, theme/, mkdocs.yml, content/ and items/ into
``bench/work/search-baseline-<commit>``, run with that generator (the
editable install of the working tree is bypassed), so that other work in the
tree cannot change what is measured.  For each size N a catalogue is written
to ``bench/work/search-N``: the 68 demo items, registries, life events and theme, plus N - 68 synthetic items
(``devtools.synthetic.write_synthetic``) moved into synthetic departments
(``syn-NN``) with fresh codes, so that every query of the set still targets a
real item.  The site is built with ``generator.site.write.build_site`` and then
searched with two engines, both served by a local ``http.server`` on
127.0.0.1 and driven from Debian's ``/usr/bin/chromium`` through Playwright:

A  lunr   mkdocs-material's built-in search (``plugins: search: lang: zh``,
          jieba at build time).  Item pages are written outside MkDocs
          (generator/outputs/shell.py) and so are not in ``search_index.json``; this
          script adds them with material's own ``SearchIndex`` class (the code
          the plugin runs on every MkDocs page), which is what the built-in
          search would hold if it were kept.  Queries are typed into the header
          search box; the first three result pages are read from the list.
B  pagefind  Pagefind 1.5.2 extended over the item pages only
          (``--glob 'items/*/index.html' --root-selector article``,
          ``--force-language zh``), queried through ``/pagefind/pagefind.js``
          (``pagefind.search(q)``, then ``data()`` of the first five results,
          what Pagefind's own UI shows first).

Figures per engine and size:

recall@3         share of examples/demo-city/search_queries.yaml whose expected item is
                 among the first three results; "clone-tolerant" also counts a
                 synthetic copy of the expected item (the padding copies the
                 demo items' text, see docs/search.md).
first query      a fresh browser context (empty cache) opens a page and enters
                 the query at the page's load event: bytes = the files that
                 engine requested (everything under /search/, the search worker
                 and lunr scripts for A; /pagefind/ for B), each counted at
                 min(raw, gzip -6) size, i.e. as a compressing server would send
                 it; latency = query entered to results shown, on loopback (no
                 network delay: add bytes / bandwidth for a phone).
warm query       the same page, later queries: median and 95th percentile.
index            build time (the search plugin's own hooks during the MkDocs
                 build plus the item-page indexing for A; the pagefind run for
                 B) and total size on disk, raw and gzipped.

Writes ``bench/search_compare.json`` (merged with earlier sizes) and prints a
table.  Needs ``pagefind[extended]==1.5.2`` and ``playwright==1.65.2`` in the
virtual environment; they are installed with pip when missing.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work"
RESULTS = REPO / "bench" / "search_compare.json"
QUERIES = REPO / "examples" / "demo-city" / "search_queries.yaml"
CHROMIUM = "/usr/bin/chromium"
PINS = {"pagefind": "pagefind[extended]==1.5.2", "playwright": "playwright==1.65.2", "jieba": "jieba==0.42.1"}
# Last commit whose header search is mkdocs-material's lunr with jieba (lang: zh);
# the next one (42acc89) answers it with the project's own index.
BASELINE = "f48d0ab2cb5cf92433186365b63ac4419c38b54c"
TOP = 3
PAGEFIND_SHOWN = 5  # results whose data() Pagefind's UI loads for the first screen
BENCH_PAGE = "__search_bench__.html"



def use_generator(src: Path) -> None:
    """Import ``generator`` from ``src``, not from the working tree's editable install."""
    sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in repr(f)]
    sys.path.insert(0, str(src))
    for name in [m for m in sys.modules if m == "generator" or m.startswith("generator.")]:
        del sys.modules[name]


def baseline_source(commit: str) -> Path:
    """The pinned sources, extracted once per commit."""
    full = subprocess.run(["git", "rev-parse", commit], cwd=REPO, capture_output=True, text=True,
                          check=True).stdout.strip()
    src = WORK / f"search-baseline-{full[:12]}"
    if not (src / "generator" / "__init__.py").exists():
        src.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", full, "generator", "theme", "mkdocs.yml", "content", "items"],
                                 cwd=REPO, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    return src


# -- set-up -------------------------------------------------------------------

def ensure_packages() -> None:
    missing = []
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append(PINS["playwright"])
    if pagefind_binary() is None:
        missing.append(PINS["pagefind"])
    try:
        import jieba  # noqa: F401  (material's search plugin segments Chinese with it when present)
    except ImportError:
        missing.append(PINS["jieba"])
    if missing:
        print("installing", " ".join(missing), flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", *missing], check=True)


def pagefind_binary() -> Path | None:
    try:
        import pagefind_bin_extended  # the wheel ships the executable beside its module
    except ImportError:
        return None
    path = Path(pagefind_bin_extended.__file__).parent / "pagefind_extended"
    return path if path.exists() else None


def load_queries() -> list[dict]:
    import yaml

    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))


# -- catalogue ----------------------------------------------------------------

def write_catalogue(root: Path, n: int, source: Path) -> dict[str, str]:
    """Demo project + (n - demo) synthetic items in their own departments.

    Returns {synthetic code: code of the demo item it copies}."""
    import yaml

    from generator.sources.load import load_file
    from devtools.synthetic import _templates, write_synthetic

    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy2(source / "mkdocs.yml", root / "mkdocs.yml")
    (root / "theme").symlink_to((source / "theme").resolve(), target_is_directory=True)
    shutil.copytree(source / "content", root / "content")
    shutil.copytree(source / "items", root / "items")
    demo = len(list((source / "items").glob("*/*.yaml")))
    clones: dict[str, str] = {}
    padding = n - demo
    if padding <= 0:
        return clones

    templates = [data["code"] for _, data in _templates(source / "items")]
    scratch = root.parent / f"{root.name}-padding"
    write_synthetic(scratch, padding, source=source)
    departments = load_file(source / "content" / "departments.yaml", positions=False).data
    free = [f"{i:02d}" for i in range(1, 100) if f"{i:02d}" not in {d["code"] for d in departments}]
    extra: list[dict] = []
    counters: dict[tuple[str, str], int] = {}  # (origin+type, dept code) -> last serial

    def place(prefix: str) -> tuple[str, str]:
        for dep in extra:
            key = (prefix, dep["code"])
            if counters.get(key, 0) < 999:
                counters[key] = counters.get(key, 0) + 1
                return dep["id"], f"{prefix}{dep['code']}{counters[key]:03d}000"
        code = free.pop(0)
        extra.append({"id": f"syn-{code}", "name": f"示范市合成部门{code}", "code": code, "kind": "department"})
        return place(prefix)

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    tag = re.compile(r"（第 (\d+) 号合成事项）$")
    for path in sorted(scratch.glob("items/*/*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        k = int(tag.search(data["summary"]).group(1)) - 1
        folder, code = place(data["code"][:4])
        data["code"] = code
        clones[code] = templates[k % len(templates)]
        (root / "items" / folder).mkdir(exist_ok=True)
        (root / "items" / folder / f"{code}.yaml").write_text(
            yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    shutil.rmtree(scratch)
    with (root / "content" / "departments.yaml").open("a", encoding="utf-8") as out:
        out.write("\n# --- synthetic departments (search benchmark only) ---\n")
        out.write(yaml.safe_dump(extra, allow_unicode=True, sort_keys=False))
    return clones


# Runs in a fresh interpreter: the build with the search plugin's hooks timed,
# then the item pages added to search_index.json with material's SearchIndex.
_BUILD = r"""
import json, re, sys, time
sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in repr(f)]
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from types import SimpleNamespace
from material.plugins.search import plugin as sp

spent = [0.0]
def timed(fn):
    def run(*a, **k):
        t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            spent[0] += time.perf_counter() - t
    return run
sp.SearchPlugin.on_page_context = timed(sp.SearchPlugin.on_page_context)
sp.SearchPlugin.on_post_build = timed(sp.SearchPlugin.on_post_build)

import generator
assert Path(generator.__file__).resolve().parent == Path(sys.argv[2]).resolve() / "generator", generator.__file__
from generator.site.write import build_site
root = Path(sys.argv[1])
t = time.perf_counter()
build_site(root)
build = time.perf_counter() - t

site = root / "site"
t = time.perf_counter()
index_path = site / "search" / "search_index.json"
data = json.loads(index_path.read_text(encoding="utf-8"))
had = sum(1 for d in data["docs"] if re.match(r"items/[^/_]+/", d["location"]))
added = 0
if not had:
    index = sp.SearchIndex(**data["config"])
    for page in sorted(site.glob("items/*/index.html")):
        html = page.read_text(encoding="utf-8")
        start = html.index("<h1", html.index('<article class="md-content__inner'))
        content = html[start:html.index("</article>", start)]
        title = re.search(r"<h1[^>]*>(.*?)</h1>", content, re.S).group(1)
        index.add_entry_from_context(SimpleNamespace(
            meta={}, content=content, toc=[], url=f"items/{page.parent.name}/", title=title))
        added += 1
    data["docs"].extend(index.entries)
    index_path.write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")
items = time.perf_counter() - t
print(json.dumps({"build_seconds": build, "search_plugin_seconds": spent[0],
                  "item_index_seconds": items, "item_pages_added": added,
                  "item_sections_already_indexed": had}))
"""


def build(root: Path, source: Path) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("PYTHONPATH", None)
    proc = subprocess.run([sys.executable, "-c", _BUILD, str(root), str(source)], capture_output=True,
                          text=True, cwd=source, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"build of {root} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_pagefind(site: Path) -> dict:
    out = site / "pagefind"
    if out.exists():
        shutil.rmtree(out)
    cmd = [str(pagefind_binary()), "--site", str(site), "--glob", "items/*/index.html",
           "--root-selector", "article.md-content__inner", "--force-language", "zh", "--quiet"]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"pagefind failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return {"index_seconds": seconds, "log": (proc.stdout + proc.stderr)[-1500:]}


@functools.lru_cache(maxsize=None)
def wire_size(path: Path) -> tuple[int, int]:
    """(raw, sent) bytes: sent = min(raw, gzip -6), as a compressing server sends it."""
    data = path.read_bytes()
    return len(data), min(len(data), len(gzip.compress(data, compresslevel=6)))


def tree_size(paths) -> dict:
    raw = sent = files = 0
    for p in paths:
        r, s = wire_size(p)
        raw, sent, files = raw + r, sent + s, files + 1
    return {"files": files, "raw_bytes": raw, "gzip_bytes": sent}


# -- serving and browsing ---------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".json": "application/json",
                      ".js": "text/javascript", ".pagefind": "application/octet-stream"}

    def log_message(self, *args):
        pass


class Server:
    def __init__(self, site: Path):
        handler = functools.partial(_Quiet, directory=str(site))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


ITEM = re.compile(r"/items/([^/#?]+)/")


def code_of(url: str) -> str:
    m = ITEM.search("/" + urlparse(url).path.lstrip("/"))
    return m.group(1) if m else urlparse(url).path


PLACEHOLDER, INITIALIZING = "键入以开始搜索", "正在初始化搜索引擎"
_LUNR_DONE = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const text = meta ? meta.textContent.trim() : '';
  if (!text || text === '%s' || text === '%s') return false;
  const n = parseInt(text.replace(/[^0-9]/g, '') || '0', 10);
  return n === 0 || document.querySelectorAll('.md-search-result__item').length > 0;
}""" % (PLACEHOLDER, INITIALIZING)
_LUNR_TOP = """() => [...document.querySelectorAll('.md-search-result__item')].slice(0, 10)
  .map(li => li.querySelector('a').href)"""
_LUNR_CLEARED = """() => !document.querySelector('.md-search-result__item') && ['%s', '%s'].includes(
  (document.querySelector('.md-search-result__meta') || {}).textContent?.trim())""" % (PLACEHOLDER, INITIALIZING)
_TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
_LUNR_META = "() => document.querySelector('.md-search-result__meta').textContent.trim()"

_PAGEFIND = """async ([q, shown]) => {
  if (!window.__pf) { window.__pf = await import('/pagefind/pagefind.js'); await window.__pf.init(); }
  const search = await window.__pf.search(q);
  const data = await Promise.all(search.results.slice(0, shown).map(r => r.data()));
  return {total: search.results.length, urls: data.map(d => d.url)};
}"""


_SEGMENTS = """async (q) => {
  const words = [...new Intl.Segmenter('zh', {granularity: 'word'}).segment(q)]
    .filter(s => s.isWordLike).map(s => s.segment);
  const counts = [];
  for (const w of words) counts.push((await window.__pf.search(w)).results.length);
  return words.map((w, i) => `${w}:${counts[i]}`).join(' ');
}"""


class Engine:
    name = ""

    def explain(self, page, q: str) -> str | None:
        return None

    def __init__(self, server: Server, site: Path, timeout_s: float):
        self.server, self.site, self.timeout_ms = server, site, timeout_s * 1000

    def counted(self, path: str) -> bool:
        raise NotImplementedError

    def file_of(self, url: str) -> Path | None:
        path = unquote(urlparse(url).path)
        target = self.site / path.lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        return target if target.is_file() else None

    def open(self, page) -> None:
        raise NotImplementedError

    def query(self, page, q: str) -> dict:
        raise NotImplementedError


class Lunr(Engine):
    name = "lunr"

    def counted(self, path):
        return path.startswith(("/search/", "/assets/javascripts/workers/", "/assets/javascripts/lunr/"))

    def open(self, page):
        page.goto(self.server.base + "/", wait_until="load")

    def query(self, page, q):
        box = page.locator("input.md-search__input")
        box.fill("")
        box.press("End")
        page.wait_for_function(_LUNR_CLEARED, polling="raf", timeout=self.timeout_ms)
        t = time.perf_counter()
        box.fill(q)
        box.press("End")
        page.wait_for_function(_LUNR_DONE, polling="raf", timeout=self.timeout_ms)
        ms = (time.perf_counter() - t) * 1000
        page.evaluate(_TWO_FRAMES)  # the list is filled in animation frames
        return {"ms": ms, "urls": page.evaluate(_LUNR_TOP), "total_text": page.evaluate(_LUNR_META)}


class Pagefind(Engine):
    name = "pagefind"

    def counted(self, path):
        return path.startswith("/pagefind/")

    def open(self, page):
        page.goto(f"{self.server.base}/{BENCH_PAGE}", wait_until="load")

    def query(self, page, q):
        t = time.perf_counter()
        result = page.evaluate(_PAGEFIND, [q, PAGEFIND_SHOWN])
        result["ms"] = (time.perf_counter() - t) * 1000
        return result

    def explain(self, page, q):
        """The query as Chromium's Intl.Segmenter splits it (what Pagefind looks up),
        each word with its own number of results: a word with 0 empties an AND query."""
        return page.evaluate(_SEGMENTS, q)


def evaluate(browser, engine: Engine, queries: list[dict], clones: dict[str, str], cold: int) -> dict:
    def verdict(entry, urls):
        codes = [code_of(u) for u in urls]
        top = codes[:TOP]
        items = [c for c in codes if not c.startswith("/")][:TOP]  # other pages skipped
        want = entry["expect"]
        return top, want in top, any(c == want or clones.get(c) == want for c in top), want in items

    # First queries: a fresh context (empty cache) per query.
    firsts = []
    for entry in queries[:cold]:
        context = browser.new_context()
        requested: list[str] = []
        context.on("requestfinished", lambda r: requested.append(r.url))
        page = context.new_page()
        engine.open(page)
        result = engine.query(page, entry["query"])
        page.wait_for_timeout(200)  # let late fetches (e.g. excerpts) land
        files = sorted({f for u in requested if engine.counted(urlparse(u).path)
                        for f in [engine.file_of(u)] if f})
        size = tree_size(files)
        firsts.append({"query": entry["query"], "ms": result["ms"], "gzip_bytes": size["gzip_bytes"],
                       "raw_bytes": size["raw_bytes"],
                       "files": [str(f.relative_to(engine.site)) for f in files]})
        context.close()
        print(f"  {engine.name} first query {entry['query']!r}: {result['ms']:.0f} ms, "
              f"{size['gzip_bytes'] / 1024:.0f} KiB", flush=True)

    # Every query in one warm page: recall and warm latency.
    context = browser.new_context()
    page = context.new_page()
    engine.open(page)
    engine.query(page, queries[0]["query"])  # warm up (index loaded)
    rows = []
    crashes = 0
    for entry in queries:
        try:
            result = engine.query(page, entry["query"])
        except Exception as exc:  # a timeout on one query is a miss, not the end of the run
            result = {"ms": None, "urls": [], "error": str(exc).splitlines()[0]}
            if "crashed" in str(exc):  # the tab died (out of memory): count it, reopen, retry once
                crashes += 1
                print(f"  {engine.name}: page crashed at {entry['query']!r}; reopening", flush=True)
                page.close()
                page = context.new_page()
                engine.open(page)
                try:
                    result = engine.query(page, entry["query"])
                    result["error"] = "page crashed before this query; answered by a reopened page"
                except Exception as again:
                    result = {"ms": None, "urls": [], "error": str(again).splitlines()[0]}
        top, strict, tolerant, among_items = verdict(entry, result["urls"])
        row = {"query": entry["query"], "expect": entry["expect"], "top": top,
               "hit": strict, "hit_or_clone": tolerant, "hit_among_items": among_items, "ms": result["ms"],
               "total": result.get("total", result.get("total_text"))}
        if "error" in result:
            row["error"] = result["error"]
        if not strict:
            row["segments"] = engine.explain(page, entry["query"])
        rows.append(row)
    context.close()
    timed = sorted(r["ms"] for r in rows if r["ms"] is not None)
    n = len(rows)
    return {
        "recall_at_3": sum(r["hit"] for r in rows) / n,
        "recall_at_3_clone_tolerant": sum(r["hit_or_clone"] for r in rows) / n,
        "recall_at_3_items_only": sum(r["hit_among_items"] for r in rows) / n,
        "hits": sum(r["hit"] for r in rows), "queries": n,
        "first_query": {
            "median_gzip_bytes": statistics.median(f["gzip_bytes"] for f in firsts) if firsts else None,
            "max_gzip_bytes": max((f["gzip_bytes"] for f in firsts), default=None),
            "median_ms": statistics.median(f["ms"] for f in firsts) if firsts else None,
            "max_ms": max((f["ms"] for f in firsts), default=None),
            "runs": firsts,
        },
        "page_crashes": crashes,
        "warm_ms_median": statistics.median(timed) if timed else None,
        "warm_ms_p95": timed[min(len(timed) - 1, int(0.95 * len(timed)))] if timed else None,
        "misses": [r for r in rows if not r["hit"]],
        "rows": rows,
    }


# -- main -----------------------------------------------------------------------

def measure(n: int, engines: list[str], cold: int, timeout_s: float, rebuild: bool, source: Path) -> dict:
    from playwright.sync_api import sync_playwright

    root = WORK / f"search-{n}"
    queries = load_queries()
    clones_file = root / "clones.json"
    out: dict = {"n": n, "queries": len(queries), "baseline": source.name}
    if rebuild or not (root / "site" / "index.html").exists():
        t = time.perf_counter()
        clones = write_catalogue(root, n, source)
        clones_file.write_text(json.dumps(clones), encoding="utf-8")
        out["catalogue_seconds"] = time.perf_counter() - t
        print(f"[{n}] catalogue written ({len(clones)} synthetic items); building ...", flush=True)
        out["build"] = build(root, source)
        print(f"[{n}] built: {out['build']}", flush=True)
        if "pagefind" in engines:
            out["pagefind_run"] = run_pagefind(root / "site")
    else:
        clones = json.loads(clones_file.read_text(encoding="utf-8"))
        previous = json.loads(RESULTS.read_text(encoding="utf-8")).get(str(n), {}) if RESULTS.exists() else {}
        out["build"] = previous.get("build")
        out["pagefind_run"] = previous.get("pagefind_run")
        if "pagefind" in engines and not (root / "site" / "pagefind").exists():
            out["pagefind_run"] = run_pagefind(root / "site")
    site = root / "site"
    out["item_pages"] = sum(1 for _ in site.glob("items/*/index.html"))
    (site / BENCH_PAGE).write_text('<!doctype html><html lang="zh"><head><meta charset="utf-8">'
                                   '<title>search bench</title></head><body></body></html>', encoding="utf-8")

    lunr_files = [site / "search" / "search_index.json", *sorted((site / "assets/javascripts/workers").glob("*.js")),
                  *[site / "assets/javascripts/lunr/min" / f for f in
                    ("lunr.stemmer.support.min.js", "lunr.zh.min.js")]]
    out["index_size"] = {"lunr": tree_size(lunr_files)}
    out["index_size"]["lunr"]["search_index_json_bytes"] = wire_size(lunr_files[0])[0]
    if (site / "pagefind").exists():
        out["index_size"]["pagefind"] = tree_size(p for p in sorted((site / "pagefind").rglob("*")) if p.is_file())

    out["engines"] = {}
    with Server(site) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        try:
            for name in engines:
                engine = {"lunr": Lunr, "pagefind": Pagefind}[name](server, site, timeout_s)
                print(f"[{n}] {name}: {len(queries)} queries ...", flush=True)
                t = time.perf_counter()
                result = evaluate(browser, engine, queries, clones, cold)
                result["seconds"] = time.perf_counter() - t
                out["engines"][name] = result
                print(f"[{n}] {name}: recall@3 {result['hits']}/{result['queries']} "
                      f"in {result['seconds']:.0f} s", flush=True)
        finally:
            browser.close()
    return out


def kib(b) -> str:
    return "-" if b is None else f"{b / 1024:,.0f} KiB"


def ms(v) -> str:
    return "-" if v is None else f"{v:,.0f} ms"


def table(results: dict) -> str:
    lines = ["| N | engine | recall@3 | clone-tolerant | items only | first-query bytes (gz) | first-query latency "
             "| warm median | index build | index size (gz) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for key in sorted(results, key=int):
        r = results[key]
        for name, e in r.get("engines", {}).items():
            b = r.get("build") or {}
            build_s = (b.get("search_plugin_seconds", 0) + b.get("item_index_seconds", 0)) if name == "lunr" \
                else (r.get("pagefind_run") or {}).get("index_seconds")
            size = r["index_size"].get(name, {})
            f = e["first_query"]
            lines.append(f"| {r['n']:,} | {name} | {e['hits']}/{e['queries']} = {e['recall_at_3']:.0%} "
                         f"| {e['recall_at_3_clone_tolerant']:.0%} | {e.get('recall_at_3_items_only', 0):.0%} | {kib(f['median_gzip_bytes'])} "
                         f"(max {kib(f['max_gzip_bytes'])}) | {ms(f['median_ms'])} (max {ms(f['max_ms'])}) "
                         f"| {ms(e['warm_ms_median'])} | {'-' if build_s is None else f'{build_s:,.1f} s'} "
                         f"| {kib(size.get('gzip_bytes'))} ({size.get('files', 0)} files) |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1603, 20000])
    parser.add_argument("--engines", nargs="+", default=["lunr", "pagefind"], choices=["lunr", "pagefind"])
    parser.add_argument("--cold", type=int, default=5, help="first-query runs (fresh browser) per engine")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds to wait for one query's results")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing bench/work/search-N build")
    parser.add_argument("--baseline", default=BASELINE, help="commit whose generator, theme and data are built")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium")
    ensure_packages()
    source = baseline_source(args.baseline)
    use_generator(source)
    print(f"baseline {args.baseline[:12]} in {source}", flush=True)
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    for n in args.sizes:
        t = time.perf_counter()
        r = measure(n, args.engines, args.cold, args.timeout, rebuild=not args.reuse, source=source)
        r["reuse_seconds" if args.reuse else "seconds"] = time.perf_counter() - t
        old = results.get(str(n), {})
        old_engines = old.get("engines", {})
        for name, e in r["engines"].items():  # --cold 0 keeps the earlier first-query figures
            if not e["first_query"]["runs"] and name in old_engines:
                e["first_query"] = old_engines[name]["first_query"]
        r["engines"] = {**old_engines, **r["engines"]}
        results[str(n)] = {**old, **r}
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table(results))
    for key in sorted(results, key=int):
        for name, e in results[key].get("engines", {}).items():
            print(f"\nmissed at N={key} by {name}:")
            for m in e["misses"]:
                why = f"   [{m['segments']}]" if m.get("segments") else ""
                print(f"  {m['query']}  -> want {m['expect']}, got {', '.join(m['top']) or '(nothing)'}{why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
