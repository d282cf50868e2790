"""generator/site/pages.py: the pages two folders deep filled into the shell
page.  (Through MkDocs and across `make serve` rebuilds: tests/site/test_serve.py.)"""

from __future__ import annotations

from pathlib import Path

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.outputs import shell
from generator.outputs.render import ItemPageCache, Renderer
from generator.site.pages import PageWriter

from mini_catalogue import copy_mini

SHELL_PAGE = f"<html><head><title>{shell.TITLE}</title></head><body>{shell.BODY}</body></html>"


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / shell.SHELL_DIR).mkdir(parents=True)
    (site / shell.SHELL_DIR / "index.html").write_text(SHELL_PAGE, encoding="utf-8")
    return site


def _renderer(tmp_path: Path) -> Renderer:
    root = copy_mini(tmp_path)
    report = build_catalogue(root, read_settings(root))
    return Renderer(report.catalogue, read_settings(root), {})


def test_build_fills_every_item_page_and_removes_the_shell(tmp_path):
    renderer = _renderer(tmp_path)
    site = _site(tmp_path)
    PageWriter(None).fill(site, renderer, [], [], True, "描述")
    assert not (site / shell.SHELL_DIR).exists()
    for entry in renderer.cat.entries:
        page = (site / "items" / entry.key / "index.html").read_text(encoding="utf-8")
        assert f"<title>{entry.item.name}</title>" in page and shell.BODY not in page


def test_serving_writes_a_page_again_only_when_it_changed_and_removes_pages_of_deleted_items(tmp_path):
    renderer = _renderer(tmp_path)
    writer = PageWriter(ItemPageCache())
    site = _site(tmp_path)
    writer.fill(site, renderer, [], [], True, "描述")
    pages = {p: p.stat().st_mtime_ns for p in site.glob("items/*/index.html")}
    assert len(pages) == len(renderer.cat.entries) >= 2

    (site / shell.SHELL_DIR).mkdir()
    (site / shell.SHELL_DIR / "index.html").write_text(SHELL_PAGE, encoding="utf-8")
    writer.fill(site, renderer, [], [], True, "描述")
    assert {p: p.stat().st_mtime_ns for p in pages} == pages  # nothing written again

    gone = renderer.cat.entries.pop()
    (site / shell.SHELL_DIR).mkdir()
    (site / shell.SHELL_DIR / "index.html").write_text(SHELL_PAGE, encoding="utf-8")
    writer.fill(site, renderer, [], [], True, "描述")
    assert not (site / "items" / gone.key).exists()
    assert len(list(site.glob("items/*/index.html"))) == len(pages) - 1
