"""A file with a YAML syntax error (clerk trials, W11): which line is
indented wrongly and by how much, and which part of the file to leave out so
that the rest can still be read and checked in the same run.

``levels.misindented`` names the key (or list entry) of a line indented off
its level, with the number of spaces its siblings use.  ``cut`` blanks the
top-level elements around a syntax error (the lines stay, empty, so every
other line keeps its number); the loader reads the rest and the checks drop
any finding that the missing elements could explain (``Document.cut``).
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import replace

import yaml

from generator.checks.problems import Problem
from generator.messages import quoted, quoted_apart, say, yaml_problem
from generator.sources.mistakes.levels import KEY as _KEY, misindented, path_above
from generator.sources.mistakes.text import (_indent, _meant_indent, misplaced_colon, missing_dash,
                                        open_quote, quote_past_bracket)
from generator.sources.mistakes.entry_cut import entries_cut
from generator.sources.mistakes.stray_entries import dash_without_space, lookalike_at, lookalike_dash, stray_entry
from generator.sources.mistakes.wide_marks import flow_mark
from generator.sources.mistakes.flow_repair import flow_repair
from generator.sources.mistakes.after_quote import text_after_quote

_OPENED_AT = ("while parsing a flow", "while scanning a quoted scalar")

# A top-level key (also one written with a full-width colon): where an element of the file begins.
_TOP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:[ ]*[:：]|[ ]+[^\s:#\-][^:]*$)")  # "key value": its colon left out
# YAML's words for a line at the wrong level (generator/locales/zh.yaml, yaml_problems).
INDENT_PROBLEMS = ("mapping values are not allowed", "did not find expected key", "did not find expected '-' indicator",
                   "expected <block end>, but found '-'")  # an entry left of its list (clerk trial 15, #33)


# "key value": the colon after a key left out (clerk trial 3, #15).  YAML reads
# the line as text and notices only on the next line, and again on each line
# after it once that one is left out; the editor needs the key's own line.
_NO_COLON = re.compile(r"([ ]*(?:- )?)([A-Za-z_][A-Za-z0-9_]*)[ ]+([^\s:#\-][^:]*)$")


def missing_colon(text: str, line: int, found: int | None = None) -> tuple | None:
    """(line, column, "missing_colon", its values) when line ``line``
    (1-based) is a key followed by its value with no colon between them
    ("summary 查询本人…"), or None.  ``found``: the line where YAML noticed a
    colon it did not expect; the key line must then be the nearest line with
    content above it, and ``found`` a key at the same column (its sibling,
    which YAML read as the rest of the text).  Values: ``key``, ``path``
    (its key path, for the element's name) and ``value`` (the text written
    after it, shortened)."""
    lines = text.split("\n")
    if found is not None:
        above = next((n for n in range(found - 1, 0, -1) if lines[n - 1].strip()
                      and not lines[n - 1].lstrip().startswith("#")), 0)
        sibling = _KEY.match(lines[found - 1]) if 1 <= found <= len(lines) else None
        if not above or not sibling:
            return None
        line = above
    if not 1 <= line <= len(lines):
        return None
    match = _NO_COLON.match(lines[line - 1].rstrip())
    if not match:
        return None
    column = len(match.group(1))
    if found is not None and len(sibling.group(1)) + (2 if sibling.group(2) else 0) != column:
        return None
    key, value = match.group(2), match.group(3).strip()
    shown = value if len(value) <= 12 else value[:12] + "…"
    return line, column + len(key) + 1, "missing_colon", {"key": key, "path": path_above(lines, line, column) + (key,),
                                                          "value": shown}


def cut(text: str, first: int, last: int, entries: bool = False) -> tuple[str, list[str]]:
    """``text`` with the top-level elements holding lines ``first`` to
    ``last`` (1-based) blanked, and the keys written on the blanked lines
    (the elements that may be missing because of the cut).  The region runs
    from the top-level key at or above ``first`` to the line before the next
    top-level key after ``last``.  ``entries`` (life events): when those
    lines lie in entries of a top-level list, only these entries are left
    out, each index kept by an empty entry, and named "steps[1]" (clerk
    trial 10, #8: the other steps' items went unchecked till the next run)."""
    lines = text.split("\n")
    top = _ENTRY if is_list(text) else _TOP  # a registry's entries ("- id: …" at column 0), or an item's keys
    start = next((i for i in range(min(first, len(lines)) - 1, -1, -1) if top.match(lines[i])), 0)
    end = next((i for i in range(max(last, 1), len(lines)) if top.match(lines[i])), len(lines))
    if entries and top is _TOP and (inner := entries_cut(lines, start, end, first, last)):
        at, after, column, names = inner
        return "\n".join(lines[:at] + [" " * column + "-"] + [""] * (after - at - 1) + lines[after:]), names
    keys = [m.group(3) for line in lines[start:end] if (m := _KEY.match(line))]
    keys += [m.group(1) for line in lines[start:end] if (m := _TOP.match(line)) and m.group(1) not in keys]
    blanked = lines[:start] + [""] * (end - start) + lines[end:]
    return "\n".join(blanked), keys


_ENTRY = re.compile(r"-(?:[ ]|$)")  # an entry of a file that is a list (content/departments.yaml …)
_ENTRY_ID = re.compile(r"(?:- |  )id[ ]*[:：][ ]*[\"']?([A-Za-z0-9_.\-]+)")


def is_list(text: str) -> bool:
    """True when the file's first content line is a list entry at column 0 (a registry)."""
    first = next((line for line in text.split("\n") if line.strip() and not line.lstrip().startswith(("#", "---"))), "")
    return bool(_ENTRY.match(first))


def entry_ids(text: str) -> list[str]:
    """The ids written in a registry that is a list ("- id: x" or "  id: x"
    in an entry at column 0), read from the text alone: what a file that
    cannot be read, or was read in part, defines (clerk trial 5: items of a
    registered department told it is not registered)."""
    return [m.group(1) for line in text.split("\n") if (m := _ENTRY_ID.match(line))] if is_list(text) else []


def duplicate_key(node: yaml.MappingNode, key_node: yaml.ScalarNode, path: tuple) -> tuple[str, dict] | None:
    """(message key, values) for ``key_node``, a key ``node`` already has, or
    None when it is not to be reported.  In a list entry (``path`` ends with
    an index) a key written again is most likely the start of the next entry
    whose "- " was lost (clerk trial 5, 15A: "delete one" deleted a step):
    only the first repeated key is reported, as a missing "- " at its line;
    the keys repeated after it follow from the same slip.  When no key after
    it repeats and it is not the entry's first key, it is one entry with a
    key written twice (clerk trial 9, #20): "duplicate_key_entry", "delete one
    of them" first, with both values."""
    key = key_node.value
    first, first_value = next((k, v) for k, v in node.value if k.value == key)
    values = {"key": key, "first_line": first.start_mark.line + 1}
    value = next(v for k, v in node.value if k is key_node)
    if _same_line_again(first, first_value, key_node, value):  # clerk trial 6, #6: not a lost "- "
        return "duplicate_line", dict(values, at=key_node.start_mark.line + 1, value=value.value[:40])
    if not path or not isinstance(path[-1], int):
        if isinstance(first_value, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):  # both values shown;
            first, now = quoted_apart(first_value.value, value.value, 40)  # clerk trial 19, #18
            return "duplicate_key_value", dict(values, at=key_node.start_mark.line + 1,  # no "合并" for a URL
                                               first=first, now=now)
        return "duplicate_key", values
    seen: set = set()
    for index, (k, _) in enumerate(node.value):
        if getattr(k, "value", None) in seen:
            if k is not key_node:
                return None
            values = dict(values, at=key_node.start_mark.line + 1)
            if _one_entry(node, index):  # clerk trial 9, #20: the lines after it go on with the same entry
                shown = [v.value[:20] for v in (first_value, value) if isinstance(v, yaml.ScalarNode)]
                return "duplicate_key_entry", dict(values, values=say(
                    "duplicate_key_values", first_line=values["first_line"], first=shown[0], at=values["at"],
                    now=shown[1])[0] if len(shown) == 2 else "")
            return "duplicate_key_dash", values
        seen.add(getattr(k, "value", None))
    return "duplicate_key", values


def _one_entry(node: yaml.MappingNode, index: int) -> bool:
    """True when the key at ``index``, written again in the list entry
    ``node``, is not how entries begin (the entry's first key) and no key
    after it repeats one before it: a new entry whose "- " was lost would
    repeat its other keys too."""
    keys = [getattr(k, "value", None) for k, _ in node.value]
    return keys[index] != keys[0] and not set(keys[index + 1:]) & set(keys[:index])


def _same_line_again(first: yaml.Node, first_value: yaml.Node, key: yaml.Node, value: yaml.Node) -> bool:
    """True when ``key: value`` repeats, on the very next line, the line of
    ``first: first_value`` (the same key and the same plain value): a line
    pasted or typed twice, one of which is to go."""
    return isinstance(first_value, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode) \
        and first_value.value == value.value and first_value.tag == value.tag \
        and first.start_mark.column == key.start_mark.column \
        and first_value.end_mark.line + 1 == key.start_mark.line


# The model whose titles name the elements of the file being read: an item's
# (None) unless the reader of a registry or life event sets its own
# (``checks/registries.Sources.load``; clerk trial 6, #26: "要素 items（items）").
ELEMENT_MODEL: ContextVar = ContextVar("element_model", default=None)


def element_title(path: tuple) -> str:
    """The Chinese name of the element at key path ``path`` (the title in
    ``ELEMENT_MODEL``, by default the item model), or its last key when the
    model has none."""
    from generator.checks.model import Item  # the model is a later stage: only needed here
    from generator.checks.schema_errors import walk
    _, info = walk(ELEMENT_MODEL.get() or Item, path)
    return info.title if info is not None and info.title else str(next((p for p in reversed(path) if isinstance(p, str)), ""))


_LINE = re.compile(r"([ \t\u3000]*)(-(?:[ \t\u3000]+|$))?(?:([A-Za-z_][A-Za-z0-9_]*)[ \u3000]*(?=[:：]))?")


def _shape(line: str) -> tuple[int, bool, str | None]:
    """(column, is a list entry, key or None) of a content line."""
    match = _LINE.match(line)
    return _indent(line), bool(match.group(2)), match.group(3)


def path_at(text: str, line: int) -> tuple | None:
    """The key path of the element written on ``line`` (1-based), read from
    the indentation of the lines above it (``("materials", 2, "copies")``),
    or None when the line starts with no key or entry.  Names a syntax
    error by the entry's own element rather than the list holding it (clerk
    trial 4: 申请材料 for a slip in 份数).  A line indented with tabs or
    full-width spaces counts at the level the line above suggests."""
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return None
    own = _LINE.match(lines[line - 1])
    if not (own.group(2) or own.group(3)):
        return None
    mixed = "\t" in own.group(1) or "\u3000" in own.group(1)
    column = _meant_indent(lines, line) if mixed else len(own.group(1))
    path: list = [own.group(3)] if own.group(3) else []
    state = "entry" if own.group(2) else "key"  # what stands at ``column``
    above = [(n, _shape(lines[n - 1])) for n in range(line - 1, 0, -1)
             if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")
             and "\t" not in lines[n - 1][:_indent(lines[n - 1]) + 1]]
    index = 0
    for _, (at, dash, key) in above:
        if state == "entry":
            if at == column and dash:
                index += 1
                continue
            if at > column:
                continue
            path.insert(0, index)
            index = 0
            if at == column and dash is False and key:  # "key:" with its entries at the same column
                path.insert(0, key)
                state = "key"
                if at == 0:
                    break
                continue
            state = "key"  # fall through: find the parent of the list at ``column``
        if at >= column and not (dash and at + 2 == column):
            continue
        if dash:
            if key and at + 2 < column:
                path.insert(0, key)  # "- key:" with our element under it
            state, column = "entry", at
            index = 0
            continue
        if key is None:
            return None
        path.insert(0, key)
        column = at
        if at == 0:
            break
    else:
        if state == "entry":
            path.insert(0, index)
    return tuple(path) or None


def read_past(problems: list[Problem]) -> list[Problem]:
    """``problems`` (a file's syntax errors) with "整个文件无法读取" made
    "程序读不懂这一段" (``yaml_syntax_part``): for a file read past them, whose
    other problems are listed (clerk trial 11, #8 and #25: the two contradicted)."""
    whole, part = say("yaml_syntax", detail="")[0], say("yaml_syntax_part", detail="")[0]
    return [replace(p, message=part + p.message[len(whole):]) if p.message.startswith(whole) else p for p in problems]


def _problem(display: str, line: int, column: int, key: str, values: dict) -> Problem:
    message, hint = say(key, **values)
    return Problem(display, line, column, message, hint)


def syntax_problem(text: str, display: str, exc: yaml.MarkedYAMLError,
                   loader: type) -> tuple[Problem, int, int, tuple | None]:
    """The problem a syntax error is reported as (at the line to change,
    naming the mistake where ``sources/mistakes/text.py`` or ``sources/mistakes/broken.py``
    recognise it), the first and last line (1-based) it concerns, and the key
    path of the element it names (None: not known).  ``loader``: the YAML
    loader class whose scanner is used."""
    mark = exc.problem_mark or exc.context_mark
    # An unclosed bracket or quote is noticed lines later; the editor needs
    # the place where it was opened.
    if exc.context_mark and (exc.context or "").startswith(_OPENED_AT):
        mark = exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    found = exc.problem_mark.line + 1 if exc.problem_mark else line
    # Everything after a "---" is a second document: left out as well.
    last = text.count("\n") + 1 if "another document" in (exc.problem or "") else found
    dash = lookalike_dash(text, missing_dash(text, exc.context_mark.line + 1)) if (exc.context or "").startswith(
        "while scanning a simple key") and exc.context_mark else None
    no_colon = None
    if not dash and (exc.context or "").startswith("while scanning a simple key") and exc.context_mark:
        no_colon = missing_colon(text, exc.context_mark.line + 1)
    elif (exc.problem or "").startswith("mapping values are not allowed"):
        no_colon = missing_colon(text, 0, found)
    # An entry under a key that has its value: its list's key line missing (clerk trial 9, #7).
    indent_problem = (exc.problem or "").startswith(INDENT_PROBLEMS)
    stray = stray_entry(text, found) if indent_problem and not no_colon else None
    level = misindented(text, exc.context_mark.line + 1 if exc.context_mark else 1, found, is_list(text)) \
        if indent_problem and not (no_colon or stray) else None
    # "-用气…": the space after an entry's "-" left out (clerk trial 10, #42), not a colon.
    tight = dash_without_space(text, exc.context_mark.line + 1 if exc.context_mark else found - 1, found)
    # The key YAML began reading, lines above where it noticed (a part cut out between them).
    simple_key = (exc.context or "").startswith("while scanning a simple key") and exc.context_mark is not None
    # A Chinese comma between quoted entries of [ ] (clerk trial 11, #8): named at its column, the line rewritten.
    colon = text_after_quote(text, found, loader) or open_quote(text, found, loader) or quote_past_bracket(text, exc) or flow_mark(text, exc) \
        or flow_repair(text, exc) or tight or dash \
        or no_colon or stray or lookalike_at(text, line) or level or misplaced_colon(text, line) \
        or (simple_key and misplaced_colon(text, exc.context_mark.line + 1))  # past a cut (clerk trial 13, #4)
    if colon:
        line, column, key, values = colon
        path = values.pop("path", None)
        if path is not None:
            values = dict(values, element=element_title(path))
        return _problem(display, line, column, key, values), min(line, found), max(line, last), \
            path or path_at(text, line)
    detail = yaml_problem(exc.problem or "")
    return _problem(display, line, column, "yaml_syntax", {"detail": detail}), min(line, found), max(line, last), \
        path_at(text, line)
