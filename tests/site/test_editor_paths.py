"""The web editor's paths for a catalogue in a subfolder of its git repository
(a county's catalogue/, the demo's examples/demo-city/): Decap's git back-ends
and the local proxy read paths from the repository's top, so the generated
configuration prefixes every folder with the catalogue's path there."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from generator.checks.validate import build_catalogue
from generator.config import Editor, read_settings
from generator.outputs import cms
from generator.site import editor
from history_repo import Repo
from mini_catalogue import DEMO, ITEM, REPO, copy_mini
from test_editor import _call, proxy_api

GITHUB = Editor(backend="github", repo="county/catalogue")


def _in_repository(tmp_path: Path) -> Path:
    """The mini catalogue as a county's fork holds it: <repository>/catalogue/."""
    root = copy_mini(tmp_path)  # tmp_path / "catalogue"
    Repo(tmp_path).git("init", "-q", "-b", "main")
    return root


def _written(tmp_path: Path, root: Path, monkeypatch) -> dict:
    """config.js as ``editor.write`` publishes it for ``root``, as JSON."""
    fake = tmp_path / "decap"
    fake.mkdir()
    (fake / "decap-cms.js").write_text("/* */", encoding="utf-8")
    monkeypatch.setenv("OSC_DECAP_DIR", str(fake))
    settings = read_settings(root).model_copy(update={"editor": GITHUB})
    cat = build_catalogue(root, settings).catalogue
    site = tmp_path / "site"
    assert editor.write(site, cat, settings, "测试", root, root / "content") is True
    text = (site / "admin" / "config.js").read_text(encoding="utf-8")
    return json.loads(text.partition("window.CATALOGUE_EDITOR = ")[2].rstrip().rstrip(";"))


def test_subfolder_of_a_repository_prefixes_every_folder(tmp_path, monkeypatch):
    root = _in_repository(tmp_path)
    assert cms.repo_prefix(root) == "catalogue/"
    settings = read_settings(root)
    cat = build_catalogue(root, settings).catalogue
    config = cms.editor_config(cat, GITHUB, prefix=cms.repo_prefix(root))
    assert config["backend"]["name"] == "github"
    assert [c["folder"] for c in config["collections"]] == [f"catalogue/items/{d.id}" for d in cat.departments]
    assert config["media_folder"] == "catalogue/content/assets/uploads"
    assert config["public_folder"] == "/assets/uploads"  # the site's path, not the repository's
    # "编辑此事项" opens the entry whose file is the item's file in the repository.
    collections = {c["name"]: c for c in config["collections"]}
    for entry in cat.entries:
        link = cms.entry_link("../../", entry)
        route = link.split("#/collections/", 1)[1]
        collection, _, slug = route.partition("/entries/")
        folder = collections[unquote(collection)]["folder"]
        assert f"{folder}/{unquote(slug)}.yaml" == f"catalogue/{entry.source}", link
    # What the build publishes (admin/config.js) carries the same paths.
    data = _written(tmp_path, root, monkeypatch)
    assert data["folder"] == "catalogue/items"
    assert data["config"]["media_folder"] == "catalogue/content/assets/uploads"


def test_catalogue_at_the_top_or_without_git_is_not_prefixed(tmp_path, monkeypatch):
    bare = copy_mini(tmp_path / "tarball")  # no repository at all: taken as the top
    assert cms.repo_prefix(bare) == ""
    data = _written(tmp_path / "tarball", bare, monkeypatch)
    assert data["folder"] == "items" and data["config"]["media_folder"] == "content/assets/uploads"
    top = copy_mini(tmp_path / "own")
    Repo(top).git("init", "-q", "-b", "main")  # the catalogue is its repository
    assert cms.repo_prefix(top) == ""
    assert {c["folder"] for c in cms.editor_config(build_catalogue(top, read_settings(top)).catalogue, GITHUB,
                                                   prefix=cms.repo_prefix(top))["collections"]} >= {
        "items/public-security"}


def test_prefix_found_without_the_git_command(tmp_path, monkeypatch):
    root = _in_repository(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))  # no git: .git is looked for above
    assert cms.repo_prefix(root) == "catalogue/"
    assert cms.repo_prefix(root / "items") == "catalogue/items/"


@pytest.mark.skipif(not (REPO / ".git").exists(), reason="not a git checkout (a tarball)")
def test_demo_city_is_prefixed_with_its_folder():
    assert cms.repo_prefix(DEMO) == "examples/demo-city/"


def test_proxy_serves_paths_from_the_repository_top(tmp_path):
    root = _in_repository(tmp_path)
    (tmp_path / "README.md").write_text("the repository's own file", encoding="utf-8")
    with proxy_api(root) as url:
        status, entries = _call(url, "entriesByFolder", {"branch": "main", "folder": "catalogue/items/public-security",
                                                        "extension": "yaml", "depth": 1})
        assert status == 200 and [e["file"]["path"] for e in entries] == [f"catalogue/{ITEM}"]
        status, _ = _call(url, "persistEntry", {"branch": "main", "assets": [], "options": {}, "dataFiles": [
            {"slug": "x", "path": "catalogue/items/civil-affairs/x.yaml", "raw": "name: 新事项\n"}]})
        assert status == 200 and (root / "items/civil-affairs/x.yaml").read_text(encoding="utf-8") == "name: 新事项\n"
        # Outside the catalogue folder (the unprefixed path, the repository's other files, .git): refused.
        for bad in (ITEM, "README.md", ".git/config", "catalogue/.git/config", "catalogue/../README.md"):
            assert _call(url, "getEntry", {"branch": "main", "path": bad})[0] == 422, bad
        status, _ = _call(url, "persistEntry", {"branch": "main", "assets": [], "options": {}, "dataFiles": [
            {"slug": "x", "path": "README.md", "raw": "overwritten"}]})
        assert status == 422 and (tmp_path / "README.md").read_text(encoding="utf-8") == "the repository's own file"
