"""Fetch the web editor's program (Decap CMS) from the npm registry at setup.

Standard library only (``devtools/bootstrap.py editor`` runs it before the
virtual environment exists).  The version is pinned and the tarball is
checked twice against the pinned sha512: the registry's metadata must state
the same ``dist.integrity``, and the downloaded bytes must hash to it.  Only
the browser files of ``package/dist/`` are kept (no source maps, no second
``cms.js`` build), in ``<venv>/share/decap-cms/`` with a ``VERSION`` stamp;
the build copies them into the site (generator/site/editor.py), so the
published editor loads nothing from another host.

    python3 devtools/bootstrap.py editor [.venv]
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "3.16.3"
# dist.integrity of decap-cms@3.16.3 on registry.npmjs.org
INTEGRITY = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="
REGISTRY = "https://registry.npmjs.org"
# decap-cms.js, its lazily loaded chunks (N.decap-cms.js), the WebAssembly
# files they load and the licence notice.
KEEP = re.compile(r"^(decap-cms\.js|[0-9]+\.decap-cms\.js|[0-9a-f]+\.wasm|decap-cms\.js\.LICENSE\.txt)$")


class FetchError(Exception):
    """Raised with a message for the person running setup."""


def download(url: str, timeout: float = 120) -> bytes:
    """The bytes at ``url``; raises FetchError (Chinese and English) when it cannot be read."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except OSError as exc:
        raise FetchError(f"无法下载 / cannot download {url}: {exc}") from exc


def verify(data: bytes, integrity: str, package: str = f"decap-cms {VERSION}") -> None:
    """Raises FetchError unless ``data`` hashes to the npm ``integrity`` (sha512-<base64>)."""
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != integrity:
        raise FetchError(f"{package}: sha512 不符 / checksum mismatch ({digest} != {integrity})")


def installed(target: Path) -> bool:
    stamp = target / "VERSION"
    return stamp.is_file() and stamp.read_text().strip() == VERSION and (target / "decap-cms.js").is_file()


def fetch(venv: Path) -> Path:
    """Put Decap's browser files into ``venv/share/decap-cms`` (kept when the
    pinned version is there already); returns that folder.  Raises FetchError."""
    target = venv / "share" / "decap-cms"
    if installed(target):
        return target
    meta = json.loads(download(f"{REGISTRY}/decap-cms/{VERSION}", timeout=60))
    dist = meta.get("dist", {})
    if dist.get("integrity") != INTEGRITY:
        raise FetchError(f"decap-cms {VERSION}: 登记处的 integrity 与固定值不同 / registry integrity "
                         f"{dist.get('integrity')!r} differs from the pinned {INTEGRITY!r}")
    data = download(dist["tarball"])
    verify(data, INTEGRITY)
    staging = target.with_name("decap-cms.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    kept = 0
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            folder, _, name = member.name.rpartition("/")
            if folder == "package/dist" and member.isfile() and KEEP.match(name):
                (staging / name).write_bytes(archive.extractfile(member).read())
                kept += 1
    if not (staging / "decap-cms.js").is_file():
        raise FetchError(f"decap-cms {VERSION}: 压缩包里没有 dist/decap-cms.js / no dist/decap-cms.js in the tarball")
    (staging / "VERSION").write_text(VERSION + "\n")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    print(f"decap-cms {VERSION}: {kept} files in {target}", flush=True)
    return target


if __name__ == "__main__":
    try:
        fetch(Path(sys.argv[1] if len(sys.argv) > 1 else ".venv").absolute())
    except FetchError as exc:
        sys.exit(str(exc))
