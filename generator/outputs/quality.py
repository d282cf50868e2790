"""The data-quality page (数据质量) and the departments' work lists.

Nothing lost, nothing silent: for each department, how many items are
published, which item files are held back and why, which published items
carry warnings to fix (待整改, e.g. a catch-all clause copied from the law),
which elements are gaps (not stated, shown on the pages as 信息待补充) and
which items have not been reviewed for longer than ``publish.review_days``
(of those stating a reviewed date; the items stating none are counted apart).  Each department gets a CSV
work list (UTF-8 with BOM, so spreadsheet programs read the Chinese), one row
per thing to do.

Dates: the build date is ``SOURCE_DATE_EPOCH`` when set, else HEAD's commit
date (``History.build_date``; today only without git), so two builds of one
commit are identical.  Items registered more than 20 working days after
their law took effect are listed (checks/registration.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections import Counter
from dataclasses import dataclass, field

from generator.catalogue import Catalogue, Entry, HeldBack
from generator.checks.gaps import element_title
from generator.config import Settings
from generator.messages import page_texts


def build_date() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


@dataclass
class DepartmentQuality:
    id: str  # "" for files outside any department folder
    name: str
    published: int = 0
    held_back: list[HeldBack] = field(default_factory=list)
    gaps: Counter = field(default_factory=Counter)  # element title -> items lacking it
    gap_entries: list[Entry] = field(default_factory=list)
    stale: list[Entry] = field(default_factory=list)  # reviewed before the limit: only items stating a date
    unreviewed: list[Entry] = field(default_factory=list)  # no reviewed date: not overdue, not on time (S8)
    to_fix: list[tuple[Entry, list]] = field(default_factory=list)  # published item, its warnings (Problem)

    @property
    def gap_count(self) -> int:
        return sum(self.gaps.values())

    @property
    def gaps_ranked(self) -> list[tuple[str, int]]:
        """(element title, items lacking it), most first, ties by title: the same order in
        every build (``Counter.most_common`` keeps first-seen order for ties, and that came
        from a set's order, which differs between processes)."""
        return sorted(self.gaps.items(), key=lambda pair: (-pair[1], pair[0]))


@dataclass
class QualityReport:
    departments: list[DepartmentQuality]
    review_days: int
    date: dt.date
    late: list = field(default_factory=list)  # checks.registration.Late: registered after the deadline
    # (title, key) of the catalogue block's settings shown only when stated
    # (UNSTATED_SETTINGS) and not stated, e.g. [("发布机关", "publisher")]
    unstated_settings: list = field(default_factory=list)

    @property
    def totals(self) -> DepartmentQuality:
        total = DepartmentQuality("", "")
        for d in self.departments:
            total.published += d.published
            total.held_back += d.held_back
            total.gaps.update(d.gaps)
            total.stale += d.stale
            total.unreviewed += d.unreviewed
            total.to_fix += d.to_fix
        return total


def report(cat: Catalogue, settings: Settings) -> QualityReport:
    """The quality of the catalogue, per department in registry order (a
    department with nothing to show is still listed, with its counts)."""
    # The history's build date: HEAD's commit date, not the clock (reproducible).
    today = cat.history.build_date() if cat.history is not None else build_date()
    limit = today - dt.timedelta(days=settings.publish.review_days)
    rows = {d.id: DepartmentQuality(d.id, d.name) for d in cat.departments}

    def row(department: str) -> DepartmentQuality:
        if department not in rows:
            rows[department] = DepartmentQuality(department, department or page_texts()["quality_no_department"])
        return rows[department]

    warned: dict[str, list] = {}
    for problem in cat.warnings:
        warned.setdefault(problem.file, []).append(problem)
    for entry in cat.entries:
        r = row(entry.department)
        r.published += 1
        if entry.source in warned:
            r.to_fix.append((entry, warned[entry.source]))
        if entry.gaps:
            r.gap_entries.append(entry)
            r.gaps.update(sorted({element_title(e) for e in {g.element for g in entry.gaps}}))
        # 超期未核验 counts only the items stating when they were reviewed; the
        # others are counted apart (county trial 3, S8: 0 overdue of 1,268 unstated).
        reviewed = entry.item.reviewed
        if reviewed is None:
            r.unreviewed.append(entry)
        elif reviewed < limit:
            r.stale.append(entry)
    for held in cat.held_back:
        row(held.department).held_back.append(held)
    from generator.checks.registration import late_registrations
    return QualityReport(list(rows.values()), settings.publish.review_days, today, late_registrations(cat),
                         unstated_settings(settings))


# Settings of the catalogue block with no default (config.Settings): the site
# and the open data leave them out when not stated, and this page lists them.
UNSTATED_SETTINGS = ("publisher",)


def unstated_settings(settings: Settings) -> list[tuple[str, str]]:
    """``[(title, key)]`` of the UNSTATED_SETTINGS the block leaves out."""
    return [(Settings.model_fields[key].title or key, key) for key in UNSTATED_SETTINGS
            if getattr(settings, key) is None]


WORKLIST_COLUMNS = ("quality_file", "col_item_name", "quality_state", "quality_kind", "quality_element", "quality_note")


# A spreadsheet reads a cell that starts with one of these as a formula
# (=HYPERLINK(…) in an item name would become a link or worse when a clerk
# opens the work list): such a cell gets a leading apostrophe, which Excel
# and LibreOffice show as text (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def worklist_csv(dq: DepartmentQuality, review_days: int) -> str:
    """One department's work list as CSV text (with a BOM)."""
    t = page_texts()
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")

    def row(cells: list) -> None:
        writer.writerow([_cell(c) for c in cells])

    row([t[c] for c in WORKLIST_COLUMNS])
    for held in dq.held_back:
        for problem in held.problems or ():
            row([f"{held.source}:{problem.line}", held.name, t["quality_held"], t["quality_error"],
                 problem.element, f"{problem.message} {problem.hint}".strip()])
    for entry, problems in dq.to_fix:
        for problem in problems:
            row([f"{entry.source}:{problem.line}", entry.item.name, t["quality_published"],
                 t["quality_to_fix"], problem.element, f"{problem.message} {problem.hint}".strip()])
    for entry in dq.gap_entries:
        for element in dict.fromkeys(g.element for g in entry.gaps):
            row([entry.source, entry.item.name, t["quality_published"], t["quality_gaps"],
                 element_title(element), ""])
    for entry in dq.stale:
        row([entry.source, entry.item.name, t["quality_published"], t["quality_stale"],
             element_title("reviewed"), str(entry.item.reviewed)])
    return out.getvalue()


def worklist_name(dq: DepartmentQuality) -> str:
    return f"{dq.id or '_unfiled'}.csv"
