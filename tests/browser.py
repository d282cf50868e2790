"""Headless Chromium for the browser gates: Debian's ``chromium`` driven by
Playwright (never a browser that Playwright downloads), and a local HTTP
server for a built site, and a local 好差评 endpoint that records what
the rating form sends.  The fixtures that use these are in conftest.py."""

from __future__ import annotations

import http.server
import threading
import urllib.parse
from contextlib import contextmanager

from devtools.chromium import CHROMIUM_ARGS, chromium_executable
from devtools.localserver import serve


@contextmanager
def rating_endpoint():
    """A local endpoint recording each request's method and form fields."""
    received: list[tuple[str, dict]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _record(self, method: str, body: str) -> None:
            if urllib.parse.urlsplit(self.path).path == "/rate":  # not the browser's /favicon.ico
                received.append((method, dict(urllib.parse.parse_qsl(body))))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write("<p>ok</p>".encode())

        def do_POST(self):  # noqa: N802 - http.server's name
            self._record("POST", self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())

        def do_GET(self):  # noqa: N802
            self._record("GET", urllib.parse.urlsplit(self.path).query)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/rate", received
    finally:
        server.shutdown()
        server.server_close()


# The local server lives in the package: the search benchmark uses it too.
__all__ = ["CHROMIUM_ARGS", "chromium_executable", "rating_endpoint", "serve"]


@contextmanager
def page_of(chromium, large: bool = False, **options):
    """A fresh page of the session's Chromium logging script errors: yields
    (page, errors); with ``large``, 长辈模式 remembered as on."""
    context = chromium.new_context(**options)
    if large:
        context.add_init_script("try { localStorage.setItem('osc-large', '1'); } catch (e) {}")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page, errors
    finally:
        context.close()


# Content wider than the window, unless inside a box that scrolls by itself (a
# wide table): up to 10 "TAG.class left..right" (the 200 % zoom gates).
WIDE_CONTENT = """() => {
  const view = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('article *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || (r.right <= view + 1 && r.left >= -1)) continue;
    let scroller = el.parentElement;
    while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
    if (!scroller || scroller.tagName === 'HTML' || scroller.tagName === 'BODY')
      out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  return out.slice(0, 10);
}"""
