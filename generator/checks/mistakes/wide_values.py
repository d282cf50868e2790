"""The value a full-width character's message offers, in its final form.

A value typed with a Chinese input method ("9：00", "２０２６－１－５") is told
with every full-width character made half-width.  That rewrite alone may still
be refused by the same value check ("9:00" is not "09:00"; clerk trial 12,
#17), so the rewritten value is run through the check of its place (the
field's pattern, or a date) and, when the check's own rewriter knows the
final form, that form is offered instead.
"""

from __future__ import annotations

import re
from typing import Any

from generator.checks import model
from generator.checks.mistakes.time_meant import meant_time
from generator.messages import label, quoted
from generator.sources.mistakes.text import date_as_meant, fullwidth_kind, ime_character

# "8:30", "17.00", "17：00", "8点30": a time the fix can be given for (clerk trial 6, #10, #29).
TIME_WRITTEN = re.compile(r"([0-9]{1,2})\s*[:：.点]\s*([0-5][0-9])")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH_DAY = re.compile(r"([0-9]{1,2})\s*-\s*([0-9]{1,2})")
_TIMES = (model.TIME_PATTERN, model.CLOSE_PATTERN)
_QUOTED = (*_TIMES, model.MONTH_DAY_PATTERN)  # their fix hints say "加英文引号"


def fullwidth_values(value: str, wide: tuple[int, str, str], pattern: str | None = None,
                     date: bool = False, loc: tuple = (), data: Any = None) -> dict:
    """Message values for a full-width character where only half-width ones
    are read: ``{value, position (1-based), char, kind, meant}``, ``meant``
    being ``value`` with every full-width character made half-width and then,
    when ``pattern`` (the field's regular expression) or ``date`` (a date
    field) would still refuse it, the form that check asks for (a time padded
    and quoted, a date with two-digit month and day).  ``loc``/``data`` place
    a time against the other end of its period.  Never raises."""
    position, ch, _ = wide
    meant = "".join(found[2] if (found := ime_character(c)) else c for c in value)
    if fullwidth_kind(ch) == "quote" and meant and meant.isdigit():  # a code: unquoted it is a number (trial 5, 3A)
        meant = f'"{meant}"'
    else:
        meant = _final(meant, pattern, date, loc, data)
    return {"value": quoted(value), "position": position, "char": ch,
            "kind": label("fullwidth_kind", fullwidth_kind(ch)), "meant": quoted(meant)}


def _final(meant: str, pattern: str | None, date: bool, loc: tuple, data: Any) -> str:
    """``meant`` as the value check of its place accepts it, when a rewrite
    is known; ``meant`` unchanged when it passes or no rewrite is known."""
    bare = meant.strip()
    if date and not _ISO_DATE.fullmatch(bare) and (as_meant := date_as_meant(bare)):
        return as_meant
    if pattern in _QUOTED and re.fullmatch(pattern, bare.strip('"')):
        return f'"{bare.strip(chr(34))}"'  # unquoted, 17:30 is read as a number (YAML 1.1 sexagesimal)
    if pattern is None or re.fullmatch(pattern, bare):
        return meant
    if pattern in _TIMES and (clock := TIME_WRITTEN.fullmatch(bare)) and int(clock.group(1)) <= 23:
        key, values = meant_time(int(clock.group(1)), clock.group(2), loc, data)
        if re.fullmatch(pattern, values["meant"]):
            return f'"{values["meant"]}"'
    if pattern == model.MONTH_DAY_PATTERN and (day := _MONTH_DAY.fullmatch(bare)):
        padded = f"{int(day.group(1)):02d}-{int(day.group(2)):02d}"
        if re.fullmatch(pattern, padded):
            return f'"{padded}"'
    return meant
