"""Stage 1 — which files may be read: nothing outside the repository, and
nothing under ``items/`` or ``content/`` silently left unread.

Rules (reported by ``survey``, each as a ``Problem`` at line 1 of the file):

- A symbolic link whose target is outside the project root is refused and
  nothing is read through it (``load_file(..., within=root)`` refuses it too,
  and the site build leaves such a page or asset out): an outside item would
  be published, and an outside file's keys would be printed in messages.
  Links that stay inside the project are followed.
- A dangling link, a file or folder that cannot be read, and anything that
  is not a regular file or folder (a named pipe, a device) are reported.
- A folder under ``items/`` that is a symbolic link is reported (whether it
  stays inside or not): item files are found by walking real folders only, so
  its items would silently be missing.
- Under ``items/`` every file is an item file (``*.yaml``; ``*.yml`` is read
  as well), a ``README``/``README.md`` or a ``.gitkeep``.  Anything else is
  reported: ``x.YAML``, ``x.yaml.txt``, ``x.json`` would never be read.  A
  file that holds an item under another ending (``990502002000.txt``) is told
  to be renamed to ``990502002000.yaml`` (``misnamed_item``).
  Hidden files (``.DS_Store``, editor swap files) are warnings, others errors.
- Under ``content/`` pages and assets are MkDocs' business; only what looks
  like a misplaced data file is reported: a ``.yaml``/``.yml`` file (any
  letter case, also ``x.yaml.txt``) that is not one of the registries
  (``departments.yaml``, ``offices.yaml``, ``proofs.yaml``, ``taxonomies.yaml``,
  ``synonyms.yaml``, ``life-events/*.yaml``).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from generator.checks.problems import Problem
from generator.messages import say

REGISTRY_FILES = {"departments.yaml", "offices.yaml", "proofs.yaml", "taxonomies.yaml", "synonyms.yaml"}
LIFE_EVENTS = "life-events"
EDITION_TERMS = "editions/protected-terms.yaml"  # the 繁體版's protected terms (outputs/editions.py)
ITEM_SUFFIXES = (".yaml", ".yml")
ALLOWED_IN_ITEMS = {"readme", "readme.md", ".gitkeep"}


def inside(path: Path, root: Path) -> bool:
    """True when ``path``, with every symbolic link resolved, is within ``root``."""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
    except ValueError:
        return False
    return True


def unsafe(path: Path, root: Path) -> str | None:
    """Why ``path`` must not be read (the message key), or None: a link out
    of ``root``, a dangling link, or a file that cannot be read."""
    if not inside(path, root):
        return "symlink_outside"
    if path.is_symlink() and not path.exists():
        return "dangling_symlink"
    if not (path.is_file() or path.is_dir()):
        return "special_file"  # a pipe or a device: reading it may never end
    if not os.access(path, os.R_OK):
        return "unreadable_path"
    return None


def _unsafe_walked(path: Path, root: Path) -> str | None:
    """``unsafe`` for a file that a walk without following links found in a
    folder inside ``root``: a plain file there is inside, so only its
    readability is checked (an lstat and an access, not a lookup of every
    parent folder: the walk runs on every ``make serve`` rebuild)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return unsafe(path, root)
    if stat.S_ISREG(mode):
        return None if os.access(path, os.R_OK) else "unreadable_path"
    return unsafe(path, root)


def _problem(display: str, key: str, severity: str = "error", **values) -> Problem:
    message, hint = say(key, **values)
    return Problem(display, 1, 1, message, hint, severity=severity)


def _looks_like_data(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(ITEM_SUFFIXES) or any(f"{s}." in lower for s in ITEM_SUFFIXES)


def _stray_hint(name: str) -> dict:
    """"Rename it x.yaml" when the name is a YAML file's with the wrong ending."""
    lower = name.lower()
    for suffix in ITEM_SUFFIXES:
        at = lower.rfind(suffix)
        if at > 0 and name[at:] != ".yaml":
            return {"suggestion": say("rename_to", name=name[:at] + ".yaml")[0]}
    return {"suggestion": ""}


# A line that starts an item: a file holding one is an item file saved under
# another name ("990502002000.txt", "990502002000"), not a stray file.
_ITEM_LINE = re.compile(rb"^code[ ]*:", re.M)


def misnamed_item(path: Path) -> str | None:
    """``"990502002000.yaml"`` for a file under items/ that holds an item but
    is saved with another ending (``990502002000.txt``, no ending): a file
    whose first 4 KB have a top-level ``code:`` line and whose name up to
    the first dot has no ``.yaml`` file beside it; else None (issue 13)."""
    name = path.name
    stem = name.split(".", 1)[0]
    if name.startswith(".") or name.endswith(ITEM_SUFFIXES) or (path.parent / f"{stem}.yaml").exists():
        return None
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return None
    return f"{stem}.yaml" if _ITEM_LINE.search(head) else None


def misnamed_items(root: Path, items_dir: str = "items") -> dict[str, str]:
    """Item key (file name without ``.yaml``) -> file shown, for every file
    under ``items_dir`` that ``misnamed_item`` finds.  Links are not followed."""
    found: dict[str, str] = {}
    for folder, _, names in os.walk(root / items_dir):
        for name in names:
            path = Path(folder) / name
            meant = None if path.is_symlink() or not path.is_file() else misnamed_item(path)
            if meant:
                found[meant[: -len(".yaml")]] = _display(path, root)
    return found


def survey(root: Path, items_dir: str = "items", content_dir: str = "content") -> list[Problem]:
    """Problems with the files under ``items_dir`` and ``content_dir`` of
    ``root`` (see the module's rules).  Never raises for a file it cannot read."""
    root = Path(os.path.realpath(root))
    problems: list[Problem] = []
    for top, is_items in ((root / items_dir, True), (root / content_dir, False)):
        if not top.is_dir():
            continue
        # A folder reached through a link is checked file by file (resolving each).
        check = _unsafe_walked if os.path.realpath(top) == str(top) else unsafe

        def unreadable_folder(error: OSError, top=top) -> None:
            where = Path(error.filename) if error.filename else top
            problems.append(_problem(_display(where, root), "unreadable_path"))

        for folder, dirs, names in os.walk(top, onerror=unreadable_folder):
            here = Path(folder)
            for name in sorted(dirs):
                path = here / name
                if path.is_symlink():
                    reason = unsafe(path, root) or ("symlinked_folder" if is_items else None)
                    if reason:
                        problems.append(_problem(_display(path, root), reason))
            for name in sorted(names):
                path = here / name
                display = _display(path, root)
                reason = check(path, root)
                if reason:
                    problems.append(_problem(display, reason))
                elif is_items:
                    if not name.endswith(ITEM_SUFFIXES) and (meant := misnamed_item(path)):
                        problems.append(_problem(display, "misnamed_item_file", name=meant))
                    elif not name.endswith(ITEM_SUFFIXES) and name.lower() not in ALLOWED_IN_ITEMS:
                        severity = "warning" if name.startswith(".") else "error"
                        problems.append(_problem(display, "stray_item_file", severity, **_stray_hint(name)))
                elif _looks_like_data(name) and not _is_registry(path.relative_to(top)):
                    problems.append(_problem(display, "stray_data_file", **_stray_hint(name)))
    return problems


def _is_registry(relative: Path) -> bool:
    parts = relative.parts
    if len(parts) == 1:
        return parts[0] in REGISTRY_FILES
    return (len(parts) == 2 and parts[0] == LIFE_EVENTS and parts[1].endswith(".yaml")) \
        or relative.as_posix() == EDITION_TERMS


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
