"""The data of a JavaScript data file, read as JSON and never run.

A portal page often keeps its list in a ``.js`` file holding one array or
object literal assigned to a name (datasets/zwfw-guangan: ``const bszlData =
[...];``).  :func:`js_document` accepts exactly that shape::

    // comments and blank lines
    const|let|var|export const NAME =  [ ... JSON ... ]  ;  // comments
    export default                     { ... JSON ... }

and returns the literal parsed by :func:`json.JSONDecoder.raw_decode`: the
literal must be plain JSON (double-quoted keys and texts, no trailing commas,
no comments, no expressions).  Anything else raises ``SourceError`` with a
Chinese message naming the file, the line and the column: the file is never
evaluated, so a literal that needs JavaScript to be read is refused, not
guessed at.
"""

from __future__ import annotations

import json
import re

from .readers import SourceError, _json_reason
from .texts import t

_HEAD = re.compile(r"(?:(?:export\s+)?(?:const|let|var)\s+[A-Za-z_$][\w$]*\s*=(?!=)|export\s+default\b)")


def _position(text: str, pos: int) -> tuple[int, int]:
    """(line, column), both from 1, of the character at ``pos``."""
    return text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _skip(text: str, pos: int, name: str) -> int:
    """The position after white space and ``//`` / ``/* */`` comments."""
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
        elif text.startswith("//", pos):
            end = text.find("\n", pos)
            pos = len(text) if end < 0 else end + 1
        elif text.startswith("/*", pos):
            end = text.find("*/", pos + 2)
            if end < 0:
                line, column = _position(text, pos)
                raise SourceError(t("err_js_comment", name=name, line=line, column=column))
            pos = end + 2
        else:
            break
    return pos


def _found(text: str, pos: int) -> str:
    """A short quote of the text at ``pos`` for a message."""
    return text[pos:pos + 20].split("\n")[0].strip() or "—"


def js_document(text: str, name: str):
    """The JSON value assigned in the JavaScript data file ``text`` (its
    file name ``name`` for messages).  Raises SourceError when the file is
    not one assignment (or ``export default``) of an array or object literal
    that is plain JSON."""
    pos = _skip(text, 0, name)
    head = _HEAD.match(text, pos)
    if not head:
        line, column = _position(text, pos)
        raise SourceError(t("err_js_head", name=name, line=line, column=column, found=_found(text, pos)))
    pos = _skip(text, head.end(), name)
    if pos >= len(text) or text[pos] not in "[{":
        line, column = _position(text, pos)
        raise SourceError(t("err_js_value", name=name, line=line, column=column, found=_found(text, pos)))
    try:
        document, end = json.JSONDecoder().raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        raise SourceError(t("err_js_json", name=name, line=exc.lineno, column=exc.colno,
                            error=_json_reason(exc))) from None
    rest = _skip(text, end, name)
    if rest < len(text) and text[rest] == ";":
        rest = _skip(text, rest + 1, name)
    if rest < len(text):
        line, column = _position(text, rest)
        raise SourceError(t("err_js_rest", name=name, line=line, column=column, found=_found(text, rest)))
    return document

