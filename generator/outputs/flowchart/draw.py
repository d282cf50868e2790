"""Drawing flowcharts: DOT sources to SVG files, batched and cached by content hash.

Measured on this machine (2 cores, ext4, Graphviz 2.43.0; flowcharts of 5-11
nodes with branches, a detour and a terminal step; cold cache, median of 3,
including post-processing and writing the files; reproduce with
``python -m devtools.bench_flowchart --bench 200 --dir <dir on the build disk>``):

                                      50 graphs   200 graphs   1000 graphs
    one dot process per graph         11.1 ms     11.3 ms      11.9 ms  per graph
    one process, all graphs on stdin   0.92 ms     1.06 ms      1.57 ms
    one process, temp files + -O       1.48 ms     1.81 ms      2.89 ms
    two processes on stdin (2 cores)   0.69 ms     0.86 ms      1.26 ms
    warm cache (no dot process)        0.012 ms    0.010 ms     0.009 ms
      (before cache files were verified; with the hash and the screen of
      cache.py/svg.py a warm graph costs ~0.17 ms, and copying it into the
      site ~0.1 ms: 2000 graphs, measured on a loaded machine)

A cold build at 1,603 graphs: dot ~1.1 CPU-s, Python ~0.55 (docs/performance.md,
"Flowchart CPU": where it goes, and why each new SVG still gets the full check).

Batching saves the ~10 ms that each ``dot`` start costs (plugins, fontconfig),
i.e. 200 graphs take 0.21 s instead of 2.3 s.  stdin beats temp files + ``-O``
(no .gv/.svg files to write and read back), so that is what is used.  Two
processes in parallel are ~20 % faster on two cores; below
``parallel_threshold`` (100) graphs the saving is under 15 ms, so a small
batch uses one process.  Batches are cut into chunks of at most
``chunk_size`` (500) graphs to bound memory; chunk size barely matters for
speed (2000 graphs: 1.5-1.8 ms/graph for chunks of 50 to 2000).

Bounded work: a batch that takes longer than ``batch_timeout`` +
``batch_timeout_per_graph`` per graph is killed and its graphs are drawn one
by one, each with ``graph_timeout`` (30 s); a graph that still takes longer
raises ``FlowchartTimeout`` naming it.  The check refuses flows above
``MAX_FLOW_STEPS``/``MAX_FLOW_BRANCHES`` (generator/checks/rules.py), which
dot draws in well under a second (``python -m devtools.bench_flowchart
--dense``), so the timeouts are a second line of defence, not a limit that a
valid item reaches.

Reproducible: a graph's bytes depend only on its own source.  In a batch
Graphviz names the graph group of every SVG after the first
``page0,1_graph0`` instead of ``graph0``; post-processing drops every element
id, so the batch and a graph drawn alone give the same bytes.  Cached files
are verified before use (``cache.py``) and copied, never hard-linked, into
the site.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Optional

from .cache import CacheIndex, digest, identity, known_good, remember_good, write_atomic
from .svg import _family_value, looks_plain, postprocess_svg, svg_problem
from .graph import DEFAULT_FONT_FALLBACK, RENDERER_VERSION

_SVG_START = "<?xml"  # each document of dot's batch output starts so

# --- rendering --------------------------------------------------------------

class FlowchartError(RuntimeError):
    """dot failed on one graph; ``key`` is the caller's key for it and
    ``detail`` what dot said (the build turns both into a file:line message)."""

    def __init__(self, key: str, message: str):
        super().__init__(f"流程图 {key!r} 生成失败（Graphviz dot 报错）：{message.strip()}")
        self.key = key
        self.detail = message.strip()
        self.failures: list[FlowchartError] = [self]  # every graph that failed in the same call


class FlowchartTimeout(FlowchartError):
    """dot took longer than ``seconds`` on the graph ``key`` alone and was stopped."""

    def __init__(self, key: str, seconds: float):
        super().__init__(key, f"dot did not finish within {seconds:g} s")
        self.seconds = seconds


class GraphvizNotFound(RuntimeError):
    def __init__(self, dot: str):
        super().__init__(
            f"找不到 Graphviz 的 dot 命令（{dot}）。生成流程图需要 Graphviz：请安装 graphviz"
            "（Debian/Ubuntu：sudo apt-get install graphviz；macOS：brew install graphviz；"
            "Windows：winget install graphviz），并确认 dot 在 PATH 中。"
        )


def _atomic_write(path: Path, data: str) -> None:
    write_atomic(path, data.encode("utf-8"))


class FlowchartRenderer:
    """Renders DOT sources to SVG files in *cache_dir*, each rendered once.

    ``render({key: dot_source})`` returns ``{key: file_name}``; the file
    ``cache_dir / file_name`` exists afterwards, verified (``cache.py``), and
    so does a copy in ``out_dir`` when *out_dir* is given (``publish``).

    Raises ``GraphvizNotFound``, ``FlowchartError`` (dot failed on a graph, or
    wrote something that is not a flowchart SVG) and ``FlowchartTimeout``
    (a graph alone took longer than *graph_timeout* seconds).

    Counters for benchmarks and tests (cumulative over calls):
    ``processes_started`` (every dot process, including the one-time
    ``dot -V`` version probe), ``version_probes``, ``graphs_rendered``,
    ``cache_hits``, ``cache_rejected`` (cached files not used: changed or
    not a flowchart SVG).
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
        graph_timeout: float = 30.0,
        batch_timeout: float = 20.0,
        batch_timeout_per_graph: float = 0.05,
    ):
        self.cache_dir = Path(cache_dir)
        self._cache = str(self.cache_dir)  # os.path.join on a str: 1 µs, not pathlib's 5 µs a file
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.dot = dot
        self.jobs = jobs
        self.parallel_threshold = parallel_threshold
        self.chunk_size = max(1, chunk_size)
        self.font_fallback = tuple(font_fallback)
        self.graph_timeout = graph_timeout
        self.batch_timeout = batch_timeout
        self.batch_timeout_per_graph = batch_timeout_per_graph
        self.processes_started = 0
        self.version_probes = 0
        self.graphs_rendered = 0
        self.cache_hits = 0
        self.cache_rejected = 0
        self._dot_path: Optional[str] = None
        self._lock = threading.Lock()
        self._dot_version: Optional[str] = None
        self._index: Optional[CacheIndex] = None
        self._sources: dict[str, tuple[str, str]] = {}  # file name -> (key, source), to redraw
        self._verified: dict[str, str] = {}  # file name -> digest of the bytes checked in this process

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
        except (OSError, ValueError, AttributeError):
            pass
        self.processes_started += 1
        self.version_probes += 1
        try:
            proc = subprocess.run([self._find_dot(), "-V"], capture_output=True, timeout=60)
        except FileNotFoundError:
            raise GraphvizNotFound(self.dot) from None
        except subprocess.TimeoutExpired:
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

    # -- the cache ---------------------------------------------------------

    @property
    def index(self) -> CacheIndex:
        if self._index is None:
            self._index = CacheIndex(self.cache_dir)
        return self._index

    def cached(self, name: str) -> Optional[bytes]:
        """The bytes of cache file *name* if they are exactly what this
        renderer wrote (their hash is in the index) and a plain flowchart SVG
        (the full check when the fast screen sees anything); else None."""
        path = os.path.join(self._cache, name)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError:
            return None
        try:  # identity taken before reading: a change while reading shows next time
            st = os.fstat(fd)
            before, data = (st.st_size, st.st_mtime_ns, st.st_ino), os.read(fd, st.st_size + 1)
        except OSError:
            return None
        finally:
            os.close(fd)
        if len(data) != st.st_size:  # being rewritten in place meanwhile: not ours
            return None
        sha = digest(data)
        if self._verified.get(name) == sha:  # checked before in this build
            return data
        if self.index.digest(name) == sha and (looks_plain(data) or svg_problem(data) is None):
            with self._lock:
                self._verified[name] = sha
            remember_good(path, before)
            return data
        return None

    # -- rendering ---------------------------------------------------------

    def render(self, sources: Mapping[str, str]) -> dict[str, str]:
        """Render what is not cached yet; return {key: file name}."""
        names = {key: self.file_name(src) for key, src in sources.items()}
        missing: dict[str, tuple[str, str]] = {}  # name -> (first key, source)
        for key, src in sources.items():
            name = names[key]
            self._sources.setdefault(name, (key, src))
            if name in missing:
                continue
            path = os.path.join(self._cache, name)
            ident = identity(path)  # None (no such file): a cold cache costs one stat a graph
            if ident is not None and (known_good(path, ident) or self.cached(name) is not None):
                self.cache_hits += 1
            else:
                if ident is not None:
                    self.cache_rejected += 1
                missing[name] = (key, src)
        if missing:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            try:
                self._render_missing(missing)
            finally:
                self.index.save()
        if self.out_dir is not None:
            self.publish(sorted(set(names.values())), self.out_dir)
        return names

    def publish(self, names: Sequence[str], out_dir: Path,
                write: Optional[Callable[[Path, bytes], None]] = None) -> None:
        """Copy the cache files *names* into *out_dir* (copies, not links:
        the site must not change when a cache file is rewritten in place).
        A file that no longer verifies is drawn again first.  *write*
        (path, bytes), when given, writes each new copy in a new folder
        (``make build``: with its compressed copies, site/compress.py)."""
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in names:
            target = out_dir / name
            if known_good(target):  # a copy made by this process and unchanged since (make serve)
                continue
            data = self.cached(name)
            if data is None:
                key, src = self._sources[name]
                self.cache_rejected += 1
                try:
                    failures = self._render_one_by_one([(name, (key, src))], batch_failed=False)
                finally:
                    self.index.save()
                if failures:
                    raise failures[0]
                data = self.cached(name)
                if data is None:  # written and verified a moment ago, and changed again
                    raise FlowchartError(key, f"the cache file {self.cache_dir / name} keeps changing")
            if write is not None:
                write(target, data)
                continue
            try:
                with open(target, "xb") as f:  # a new site folder: nobody reads it yet
                    f.write(data)
                continue
            except FileExistsError:  # a kept site folder (make serve)
                if target.read_bytes() != data:
                    write_atomic(target, data)
            remember_good(target)

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
        # Every chunk is drawn even when one fails: the good graphs are kept,
        # and the error raised is that of the first graph (by file name).
        failures: list[FlowchartError] = []
        if jobs == 1:
            for chunk in chunks:
                failures += self._render_chunk(chunk)
        else:
            with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
                for future in [pool.submit(self._render_chunk, c) for c in chunks]:
                    failures += future.result()
        if failures:
            failures[0].failures = failures
            raise failures[0]

    def _run_dot(self, stdin: str, timeout: float) -> Optional[subprocess.CompletedProcess]:
        """dot -Tsvg on *stdin*; None when it was stopped after *timeout* s."""
        with self._lock:
            self.processes_started += 1
        try:
            return subprocess.run(
                [self._find_dot(), "-Tsvg"], input=stdin.encode("utf-8"),
                capture_output=True, timeout=timeout)
        except FileNotFoundError:
            raise GraphvizNotFound(self.dot) from None
        except subprocess.TimeoutExpired:  # subprocess.run has killed dot
            return None

    def _render_chunk(self, items: list[tuple[str, tuple[str, str]]]) -> list[FlowchartError]:
        """All graphs of the chunk through one dot process on stdin; the
        output is one SVG document per graph, each starting with <?xml.
        Returns the failures (none when the batch worked)."""
        timeout = self.batch_timeout + self.batch_timeout_per_graph * len(items)
        proc = self._run_dot("".join(src if src.endswith("\n") else src + "\n"
                                     for _, (_, src) in items), timeout)
        if proc is None:
            return self._render_one_by_one(items, batch_failed=False)
        docs = [d for d in proc.stdout.decode("utf-8", "replace").split(_SVG_START) if d.strip()]
        if proc.returncode != 0 or len(docs) != len(items):
            return self._render_one_by_one(items, batch_failed=True)
        failures = []
        for (name, (key, _)), doc in zip(items, docs):
            try:
                self._store(name, key, _SVG_START + doc)
            except FlowchartError as exc:
                failures.append(exc)
        return failures

    def _store(self, name: str, key: str, svg: str) -> None:
        data = postprocess_svg(svg, font_fallback=self.font_fallback).encode("utf-8")
        problem = svg_problem(data)
        if problem is not None:  # never cache or publish what is not a plain flowchart
            raise FlowchartError(key, f"the SVG is not a plain flowchart: {problem}")
        write_atomic(os.path.join(self._cache, name), data)
        sha = digest(data)
        self.index.record(name, data, sha)
        with self._lock:
            self._verified[name] = sha
            self.graphs_rendered += 1

    def _render_one_by_one(self, items: list[tuple[str, tuple[str, str]]], *,
                           batch_failed: bool) -> list[FlowchartError]:
        """After a failed or stopped batch: one process per graph, so the good
        graphs are kept and each error names the graph that failed."""
        failures: list[FlowchartError] = []
        for name, (key, src) in items:
            one = self._run_dot(src, self.graph_timeout)
            if one is None:
                failures.append(FlowchartTimeout(key, self.graph_timeout))
                continue
            out = one.stdout.decode("utf-8", "replace")
            if one.returncode != 0 or out.count(_SVG_START) != 1:
                failures.append(FlowchartError(
                    key, one.stderr.decode("utf-8", "replace") or f"exit status {one.returncode}"))
                continue
            try:
                self._store(name, key, out)
            except FlowchartError as exc:
                failures.append(exc)
        if not failures and batch_failed:  # every graph works alone: report the batch
            failures.append(FlowchartError(items[0][1][0], "dot failed on the batch but not on any single graph"))
        return failures
