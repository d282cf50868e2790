"""What `make build` keeps between builds besides the flowcharts: the search
index and open data of the same inputs (site/downloads.py, written by a
forked process beside the pages: site/parallel.py ``Alongside``).  A build
from the caches gives the same bytes as one without them; an edited input is
never served stale.  (QR codes are drawn by every build: outputs/qrcode.py.)"""

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

from generator.site.downloads import cache_entry
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
    entry = cache_entry(root / ".cache" / "downloads", inputs, ["gzip"])  # precompress not set: [gzip]
    assert (entry / "open-data" / "catalogue.xlsx").is_file() and (entry / "search" / "catalogue").is_dir()
    assert not (root / ".cache" / "qr").exists()  # QR codes are not kept (qrcode.py)

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
    assert [p.name for p in (root / ".cache" / "downloads").iterdir()] != [entry.name]  # only the newest is kept
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


def _starts_its_own_and_waits(marker: Path) -> None:
    """As downloads._search_then_open_data: a job that starts an Alongside of its own."""
    inner = Alongside(lambda: (time.sleep(1.0), marker.write_text("inner ran")))
    try:
        time.sleep(5)
        inner.join()
    except BaseException:
        inner.cancel()
        raise


def test_cancelling_a_job_stops_the_alongside_it_started(tmp_path):
    """make build starts the downloads' process as soon as the catalogue is validated, and it
    starts the search index's: a build failing after that leaves neither running."""
    marker = tmp_path / "inner.txt"
    outer = Alongside(lambda: _starts_its_own_and_waits(marker))
    time.sleep(0.4)
    outer.cancel()
    time.sleep(1.5)
    assert not marker.exists()


def test_a_build_removes_the_qr_code_store_of_earlier_versions(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    site_config(root)
    old = root / ".cache" / "qr"
    old.mkdir(parents=True)
    (old / "codes.sqlite").write_bytes(b"SQLite format 3\x00" + bytes(4080))
    built = _build(root)
    assert built.returncode == 0, built.stderr
    assert not old.exists() and 'd="M4 4.5' in (root / "site" / "items/990101001000/index.html").read_text(encoding="utf-8")


def test_an_alongside_job_may_start_its_own(tmp_path):
    """The downloads' job makes the search index in a process of its own (site/downloads.py)."""
    marker = tmp_path / "inner.txt"
    Alongside(lambda: Alongside(lambda: marker.write_text("inner")).join()).join()
    assert marker.read_text() == "inner"
    with pytest.raises(OSError) as failed:
        Alongside(lambda: Alongside(lambda: _fails_to_write(tmp_path)).join()).join()
    assert failed.value.errno == errno.ENOENT
