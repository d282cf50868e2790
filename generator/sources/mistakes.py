"""Common mistakes the loader names precisely, instead of YAML's own words:
a date that does not exist, a key written with a full-width colon or without
the space after the colon (issue 13: said at the line and character that are
wrong, not where YAML noticed).
"""

from __future__ import annotations

import calendar
import re

from generator.messages import say


def why_no_date(text: str) -> str:
    """Why ``YYYY-MM-DD`` text is not a date, in the catalogue's language
    ("2026 年 2 月没有 29 日"), or "" when it is one."""
    year, month, day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        return say("date_no_month", month=month)[0]
    if day < 1:
        return say("date_no_day_zero")[0]
    last = calendar.monthrange(year, month)[1]
    if day > last:
        return say("date_no_day", year=year, month=month, day=day, last=last)[0]
    return ""


# "key：value" (a full-width colon) or "key:value" (no space): YAML reads the
# whole line as text and notices only on a later line; the editor needs the
# line and character that are wrong.
_KEY_COLON = re.compile(r"^([ ]*(?:- )?)([A-Za-z_][A-Za-z0-9_]*)[ ]*(：|:(?=[^\s/]))")


def misplaced_colon(text: str, line: int) -> tuple | None:
    """(line, column, message key, its values) of a key written with a wrong
    colon on ``line`` or the few lines above it, or None."""
    lines = text.split("\n")
    for number in range(min(line, len(lines)), max(line - 4, 0), -1):
        match = _KEY_COLON.match(lines[number - 1])
        if match:
            key = "fullwidth_colon" if match.group(3) == "：" else "colon_without_space"
            return number, match.start(3) + 1, key, {"key": match.group(2)}
    return None
