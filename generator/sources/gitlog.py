"""Reading a repository with the ``git`` command: HEAD, the first-parent log
of a folder with the files each commit touched, and blobs by id.

Used by ``sources/history.py``.  Every call runs ``git`` with the system
configuration ignored and the C locale (paths are not quoted:
``core.quotepath=off``); a missing ``git``, a folder that is no repository
or one without commits gives "" from ``head_commit`` and None from
``head_blob``; the other calls raise ``subprocess.CalledProcessError``
(callers ask ``head_commit`` first).  Why the command and not a library:
``devtools/bench_history.py``.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ZERO = "0" * 40  # the blob id git names for "no file" (an add's old side, a delete's new side)


def git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    """stdout of ``git ARGS`` run in ``root``; raises CalledProcessError or OSError."""
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", LC_ALL="C")
    env.pop("GIT_DIR", None)
    return subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=root, input=data, env=env,
                          capture_output=True, check=True).stdout


def repo_prefix(folder: Path) -> str:
    """``folder``'s path relative to the top of the git repository holding it,
    as git names it, with a trailing "/" ("catalogue/", "examples/demo-city/");
    "" when it is the top, and also when there is no repository (a catalogue
    unpacked from a tarball: nothing says where it sits in the repository the
    clerks' saves go to, so its folders are taken as the top's).  When ``git``
    is missing or refuses the folder (another owner: "dubious ownership"), the
    nearest folder above holding ``.git`` (a folder, or a worktree's file) is the top."""
    try:
        return git(Path(folder), "rev-parse", "--show-prefix").decode("utf-8").strip()
    except (OSError, subprocess.CalledProcessError, UnicodeDecodeError):
        pass
    start = Path(folder).resolve()
    for top in (start, *start.parents):
        if (top / ".git").exists():
            relative = start.relative_to(top).as_posix()
            return "" if relative == "." else relative + "/"
    return ""


def head_commit(root: Path, rev: str = "HEAD") -> str:
    """HEAD's (or ``rev``'s) commit id, "" without git or commits (cheap: for the build stamp)."""
    try:
        return git(root, "rev-parse", "--verify", "-q", f"{rev}^{{commit}}").decode().strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def head_blob(root: Path, path: str, rev: str = "HEAD") -> bytes | None:
    """The bytes of ``path`` (relative to root) in HEAD (or ``rev``), None if it is not there."""
    try:
        return git(root, "show", f"{rev}:./{path}")
    except (OSError, subprocess.CalledProcessError):
        return None


def lines_then_and_now(root: Path, path: str, rev: str = "HEAD") -> tuple[list[str], list[str]] | None:
    """(the lines of ``path`` in ``rev``, its lines in the working tree), each
    decoded as UTF-8 with an optional BOM; None when either cannot be read."""
    try:
        committed = head_blob(root, path, rev)
        if committed is None:
            return None
        return (committed.decode("utf-8-sig").splitlines(),
                (root / path).read_bytes().decode("utf-8-sig").splitlines())
    except (OSError, UnicodeDecodeError):
        return None


def log(root: Path, folder: str, rev: str = "HEAD") -> list[tuple[str, str, list[tuple]]]:
    """The first-parent commits up to ``rev`` touching ``folder`` (relative to root), oldest
    first: [(commit, date ISO 8601, [(status letter, old blob, new blob, path,
    new path)])], renames detected (``R``: path and new path differ; paths
    relative to root)."""
    out = git(root, "log", "--first-parent", "--reverse", "-M", "--raw", "-z", "--no-abbrev", "--relative",
              "--format=%x01%H %cI", rev, "--", folder).decode("utf-8", "replace")
    commits = []
    for chunk in out.split("\x01")[1:]:
        tokens = chunk.split("\0")
        commit, when = tokens[0].strip().split(" ", 1)
        entries, i = [], 1
        while i < len(tokens):
            meta = tokens[i].strip()
            if not meta.startswith(":"):
                i += 1
                continue
            _, _, old, new, status = meta[1:].split(" ")
            letter = status[0]
            if letter in "RC":
                entries.append((letter, old, new, tokens[i + 1], tokens[i + 2]))
                i += 3
            else:
                entries.append((letter, old, new, tokens[i + 1], tokens[i + 1]))
                i += 2
        commits.append((commit, when, entries))
    return commits


class Blobs:
    """One ``git cat-file --batch`` process: blob id -> bytes.  Use as a
    context manager (the process ends on exit)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __enter__(self) -> "Blobs":
        env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1")
        self.proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.root, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        return self

    def __exit__(self, *exc) -> None:
        self.proc.stdin.close()
        self.proc.wait()

    def many(self, ids: list[str]) -> dict[str, bytes]:
        """Blobs by id (a missing one is left out); written and read in
        batches so the pipe never fills both ways."""
        found: dict[str, bytes] = {}
        wanted = [i for i in dict.fromkeys(ids) if i and i != ZERO]
        for start in range(0, len(wanted), 500):
            part = wanted[start:start + 500]
            self.proc.stdin.write("".join(f"{i}\n" for i in part).encode())
            self.proc.stdin.flush()
            for blob in part:
                header = self.proc.stdout.readline().split()
                if len(header) < 3:  # "<id> missing"
                    continue
                data = self.proc.stdout.read(int(header[2]))
                self.proc.stdout.read(1)
                found[blob] = data
        return found
