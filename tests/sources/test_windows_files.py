"""Files as Windows editors save them (issue 18, item 6): CRLF line endings
and a UTF-8 byte-order mark (Notepad's "UTF-8 with BOM") are read exactly
like LF UTF-8; a file saved as GBK (Notepad's "ANSI" on a Chinese Windows)
is refused with a Chinese message naming the file and saying to re-save it
as UTF-8.  Real files in a copy of the mini catalogue, read by the real
loader; the CRLF catalogue is built by MkDocs too."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from mini_catalogue import ITEM, copy_mini, mkdocs_build, site_config

MULTI_LINE = "summary: |\n  第一行说明。\n  第二行说明。\n"


def _windows(path: Path, bom: bool = True) -> None:
    """Rewrite ``path`` as a Windows editor saves it: CRLF, optionally a BOM."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))


def _data_files(root: Path) -> list[Path]:
    return sorted([*root.rglob("*.yaml"), *root.rglob("*.md"), root / "mkdocs.yml"])


def _catalogue(root: Path):
    report = build_catalogue(root, read_settings(root))
    assert report.catalogue is not None, [p.format_text({"error": "E", "warning": "W", "hint": "H"})
                                          for p in report.errors]
    return report


def _with_multi_line_summary(root: Path) -> None:
    item = root / ITEM
    text = item.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("summary:")]
    item.write_text("".join(lines) + MULTI_LINE, encoding="utf-8")


def test_crlf_and_bom_read_as_the_same_catalogue(tmp_path):
    plain = copy_mini(tmp_path / "plain")
    windows = copy_mini(tmp_path / "windows")
    for root in (plain, windows):
        _with_multi_line_summary(root)
    for path in _data_files(windows):
        _windows(path)
    assert (windows / ITEM).read_bytes().startswith(codecs.BOM_UTF8)
    assert b"\r\n" in (windows / ITEM).read_bytes()
    expected, got = _catalogue(plain), _catalogue(windows)
    assert [p.message for p in got.problems] == [p.message for p in expected.problems]
    dump = lambda report: {e.key: e.item.model_dump(mode="json") for e in report.catalogue.entries}
    assert dump(got) == dump(expected)
    summary = next(e.item.summary for e in got.catalogue.entries if e.key == Path(ITEM).stem)
    assert summary == "第一行说明。\n第二行说明。"  # no "\r" kept (the text is stripped)


def test_crlf_catalogue_builds(tmp_path):
    root = copy_mini(tmp_path)
    site_config(root)
    for path in _data_files(root):
        _windows(path)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (root / "site" / "items" / Path(ITEM).stem / "index.html").read_text(encoding="utf-8")
    assert "居民身份证首次申领" in page
    assert "\ufeff" not in page and "&#xfeff;" not in page.lower()


@pytest.mark.parametrize("relative", [ITEM, "content/offices.yaml", "mkdocs.yml"])
def test_gbk_file_is_named_with_how_to_resave(tmp_path, relative):
    root = copy_mini(tmp_path)
    path = root / relative
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    from mini_catalogue import run_cli
    result = run_cli(root, "check")
    assert result.returncode != 0
    lines = [line for line in result.stdout.splitlines() if "GBK" in line]
    assert lines and lines[0].startswith(f"{relative}:"), result.stdout
    assert "另存为" in result.stdout and "UTF-8" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
