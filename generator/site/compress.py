"""Pre-compressed copies of the site's text files: ``x.html.gz`` and
``x.html.br`` next to ``x.html``.

Readers on slow phones gain most from compression (an item page: 311 KiB
plain, 78 KiB gzipped).  A server that sends stored files as they are
(nginx ``gzip_static on`` / ``brotli_static on``, Caddy ``precompressed``,
object storage with ``Content-Encoding`` set) then spends no CPU per request
and sends the smaller file.  README, "Deploy", gives the server settings.

Which files: names ending in ``SUFFIXES`` of at least ``MIN_BYTES`` bytes
(smaller ones gain less than the headers cost).  Reproducible: the gzip
header holds no file name and a modification time of 0, brotli writes none,
and both levels are fixed, so two builds of the same sources give the same
bytes (tests/site/test_compress.py).  Levels: gzip 6 and brotli 5 (at the
demo, 446 files of 9.9 MB to 2.5 MB and 2.3 MB in 0.65 to 4.1 s on the
loaded 2-core machine, devtools/bench_compress.py; brotli 4 is 10 % larger, brotli 6 under 1 % smaller
and slower, brotli 11 about twenty times slower).  Unchanged files take the
previous site's copies (0.3 to 1.4 s at the demo).  Without the ``brotli`` package
only ``.gz`` files are written.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from generator.site.parallel import in_parallel

SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".jsonld", ".xml", ".svg", ".txt", ".csv", ".map")
MIN_BYTES = 1024
GZIP_LEVEL = 6
BROTLI_QUALITY = 5

try:
    import brotli
except ImportError:  # pragma: no cover - pinned in pyproject.toml; a copy of the code without it still builds
    brotli = None


def encodings() -> list[str]:
    """The suffixes written, e.g. ``[".gz", ".br"]``."""
    return [".gz", ".br"] if brotli is not None else [".gz"]


def compressed(data: bytes) -> dict[str, bytes]:
    """``data`` gzipped (no name, mtime 0) and, with the brotli package, brotli-compressed."""
    out = {".gz": gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)}
    if brotli is not None:
        out[".br"] = brotli.compress(data, quality=BROTLI_QUALITY)
    return out


def candidates(site: Path) -> list[Path]:
    """The site's files to compress, in a stable order."""
    found = []
    for folder, dirs, names in os.walk(site):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(SUFFIXES):
                path = Path(folder) / name
                if not path.is_symlink() and path.stat().st_size >= MIN_BYTES:
                    found.append(path)
    return found


def write_all(site: Path, previous: Path | None = None) -> int:
    """Write the compressed copies of every candidate file of ``site``;
    returns how many files were compressed.  With ``previous`` (the site
    this build replaces), a file whose bytes are unchanged takes its
    compressed copies from there instead of compressing again.

    Raises OSError (no permission, a full disk), reported by the caller."""
    files = candidates(site)
    suffixes = encodings()

    def work(part: slice) -> None:
        for path in files[part]:
            data = path.read_bytes()
            if previous is not None and _reuse(path, data, site, previous, suffixes):
                continue
            for suffix, packed in compressed(data).items():
                path.with_name(path.name + suffix).write_bytes(packed)

    in_parallel(work, len(files))
    return len(files)


def _reuse(path: Path, data: bytes, site: Path, previous: Path, suffixes: list[str]) -> bool:
    old = previous / path.relative_to(site)
    try:
        before = old.stat()
        # The same file (a download linked from the build cache, site/downloads.py) needs no comparing.
        same = os.path.samestat(before, path.stat())
        if not same and (before.st_size != len(data) or old.read_bytes() != data):
            return False
        copies = {s: old.with_name(old.name + s).read_bytes() for s in suffixes}
    except OSError:
        return False
    for suffix, packed in copies.items():
        path.with_name(path.name + suffix).write_bytes(packed)
    return True
