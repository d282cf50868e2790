"""Stage 1 — load: read YAML files into plain data plus a table of positions.

libyaml (the C parser) composes the node tree (``compose.py``); we turn nodes into Python values
ourselves so that we can (a) remember the line and column of every key and
value, (b) refuse duplicate keys, anchors/aliases and merge keys, which PyYAML
would silently accept, (c) bound depth and size so hostile files cannot
hang or exhaust the build, and (d) read values as data, not as YAML 1.1's
guesses (``Reading values`` below).  Every problem becomes a ``Problem`` with
a position; nothing here raises a bare exception to the user.

Reading values.  YAML 1.1 (PyYAML's resolver) silently turns plain text into
other things: ``015`` into 13 (octal), ``1:00`` into 60 (base 60), ``0x10``,
``0b11`` and ``1_000`` into 16, 3 and 1000, ``yes``/``on`` into true.  A
published time limit or number of copies must be what the editor wrote, so:

- an unquoted integer must be plain decimal (``-?(0|[1-9][0-9]*)``); any other
  form YAML would read as a number (leading zero, ``+``, base 60, hex, octal,
  binary, underscores) is refused, saying what to write: the decimal number,
  or the text in quotes;
- an unquoted decimal fraction must be plain (``1.5``); ``.inf``, ``.nan``,
  exponents, underscores and base-60 fractions are refused (the model has no
  fractional element, so a plain one is then reported by the model);
- a date must be ``YYYY-MM-DD`` and exist; other timestamp forms are refused;
- only ``true`` and ``false`` are booleans.  ``yes``/``no``/``on``/``off`` (and
  ``True``, ``NO`` …) are read as the text written: where a text is meant that
  is what the editor wrote, and where a boolean is meant the model says
  "应为 true 或 false";
- ``null``/``Null``/``NULL``/``~``/nothing are null (not stated); ``=`` is text;
- an explicit tag (``!!bool``, ``!!int``, ``!!str``, ``!!binary``,
  ``!!timestamp``, ``!!python/…``, ``!include``, on a value, a key, a list or a
  mapping) is refused: no tag is needed to write any element.

A refused value is kept as the text written, so the model adds nothing at the
same place, and the file is not used (``Document.errors``).
"""

from __future__ import annotations

import datetime as dt
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.messages import say
from generator.sources.mistakes.broken import cut, duplicate_key, path_at, read_past, syntax_problem
from generator.sources.compose import MERGE_TAG as _MERGE, STR_TAG as _STR, TAGS as _TAGS, Implicit as _Implicit
from generator.sources.compose import Loader as _Loader, compose as _compose
from generator.sources.encodings import decode, decode_or_gbk
from generator.sources.files import inside
from generator.sources.mistakes.tab_repair import readable_repair
from generator.sources.mistakes.text import _CONTROL, chinese_commas, folded_entries, text_problems, why_no_date
from generator.checks.problems import Problem, ProblemsFound


MAX_BYTES = 256 * 1024  # the largest real item is ~15 KB
MAX_DEPTH = 24  # the model nests at most 5 levels deep
MAX_NODES = 50_000

Path_ = tuple  # a key path: ('materials', 2, 'name')

_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_FRACTION = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# Plain texts YAML 1.1 leaves as text but an editor means as a number: 09, 0o17.
_NUMBER_LIKE = re.compile(r"[-+]?(?:0[0-9_]+|0o[0-7_]+)\Z")
MAX_DIGITS = 18  # no number in the model has more; longer ones are refused unread


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
    # The key path of each of ``problems`` (same order): which element it is in.
    problem_paths: list[Path_] = field(default_factory=list)
    # Keys written in the part left out after a syntax error (``parse(salvage=True)``):
    # findings these elements' absence could explain are not to be reported.
    cut: list[str] = field(default_factory=list)
    broken: int = 0  # how many of ``problems`` (the first ones) are syntax errors

    @property
    def errors(self) -> bool:
        """True when a problem was found: the data is then not to be used."""
        return any(p.is_error for p in self.problems)

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


class _Builder:
    """Turns a composed node tree into plain data, recording positions."""

    def __init__(self, doc: Document, positions: bool, text: str = ""):
        self.doc = doc
        self.text = text
        self._lines: list[str] | None = None
        self.positions = positions
        self.seen: set[int] = set()
        self.count = 0
        self.problems: list[Problem] = []
        self.paths: list[Path_] = []
        self.path: Path_ = ()

    def fail(self, node: yaml.Node, msg: str, **values) -> None:
        mark = node.start_mark
        self.problems.append(_problem(self.doc.display, mark.line + 1, mark.column + 1, msg, **values))
        self.paths.append(self.path)

    def list_mistakes(self, node: yaml.SequenceNode, path: Path_) -> None:
        """Warn of a list entry folded into the one above it, and of Chinese
        commas between the entries of a flow list (``sources/mistakes/text.py``)."""
        if node.flow_style:
            found = chinese_commas(node)
        else:
            if self._lines is None:
                self._lines = self.text.split("\n")
            found = folded_entries(self._lines, node)
        for index, line, column, msg, values in found:
            message, hint = say(msg, **values)
            self.problems.append(Problem(self.doc.display, line, column, message, hint, severity="warning"))
            self.paths.append(path + (index,))

    def build(self, node: yaml.Node, path: Path_, depth: int = 0, at: yaml.Node | None = None) -> Any:
        self.path = path
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
        tag = node.tag
        if tag is _STR:  # most nodes: a text (``scalar``, first without the call)
            text = node.value
            if not node.style and _NUMBER_LIKE.match(text):
                self.number_form(node, text, "str")
            return text
        if not isinstance(tag, _Implicit):
            self.explicit_tag(node)
            return None

        if isinstance(node, yaml.MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                self.path = path
                if key_node.tag == _MERGE:
                    self.fail(key_node, "merge_key")
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.fail(key_node, "complex_key")
                    continue
                if not isinstance(key_node.tag, _Implicit):
                    self.explicit_tag(key_node)
                    continue
                key = key_node.value
                if key in result:
                    self.path = path + (key,)
                    if found := duplicate_key(node, key_node, path):  # None: a knock-on of a lost "- "
                        self.fail(key_node, found[0], **found[1])
                    continue
                if self.positions:
                    self.doc.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, path + (key,), depth + 1, key_node)
            return result
        if isinstance(node, yaml.SequenceNode):
            entries = [self.build(child, path + (i,), depth + 1, node) for i, child in enumerate(node.value)]
            self.list_mistakes(node, path)
            return entries
        return self.scalar(node)

    def explicit_tag(self, node: yaml.Node) -> None:
        tag = node.tag
        shown = "!!" + tag[len(_TAGS):] if tag.startswith(_TAGS) else tag
        self.fail(node, "unknown_tag", tag=shown[:60])

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """The value of a scalar whose tag the resolver chose (see ``Reading values``)."""
        kind, text = node.tag[len(_TAGS):], node.value
        if kind == "null":
            return None
        if kind == "bool":
            return {"true": True, "false": False}.get(text, text)
        if kind == "int":
            if _DECIMAL.match(text) and len(text) <= MAX_DIGITS:
                return int(text)
            self.number_form(node, text, "int")
            return text
        if kind == "float":
            if _FRACTION.match(text) and len(text) <= MAX_DIGITS + 2:
                return float(text)
            self.number_form(node, text, "float")
            return text
        if kind == "timestamp":
            if _DATE.match(text):
                try:
                    return dt.date.fromisoformat(text)
                except ValueError:
                    self.fail(node, "bad_date", value=text, why=why_no_date(text))
                    return text
            self.fail(node, "yaml_timestamp", value=text[:40])
            return text
        if kind == "str" and not node.style and _NUMBER_LIKE.match(text):
            self.number_form(node, text, "str")
        return text  # str, and "=" (YAML 1.1's value key), read as the text written

    def number_form(self, node: yaml.ScalarNode, text: str, kind: str) -> None:
        """Report a number written in a form other than plain decimal: what
        YAML 1.1 reads it as (``kind``: the tag it resolved to), and what to write."""
        shown = text[:40]
        if ":" in text:  # the example is the time written, when it is one (clerk trial 18, #10)
            clock = re.fullmatch(r"([01]?[0-9]|2[0-4]):([0-5][0-9])", text)
            self.fail(node, "yaml_base60", value=shown, read=_read_as(text),
                      time=f"{int(clock[1]):02d}:{clock[2]}" if clock else "09:00")
        elif kind == "float":
            self.fail(node, "yaml_float_form", value=shown, read=_read_as(text))
        elif len(text) > MAX_DIGITS + 2 or _DECIMAL.match(text):
            self.fail(node, "yaml_too_many_digits", value=shown, limit=MAX_DIGITS)
        else:
            sign = "-" if text.startswith("-") else ""
            digits = text.lstrip("+-").replace("_", "")
            if digits[:2].lower() in ("0x", "0o", "0b"):
                decimal = sign + str(int(digits, 0))
                self.fail(node, "yaml_int_base", value=shown, decimal=decimal)
            elif digits.startswith("0") and len(digits) > 1:  # 015 (octal to YAML), 09 (text to YAML)
                decimal = sign + (digits.lstrip("0") or "0")
                key = "yaml_leading_zero" if kind == "int" else "yaml_leading_zero_text"
                if kind == "int" and _read_as(text) == decimal:  # 01 .. 07: the same number, the 0 lost
                    key = "yaml_leading_zero_lost"
                self.fail(node, key, value=shown, read=_read_as(text), decimal=decimal)
            else:  # +5, 1_000
                self.fail(node, "yaml_int_form", value=shown, read=_read_as(text), decimal=sign + digits)


def _read_as(text: str) -> str:
    """What YAML 1.1 makes of ``text`` (for the message)."""
    if len(text) > 40:
        return text
    try:
        value = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):
        return text
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)
    return str(value)[:40]


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


MAX_CUTS = 5  # syntax errors reported in one file before giving up on the rest


def parse(text: str, doc: Document, positions: bool = True, salvage: bool = False,
          earlier: list[Problem] = ()) -> None:
    """Fill ``doc`` from YAML text or raise ProblemsFound.

    With ``salvage`` (item files), a syntax error does not hide the rest of
    the file: the top-level elements around it are left out
    (``sources/mistakes/broken.py``), the rest is read (up to ``MAX_CUTS`` errors),
    and ``doc`` holds the syntax problems (errors: the file is not used)
    before the others, with ``doc.cut`` the keys written in what was left out.
    ``earlier``: problems found in the text (a tab in the indentation), whose
    lines are read with the spaces meant (``sources/mistakes/tab_repair.py``) or, when
    that may be wrong, left out the same way (only with ``salvage``)."""
    _check_nesting(text, doc.display)
    syntax: list[Problem] = list(earlier)
    paths: list[Path_] = []
    fixed = readable_repair(text, earlier, _compose) if earlier and salvage else None
    if fixed is not None:  # read as indented with the spaces told (clerk trial 13, #4)
        text, paths = fixed, [path_at(fixed, p.line) or ("",) for p in earlier]
    for problem in earlier if fixed is None else ():  # named by the element on its line (path_at)
        text, keys, where = *cut(text, problem.line, problem.line, salvage == "entries"), path_at(text, problem.line)
        doc.cut += [k for k in keys if k not in doc.cut]
        paths.append(where if where and keys and where[0] == keys[0] else (keys[0],) if keys else ("",))
    while True:
        try:
            node = _compose(text)
            break
        except yaml.MarkedYAMLError as exc:
            problem, first, last, where = syntax_problem(text, doc.display, exc, _Loader)
            syntax.append(problem)
            if not salvage or len(syntax) >= MAX_CUTS:
                raise ProblemsFound(syntax) from None
            text, keys = cut(text, first, last, salvage == "entries")
            doc.cut += [k for k in keys if k not in doc.cut]
            paths.append(where or ((keys[0],) if keys else ("",)))  # never (): that would refuse the whole file
        except yaml.YAMLError as exc:  # e.g. a second document in the same file
            raise ProblemsFound(syntax + [_problem(doc.display, 1, 1, "yaml_syntax", detail=str(exc)[:200])]) from None
    if node is None or (syntax and not isinstance(node, (yaml.MappingNode, yaml.SequenceNode))):
        raise ProblemsFound(syntax or [_problem(doc.display, 1, 1, "empty_file")])
    builder = _Builder(doc, positions, text)
    doc.data = builder.build(node, ())
    doc.problems = read_past(syntax) + builder.problems  # the rest was read: not "the whole file"
    doc.broken = len(syntax)
    doc.problem_paths = paths + builder.paths


def load_file(path: Path, display: str | None = None, positions: bool = True,
              max_bytes: int = MAX_BYTES, within: Path | None = None, salvage: bool = False,
              gbk: bool = False) -> Document:
    """Read one YAML file. Raises ProblemsFound with every problem it can name.

    With ``within`` (the project root), a file that is, through a symbolic
    link, outside that folder is refused before a byte of it is read
    (``sources/files.py``).  Recording positions costs memory for every key;
    the build loads without them and reloads only the files that turn out to
    have problems.  ``gbk``: a file saved as GBK is read as such, its first
    problem an error saying so (``encodings.decode_or_gbk``); else it raises."""
    display = display or str(path)
    doc = Document(path=path, display=display, data=None)
    if within is not None and not inside(path, within):
        raise ProblemsFound([_problem(display, 1, 1, "symlink_outside")])
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a pipe or a device: reading it may never end
            raise ProblemsFound([_problem(display, 1, 1, "special_file")])
        size = st.st_size
        if size > max_bytes:
            raise ProblemsFound([_problem(display, 1, 1, "too_large", size=size // 1024, limit=max_bytes // 1024)])
        raw = path.read_bytes()
    except OSError as exc:
        raise ProblemsFound([_problem(display, 1, 1, "unreadable", detail=exc.strerror or str(exc))]) from None
    # With ``gbk`` (items, life events) a file saved as GBK is read as GBK for the
    # other checks of the same run, with an error that it is (clerk trial 11, worst #3).
    text, gbk = decode_or_gbk(raw, display) if gbk else (decode(raw, display), None)
    if not text.strip():
        raise ProblemsFound([_problem(display, 1, 1, "empty_file")])
    problems = text_problems(text, display)
    if problems and not (salvage and len(problems) < MAX_CUTS and not _CONTROL.search(text) and "\ufffd" not in text):
        raise ProblemsFound(problems)
    parse(text, doc, positions, salvage, problems)  # a tab or full-width space in the indentation: the rest is read
    if gbk is not None:  # an error (the file is not used), at no element: never refuses a value
        doc.problems.append(gbk)
        doc.problem_paths.append(("",))
    return doc
