"""The cost of the traditional-character edition (issue 19): converting every
item of a synthetic catalogue (devtools/synthetic.py) to traditional characters
with OpenCC (generator/outputs/editions.py), and the edition's site texts.

    python -m devtools.bench_editions            # 1,603 items, written to a temporary folder
    python -m devtools.bench_editions 400        # another size
    python -m devtools.bench_editions bench/work/1603   # a catalogue already written
    python -m devtools.bench_editions --builds   # also the extra build time per edition (measure_builds)

``measure(root)`` loads the catalogue once, then times: the converter's set-up
(OpenCC dictionaries and the protected terms), converting every published
item (``Traditional.item``: dump, one OpenCC call, validate again), and the
zh-Hant site texts (``edition_texts``).  ``measure_builds(root)`` builds the
whole site with each set of editions: the extra build time per edition
(``devtools/bench.py`` reports it at every size).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

SIZE = 1603


def measure(root: Path) -> dict:
    """``{"items", "setup_seconds", "items_seconds", "per_item_ms", "items_cpu_seconds", "texts_seconds",
    "changed_items"}``: wall-clock seconds, and the process's CPU seconds for the items (the machine may
    be shared: CPU time is the steadier figure)."""
    from generator.checks.validate import build_catalogue
    from generator.config import read_settings
    from generator.messages import set_language
    from generator.outputs import edition_texts as texts_module
    from generator.outputs.editions import Traditional, load_protected_terms

    settings = read_settings(root)
    set_language(settings.language)
    report = build_catalogue(root, settings)
    if report.catalogue is None:
        raise SystemExit(f"catalogue in {root} has {len(report.errors)} errors")
    items = [e.item for e in report.catalogue.entries]

    started = time.perf_counter()
    conv = Traditional(load_protected_terms(root / settings.content_dir, root))
    conv.text("身份证")  # the dictionaries load on first use
    setup = time.perf_counter() - started

    started, cpu = time.perf_counter(), time.process_time()
    converted = [conv.item(item) for item in items]
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    changed = sum(c.name != i.name for c, i in zip(converted, items))

    texts_module.edition_texts.cache_clear()
    started = time.perf_counter()
    texts_module.edition_texts("zh-Hant", settings.language)
    texts = time.perf_counter() - started
    return {"items": len(items), "setup_seconds": setup, "items_seconds": seconds,
            "per_item_ms": 1000 * seconds / max(1, len(items)), "items_cpu_seconds": cpu, "texts_seconds": texts, "changed_items": changed}


VARIANTS = (("zh",), ("zh", "zh-Hant"), ("zh", "zh-Hant", "en"))


def _with_editions(config: str, editions: tuple[str, ...]) -> str:
    """mkdocs.yml's text with the catalogue block's ``editions`` set (any line already there replaced)."""
    lines = [line for line in config.splitlines() if not line.strip().startswith("editions:")]
    at = next(i for i, line in enumerate(lines) if line.strip() == "- catalogue:")
    indent = " " * (len(lines[at + 1]) - len(lines[at + 1].lstrip()))
    lines.insert(at + 1, f"{indent}editions: [{', '.join(editions)}]")
    return "\n".join(lines) + "\n"


def set_editions(root: Path, editions: tuple[str, ...]) -> None:
    """The catalogue block of ``root/mkdocs.yml`` set to build *editions*."""
    config = root / "mkdocs.yml"
    config.write_text(_with_editions(config.read_text(encoding="utf-8"), editions), encoding="utf-8")


def measure_builds(root: Path, runs: int = 2) -> dict:
    """The extra build time per edition (issue 19): ``build --force`` (flowcharts
    from the cache, after one build with every edition has drawn theirs) with
    ``editions`` [zh], [zh, zh-Hant] and [zh, zh-Hant, en], the fastest of
    *runs* each.  Wall-clock and CPU seconds (the machine may be shared: CPU
    is the steadier figure): ``{"seconds": {"zh": s, "zh,zh-Hant": s, ...},
    "cpu_seconds": {...}, "extra": {"zh-Hant": s, "en": s}, "extra_cpu":
    {...}}``; mkdocs.yml is put back as it was."""
    config = root / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    seconds, cpu = {}, {}
    try:
        config.write_text(_with_editions(original, VARIANTS[-1]), encoding="utf-8")
        _build(root)  # draws the editions' flowcharts into the cache
        for variant in reversed(VARIANTS):  # the catalogue language's last: site/ is left as the plain build's
            config.write_text(_with_editions(original, variant), encoding="utf-8")
            runs_of = [_build(root) for _ in range(runs)]
            seconds[",".join(variant)] = min(r[0] for r in runs_of)
            cpu[",".join(variant)] = min(r[1] for r in runs_of)
    finally:
        config.write_text(original, encoding="utf-8")
    base, hant, both = (seconds[",".join(v)] for v in VARIANTS)
    cbase, chant, cboth = (cpu[",".join(v)] for v in VARIANTS)
    return {"seconds": seconds, "cpu_seconds": cpu, "extra": {"zh-Hant": hant - base, "en": both - hant},
            "extra_cpu": {"zh-Hant": chant - cbase, "en": cboth - chant}}


def _build(root: Path) -> tuple[float, float]:
    """``generator build --force`` in a fresh process: (wall seconds, CPU
    seconds of it and every process it waited for: dot, page workers).
    Raises SystemExit when the build fails."""
    import os
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--force"],
                          capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"build of {root} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def table(results: list[dict]) -> list[tuple[str, str, str, str]]:
    """bench.py's rows: the extra build time per edition, where measured."""
    rows = []
    for r in results:
        e = r.get("editions")
        if not e:
            continue
        base, cbase = e["seconds"]["zh"], e["cpu_seconds"]["zh"]
        for edition, extra in e["extra"].items():
            cpu = e["extra_cpu"][edition]
            rows.append((f"[{r['n']}] extra build time, {edition} edition (warm flowcharts)",
                         f"CPU {cpu:+.1f} s = {100 * cpu / cbase:+.0f}% of {cbase:.1f} s; "
                         f"wall {extra:+.1f} s of {base:.1f} s", "", ""))
    return rows


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    arg = args[0] if args else str(SIZE)
    temporary = None
    if arg.isdigit():
        from devtools.synthetic import write_synthetic

        temporary = Path(tempfile.mkdtemp(prefix="bench-editions-"))
        root = write_synthetic(temporary / "catalogue", int(arg))
    else:
        root = Path(arg)
    builds = "--builds" in argv
    try:
        r = measure(root)
        b = measure_builds(root, runs=1) if builds else None
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    print(f"zh-Hant edition, {r['items']} items ({r['changed_items']} names changed by conversion):")
    print(f"  converter set-up       {r['setup_seconds']:.3f} s")
    print(f"  convert all items      {r['items_seconds']:.3f} s  ({r['per_item_ms']:.2f} ms per item; CPU {r['items_cpu_seconds']:.3f} s)")
    print(f"  site texts (zh-Hant)   {r['texts_seconds']:.3f} s")
    if b:
        for variant, sec in b["seconds"].items():
            print(f"  build --force [{variant}]  wall {sec:.2f} s, CPU {b['cpu_seconds'][variant]:.2f} s")
        for edition, extra in b["extra"].items():
            print(f"  extra per edition {edition:<8} wall {extra:+.2f} s, CPU {b['extra_cpu'][edition]:+.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
