"""Setup's download of the web editor (devtools/decap_fetch.py): the pinned
sha512 is checked against the registry's metadata and the tarball's bytes,
and only Decap's browser files are kept.  A tarball made here stands in for
the registry's (no network in tests)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile

import pytest

from devtools import decap_fetch


def _tarball(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


FILES = {
    "package/dist/decap-cms.js": b"/* decap */",
    "package/dist/123.decap-cms.js": b"/* chunk */",
    "package/dist/ab12.wasm": b"\0asm",
    "package/dist/decap-cms.js.map": b"{}",
    "package/dist/cms.js": b"/* the other build */",
    "package/dist/sub/evil.js": b"x",
    "package/package.json": b"{}",
}


@pytest.fixture
def registry(monkeypatch):
    """Serve a tarball and its metadata as the registry would; returns a setter."""
    served = {}

    def get(url: str, timeout: float = 0) -> bytes:
        return served[url]

    def publish(tarball: bytes, stated: str, pinned: str) -> None:
        served["tar"] = tarball
        served[f"{decap_fetch.REGISTRY}/decap-cms/{decap_fetch.VERSION}"] = json.dumps(
            {"dist": {"integrity": stated, "tarball": "tar"}}).encode()
        monkeypatch.setattr(decap_fetch, "INTEGRITY", pinned)

    monkeypatch.setattr(decap_fetch, "download", get)
    return publish


def test_keeps_only_the_browser_files(tmp_path, registry):
    tarball = _tarball(FILES)
    registry(tarball, _integrity(tarball), _integrity(tarball))
    target = decap_fetch.fetch(tmp_path)
    assert sorted(p.name for p in target.iterdir()) == [
        "123.decap-cms.js", "VERSION", "ab12.wasm", "decap-cms.js"]
    assert decap_fetch.installed(target)
    decap_fetch.fetch(tmp_path)  # the pinned version is there: nothing fetched again


def test_registry_stating_another_checksum_is_refused(tmp_path, registry):
    tarball = _tarball(FILES)
    registry(tarball, _integrity(b"another release"), _integrity(tarball))
    with pytest.raises(decap_fetch.FetchError, match="integrity"):
        decap_fetch.fetch(tmp_path)
    assert not (tmp_path / "share" / "decap-cms").exists()


def test_tampered_tarball_is_refused(tmp_path, registry):
    tarball = _tarball(FILES)
    tampered = _tarball({**FILES, "package/dist/decap-cms.js": b"/* changed */"})
    registry(tampered, _integrity(tarball), _integrity(tarball))
    with pytest.raises(decap_fetch.FetchError, match="sha512"):
        decap_fetch.fetch(tmp_path)
    assert not (tmp_path / "share" / "decap-cms").exists()
