"""Headless Chromium for the browser gates: Debian's ``chromium`` driven by
Playwright (never a browser that Playwright downloads), and a local HTTP
server for a built site.  The fixtures that use these are in conftest.py."""

from __future__ import annotations

import shutil

from devtools.localserver import serve

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
                           "`make test` installs it (python3 devtools/bootstrap.py system --browser), "
                           "or run: apt-get install chromium")
    return path


# The local server lives in the package: the search benchmark uses it too.
__all__ = ["CHROMIUM_ARGS", "chromium_executable", "serve"]
