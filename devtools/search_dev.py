"""Search development measurement (issue 16): the development set
``tests/search_dev_queries.yaml`` and the regression set
``examples/demo-city/search_queries.yaml`` run through the query side (``engine.js``) under
Node against an index built in memory from the demo catalogue, in seconds.

``python -m devtools.search_dev [--no-aliases | --half] [--misses] [--losses] [--set FILE] [--batch N] [--extra DIR] [--engine DIR]``
prints recall@1 and recall@3.  ``--no-aliases`` builds the index with every
item's aliases removed, which imitates the official-style items of the blind
sets (docs/search.md, "Blind protocol"); ``--half`` removes only the aliases
of the queried item and of half the others (two indexes, items split by a hash
of their code), which imitates a blind set's new item among demo neighbours
that keep theirs (competing neighbours).  ``--extra DIR`` adds ``DIR/items``
to a copy of the demo and runs ``DIR/queries.yaml`` (tests/fixtures/dev-siblings:
official-style sibling items without aliases, ours to tune on; never a blind
set).  ``--engine DIR`` runs the ``engine.js`` of another folder (with its
``text.js`` and ``rank.js``: a copy of an earlier version, for before/after
figures).  Listings show each result's score.  This is a development aid: the
figures that count come from Chromium (tests/outputs/test_search*.py and
``devtools.search_blind``), which run the same engine.js.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo-city"  # the catalogue the queries are about
RUNNER = r"""
const fs = require("fs"), path = require("path");
const [engine, root, queries] = process.argv.slice(2);
global.fetch = (url) => Promise.resolve({ok: true, json: () => Promise.resolve(
  JSON.parse(fs.readFileSync(path.join(root, url.replace(/^idx\//, "")), "utf8")))});
global.self = global;
require(engine);
const search = new CatalogueSearch.Engine("idx/");
(async () => {
  const out = [];
  for (const q of JSON.parse(fs.readFileSync(queries, "utf8"))) {
    const found = await search.search(q, {limit: 5});
    out.push(found.results.map(r => [r.code, r.name, Math.round(r.score * 100) / 100]));
  }
  console.log(JSON.stringify(out));
})();
"""


def build(no_aliases: bool, target: Path, strip: set[str] | None = None) -> None:
    """Write the demo's index into ``target``: with every alias removed
    (``no_aliases``), or only the aliases of the items in ``strip``."""
    from generator.checks.validate import build_catalogue
    from generator.config import read_settings
    from generator.outputs.search import build_index, write_index

    settings = read_settings(DEMO)
    cat = build_catalogue(DEMO, settings).catalogue
    kept = {entry.key: list(entry.item.aliases) for entry in cat.in_use()}
    for entry in cat.in_use():
        if no_aliases or (strip is not None and entry.key in strip):
            entry.item.aliases.clear()
    try:
        files = build_index(cat, settings)
    finally:  # the loaded items may be shared with later builds in this process
        for entry in cat.in_use():
            entry.item.aliases[:] = kept[entry.key]
    write_index(target, files)


def _keys() -> list[str]:
    from generator.checks.validate import build_catalogue
    from generator.config import read_settings

    return [entry.key for entry in build_catalogue(DEMO, read_settings(DEMO)).catalogue.in_use()]


ENGINE = REPO / "theme/assets/search/engine.js"  # --engine: another folder's


def run(queries: list[str], index: Path) -> list[list[list[str]]]:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "q.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        (Path(tmp) / "run.js").write_text(RUNNER, encoding="utf-8")
        out = subprocess.run(["node", str(Path(tmp) / "run.js"), str(ENGINE),
                              str(index), str(Path(tmp) / "q.json")], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def catalogue_with_extra(extra: Path, root: Path) -> Path:
    """Write to ``root`` a copy of the demo catalogue with ``extra``'s items added; returns ``root``."""
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("site", ".cache"))
    shutil.copytree(extra / "items", root / "items", dirs_exist_ok=True)
    return root


def _with_extra(extra: Path, root: Path) -> None:
    """Point ``DEMO`` at a copy of the demo catalogue with ``extra``'s items added."""
    global DEMO
    DEMO = catalogue_with_extra(extra, root)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-aliases", action="store_true")
    parser.add_argument("--half", action="store_true",
                        help="each query's item without aliases, half of the other items with theirs (competing neighbours)")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--losses", action="store_true", help="also list queries found 2nd or 3rd (recall@1 losses)")
    parser.add_argument("--set", action="append", type=Path)
    parser.add_argument("--batch", action="append", default=None,
                        help="only queries of this batch of a set (1 = unmarked; repeatable)")
    parser.add_argument("--extra", type=Path, help="a folder of items/ added to the demo's, and its queries.yaml "
                        "(tests/fixtures/dev-siblings: official-style items without aliases)")
    parser.add_argument("--engine", type=Path, help="a folder with another engine.js, text.js and rank.js (before/after)")
    args = parser.parse_args(argv)
    if args.engine:
        global ENGINE
        ENGINE = args.engine.resolve() / "engine.js"
    sets = args.set or [REPO / "tests/search_dev_queries.yaml", DEMO / "search_queries.yaml"]
    with tempfile.TemporaryDirectory() as tmp:
        if args.extra:
            _with_extra(args.extra.resolve(), Path(tmp) / "catalogue")
            sets = args.set or [args.extra.resolve() / "queries.yaml"]
        if args.half:  # two indexes, each without the aliases of one half of the items
            halves = [Path(tmp) / str(h) for h in (0, 1)]
            for h, target in enumerate(halves):
                build(False, target, {k for k in _keys() if zlib.crc32(k.encode()) % 2 == h})
        else:
            build(args.no_aliases, Path(tmp))
        for path in sets:
            queries = yaml.safe_load(path.read_text(encoding="utf-8"))
            if args.batch and any("batch" in q for q in queries):
                queries = [q for q in queries if str(q.get("batch", 1)) in args.batch]
            if args.half:
                found = [None] * len(queries)
                for h, target in enumerate(halves):
                    mine = [i for i, q in enumerate(queries) if zlib.crc32(q["expect"].encode()) % 2 == h]
                    for i, f in zip(mine, run([queries[i]["query"] for i in mine], target / "search" / "catalogue")):
                        found[i] = f
            else:
                found = run([q["query"] for q in queries], Path(tmp) / "search" / "catalogue")
            at1 = sum(q["expect"] == (f[0][0] if f else None) for q, f in zip(queries, found))
            at3 = sum(q["expect"] in [r[0] for r in f[:3]] for q, f in zip(queries, found))
            n = len(queries)
            print(f"{path.name}: recall@1 {at1}/{n} = {100 * at1 / n:.1f} %, recall@3 {at3}/{n} = {100 * at3 / n:.1f} %"
                  f"{' (aliases removed)' if args.no_aliases else ' (target without aliases, half the others with)' if args.half else ''}")
            batches = sorted({q.get("batch", 1) for q in queries})
            for batch in batches if len(batches) > 1 else ():  # 1: the unmarked first two batches
                part = [(q, f) for q, f in zip(queries, found) if q.get("batch", 1) == batch]
                b1 = sum(q["expect"] == (f[0][0] if f else None) for q, f in part)
                b3 = sum(q["expect"] in [r[0] for r in f[:3]] for q, f in part)
                print(f"  batch {batch}: recall@1 {b1}/{len(part)}, recall@3 {b3}/{len(part)}")
            if args.misses or args.losses:
                for q, f in zip(queries, found):
                    codes = [r[0] for r in f[:3]]
                    if q["expect"] not in codes:
                        print(f"  MISS {q['query']} -> {q['expect']}: {[f'{r[1]} {r[2]}' for r in f[:5]]}")
                    elif args.losses and codes[0] != q["expect"]:
                        print(f"  #{codes.index(q['expect']) + 1} {q['query']} -> {q['expect']}: {[f'{r[1]} {r[2]}' for r in f[:3]]}")


if __name__ == "__main__":
    main()
