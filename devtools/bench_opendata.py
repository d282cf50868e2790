"""Open-data exports in ``make bench``: the time and size of each format
(generator.outputs.opendata) for a synthetic catalogue already written by
devtools.bench (``bench/work/N``).

    python -m devtools.bench_opendata bench/work/1603   # one catalogue, printed

``measure(root)`` loads the catalogue once, then writes every export into a
temporary folder (what the build's on_post_build does) and returns
``{"items", "seconds", "cpu_seconds", "bytes", "formats": {name: {"seconds",
"bytes"}}}`` (``seconds`` wall, ``cpu_seconds`` this process's CPU: the one
to compare on a shared machine).
``table(results)`` gives the rows of the bench table (figure, value, target,
verdict); the target is the one of issue 15: the exports "cost little",
read here as at most a fifth of the warm build's time.
"""

from __future__ import annotations

import gc
import shutil
import sys
import tempfile
import time
from pathlib import Path

# Which files belong to which format (paths relative to open-data/).
FORMATS = {"json": ("catalogue.json", "items/", "catalogue.schema.json", "record.schema.json"),
           "csv": ("tables/",), "xlsx": ("catalogue.xlsx",), "datapackage": ("datapackage.json",),
           "hsds": ("hsds/",), "cpsv": ("cpsv-ap.jsonld",)}
SHARE_OF_BUILD = 0.2


def measure(root: Path) -> dict:
    from generator.checks.validate import build_catalogue
    from generator.config import read_settings
    from generator.messages import set_language
    from generator.outputs import opendata

    settings = read_settings(root)
    set_language(settings.language)
    report = build_catalogue(root, settings)
    if report.catalogue is None:
        raise SystemExit(f"synthetic catalogue in {root} has {len(report.errors)} errors")
    ctx = opendata.Context(report.catalogue, settings, "https://catalogue.example.gov.cn/")
    out = Path(tempfile.mkdtemp(prefix="bench-opendata-"))
    # As in the build, where a forked process writes the exports with the
    # catalogue it inherited frozen (site/parallel.py): no collection walks it.
    gc.collect()
    gc.freeze()
    try:
        timings: dict = {}
        started, cpu = time.perf_counter(), time.process_time()
        sizes = opendata.write_all(ctx, out, timings)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        gc.unfreeze()
        shutil.rmtree(out, ignore_errors=True)
    formats = {name: {"seconds": timings.get(name, 0.0),
                      "bytes": sum(size for path, size in sizes.items() if path.startswith(prefixes))}
               for name, prefixes in FORMATS.items()}
    return {"items": len(report.catalogue.entries), "seconds": seconds, "cpu_seconds": cpu,
            "bytes": sum(sizes.values()),
            "formats": formats}


def table(results: list[dict]) -> list[tuple[str, str, str, str]]:
    """Bench rows for every size that has an ``open_data`` measurement."""
    rows = []
    for r in results:
        data = r.get("open_data")
        if not data:
            continue
        n = r["n"]
        build = (r.get("warm_build") or {}).get("seconds")
        target = f"<= {SHARE_OF_BUILD * build:.1f} s ({SHARE_OF_BUILD:.0%} of warm build)" if build else ""
        verdict = "" if not build else ("ok" if data["seconds"] <= SHARE_OF_BUILD * build else "MISSED")
        cpu = f" ({data['cpu_seconds']:.1f} CPU-s)" if "cpu_seconds" in data else ""
        rows.append((f"[{n}] open-data exports", f"{data['seconds']:.1f} s{cpu}, {data['bytes'] / 1e6:.1f} MB",
                     target, verdict))
        for name, f in data["formats"].items():
            rows.append((f"[{n}]   {name}", f"{f['seconds']:.2f} s, {f['bytes'] / 1e6:.1f} MB", "", ""))
    return rows


def main(argv: list[str]) -> int:
    for folder in argv or ["bench/work/1603"]:
        result = measure(Path(folder))
        for row in table([{"n": result["items"], "open_data": result}]):
            print("  ".join(row).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
