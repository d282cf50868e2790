"""Pre-compressed copies of the site's text files: ``x.html.gz`` and
``x.html.br`` next to ``x.html``.

Readers on slow phones gain most from compression (an item page: 311 KiB
plain, 78 KiB gzipped).  A server that sends stored files as they are
(nginx ``gzip_static on`` / ``brotli_static on``, Caddy ``precompressed``,
object storage with ``Content-Encoding`` set) then spends no CPU per request
and sends the smaller file.  README, "Deploy", gives the server settings.

Which files: names ending in ``SUFFIXES`` of at least ``MIN_BYTES`` bytes
(smaller ones gain less than the headers cost), except the per-item
open-data records (``open-data/items/<key>.json``, ``MACHINE_ONLY``): they
are read by programs, not by readers on phones (no page links them for
reading), a server may still compress them as it sends them, and their
copies were 3,206 of a 1,603-item build's 16,049 files (40,000 at 20,000
items), where every file created costs the build time (docs/performance.md).  Reproducible: the gzip
header holds no file name and a modification time of 0, brotli writes none,
and both levels are fixed, so two builds of the same sources give the same
bytes (tests/site/test_compress.py).  Levels: gzip 6 and brotli 5 (at the
demo, 446 files of 9.9 MB to 2.5 MB and 2.3 MB in 0.65 to 4.1 s on the
loaded 2-core machine, devtools/bench_compress.py; brotli 4 is 10 % larger, brotli 6 under 1 % smaller
and slower, brotli 11 about twenty times slower).  Unchanged files take the
previous site's copies (0.3 to 1.4 s at the demo; linked since).  Without the ``brotli`` package
only ``.gz`` files are written.  The ``.gz`` copies are made with zlib-ng
(package ``zlib-ng``, same format and level): at 1,603 items 0.18 instead of
0.31 ms per page or flowchart for 2 % more bytes, about 0.5 CPU-s of a cold
build (docs/performance.md, "Page-writing CPU"); without it, with Python's
zlib.

Where the bytes are at hand, their writer writes the copies beside them
(``write_file``: the item pages, the flowcharts, the search index and open
data in their build cache), so no pass reads them back; ``write_all``, run
on the whole site at the end, leaves a file that already has its copies
alone and compresses the rest (MkDocs' pages, the theme's assets).  A file
equal to the previous site's is a hard link to it, its copies too: no new
file (each costs the build time on a disk where thousands were just
deleted, docs/performance.md); files are replaced, never written into.
"""

from __future__ import annotations

import gzip
import os
import stat
from pathlib import Path

from generator.site.parallel import in_parallel

SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".jsonld", ".xml", ".svg", ".txt", ".csv", ".map")
MIN_BYTES = 1024
MACHINE_ONLY = ("open-data", "items")  # <...>/open-data/items/<key>.json: for programs (see above)
GZIP_LEVEL = 6
BROTLI_QUALITY = 5

try:
    import brotli
except ImportError:  # pragma: no cover - pinned in pyproject.toml; a copy of the code without it still builds
    brotli = None
try:
    from zlib_ng import gzip_ng as _gzip
except ImportError:  # pragma: no cover - pinned in pyproject.toml; the standard library's gzip instead
    _gzip = gzip


def encodings() -> list[str]:
    """The suffixes written, e.g. ``[".gz", ".br"]``."""
    return [".gz", ".br"] if brotli is not None else [".gz"]


def compressed(data: bytes) -> dict[str, bytes]:
    """``data`` gzipped (no name, mtime 0) and, with the brotli package, brotli-compressed."""
    out = {".gz": _gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)}
    if brotli is not None:
        out[".br"] = brotli.compress(data, quality=BROTLI_QUALITY)
    return out


def wanted(path: Path, size: int) -> bool:
    """True when a file at *path* of *size* bytes gets compressed copies."""
    return (path.name.endswith(SUFFIXES) and size >= MIN_BYTES
            and (path.parent.parent.name, path.parent.name) != MACHINE_ONLY)


def write_file(path: Path, data: bytes, previous: Path | None = None) -> None:
    """Write *data* to *path* and, when it is ``wanted``, its compressed
    copies beside it.  With *previous* (the same file in the site this
    build replaces) holding the same bytes, *path* and its copies are hard
    links to it and its copies: no file is created (on the build machine
    each new file costs 0.05 to 0.8 ms of system time, docs/performance.md)
    and nothing is compressed.  A file already at *path* is replaced, never
    written into: it may be shared with the previous site, which a failed
    build leaves as it was.  Raises OSError."""
    if previous is not None and _link_same(previous, path, data):
        return
    _new_file(path, data)
    if wanted(path, len(data)):
        for suffix, packed in compressed(data).items():
            _new_file(path.with_name(path.name + suffix), packed)


def _new_file(path: Path, data: bytes) -> None:
    try:
        f = open(path, "xb")
    except FileExistsError:
        path.unlink()
        f = open(path, "xb")
    with f:
        f.write(data)


def _link_same(old: Path, path: Path, data: bytes) -> bool:
    """*path* and its copies as hard links to *old* and its copies when
    *old* holds *data* and has every copy; False (nothing linked that
    ``_new_file`` would not replace) otherwise."""
    suffixes = ["", *encodings()] if wanted(path, len(data)) else [""]
    try:
        if old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
        sources = [old.with_name(old.name + s) for s in suffixes]
        if not all(src.is_file() for src in sources[1:]):
            return False
        _link_all(sources, path, suffixes)
    except OSError:
        return False
    return True


def _link_all(sources: list[Path], path: Path, suffixes: list[str]) -> None:
    """Hard-link each of *sources* to *path* + its suffix, replacing a file
    already there (never writing into it: the previous site may share it).
    Raises OSError (another file system, no permission)."""
    for suffix, src in zip(suffixes, sources):
        target = path.with_name(path.name + suffix)
        try:
            os.link(src, target)
        except FileExistsError:
            target.unlink()
            os.link(src, target)


def candidates(site: Path, done: bool = True) -> list[Path]:
    """The site's files to compress, in a stable order; without *done*, not
    those that have their copies already (written by ``write_file``: a
    ``.br`` beside the ``.gz``, as others write only a ``.gz``, e.g. MkDocs'
    ``sitemap.xml.gz``, which is written again here with no time in it;
    without brotli no file counts as done)."""
    found = []
    for folder, dirs, names in os.walk(site):
        dirs.sort()
        present = set(names) if not done and brotli is not None else set()
        for name in sorted(names):
            if name.endswith(SUFFIXES) and not (name + ".br" in present and name + ".gz" in present):
                path = Path(folder) / name
                st = os.lstat(path)
                if stat.S_ISREG(st.st_mode) and wanted(path, st.st_size):
                    found.append(path)
    return found


def write_all(site: Path, previous: Path | None = None) -> int:
    """Write the compressed copies of every candidate file of ``site`` that
    has none yet; returns how many files were compressed.  With
    ``previous`` (the site this build replaces), a file whose bytes are
    unchanged takes its compressed copies from there instead of
    compressing again.

    Raises OSError (no permission, a full disk), reported by the caller."""
    files = candidates(site, done=False)
    suffixes = encodings()

    def work(part: slice) -> None:
        for path in files[part]:
            data = path.read_bytes()
            if previous is not None and _reuse(path, data, site, previous, suffixes):
                continue
            for suffix, packed in compressed(data).items():
                _new_file(path.with_name(path.name + suffix), packed)

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
        copies = [old.with_name(old.name + s) for s in suffixes]
        if not all(c.is_file() for c in copies):
            return False
        _link_all(copies, path, suffixes)  # linked: no new file (see write_file)
    except OSError:
        return False
    return True
