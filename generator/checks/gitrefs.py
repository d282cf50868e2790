"""Files of the catalogue at a git version, read with the ``git`` command
(for ``diff`` and ``check --base``; issue 13).

The ``git`` program, not a library (dulwich would be one more dependency
for what three git processes do): git is on every machine that has the
repository, CI runners included.  ``git diff --name-only`` gives the paths
that differ, ``git cat-file --batch`` their contents at a version (one
process for any number of files), ``git archive`` a whole tree.  Measured on
this repository (2 cores under load, 2026-11-29): a change of 98 files costs
14 ms to list and 38 ms to read at both versions; a change of 3 files, 23 ms.

A version (``ref``) is anything git names a commit by: a branch, a tag, a
hash, ``HEAD~1``, ``origin/main``.  ``None`` is the working tree: the files as
they are on disk, new files git does not ignore included.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from generator.messages import say


class GitError(Exception):
    """git is missing, the folder is no repository, or a version is unknown:
    ``str(exc)`` is the message for the editor (Chinese, with the fix)."""


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """``git -C root args…``'s output.  Raises GitError."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, timeout=300)
    except FileNotFoundError:
        raise GitError(say("git_missing")[0]) from None
    except subprocess.TimeoutExpired:
        raise GitError(say("git_failed", detail="timeout")[0]) from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(say("git_failed", detail=(detail[-1] if detail else f"git {args[0]}"))[0])
    return done.stdout


def verify(root: Path, ref: str) -> str:
    """The commit hash ``ref`` names.  Raises GitError saying how to get it
    (a branch of the remote that was not fetched is the usual case)."""
    if ref.startswith("-"):
        raise GitError(say("git_unknown_ref", ref=ref)[0])
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        git(root, "rev-parse", "--git-dir")  # not a repository: git's own words
        message, hint = say("git_unknown_ref", ref=ref)
        raise GitError(f"{message}{hint}") from None


def changed(root: Path, base: str, head: str | None) -> list[str]:
    """Paths (relative to the repository, "/"-separated) that differ between
    ``base`` and ``head`` (None: the working tree, untracked files too)."""
    args = ["diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", base] + ([head] if head else [])
    paths = git(root, *args).split(b"\0")
    if head is None:
        paths += git(root, "ls-files", "-z", "--others", "--exclude-standard").split(b"\0")
    prefix = git(root, "rev-parse", "--show-prefix").decode().strip()
    out = []
    for raw in paths:
        path = raw.decode("utf-8", "surrogateescape")
        if path and path.startswith(prefix):  # the catalogue may sit in a sub-folder of the repository
            out.append(path[len(prefix):])
    return sorted(set(out))


def read(root: Path, ref: str | None, paths: list[str]) -> dict[str, bytes | None]:
    """The contents of ``paths`` (relative to ``root``) at ``ref`` (None: on
    disk); None for a path that does not exist there."""
    if ref is None:
        out: dict[str, bytes | None] = {}
        for path in paths:
            file = root / path
            out[path] = file.read_bytes() if file.is_file() else None
        return out
    if not paths:
        return {}
    request = "".join(f"{ref}:./{p}\n" for p in paths).encode("utf-8", "surrogateescape")
    data = git(root, "cat-file", "--batch", stdin=request)
    out, at = {}, 0
    for path in paths:
        end = data.index(b"\n", at)
        header = data[at:end].split(b" ")
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            out[path] = data[at:at + size]
            at += size + 1
        else:  # "<name> missing", or a folder ("tree")
            if len(header) == 3:
                at += int(header[2]) + 1
            out[path] = None
    return out


def export(root: Path, ref: str, target: Path, wanted: list[str]) -> None:
    """Write the files under ``wanted`` (folders or files relative to
    ``root``, e.g. items, content, mkdocs.yml) as they are at ``ref`` into
    ``target``, to check that version.  Raises GitError."""
    prefix = git(root, "rev-parse", "--show-prefix").decode().strip()
    top = Path(git(root, "rev-parse", "--show-toplevel").decode().strip())
    data = git(top, "archive", "--format=tar", f"{ref}:{prefix}" if prefix else ref)
    inside = tuple(w.strip("/") + "/" for w in wanted)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar:
            name = member.name
            if not member.isfile() or not (name in wanted or name.startswith(inside)):
                continue  # links are not followed out of the copy
            if name.startswith("/") or ".." in name.split("/"):
                continue
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            path.write_bytes(source.read() if source else b"")
