"""The time a malformed office time was meant as ("8:30" → "08:30"), read
against the other end of its period (clerk trial 8, #27: ``close: "2:00"``,
meant 12:00, was told to be written "02:00", which is before the opening
09:00 and drew the warning that the office stays open until 02:00 the next
day).

A one-digit hour can be read in the morning or in the afternoon.  The
zero-padded reading is offered alone when it passes the hours rule
(``rules_registries.hours_told``: open and close differ, and a close earlier
than open runs at most 12 hours past midnight).  When it does not and the
afternoon reading (hour + 12) does, the afternoon reading comes first and the
padded one second, each said in words ("下午两点"; labels ``clock_hours``,
``clock_periods``, ``clock_minutes`` in generator/locales/zh.yaml).

A well-formed close earlier than the opening that would keep an office open
more than ``LONG`` (clerk trial 15, #26: Saturday 09:00 to "03:00", meant
15:00) is offered its afternoon reading when that falls after the opening on
the same day (``afternoon_close``); real night hours (20:00 to 02:00, 12
hours or less) draw no message at all, and 24:00 is midnight.
"""

from __future__ import annotations

from typing import Any

from generator.messages import label, say


def meant_time(hour: int, minutes: str, loc: tuple, data: Any) -> tuple[str, dict]:
    """(message key, values to add) for a time written with hour ``hour``
    (0-23) and ``minutes`` ("00"-"59") at ``loc`` (its path in the file's
    ``data``, ending in "open" or "close"): ``("bad_time_meant", {meant})``,
    or ``("bad_time_afternoon", {meant, spoken, early, early_spoken})`` when
    only the afternoon reading passes the hours rule.  Never raises: an
    other end that cannot be read leaves the padded reading."""
    padded = f"{hour:02d}:{minutes}"
    end = loc[-1] if loc else None
    other = _other_end(loc, data)
    if not 1 <= hour <= 9 or end not in ("open", "close") or other is None:
        return "bad_time_meant", {"meant": padded}
    later = f"{hour + 12:02d}:{minutes}"
    if _quiet(padded, other, end) or not _quiet(later, other, end):
        return "bad_time_meant", {"meant": padded}
    return "bad_time_afternoon", {"meant": later, "spoken": spoken(hour + 12, minutes),
                                  "early": padded, "early_spoken": spoken(hour, minutes)}


LONG = 14 * 60  # minutes: a period past midnight longer than this reads as a slip of 12 hours


def afternoon_close(open_: str, close: str) -> str:
    """The ``hours_afternoon`` fragment ("是不是想写 "15:00"（下午三点）？…")
    for the period ``open_`` to ``close`` (well-formed "HH:MM", close earlier:
    the next day, as ``rules_registries.hours_told`` says) when it runs more
    than ``LONG`` minutes and close + 12 hours is after ``open_`` on the same
    day (at most 24:00); else ""."""
    start, end = (int(t[:2]) * 60 + int(t[3:]) for t in (open_, close))
    if not 0 < end < start or end + 24 * 60 - start <= LONG or end >= 12 * 60:
        return ""
    later = f"{int(close[:2]) + 12:02d}:{close[3:]}"
    if later <= open_:
        return ""
    return say("hours_afternoon", close=close, meant=later, spoken=spoken(int(later[:2]), close[3:]))[0]


def spoken(hour: int, minutes: str) -> str:
    """A time of day (hour 1-23, minutes "00"-"59") in words: 下午两点, 中午十二点半,
    凌晨三点半, 上午九点15分 (labels in the catalogue's language)."""
    period = "night" if hour < 6 else "morning" if hour < 12 else "noon" if hour == 12 else \
        "afternoon" if hour < 19 else "evening"
    said = label("clock_minutes", minutes)
    if said == minutes:  # no word for it: the digits
        said = label("clock_minutes", "other").format(minutes=int(minutes))
    return say("clock_spoken", period=label("clock_periods", period),
               hour=label("clock_hours", hour % 12 or 12), minutes=said)[0]


def _other_end(loc: tuple, data: Any) -> str | None:
    """The well-formed other end ("HH:MM") of the period at ``loc``, or None."""
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    value = node.get("close" if loc[-1] == "open" else "open") if isinstance(node, dict) else None
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":" or not (value[:2] + value[3:]).isdigit():
        return None
    return value


def _quiet(time: str, other: str, end: str) -> bool:
    """True when ``time`` written at ``end`` with ``other`` at the other end draws no message."""
    from generator.checks.rules_registries import hours_told  # that module reads the catalogue
    open_, close = (time, other) if end == "open" else (other, time)
    return not hours_told(open_, close)
