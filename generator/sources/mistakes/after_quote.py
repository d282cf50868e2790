"""Characters written after a quoted text's closing quote (clerk trial 18,
#27: ``name: "内地居民结婚登记""``).

YAML reads the quoted text as closed and the stray ``"`` as the start of a
second text that runs to the next quote of the file, so the error shows lines
below and the quote looks "left open"; the clerk's mistake is the extra
characters on the line, to delete.
"""

from __future__ import annotations

import re

import yaml

# key: "text"REST  or  - "text"REST — the value one quoted text, then more on the line.
_HEAD = re.compile(r"^[ ]*(?:-[ ]+)?(?:([A-Za-z_][A-Za-z0-9_]*):[ ]+)?$")


def text_after_quote(text: str, last: int, loader: type) -> tuple | None:
    """(line, column, message key, values) of the first quoted value, up to
    line ``last`` (1-based, where YAML noticed the error), closed on its line
    and followed by characters other than a comment, or None.  Only a value
    that is the whole of ``key: `` or ``- `` is looked at (inside [ ] or { }
    other modules tell).  ``loader``: the YAML loader class whose scanner is
    used.  ``values``: row, key (" name " or ""), extra (the characters to
    delete), fixed (the line without them), spaces (its indentation)."""
    lines, depth = text.split("\n"), 0
    try:
        for token in yaml.scan(text, Loader=loader):
            start, end = token.start_mark, token.end_mark
            if start.line + 1 > last:
                return None
            depth += isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)) \
                - isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken))
            if not isinstance(token, yaml.ScalarToken) or token.style not in ('"', "'") or end.line != start.line \
                    or depth > 0:
                continue
            line = lines[start.line].rstrip("\r")
            head, rest = _HEAD.match(line[:start.column]), line[end.column:]
            extra = rest.rstrip()
            if head is None or not extra or rest[:1] in (" ", "\t") and extra.lstrip()[:1] in ("#", ":") \
                    or extra[:1] == ":":
                continue
            return start.line + 1, end.column + 1, "text_after_quote", {
                "row": start.line + 1, "key": f" {head.group(1)} " if head.group(1) else "", "extra": extra.strip(),
                "fixed": line[:end.column].strip(), "spaces": len(line) - len(line.lstrip(" "))}
    except yaml.MarkedYAMLError:
        return None
    return None
