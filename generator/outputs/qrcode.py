"""QR codes as small inline SVG, for printable pages (一次性告知单).

Made locally with segno: no network, and the same URL always gives the same
SVG.  The mask pattern is fixed: choosing the "best" of the eight masks is
80% of segno's time (2.7 ms instead of 0.55 ms a code, most of a 1,600-item
build), and any mask is a valid code that phone cameras read.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import sqlite3
import time
import weakref
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Optional

import segno

__all__ = ["qr_svg", "QrCache", "keep_part"]

MASK = 0
FORMAT = "1"  # of the drawing _drawing makes: changing it means a new FORMAT


def qr_svg(
    url: str,
    *,
    title: Optional[str] = None,
    error: str = "m",
    border: int = 4,
    css_class: str = "qr",
) -> str:
    """An inline ``<svg>`` element holding the QR code of *url*.

    One ``<path>`` draws the dark modules on a viewBox of one unit per module,
    so the code scales to any size without blurring; it has no width or
    height: size it with CSS (e.g. ``.qr { width: 3cm }`` on the print page).
    *border* is the quiet zone in modules (4 is what the standard asks for and
    what phone cameras read best).  *error* is the error-correction level
    (l, m, q, h).  *title* (default: the URL) becomes the <title>, escaped;
    the SVG has role="img" so screen readers announce it.  There is no XML
    declaration and no xmlns: the string is meant to be put into HTML.
    Raises ValueError for an empty URL (or one too long for a QR code).
    """
    size, path = _drawing(url, error, border)
    return _svg(size, path, url if title is None else title, css_class)


def _svg(size: int, path: str, title: str, css_class: str = "qr") -> str:
    return (f'<svg role="img" shape-rendering="crispEdges" viewBox="0 0 {size} {size}" class="{css_class}">'
            f'<title>{html.escape(title)}</title><path stroke="#000" d="{path}"/></svg>')


# Small: the drawings of the last codes only (`make serve` re-renders an
# edited item); a build's codes are kept by QrCache, on disk.
@lru_cache(maxsize=2048)
def _drawing(url: str, error: str = "m", border: int = 4) -> tuple[int, str]:
    """(size, path data): the viewBox's side in modules, quiet zone included,
    and the ``d`` of the one ``<path>`` (ASCII).  Raises ValueError for an
    empty URL."""
    if not url:
        raise ValueError("qr_svg: empty URL")
    code = segno.make(url, error=error, micro=False, boost_error=False, mask=MASK)
    size = len(code.matrix) + 2 * border
    # One horizontal stroke per run of dark modules, through the middle of the
    # row (a quarter of segno's own writer's time).
    runs = []
    for y, row in enumerate(code.matrix):
        x, width = 0, len(row)
        while x < width:
            if row[x]:
                start = x
                while x < width and row[x]:
                    x += 1
                runs.append(f"M{start + border} {y + border}.5h{x - start}")
            else:
                x += 1
    return size, "".join(runs)


class QrCache:
    """QR codes kept between builds in one SQLite file, ``folder/codes.sqlite``
    (the catalogue's ``.cache/qr``): one row a code, key -> (size, path data)
    of ``_drawing``, the key the SHA-256 of ``FORMAT``, segno's version and the
    URL.  Only what the URL draws is kept (the path data ASCII, 2.8 kB a
    code, stored zlib-compressed: 0.8 kB, 10 µs to expand); the
    title is escaped into the SVG when a page asks for it, so a page is the
    same bytes as ``qr_svg``'s.  A process reads only the rows of the codes it
    is asked for: nothing is loaded up front (the JSON file this replaced,
    223 MB at 61,107 codes, was 0.4 GB of ``str`` in the build's main process
    and 1 GB more while read: docs/performance.md).

    Pages are written by forked processes (site/parallel.py).  A connection
    is never carried across a fork: every open one is closed before any fork
    (``os.register_at_fork``) and each process opens its own when it first
    needs one; SQLite's WAL journal lets them read while one writes.  Every
    ``BATCH`` codes given, a process writes in one transaction the codes it
    made and this build's number (``build``, inherited by the forks) on those
    it found; ``keep_part``, in a forked writer when its share is written,
    writes what is left; ``save``, in the process that made the cache, too,
    then deletes the codes no process of this build gave (not with
    ``prune=False``: ``make serve``, which renders only the pages an edit
    changed) and closes the file (no journal left beside it).

    Never required: a folder that cannot be written or a file that cannot be
    opened only means the codes are made each time (``store`` is then
    False); a damaged file (not a database, corrupt, another layout) is
    deleted and made again; a stored code is used only when its size is a
    number and its path data only moves and runs (``_PATH``: nothing else
    can reach a page).  ``shared`` gives the one cache of a folder in this
    process (the catalogue's pages and its editions')."""

    FILE = "codes.sqlite"
    LAYOUT = 1  # PRAGMA user_version of the table below; another means the file is made again
    BATCH = 1000  # codes stored (or marked used) per transaction
    _shared: dict[str, "QrCache"] = {}

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.owner = os.getpid()
        self.build = time.time_ns()  # marks the codes this build used; save prunes the others
        self.made = 0  # codes made (not found stored) in this process
        self.store = True  # False once the file could not be opened or written, in this process
        self._db: Optional[sqlite3.Connection] = None
        self._new: dict[bytes, tuple[int, str]] = {}  # made, not yet stored
        self._used: set[bytes] = set()  # found stored, not yet marked with self.build

    @classmethod
    def shared(cls, folder: Path) -> "QrCache":
        """The one ``QrCache`` of *folder* in this process (in a forked page
        writer: its parent's, whose ``save`` prunes with the writer's codes)."""
        found = cls._shared.get(str(folder))
        if found is None:
            found = cls._shared[str(folder)] = cls(folder)
        return found

    def svg(self, url: str, *, title: Optional[str] = None) -> str:
        """``qr_svg(url, title=title)``, its drawing from the file when it
        holds it.  Raises ValueError for an empty URL."""
        key = hashlib.sha256(f"{FORMAT}\0{segno.__version__}\0{url}".encode()).digest()
        drawing = self._new.get(key) or self._stored(key)
        if drawing is None:
            drawing = self._new[key] = _drawing(url)
            self.made += 1
        if len(self._new) + len(self._used) >= self.BATCH:
            self._flush()
        return _svg(*drawing, url if title is None else title)

    def keep_part(self) -> None:
        """When a forked page writer's share is written: store its codes and
        close its connection (the process ends without closing it)."""
        self._flush()
        if os.getpid() != self.owner:
            self._close()

    def save(self, prune: bool = True) -> None:
        """In the cache's own process, after every page is written: store
        what is left, delete the codes no process of this build asked for
        (without *prune*: keep them) and close the file.  Nothing in a fork."""
        if os.getpid() != self.owner:
            return
        self._flush()
        db = self._connect() if prune else None
        if db is not None:
            try:
                with db:  # (a build that stored none of its codes, e.g. the file locked, deletes none)
                    if db.execute("SELECT 1 FROM codes WHERE build = ? LIMIT 1", (self.build,)).fetchone():
                        db.execute("DELETE FROM codes WHERE build != ?", (self.build,))
            except sqlite3.Error as exc:
                self._failed(exc)
        self._close()
        self.build = max(time.time_ns(), self.build + 1)  # the next build (make serve's rebuilds)
        for old in ("codes.json", "part-*.json", "*.svg"):  # earlier layouts of this folder
            try:
                for path in self.folder.glob(old):
                    path.unlink()
            except OSError:
                pass

    def _stored(self, key: bytes) -> Optional[tuple[int, str]]:
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute("SELECT size, path FROM codes WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc)
            return None
        if row is None or type(row[0]) is not int or not 0 < row[0] < 1000 or not isinstance(row[1], bytes):
            return None  # made again, and the row replaced
        try:
            path = zlib.decompress(row[1]).decode("ascii")
        except (zlib.error, UnicodeDecodeError):
            return None
        if not _PATH.fullmatch(path):
            return None
        self._used.add(key)
        return row[0], path

    def _flush(self) -> None:
        """Store the codes made and mark those found since the last flush."""
        new, used = self._new, self._used
        self._new, self._used = {}, set()
        if not new and not used:
            return
        db = self._connect()
        if db is None:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO codes (key, size, path, build) VALUES (?, ?, ?, ?)",
                               [(key, size, zlib.compress(path.encode("ascii")), self.build)
                                for key, (size, path) in new.items()])
                db.executemany("UPDATE codes SET build = ? WHERE key = ?", [(self.build, key) for key in used])
        except sqlite3.Error as exc:
            self._failed(exc)

    def _connect(self) -> Optional[sqlite3.Connection]:
        """This process's connection, opened (and the table made) at the
        first call; None when the file cannot be used (``store``)."""
        if self._db is not None or not self.store:
            return self._db
        path = self.folder / self.FILE
        for attempt in (1, 2):
            db = None
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")  # readers beside the one writer
                db.execute("PRAGMA synchronous=NORMAL")  # a cache: losing the last commits is harmless
                db.execute("BEGIN IMMEDIATE")  # one process at a time checks the layout
                if db.execute("PRAGMA user_version").fetchone()[0] != self.LAYOUT:
                    db.execute("DROP TABLE IF EXISTS codes")
                    db.execute("CREATE TABLE codes (key BLOB PRIMARY KEY, size INTEGER NOT NULL,"
                               " path BLOB NOT NULL, build INTEGER NOT NULL) WITHOUT ROWID")
                    db.execute(f"PRAGMA user_version = {self.LAYOUT}")
                db.execute("SELECT key, size, path, build FROM codes LIMIT 1").fetchall()
                db.execute("COMMIT")
                db.isolation_level = ""  # from here: transactions by `with db`
            except (OSError, sqlite3.Error) as exc:
                if db is not None:
                    db.close()
                if attempt == 1 and _damaged(exc):
                    _remove(path)
                    continue
                self.store = False
                return None
            self._db = db
            _open.add(self)
            return db
        return None

    def _failed(self, exc: sqlite3.Error) -> None:
        """Stop using the file in this process; a damaged one is deleted (made
        again by the next process that opens it)."""
        self._close()
        self.store = False
        if _damaged(exc):
            _remove(self.folder / self.FILE)

    def _close(self) -> None:
        db, self._db = self._db, None
        _open.discard(self)
        if db is not None:
            try:
                db.close()
            except sqlite3.Error:
                pass


# What _drawing writes: moves and horizontal runs, nothing else.
_PATH = re.compile(r"[Mh0-9. ]*")

_open: "weakref.WeakSet[QrCache]" = weakref.WeakSet()  # caches with a connection open in this process


def _before_fork() -> None:
    """A fork never inherits an open connection (SQLite forbids using one
    across fork): each cache stores what it holds and closes; the fork and
    this process open their own when they next need one."""
    for cache in list(_open):
        cache._flush()
        cache._close()


os.register_at_fork(before=_before_fork)


def _damaged(exc: BaseException) -> bool:
    """Whether *exc* says the file is not a usable cache (not a database,
    corrupt, another table), as against locked, read-only or unwritable."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_ERROR, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _remove(path: Path) -> None:
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        try:
            (path.parent / name).unlink(missing_ok=True)
        except OSError:
            pass


def keep_part(qr) -> None:
    """``QrCache.keep_part`` of the cache whose ``svg`` *qr* is (a renderer's
    ``qr``); nothing for ``qr_svg`` itself."""
    cache = getattr(qr, "__self__", None)
    if isinstance(cache, QrCache):
        cache.keep_part()
