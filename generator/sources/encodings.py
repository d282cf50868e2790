"""Bytes of a catalogue file to text: UTF-8 (with or without BOM, CRLF read
as LF), or a problem telling how to re-save it (``decode``); a file saved
as GBK/GB2312 can still be read for the other checks of the same run
(``decode_or_gbk``, used by ``load.load_file`` for files read past their errors)."""

from __future__ import annotations

import codecs

from generator.checks.problems import Problem, ProblemsFound
from generator.messages import say


def _problem(display: str, line: int, column: int, msg: str) -> Problem:
    message, hint = say(msg)
    return Problem(display, line, column, message, hint)


def decode(raw: bytes, display: str) -> str:
    """Bytes to text, or ProblemsFound telling how to fix a wrong encoding.
    CRLF becomes LF: YAML reads it as one line break (spec, "Line Break
    Characters"), so lines, columns and values stay; ``sources/mistakes/broken.py``
    then finds its keys (clerk trial 7, #39: "materials:\\r" was no key)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ProblemsFound([_problem(display, 1, 1, "encoding_utf16")])
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]  # Notepad's UTF-8 with BOM is still UTF-8
    try:
        return raw.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        if b"\x00" in raw[:200]:
            raise ProblemsFound([_problem(display, 1, 1, "encoding_utf16")]) from None
        key = "encoding_gbk" if _read_as_gbk(raw) is not None else "encoding_unknown"
        raise ProblemsFound([_problem(display, line, column, key)]) from None


def decode_or_gbk(raw: bytes, display: str) -> tuple[str, Problem | None]:
    """``decode``, except that a file saved as GBK/GB2312 is read as such:
    (its text, the error "not UTF-8, read as GBK", at 1:1 so it is told first).
    The caller keeps the error with the file's other problems (the file is not
    used) and checks the rest.  Raises ProblemsFound as ``decode`` otherwise."""
    try:
        return decode(raw, display), None
    except ProblemsFound:
        text = _read_as_gbk(raw) if raw.count(b"\x00") == 0 else None
        if text is None:
            raise
        return text, _problem(display, 1, 1, "encoding_gbk_read")


def _read_as_gbk(raw: bytes) -> str | None:
    """The text of a file saved as GBK/GB2312 (Notepad's "ANSI"), or None when
    it is not clearly that: it must decode as GB18030 and its non-ASCII
    characters be Chinese (CJK ideographs and punctuation, 90 % or more)."""
    try:
        text = raw.decode("gb18030").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return None
    wide = [c for c in text if ord(c) > 127]
    chinese = sum(1 for c in wide if "\u3000" <= c <= "\u303f" or "\u4e00" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
    return text if wide and chinese >= 0.9 * len(wide) else None
