"""Item pages on every core: forked workers each write a slice of the items.

Rendering an item page is pure Python (Jinja, the QR code) and pages do not
depend on each other, so a fork that inherits the rendered catalogue and
writes its share of files needs no data passed back.  Where fork is not
available, or the work is small, everything runs in this process.  A
worker's OSError (no permission, a full disk) is raised again here, with its
errno and file name, so the build reports it like one of its own.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from typing import Callable

MIN_PER_WORKER = 400  # below this the fork costs more than it saves


def give_back() -> None:
    """Collect the garbage and hand the freed heap back to the system
    (glibc's ``malloc_trim``; elsewhere the collection only): memory this
    process no longer uses would otherwise still count in its resident size,
    and in that of every process forked from it (docs/performance.md, "Three
    editions at 20,369 items: the main process").  Raises nothing."""
    gc.collect()
    if sys.platform == "linux":
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
            pass


def in_parallel(work: Callable[[slice], None], count: int) -> None:
    """Run ``work`` over ``slice``s that together cover range(count)."""
    workers = min(os.cpu_count() or 1, count // MIN_PER_WORKER)
    if workers < 2 or sys.platform != "linux":
        work(slice(0, count))
        return
    size = -(-count // workers)
    parts = [slice(start, min(start + size, count)) for start in range(0, count, size)]
    context = multiprocessing.get_context("fork")
    errors = context.SimpleQueue()  # (errno, strerror, filename) of a worker's OSError
    children = [context.Process(target=_child, args=(work, part, errors), daemon=True) for part in parts[1:]]
    # Objects alive now (the catalogue, MkDocs' pages) are left out of garbage
    # collection: a collection would walk all of them again and again, and in
    # a child it would touch, and so copy, every page of inherited memory.
    gc.freeze()
    try:
        for child in children:
            child.start()
        work(parts[0])
    finally:
        for child in children:
            child.join()
        gc.unfreeze()
    failed = [c.exitcode for c in children if c.exitcode != 0]
    if failed:
        if not errors.empty():
            code, message, filename = errors.get()
            raise OSError(code, message, filename)
        raise RuntimeError(f"a page-writing worker failed (exit status {failed[0]}); see the error above")


def _child(work: Callable[[slice], None], part: slice, errors) -> None:
    try:
        work(part)
    except OSError as exc:
        errors.put((exc.errno, exc.strerror, exc.filename))
        os._exit(1)
    except BaseException:
        traceback.print_exc()
        os._exit(1)
    os._exit(0)


class Alongside:
    """``job`` run in a forked process while this one goes on (``make build``:
    the downloads beside the item pages, on the machine's other core).  The
    fork inherits everything it needs, writes its files and passes nothing
    back.  ``join`` waits for it and raises here what it raised there: its
    OSError with errno and file name, another exception as it was (or a
    RuntimeError when that cannot be passed), so the build reports it like
    one of its own.  Without fork (not Linux) ``job`` runs in ``join``."""

    def __init__(self, job: Callable[[], None]) -> None:
        self.job: Callable[[], None] | None = job
        self.process = None
        if sys.platform != "linux":
            return
        context = multiprocessing.get_context("fork")
        self.errors = context.SimpleQueue()
        # Not a daemon: a job may start an Alongside of its own (site/downloads.py).
        self.process = context.Process(target=_alongside, args=(job, self.errors), daemon=False)
        self.process.start()
        self.job = None

    def join(self) -> None:
        """Wait for the job; raises what it raised (see the class)."""
        if self.job is not None:
            job, self.job = self.job, None
            job()
            return
        if self.process is None:
            return
        process, self.process = self.process, None
        # Read before joining: a large report would otherwise block the child's exit.
        error = None
        while process.is_alive() and error is None:
            process.join(0.05)
            if not self.errors.empty():
                error = self.errors.get()
        process.join()
        if error is None and not self.errors.empty():
            error = self.errors.get()
        if error is not None:
            kind, value = error
            if kind == "os":
                raise OSError(*value)
            raise value
        if process.exitcode != 0:
            raise RuntimeError(f"a background worker failed (exit status {process.exitcode}); see the error above")

    def cancel(self) -> None:
        """Stop the job without waiting for its result (the build failed)."""
        self.job = None
        if self.process is not None:
            process, self.process = self.process, None
            process.terminate()
            process.join()


def _alongside(job: Callable[[], None], errors) -> None:
    gc.freeze()  # no collection walks (and so copies) the inherited objects
    # cancel's SIGTERM as an exception: a job stops the Alongside it started itself on the
    # way out (downloads: the search index's process), instead of leaving it running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        job()
    except OSError as exc:
        errors.put(("os", (exc.errno, exc.strerror, exc.filename)))
        os._exit(1)
    except BaseException as exc:  # noqa: BLE001 - passed to the parent, which raises it
        try:
            errors.put(("exc", exc))
        except Exception:  # noqa: BLE001 - not picklable: the traceback on stderr instead
            traceback.print_exc()
        os._exit(1)
    os._exit(0)


def in_background(job: Callable[[], None], previous: threading.Thread | None,
                  on_error: Callable[[Exception], None]) -> threading.Thread:
    """Run ``job`` in a thread (``make serve``: work the edited page need not
    wait for), after ``previous`` has finished: one such job at a time, and
    the caller never waits.  An exception goes to ``on_error``; returns the
    thread."""
    def run() -> None:
        if previous is not None:
            previous.join()
        try:
            job()
        except Exception as exc:  # noqa: BLE001 - reported through on_error, the server goes on
            on_error(exc)

    thread = threading.Thread(target=run, name="background write", daemon=True)
    thread.start()
    return thread
