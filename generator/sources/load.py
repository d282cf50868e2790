"""Stage 1 — load: read YAML files into plain data plus a table of positions.

libyaml (the C parser) composes the node tree; we turn nodes into Python values
ourselves so that we can (a) remember the line and column of every key and
value, (b) refuse duplicate keys, anchors/aliases and merge keys, which PyYAML
would silently accept, and (c) bound depth and size so hostile files cannot
hang or exhaust the build.  Every problem becomes a ``Problem`` with a
position; nothing here raises a bare exception to the user.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.messages import say, yaml_problem
from generator.checks.problems import Problem, ProblemsFound

try:  # the C loader is ~10x faster; fall back quietly where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader


MAX_BYTES = 256 * 1024  # the largest real item is ~15 KB
MAX_DEPTH = 24  # the model nests at most 5 levels deep
MAX_NODES = 50_000

Path_ = tuple  # a key path: ('materials', 2, 'name')

_OPENED_AT = ("while parsing a flow", "while scanning a quoted scalar")
_SCALAR = yaml.constructor.SafeConstructor()
_TAGS = "tag:yaml.org,2002:"


@dataclass
class Document:
    """A loaded YAML file: its data and where each key and value sits."""

    path: Path
    display: str  # the path shown to editors, relative to the project
    data: Any
    # path -> (line, column) of the key and of the value, 1-based
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # Problems that still leave usable data (a duplicate key): reported
    # together with the model's findings instead of stopping at the first.
    problems: list[Problem] = field(default_factory=list)

    def position(self, path: Path_, of_key: bool = False) -> tuple[int, int]:
        """Position of the deepest part of ``path`` that exists in the file."""
        path = tuple(path)
        while path:
            table = self.keys if of_key else self.values
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
            of_key = False
        return self.values.get((), (1, 1))


def _problem(display: str, line: int, column: int, msg: str, **values) -> Problem:
    message, hint = say(msg, **values)
    return Problem(display, line, column, message, hint)


def decode(raw: bytes, display: str) -> str:
    """Bytes to text, telling the editor how to fix a wrong encoding."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ProblemsFound([_problem(display, 1, 1, "encoding_utf16")])
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]  # Notepad's UTF-8 with BOM is still UTF-8
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        if b"\x00" in raw[:200]:
            raise ProblemsFound([_problem(display, 1, 1, "encoding_utf16")]) from None
        try:
            raw.decode("gb18030")
            key = "encoding_gbk"
        except UnicodeDecodeError:
            key = "encoding_unknown"
        raise ProblemsFound([_problem(display, line, column, key)]) from None


_LEADING_TAB = re.compile(r"^[ \t]*\t", re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check_text(text: str, display: str) -> list[Problem]:
    """Problems PyYAML reports badly or not at all."""
    problems: list[Problem] = []
    if not (_LEADING_TAB.search(text) or _CONTROL.search(text)):
        return problems  # the common case, without looking at every character
    for number, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            problems.append(_problem(display, number, line.index("\t") + 1, "tab_indent"))
        bad = next((c for c in line if (ord(c) < 32 and c not in "\t\r") or c == "\x7f"), None)
        if bad is not None:
            problems.append(_problem(display, number, line.index(bad) + 1, "control_char", code=f"U+{ord(bad):04X}"))
    return problems


class _Builder:
    """Turns a composed node tree into plain data, recording positions."""

    def __init__(self, doc: Document, positions: bool):
        self.doc = doc
        self.positions = positions
        self.seen: set[int] = set()
        self.count = 0
        self.problems: list[Problem] = []

    def fail(self, node: yaml.Node, msg: str, **values) -> None:
        mark = node.start_mark
        self.problems.append(_problem(self.doc.display, mark.line + 1, mark.column + 1, msg, **values))

    def build(self, node: yaml.Node, path: Path_, depth: int = 0, at: yaml.Node | None = None) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise ProblemsFound([_problem(self.doc.display, 1, 1, "too_many_nodes", limit=MAX_NODES)])
        if depth > MAX_DEPTH:
            self.fail(node, "too_deep", limit=MAX_DEPTH)
            raise ProblemsFound(self.problems)
        if id(node) in self.seen:
            # The same node reached twice can only be an alias (*name).
            self.fail(at or node, "alias")
            raise ProblemsFound(self.problems)
        self.seen.add(id(node))
        if self.positions:
            mark = node.start_mark
            self.doc.values[path] = (mark.line + 1, mark.column + 1)

        if isinstance(node, yaml.MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                if key_node.tag == _TAGS + "merge":
                    self.fail(key_node, "merge_key")
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.fail(key_node, "complex_key")
                    continue
                key = key_node.value
                if key in result:
                    first = next(k for k, _ in node.value if k.value == key)
                    self.fail(key_node, "duplicate_key", key=key, first_line=first.start_mark.line + 1)
                    continue
                if self.positions:
                    self.doc.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, path + (key,), depth + 1, key_node)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,), depth + 1, node) for i, child in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _TAGS + "str":
            return node.value
        if tag in (_TAGS + "int", _TAGS + "float", _TAGS + "bool", _TAGS + "null", _TAGS + "timestamp"):
            try:
                return _SCALAR.construct_object(node)
            except (ValueError, yaml.YAMLError):
                self.fail(node, "bad_scalar", value=node.value[:40])
                return node.value
        shown = "!!" + tag[len(_TAGS):] if tag.startswith(_TAGS) else tag
        self.fail(node, "unknown_tag", tag=shown[:60])
        return None


# Composing a node tree recurses in C: a few hundred thousand nested brackets
# ("[[[[…") crash the interpreter.  Files with that many openers are first
# streamed as events (iterative) to find the nesting depth.
_OPENERS = ("[", "{", "- ", "? ")
_SCAN_ABOVE = 2000


def _check_nesting(text: str, display: str) -> None:
    if sum(text.count(o) for o in _OPENERS) <= _SCAN_ABOVE:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise ProblemsFound([_problem(display, mark.line + 1, mark.column + 1, "too_deep",
                                                  limit=MAX_DEPTH)])
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # parse() reports it with its position


def parse(text: str, doc: Document, positions: bool = True) -> None:
    """Fill ``doc`` from YAML text or raise ProblemsFound."""
    _check_nesting(text, doc.display)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # An unclosed bracket or quote is noticed lines later; the editor needs
        # the place where it was opened.
        if exc.context_mark and (exc.context or "").startswith(_OPENED_AT):
            mark = exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = yaml_problem(exc.problem or "")
        raise ProblemsFound([_problem(doc.display, line, column, "yaml_syntax", detail=detail)]) from None
    except yaml.YAMLError as exc:  # e.g. a second document in the same file
        raise ProblemsFound([_problem(doc.display, 1, 1, "yaml_syntax", detail=str(exc)[:200])]) from None
    if node is None:
        raise ProblemsFound([_problem(doc.display, 1, 1, "empty_file")])
    builder = _Builder(doc, positions)
    doc.data = builder.build(node, ())
    doc.problems = builder.problems


def load_file(path: Path, display: str | None = None, positions: bool = True,
              max_bytes: int = MAX_BYTES) -> Document:
    """Read one YAML file. Raises ProblemsFound with every problem it can name.

    Recording positions costs memory for every key; the build loads without
    them and reloads only the files that turn out to have problems."""
    display = display or str(path)
    doc = Document(path=path, display=display, data=None)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ProblemsFound([_problem(display, 1, 1, "too_large", size=size // 1024, limit=max_bytes // 1024)])
        raw = path.read_bytes()
    except OSError as exc:
        raise ProblemsFound([_problem(display, 1, 1, "unreadable", detail=exc.strerror or str(exc))]) from None
    text = decode(raw, display)
    if not text.strip():
        raise ProblemsFound([_problem(display, 1, 1, "empty_file")])
    problems = _check_text(text, display)
    if problems:
        raise ProblemsFound(problems)
    parse(text, doc, positions)
    return doc
