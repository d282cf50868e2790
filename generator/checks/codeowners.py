"""CODEOWNERS from the department registry (issue 13).

Each department that names ``reviewers`` in ``content/departments.yaml``
owns its folder under ``items/``: GitHub and GitLab then ask those people to
review every pull (merge) request that changes one of its items.  The file is
generated, never edited: ``python -m generator codeowners`` writes it
(``.github/CODEOWNERS`` by default; GitLab reads ``.gitlab/CODEOWNERS`` or
``CODEOWNERS``, ``--path`` writes there), and ``check`` warns when a
CODEOWNERS file in one of those places no longer matches the registry.

Syntax (the same on both platforms): ``/items/<id>/ @user @org/team``; a
later line wins over an earlier one, and paths starting with "/" are anchored
at the repository root.  A catalogue in a sub-folder of the repository gets
that folder in front.
"""

from __future__ import annotations

from pathlib import Path

from generator.checks.problems import Problem
from generator.messages import say, ui

PLACES = (".github/CODEOWNERS", ".gitlab/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
DEFAULT = PLACES[0]


def render(departments, items_dir: str = "items", prefix: str = "", source: str = "content/departments.yaml") -> str:
    """The CODEOWNERS text.  ``departments``: model Department records in
    registry order; ``prefix``: the catalogue's folder in the repository
    ("" or "a/b/")."""
    lines = [f"# {ui('codeowners_header').format(source=source)}", ""]
    folder = "/" + prefix + items_dir.strip("/") + "/"
    for d in departments:
        if d.reviewers:
            lines.append(f"{folder}{d.id}/ {' '.join(d.reviewers)}")
    return "\n".join(lines) + "\n"


def owned(departments) -> int:
    return sum(1 for d in departments if d.reviewers)


def stale(root: Path, text: str) -> list[Problem]:
    """A warning for each CODEOWNERS file (in PLACES) that is not ``text``."""
    out = []
    for place in PLACES:
        path = root / place
        try:
            current = path.read_text(encoding="utf-8") if path.is_file() else None
        except (OSError, UnicodeDecodeError):
            current = ""
        if current is not None and current.replace("\r\n", "\n") != text:
            message, hint = say("codeowners_stale", path=place)
            out.append(Problem(place, 1, 1, message, hint, severity="warning"))
    return out


def write(root: Path, text: str, place: str = DEFAULT) -> Path:
    path = root / place
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path
