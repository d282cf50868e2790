"""Debian's Chromium as the browser tests and ``make search-check`` drive it
through Playwright (never a browser that Playwright downloads)."""

from __future__ import annotations

import shutil

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
    """The path of Debian's ``chromium``.  Raises RuntimeError (saying how to
    install it) when it is not on PATH (``make test`` and ``make search-check``
    install it)."""
    path = shutil.which("chromium")
    if path is None:
        raise RuntimeError("Debian's chromium is not installed: the browser tests need it. "
                           "`make test` installs it (python3 devtools/bootstrap.py system --browser), "
                           "or run: apt-get install chromium")
    return path
