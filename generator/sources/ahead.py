"""Item files parsed on the machine's other core while this process validates
the ones before them (``make build``, ``make check``: parsing the YAML is
most of loading, and the files do not depend on each other).

``Ahead(paths, load)`` forks a process that calls ``load`` (``load_file``
with the build's arguments) on every second file of ``paths`` in order and
sends each result back pickled: the ``Document``, or the problems of the
``ProblemsFound`` it raised.  ``get(path)`` returns that result, the same a
call of ``load`` here would give (the document, or ``ProblemsFound`` raised
again), or ``None`` for a file this process is to read itself.  The pipe
holds only a few files, so the fork stays only a few files ahead and no
more than those are held in memory (20,000 items).  Without fork, for a few
files, or when the fork fails in any way, every file is read here: the
messages are the same either way.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
from pathlib import Path
from typing import Callable, Iterator

from generator.checks.problems import ProblemsFound
from generator.sources.load import Document

MIN_FILES = 400  # below this the fork costs more than it saves
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
    """See the module.  Use as a context manager: leaving it ends the fork."""

    def __init__(self, paths: list[Path], load: Callable[[Path], Document]) -> None:
        self.theirs = [str(p) for p in paths[1::2]]
        self.index: dict[str, int] = {}
        self.position = 0  # index in self.theirs of the next result to receive
        self.process = None
        self.received = None
        if len(paths) < MIN_FILES or sys.platform != "linux":
            self.theirs = []
            return
        context = multiprocessing.get_context("fork")
        self.received, sending = context.Pipe(duplex=False)
        try:
            self.process = context.Process(target=_parse, args=(self.theirs, load, sending), daemon=True)
            self.process.start()
        except OSError:  # no process could be started: everything is read here
            self.theirs, self.process = [], None
        sending.close()
        self.index = {name: i for i, name in enumerate(self.theirs)}

    def get(self, path: Path) -> Document | None:
        """The fork's result for ``path`` (raises ProblemsFound as ``load``
        would), or None: read it here."""
        index = self.index.get(str(path))
        if self.process is None or index is None or index < self.position:
            return None
        while self.position <= index:  # results of files not asked for (known already) are dropped
            self.position += 1
            try:
                kind, value = self.received.recv()
            except (EOFError, OSError):  # the fork ended early: read the rest here
                self.close()
                return None
        if kind == "doc":
            return value
        if kind == "problems":
            raise ProblemsFound(value)
        self.close()  # an unexpected error there: read it here, where it is reported as usual
        return None

    def close(self) -> None:
        if self.process is not None:
            process, self.process = self.process, None
            self.received.close()
            process.terminate()
            process.join()

    def __enter__(self) -> "Ahead":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _parse(paths: list[str], load: Callable[[Path], Document], sending) -> None:
    gc.freeze()  # no collection walks (and so copies) the inherited objects
    try:
        for name in paths:
            try:
                sending.send(("doc", load(Path(name))))
            except ProblemsFound as found:
                sending.send(("problems", found.problems))
            except Exception:  # noqa: BLE001 - the parent reads this file itself and reports it
                sending.send(("failed", None))
                break
    except (BrokenPipeError, OSError):  # the parent closed the pipe: nothing more is wanted
        pass
    os._exit(0)
