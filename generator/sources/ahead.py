"""Item files parsed on the machine's other core while this process does
other work (``make build``, ``make check``: parsing the YAML is most of
loading, and the files do not depend on each other).

``Ahead(paths, load)`` forks a process that calls ``load`` (``load_file``
with the build's arguments) on the files of ``paths`` from the first on and
sends each result back pickled: the ``Document``, or the problems of the
``ProblemsFound`` it raised.  This process asks for the files in order
(``get``); while the one it asks for is not there yet, it parses files from
the last one backwards itself, so neither process waits for the other
(where they meet is shared: two counters under a lock).  Started early,
the fork parses while this process is busy elsewhere (``make build`` starts
it before MkDocs reads its configuration: ``start_early``).  ``get(path)``
returns the file's result (the document, or ``ProblemsFound`` raised again,
as a call of ``load`` here would), or ``None`` for a file this process is to
read itself.  The fork stays at most ``LEAD`` files ahead of what was asked
for, and at most ``BACKWARDS`` files read backwards wait here (memory at
20,000 items: a few KB a file pickled there, tens of KB parsed here).  Without fork, for a few files, or when the fork
fails in any way, every file is read here: the messages are the same
either way.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import queue
import sys
import threading
from pathlib import Path
from typing import Callable, Hashable, Iterator

from generator.checks.problems import ProblemsFound
from generator.sources.load import Document

MIN_FILES = 400  # below this the fork costs more than it saves
LEAD = 4000  # results the fork may hold before they are asked for (about 4 KB each, pickled)
BACKWARDS = 500  # files read backwards here that may wait (parsed: tens of KB each)
# Allocations between two collections of the youngest generation while the
# catalogue is read (Python's default: 700).  Reading an item file makes a
# few thousand short-lived objects (the YAML node tree, freed by reference
# counting), so with the default the collector ran every few files and, each
# tenth time, walked every item read so far: a third of the main process's
# CPU of reading its half of 1,603 items (docs/performance.md, "Validation CPU").
YOUNG_THRESHOLD = 10_000


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Within: the cyclic garbage collector's youngest generation collected
    every ``YOUNG_THRESHOLD`` allocations (not fewer than now); restored on
    leaving.  Garbage in cycles is still collected, only later."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], YOUNG_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


class Ahead:
    """See the module.  Use as a context manager: leaving it ends the fork.
    ``key``: what ``load`` depends on besides the path (``take_early``)."""

    def __init__(self, paths: list[Path], load: Callable[[Path], Document], key: Hashable = None) -> None:
        self.paths = [str(p) for p in paths]
        self.load, self.key = load, key
        self.index = {name: i for i, name in enumerate(self.paths)}
        self.mine = -1  # the last index asked for (in order)
        self.backwards: dict[int, tuple] = {}  # index -> (kind, value) read here from the end
        self.process = None
        self.received = None
        self.bounds = None  # shared [first index nobody has taken, index after the last nobody has taken]
        if len(paths) < MIN_FILES or sys.platform != "linux":
            return
        context = multiprocessing.get_context("fork")
        try:
            self.bounds = context.Array("l", [0, len(paths)])
            self.received, sending = context.Pipe(duplex=False)
            self.process = context.Process(target=_parse, args=(self.paths, load, sending, self.bounds), daemon=True)
            self.process.start()
        except OSError:  # no process could be started: everything is read here
            self.process = None
            return
        sending.close()

    def get(self, path: Path) -> Document | None:
        """The result for ``path`` (raises ProblemsFound as ``load`` would),
        or None: read it here.  Paths are asked for in order."""
        index = self.index.get(str(path))
        if self.process is None or index is None or index <= self.mine:
            return None
        self.mine = index
        if index in self.backwards:
            return _result(*self.backwards.pop(index))
        with self.bounds.get_lock():
            theirs = index < self.bounds[0]
            if not theirs:  # not taken by the fork (nor read backwards): read here, with those skipped
                self.bounds[0] = index + 1
        if not theirs:
            return None
        while True:  # results of files not asked for (known already) are dropped
            try:
                while not self.received.poll() and self._read_backwards():
                    pass
                got, kind, value = pickle.loads(self.received.recv_bytes())
            except (EOFError, OSError):  # the fork ended early: read the rest here
                self.close()
                return None
            if got >= index:
                break
        if got != index:  # the fork stopped at an unexpected error: read the rest here
            self.close()
            return None
        return _result(kind, value)

    def _read_backwards(self) -> bool:
        """Parse the last file nobody has taken (False: none left, or BACKWARDS waiting)."""
        if len(self.backwards) >= BACKWARDS:
            return False
        with self.bounds.get_lock():
            if self.bounds[1] <= self.bounds[0]:
                return False
            self.bounds[1] -= 1
            index = self.bounds[1]
        self.backwards[index] = _parsed(self.load, self.paths[index])
        return True

    def close(self) -> None:
        if self.process is not None:
            process, self.process = self.process, None
            self.received.close()
            process.terminate()
            process.join()
        self.backwards.clear()  # read again here, as asked

    def __enter__(self) -> "Ahead":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _parsed(load: Callable[[Path], Document], name: str) -> tuple:
    """(kind, value) of reading one file: ("doc", Document), ("problems", [Problem])
    or ("failed", None) for an unexpected error (the file is read again where it is asked for)."""
    try:
        return "doc", load(Path(name))
    except ProblemsFound as found:
        return "problems", found.problems
    except Exception:  # noqa: BLE001 - read again in the usual place, where it is reported as usual
        return "failed", None


def _result(kind: str, value) -> Document | None:
    if kind == "problems":
        raise ProblemsFound(value)
    return value if kind == "doc" else None


_early: Ahead | None = None


def start_early(paths: list[Path], load: Callable[[Path], Document], key: Hashable) -> None:
    """Start reading ``paths`` now, for the ``take_early`` that follows in this
    process (``make build``: the catalogue's files are parsed on the other
    core while MkDocs reads its configuration)."""
    global _early
    discard_early()
    _early = Ahead(paths, load, key)


def take_early(paths: list[Path], key: Hashable) -> Ahead | None:
    """The reader ``start_early`` started for these paths and ``key`` (None if
    none; one started for others is ended)."""
    global _early
    early, _early = _early, None
    if early is not None and (early.key != key or early.paths != [str(p) for p in paths]):
        early.close()
        return None
    return early


def discard_early() -> None:
    """End a reader ``start_early`` started and nothing took (the build stopped before)."""
    global _early
    if _early is not None:
        early, _early = _early, None
        early.close()


def _parse(paths: list[str], load: Callable[[Path], Document], sending, bounds) -> None:
    gc.freeze()  # no collection walks (and so copies) the inherited objects
    waiting: queue.Queue = queue.Queue(maxsize=LEAD)
    # A thread sends (blocked in the pipe's write, without the interpreter lock,
    # while nothing is asked for) so that parsing goes on up to LEAD files ahead.
    sender = threading.Thread(target=_send, args=(waiting, sending), daemon=True)
    sender.start()
    while sender.is_alive():
        with bounds.get_lock():
            index = bounds[0]
            if index >= bounds[1]:
                break
            bounds[0] = index + 1
        kind, value = _parsed(load, paths[index])
        waiting.put(pickle.dumps((index, kind, value), pickle.HIGHEST_PROTOCOL))
        if kind == "failed":
            break
    waiting.put(None)
    sender.join()
    os._exit(0)


def _send(waiting: queue.Queue, sending) -> None:
    try:
        while (data := waiting.get()) is not None:
            sending.send_bytes(data)
    except (BrokenPipeError, OSError):  # the parent closed the pipe: nothing more is wanted
        os._exit(0)
