"""Headless Chromium for the browser gates: Debian's ``chromium`` driven by
Playwright (never a browser that Playwright downloads), and a local HTTP
server for a built site.  The fixtures that use these are in conftest.py."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root in CI containers
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # Nothing of Chromium's own may reach the network during a test (and the
    # request log below only sees the page's requests anyway).
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
]


def chromium_executable() -> str:
    """Debian's chromium, or a clear failure (``make test`` installs it)."""
    path = shutil.which("chromium")
    if path is None:
        raise RuntimeError("Debian's chromium is not installed: the browser tests need it. "
                           "`make test` installs it (python3 generator/bootstrap.py system --browser), "
                           "or run: apt-get install chromium")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"http {site}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
