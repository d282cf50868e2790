"""Pre-compressed copies of the site's text files: ``x.html.gz`` next to
``x.html``, and ``x.html.br`` when the catalogue asks for it.

Readers on slow phones gain most from compression (an item page: 311 KiB
plain, 78 KiB gzipped).  A server that sends stored files as they are
(nginx ``gzip_static on`` / ``brotli_static on``, Caddy ``precompressed``,
object storage with ``Content-Encoding`` set) then spends no CPU per request
and sends the smaller file.  README, "Deploy", gives the server settings.

Which copies: the catalogue's ``precompress`` setting (config.py; each
function here takes it as *kinds*, e.g. ``["gzip"]``).  Default ``[gzip]``:
every server that sends stored copies sends ``.gz`` (nginx's own
``gzip_static``, Apache, Caddy, most hosts in mainland China), while ``.br``
needs one set up for it (nginx only with the extra ngx_brotli module's
``brotli_static``), and brotli costs twice what gzip does: at 1,603 items
its 3,732 copies took 1.5 CPU-s (gzip's 0.7), and a cold build 16 % less
CPU without them (16.6 instead of 19.7 CPU-s, 3,732 files fewer;
docs/performance.md, "Brotli copies opt-in").  ``[gzip, brotli]`` writes
both (the site of before, byte for byte); ``[]`` none (a server that
compresses as it sends).

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
no ``.br`` files are written (the plugin warns: ``precompress_no_brotli``).  The ``.gz`` copies are made with zlib-ng
(package ``zlib-ng``, same format and level): at 1,603 items 0.18 instead of
0.31 ms per page or flowchart for 2 % more bytes, about 0.5 CPU-s of a cold
build (docs/performance.md, "Page-writing CPU"); without it, with Python's
zlib.

Where the bytes are at hand, their writer writes the copies beside them
(``write_file``: the item pages, the flowcharts, the search index and open
data in their build cache), so no pass reads them back; ``write_all``, run
on the whole site at the end, leaves a file that already has its copies
alone (``GZIPPED_BY_OTHERS`` excepted) and compresses the rest (MkDocs' pages, the theme's assets).  A file
equal to the previous site's is a hard link to it, its copies too: no new
file (each costs the build time on a disk where thousands were just
deleted, docs/performance.md); files are replaced, never written into.
"""

from __future__ import annotations

import gzip
import os
import stat
from pathlib import Path
from typing import Iterable

from generator.site.parallel import in_parallel

SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".jsonld", ".xml", ".svg", ".txt", ".csv", ".map")
MIN_BYTES = 1024
MACHINE_ONLY = ("open-data", "items")  # <...>/open-data/items/<key>.json: for programs (see above)
GZIP_LEVEL = 6
BROTLI_QUALITY = 5
KINDS = {"gzip": ".gz", "brotli": ".br"}  # the values of the ``precompress`` setting and their suffixes
DEFAULT_KINDS = ("gzip",)  # config.py's default (see above)
# Files whose .gz others write before the pass (MkDocs, outputs/shell.py,
# outputs/changelog.py, site/editions.py: other levels, some with a name and
# time in the header): ``write_all`` writes it again, so every .gz is made alike.
GZIPPED_BY_OTHERS = ("sitemap.xml",)

try:
    import brotli
except ImportError:  # pragma: no cover - pinned in pyproject.toml; a copy of the code without it still builds
    brotli = None
try:
    from zlib_ng import gzip_ng as _gzip
except ImportError:  # pragma: no cover - pinned in pyproject.toml; the standard library's gzip instead
    _gzip = gzip


def encodings(kinds: Iterable[str]) -> list[str]:
    """The suffixes written for *kinds* (the ``precompress`` setting, e.g.
    ``["gzip", "brotli"]``), in the order of ``KINDS``: ``[".gz", ".br"]``,
    ``[".gz"]`` or ``[]``; no ``.br`` without the brotli package.  Raises
    KeyError for a kind not in ``KINDS`` (config.py refuses it first)."""
    wanted_kinds = set(kinds)
    unknown = wanted_kinds - set(KINDS)
    if unknown:
        raise KeyError(sorted(unknown)[0])
    return [suffix for kind, suffix in KINDS.items()
            if kind in wanted_kinds and (suffix != ".br" or brotli is not None)]


def compressed(data: bytes, kinds: Iterable[str]) -> dict[str, bytes]:
    """``data`` compressed as *kinds* asks: {".gz": gzipped (no name, mtime
    0), ".br": brotli-compressed (with the brotli package)}, each only when asked."""
    out = {}
    for suffix in encodings(kinds):
        if suffix == ".gz":
            out[suffix] = _gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
        else:
            out[suffix] = brotli.compress(data, quality=BROTLI_QUALITY)
    return out


def wanted(path: Path, size: int) -> bool:
    """True when a file at *path* of *size* bytes gets compressed copies."""
    return (path.name.endswith(SUFFIXES) and size >= MIN_BYTES
            and (path.parent.parent.name, path.parent.name) != MACHINE_ONLY)


def write_file(path: Path, data: bytes, previous: Path | None = None, *, kinds: Iterable[str]) -> None:
    """Write *data* to *path* and, when it is ``wanted``, the compressed
    copies *kinds* (``precompress``) asks for beside it.  With *previous*
    (the same file in the site this build replaces) holding the same bytes,
    *path* and its copies are hard links to it and its copies: no file is
    created (on the build machine each new file costs 0.05 to 0.8 ms of
    system time, docs/performance.md) and nothing is compressed.  A file already at *path* is replaced, never
    written into: it may be shared with the previous site, which a failed
    build leaves as it was.  Raises OSError."""
    suffixes = encodings(kinds)
    if previous is not None and _link_same(previous, path, data, suffixes):
        return
    _new_file(path, data)
    if suffixes and wanted(path, len(data)):
        for suffix, packed in compressed(data, kinds).items():
            _new_file(path.with_name(path.name + suffix), packed)


def _new_file(path: Path, data: bytes) -> None:
    try:
        f = open(path, "xb")
    except FileExistsError:
        path.unlink()
        f = open(path, "xb")
    with f:
        f.write(data)


def _link_same(old: Path, path: Path, data: bytes, copies: list[str]) -> bool:
    """*path* and its copies (*copies*: their suffixes) as hard links to
    *old* and its copies when *old* holds *data* and has every copy; False
    (nothing linked that ``_new_file`` would not replace) otherwise."""
    suffixes = ["", *copies] if wanted(path, len(data)) else [""]
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


def candidates(site: Path, done: bool = True, kinds: Iterable[str] = DEFAULT_KINDS) -> list[Path]:
    """The site's files to compress, in a stable order; without *done*, not
    those that have their copies already (every copy of *kinds*, written by
    ``write_file``), except ``GZIPPED_BY_OTHERS``: their ``.gz`` is written
    again, with no name or time in it)."""
    found = []
    suffixes = encodings(kinds)
    for folder, dirs, names in os.walk(site):
        dirs.sort()
        present = set(names) if not done else set()
        for name in sorted(names):
            if name.endswith(SUFFIXES) and not (present and name not in GZIPPED_BY_OTHERS
                                                and all(name + s in present for s in suffixes)):
                path = Path(folder) / name
                st = os.lstat(path)
                if stat.S_ISREG(st.st_mode) and wanted(path, st.st_size):
                    found.append(path)
    return found


def write_all(site: Path, previous: Path | None = None, *, kinds: Iterable[str]) -> int:
    """Write the compressed copies *kinds* asks for (``precompress``) of
    every candidate file of ``site`` that has none yet; returns how many
    files were compressed (0 with no kinds: nothing is read).  With
    ``previous`` (the site this build replaces), a file whose bytes are
    unchanged takes its compressed copies from there instead of
    compressing again.

    Raises OSError (no permission, a full disk), reported by the caller."""
    kinds = list(kinds)
    suffixes = encodings(kinds)
    if not suffixes:
        return 0
    files = candidates(site, done=False, kinds=kinds)

    def work(part: slice) -> None:
        for path in files[part]:
            data = path.read_bytes()
            if previous is not None and _reuse(path, data, site, previous, suffixes):
                continue
            for suffix, packed in compressed(data, kinds).items():
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
