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

One omission is one message (clerk trial 16, #22, #26, #29, #30): a gap
a listed warning already tells (``lost_lines.omitted``: a fee without
``basis``, ``charged: true`` without items) is not told again, and a gap
whose line the last commit had is told as deleted, with that line given
back (``lost_lines.given_back``); an ``offices`` gap lists the office ids
with their names (``offices_meant.choices``), not the placeholder 办理地点.

Each gap is told as what it is (clerk trial 17, worst #4;
``mistakes/gaps_then.kinds``): of a new item file, new since the last
commit, or there already; without git to compare with, nothing is claimed.
"""

from __future__ import annotations

from pathlib import Path

from generator.checks import gitrefs
from generator.checks.gaps import Gap, element_title, required_finding
from generator.checks.model import Item
from generator.checks.problems import Problem, ProblemsFound
from generator.checks.schema_errors import key_path
from generator.checks.mistakes import gaps_then, lost_lines, offices_meant
from generator.messages import labels, say, ui
from generator.sources.load import load_file


def changed(root: Path, entries, problems: list[Problem] = (), cat=None) -> list[Problem] | None:
    """One problem (severity "warning", printed with the label 待补充) per
    gap of the ``entries`` (catalogue entries with gaps) whose file changed
    since the last commit, but for those ``problems`` already tell; None
    without git or a commit.  ``cat``: the catalogue, for the office ids."""
    try:
        touched = set(gitrefs.changed(root, "HEAD", None))
    except gitrefs.GitError:
        return None
    messages = lost_lines.patterns()
    told = {(p.file, lost_lines.omitted(p, messages)) for p in problems if p.file in touched}
    out = []
    for entry in entries:
        if entry.source not in touched:
            continue
        try:
            doc = load_file(root / entry.source, entry.source, positions=True, within=root)
        except (ProblemsFound, OSError):
            doc = None
        gaps = [gap for gap in dict.fromkeys(entry.gaps) if (entry.source, _key(gap)) not in told]
        back = lost_lines.given_back(root, [(entry.source, _key(gap)) for gap in gaps])
        choices = offices_meant.choices(cat, entry) if cat is not None else ""
        kinds = gaps_then.kinds(cat, entry, gaps)
        out += sorted(_told(entry.source, gap, doc, back.get((entry.source, _key(gap))), choices, kinds[gap])
                      for gap in gaps)  # by line
    return out


def located(root: Path, entry, gaps: list[Gap], cat=None) -> list[Problem]:
    """The ``gaps`` of ``entry`` as the plain run tells them (its line and
    column, element key path and hint: ``_told``), for ``check --base``
    (clerk trial 17, worst #5: it said 1:1 without a hint)."""
    try:
        doc = load_file(root / entry.source, entry.source, positions=True, within=root)
    except (ProblemsFound, OSError):
        doc = None
    back = lost_lines.given_back(root, [(entry.source, _key(gap)) for gap in gaps])
    choices = offices_meant.choices(cat, entry) if cat is not None else ""
    return [_told(entry.source, gap, doc, back.get((entry.source, _key(gap))), choices, "new") for gap in gaps]


def _told(source: str, gap: Gap, doc, back: tuple[str, int] | None = None, choices: str = "",
          kind: str = "unknown") -> Problem:
    """``gap`` of the file ``source`` (read with positions: ``doc``, or None)
    at its line, with what to add: ``back`` (the committed line(s) to give
    back, the line they go next to), ``choices``: the office ids offered,
    ``kind``: new_file, new, filled, old or unknown (``gaps_then.kinds``)."""
    said = ui(_SAID.get(kind, "gap_changed_line"))
    title = element_title(gap.element)
    top = gap.element.split(".")[0]
    line, column = doc.position(gap.path) if doc is not None else (1, 1)
    if back is not None:  # deleted since the last commit (clerk trial 16, #26)
        line, column = (back[1], 1) if back[1] else (line, column)
        return Problem(source, line, column, say("gap_deleted")[0], back[0], title, _key(gap), "warning")
    if doc is not None and top in Item.model_fields and (top,) not in doc.keys:
        fields = say("office_choices", choices=choices)[0] if top == "offices" and choices else ""  # ids, not
        finding = required_finding(top, doc, fields)  # the title 办理地点 (clerk trial 16, #40); not written at all:
        line, column = finding.values["at"]  # where (and how) to add it
        if top == gap.element:
            return Problem(source, line, column, said, finding.values["how"], title, top, "warning")
    texts = labels("gap_add")
    how = texts.get(gap.element) or labels("add_element").get(gap.element) or texts["other"]
    values = labels(gap.element.split(".")[-1])  # the values an element may take, with their names
    how = how.format(values="、".join(f"{k}（{v}）" for k, v in values.items()), title=title)
    return Problem(source, line, column, said, how, title, _key(gap), "warning")


_SAID = {"new_file": "gap_new_file_line", "new": "gap_new_line", "filled": "gap_filled_line",
         "old": "gap_old_line"}


def _key(gap: Gap) -> str:
    """The missing element's key path: in the entry the gap is shown at
    (materials[2].form), else the element's name (channels.online_url)."""
    at = max((i for i, part in enumerate(gap.path) if isinstance(part, int)), default=None)
    return f"{key_path(gap.path[:at + 1])}.{gap.element.split('.')[-1]}" if at is not None else gap.element
