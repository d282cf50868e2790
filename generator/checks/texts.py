"""What a free text and a link may hold: the rules behind the model's ``Line``,
``Text`` and link fields, shared by items, registries and the ``catalogue``
block of mkdocs.yml.

Texts: no character a reader cannot see or that makes the text display
differently from what it holds (``hidden_character``).  Links: only the
schemes meant for the field, judged the way a browser reads the address
(``link_scheme``).  Both raise pydantic errors whose type names the message
(``invisible_char``, ``leading_mark``, ``url_scheme``, ``url_chars`` in the
locale file); ``checks/schema_errors.py`` turns them into file:line messages.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from typing import Optional

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from generator.sources.mistakes.text import ime_character

# Unicode general categories a reader cannot see: Cc controls (C0, DEL, C1),
# Cf format characters (soft hyphen U+00AD, zero-width characters, the
# bidirectional controls U+061C, U+200E/F, U+202A-202E, U+2066-2069, the tag
# characters U+E0000-E007F ...), Cs lone surrogates (from "\ud800" escapes),
# Zl/Zp line and paragraph separators.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Letters and symbols that render as empty space: Hangul fillers (U+115F,
# U+1160, U+3164, U+FFA0) and the blank braille pattern (U+2800).  A name made
# of them looks empty, and one inside a text looks like a plain space.
BLANK_CHARACTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def hidden_character(text: str, newlines: bool = False) -> Optional[tuple[int, str, str]]:
    """The first character of ``text`` a reader cannot see, or that changes how
    the text around it is shown: ``(index, character, kind)``, or None.

    ``kind`` is the character's general category (``Cc``, ``Cf`` ...), ``blank``
    for a filler that renders as empty space, or ``mark`` for a combining mark
    at the very start, where it has nothing to combine with and is drawn over
    whatever precedes the text on the page.  ``newlines`` allows U+000A (a
    paragraph may have line breaks, a line may not).
    """
    first = _unusual(newlines).search(text)  # the characters before it need no look
    if first is None:
        return None
    for index in range(first.start(), len(text)):
        ch = text[index]
        if ch == "\n" and newlines:
            continue
        category = unicodedata.category(ch)
        if category in HIDDEN_CATEGORIES:
            return index, ch, category
        if ch in BLANK_CHARACTERS:
            return index, ch, "blank"
        if index == 0 and category.startswith("M"):
            return index, ch, "mark"
    return None


# Where nearly every text is written: ASCII, Latin-1 and Latin Extended, general
# punctuation to the symbols, CJK punctuation and kana, CJK ideographs (and
# extension A), full-width forms.
_COMMON = ((0x20, 0x7E), (0xA0, 0x24F), (0x2000, 0x2BFF), (0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
           (0xFF00, 0xFFEF))


@functools.cache
def _unusual(newlines: bool) -> re.Pattern:
    """A pattern finding the first character ``hidden_character`` has to look
    at: one outside ``_COMMON``, or in it and hidden, blank or a mark (taken
    from ``unicodedata``, so this is exactly the loop's rule; built once, in
    a few hundredths of a second).  The loop then looks at each character
    from there: most texts are not looked at character by character at all."""
    spans, start = [], None
    for low, high in _COMMON:
        for point in range(low, high + 2):
            ch = chr(point)
            category = unicodedata.category(ch) if point <= high else "Cn"
            plain = point <= high and category not in HIDDEN_CATEGORIES and ch not in BLANK_CHARACTERS \
                and not category.startswith("M")
            if plain and start is None:
                start = point
            elif not plain and start is not None:
                spans.append(f"{re.escape(chr(start))}-{re.escape(chr(point - 1))}")
                start = None
    return re.compile(f"[^{''.join(spans)}{chr(10) if newlines else ''}]")


def describe(ch: str) -> tuple[str, str]:
    """``("U+00AD", "SOFT HYPHEN")``: a character's code point and Unicode
    name ("" for controls, which have none)."""
    return f"U+{ord(ch):04X}", unicodedata.name(ch, "")


def visible(newlines: bool = False) -> AfterValidator:
    """A pydantic validator refusing text with a hidden character.

    Raises ``invisible_char`` (or ``leading_mark`` for a combining mark at the
    start) with ctx ``code``, ``name``, ``kind`` and the 1-based ``position``."""

    def check(text: str) -> str:
        found = hidden_character(text, newlines)
        if found is not None:
            index, ch, kind = found
            code, name = describe(ch)
            raise PydanticCustomError(
                "leading_mark" if kind == "mark" else "invisible_char",
                "hidden character {code} {name} at character {position}",
                {"code": code, "name": name, "kind": kind, "position": index + 1})
        return text

    return AfterValidator(check)


# --- links ------------------------------------------------------------------

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Never part of an address as written (percent-encode them): white space,
# quotes, angle brackets, backquote, and hidden characters.
_NOT_IN_URL = re.compile(r"[\s\"'<>`\\]")
_VISIBLE_ASCII = re.compile(r"[!-~]*")


def normalised(url: str) -> str:
    """``url`` as a browser reads its scheme: HTML character references decoded
    (repeatedly: ``&amp;#106;`` is ``j`` after two readings), white space and
    hidden characters removed wherever they are (browsers drop tabs and line
    breaks inside a URL and spaces and controls around it), case folded.
    ``" JaVa&#x53;cript:…"`` becomes ``"javascript:…"``."""
    text = url
    for _ in range(5):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    if not _VISIBLE_ASCII.fullmatch(text):  # printable ASCII other than the space: nothing to remove
        text = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in HIDDEN_CATEGORIES)
    return text.casefold()


def link_scheme(url: str) -> str:
    """The scheme of ``url`` after ``normalised`` (``"https"``, ``"javascript"``),
    or "" when it has none (a relative address)."""
    match = _SCHEME.match(normalised(url))
    return match.group(1) if match else ""


def link(*schemes: str) -> AfterValidator:
    """A pydantic validator for a link field accepting only ``schemes``.

    Refused with ``url_scheme`` (ctx ``scheme``, ``allowed``): another scheme,
    or none; with ``url_chars`` (ctx ``code``, ``name``): white space, quotes,
    angle brackets or a hidden character written in the address; with
    ``url_wide`` (ctx ``position``, ``char``), first: a full-width character
    or a Chinese input method's mark (``。`` ``：`` ``／`` ``“``), which a
    browser does not read as the English one (Chinese characters themselves
    are allowed: an address may hold them).  ``http`` and ``https`` also need
    the ``//`` of an address on the web."""
    allowed = "、".join(f"{s}://" if s in ("http", "https") else f"{s}:" for s in schemes)

    def check(url: str) -> str:
        if found := ime_character(url):  # "https://gjj。example.gov.cn": silent before (clerk trial 10)
            raise PydanticCustomError("url_wide", "input-method character {char} in a link",
                                      {"position": found[0], "char": found[1]})
        scheme = link_scheme(url)
        web = scheme in ("http", "https")
        if scheme not in schemes or (web and not normalised(url).startswith(f"{scheme}://")):
            raise PydanticCustomError("url_scheme", "scheme {scheme} not allowed",
                                      {"scheme": scheme, "allowed": allowed})
        bad = _NOT_IN_URL.search(url)
        found = hidden_character(url)
        ch = bad.group(0) if bad else (found[1] if found else None)
        if ch is not None:
            code, name = describe(ch)
            raise PydanticCustomError("url_chars", "character {code} not allowed in a link",
                                      {"code": code, "name": name})
        return url

    return AfterValidator(check)
