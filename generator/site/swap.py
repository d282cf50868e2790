"""Putting a finished site in place so that there is a whole site at every moment.

The new site is built in a staging folder beside the published one
(``.NAME-new-XXXX``, same file system) and then exchanged with it in one
system call: ``renameat2(..., RENAME_EXCHANGE)`` (Linux 3.15+, glibc 2.28+,
on ext4, xfs, btrfs, tmpfs and most local file systems).  Before the call
the old site is in place, after it the new one; a process killed at any
point (OOM killer, CI timeout) leaves one of the two whole.  The old site,
now in the staging folder, is removed in the background.

Fallback where the exchange is not available (macOS, Windows, a file system
without it): two renames, old site aside, new site in.  A kill between the
two leaves no site until the next build, which first puts the old site back
(``clean_leftovers``) and then builds.

Every build starts by removing what killed builds left beside the site
(staging folders and old sites being deleted), under a lock (``build_lock``)
so that it never removes the staging folder of a build still running.

A published site folder that is a symlink (to a web root) stays a symlink:
the site is published into its target, which is what ``target`` returns.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator, Optional

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# The file system or kernel cannot exchange: use the fallback.
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


def target(site: Path) -> Path:
    """Where the site is really published: *site* with every symlink resolved
    (a site folder that is a symlink to a web root publishes into the web root)."""
    return Path(os.path.realpath(site))


def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc < 2.28)
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(a: Path, b: Path) -> bool:
    """Swap the two existing paths *a* and *b* atomically.  False when this
    system cannot (nothing was changed then); raises OSError otherwise."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(b))


def _prefixes(site: Path) -> tuple[str, str]:
    return f".{site.name}-new-", f".{site.name}-old-"


def staging_folder(site: Path) -> Path:
    """A new empty folder beside *site* (its real path) to build into; the
    folder *site* goes in is made if missing."""
    site.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=_prefixes(site)[0], dir=site.parent))


def leftovers(site: Path) -> list[Path]:
    """Staging folders and old sites of earlier builds beside *site*."""
    new, old = _prefixes(site)
    try:
        return sorted(p for p in site.parent.iterdir() if p.name.startswith((new, old)))
    except FileNotFoundError:
        return []


def clean_leftovers(site: Path) -> None:
    """What killed builds left beside *site*: an old site put aside by the
    fallback when no site is in place is put back; the rest is removed.
    Call it under ``build_lock``."""
    old_prefix = _prefixes(site)[1]
    if not os.path.lexists(site):
        aside = [p for p in leftovers(site) if p.name.startswith(old_prefix) and (p / "index.html").is_file()]
        if aside:
            os.rename(max(aside, key=lambda p: p.stat().st_mtime_ns), site)
    for path in leftovers(site):
        shutil.rmtree(path, ignore_errors=True)


def put_in_place(staging: Path, site: Path) -> None:
    """Make the finished *staging* folder the site at *site* (a real path,
    no symlink), atomically where the system can; the old site is removed
    in the background."""
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    if not os.path.lexists(site):
        try:
            os.rename(staging, site)
            return
        except OSError as exc:  # another process made it meanwhile
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
    if exchange(staging, site):
        _remove_later(staging)  # it holds the old site now
        return
    old = site.parent / f"{_prefixes(site)[1]}{os.getpid()}"
    os.rename(site, old)
    os.rename(staging, site)  # a kill just before this leaves no site: see clean_leftovers
    _remove_later(old)


def _remove_later(old: Path) -> None:
    """Delete the replaced site without making the build wait for it (tens of
    thousands of files).  A folder left by an interrupted removal is removed
    by the next build."""
    rm = shutil.which("rm")
    if rm and os.name == "posix":
        subprocess.Popen([rm, "-rf", str(old)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    else:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Held for a whole build: a second build of the same project waits
    instead of removing the first one's staging folder as a leftover."""
    try:
        import fcntl
    except ImportError:  # not POSIX: builds are not serialised
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    fd: Optional[int] = os.open(folder / "build.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
