"""Flowcharts drawn on another thread while the build goes on."""

from __future__ import annotations

import concurrent.futures

from .draw import FlowchartError, FlowchartRenderer


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

    def wait(self) -> list[FlowchartError]:
        """Until everything added is drawn; returns every graph that failed
        (``FlowchartError``s, their ``key`` the key given to ``add``).  Raises
        what is not about one graph (``GraphvizNotFound``, OSError)."""
        self.flush()
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

    def cancel(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
