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
    # The QR codes in one file (not one per code), no part left by the page writers.
    assert [p.name for p in (root / ".cache" / "qr").iterdir()] == ["codes.json"]
    assert len(json.loads((root / ".cache" / "qr" / "codes.json").read_text(encoding="utf-8"))) >= 2

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


def test_a_gated_alongside_job_starts_only_at_go_and_never_when_cancelled(tmp_path):
    """make build forks the downloads' process early, while it holds little memory, and lets it work later."""
    marker = tmp_path / "gated.txt"
    job = Alongside(lambda: marker.write_text("ran"), gated=True)
    time.sleep(0.5)
    assert not marker.exists()
    job.go()
    job.join()
    assert marker.read_text() == "ran"

    waiting = Alongside(lambda: marker.write_text("again"), gated=True)
    waiting.join()  # join lets it go
    assert marker.read_text() == "again"

    never = tmp_path / "never.txt"
    cancelled = Alongside(lambda: never.write_text("ran"), gated=True)
    cancelled.cancel()
    cancelled.join()
    time.sleep(0.3)
    assert not never.exists()


def test_qr_cache_gives_qr_svg_and_reads_what_it_kept(tmp_path):
    url = "https://catalogue.example.gov.cn/items/990101001000/"
    folder = tmp_path / "qr"
    cache = QrCache(folder)
    svg = cache.svg(url, title="居民身份证首次申领")
    assert svg == qr_svg(url, title="居民身份证首次申领") and cache.made == 1
    cache.save()
    assert [p.name for p in folder.iterdir()] == ["codes.json"]  # one file, no partial file left
    # A later build reads the file back (here: a marked copy of a code's path, to see it is the one used).
    codes = json.loads((folder / "codes.json").read_text(encoding="utf-8"))
    (key,) = codes
    marked = svg.replace('d="M', 'd="M0 0h1M', 1)
    (folder / "codes.json").write_text(json.dumps({key: marked}), encoding="utf-8")
    again = QrCache(folder)
    assert again.svg(url, title="居民身份证首次申领") == marked and again.made == 0
    # Another title is another code; a build keeps only the codes it used.
    assert again.svg(url, title="别的事项") == qr_svg(url, title="别的事项")
    again.save()
    third = QrCache(folder)
    third.svg(url, title="别的事项")
    third.save()
    assert len(json.loads((folder / "codes.json").read_text(encoding="utf-8"))) == 1
    # A kept value that is not exactly the shape qr_svg writes is made again, never put into a page.
    (folder / "codes.json").write_text(json.dumps({key: svg.replace("<title>", '<title onload="x">', 1)}),
                                       encoding="utf-8")
    assert QrCache(folder).svg(url, title="居民身份证首次申领") == svg
    (folder / "codes.json").write_text("{not json", encoding="utf-8")
    assert QrCache(folder).svg(url, title="居民身份证首次申领") == svg
    # A cache folder that cannot be written only means the code is made each time.
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    stuck = QrCache(blocked / "qr")
    assert stuck.svg(url) == qr_svg(url)
    stuck.save()


def _codes_in_a_fork(folder: Path, urls: list[str]) -> None:
    cache = QrCache.shared(folder)
    for url in urls:
        cache.svg(url)
    from generator.outputs import qrcode
    qrcode.keep_part(cache.svg)


def test_qr_codes_of_forked_page_writers_are_merged_by_save(tmp_path):
    """Pages are written by forked processes (site/parallel.py): their codes reach codes.json."""
    from generator.site.parallel import in_parallel

    folder = tmp_path / "qr"
    urls = [f"https://catalogue.example.gov.cn/items/{n:012d}/" for n in range(900)]
    cache = QrCache.shared(folder)
    in_parallel(lambda part: _codes_in_a_fork(folder, urls[part]), len(urls))
    cache.save()
    assert [p.name for p in folder.iterdir()] == ["codes.json"]
    kept = QrCache(folder)
    assert [kept.svg(url) for url in urls[::100]] == [qr_svg(url) for url in urls[::100]]
    assert kept.made == 0


def test_an_alongside_job_may_start_its_own(tmp_path):
    """The downloads' job makes the search index in a process of its own (site/downloads.py)."""
    marker = tmp_path / "inner.txt"
    Alongside(lambda: Alongside(lambda: marker.write_text("inner")).join()).join()
    assert marker.read_text() == "inner"
    with pytest.raises(OSError) as failed:
        Alongside(lambda: Alongside(lambda: _fails_to_write(tmp_path)).join()).join()
    assert failed.value.errno == errno.ENOENT
