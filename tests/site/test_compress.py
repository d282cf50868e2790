"""Pre-compressed .gz and .br copies of the site's text files
(generator/site/compress.py): reproducible, complete, and each the file it
stands for."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import brotli

from generator.site import compress
from mini_catalogue import MINI, REPO, site_config


def _site(folder: Path) -> Path:
    (folder / "items" / "a").mkdir(parents=True)
    (folder / "index.html").write_text("<!doctype html><title>目录</title>" + "<p>居民身份证首次申领</p>\n" * 200,
                                       encoding="utf-8")
    (folder / "items" / "a" / "index.html").write_text("<p>事项</p>\n" * 300, encoding="utf-8")
    (folder / "style.css").write_text("body { color: #000; }\n" * 100, encoding="utf-8")
    (folder / "small.txt").write_text("short", encoding="utf-8")
    (folder / "logo.png").write_bytes(os.urandom(4096))
    return folder


def _copies(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.suffix in (".gz", ".br")}


def test_copies_are_reproducible_and_decompress_to_their_file(tmp_path):
    first, second = _site(tmp_path / "one"), _site(tmp_path / "two")
    assert compress.write_all(first) == 3
    compress.write_all(second)
    copies = _copies(first)
    assert set(copies) == {f"{name}{suffix}" for name in ("index.html", "items/a/index.html", "style.css")
                           for suffix in (".gz", ".br")}  # not the small text, not the image
    assert copies == _copies(second)
    for name, packed in copies.items():
        original = (first / name[:-3]).read_bytes()
        if name.endswith(".gz"):
            assert gzip.decompress(packed) == original
            assert packed[3] == 0, "no file name or other optional field in the gzip header"
            assert packed[4:8] == b"\0\0\0\0", "modification time 0"
        else:
            assert brotli.decompress(packed) == original
        assert len(packed) < len(original) // 3


def test_unchanged_files_reuse_the_previous_copies_and_changed_ones_are_compressed_again(tmp_path):
    old = _site(tmp_path / "old")
    compress.write_all(old)
    new = _site(tmp_path / "new")
    (new / "style.css").write_text("body { color: #111; }\n" * 100, encoding="utf-8")
    compress.write_all(new, previous=old)
    assert gzip.decompress((new / "style.css.gz").read_bytes()) == (new / "style.css").read_bytes()
    assert brotli.decompress((new / "style.css.br").read_bytes()) == (new / "style.css").read_bytes()
    assert (new / "index.html.gz").read_bytes() == (old / "index.html.gz").read_bytes()
    # The same bytes as compressing from scratch.
    cold = _site(tmp_path / "cold")
    (cold / "style.css").write_text("body { color: #111; }\n" * 100, encoding="utf-8")
    compress.write_all(cold)
    assert _copies(cold) == _copies(new)


def _build(root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build"],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)


def test_two_builds_write_identical_compressed_copies(tmp_path):
    """Two catalogues built from the same sources, each from scratch: the
    same .gz and .br files, each decompressing to the file beside it."""
    sites = []
    for name in ("first", "second"):
        root = tmp_path / name / "catalogue"
        shutil.copytree(MINI, root)
        site_config(root)
        result = _build(root)
        assert result.returncode == 0, result.stdout + result.stderr
        sites.append(root / "site")
    first, second = (_copies(site) for site in sites)
    assert first == second
    assert "items/990101001000/index.html.gz" in first and "items/990101001000/index.html.br" in first
    assert "assets/catalogue.css.gz" in first and "sitemap.xml.br" in first
    for name, packed in first.items():
        original = (sites[0] / name[:-3]).read_bytes()
        assert (gzip.decompress(packed) if name.endswith(".gz") else brotli.decompress(packed)) == original, name
    # Every text file of a kilobyte or more has both copies.
    missing = [p.relative_to(sites[0]).as_posix() for p in compress.candidates(sites[0])
               if not (p.with_name(p.name + ".gz").is_file() and p.with_name(p.name + ".br").is_file())]
    assert missing == []


def test_write_file_writes_the_copies_and_takes_an_unchanged_files_from_the_previous_site(tmp_path):
    """The page writers compress what they write (no second read of every page); an unchanged
    page of the site being replaced gives its copies (the bytes compress.compressed makes)."""
    page = "<p>居民身份证首次申领</p>\n".encode() * 200
    old = tmp_path / "old" / "index.html"
    old.parent.mkdir()
    compress.write_file(old, page)
    assert gzip.decompress((tmp_path / "old" / "index.html.gz").read_bytes()) == page
    assert brotli.decompress((tmp_path / "old" / "index.html.br").read_bytes()) == page
    # A marked copy in the previous site shows which one the new site got.
    marked = gzip.compress(page, compresslevel=1, mtime=0)
    (tmp_path / "old" / "index.html.gz").write_bytes(marked)
    new = tmp_path / "new" / "index.html"
    new.parent.mkdir()
    compress.write_file(new, page, previous=old)
    assert (tmp_path / "new" / "index.html.gz").read_bytes() == marked
    # Hard links: no file created (docs/performance.md).
    for suffix in ("", ".gz", ".br"):
        assert (tmp_path / "new" / f"index.html{suffix}").stat().st_ino == \
            (tmp_path / "old" / f"index.html{suffix}").stat().st_ino
    # A changed page is compressed afresh, whatever the previous site holds, and
    # written as a new file: the previous site (kept when a build fails) is unchanged.
    changed = page + b"<p>\xe5\x8f\x98</p>"
    compress.write_file(new, changed, previous=old)
    assert gzip.decompress((tmp_path / "new" / "index.html.gz").read_bytes()) == changed
    assert (tmp_path / "new" / "index.html.gz").read_bytes() == compress.compressed(changed)[".gz"]
    assert old.read_bytes() == page and (tmp_path / "old" / "index.html.gz").read_bytes() == marked
    # No previous file: compressed here.
    compress.write_file(tmp_path / "new" / "other.html", page, previous=tmp_path / "old" / "missing.html")
    assert (tmp_path / "new" / "other.html.br").read_bytes() == compress.compressed(page)[".br"]


def test_per_item_open_data_records_get_no_copies_and_a_lone_gz_is_written_again(tmp_path):
    site = _site(tmp_path / "site")
    record = site / "open-data" / "items" / "990101001000.json"
    record.parent.mkdir(parents=True)
    record.write_text('{"name": "居民身份证首次申领"}' * 100, encoding="utf-8")
    catalogue = site / "open-data" / "catalogue.json"
    catalogue.write_text('{"items": []}' * 100, encoding="utf-8")
    compress.write_file(site / "open-data" / "items" / "990101002000.json", b'{"x": 1}' * 300)
    # MkDocs writes sitemap.xml.gz itself (with the time in it): the pass writes it again.
    (site / "sitemap.xml").write_text("<urlset>" + "<url/>" * 300 + "</urlset>", encoding="utf-8")
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(b"stale", mtime=12345))
    compress.write_all(site)
    assert not list((site / "open-data" / "items").glob("*.gz")) and not list((site / "open-data" / "items").glob("*.br"))
    assert record not in compress.candidates(site)
    assert gzip.decompress((catalogue.with_name("catalogue.json.gz")).read_bytes()) == catalogue.read_bytes()
    sitemap_gz = (site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(sitemap_gz) == (site / "sitemap.xml").read_bytes() and sitemap_gz[4:8] == b"\0\0\0\0"
    assert (site / "sitemap.xml.br").is_file()
