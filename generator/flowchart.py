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
    cache are never rendered again (a warm build starts no ``dot`` process);
    the missing ones are rendered by feeding all graphs to one ``dot`` process
    on stdin and splitting the concatenated SVG output.

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

Measured on this machine (2 cores, ext4, Graphviz 2.43.0; flowcharts of 5-11
nodes with branches, a detour and a terminal step; cold cache, median of 3,
including post-processing and writing the files; reproduce with
``python -m generator.flowchart --bench 200 --dir <dir on the build disk>``):

                                      50 graphs   200 graphs   1000 graphs
    one dot process per graph         11.1 ms     11.3 ms      11.9 ms  per graph
    one process, all graphs on stdin   0.92 ms     1.06 ms      1.57 ms
    one process, temp files + -O       1.48 ms     1.81 ms      2.89 ms
    two processes on stdin (2 cores)   0.69 ms     0.86 ms      1.26 ms
    warm cache (no dot process)        0.012 ms    0.010 ms     0.009 ms

Batching saves the ~10 ms that each ``dot`` start costs (plugins, fontconfig),
i.e. 200 graphs take 0.21 s instead of 2.3 s.  stdin beats temp files + ``-O``
(no .gv/.svg files to write and read back), so that is what is used.  Two
processes in parallel are ~20 % faster on two cores; below
``parallel_threshold`` (100) graphs the saving is under 15 ms, so a small
batch uses one process.  Batches are cut into chunks of at most
``chunk_size`` (500) graphs to bound memory; chunk size barely matters for
speed (2000 graphs: 1.5-1.8 ms/graph for chunks of 50 to 2000).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Optional

from generator.model import Branch, Step

__all__ = [
    "DEFAULT_FONT",
    "DEFAULT_FONT_FALLBACK",
    "FlowLabels",
    "FlowchartError",
    "FlowchartRenderer",
    "GraphvizNotFound",
    "flowchart_alt",
    "flowchart_dot",
    "successors",
    "wrap_text",
]

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
RENDERER_VERSION = "1"

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
        w = sum(_width(c) for c in token)
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


def _html_lines(text: str, width: int) -> str:
    return "<BR/>".join(_html(line) for line in wrap_text(text, width))


def _quoted(text: str) -> str:
    """A DOT quoted string for a value Graphviz uses verbatim (the graph name,
    which becomes the SVG <title>).  A backslash cannot be written there
    without showing up doubled, so it is replaced by a full-width one."""
    return '"' + _clean(text).replace("\\", "\uff3c").replace('"', '\\"') + '"'


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


# --- rendering --------------------------------------------------------------

class FlowchartError(RuntimeError):
    """dot failed on one graph; ``key`` is the caller's key for it."""

    def __init__(self, key: str, message: str):
        super().__init__(f"流程图 {key!r} 生成失败（Graphviz dot 报错）：{message.strip()}")
        self.key = key


class GraphvizNotFound(RuntimeError):
    def __init__(self, dot: str):
        super().__init__(
            f"找不到 Graphviz 的 dot 命令（{dot}）。生成流程图需要 Graphviz：请安装 graphviz"
            "（Debian/Ubuntu：sudo apt-get install graphviz；macOS：brew install graphviz；"
            "Windows：winget install graphviz），并确认 dot 在 PATH 中。"
        )


_XML_DECL = re.compile(r"<\?xml[^>]*\?>\s*")
_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*")
_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_GRAPH_TITLE = re.compile(r'(<g id="graph0" class="graph"[^>]*>\s*)<title>([^<]*)</title>\s*')
_INNER_TITLE = re.compile(r"<title>[^<]*</title>\s*")
_G_ID = re.compile(r'<g id="(?:graph|node|edge|clust|a_)[^"]*" ')
_FONT_FAMILY = re.compile(r'font-family="([^"]*)"')
_SVG_START = "<?xml"


def _family_value(families: Sequence[str]) -> str:
    return ",".join(f if f in ("serif", "sans-serif", "monospace") else f"'{f}'" for f in families)


def postprocess_svg(svg: str, *, font_fallback: Sequence[str] = DEFAULT_FONT_FALLBACK) -> str:
    """Make Graphviz's SVG small and accessible: no XML declaration, DOCTYPE or
    comments; the graph's title moved to be the first child of <svg> with
    role="img"; per-node and per-edge titles (the generated ids n0, n1 ...)
    and element ids dropped, so several SVGs can be inlined in one page; the
    font family followed by fallbacks.  viewBox, width and height are kept."""
    svg = _XML_DECL.sub("", svg, count=1)
    svg = _DOCTYPE.sub("", svg, count=1)
    svg = _COMMENT.sub("", svg)
    title = ""
    m = _GRAPH_TITLE.search(svg)
    if m:
        title = m.group(2)
        svg = svg[: m.start()] + m.group(1) + svg[m.end():]
    svg = _INNER_TITLE.sub("", svg)
    if "url(#" not in svg and 'href="#' not in svg:
        svg = _G_ID.sub("<g ", svg)
    if "xlink:" not in svg.replace("xmlns:xlink", ""):
        svg = svg.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")

    def add_fallback(m: re.Match) -> str:
        first = m.group(1)
        rest = [f for f in font_fallback if f != first]
        return f'font-family="{_family_value([first, *rest])}"'

    root_attrs = ' role="img"'
    families = set(_FONT_FAMILY.findall(svg))
    if len(families) == 1:
        # One font for all texts: say it once on <svg>, where it is inherited.
        (family,) = families
        svg = svg.replace(f' font-family="{family}"', "")
        root_attrs += " " + add_fallback(re.match(r"(.*)", family))
    else:
        svg = _FONT_FAMILY.sub(add_fallback, svg)
    m = _SVG_OPEN.search(svg)
    if m:
        tag = m.group(0)
        new_tag = re.sub(r"\s+", " ", tag[:-1]) + root_attrs + ">"
        if title:
            new_tag += f"<title>{title}</title>"
        svg = svg[: m.start()] + new_tag + svg[m.end():]
    return svg.strip() + "\n"


def _atomic_write(path: Path, data: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the site must be readable
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


class FlowchartRenderer:
    """Renders DOT sources to SVG files in *cache_dir*, each rendered once.

    ``render({key: dot_source})`` returns ``{key: file_name}``; the file
    ``cache_dir / file_name`` exists afterwards (and ``out_dir / file_name``
    when *out_dir* is given: the file is hard-linked or copied there).

    Counters for benchmarks and tests (cumulative over calls):
    ``processes_started`` (every dot process, including the one-time
    ``dot -V`` version probe), ``version_probes``, ``graphs_rendered``,
    ``cache_hits``.
    """

    VERSION_FILE = "dot-version.json"

    def __init__(
        self,
        cache_dir: Path,
        out_dir: Optional[Path] = None,
        *,
        dot: str = "dot",
        jobs: Optional[int] = None,
        parallel_threshold: int = 100,
        chunk_size: int = 500,
        font_fallback: Sequence[str] = DEFAULT_FONT_FALLBACK,
        timeout: float = 600.0,
    ):
        self.cache_dir = Path(cache_dir)
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.dot = dot
        self.jobs = jobs
        self.parallel_threshold = parallel_threshold
        self.chunk_size = max(1, chunk_size)
        self.font_fallback = tuple(font_fallback)
        self.timeout = timeout
        self.processes_started = 0
        self.version_probes = 0
        self.graphs_rendered = 0
        self.cache_hits = 0
        self._dot_path: Optional[str] = None
        self._lock = threading.Lock()
        self._dot_version: Optional[str] = None

    # -- names -------------------------------------------------------------

    def _find_dot(self) -> str:
        if self._dot_path is None:
            found = shutil.which(self.dot)
            if found is None:
                raise GraphvizNotFound(self.dot)
            self._dot_path = found
        return self._dot_path

    def dot_version(self) -> str:
        """``dot -V`` output, remembered in the cache dir for this exact binary
        (path, size, mtime) so that warm builds start no process at all."""
        if self._dot_version is not None:
            return self._dot_version
        path = os.path.realpath(self._find_dot())
        st = os.stat(path)
        ident = {"path": path, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
        record = self.cache_dir / self.VERSION_FILE
        try:
            saved = json.loads(record.read_text(encoding="utf-8"))
            if saved.get("binary") == ident and isinstance(saved.get("version"), str):
                self._dot_version = saved["version"]
                return self._dot_version
        except (OSError, ValueError):
            pass
        self.processes_started += 1
        self.version_probes += 1
        try:
            proc = subprocess.run([self._find_dot(), "-V"], capture_output=True, timeout=60)
        except FileNotFoundError:
            raise GraphvizNotFound(self.dot) from None
        version = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip()
        if proc.returncode != 0 or "graphviz" not in version.lower():
            raise RuntimeError(f"无法获取 Graphviz 版本（{self.dot} -V）：{version}")
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        _atomic_write(record, json.dumps({"binary": ident, "version": version}, ensure_ascii=False))
        self._dot_version = version
        return version

    def _renderer_id(self) -> str:
        return f"flowchart-renderer/{RENDERER_VERSION}/{_family_value(self.font_fallback)}"

    def file_name(self, source: str) -> str:
        h = hashlib.sha256()
        for part in (source, self.dot_version(), self._renderer_id()):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()[:16] + ".svg"

    # -- rendering ---------------------------------------------------------

    def render(self, sources: Mapping[str, str]) -> dict[str, str]:
        """Render what is not cached yet; return {key: file name}."""
        names = {key: self.file_name(src) for key, src in sources.items()}
        missing: dict[str, tuple[str, str]] = {}  # name -> (first key, source)
        for key, src in sources.items():
            name = names[key]
            if name in missing:
                continue
            if (self.cache_dir / name).is_file():
                self.cache_hits += 1
            else:
                missing[name] = (key, src)
        if missing:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            self._render_missing(missing)
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            for name in sorted(set(names.values())):
                self._publish(name)
        return names

    def _publish(self, name: str) -> None:
        target = self.out_dir / name
        if target.is_file():
            return
        tmp = self.out_dir / f".tmp-{os.getpid()}-{name}"
        try:
            os.link(self.cache_dir / name, tmp)
        except OSError:
            shutil.copyfile(self.cache_dir / name, tmp)
        os.replace(tmp, target)

    def _render_missing(self, missing: dict[str, tuple[str, str]]) -> None:
        items = sorted(missing.items())  # deterministic order
        jobs = self.jobs
        if jobs is None:
            jobs = min(2, os.cpu_count() or 1) if len(items) >= self.parallel_threshold else 1
        jobs = max(1, min(jobs, len(items)))
        # At least one chunk per job, and none above chunk_size graphs (bounds
        # the memory one dot process and its output take).
        count = max(jobs, -(-len(items) // self.chunk_size))
        size = -(-len(items) // count)
        chunks = [items[k:k + size] for k in range(0, len(items), size)]
        if jobs == 1:
            for chunk in chunks:
                self._render_chunk(chunk)
            return
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            for future in [pool.submit(self._render_chunk, c) for c in chunks]:
                future.result()

    def _run_dot(self, stdin: str) -> subprocess.CompletedProcess:
        with self._lock:
            self.processes_started += 1
        try:
            return subprocess.run(
                [self._find_dot(), "-Tsvg"], input=stdin.encode("utf-8"),
                capture_output=True, timeout=self.timeout)
        except FileNotFoundError:
            raise GraphvizNotFound(self.dot) from None

    def _render_chunk(self, items: list[tuple[str, tuple[str, str]]]) -> None:
        """All graphs of the chunk through one dot process on stdin; the
        output is one SVG document per graph, each starting with <?xml."""
        proc = self._run_dot("".join(src if src.endswith("\n") else src + "\n"
                                     for _, (_, src) in items))
        docs = [d for d in proc.stdout.decode("utf-8", "replace").split(_SVG_START) if d.strip()]
        if proc.returncode != 0 or len(docs) != len(items):
            self._render_one_by_one(items)
            return
        for (name, _), doc in zip(items, docs):
            self._store(name, _SVG_START + doc)

    def _store(self, name: str, svg: str) -> None:
        _atomic_write(self.cache_dir / name, postprocess_svg(svg, font_fallback=self.font_fallback))
        with self._lock:
            self.graphs_rendered += 1

    def _render_one_by_one(self, items: list[tuple[str, tuple[str, str]]]) -> None:
        """After a failed batch: one process per graph, so the good graphs
        are kept and the error names the graph that failed."""
        failure: Optional[FlowchartError] = None
        for name, (key, src) in items:
            one = self._run_dot(src)
            out = one.stdout.decode("utf-8", "replace")
            if one.returncode != 0 or out.count(_SVG_START) != 1:
                if failure is None:
                    failure = FlowchartError(key, one.stderr.decode("utf-8", "replace")
                                             or f"exit status {one.returncode}")
                continue
            self._store(name, out)
        if failure is None:  # every graph works alone: report the batch
            failure = FlowchartError(items[0][1][0], "dot failed on the batch but not on any single graph")
        raise failure


# --- benchmark ----------------------------------------------------------------

def _sample_steps(n: int) -> list[list[Step]]:
    """n varied flows of 3-9 steps with branches, detours and terminal steps."""
    verbs = ["申请", "受理", "审查", "现场核查", "决定", "制证", "送达", "公示", "缴费"]
    flows = []
    for k in range(n):
        count = 3 + k % 7
        steps = [Step(id=f"s{i}", name=f"{verbs[(i + k) % len(verbs)]}第{k}号事项环节{i}",
                      actor="窗口工作人员" if i % 2 else None) for i in range(count)]
        steps[1] = Step(**{**steps[1].model_dump(), "branches": [
            Branch(when="材料不齐全", to="fix"), Branch(when="不符合受理条件", to="reject")]})
        steps.append(Step(id="fix", name="一次性告知补正材料", next="s1"))
        steps.append(Step(id="reject", name="不予受理", end=True))
        flows.append(steps)
    return flows


def _bench(n: int, where: Optional[str] = None) -> None:
    """Print ms per graph for each way of running dot, cold cache, median of 3."""
    flows = _sample_steps(n)
    sources = {f"g{k}": flowchart_dot(s) for k, s in enumerate(flows)}
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizNotFound("dot")

    def tmpdir() -> tempfile.TemporaryDirectory:
        return tempfile.TemporaryDirectory(dir=where)

    def per_graph() -> None:
        with tmpdir() as d:
            for k, src in enumerate(sources.values()):
                out = subprocess.run([dot, "-Tsvg"], input=src.encode(), capture_output=True,
                                     check=True).stdout.decode()
                _atomic_write(Path(d) / f"g{k}.svg", postprocess_svg(out))

    def temp_files() -> None:
        with tmpdir() as d:
            files = []
            for k, src in enumerate(sources.values()):
                p = Path(d) / f"g{k}.gv"
                p.write_text(src, encoding="utf-8")
                files.append(p)
            subprocess.run([dot, "-Tsvg", "-O", *map(str, files)], check=True)
            for p in files:
                out = Path(f"{p}.svg").read_text(encoding="utf-8")
                _atomic_write(p.with_suffix(".svg"), postprocess_svg(out))

    def batched(jobs: int):
        def run() -> None:
            with tmpdir() as d:
                r = FlowchartRenderer(Path(d), jobs=jobs, chunk_size=10**6)
                r.dot_version()  # the probe is not what is measured here
                t = time.perf_counter()
                r.render(sources)
                return time.perf_counter() - t
        return run

    def warm() -> float:
        with tmpdir() as d:
            FlowchartRenderer(Path(d)).render(sources)
            r = FlowchartRenderer(Path(d))
            t = time.perf_counter()
            r.render(sources)
            assert r.processes_started == 0
            return time.perf_counter() - t

    cases = [("one dot process per graph", per_graph), ("one process, stdin", batched(1)),
             ("one process, temp files + -O", temp_files), ("two processes, stdin", batched(2)),
             ("warm cache (no dot process)", warm)]
    for label, fn in cases:
        times = []
        for _ in range(3):
            t = time.perf_counter()
            inner = fn()
            times.append(inner if inner is not None else time.perf_counter() - t)
        t = sorted(times)[1]
        print(f"{label:30} {t * 1000 / n:8.3f} ms/graph  ({t * 1000:.0f} ms for {n})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Benchmark flowchart rendering.")
    parser.add_argument("--bench", type=int, default=200, metavar="N", help="number of graphs")
    parser.add_argument("--dir", help="where to put the temporary caches (default: system temp)")
    args = parser.parse_args()
    _bench(args.bench, args.dir)


class BackgroundDrawing:
    """Flowcharts drawn on another thread in batches, while the caller goes on
    (the build adds each item as soon as it is validated).  File names are
    content hashes, so they are known before anything is drawn."""

    BATCH = 400  # graphs per render call: enough to use both dot processes

    def __init__(self, renderer: FlowchartRenderer):
        self.renderer = renderer
        self.sources: dict[str, str] = {}
        self._pending: dict[str, str] = {}
        self._pool = concurrent.futures.ThreadPoolExecutor(1)
        self._futures: list[concurrent.futures.Future] = []

    def add(self, key: str, source: str) -> None:
        self.sources[key] = self._pending[key] = source
        if len(self._pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self._futures.append(self._pool.submit(self.renderer.render, self._pending))
            self._pending = {}

    def names(self) -> dict[str, str]:
        return {key: self.renderer.file_name(src) for key, src in self.sources.items()}

    def wait(self) -> None:
        """Until everything added is drawn; raises the first FlowchartError."""
        self.flush()
        try:
            for future in self._futures:
                future.result()
        finally:
            self._pool.shutdown(cancel_futures=True)

    def cancel(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
