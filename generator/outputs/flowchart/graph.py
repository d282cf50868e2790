"""Flowcharts of an item's steps: DOT source, a batched and cached SVG renderer
and a one-sentence text alternative.

Three parts, all independent of MkDocs:

``flowchart_dot(steps)``
    DOT source for the flow of one item, top to bottom and narrow enough for a
    phone.  Every text from YAML goes into an HTML-like label, XML-escaped and
    with backslashes doubled (Graphviz expands ``\\N``/``\\G`` even inside HTML
    labels), so no value can break the DOT syntax or reach the SVG as markup.
    Node ids are generated (``n0``, ``n1`` ...), never the author's step ids.

``FlowchartRenderer(cache_dir).render({key: dot_source})``
    Turns many DOT sources into SVG files named after a hash of the source,
    the Graphviz version and this renderer's version.  Files already in the
    cache, and verified (``cache.py``), are never rendered again (a warm build
    starts no ``dot`` process); the missing ones are rendered by feeding all
    graphs to one ``dot`` process on stdin and splitting the concatenated SVG
    output (``draw.py``).

``flowchart_alt(steps)``
    A one-sentence text alternative, e.g.
    ``办理流程图：申请 → 受理 → 审核 → 领取证件；材料不齐全时转到补正材料，补正材料后回到受理``.

How the flow is read from the steps (see ``successors``): a step goes to its
``next`` if given, otherwise to the following step in the list, skipping
*detour* steps: steps that some branch points to and that either have their own
``next`` or are an ``end``.  That is what the sample item means ("补正材料" is
reached only by the branch "材料不齐全" and goes back to "受理"; "受理" itself
continues with "审核", not with "补正材料"), and it lets a terminal outcome
such as "不予受理" stand anywhere in the list.  A step with ``end: true`` is a
terminal outcome: drawn as a red square box with a double frame (normal
steps are rounded boxes), with no outgoing edge at all (its
``next`` and ``branches`` are ignored).  Targets that do not exist are ignored
here; the validator reports them.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import Optional

from generator.checks.model import Step

DEFAULT_FONT = "WenQuanYi Micro Hei"
# Appended to the font-family in the SVG: readers' phones rarely have
# WenQuanYi, and without a fallback a browser may pick a serif font.  CJK
# glyphs are one em wide in all of these, so the layout computed with
# WenQuanYi's metrics still fits.
DEFAULT_FONT_FALLBACK = (
    "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
    "Source Han Sans SC", "sans-serif",
)

#: Bump when the DOT post-processing changes: part of every file name.
RENDERER_VERSION = "2"

# Colours: dark text on light fills, readable in print and on the white
# card the SVG draws in dark mode too.
_INK = "#1f2933"
_MUTED = "#52606d"
_STEP_FILL = "#f5f7fa"
_TERMINAL_FILL = "#fdecea"
_TERMINAL_INK = "#9b1c1c"
_EDGE = "#3e4c59"


# --- labels and text --------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class FlowLabels:
    """The fixed words of a flowchart, so the catalogue language stays config."""

    start: str = "开始"
    end: str = "办结"
    title: str = "办理流程图"
    arrow: str = " → "
    branch: str = "{when}时转到{target}"
    goes_to: str = "{step}后转到{target}"
    goes_back: str = "{step}后回到{target}"
    terminal: str = "{name}（流程终止）"
    clause_sep: str = "；"
    list_sep: str = "，"
    colon: str = "："


_DEFAULT_LABELS = FlowLabels()

# Characters that may not appear in XML 1.0 (Graphviz's HTML parser is expat)
# and line/paragraph separators: replaced by a space.
_BAD_CHARS = re.compile("[\x00-\x1f\x7f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
# Do not start a line with these.
_NO_LINE_START = set("，。、；：？！）》」』】〕〉”’,.;:?!)]}%")


def _clean(text: str) -> str:
    """One line of plain text: control characters and runs of white space
    become one space."""
    return _SPACES.sub(" ", _BAD_CHARS.sub(" ", text)).strip()


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


@functools.lru_cache(maxsize=8192)
def _token_width(token: str) -> int:
    """Width of a token of ``wrap_text`` (the same few thousand Chinese
    characters recur in every label)."""
    return sum(_width(c) for c in token)


def wrap_text(text: str, width: int = 10) -> list[str]:
    """Split *text* into lines of at most *width* Chinese characters (a Latin
    letter or digit counts as half).  Latin words are not cut unless longer
    than a line; closing punctuation never starts a line."""
    text = _clean(text)
    limit = width * 2
    # Tokens: one wide character, or a run of narrow non-space characters, or a space.
    tokens = re.findall(r"\s|[^\s\u1100-\uffff]+|.", text)
    lines: list[str] = []
    line, used = "", 0
    for token in tokens:
        w = _token_width(token)
        if token.isspace():
            if line:
                line, used = line + " ", used + 1
            continue
        if used + w <= limit or (token[0] in _NO_LINE_START and len(token) == 1):
            line, used = line + token, used + w
            continue
        if line.strip():
            lines.append(line.rstrip())
        line, used = "", 0
        while w > limit:  # a word longer than a line: cut it
            cut, cw = 0, 0
            while cut < len(token) and cw + _width(token[cut]) <= limit:
                cw += _width(token[cut])
                cut += 1
            lines.append(token[:cut])
            token = token[cut:]
            w = sum(_width(c) for c in token)
        line, used = token, w
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _html(text: str) -> str:
    """Text for inside an HTML-like label: XML-escaped, and backslashes doubled
    because Graphviz expands escapes such as \\N and \\G even there."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;").replace("\\", "\\\\"))


@functools.lru_cache(maxsize=16384)  # step names, actors and conditions recur across items
def _html_lines(text: str, width: int) -> str:
    return "<BR/>".join(_html(line) for line in wrap_text(text, width))


def _quoted(text: str) -> str:
    """A DOT quoted string for a value Graphviz uses verbatim (the graph name,
    which becomes the SVG <title>).  A backslash cannot be written there
    without showing up doubled, so it is replaced by a full-width one.  "&" is
    written as "&amp;": Graphviz's SVG output escapes a bare "&" but keeps one
    that starts an entity, so a name holding "&lt;" or "&#60;" would reach
    the <title> as "<", not as the text written."""
    return '"' + _clean(text).replace("&", "&amp;").replace("\\", "\uff3c").replace('"', '\\"') + '"'


# --- the flow ---------------------------------------------------------------

def successors(steps: Sequence[Step]) -> list[Optional[int]]:
    """For each step, the index of the step the flow goes to when no branch is
    taken, or None when the flow ends after it (the last step) or stops at it
    (``end: true``).  See the module docstring for the rule."""
    index: dict[str, int] = {}
    for i, step in enumerate(steps):
        index.setdefault(step.id, i)
    branch_targets = {b.to for s in steps for b in s.branches}
    detour = [s.id in branch_targets and (s.end or s.next is not None) for s in steps]
    result: list[Optional[int]] = []
    for i, step in enumerate(steps):
        if step.end:
            result.append(None)
        elif step.next is not None:
            result.append(index.get(step.next))
        else:
            result.append(next((j for j in range(i + 1, len(steps)) if not detour[j]), None))
    return result


def _main_path(succ: list[Optional[int]]) -> list[int]:
    """Step indexes from the first step along the default successors."""
    path: list[int] = []
    i: Optional[int] = 0 if succ else None
    while i is not None and i not in path:
        path.append(i)
        i = succ[i]
    return path


def _reaches_end(steps: Sequence[Step], succ: list[Optional[int]], i: int) -> bool:
    """Does step i flow on to the end node (rather than stop or go nowhere)?"""
    step = steps[i]
    return not step.end and succ[i] is None and (step.next is None)


def flowchart_dot(
    steps: Sequence[Step],
    *,
    fontname: str = DEFAULT_FONT,
    labels: FlowLabels = _DEFAULT_LABELS,
    wrap: int = 10,
    branch_wrap: int = 8,
    title: Optional[str] = None,
) -> str:
    """DOT source of the flow of *steps*, deterministic for the same input.

    *title* (default: ``flowchart_alt(steps)``) becomes the graph name and so
    the SVG's <title>.  *wrap* is the line length of step names in Chinese
    characters, *branch_wrap* that of branch conditions.
    """
    succ = successors(steps)
    index: dict[str, int] = {}
    for i, step in enumerate(steps):
        index.setdefault(step.id, i)
    if title is None:
        title = flowchart_alt(steps, labels=labels)
    font = _quoted(fontname)
    main = set(_main_path(succ))

    def group(i: int) -> str:
        # Same group: dot keeps the main path in one straight column.
        return "group=main, " if i in main else ""

    out: list[str] = [
        f"digraph {_quoted(title)} {{",
        f'  graph [rankdir=TB, fontname={font}, fontsize=12, nodesep=0.25, ranksep=0.3,'
        f' margin=0, pad=0.1, bgcolor="white", charset="UTF-8"];',
        f'  node [fontname={font}, fontsize=14, fontcolor="{_INK}", shape=box,'
        f' style="rounded,filled", fillcolor="{_STEP_FILL}", color="{_MUTED}",'
        f' margin="0.15,0.06", width=1.2, height=0.4];',
        f'  edge [fontname={font}, fontsize=11, fontcolor="{_MUTED}", color="{_EDGE}",'
        f' arrowsize=0.7];',
        f'  start [group=main, label=<{_html(_clean(labels.start))}>, shape=oval, width=0.9,'
        f' style="filled", fillcolor="#e3ecfa"];',
    ]
    ends_used = False
    for i, step in enumerate(steps):
        label = _html_lines(step.name, wrap)
        if step.actor:
            label += (f'<BR/><FONT POINT-SIZE="11" COLOR="{_MUTED}">'
                      f"{_html_lines(step.actor, wrap + 2)}</FONT>")
        if step.end:
            out.append(f'  n{i} [{group(i)}label=<{label}>, shape=box, peripheries=2, style="filled",'
                       f' fillcolor="{_TERMINAL_FILL}", color="{_TERMINAL_INK}"];')
        else:
            out.append(f"  n{i} [{group(i)}label=<{label}>];")
        if _reaches_end(steps, succ, i):
            ends_used = True
    if steps:
        out.append("  start -> n0;")
    for i, step in enumerate(steps):
        if step.end:
            continue
        j = succ[i]
        if j is not None:
            out.append(f"  n{i} -> n{j};")
        elif _reaches_end(steps, succ, i):
            out.append(f"  n{i} -> end;")
        for branch in step.branches:
            t = index.get(branch.to)
            if t is None:
                continue
            attrs = f"label=<{_html_lines(branch.when, branch_wrap)}>, style=dashed"
            out.append(f"  n{i} -> n{t} [{attrs}];")
    if ends_used or not steps:
        out.append(f'  end [group=main, label=<{_html(_clean(labels.end))}>, shape=oval, width=0.9,'
                   f' style="filled", fillcolor="#e3ecfa"];')
        if not steps:
            out.append("  start -> end;")
    out.append("}")
    return "\n".join(out) + "\n"


def flowchart_alt(steps: Sequence[Step], *, labels: FlowLabels = _DEFAULT_LABELS) -> str:
    """One sentence describing the flow, for alt text and the SVG <title>."""
    if not steps:
        return _clean(labels.title)
    succ = successors(steps)
    index: dict[str, int] = {}
    for i, step in enumerate(steps):
        index.setdefault(step.id, i)

    def name(i: int) -> str:
        n = _clean(steps[i].name)
        return labels.terminal.format(name=n) if steps[i].end else n

    path = _main_path(succ)
    on_path = set(path)
    clauses = [labels.arrow.join(name(i) for i in path)]
    extra: list[str] = []
    for i, step in enumerate(steps):
        if step.end:
            continue
        for branch in step.branches:
            t = index.get(branch.to)
            if t is not None:
                extra.append(labels.branch.format(when=_clean(branch.when), target=name(t)))
    for i, step in enumerate(steps):
        j = succ[i]
        if i in on_path or j is None:
            continue
        template = labels.goes_back if j <= i else labels.goes_to
        extra.append(template.format(step=_clean(step.name), target=name(j)))
    sentence = f"{_clean(labels.title)}{labels.colon}{clauses[0]}"
    if extra:
        sentence += labels.clause_sep + labels.list_sep.join(extra)
    return sentence


