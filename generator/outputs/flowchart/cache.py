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


def identity(path: Path) -> Optional[tuple[int, int, int]]:
    """(size, modification time in ns, inode) of *path*; None when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def known_good(path: Path) -> bool:
    """True when *path* is unchanged since ``remember_good`` was called for it."""
    kept = _known_good.get(str(path))
    return kept is not None and kept == identity(path)


def remember_good(path: Path, ident: Optional[tuple[int, int, int]] = None) -> None:
    """Remember *path* as checked, with *ident* (its ``identity`` taken
    before it was read) or its identity now."""
    ident = ident or identity(path)
    if ident is None:
        _known_good.pop(str(path), None)
    else:
        _known_good[str(path)] = ident


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

    def record(self, name: str, data: bytes) -> None:
        with self._lock:
            self._entries[name] = digest(data)
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


def write_atomic(path: Path, data: bytes) -> None:
    """Write *data* to *path* through a temporary file and one rename, mode
    0644 (the site must be readable by a web server)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        os.chmod(tmp, 0o644)  # mkstemp makes 0600
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
