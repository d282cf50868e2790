"""The web editor's local back-end, in Python: Decap CMS's ``local_backend``
proxy (what npm ``decap-server`` does in its default local-file-system mode),
so a clerk or a test can edit a catalogue folder on this computer without
node, git hosting or an account.

Protocol (decap-server, packages/decap-server/src/middlewares/localFs): every
call is ``POST /api/v1`` with JSON ``{"action": ..., "params": {...}}``;
actions ``info``, ``entriesByFolder``, ``entriesByFiles``, ``getEntry``,
``persistEntry``, ``getMedia``, ``getMediaFile``, ``persistMedia``,
``deleteFile``, ``deleteFiles``, ``getDeployPreview``.  An entry is
``{"data": text, "file": {"path", "label", "id": sha256}}``; media files are
base64.

Paths are relative to the top of the git repository holding the catalogue
folder, as decap-server's are to the folder it is started in (its repository's
top) and as Decap's git back-ends read them: the editor's configuration prefixes
its folders with the catalogue's path in the repository (``catalogue/items/…``
in a county's fork, ``examples/demo-city/items/…`` for the demo;
generator/outputs/cms.py ``repo_prefix``), and Decap uses one configuration for
both back-ends.  A catalogue folder in no repository is its own top.  A path
leading out of the catalogue folder (``..``, absolute, through a link, into
``.git``, or to another part of the repository) is refused with 422, as
decap-server refuses one leading out of its folder.

Stricter than decap-server (whose CORS is open): only pages of this computer
may call it (``Origin`` and ``Host`` must be localhost or 127.0.0.1, else
403), and a call must be ``Content-Type: application/json``, which a page of
another site can not send without a preflight this server refuses; so a
website the clerk visits can not write into the catalogue folder.

    python -m devtools.decap_proxy [--root DIR] [--port 8081]

then open http://127.0.0.1:8000/admin/ of ``make serve`` (mkdocs.yml must
configure ``editor``; its ``local_port`` is this port).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MAX_BODY = 50 * 1024 * 1024  # decap-server's express.json limit
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def _local(value: str | None, with_scheme: bool) -> bool:
    """True for a ``Host`` (``127.0.0.1:8081``) or ``Origin`` (``http://localhost:8000``) of this computer."""
    if value is None:
        return not with_scheme  # no Origin: not sent by a browser page of another site
    if with_scheme:
        scheme, _, value = value.partition("://")
        if scheme not in ("http", "https"):
            return False
    host = value.rsplit(":", 1)[0] if not value.endswith("]") else value
    return host in LOCAL_HOSTS


class Refused(Exception):
    """A request the proxy does not serve (answered 422 with the reason)."""


class Repository:
    """The catalogue folder the editor reads and writes: ``folder`` (resolved),
    ``root`` (the top of its git repository, or ``folder`` without one); paths
    are relative to ``root``."""

    def __init__(self, folder: Path) -> None:
        from generator.outputs.cms import repo_prefix
        self.folder = folder.resolve()
        self.root = self.folder
        for _ in Path(repo_prefix(self.folder)).parts:
            self.root = self.root.parent

    def path(self, relative: str) -> Path:
        """``relative`` (to ``root``) inside the catalogue folder; Refused when it
        leads out of it or into .git."""
        if not isinstance(relative, str) or not relative or "\\" in relative or "\x00" in relative:
            raise Refused(f"invalid path {relative!r}")
        parts = Path(relative).parts
        if Path(relative).is_absolute() or ".." in parts or ".git" in parts:
            raise Refused(f"path out of the catalogue folder: {relative!r}")
        resolved = (self.root / relative).resolve()
        if resolved != self.folder and self.folder not in resolved.parents:
            raise Refused(f"path out of the catalogue folder: {relative!r}")
        return resolved

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def entry(self, relative: str, label: str | None = None) -> dict:
        try:
            content = self.path(relative).read_bytes()
        except OSError:
            return {"data": None, "file": {"path": relative, "label": label, "id": None}}
        return {"data": content.decode("utf-8"),
                "file": {"path": relative, "label": label, "id": hashlib.sha256(content).hexdigest()}}

    def listing(self, folder: str, extension: str, depth: int) -> list[str]:
        try:
            start = self.path(folder)
        except Refused:
            raise
        if not start.is_dir():
            return []

        def walk(directory: Path, left: int) -> list[str]:
            if left <= 0:
                return []
            found: list[str] = []
            for child in sorted(directory.iterdir()):
                if child.is_dir():
                    found += walk(child, left - 1)
                elif child.name.endswith(extension):
                    found.append(self.relative(child))
            return found

        return walk(start, int(depth))

    def media(self, relative: str) -> dict:
        content = self.path(relative).read_bytes()
        return {"id": hashlib.sha256(content).hexdigest(), "content": base64.b64encode(content).decode(),
                "encoding": "base64", "path": relative, "name": Path(relative).name}

    def write(self, relative: str, content: bytes) -> None:
        target = self.path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def answer(repo: Repository, action: str, params: dict) -> object:
    """The JSON answer to one call (decap-server's localFs middleware)."""
    params = params or {}
    if action == "info":
        return {"repo": repo.root.name, "publish_modes": ["simple"], "type": "local_fs"}
    if action == "entriesByFolder":
        files = repo.listing(params["folder"], params["extension"], params["depth"])
        return [repo.entry(f) for f in files]
    if action == "entriesByFiles":
        return [repo.entry(f["path"], f.get("label")) for f in params["files"]]
    if action == "getEntry":
        return repo.entry(params["path"])
    if action == "persistEntry":
        data_files = params.get("dataFiles") or [params["entry"]]
        for data_file in data_files:
            repo.write(data_file["path"], data_file["raw"].encode("utf-8"))
        for asset in params.get("assets", []):
            repo.write(asset["path"], base64.b64decode(asset["content"]))
        for data_file in data_files:
            if data_file.get("newPath"):
                new = repo.path(data_file["newPath"])
                new.parent.mkdir(parents=True, exist_ok=True)
                repo.path(data_file["path"]).rename(new)
        return {"message": "entry persisted"}
    if action == "getMedia":
        folder = repo.path(params["mediaFolder"])
        return [repo.media(repo.relative(f)) for f in sorted(folder.iterdir()) if f.is_file()] if folder.is_dir() else []
    if action == "getMediaFile":
        return repo.media(params["path"])
    if action == "persistMedia":
        asset = params["asset"]
        repo.write(asset["path"], base64.b64decode(asset["content"]))
        return repo.media(asset["path"])
    if action in ("deleteFile", "deleteFiles"):
        paths = params["paths"] if action == "deleteFiles" else [params["path"]]
        for relative in paths:
            repo.path(relative).unlink(missing_ok=True)
        return {"message": f"deleted files {', '.join(paths)}"}
    if action == "getDeployPreview":
        return None
    raise Refused(f"Unknown action {action}")


def handler(repo: Repository, log=None) -> type[BaseHTTPRequestHandler]:
    """A request handler class serving ``repo``; ``log(action, params)`` sees each call."""

    class Handler(BaseHTTPRequestHandler):
        def _allowed(self) -> bool:
            origin = self.headers.get("Origin")
            return _local(self.headers.get("Host") or "", False) and (origin is None or _local(origin, True))

        def _send(self, status: int, body: object) -> None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            if self.headers.get("Origin") and self._allowed():
                self.send_header("Access-Control-Allow-Origin", self.headers["Origin"])
                self.send_header("Vary", "Origin")
            self.end_headers()
            self.wfile.write(data)

        def do_OPTIONS(self) -> None:  # CORS preflight of the JSON POST
            if not self._allowed():
                return self._send(403, {"error": "only pages of this computer may call the editor's proxy"})
            self.send_response(204)
            self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "null")
            self.send_header("Vary", "Origin")
            self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self) -> None:
            if self.path.rstrip("/") != "/api/v1":
                return self._send(404, {"error": "not found"})
            if not self._allowed():
                return self._send(403, {"error": "only pages of this computer may call the editor's proxy"})
            if (self.headers.get("Content-Type") or "").split(";")[0].strip().lower() != "application/json":
                return self._send(415, {"error": "Content-Type must be application/json"})
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self._send(413, {"error": "request too large"})
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
                action, params = body.get("action"), body.get("params") or {}
                if log:
                    log(action, params)
                self._send(200, answer(repo, action, params))
            except (Refused, KeyError, TypeError, ValueError, AttributeError) as exc:
                self._send(422, {"error": str(exc)})
            except OSError as exc:
                self._send(500, {"error": str(exc)})

        def log_message(self, format, *args) -> None:  # quiet: calls are logged through ``log``
            pass

    return Handler


def serve(root: Path, port: int = 8081, host: str = "127.0.0.1", log=None) -> ThreadingHTTPServer:
    """Start serving the catalogue folder ``root`` (paths relative to its
    repository's top) in a background thread; ``server.shutdown()`` stops it.
    ``port`` 0 picks a free one (``server.server_address[1]``)."""
    server = ThreadingHTTPServer((host, port), handler(Repository(root), log))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description="Decap CMS local back-end (本机网页编辑服务)")
    parser.add_argument("--root", default=None, help="catalogue folder (default: $CATALOGUE, else the current "
                                                     "folder if it has mkdocs.yml, else examples/demo-city)")
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args()
    from generator.config import default_root
    root = Path(args.root) if args.root else default_root()

    def log(action, params):
        if action in ("persistEntry", "persistMedia", "deleteFile", "deleteFiles"):
            written = [f.get("path") for f in (params.get("dataFiles") or [params.get("entry") or {}])]
            print(f"{action}: {', '.join(p for p in written if p) or params}", flush=True)

    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler(Repository(root), log))
    from generator.messages import ui
    print(ui("editor_proxy_started").format(url=f"http://127.0.0.1:{args.port}/api/v1", folder=root.resolve()),
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
