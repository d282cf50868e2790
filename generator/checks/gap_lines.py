"""The gaps of the items a clerk changed, told one by one in the plain ``check``.

A gap (``checks/gaps.py``: an element the catalogue expects and an item does
not state) is not an error: the plain run counts the gaps, ``check --gaps``
lists them.  Clerk trial 14, #35 (worst #5): the clerk's own edit (``online``
added to ``forms`` without ``online_url``) made a gap the plain run only
counted, while ``check --base`` in the pull request fails on it (a new gap in
a touched item, ``checks/baseline.py``).  So the gaps of the items changed
since the last commit (the working tree against HEAD, ``gitrefs.changed``:
edited and new files) are told as the problems are, at their file:line with
the element and what to add (labels ``gap_add``, or for an element not
written at all ``gaps.required_finding``'s place and shape); the others are
still only counted.  Without git (or before the first commit) nothing is
listed, as before.
"""

from __future__ import annotations

from pathlib import Path

from generator.checks import gitrefs
from generator.checks.gaps import Gap, element_title, required_finding
from generator.checks.model import Item
from generator.checks.problems import Problem, ProblemsFound
from generator.checks.schema_errors import key_path
from generator.messages import labels, ui
from generator.sources.load import load_file


def changed(root: Path, entries) -> list[Problem] | None:
    """One problem (severity "warning", printed with the label 待补充) per
    gap of the ``entries`` (catalogue entries with gaps) whose file changed
    since the last commit; None without git or a commit."""
    try:
        touched = set(gitrefs.changed(root, "HEAD", None))
    except gitrefs.GitError:
        return None
    out = []
    for entry in entries:
        if entry.source not in touched:
            continue
        try:
            doc = load_file(root / entry.source, entry.source, positions=True, within=root)
        except (ProblemsFound, OSError):
            doc = None
        out += sorted(_told(entry.source, gap, doc) for gap in dict.fromkeys(entry.gaps))  # by line
    return out


def _told(source: str, gap: Gap, doc) -> Problem:
    """``gap`` of the file ``source`` (read with positions: ``doc``, or None)
    at its line, with what to add."""
    title = element_title(gap.element)
    top = gap.element.split(".")[0]
    line, column = doc.position(gap.path) if doc is not None else (1, 1)
    if doc is not None and top in Item.model_fields and (top,) not in doc.keys:
        finding = required_finding(top, doc)  # not written at all: where (and how) to add it
        line, column = finding.values["at"]
        if top == gap.element:
            return Problem(source, line, column, ui("gap_changed_line"), finding.values["how"], title, top, "warning")
    texts = labels("gap_add")
    how = texts.get(gap.element) or labels("add_element").get(gap.element) or texts["other"]
    values = labels(gap.element.split(".")[-1])  # the values an element may take, with their names
    how = how.format(values="、".join(f"{k}（{v}）" for k, v in values.items()), title=title)
    return Problem(source, line, column, ui("gap_changed_line"), how, title, _key(gap), "warning")


def _key(gap: Gap) -> str:
    """The missing element's key path: in the entry the gap is shown at
    (materials[2].form), else the element's name (channels.online_url)."""
    at = max((i for i, part in enumerate(gap.path) if isinstance(part, int)), default=None)
    return f"{key_path(gap.path[:at + 1])}.{gap.element.split('.')[-1]}" if at is not None else gap.element
