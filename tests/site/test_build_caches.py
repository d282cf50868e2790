"""What `make build` keeps between builds besides the flowcharts: the search
index and open data of the same inputs (site/downloads.py, written by a
forked process beside the pages: site/parallel.py ``Alongside``) and the QR
codes (outputs/qrcode.py ``QrCache``).  A build from the caches gives the
same bytes as one without them; an edited input is never served stale."""

from __future__ import annotations

import errno
import json
import sqlite3
import os
import shutil
import subprocess
import sys
import time
import zlib
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
    # The QR codes in one file (not one per code), closed: no journal left by the page writers.
    assert [p.name for p in (root / ".cache" / "qr").iterdir()] == ["codes.sqlite"]
    assert len(_rows(root / ".cache" / "qr")) >= 2

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


URL = "https://catalogue.example.gov.cn/items/990101001000/"
MARK = "M0 0.5h1"  # one more run put before a stored code's path data: a page showing it read the code


def _rows(folder: Path) -> dict[bytes, tuple[int, str, int]]:
    """The QR codes stored in *folder*: key -> (size, path data, build)."""
    db = sqlite3.connect(folder / QrCache.FILE)
    try:
        return {key: (size, zlib.decompress(path).decode("ascii"), build) for key, size, path, build in
                db.execute("SELECT key, size, path, build FROM codes")}
    finally:
        db.close()


def _mark(folder: Path) -> None:
    """MARK put before every stored code's path data."""
    for key, (_, path, _) in _rows(folder).items():
        _update(folder, "UPDATE codes SET path = ? WHERE key = ?", zlib.compress(f"{MARK}{path}".encode()), key)


def _update(folder: Path, sql: str, *args) -> None:
    db = sqlite3.connect(folder / QrCache.FILE)
    with db:
        db.execute(sql, args)
    db.close()


def test_qr_cache_gives_qr_svg_and_reads_what_it_kept(tmp_path):
    folder = tmp_path / "qr"
    cache = QrCache(folder)
    svg = cache.svg(URL, title="居民身份证首次申领")
    assert svg == qr_svg(URL, title="居民身份证首次申领") and cache.made == 1
    cache.save()
    assert [p.name for p in folder.iterdir()] == ["codes.sqlite"]  # one file, closed: no journal left
    # Kept by URL: its size and path data (ASCII), not the title, which is put in when a page asks.
    ((size, path, _),) = _rows(folder).values()
    assert f'viewBox="0 0 {size} {size}"' in svg and f'd="{path}"' in svg and path.isascii()
    assert "居民" not in path
    # A later build reads the file back (a marked path, to see it is the one used), whatever the title.
    _mark(folder)
    marked = svg.replace('d="M', f'd="{MARK}M', 1)
    again = QrCache(folder)
    assert again.svg(URL, title="居民身份证首次申领") == marked
    assert again.svg(URL, title="<别的> 事项") == marked.replace("居民身份证首次申领", "&lt;别的&gt; 事项")
    assert again.made == 0
    again.save()
    # A build keeps only the codes it used; make serve's (prune=False) adds to them.
    other = URL.replace("990101001000", "990101002000")
    third = QrCache(folder)
    assert third.svg(other) == qr_svg(other) and third.made == 1
    third.save()
    assert [row[1] for row in _rows(folder).values()] == [qr_svg(other).split(' d="')[1][:-len('"/></svg>')]]
    serving = QrCache(folder)
    serving.svg(URL)
    serving.save(prune=False)
    assert len(_rows(folder)) == 2 and serving.made == 1
    # A stored code that is not exactly a size and moves and runs is made again, never put into a page.
    for column, value in (("path", zlib.compress(b'M0 0h1"/><script>alert(1)</script><path d="')),
                          ("path", path), ("path", b"not zlib"), ("size", '21" onload="x'), ("size", 0)):
        _update(folder, f"UPDATE codes SET {column} = ?", value)
        remade = QrCache(folder)
        assert remade.svg(URL, title="居民身份证首次申领") == svg and remade.made == 1
        remade.save(prune=False)
        assert QrCache(folder).svg(URL, title="居民身份证首次申领") == svg  # and stored again, right


def test_a_damaged_qr_store_is_made_again_and_an_unwritable_one_is_not_needed(tmp_path):
    folder = tmp_path / "qr"
    good = QrCache(folder)
    svg = good.svg(URL)
    good.save()
    stored = (folder / QrCache.FILE).read_bytes()
    damaged = {
        "not a database": b"{not json, not SQLite",
        "header only": stored[:100],
        "pages overwritten": stored[:4096] + b"\xff" * (len(stored) - 4096),
    }
    for name, data in damaged.items():
        (folder / QrCache.FILE).write_bytes(data)
        cache = QrCache(folder)
        assert cache.svg(URL) == svg, name
        cache.save()
        assert len(_rows(folder)) == 1, name  # made again, with this build's code
        assert QrCache(folder).svg(URL) == svg
    # Another layout (an older table in the same file): made again.
    _update(folder, "DROP TABLE codes")
    _update(folder, "CREATE TABLE codes (key TEXT PRIMARY KEY, svg TEXT)")
    cache = QrCache(folder)
    assert cache.svg(URL) == svg and cache.store
    cache.save()
    assert len(_rows(folder)) == 1
    # The JSON file of the earlier layout is removed, never read.
    (folder / "codes.json").write_text("{}", encoding="utf-8")
    QrCache(folder).save()
    assert [p.name for p in folder.iterdir()] == ["codes.sqlite"]
    # A cache folder that cannot be written only means the code is made each time.
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    stuck = QrCache(blocked / "qr")
    assert stuck.svg(URL) == qr_svg(URL) and stuck.svg(URL) == qr_svg(URL)
    assert stuck.made == 1 and not stuck.store
    stuck.save()


def _codes_in_a_fork(folder: Path, urls: list[str]) -> None:
    cache = QrCache.shared(folder)
    for url in urls:
        cache.svg(url)
    from generator.outputs import qrcode
    qrcode.keep_part(cache.svg)


def test_qr_codes_of_forked_page_writers_are_kept_and_the_others_pruned(tmp_path):
    """Pages are written by forked processes (site/parallel.py): their codes are kept for the next build."""
    from generator.site.parallel import in_parallel

    folder = tmp_path / "qr"
    stale = QrCache(folder)
    stale.svg("https://catalogue.example.gov.cn/items/990000000000/")  # not in this build: pruned
    stale.save()
    urls = [f"https://catalogue.example.gov.cn/items/{n:012d}/" for n in range(900)]
    cache = QrCache.shared(folder)
    assert cache.svg(urls[0]) == qr_svg(urls[0])  # a connection open here when the writers are forked
    in_parallel(lambda part: _codes_in_a_fork(folder, urls[part]), len(urls))
    assert cache.svg(urls[-1]) == qr_svg(urls[-1])  # and this process's own after
    cache.save()
    assert [p.name for p in folder.iterdir()] == ["codes.sqlite"]
    assert len(_rows(folder)) == len(urls)
    kept = QrCache(folder)
    assert [kept.svg(url) for url in urls[::50]] == [qr_svg(url) for url in urls[::50]]
    assert kept.made == 0


def test_a_build_reads_its_qr_codes_back_and_an_empty_cache_gives_the_same_pages(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    site_config(root)
    first = _build(root)
    assert first.returncode == 0, first.stderr
    cold = _tree(root / "site")
    page = "items/990101001000/index.html"
    assert 'd="M' in cold[page].decode() and MARK not in cold[page].decode()
    _mark(root / ".cache" / "qr")
    again = _build(root, "--force")
    assert again.returncode == 0, again.stderr
    assert f'd="{MARK}M' in (root / "site" / page).read_text(encoding="utf-8")  # read, not made
    shutil.rmtree(root / ".cache" / "qr")
    empty = _build(root, "--force")
    assert empty.returncode == 0, empty.stderr
    assert _tree(root / "site") == cold


def test_an_alongside_job_may_start_its_own(tmp_path):
    """The downloads' job makes the search index in a process of its own (site/downloads.py)."""
    marker = tmp_path / "inner.txt"
    Alongside(lambda: Alongside(lambda: marker.write_text("inner")).join()).join()
    assert marker.read_text() == "inner"
    with pytest.raises(OSError) as failed:
        Alongside(lambda: Alongside(lambda: _fails_to_write(tmp_path)).join()).join()
    assert failed.value.errno == errno.ENOENT
