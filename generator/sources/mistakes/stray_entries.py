"""List entries YAML does not see where the clerk wrote them (clerk trial 9).

A list entry ("- …") written under a key that already has its value, its
own list's key line missing (clerk trial 9, #7: a branch pasted under
``time_limit: {unit: immediate}`` after ``branches:`` had been deleted with
it).  YAML notices only that the entry does not fit; the indentation
message it got named the list of the whole steps and a level that made it
worse.

Which list the entry belongs to is read from the model (``checks/model.py``):
the list elements of the element holding the line above whose entries may
have every key the entry writes.  One such list missing from that element:
the clerk is told to add its key line above the entry (the entry can stay
where it is); one already written: to move the entry under it; several:
they are named; none, and the list further out does not take it either: it
has no list there.  An entry the list further out takes is left to
``broken.misindented`` (indented too far).

An entry begun with a character that looks like "-" ("－", "—", "一" …; #30):
YAML reads it as text, and "前面少了'- '" had the clerk publish "－ 体检合格".
The character is named and replaced (``lookalike_dash``, ``lookalike_at``;
``checks/schema_errors.py`` for the first entry, which makes the list a text).
"""

from __future__ import annotations

import re
import typing

import yaml
from pydantic import BaseModel

from generator.sources.compose import compose
from generator.sources.mistakes.text import _indent

# "key: value" with the value on the line (not "key:" opening a block).
_VALUED = re.compile(r"([ ]*)(- )?([A-Za-z_][A-Za-z0-9_]*):[ ]+(?!#)\S")
_DASH = re.compile(r"([ ]*)-(?: |$)")
_OPENS = re.compile(r"[ ]*(?:- )?[A-Za-z_][A-Za-z0-9_]*:[ ]*(?:#.*)?\r?$")  # "key:" opening a block


def stray_entry(text: str, found: int) -> tuple | None:
    """(line, column, message key, its values) when line ``found`` (1-based,
    where YAML stopped) is a list entry below a line ``key: value`` whose key
    stands at or left of its dash, or None.  Message keys: ``stray_entry_add``
    (values ``list``, ``spaces``), ``stray_entry_move`` (``list``, ``at``: the
    line of its list's key), ``stray_entries`` (``lists`` it may belong to)
    and ``stray_entry`` (no list takes it); all with ``above``, ``above_line``,
    ``above_element`` (the key above, its line and Chinese name) and ``path``
    (the key path the entry is named by).  None also when the list holding
    the element above takes the entry: one of its entries indented too far
    (``broken.misindented`` says so)."""
    from generator.sources.mistakes.broken import element_title, path_at  # broken.py calls this module
    lines = text.split("\n")
    if not 1 <= found <= len(lines) or not (dash := _DASH.match(lines[found - 1])):
        return None
    number = next((n for n in range(found - 1, 0, -1) if lines[n - 1].strip()
                   and not lines[n - 1].lstrip().startswith("#")), 0)
    valued = _VALUED.match(lines[number - 1]) if number else None
    if not valued:
        return None
    column = len(valued.group(1)) + (2 if valued.group(2) else 0)
    if column > len(dash.group(1)):
        return None
    where = path_at(text, number)
    if not where or where[-1] != valued.group(3):
        return None
    holder, keys = _holder(where), _entry_keys(lines, found)
    fits = _lists_for(holder, keys) if holder is not None else []
    values = {"above": valued.group(3), "above_element": element_title(where), "above_line": number}
    if len(fits) == 1:
        name = fits[0]
        written = _written_at(lines, number, column, name)
        values = dict(values, list=name, path=where[:-1] + (name, 0))
        if written:
            return found, len(dash.group(1)) + 1, "stray_entry_move", dict(values, at=written)
        return found, len(dash.group(1)) + 1, "stray_entry_add", dict(values, spaces=column)
    if fits:
        shown = "、".join(f"{name}（{element_title(where[:-1] + (name,))}）" for name in fits[:6])
        return found, len(dash.group(1)) + 1, "stray_entries", dict(values, lists=shown, path=where)
    outer = max((i for i, part in enumerate(where) if isinstance(part, int)), default=None)
    if outer is not None and (parent := _holder(where[:outer])) is not None and where[outer - 1] in _lists_for(
            parent, keys):
        return None  # an entry of the list further out, indented too far: ``broken.misindented`` says so
    return found, len(dash.group(1)) + 1, "stray_entry", dict(values, path=where)


def _holder(path: tuple):
    """The model class holding the last key of ``path`` (the item model,
    or the one ``broken.ELEMENT_MODEL`` sets), or None."""
    from generator.checks.model import Item  # the model is a later stage: only needed here
    from generator.checks.schema_errors import walk
    from generator.sources.mistakes.broken import ELEMENT_MODEL
    holder, field = walk(ELEMENT_MODEL.get() or Item, path)
    return holder if field is not None else None


def _entry_keys(lines: list[str], number: int) -> set[str] | None | bool:
    """The keys the entry on line ``number`` writes (read from it and the
    lines below indented further), None when it is no mapping, False when
    it cannot be read on its own."""
    indent = _indent(lines[number - 1])
    own = [lines[number - 1][indent + 2:]]
    for line in lines[number:]:
        if line.strip() and _indent(line) <= indent:
            break
        own.append(line[indent + 2:])
    try:
        node = compose("\n".join(own))
    except yaml.YAMLError:
        return False
    if not isinstance(node, yaml.MappingNode) or not node.value:
        return None
    return {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def _lists_for(holder, keys: set[str] | None | bool) -> list[str]:
    """The list elements of ``holder`` (a model class) an entry writing
    ``keys`` may belong to: lists of models that may have all of them, or
    for an entry that is no mapping (None), lists of texts and numbers."""
    found: list[str] = []
    if keys is False:
        return found
    for name, field in holder.model_fields.items():
        listed = _listed(field.annotation)
        if listed is None:
            continue
        models = [a for a in listed if isinstance(a, type) and issubclass(a, BaseModel)]
        if keys is None and not models or keys is not None and any(
                keys <= set(m.model_fields) | {f.alias for f in m.model_fields.values() if f.alias} for m in models):
            found.append(field.alias or name)
    return found


def _listed(annotation) -> tuple | None:
    """What ``annotation`` holds in a list (through Optional and Annotated),
    or None when it is no list."""
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)
    return next((found for arg in typing.get_args(annotation) if (found := _listed(arg)) is not None), None)


def _written_at(lines: list[str], number: int, column: int, name: str) -> int | None:
    """The line (1-based) of ``name:`` among the keys at ``column`` of the
    element holding line ``number``, above or below it, or None."""
    key = re.compile(rf"[ ]*(?:- )?{re.escape(name)}:(?: |$)")
    for step in (-1, 1):
        n = number
        while 1 <= n + step <= len(lines):
            n += step
            line = lines[n - 1]
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            match = re.match(r"([ ]*)(- )?", line)
            at = len(match.group(1)) + (2 if match.group(2) else 0)
            if at == column and key.match(line):
                return n
            if _indent(line) < column or (match.group(2) and _indent(line) <= column - 2 and at == column):
                break  # left the element (a key further left, or the next entry of its list)
    return None


# What a Chinese input method or a word processor types for "-" (clerk trial 9,
# #30: "－ 体检合格" told "前面少了'- '", and published with its "－").  The
# character 一 only when a space follows: otherwise it begins a text.
_LOOKALIKE_DASHES = "\uff0d\u2014\u2013\u2015\u2212\u2010\u2011\ufe63\u30fc\u2500"


def leading_dash(text: str, tight: bool = False) -> str | None:
    """The character that looks like "-" beginning ``text`` (an entry's
    line without its indentation) and followed by more text, or None.
    ``tight``: also "-" itself followed by text with no space ("-用气…",
    clerk trial 10, #42: the first entry, which makes its list a text)."""
    body = text.strip(" \r")
    if tight and _TIGHT_DASH.match(body):
        return "-"
    if body[1:].strip(" \u3000") and (body[0] in _LOOKALIKE_DASHES or (body[0] == "\u4e00" and body[1] in " \u3000")):
        return body[0]
    return None


def lookalike_dash(text: str, found: tuple | None) -> tuple | None:
    """The ``missing_dash`` finding ``found`` told as "lookalike_dash" (values
    ``char``, ``rest``: the entry's text) when its line begins with a
    character that looks like "-", else ``found``."""
    if found is None:
        return None
    line, column, _, values = found
    body = text.split("\n")[line - 1].strip(" \r")
    char = leading_dash(body)
    return (line, column, "lookalike_dash", dict(values, char=char, rest=body[1:].strip(" \u3000"))) if char else found


def lookalike_at(text: str, line: int) -> tuple | None:
    """(line, column, "lookalike_dash", values) when line ``line`` (1-based)
    begins with a character that looks like "-" under a list's key ("－ name:
    …" in materials, which YAML reads as a key), or None."""
    from generator.sources.mistakes.broken import path_at  # broken.py calls this module
    lines = text.split("\n")
    if not 1 <= line <= len(lines) or not (char := leading_dash(lines[line - 1])):
        return None
    indent = _indent(lines[line - 1])
    owner = next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip() and not lines[n - 1].lstrip()
                  .startswith("#") and _indent(lines[n - 1]) < indent), 0)
    where = path_at(text, owner) if owner else None
    if not where or not isinstance(where[-1], str) or not _OPENS.match(lines[owner - 1]):
        return None
    return line, indent + 1, "lookalike_dash", {"key": where[-1], "path": where, "char": char,
                                                 "rest": lines[line - 1].strip(" \r")[1:].strip(" \u3000")}


# "-用气场所…": the "-" of a list entry with no space after it (clerk trial 10,
# #42).  YAML reads the line as text, not an entry, and notices on the next
# line ("缺少英文冒号", at the line after it).  Not "--" or "---".
_TIGHT_DASH = re.compile(r"([ ]*)-([^\s\-].*)$")


def dash_without_space(text: str, first: int, last: int) -> tuple | None:
    """(line, column, "dash_without_space", its values) for the first line
    from ``first`` to ``last`` (1-based; YAML stopped on ``last``) begun with
    "-" and text right after it, at the column of a "- " entry next to it or
    as the first entry under a key line opening a block; or None
    ("dash_without_space_entry": an entry of a file that is a list).  Values:
    ``key`` (the list), ``path`` (the entry's key path), ``fixed`` (the line
    as it should be, leading spaces included) and ``spaces``."""
    from generator.sources.mistakes.broken import path_at  # broken.py calls this module
    lines = text.split("\n")
    for number in range(max(first, 1), min(last, len(lines)) + 1):
        match = _TIGHT_DASH.match(lines[number - 1].rstrip("\r"))
        if not match:
            continue
        indent = len(match.group(1))
        above = _neighbour(lines, number, -1)
        opens = above is not None and _OPENS.match(above) and _indent(above) < indent
        if not (opens or _sibling(lines, number, indent)):
            continue
        fixed = f"{match.group(1)}- {match.group(2).rstrip()}"
        where = path_at("\n".join(lines[:number - 1] + [fixed] + lines[number:]), number)
        while where and not isinstance(where[-1], int):  # "- name: …": the entry, not its first key
            where = where[:-1]
        if not where:
            continue
        key = next((p for p in reversed(where) if isinstance(p, str)), "")
        return number, indent + 1, "dash_without_space" if key else "dash_without_space_entry", {
            "key": key, "path": where, "fixed": fixed, "spaces": indent}
    return None


def _neighbour(lines: list[str], number: int, step: int) -> str | None:
    """The nearest line with content (not a comment) above (``step`` -1) or below (+1) line ``number``."""
    return next(_content(lines, number, step), None)


def _content(lines: list[str], number: int, step: int):
    """The lines with content (not blank, not a comment) from line ``number`` (1-based, not included) on."""
    index = number - 1 + step
    while 0 <= index < len(lines):
        if lines[index].strip() and not lines[index].lstrip().startswith("#"):
            yield lines[index]
        index += step


def _sibling(lines: list[str], number: int, indent: int) -> bool:
    """True when a "- " entry stands at column ``indent`` above or below line
    ``number`` in the same list (no line further left in between)."""
    for step in (-1, 1):
        for line in _content(lines, number, step):
            if _indent(line) < indent:
                break
            if _indent(line) == indent and _DASH.match(line):
                return True
    return False
