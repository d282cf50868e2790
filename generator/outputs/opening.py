"""What "现在开放吗" needs in the browser (theme/assets/open-now.js): an
office's hours as data on its page, and the public-holiday calendar as one
small JSON file written at build time.

The calendar comes from the ``chinese_calendar`` package (the State
Council's yearly holiday notices, as checks/registration.py uses it): the
public holidays, the weekends made working days (调休), and the years it
covers.  The script states that range and, for a date outside it, warns
instead of guessing.  Its texts come from zh.yaml (``page: open_now_*``)
inside the same file, so the script holds no text of its own."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generator.checks.model import Office
from generator.messages import label, page_texts

CALENDAR_FILE = "assets/open-now.json"

# zh.yaml page-text keys the script shows (open_now_*) and the weekday names.
TEXT_PREFIX = "open_now_"


def office_data(office: Office) -> str:
    """The office's hours as the script reads them (data-open-now on the
    page): {"hours": [{"days": [1..7, Monday = 1], "open": "08:30",
    "close": "17:30", "from": "05-01" | null, "to": ..., "some": true when
    only some items are served}], "holidays":
    "closed" | "open" | "duty" | null}.  A close of "24:00" is midnight; a
    close earlier than open ends the next day (model.OpeningHours)."""
    week = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    hours = [{"days": [week.index(d) + 1 for d in h.days], "open": h.open, "close": h.close,
              "from": h.from_date, "to": h.to_date, "some": h.items is not None} for h in office.hours or []]
    return json.dumps({"hours": hours, "holidays": office.holidays}, ensure_ascii=False, separators=(",", ":"))


def covered_years() -> tuple[int, int]:
    """First and last year the holiday calendar covers (both included)."""
    import chinese_calendar
    years = sorted({d.year for d in chinese_calendar.holidays})
    first, last = years[0], years[-1]
    while _covered(last + 1):  # a year of working days only, no holidays, is still covered
        last += 1
    return first, last


def _covered(year: int) -> bool:
    """True when the holiday calendar package knows ``year`` (checks/registration.py)."""
    from generator.checks.registration import _covered as covered
    return covered(year)


def calendar_data() -> dict:
    """{"first": 2004, "last": 2026, "holidays": {"2026-10-01": "国庆节", ...},
    "workdays": ["2026-09-20", ...] (调休 working weekends), "texts": {...},
    "days": ["周一", ...]}: everything the script needs."""
    import chinese_calendar
    first, last = covered_years()
    names = {h.value: h.chinese for h in chinese_calendar.Holiday}  # the package's own Chinese names
    holidays = {d.isoformat(): names.get(h, "") for d, h in sorted(chinese_calendar.holidays.items())}
    workdays = [d.isoformat() for d in sorted(chinese_calendar.workdays)]
    texts = {k[len(TEXT_PREFIX):]: v for k, v in page_texts().items() if k.startswith(TEXT_PREFIX)}
    return {"first": first, "last": last, "holidays": holidays, "workdays": workdays, "texts": texts,
            "days": [label("days", d) for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]}


def write_calendar(site: Path) -> None:
    """The calendar file into the built site (``CALENDAR_FILE``); OSError if it cannot be written."""
    target = site / CALENDAR_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(calendar_data(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
