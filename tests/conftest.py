"""Session fixtures shared by the site and browser tests: two built sites
(each built once per session), a local HTTP server for each, and one
headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from browser import CHROMIUM_ARGS, chromium_executable, serve
from hostile import NAV, hostile_config, make_hostile
from mini_catalogue import MINI, REPO, add_bundle, add_sub_item, mkdocs_build, site_config


@dataclass(frozen=True)
class HostileSite:
    path: Path                # the built site
    markers: dict[int, str]   # marker number -> model field path (see hostile.py)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> HostileSite:
    """The mini catalogue (plus a sub-item, a life event and an item with
    every optional element) with hostile text in every text field, link
    field and text option of mkdocs.yml, and generated pages in the nav,
    built with ``mkdocs build --strict`` and the production theme."""
    root = tmp_path_factory.mktemp("hostile") / "catalogue"
    shutil.copytree(MINI, root)
    site_config(root)
    add_sub_item(root)
    add_bundle(root)
    markers = make_hostile(root)
    hostile_config(root, markers, NAV)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return HostileSite(root / "site", markers)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The repository's own demo catalogue, built into a temporary folder."""
    site = tmp_path_factory.mktemp("demo") / "site"
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_MKDOCS_2_WARNING="1")
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=REPO, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def site_url() -> str:
    return yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]


@pytest.fixture(scope="session")
def hostile_url(hostile_site):
    with serve(hostile_site.path) as url:
        yield url


@pytest.fixture(scope="session")
def demo_url(demo_site):
    with serve(demo_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian chromium for the whole session."""
    try:
        executable = chromium_executable()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
