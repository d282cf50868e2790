"""A built site served on 127.0.0.1 for a while: for the browser tests and
the search benchmark, which load pages in Chromium without any network."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"  # the path the site is served under (its site_url's path)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass

    def translate_path(self, path: str) -> str:
        # Under the prefix: the site's file; elsewhere a path that does not exist.
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".outside-the-prefix" / "none")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # A missing page gets the site's own 404.html, as a web server configured for it does.
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(site: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) in a thread under the path
    ``prefix`` (a site_url's path such as ``/fwsx/``: MkDocs writes the 404
    page's links from it); yields the base URL, ``http://127.0.0.1:<port><prefix>``.
    A missing file (or any path outside ``prefix``) is answered 404 with the
    site's ``404.html`` when it has one."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = functools.partial(type("_Handler", (_QuietHandler,), {"prefix": prefix}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"http {site}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
