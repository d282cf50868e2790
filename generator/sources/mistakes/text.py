"""Common mistakes the loader names precisely, instead of YAML's own words:
a date that does not exist, a key written with a full-width colon or without
the space after the colon, a tab or full-width space in the indentation, a
quote left open, text garbled by a wrong encoding (issue 13: said at the line
and character that are wrong, not where YAML noticed).
"""

from __future__ import annotations

import calendar
import re

import yaml

from generator.messages import say
from generator.checks.problems import Problem


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


# --- the text as a whole, before YAML reads it --------------------------------

_LEADING_TAB = re.compile(r"^[ \t\u3000]*[\t\u3000]", re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A full-width space (U+3000, the space of a Chinese input method) before a
# list entry or a key: YAML takes it for text, and the key for an unknown one.
_FULLWIDTH_INDENT = re.compile(r"[ \u3000]*\u3000[ \u3000]*(?:-[ \u3000]|[A-Za-z_][A-Za-z0-9_]*[ \u3000]*[:：])")
_KEY_LINE = re.compile(r"[ ]*(?:- )?[A-Za-z_][A-Za-z0-9_]*:[ ]*(?:#.*)?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _meant_indent(lines: list[str], number: int) -> int:
    """The number of spaces line ``number`` (1-based) probably means, judged
    from the nearest line above with content: the same indent, two more after
    a line that opens a block ("key:"), or the indent of the text after "- "
    when this line is a key under a list entry."""
    stripped = lines[number - 1].lstrip(" \t\u3000")
    for above in reversed(lines[: number - 1]):
        if above.strip() and not above.lstrip().startswith("#"):
            base = _indent(above.replace("\t", "  ").replace("\u3000", "  "))
            if _KEY_LINE.match(above.replace("\t", "  ").replace("\u3000", "  ")):
                return base + (4 if above.lstrip().startswith("- ") else 2)
            if above.lstrip().startswith("- ") and not stripped.startswith("-"):
                return base + 2
            return base
    return 0


def text_problems(text: str, display: str) -> list[Problem]:
    """Problems YAML reports badly or not at all, found in the text before it
    is read: a tab or a full-width space in the indentation (with the number
    of spaces meant), a control character, and the replacement character
    U+FFFD that a file decoded with the wrong encoding and saved again holds
    in place of every Chinese character (issue 13)."""
    problems: list[Problem] = []
    if "\ufffd" in text:
        index = text.index("\ufffd")
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        message, hint = say("replacement_char", count=text.count("\ufffd"))
        problems.append(Problem(display, line, column, message, hint))
    if not (_LEADING_TAB.search(text) or _CONTROL.search(text)):
        return problems  # the common case, without looking at every character
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            message, hint = say("tab_indent", spaces=_meant_indent(lines, number))
            problems.append(Problem(display, number, line.index("\t") + 1, message, hint))
        elif _FULLWIDTH_INDENT.match(line):
            message, hint = say("fullwidth_indent", spaces=_meant_indent(lines, number))
            problems.append(Problem(display, number, line.index("\u3000") + 1, message, hint))
        bad = next((c for c in line if (ord(c) < 32 and c not in "\t\r") or c == "\x7f"), None)
        if bad is not None:
            message, hint = say("control_char", code=f"U+{ord(bad):04X}")
            problems.append(Problem(display, number, line.index(bad) + 1, message, hint))
    return problems


# --- a quote left open ----------------------------------------------------------

# What the lines a quoted text swallowed look like when the closing quote was
# forgotten: the next keys and list entries of the file.
_SWALLOWED = re.compile(r"\n[ ]*(?:- |[A-Za-z_][A-Za-z0-9_]*:[ \n])")
_KEY_BEFORE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):[ ]*[\[{]?[^:]*$")


def open_quote(text: str, line: int, loader: type) -> tuple | None:
    """(line, column, message key, its values) of a quote opened and never
    closed on its line, before the syntax error YAML found on ``line``
    (1-based), or None.

    YAML lets a quoted text run over several lines, so a forgotten closing
    quote swallows the following lines up to the next quote of the file and
    the error shows far below (issue 13).  A quoted text over several lines
    is taken for one left open when the lines it swallowed hold keys or list
    entries, when text follows its "closing" quote, or when it runs to the end
    of the file.  ``loader``: the YAML loader class whose scanner is used."""
    tokens = yaml.scan(text, Loader=loader)
    try:
        for token in tokens:
            start, end = token.start_mark, token.end_mark
            if start.line + 1 > line:
                return None
            if not isinstance(token, yaml.ScalarToken) or token.style not in ('"', "'") or end.line == start.line:
                continue
            after = text[end.index:text.find("\n", end.index) if "\n" in text[end.index:] else len(text)]
            if _SWALLOWED.search(text, start.index, end.index) or after.strip()[:1] not in ("", ",", "]", "}", "#"):
                return _opened(text, start, token.style)
    except yaml.MarkedYAMLError as exc:
        if (exc.context or "").startswith("while scanning a quoted scalar") and exc.context_mark:
            mark = exc.context_mark
            return _opened(text, mark, text[mark.index] if mark.index < len(text) else '"')
    return None


def _opened(text: str, mark, quote: str) -> tuple:
    """The open_quote finding, with the line as it should be (``fixed``): the
    quote closed before the ``,`` ``]`` or ``}`` that ends the value inside
    brackets, else at the end of the line (clerk trial 4, #26: "the end of
    the value" was read as the end of the line inside [...])."""
    line_start = text.rfind("\n", 0, mark.index) + 1
    line_end = text.find("\n", mark.index)
    line = text[line_start:line_end if line_end >= 0 else len(text)].rstrip()
    key = _KEY_BEFORE.search(text[line_start:mark.index])
    at = mark.index - line_start + 1
    rest = line[at:]
    inside = "[" in line[:at] or "{" in line[:at]
    cut = min((i for i in (rest.find(c) for c in ",]}") if i >= 0), default=len(rest)) if inside else len(rest)
    fixed = line[:at] + rest[:cut].rstrip() + quote + rest[cut:]
    values = {"row": mark.line + 1, "quote": quote, "key": f" {key.group(1)} " if key else "",
              "fixed": fixed.rstrip(), "spaces": len(line) - len(line.lstrip(" "))}  # kept (clerk trial 16, #23)
    return mark.line + 1, mark.column + 1, "open_quote", values


_QUOTED_BRACKET = re.compile(r"""(["'])([^"'\n]*?)([\]}])\1""")


def quote_past_bracket(text: str, exc) -> tuple | None:
    """(line, column, message key, values) when the list or mapping YAML found
    unclosed (``exc``: "while parsing a flow sequence/mapping") has its closing
    bracket inside a quoted text on its line (``["0001-88008800]"``): the
    brackets look paired, so "方括号没有成对" would be untrue (clerk trial 4,
    #26), or None."""
    if not (exc.context or "").startswith("while parsing a flow") or exc.context_mark is None:
        return None
    mark = exc.context_mark
    line_start = text.rfind("\n", 0, mark.index) + 1
    line_end = text.find("\n", mark.index)
    line = text[line_start:line_end if line_end >= 0 else len(text)].rstrip()
    found = _QUOTED_BRACKET.search(line, mark.index - line_start)
    if found is None:
        return None
    quote, body, bracket = found.groups()
    fixed = line[:found.start()] + quote + body + quote + bracket + line[found.end():]
    key = _KEY_BEFORE.search(line[:mark.index - line_start + 1])
    return mark.line + 1, found.end(), "quote_past_bracket", {
        "row": mark.line + 1, "quote": quote, "bracket": bracket, "key": f" {key.group(1)} " if key else "",
        "fixed": fixed.strip()}


# --- values where only English (half-width) characters are read ---------------

def fullwidth_character(text: str) -> tuple[int, str, str] | None:
    """(1-based position, character, its half-width form) of the first
    full-width character of ``text`` (a digit, letter or sign typed with a
    Chinese input method, U+FF01-U+FF5E, or the full-width space U+3000),
    or None."""
    for index, ch in enumerate(text):
        if "\uff01" <= ch <= "\uff5e":
            return index + 1, ch, chr(ord(ch) - 0xFEE0)
        if ch == "\u3000":
            return index + 1, ch, " "
    return None


# Characters a Chinese input method types outside the full-width block, and
# what was meant: dashes for "-", Chinese quotes around a value for nothing
# (clerk trial 2, W8: `0001—88008800`, `“0001-88003300”`).
_IME = {"\u2014": "-", "\u2013": "-", "\u2015": "-", "\u2212": "-",
        "\u201c": "", "\u201d": "", "\u2018": "", "\u2019": "", "\u3001": ",", "\u3002": "."}


def ime_character(text: str) -> tuple[int, str, str] | None:
    """Like ``fullwidth_character``, also finding the dashes and quotes of a
    Chinese input method (the half-width form of a quote is "": delete it)."""
    for index, ch in enumerate(text):
        if ch in _IME:
            return index + 1, ch, _IME[ch]
        if found := fullwidth_character(ch):
            return index + 1, ch, found[2]
    return None


def fullwidth_kind(ch: str) -> str:
    """``digit``, ``letter``, ``space``, ``dash``, ``quote`` or ``sign``: what
    a full-width or input-method character is (locale labels ``fullwidth_kind``)."""
    if ch in _IME:
        return {"-": "dash", "": "quote"}.get(_IME[ch], "sign")
    half = fullwidth_character(ch)[2] if fullwidth_character(ch) else ch
    return "digit" if half.isdigit() else "letter" if half.isalpha() else "space" if half == " " else "sign"


# Brackets typed with a Chinese input method: YAML reads ``［a, b］`` as one
# text, not a list (clerk trial 3, #39: "应为列表，实际是文字" for a value that
# looks right).  What each is meant as, with the separators of the same input method.
_WIDE_BRACKETS = {"\uff3b": "[", "\uff3d": "]", "\u3010": "[", "\u3011": "]", "\u3014": "[", "\u3015": "]",
                  "\uff5b": "{", "\uff5d": "}"}
_WIDE_SEPARATORS = {"\uff0c": ", ", "\u3001": ", ", "\uff1a": ": "}


def fullwidth_brackets(text: str) -> tuple[str, str] | None:
    """(the first full-width bracket, ``text`` written with English brackets
    and separators) when ``text`` opens or closes with a bracket of a Chinese
    input method (［ ］ 【 】 〔 〕 ｛ ｝), else None.  E.g. "［query，proof］" ->
    ("［", "[query, proof]")."""
    stripped = text.strip()
    if not stripped or (stripped[0] not in _WIDE_BRACKETS and stripped[-1] not in _WIDE_BRACKETS):
        return None
    first = next(c for c in stripped if c in _WIDE_BRACKETS)
    meant = "".join(_WIDE_BRACKETS.get(c) or _WIDE_SEPARATORS.get(c) or c for c in stripped)
    return first, re.sub(r"([,:]) +", r"\1 ", meant)


_LOOSE_DATE = re.compile(r"\s*([0-9０-９]{4})\s*[年/.\-－／．]\s*([0-9０-９]{1,2})\s*[月/.\-－／．]\s*([0-9０-９]{1,2})\s*日?\s*\Z")


def date_as_meant(text: str) -> str | None:
    """``"2026-03-01"`` for a date written another way ("2026年3月1日",
    "2026-3-1", "2026/3/1", "2026.03.01", full-width digits), or None when
    ``text`` is not such a date or the day does not exist."""
    match = _LOOSE_DATE.match(text)
    if not match:
        return None
    year, month, day = (int(part.translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)})) for part in match.groups())
    meant = f"{year:04d}-{month:02d}-{day:02d}"
    return None if why_no_date(meant) else meant


def impossible_date(text: str) -> tuple[str, str] | None:
    """(the date written as 2026-02-30, why that day does not exist) for a
    date written another way whose day does not exist ("2026-2-30"), or None
    (clerk trial 2, W7: the format hint alone sent the clerk round twice)."""
    match = _LOOSE_DATE.match(text)
    if not match:
        return None
    year, month, day = (int(part.translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)})) for part in match.groups())
    padded = f"{year:04d}-{month:02d}-{day:02d}"
    why = why_no_date(padded)
    return (padded, why) if why else None


def empty_values(data, path: tuple = ()) -> list[tuple]:
    """Key paths of the keys in ``data`` written with nothing after them
    (``complaint:`` and no indented lines below): YAML reads null, which the
    model accepts as "not stated" where the element is optional."""
    found: list[tuple] = []

    def walk(entries, path: tuple) -> None:  # only into mappings and lists: most values are texts
        for key, value in entries:
            if value is None:
                found.append(path + (key,))
            elif isinstance(value, dict):
                walk(value.items(), path + (key,))
            elif isinstance(value, list):
                walk(enumerate(value), path + (key,))

    if isinstance(data, dict):
        walk(data.items(), path)
    elif isinstance(data, list):
        walk(enumerate(data), path)
    return found


# --- list entries: a "- " left out, an entry indented too far, Chinese commas -

_LIST_KEY = re.compile(r"[ ]*(?:- )?([A-Za-z_][A-Za-z0-9_]*):[ ]*(?:#.*)?$")
_CHINESE_COMMA = re.compile("[，、]")
SHORT_ENTRY = 15  # characters: a name or an id (aliases, levels, phones), not a sentence


def _content_lines(lines: list[str], number: int, step: int):
    """The lines with content (not blank, not a comment) from line ``number``
    (1-based, not included) upwards (``step`` -1) or downwards (+1)."""
    index = number - 1 + step
    while 0 <= index < len(lines):
        if lines[index].strip() and not lines[index].lstrip().startswith("#"):
            yield lines[index]
        index += step


def missing_dash(text: str, line: int) -> tuple | None:
    """(line, column, "missing_dash", its values) when line ``line``
    (1-based: where YAML began reading a key whose colon it never found) is
    text written among the "- " entries of a block list, without its "- "
    (issue 13: YAML names the next line and asks for a colon), or None.
    The list is named by the key above it (locale labels ``elements``)."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    here = lines[line - 1]
    indent, body = _indent(here), here.strip()
    if not body or body.startswith(("-", "#")) or _KEY_COLON.match(here):
        return None
    neighbours = [next(_content_lines(lines, line, step), "") for step in (-1, 1)]
    if not any(_indent(n) == indent and n.lstrip().startswith("- ") for n in neighbours):
        return None
    owner = next((above for above in _content_lines(lines, line, -1) if _indent(above) < indent), "")
    match = _LIST_KEY.match(owner)
    if not match:
        return None
    return line, indent + 1, "missing_dash", {"key": match.group(1), "element": _title(match.group(1))}


def _title(key: str) -> str:
    """The Chinese name of the item element ``key`` (the model's title), or
    ``key`` itself for a key that is not a top-level element of an item."""
    from generator.checks.model import Item  # the model is a later stage: only needed here
    field = Item.model_fields.get(key)
    return field.title if field is not None and field.title else key


def folded_entries(lines: list[str], node: yaml.SequenceNode) -> list[tuple]:
    """(index of the entry, line, column, "folded_entry", its values) for each
    line of a block list written as a new entry ("- …") but indented further
    than the entry above it: YAML reads it as the rest of that entry's text
    ("户口不在示范市 - 在示范市居住半年以上"), silently (issue 13).
    ``lines``: the file's text split at line ends."""
    found: list[tuple] = []
    if node.flow_style:
        return found
    for index, child in enumerate(node.value):
        start, end = child.start_mark, child.end_mark
        if not isinstance(child, yaml.ScalarNode) or child.style or end.line == start.line:
            continue
        dash = lines[start.line].rfind("-", 0, start.column)
        for number in range(start.line + 1, min(end.line + 1, len(lines))):
            extra = _indent(lines[number]) - dash
            if dash >= 0 and extra > 0 and lines[number].lstrip(" ").startswith("- "):
                found.append((index, number + 1, _indent(lines[number]) + 1, "folded_entry", {"spaces": extra}))
    return found


def chinese_commas(node: yaml.SequenceNode) -> list[tuple]:
    """(index of the entry, line, column, "chinese_comma", its values) for
    each entry of a flow list (``[a, b]``) holding a Chinese comma "，" or
    "、" between short names: YAML separates entries only at the English
    comma, so ``[上户口，新生儿上户口]`` is one entry (issue 13).  Entries
    whose parts are longer than ``SHORT_ENTRY`` characters are sentences,
    where a Chinese comma is normal."""
    found: list[tuple] = []
    if not node.flow_style:
        return found
    for index, child in enumerate(node.value):
        if not isinstance(child, yaml.ScalarNode) or not _CHINESE_COMMA.search(child.value):
            continue
        parts = [part.strip() for part in _CHINESE_COMMA.split(child.value)]
        if not all(0 < len(part) <= SHORT_ENTRY for part in parts):
            continue
        comma = _CHINESE_COMMA.search(child.value)
        start = child.start_mark
        column = start.column + 1 + (comma.start() + (1 if child.style else 0) if child.end_mark.line == start.line else 0)
        found.append((index, start.line + 1, column, "chinese_comma",
                      {"value": child.value, "comma": comma.group(), "meant": ", ".join(parts)}))
    return found
