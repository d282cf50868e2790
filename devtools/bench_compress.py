"""What the pre-compressed copies cost and save (generator/site/compress.py).

    python -m devtools.bench_compress [SITE]      # default: site/ (after make build)

On a copy of the built site without its .gz/.br files, for each value of
the ``precompress`` setting (``[gzip]``, the default, and ``[gzip, brotli]``):
the time to write every copy from scratch (a first build), the time when the
previous site's copies are reused (a rebuild where nothing changed), and the
bytes before and after.  Prints the figures; nothing is timed against a target.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from generator.site import compress


KINDS = (["gzip"], ["gzip", "brotli"])


def measure(site: Path, kinds: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "first"
        shutil.copytree(site, plain, ignore=shutil.ignore_patterns("*.gz", "*.br"))
        files = compress.candidates(plain)
        start = time.perf_counter()
        compress.write_all(plain, kinds=kinds)
        cold = time.perf_counter() - start
        again = Path(tmp) / "second"
        shutil.copytree(site, again, ignore=shutil.ignore_patterns("*.gz", "*.br"))
        start = time.perf_counter()
        compress.write_all(again, previous=plain, kinds=kinds)
        reused = time.perf_counter() - start
        size = {s: sum(p.with_name(p.name + s).stat().st_size for p in files) for s in compress.encodings(kinds)}
        return {"files": len(files), "bytes": sum(p.stat().st_size for p in files), "cold_s": cold,
                "reused_s": reused, **{f"bytes{s}": n for s, n in size.items()}}


def main(argv: list[str]) -> None:
    site = Path(argv[0] if argv else "site")
    if not (site / "index.html").is_file():
        sys.exit(f"no built site in {site}: run `make build` first")
    mb = lambda n: f"{n / 1e6:.1f} MB"
    for kinds in KINDS:
        m = measure(site, kinds)
        print(f"precompress: [{', '.join(kinds)}]: {m['files']} text files of 1 KB or more, {mb(m['bytes'])}")
        print("  " + ", ".join(f"{s}: {mb(m['bytes' + s])}" for s in compress.encodings(kinds)))
        print(f"  all compressed: {m['cold_s']:.2f} s; previous copies reused: {m['reused_s']:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
