"""What `make build` keeps between builds besides the flowcharts: the search
index and open data of the same inputs (site/downloads.py, written by a
forked process beside the pages: site/parallel.py ``Alongside``) and the QR
codes (outputs/qrcode.py ``QrCache``).  A build from the caches gives the
same bytes as one without them; an edited input is never served stale."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.outputs.qrcode import QrCache, qr_svg
from generator.site.parallel import Alongside
from mini_catalogue import ITEM, MINI, REPO, add_bundle, add_sub_item, site_config


def _build(root: Path, *flags: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", *flags],
                          capture_output=True, text=True, env=env, timeout=300)


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_forced_build_from_the_caches_is_byte_identical_and_an_edit_is_not_served_stale(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    site_config(root)
    add_sub_item(root)
    add_bundle(root)
    first = _build(root)
    assert first.returncode == 0, first.stderr
    cold = _tree(root / "site")
    inputs = json.loads((root / ".cache" / "build-stamp.json").read_text(encoding="utf-8"))["inputs"]
    entry = root / ".cache" / "downloads" / inputs
    assert (entry / "open-data" / "catalogue.xlsx").is_file() and (entry / "search" / "catalogue").is_dir()
    assert list((root / ".cache" / "qr").glob("*.svg"))

    again = _build(root, "--force")
    assert again.returncode == 0, again.stderr
    warm = _tree(root / "site")
    assert warm.keys() == cold.keys()
    assert [name for name in cold if cold[name] != warm[name]] == []
    # Linked from the cache, not made again.
    published = root / "site" / "open-data" / "catalogue.xlsx"
    assert published.stat().st_ino == (entry / "open-data" / "catalogue.xlsx").stat().st_ino

    # An edited item changes the inputs: its new name is in the open data and the search index.
    item = root / ITEM
    item.write_text(item.read_text(encoding="utf-8").replace("居民身份证首次申领", "居民身份证首次申办", 1),
                    encoding="utf-8")
    edited = _build(root)
    assert edited.returncode == 0, edited.stderr
    site = root / "site"
    assert "居民身份证首次申办" in (site / "open-data" / "catalogue.json").read_text(encoding="utf-8")
    index = "".join(p.read_text(encoding="utf-8") for p in (site / "search" / "catalogue").rglob("*.json"))
    assert "居民身份证首次申办" in index and "居民身份证首次申领" not in index
    assert [p.name for p in (root / ".cache" / "downloads").iterdir()] != [inputs]  # only the newest is kept
    assert len(list((root / ".cache" / "downloads").iterdir())) == 1


def _fails_to_write(folder: Path) -> None:
    (folder / "missing" / "x.json").write_text("{}")


def _raises_value_error() -> None:
    raise ValueError("第 3 行有误")


def test_alongside_raises_here_what_the_forked_job_raised(tmp_path):
    marker = tmp_path / "done.txt"
    job = Alongside(lambda: marker.write_text("ok"))
    job.join()
    assert marker.read_text() == "ok"

    with pytest.raises(OSError) as failed:
        Alongside(lambda: _fails_to_write(tmp_path)).join()
    assert failed.value.errno == errno.ENOENT
    assert failed.value.filename == str(tmp_path / "missing" / "x.json")

    with pytest.raises(ValueError, match="第 3 行有误"):
        Alongside(_raises_value_error).join()


def test_alongside_cancel_stops_the_job(tmp_path):
    marker = tmp_path / "late.txt"
    job = Alongside(lambda: (time.sleep(5), marker.write_text("late")))
    started = time.perf_counter()
    job.cancel()
    job.join()  # nothing left to wait for
    assert time.perf_counter() - started < 4
    time.sleep(0.2)
    assert not marker.exists()


def test_qr_cache_gives_qr_svg_and_reads_what_it_kept(tmp_path):
    url = "https://catalogue.example.gov.cn/items/990101001000/"
    cache = QrCache(tmp_path / "qr")
    svg = cache.svg(url, title="居民身份证首次申领")
    assert svg == qr_svg(url, title="居民身份证首次申领")
    kept = list((tmp_path / "qr").iterdir())
    assert [p.suffix for p in kept] == [".svg"]  # no partial file left
    # A later build reads the file back (here: a marked copy, to see it is the one used).
    kept[0].write_text(svg + "<!-- kept -->", encoding="utf-8")
    assert QrCache(tmp_path / "qr").svg(url, title="居民身份证首次申领").endswith("<!-- kept -->")
    # Another title is another code file.
    assert QrCache(tmp_path / "qr").svg(url, title="别的事项") == qr_svg(url, title="别的事项")
    assert len(list((tmp_path / "qr").iterdir())) == 2
    # A cache folder that cannot be written only means the code is made each time.
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    assert QrCache(blocked / "qr").svg(url) == qr_svg(url)


def test_an_alongside_job_may_start_its_own(tmp_path):
    """The downloads' job makes the search index in a process of its own (site/downloads.py)."""
    marker = tmp_path / "inner.txt"
    Alongside(lambda: Alongside(lambda: marker.write_text("inner")).join()).join()
    assert marker.read_text() == "inner"
    with pytest.raises(OSError) as failed:
        Alongside(lambda: Alongside(lambda: _fails_to_write(tmp_path)).join()).join()
    assert failed.value.errno == errno.ENOENT
