"""``check --base REF``: a change may not make the catalogue worse (issue 13).

The catalogue as it is (the working tree; in CI the pull request merged into
its target) is checked, and so is the catalogue at ``REF`` (the target
branch, exported from git into a temporary folder and checked with the same
settings).  What counts against the change:

* an error that ``REF`` does not have, in any file (removing a department
  breaks items that are not in the change: that is new too);
* a gap (an element the catalogue expects and the item does not state,
  ``checks/gaps.py``) that ``REF`` does not have, in an item file the change
  touches; but not a detail of an element the item left out wholly at
  ``REF`` (county trial 3, F9: a department filling in the missing
  ``materials`` with a material whose ``form`` it does not know made the
  item better, and was blocked; ``gaps.detail_of_unstated``).  Those are
  listed as still to fill (``Comparison.filled``) and the summary gives the
  item's gaps before -> after.  A detail of an element stated at ``REF`` (a
  deleted ``form:`` line) is new.

Errors and gaps that ``REF`` already has, and warnings, do not fail the
check: a clerk fixing one item is not blocked by another department's gaps.
New warnings are listed.  A problem is "the same" when its file (followed
through a rename), kind, element and message are: lines may move.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.checks import gap_lines, gitrefs
from generator.checks.diff import compare
from generator.checks.gaps import detail_of_unstated, unstated
from generator.checks.problems import Problem
from generator.checks.validate import Report, build_catalogue
from generator.config import Settings
from generator.messages import ui


@dataclass
class Comparison:
    base: str
    errors: list[Problem] = field(default_factory=list)  # new errors, anywhere
    gaps: list[Problem] = field(default_factory=list)  # new gaps in touched item files, as errors (they block)
    warnings: list[Problem] = field(default_factory=list)  # new warnings (do not fail)
    old: int = 0  # problems and gaps REF has too
    filled: list[Problem] = field(default_factory=list)  # details of elements REF left out wholly (do not fail)
    better: list[tuple[str, int, int, list[str]]] = field(default_factory=list)  # (file, gaps at REF, now,
    # the elements filled in) of each touched item that filled in an element REF left out wholly

    @property
    def worse(self) -> bool:
        return bool(self.errors or self.gaps)

    @property
    def problems(self) -> list[Problem]:
        return sorted(self.errors + self.gaps + self.warnings)


def _identity(p: Problem, renamed: dict[str, str]) -> tuple:
    return (renamed.get(p.file, p.file), p.severity, p.element, p.key, p.message)


def _gaps(report: Report) -> dict[tuple[str, str], str]:
    """(file, gap element) -> the element's title, of the published items."""
    from generator.checks.gaps import element_title
    cat = report.catalogue
    if cat is None:
        return {}
    return {(e.source, g.element): element_title(g.element) for e in cat.entries for g in e.gaps}


def compare_with(root: Path, settings: Settings, report: Report, base: str) -> Comparison:
    """What ``report`` (the working tree's check) has that ``base`` has not.
    Raises gitrefs.GitError."""
    change = compare(root, settings, base, None)
    touched = set(gitrefs.changed(root, base, None))
    renamed = {c.path: c.old_path for c in change.renamed}  # now -> then
    with tempfile.TemporaryDirectory(prefix="catalogue-base-") as folder:
        gitrefs.export(root, base, Path(folder), [settings.items_dir, settings.content_dir])
        before = build_catalogue(Path(folder), settings, history_at=(root, base))
    then = {_identity(p, {}) for p in before.problems}
    result = Comparison(base)
    for p in report.problems:
        if _identity(p, renamed) in then:
            result.old += 1
        elif p.is_error:
            result.errors.append(p)
        else:
            result.warnings.append(p)
    gaps_then = set(_gaps(before))
    result.old += sum((renamed.get(file, file), element) in gaps_then for file, element in _gaps(report))
    entries_then = {e.source: e for e in before.catalogue.entries} if before.catalogue is not None else {}
    for entry in report.catalogue.entries if report.catalogue is not None else ():
        if entry.source not in touched:
            continue
        then = entries_then.get(renamed.get(entry.source, entry.source))  # None: not published at REF
        new = [g for g in dict.fromkeys(entry.gaps)
               if (renamed.get(entry.source, entry.source), g.element) not in gaps_then]
        left_out = unstated(then.item, before.catalogue.office) if then is not None else set()
        filled = [g for g in new if detail_of_unstated(g.element, left_out)]
        new = [g for g in new if g not in filled]
        # Where and how the plain run tells it (clerk trial 17, worst #5: not 1:1 without a hint);
        # an error: it blocks the change, and the summary counts it among the new errors.
        result.gaps += [replace(p, message=ui("base_gap_line"), severity="error")
                        for p in gap_lines.located(root, entry, new, report.catalogue)] if new else []
        result.filled += [replace(p, message=ui("base_gap_filled_line"))
                          for p in gap_lines.located(root, entry, filled, report.catalogue)] if filled else []
        now_left_out = unstated(entry.item, report.catalogue.office)
        done = [e for e in sorted(left_out - now_left_out) if e in {g.element for g in then.gaps}] if then else []
        if done:
            result.better.append((entry.source, len(dict.fromkeys(then.gaps)), len(dict.fromkeys(entry.gaps)),
                                  done))
    return result


def summary(result: Comparison) -> str:
    """The closing lines: what is new against the base (one line), then one
    line per item that filled in an element the base left out wholly."""
    from generator.checks.gaps import element_title
    gaps = ui("base_summary_gaps").format(gaps=len(result.gaps)) if result.gaps else ""
    lines = [ui("base_summary").format(base=result.base, errors=len(result.errors) + len(result.gaps), gaps=gaps,
                                       warnings=len(result.warnings), old=result.old)]
    for file, before, after, done in result.better:
        still = sum(p.file == file for p in result.filled)
        lines.append(ui("base_better").format(file=file, elements="、".join(element_title(e) for e in done),
                                              before=before, after=after,
                                              still=ui("base_still").format(n=still) if still else ""))
    return "\n".join(lines)
