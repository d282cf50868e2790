"""The cost of the traditional-character edition (issue 19): converting every
item of a synthetic catalogue (devtools/synthetic.py) to traditional characters
with OpenCC (generator/outputs/editions.py), and the edition's site texts.

    python -m devtools.bench_editions            # 1,603 items, written to a temporary folder
    python -m devtools.bench_editions 400        # another size
    python -m devtools.bench_editions bench/work/1603   # a catalogue already written

``measure(root)`` loads the catalogue once, then times: the converter's set-up
(OpenCC dictionaries and the protected terms), converting every published
item (``Traditional.item``: dump, one OpenCC call, validate again), and the
zh-Hant site texts (``edition_texts``).  It returns seconds, not a verdict:
the page rendering of the edition is not built yet (docs/editions.md), so the
full "extra build time per edition" of the issue is measured once it is.
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


def main(argv: list[str]) -> int:
    arg = argv[0] if argv else str(SIZE)
    temporary = None
    if arg.isdigit():
        from devtools.synthetic import write_synthetic

        temporary = Path(tempfile.mkdtemp(prefix="bench-editions-"))
        root = write_synthetic(temporary / "catalogue", int(arg))
    else:
        root = Path(arg)
    try:
        r = measure(root)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    print(f"zh-Hant edition, {r['items']} items ({r['changed_items']} names changed by conversion):")
    print(f"  converter set-up       {r['setup_seconds']:.3f} s")
    print(f"  convert all items      {r['items_seconds']:.3f} s  ({r['per_item_ms']:.2f} ms per item; CPU {r['items_cpu_seconds']:.3f} s)")
    print(f"  site texts (zh-Hant)   {r['texts_seconds']:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
