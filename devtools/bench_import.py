"""Import benchmark: ``python -m devtools.bench_import [ROWS]`` (default 20000).

Setup (not measured): devtools.synthetic_sheet writes a synthetic XLSX in the
shape of the county template (``python -m generator import --template``): the
sheets 事项, 申请材料 and 办理流程 with the template's headers, ROWS items of
about 40 invented bodies, several materials and steps per item and some
elements left blank.  :func:`county_start` copies the demo city as a county starts from it: mkdocs.yml,
the taxonomies, no items and the registries (departments, offices,
proofs) set to ``[]``.

Measured, each in a fresh process (wall time, and peak RSS as ru_maxrss of a
fresh wrapper's children, so the maximum belongs to that step only; and CPU
seconds, user + system of every process of the step):

import      ``run_import(root, [xlsx], "template")`` into the empty catalogue
            (what ``python -m generator import --mapping template`` calls)
re-import   the same spreadsheet again: every item unchanged
build       ``python -m generator --root DIR build`` of the imported catalogue,
            cold flowchart cache

:func:`bench_import` returns the figures; :func:`table` gives the rows of
devtools.bench's table, (figure, value, target, verdict).  ``make bench``
runs it after the build sizes (``IMPORT_ROWS=0`` skips it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "examples" / "demo-city"
WORK = REPO / "bench" / "work"
DEFAULT_ROWS = 20000
# Targets (at 20,000 rows): a county's whole list imported within a minute;
# an unchanged re-import still reads and maps every row but writes nothing,
# so at most three quarters of that; no step needs more memory than the
# build target of devtools.bench.
IMPORT_SECONDS, REIMPORT_SHARE, PEAK_RSS = 60.0, 0.75, 1.5e9

# Runs one step in a fresh interpreter so RUSAGE_CHILDREN covers that step only.
_WRAPPER = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "rss": ru.ru_maxrss * 1024, "cpu": ru.ru_utime + ru.ru_stime,
                  "rc": p.returncode, "out": (p.stdout or "")[-3000:],
                  "err": (p.stderr or "")[-3000:]}))
"""

# The import step: prints the counts of the ImportResult as the last line.
_IMPORT = r"""
import json, sys
from pathlib import Path
from generator.sources.importers import run_import
r = run_import(Path(sys.argv[1]), [Path(sys.argv[2])], "template")
print(json.dumps({"records": r.records, "items": r.items, "added": len(r.added), "changed": len(r.changed),
                  "unchanged": r.unchanged, "conflicts": len(r.conflicts), "unmapped": len(r.unmapped),
                  "skipped": len(r.skipped), "departments": len(r.new_departments),
                  "offices": len(r.new_offices), "groupings": r.groupings}))
"""

from devtools.synthetic_sheet import write_spreadsheet

# -- the catalogue a county starts with ------------------------------------------------


def county_start(root: Path, source: Path = DEMO) -> Path:
    """Write into ``root`` (emptied first) the demo city as a county starts
    from it: mkdocs.yml, taxonomies, synonyms and about page, empty registries
    (``[]``) and no items, no life events (the plugin adds the shipped theme)."""
    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    (root / "items").mkdir()
    shutil.copy2(source / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("taxonomies.yaml", "synonyms.yaml", "about.md"):
        if (source / "content" / name).exists():
            shutil.copy2(source / "content" / name, root / "content" / name)
    for name in ("departments.yaml", "offices.yaml", "proofs.yaml"):
        (root / "content" / name).write_text("[]\n", encoding="utf-8")
    return root


# -- measurements --------------------------------------------------------------------

def measured(argv: list[str], cwd: Path = REPO) -> dict:
    """Run ``argv`` in a fresh wrapper: ``{seconds, cpu_seconds, peak_rss
    (bytes), out}``; CPU seconds (user + system, every process of the step)
    vary less than wall time when other work shares the machine.
    Raises SystemExit with the tail of stderr when the step fails."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, *argv], capture_output=True, text=True,
                          cwd=cwd, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark wrapper failed: {proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(argv[:6])} … failed (exit {result['rc']}):\n{result['err']}")
    return {"seconds": result["wall"], "cpu_seconds": result["cpu"], "peak_rss": result["rss"],
            "out": result["out"]}


def _import(root: Path, xlsx: Path) -> dict:
    step = measured([sys.executable, "-c", _IMPORT, str(root), str(xlsx)])
    step["result"] = json.loads(step.pop("out").strip().splitlines()[-1])
    return step


def bench_import(rows: int = DEFAULT_ROWS, work: Path = WORK) -> dict:
    """Write the spreadsheet and the empty catalogue under ``work/import-ROWS``,
    then measure import, unchanged re-import and build.  Returns
    ``{rows, sheet, import, reimport, build, site}`` (seconds, bytes, counts)."""
    base = work / f"import-{rows}"
    xlsx = base / "事项.xlsx"
    log = lambda text: print(f"[import {rows}] {text}", file=sys.stderr, flush=True)  # noqa: E731
    log(f"writing synthetic spreadsheet {xlsx} ...")
    t = time.perf_counter()
    sheet = write_spreadsheet(xlsx, rows)
    sheet["seconds"] = time.perf_counter() - t
    sheet["bytes"] = xlsx.stat().st_size
    root = county_start(base / "catalogue")
    log(f"written in {sheet['seconds']:.1f} s ({sheet['bytes'] / 1e6:.1f} MB); import ...")
    first = _import(root, xlsx)
    log(f"import {first['seconds']:.1f} s; re-import ...")
    again = _import(root, xlsx)
    log(f"re-import {again['seconds']:.1f} s; build ...")
    build = measured([sys.executable, "-m", "generator", "--root", str(root), "build"])
    tail = build.pop("out")
    pages = len(list((root / "site" / "items").glob("*/index.html")))
    log(f"build {build['seconds']:.1f} s, {pages} item pages")
    return {"rows": rows, "sheet": sheet, "import": first, "reimport": again, "build": build,
            "site": {"item_pages": pages, "build_output": tail[-1500:]}}


def _mb(b: float) -> str:
    return f"{b / 1e6:.1f} MB"


def _step(m: dict) -> str:
    return f"{m['seconds']:.1f} s (CPU {m.get('cpu_seconds', 0):.1f} s), peak {_mb(m['peak_rss'])}"


def table(r: dict) -> list[tuple[str, str, str, str]]:
    """The rows (figure, value, target, verdict) of one import benchmark;
    targets are judged at 20,000 rows and above only."""
    n, imp, again, build, s = r["rows"], r["import"], r["reimport"], r["build"], r["sheet"]
    res = imp["result"]
    full = n >= DEFAULT_ROWS

    def ok(passed: bool) -> str:
        return ("ok" if passed else "MISSED") if full else ""

    return [
        (f"[import {n}] spreadsheet (setup)", f"{s['items']} items, {s['materials']} materials, "
         f"{s['steps']} steps, {_mb(s['bytes'])}", "", ""),
        (f"[import {n}] import into an empty catalogue", _step(imp),
         f"<= {IMPORT_SECONDS:.0f} s, <= {PEAK_RSS / 1e9:.1f} GB (at {DEFAULT_ROWS})",
         ok(imp["seconds"] <= IMPORT_SECONDS and imp["peak_rss"] <= PEAK_RSS)),
        (f"[import {n}] import result", f"{res['added']} added, {res['groupings']} groupings, "
         f"{res['departments']} departments, {res['offices']} offices, {res['unmapped']} unmapped, "
         f"{res['skipped']} skipped", "0 unmapped, 0 skipped", ok(res["unmapped"] == 0 and res["skipped"] == 0)),
        (f"[import {n}] re-import, nothing changed",
         f"{_step(again)}, {100 * again['seconds'] / imp['seconds']:.0f}% of import, "
         f"{again['result']['unchanged']} unchanged", f"<= {100 * REIMPORT_SHARE:.0f}% of import, all unchanged",
         ok(again["seconds"] <= REIMPORT_SHARE * imp["seconds"] and again["result"]["unchanged"] == res["items"])),
        (f"[import {n}] build of the imported catalogue",
         f"{_step(build)}, {r['site']['item_pages']} item pages",
         f"<= {PEAK_RSS / 1e9:.1f} GB (at {DEFAULT_ROWS})", ok(build["peak_rss"] <= PEAK_RSS)),
    ]


def main(argv: list[str] | None = None) -> int:
    from devtools.bench import print_table

    argv = sys.argv[1:] if argv is None else argv
    rows = int(argv[0]) if argv else DEFAULT_ROWS
    result = bench_import(rows)
    print_table(table(result))
    out = WORK / f"import-{rows}" / "results.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nresults: {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
