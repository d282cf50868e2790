"""`python -m generator build` is atomic and reproducible, on copies of the
mini catalogue (tests/fixtures/mini, with a main item, a sub-item and a
life event added) built with the production theme."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from mini_catalogue import ITEM, MINI, ONLINE_ITEM, REPO, add_bundle, add_sub_item, site_config


def _build(root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build"],
                          capture_output=True, text=True, env=env, timeout=300)


def _copy_repo(root: Path) -> Path:
    shutil.copytree(MINI, root)
    site_config(root)
    add_sub_item(root)
    add_bundle(root)
    return root


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    """Same sources, same SOURCE_DATE_EPOCH: the same bytes, even with a cold flowchart cache."""
    root = _copy_repo(tmp_path / "catalogue")
    assert _build(root).returncode == 0
    first = _tree(root / "site")
    shutil.rmtree(root / ".cache")
    assert _build(root).returncode == 0
    second = _tree(root / "site")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_failed_build_keeps_previous_site(tmp_path):
    root = _copy_repo(tmp_path / "catalogue")

    first = _build(root)
    assert first.returncode == 0, first.stderr
    home = (root / "site" / "index.html").read_bytes()
    pages_before = sorted(p.relative_to(root / "site") for p in (root / "site").rglob("*.html"))
    assert len(pages_before) > 30

    # A catalogue that cannot be read at all (its taxonomies broken) fails the build.
    taxonomies = root / "content" / "taxonomies.yaml"
    taxonomies.write_text(taxonomies.read_text(encoding="utf-8").replace("item_types:", "item_typs:", 1),
                          encoding="utf-8")
    second = _build(root)
    assert second.returncode == 1
    assert "item_typs" in second.stderr + second.stdout
    assert "Traceback" not in second.stderr
    # The previous site is still there, whole and unchanged; no staging folder is left behind.
    assert (root / "site" / "index.html").read_bytes() == home
    assert sorted(p.relative_to(root / "site") for p in (root / "site").rglob("*.html")) == pages_before
    assert not [p for p in root.iterdir() if p.name.startswith(".site-")]


def test_rebuild_with_nothing_changed_is_skipped_and_any_edit_rebuilds(tmp_path):
    root = _copy_repo(tmp_path / "catalogue")
    assert _build(root).returncode == 0
    home = root / "site" / "index.html"
    before = home.stat().st_ino
    again = _build(root)
    assert again.returncode == 0 and "--force" in again.stdout
    assert home.stat().st_ino == before  # not rebuilt
    # An edited item is an input: the next build runs and shows the edit.
    item = root / ITEM
    item.write_text(item.read_text(encoding="utf-8").replace("居民身份证首次申领", "居民身份证首次申办", 1),
                    encoding="utf-8")
    assert _build(root).returncode == 0
    assert "居民身份证首次申办" in (root / "site" / "items" / item.stem / "index.html").read_text(encoding="utf-8")
    # A site/ replaced by hand is not trusted either.
    shutil.rmtree(root / "site")
    (root / "site").mkdir()
    assert _build(root).returncode == 0
    assert (root / "site" / "index.html").exists()


def test_one_bad_item_is_held_back_and_the_rest_is_published(tmp_path):
    """Nothing lost, nothing silent: an item with an error is left out of the
    site and listed on the data-quality page and in its department's work
    list; every other page is built; make check still fails."""
    root = _copy_repo(tmp_path / "catalogue")
    item = root / ONLINE_ITEM
    item.write_text(item.read_text(encoding="utf-8").replace("\nfees:", "\nfeez:", 1), encoding="utf-8")
    # A catch-all clause is a warning: the item is published and listed to fix (待整改).
    warned = root / ITEM
    warned.write_text(warned.read_text(encoding="utf-8").replace(
        "  - 具有本市常住户口\n", "  - 具有本市常住户口\n  - 法律、行政法规规定的其他条件\n", 1), encoding="utf-8")
    result = _build(root)
    assert result.returncode == 0, result.stderr
    assert item.stem in result.stderr + result.stdout
    site = root / "site"
    assert not (site / "items" / item.stem).exists()
    assert (site / "items" / warned.stem / "index.html").exists()
    quality = (site / "quality" / "index.html").read_text(encoding="utf-8")
    assert ONLINE_ITEM in quality and "feez" in quality
    worklist = (site / "quality" / "civil-affairs.csv").read_text(encoding="utf-8-sig")
    assert ONLINE_ITEM in worklist and "feez" in worklist
    to_fix = quality.split('id="to-fix"', 1)[1].split("<h2", 1)[0]
    assert ITEM in to_fix and "兜底表述" in to_fix
    police = (site / "quality" / "public-security.csv").read_text(encoding="utf-8-sig")
    assert f"{warned.name}:" in police and "待整改" in police
    env = dict(os.environ, PYTHONPATH=str(REPO))
    check = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "check"],
                           capture_output=True, text=True, env=env)
    assert check.returncode == 1 and "feez" in check.stdout
