"""Search tables derived from libraries' data files, kept once per machine.

Some of search's tables depend only on installed libraries' data files and
on our deriving code, never on the catalogue: jieba's prefix dictionary
(from ``jieba/dict.txt``), its character pairs and idf table and the
general weights derived from those two, Cilin's synonym groups
(search_thesaurus.py).  Deriving them costs about 1.6 CPU-s in every
build, a 67-item demo as much as a 1,603-item catalogue; read back from
this cache about 0.5 s, 0.35 s since a build reads the small general
weights instead of the idf table and the pairs (docs/performance.md,
"Search tables cached per machine" and "Search index CPU").

Where: ``<user cache dir>/open-service-catalogue/search-tables/<name>.marshal``
(``platformdirs.user_cache_dir``: ``$XDG_CACHE_HOME`` or ``~/.cache`` on
Linux, ``%LOCALAPPDATA%`` on Windows), as jieba keeps its own prefix
dictionary in ``/tmp/jieba.cache``.  A file holds one table with its key
(SHA-256 over Python's marshal version, the versions of the named
distributions, the data files' names, sizes, modification times and
BLAKE2b digests, and the source of the deriving modules) and the BLAKE2b
digest of its payload; a file with another key, a wrong digest, a payload
marshal cannot read or a table of the wrong shape is derived again and
replaced.  Files are written to a temporary name and renamed
(``os.replace``), so forked workers and two builds at once never read half
a file.  The cache is never required: an unreadable or unwritable cache
directory (read-only or missing home) only means the tables are derived
in every build.  The tables are the same either way, so is the site.
``marshal`` is not meant for data from others: the folder is the user's
own (``~/.cache`` is private), and a file is used only with its digest.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import marshal
import os
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
APP = "open-service-catalogue"
MAGIC = b"OSC-search-table 1\n"  # then the 32-byte key, the 32-byte payload digest, the payload


def machine_cache_dir(part: str) -> Path:
    """``<user cache dir>/open-service-catalogue/<part>``: the per-machine
    caches of what depends only on code and libraries (these tables, the
    compiled templates: outputs/templating.py); not created here."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP, appauthor=False)) / part


def cache_dir() -> Path:
    """The folder of the cached tables (not created here)."""
    return machine_cache_dir("search-tables")


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


@lru_cache(maxsize=32)  # jieba's dict.txt keys three tables: read and hashed once a process
def _file_digest(path: str, size: int, mtime_ns: int) -> bytes:
    return _digest(Path(path).read_bytes())


def table_key(distributions: Iterable[str], data_files: Iterable[Path], code: Iterable[Path]) -> bytes:
    """32 bytes that change when a table might: Python's marshal format, the
    distributions' versions, a data file's name, size, mtime or contents
    (BLAKE2b, ~15 ms for jieba's 11 MB), or the source of a deriving module.
    Raises OSError for a data file or module that cannot be read and
    importlib.metadata.PackageNotFoundError for a distribution not installed."""
    key = hashlib.sha256(b"%d\n" % marshal.version)
    for name in distributions:
        key.update(f"dist {name} {metadata.version(name)}\n".encode())
    for path in data_files:
        stat = path.stat()
        key.update(f"data {path.name} {stat.st_size} {stat.st_mtime_ns} ".encode()
                   + _file_digest(str(path), stat.st_size, stat.st_mtime_ns) + b"\n")
    for path in code:
        key.update(f"code {path.name} ".encode() + _digest(path.read_bytes()) + b"\n")
    return key.digest()


def read(path: Path, key: bytes) -> object | None:
    """The table stored in ``path`` under ``key``, or None when the file is
    missing, unreadable, written under another key or damaged."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC)
    if blob[:head] != MAGIC or blob[head:head + 32] != key:
        return None
    payload = memoryview(blob)[head + 64:]
    if _digest(payload) != blob[head + 32:head + 64]:
        return None
    enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of new objects, none of them garbage
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    finally:
        if enabled:
            gc.enable()


def write(path: Path, key: bytes, table: object) -> bool:
    """Store ``table`` (built of dict, tuple, str, int, float only) in
    ``path`` atomically: a temporary file in the same folder, then
    ``os.replace``.  False (and nothing left behind) when the folder cannot
    be made or written."""
    payload = marshal.dumps(table)
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC + key + _digest(payload) + payload)
        os.replace(temp, path)
        return True
    except OSError as error:
        log.debug("search table %s not cached: %s", path, error)
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass
        return False


def cached(name: str, derive: Callable[[], T], *, distributions: Iterable[str] = (),
           data_files: Iterable[Path] = (), code: Iterable[Path] = (),
           valid: Callable[[object], bool] = lambda table: True) -> T:
    """``derive()``, or the table a previous call stored under ``name`` with
    the same key (``table_key`` of ``distributions``, ``data_files`` and the
    source files ``code``) when it is readable and ``valid``; a derived table
    is stored for the next build when the cache folder is writable.  Errors
    of ``derive`` propagate; the cache's own never do."""
    try:
        key = table_key(distributions, data_files, code)
    except (OSError, metadata.PackageNotFoundError) as error:
        log.debug("search table %s not cached: %s", name, error)
        return derive()
    try:
        path = cache_dir() / f"{name}.marshal"
    except Exception as error:  # noqa: BLE001  (no home, no cache dir: derive every time)
        log.debug("no cache folder for search table %s: %s", name, error)
        return derive()
    table = read(path, key)
    if table is not None and valid(table):
        return table  # type: ignore[return-value]
    table = derive()
    write(path, key, table)
    return table
