"""The small reusable types of the model: texts, ids, links, phones, times,
and the ``Strict`` base every model class derives from.

Re-exported by ``model.py``, which stays the one module to import from.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

from generator.checks.texts import link, visible

# --- small reusable types -------------------------------------------------

# A one-line text: no line breaks, no control or zero-width characters.
# Also refused: bidirectional embeddings/overrides/isolates (U+202A-202E,
# U+2066-2069), which can make a text display differently from what it says.
# The patterns are the editors' first warning (they go into the JSON Schema,
# so only characters of the Basic Multilingual Plane: a JavaScript pattern
# without the u flag cannot hold a range of others); ``visible_text`` below
# is the full rule and names the character it refuses.
_INVISIBLE = ("\x7f-\x9f\xad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e"
              "\u2060-\u206f\u2800\u3164\ufeff\uffa0\ufff9-\ufffb")
LINE_PATTERN = "^[^\x00-\x1f" + _INVISIBLE + "]+$"
TEXT_PATTERN = "^[^\x00-\x09\x0b-\x1f" + _INVISIBLE + "]+$"
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,62}$"
URL_PATTERN = r"^https?://[^\s<>\"'`]+$"
# Digits with - ( ) + and spaces, and an extension as real lists write it: 020-12345678转1.
PHONE_PATTERN = r"^[0-9+()\- ]{3,30}((转|轉|ext\.? ?|分机|分機)[0-9]{1,6})?$"  # 轉, 分機: the zh-Hant edition converts texts
# The key of an item in the catalogue: its file name and the folder of its page.
ITEM_KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
# A closing time may also be 24:00 (to midnight: 00:00-24:00 is round the clock).
CLOSE_PATTERN = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"
# A day of every year, MM-DD (a season's first and last day).
MONTH_DAY_PATTERN = r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
# Printed after "mailto:": nothing that would start a header (?, &, #) or add a recipient (, ;).
_EMAIL_PART = "[^@\\s<>?&#,;:/\\\\\"'`]+"
EMAIL_PATTERN = f"^{_EMAIL_PART}@{_EMAIL_PART}\\.[a-z]{{2,}}$"

# Ids become URL path segments and file names: keep them boring.
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
ItemKey = Annotated[str, StringConstraints(pattern=ITEM_KEY_PATTERN)]
# Free texts: the pattern, then every hidden character named (checks/texts.py).
Line = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True, pattern=LINE_PATTERN),
                 visible()]
# A paragraph of plain text, shown as text (never as Markdown or HTML).
Text = Annotated[str, StringConstraints(min_length=1, max_length=5000, strip_whitespace=True, pattern=TEXT_PATTERN),
                 visible(newlines=True)]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=500), link("http", "https")]
Phone = Annotated[str, StringConstraints(pattern=PHONE_PATTERN)]
# Codes are checked segment by segment in codes.py, with messages per segment.
BasicCode = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=LINE_PATTERN), visible()]
Time = Annotated[str, StringConstraints(pattern=TIME_PATTERN)]
CloseTime = Annotated[str, StringConstraints(pattern=CLOSE_PATTERN)]
MonthDay = Annotated[str, StringConstraints(pattern=MONTH_DAY_PATTERN)]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _not_bool_or_fraction(value):
    """pydantic's ``Literal[1, 2]`` accepts ``true`` and ``1.0`` as 1, even in
    strict mode: a choice among numbers takes only an integer."""
    if isinstance(value, (bool, float)):
        raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": "1, 2, 3 or 4"})
    return value


# Numbers: every one has a finite upper bound, generous for any real item
# (a hostile or mistyped value is refused, not published): copies 50,
# time limits 3650 days (ten years), visits 20, version 9999, baseline
# counts 1000 materials/visits and 3650 days.


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, values are not coerced
    into other types (a number where text belongs is reported, not converted)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
