"""`make serve` rebuilds (mkdocs serve --dirty): only what an edit changes is
rendered and written again, and what it removes disappears.  Run in this
process the way `mkdocs serve` runs its builds: one plugin object across
rebuilds, the configuration loaded again for each."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from mini_catalogue import ITEM, MAIN_CODE, MINI, SUB_CODE, add_bundle, add_sub_item, site_config


def test_serve_rebuild_renders_and_writes_only_what_changed(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    site_config(root)
    add_sub_item(root)
    add_bundle(root)
    site = tmp_path / "site"

    def rebuild():
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
        build(config, dirty=True)
        return config.plugins["catalogue"]

    first = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    first.plugins.on_startup(command="serve", dirty=True)
    build(first, dirty=True)
    plugin = first.plugins["catalogue"]
    pages = {p: p.stat().st_mtime_ns for p in site.glob("items/*/index.html")}
    assert len(pages) == 4 and plugin.item_pages.misses == 4

    # Nothing changed: nothing rendered, nothing written.
    assert rebuild() is plugin
    assert plugin.item_pages.misses == 4
    assert {p: p.stat().st_mtime_ns for p in pages} == pages
    # The nav still names the hand-written page a --dirty build would skip.
    about = (root / "content" / "about.md").read_text(encoding="utf-8").split("\n", 1)[0].lstrip("# ").strip()
    assert about and about in next(iter(pages)).read_text(encoding="utf-8")

    # The sub-item's name changes: its page and its main item's page (which lists it) change.
    sub = root / (ITEM.rsplit("/", 1)[0] + f"/{SUB_CODE}.yaml")
    sub.write_text(sub.read_text(encoding="utf-8").replace("居民身份证到期换领", "居民身份证到期换领（新）"),
                   encoding="utf-8")
    rebuild()
    assert plugin.item_pages.misses == 4 + 2
    for page, before in pages.items():
        text = page.read_text(encoding="utf-8")
        if page.parent.name in (SUB_CODE, MAIN_CODE):
            assert "居民身份证到期换领（新）" in text and page.stat().st_mtime_ns != before
        else:
            assert page.stat().st_mtime_ns == before, page

    # A deleted item's page goes away.
    os.remove(root / "items" / "civil-affairs" / "992002001000.yaml")
    (root / "content" / "life-events" / "id-and-allowance.yaml").unlink()
    rebuild()
    assert not (site / "items" / "992002001000").exists()
    assert len(list(site.glob("items/*/index.html"))) == 3
