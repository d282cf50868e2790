"""Registration deadline: a new service is registered in the catalogue
within 20 working days of the law that creates it taking effect (001_…,
part 3; MISSION.md §5).

An item states the law's effective date (``effective_date``); it was
published on the date of the commit that first added it (sources/history.py,
following renames back).  Working days are days that are neither weekends
nor China's public holidays, and the weekends made working days (调休) are
working days: from the ``chinese_calendar`` package (the State Council's
yearly holiday notices), not a hand-written list.  A year the package does
not cover cannot be judged: such an item is listed as unknown, never as on
time.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

LIMIT = 20  # working days (001_…, part 3)


@dataclass(frozen=True)
class Late:
    entry: object  # catalogue.Entry
    effective: dt.date
    published: dt.date
    working_days: int | None  # None: the holiday calendar does not cover a year in between
    uncovered_year: int | None = None


def working_days(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when
    ``end`` is not after ``start``).  Raises NotImplementedError for a year
    the holiday calendar does not cover (its message names the years).

    Counted in each year's list of working days (one calendar pass per year,
    then a binary search): asking the calendar day by day cost 6 s for 169
    items at 1,603 (its per-day check scans its whole table)."""
    if end <= start:
        return 0
    total = 0
    for year in range(start.year, end.year + 1):
        days = _working_days_of(year)
        total += bisect_right(days, end) - bisect_right(days, start)
    return total


@lru_cache(maxsize=None)
def _working_days_of(year: int) -> tuple[dt.date, ...]:
    """The working days of ``year``, in order; NotImplementedError when the
    calendar does not cover it (not cached: it is raised again)."""
    import chinese_calendar
    return tuple(chinese_calendar.get_workdays(dt.date(year, 1, 1), dt.date(year, 12, 31)))


def late_registrations(cat) -> list[Late]:
    """Published items whose first publication came more than ``LIMIT``
    working days after their ``effective_date``, and those that cannot be
    judged; [] without history (nothing can be said about publication dates)."""
    history = cat.history
    if history is None or not history.available:
        return []
    found = []
    for entry in cat.entries:
        effective = getattr(entry.item, "effective_date", None)
        first = history.first(entry.key)
        if effective is None or first is None or first.date <= effective:
            continue
        try:
            days = working_days(effective, first.date)
        except NotImplementedError:
            years = [y for y in range(effective.year, first.date.year + 1) if not _covered(y)]
            found.append(Late(entry, effective, first.date, None, years[0] if years else None))
            continue
        if days > LIMIT:
            found.append(Late(entry, effective, first.date, days))
    return found


def _covered(year: int) -> bool:
    import chinese_calendar
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
        return True
    except NotImplementedError:
        return False
