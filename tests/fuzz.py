"""Random mutations of valid source files, for the fuzz gate (tests/test_fuzz.py).

``mutate(data, rng)`` applies one to three mutations to the bytes of a valid
item, registry or mkdocs.yml, of the kinds a careless or hostile contributor
produces: a line deleted, duplicated or swapped, indentation changed, a value
replaced by another YAML form (YAML 1.1 numbers and booleans, tags, anchors,
flow and block collections, quotes left open), hostile text from
``hostile.py`` or a Unicode oddity inserted into a value, bytes flipped,
inserted or cut off.  Every choice comes from ``rng`` (``random.Random``),
so a seed names one mutant for ever.
"""

from __future__ import annotations

import random
import re

from hostile import ATTRS, DOT, IMG, LINK, PAYLOAD, SCRIPT

# Values a scalar may be replaced by: YAML's other forms of "the same thing".
YAML_FORMS = [
    "~", "null", "''", '""', "[]", "{}", "[x, y]", "{a: b}", "yes", "no", "on", "off", "true", "false",
    "015", "010", "1:00", "0x10", "0o17", "0b11", "1_000", "+5", "-1", "0", "1.5", ".inf", "-.inf", ".nan",
    "1e3", "99999999999999999999999", "2026-13-45", "2026-01-31", "2026-01-31T10:00:00Z",
    "!!bool 测试", "!!int x", "!!str 5", "!!binary aGk=", "!!timestamp x", "!!float 1", "!!null x",
    "!!python/object/apply:os.system [echo]", "!ENV X", "!include x.yaml", "!custom x",
    "&a 锚点", "*a", "*undefined", "<<: *a", "? x", "- x", "|\n  块\n  文本", ">-\n  折叠", "|-", ">",
    "'未闭合", '"未闭合', "[未闭合", "{未闭合", "@x", "`x", "%x", "# 注释", "x: y: z", "x #c", "'a''b'",
    '"\\u0000"', '"\\x85"', '"\\U000E0041"', '"\\ud800"', '"\\N"', '"\\_"',
]

HOSTILE = [
    SCRIPT, IMG, DOT, ATTRS, PAYLOAD, LINK, "javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x",
    "{{ 7*7 }}", "{% raw %}", "{#", "</script>", "]]>", "<!--", "-->", "%s%n", "${x}", "\\", "\\\\", "\"", "'",
    "&amp;", "&#106;", "{name}", "{code}", "?subject=x&cc=y", "=HYPERLINK(\"x\")", "::error::x", "%0A",
    "../../etc/passwd", "C:\\x", "\\\\?\\x", "<svg onload=alert(1)>", "<a href=javascript:alert(1)>x</a>",
    "`x`", "**x**", "[x](javascript:alert(1))", "<https://x>", "#x", "| a | b |", "---", "***",
]

UNICODE = [
    "\u202e", "\u200b", "\u200d", "\u00ad", "\u0085", "\u2028", "\u2029", "\ufeff", "\U000e0041", "\u3164",
    "\u115f", "\uffa0", "\u2800", "\u0301", "\x00", "\x1b", "\x7f", "\x08", "\ufffd", "\U0001f600", "\uff10",
    "\u3000", "\r", "\r\n", "\t", "\u00a0", "\u061c", "\ufdd0", "\U0010ffff", "\U00020000", "𠀀", "\u0600",
]

BYTES = [b"\x00", b"\xff", b"\xc3", b"\x80", b"\xe4\xb8", b"\t", b"\r", b":", b"#", b"&", b"*", b"!", b"|", b">",
         b"{", b"}", b"[", b"]", b"'", b'"', b"%", b"@", b"`", b"\n", b" ", b"-", b"?", b",", b"\xef\xbb\xbf"]

_KEY_VALUE = re.compile(r"^(\s*(?:- )?[A-Za-z_][\w-]*:)( +)(\S.*)$")
_LIST_VALUE = re.compile(r"^(\s*- )(\S.*)$")


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8", "surrogateescape").split("\n")


def _join(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def _values(lines: list[str]) -> list[tuple[int, re.Match]]:
    """(line index, match) of every ``key: value`` or ``- value`` line."""
    found = []
    for i, line in enumerate(lines):
        match = _KEY_VALUE.match(line) or _LIST_VALUE.match(line)
        if match:
            found.append((i, match))
    return found


def _replace_value(lines, rng, make) -> None:
    values = _values(lines)
    if not values:
        return
    i, match = rng.choice(values)
    head, value = match.group(1), match.group(match.lastindex)
    gap = match.group(2) if match.lastindex == 3 else ""
    lines[i] = head + gap + make(value)


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (so hostile text reaches the value)."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ch in "\x7f\x85\u2028\u2029\ufeff":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _plain(value: str) -> str:
    """A scalar's text without its quotes (best effort)."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _insert(value: str, piece: str, rng: random.Random, quote: bool) -> str:
    text = _plain(value)
    at = rng.randrange(len(text) + 1)
    text = text[:at] + piece + text[at:]
    return _quoted(text) if quote else text


def _line_op(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    if not lines:
        return data
    i = rng.randrange(len(lines))
    op = rng.randrange(5)
    if op == 0:
        del lines[i]
    elif op == 1:
        lines.insert(i, lines[i])
    elif op == 2:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == 3:
        stripped = lines[i].lstrip(" ")
        indent = len(lines[i]) - len(stripped)
        lines[i] = " " * max(0, indent + rng.choice([-4, -2, -1, 1, 2, 4])) + stripped
    else:
        lines[i] = rng.choice(["\t", "  \t", "\u3000", "\u00a0"]) + lines[i]
    return _join(lines)


def _value_op(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    op = rng.randrange(4)
    if op == 0:
        form = rng.choice(YAML_FORMS)
        _replace_value(lines, rng, lambda value: form)
    elif op == 1:
        piece = rng.choice(HOSTILE)
        _replace_value(lines, rng, lambda value: _insert(value, piece, rng, quote=True))
    elif op == 2:
        piece = rng.choice(UNICODE)
        _replace_value(lines, rng, lambda value: _insert(value, piece, rng, quote=rng.random() < 0.5))
    else:  # a long value
        _replace_value(lines, rng, lambda value: _plain(value) * rng.choice([2, 50, 400]))
    return _join(lines)


def _byte_op(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return rng.choice(BYTES)
    at = rng.randrange(len(data) + 1)
    op = rng.randrange(3)
    if op == 0:
        return data[:at]  # truncated (perhaps inside a UTF-8 character)
    if op == 1:
        return data[:at] + rng.choice(BYTES) + data[at:]
    at = min(at, len(data) - 1)
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]


def _swap_op(rng: random.Random, data: bytes) -> bytes:
    """A key or a value replaced by another one of the same file: a field of
    the wrong type, a reference to the wrong thing, a step that jumps back."""
    lines = _lines(data)
    pairs = [(i, m) for i, m in _values(lines) if m.lastindex == 3]
    if len(pairs) < 2:
        return data
    (i, target), (_, source) = rng.sample(pairs, 2)
    if rng.random() < 0.5:  # the key: "  - name:" -> "  - steps:"
        key = source.group(1).strip().removeprefix("- ")
        head = target.group(1)
        lines[i] = head[:len(head) - len(head.lstrip(" -"))] + key + target.group(2) + target.group(3)
    else:
        lines[i] = target.group(1) + target.group(2) + source.group(3)
    return _join(lines)


OPERATIONS = [(_line_op, 3), (_value_op, 5), (_swap_op, 2), (_byte_op, 2)]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three random mutations of ``data``."""
    ops, weights = zip(*OPERATIONS)
    for _ in range(rng.choice([1, 1, 2, 3])):
        data = rng.choices(ops, weights)[0](rng, data)
    return data


def hostile_value(data: bytes, rng: random.Random) -> bytes:
    """``data`` with ``PAYLOAD`` added to one scalar value (double-quoted):
    a mutant that is likely to pass the check and reach a page."""
    lines = _lines(data)
    _replace_value(lines, rng, lambda value: _insert(value, PAYLOAD, rng, quote=True))
    return _join(lines)
