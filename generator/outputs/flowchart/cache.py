"""The flowchart cache (``.cache/flowcharts/``) trusted only as far as it is checked.

A cached SVG is used only when it is exactly what the renderer wrote
(``CacheIndex``: the SHA-256 of its bytes, recorded when it was written) and
it is an SVG of the shape the renderer writes (``svg.svg_problem``: well-formed
XML, only the elements and attributes a flowchart has, no script, no event
attribute, no link, no external reference).  Anything else (a truncated file,
a file replaced by hand or by a restored CI cache, a file written by an older
renderer) is drawn again.  The site gets copies, never hard links: rewriting
a cache file in place must not change the published site.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Optional

def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# `mkdocs serve` rebuilds in one process: a file checked (or written) once
# and unchanged since -- same size, modification time and inode -- is not read
# and hashed again on the next rebuild (1,600 flowcharts: ~0.4 s a rebuild,
# devtools/bench_serve.py).  A file replaced by rename or written again gets
# a new inode or time; only an in-place rewrite to the same size within one
# tick of the file system clock would pass unseen.  Path -> that identity.
_known_good: dict[str, tuple[int, int, int]] = {}


def identity(path: str | os.PathLike) -> Optional[tuple[int, int, int]]:
    """(size, modification time in ns, inode) of *path*; None when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def known_good(path: str | os.PathLike, ident: Optional[tuple[int, int, int]] = None) -> bool:
    """True when *path* is unchanged since ``remember_good`` was called for
    it; *ident*: its ``identity`` when the caller has just taken it."""
    kept = _known_good.get(os.fspath(path))
    return kept is not None and kept == (ident or identity(path))


def remember_good(path: str | os.PathLike, ident: Optional[tuple[int, int, int]] = None) -> None:
    """Remember *path* as checked, with *ident* (its ``identity`` taken
    before it was read) or its identity now."""
    ident = ident or identity(path)
    if ident is None:
        _known_good.pop(os.fspath(path), None)
    else:
        _known_good[os.fspath(path)] = ident


class CacheIndex:
    """``index.json`` in the cache folder: file name -> SHA-256 of the bytes
    the renderer wrote under that name.

    Thread-safe.  ``save`` merges with what is on disk (another build or
    ``make serve`` may have added entries meanwhile) and replaces the file
    atomically; an entry lost in a race only means that graph is drawn again.
    An unreadable or malformed index counts as empty: everything is redrawn.
    """

    FILE = "index.json"

    def __init__(self, folder: Path):
        self.path = Path(folder) / self.FILE
        self._lock = threading.Lock()
        self._entries: dict[str, str] = self._read()
        self._dirty = False

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}

    def record(self, name: str, data: bytes, sha: Optional[str] = None) -> None:
        """Record *data* as the bytes of *name*; *sha*: their ``digest``, when known."""
        sha = sha or digest(data)
        with self._lock:
            self._entries[name] = sha
            self._dirty = True

    def digest(self, name: str) -> Optional[str]:
        """The SHA-256 recorded for *name* (None: not recorded)."""
        with self._lock:
            return self._entries.get(name)

    def save(self) -> None:
        with self._lock:
            if not self._dirty:
                return
            merged = {**self._read(), **self._entries}
            self._entries = merged
            self._dirty = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(merged, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write *data* to *path* through a temporary file and one rename, mode
    0644 (the site must be readable by a web server).  Raises OSError.

    The temporary name is this process's id and a counter (``O_EXCL``: a
    name left by a killed process is never written into; then a random
    name, ``tempfile.mkstemp``): 0.02 instead of 0.04 ms a file with
    mkstemp's random name (docs/performance.md, "Flowchart CPU").  No fsync:
    a file cut short by a crash is refused by its hash (``CacheIndex``) and
    drawn again."""
    path = os.fspath(path)
    folder, base = os.path.split(path)
    tmp = os.path.join(folder, f".tmp-{os.getpid()}-{next(_tmp_count)}-{base}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    except FileExistsError:
        fd, tmp = tempfile.mkstemp(dir=folder or None, prefix=".tmp-", suffix=os.path.splitext(base)[1])
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o644)  # the umask may have taken bits away; mkstemp makes 0600
            else:  # pragma: no cover - Windows
                os.chmod(tmp, 0o644)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


_tmp_count = itertools.count()
