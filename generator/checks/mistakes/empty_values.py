"""An empty value: which element it is, what goes there, what to delete.

Clerk trial 17, #38 (worst #2): ``time_limits: {statutory: {value: ,
unit: working_days}, promised: {value: 20, unit: working_days}}`` was told
"【时限数值】这里还没有填写内容" with "可选要素不需要时，删除这一行": the
title did not say which time limit, the hint not what goes there, and the
line held the promised time limit too, so deleting it made a new gap.  So
an empty value

- is named with the element holding it (【法定办结时限·时限数值】) when that
  is a mapping's key (not a list's entry, whose own title already says it);
- says what goes there (locale ``empty_what``, by the key path without
  list indices, e.g. ``time_limits.statutory.value``);
- when it sits in a one-line mapping (``{…}``) on a line holding other
  values, quotes the part to delete (the holding key with its ``{…}`` and
  one ", ") instead of "删除这一行".
"""

from __future__ import annotations

from generator.messages import labels


def told(loc: tuple, doc, parent_field, element: str) -> tuple[str, dict, str]:
    """(locale message key, its values, element title) for an empty value at
    key path ``loc`` of ``doc`` (sources/load.Document); ``parent_field``:
    the model field of ``loc[:-1]`` (or None), ``element``: the value's own
    field title."""
    parent = parent_field.title if parent_field is not None and len(loc) >= 2 and isinstance(loc[-2], str) \
        and parent_field.title else ""
    title = f"{parent}·{element}" if parent and element else element
    what = labels("empty_what").get(".".join(p for p in loc if isinstance(p, str)), "")
    segment = _segment(loc, doc)
    key = loc[-1] if loc and isinstance(loc[-1], str) else ""
    if segment is None:
        return ("empty_value_what" if what else "empty_value"), {"what": what}, title
    return "empty_value_shared", {"what": what or labels("empty_what")["other"], "key": key, "segment": segment,
                                  "parent": parent or "这一段"}, title


def _segment(loc: tuple, doc) -> str | None:
    """The text to delete for an empty value in a one-line mapping sharing
    its line with other values: "statutory: {value: , unit: working_days}, ";
    None when the value's line holds nothing but its own mapping, or the
    text cannot be read back."""
    if len(loc) < 2 or not isinstance(loc[-2], str):
        return None
    holder = loc[:-1]
    at = doc.keys.get(holder)
    line = doc.position(loc)[0]
    if at is None or at[0] != line:
        return None
    others = [p for p, (n, _) in doc.keys.items()
              if n == line and p[:len(holder)] != holder and holder[:len(p)] != p]  # nor what holds it
    if not others:
        return None
    try:
        text = doc.path.read_text(encoding="utf-8-sig").split("\n")[line - 1].rstrip("\r")
    except (OSError, UnicodeDecodeError, IndexError):
        return None
    start = at[1] - 1
    brace = text.find("{", start)
    if brace < 0 or text[start:brace].strip(" :") != str(holder[-1]):
        return None
    depth = 0
    for end in range(brace, len(text)):
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        if depth == 0:
            break
    else:
        return None
    tail = text[end + 1:]
    comma = len(tail) - len(tail.lstrip(" "))
    if tail[comma:comma + 1] == ",":
        return text[start:end + 2 + comma] + (" " if tail[comma + 1:comma + 2] == " " else "")
    head = text[:start].rstrip(" ")
    if head.endswith(","):
        return text[len(head) - 1:end + 1]
    return None
