"""Flowcharts drawn while the build goes on: on another thread, or (``make
build``) in a forked process.

A thread in the build's own process holds the interpreter lock while it
post-processes dot's SVGs, so each file the build opens meanwhile waits for
the lock (at 1,603 items, ~7 s of a cold build's main process went to
``open``: devtools/bench.py, cProfile).  A forked process draws on the
other core without that wait; the thread stays for ``mkdocs serve``, whose
renderer keeps what it verified from one rebuild to the next.
"""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
import os
import queue
import sys
import traceback

from .draw import FlowchartError, FlowchartRenderer, FlowchartTimeout, GraphvizNotFound


class BackgroundDrawing:
    """Flowcharts drawn in batches while the caller goes on (the build adds
    each item as soon as it is validated).  File names are content hashes,
    so they are known before anything is drawn.

    ``separate``: draw in a forked process (Linux; elsewhere a thread).  The
    fork is made here, before the catalogue is read, so it copies little;
    it receives the sources through a queue and, at ``wait``, sends back the
    failures and what it verified, so ``renderer.publish`` works here after."""

    # Graphs per render call: two dot processes of 400 (each dot start costs
    # ~11 CPU-ms, fontconfig and plugins); 800 instead of 400 drew 1,603 graphs
    # with 5 dot processes instead of 9: dot 1.09-1.12 instead of 1.21-1.28
    # CPU-s (docs/performance.md, "Flowchart CPU").  The last batch is drawn
    # while the pages are written.
    BATCH = 800

    def __init__(self, renderer: FlowchartRenderer, separate: bool = False):
        self.renderer = renderer
        self.sources: dict[str, str] = {}
        self._pending: dict[str, str] = {}
        self._futures: list[concurrent.futures.Future] = []
        self._process = None
        self._pool = None
        if separate and sys.platform == "linux":
            context = multiprocessing.get_context("fork")
            self._inbox, self._outbox = context.Queue(), context.Queue()
            self._process = context.Process(target=_draw_loop, args=(renderer, self._inbox, self._outbox),
                                            daemon=True, name="flowcharts")
            self._process.start()
        else:
            self._pool = concurrent.futures.ThreadPoolExecutor(1)

    def add(self, key: str, source: str) -> None:
        self.sources[key] = self._pending[key] = source
        if len(self._pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            if self._process is not None:
                self._inbox.put(self._pending)
            elif self._pool is not None:
                self._futures.append(self._pool.submit(self.renderer.render, self._pending))
            self._pending = {}

    def names(self) -> dict[str, str]:
        return {key: self.renderer.file_name(src) for key, src in self.sources.items()}

    def wait(self) -> list[FlowchartError]:
        """Until everything added is drawn; returns every graph that failed
        (``FlowchartError``s, their ``key`` the key given to ``add``).  Raises
        what is not about one graph (``GraphvizNotFound``, OSError; a
        RuntimeError when the drawing process died)."""
        self.flush()
        if self._process is not None:
            return self._wait_process()
        failures: list[FlowchartError] = []
        try:
            for future in self._futures:
                try:
                    future.result()
                except FlowchartError as exc:
                    failures += exc.failures
        finally:
            self._pool.shutdown(cancel_futures=True)
        return failures

    def _wait_process(self) -> list[FlowchartError]:
        process, self._process = self._process, None
        self._inbox.put(None)
        result = None
        while result is None:
            try:
                result = self._outbox.get(timeout=0.2)
            except queue.Empty:  # still drawing, unless it died
                if not process.is_alive():
                    try:
                        result = self._outbox.get(timeout=1)
                    except queue.Empty:  # nothing sent: it died
                        break
        process.join()
        if result is None:
            raise RuntimeError(f"the flowchart process failed (exit status {process.exitcode}); see the error above")
        kind, value = result
        if kind == "nodot":
            raise GraphvizNotFound(value)
        if kind == "os":
            raise OSError(*value)
        if kind == "exc":
            raise RuntimeError(f"the flowchart process failed: {value}")
        failed, verified, counters = value
        renderer = self.renderer
        renderer._index = None  # read again: the process wrote it
        renderer._verified.update(verified)
        for key, source in self.sources.items():  # what publish draws again if a cache file changed
            renderer._sources.setdefault(renderer.file_name(source), (key, source))
        for name, count in counters.items():
            setattr(renderer, name, getattr(renderer, name) + count)
        return [_failure(*f) for f in failed]

    def release(self) -> None:
        """Let go of every graph's DOT source (``make build``, once all the
        flowcharts are published: 0.17 GB at 20,369 items in three editions);
        nothing can be added, drawn or published again after."""
        self.sources, self._pending = {}, {}
        self.renderer._sources.clear()

    def cancel(self) -> None:
        if self._process is not None:
            process, self._process = self._process, None
            process.terminate()
            process.join()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


_COUNTERS = ("processes_started", "version_probes", "graphs_rendered", "cache_hits", "cache_rejected")


def _failure(kind: str, key: str, detail: str, seconds: float) -> FlowchartError:
    if kind == "timeout":
        return FlowchartTimeout(key, seconds)
    return FlowchartError(key, detail)


def _draw_loop(renderer: FlowchartRenderer, inbox, outbox) -> None:
    """The drawing process: render each batch from ``inbox`` until ``None``,
    then put ``("done", (failures, verified digests, counters))`` (or
    ``("nodot" | "os" | "exc", ...)``) on ``outbox``."""
    gc.freeze()  # no collection walks (and so copies) the inherited objects
    parent = os.getppid()
    before = {name: getattr(renderer, name) for name in _COUNTERS}
    failed: list[tuple[str, str, str, float]] = []
    try:
        while True:
            try:
                batch = inbox.get(timeout=1)
            except queue.Empty:
                if os.getppid() != parent:  # the build was killed: nobody will wait for this
                    os._exit(1)
                continue
            if batch is None:
                break
            try:
                renderer.render(batch)
            except FlowchartError as exc:
                failed += [("timeout" if isinstance(f, FlowchartTimeout) else "error", f.key, f.detail,
                            getattr(f, "seconds", 0.0)) for f in exc.failures]
        counters = {name: getattr(renderer, name) - before[name] for name in _COUNTERS}
        outbox.put(("done", (failed, dict(renderer._verified), counters)))
    except GraphvizNotFound:
        outbox.put(("nodot", renderer.dot))
    except OSError as exc:
        outbox.put(("os", (exc.errno, exc.strerror, exc.filename)))
    except BaseException:  # noqa: BLE001 - passed to the parent, which raises it
        outbox.put(("exc", traceback.format_exc(limit=5)))
    outbox.close()
    outbox.join_thread()  # everything sent before this process ends
    os._exit(0)
