"""Session fixtures shared by the site and browser tests: the built sites
(each built once per session: the catalogue under test, which is the demo
unless ``--catalogue``/``$CATALOGUE`` names another, and three mini sites),
a local HTTP server for each, and one headless Chromium.  The ``demo``
marker and its skipping are set up here too (tests/catalogue.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from browser import CHROMIUM_ARGS, chromium_executable, rating_endpoint, serve
from catalogue import Pages, catalogue_root, config, is_demo, page_kinds
from hostile import NAV, hostile_config, make_hostile
from mini_catalogue import MINI, MINI_SITE, REPO, add_bundle, add_sub_item, mkdocs_build, site_config


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


# --- the catalogue under test (tests/catalogue.py, issue 18) ------------------------
def pytest_addoption(parser):
    parser.addoption("--catalogue", default=None,
                     help="folder of the catalogue the catalogue gates check (default: $CATALOGUE, "
                          "else the repository's top-level catalogue, else examples/demo-city)")


CATALOGUE_FIXTURES = {"catalogue_dir", "catalogue_site", "catalogue_url", "catalogue_pages", "catalogue_site_url"}


def pytest_configure(config):
    config.addinivalue_line("markers", "demo: asserts what the demo city's data says; skipped on another catalogue")
    config.addinivalue_line("markers", "gate: a catalogue gate, run on the catalogue under test "
                                       "(CATALOGUE=DIR pytest -m gate)")


def pytest_collection_modifyitems(config, items):
    """Tests using demo_site/demo_url are demo tests; demo tests are skipped
    (with the reason) when the configured catalogue is not the demo.  The
    other tests using the catalogue under test are its gates (marker ``gate``)."""
    try:
        root = catalogue_root(config.getoption("--catalogue"))
    except FileNotFoundError as exc:
        raise pytest.UsageError(str(exc)) from None
    demo = is_demo(root)
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if {"demo_site", "demo_url"} & fixtures:
            item.add_marker(pytest.mark.demo)
        elif CATALOGUE_FIXTURES & fixtures and not item.get_closest_marker("demo"):
            item.add_marker(pytest.mark.gate)
        if not demo and item.get_closest_marker("demo"):
            item.add_marker(pytest.mark.skip(reason=f"demo test: the catalogue under test ({root}) is not the demo "
                                                    "(its mkdocs.yml has sample_data: true and province_code \"99\" "
                                                    "only in the demo)"))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """After pytest's report: the catalogue gates that failed, in Chinese for
    the county (county trial 2, #3).  A gate that said what to change
    (``catalogue.tell_county``: the search queries, each with 怎么改) is given
    its lines; any other failed gate is named with where to look.  Developer
    tests that failed are left to pytest's English report."""
    from generator.messages import ui

    failed = [r for kind in ("failed", "error") for r in terminalreporter.stats.get(kind, [])
              if "gate" in getattr(r, "keywords", {})]
    if not failed:
        return
    terminalreporter.write_sep("=", ui("test_gates_title"))
    for n, report in enumerate(failed, 1):
        told = [value for key, value in getattr(report, "user_properties", ()) if key == "county"]
        if not told:
            terminalreporter.write_line(ui("test_gates_other").format(n=n, test=report.nodeid.split("::")[-1]))
        for gate, lines in told:
            terminalreporter.write_line(ui("test_gates_told").format(n=n, title=ui(f"test_gates_{gate}")))
            for line in lines:
                terminalreporter.write_line("   " + line)
    terminalreporter.write_line(ui("test_gates_rerun"))


@pytest.fixture(scope="session")
def catalogue_dir(pytestconfig) -> Path:
    """The folder of the catalogue under test (``--catalogue``, ``$CATALOGUE``, a fork's top-level catalogue, the demo city)."""
    return catalogue_root(pytestconfig.getoption("--catalogue"))


@pytest.fixture(scope="session")
def catalogue_site(tmp_path_factory, catalogue_dir) -> Path:
    """The catalogue under test, built with ``mkdocs build`` into a temporary folder."""
    site = tmp_path_factory.mktemp("catalogue") / "site"
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8", NO_MKDOCS_2_WARNING="1")
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(catalogue_dir / "mkdocs.yml"),
                             "-d", str(site)], cwd=catalogue_dir, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def catalogue_url(catalogue_site, catalogue_site_url):
    """The catalogue under test served under its site_url's path (``/fwsx/``
    for ``https://zwfw.fcgs.gov.cn/fwsx/``: the 404 page's links start with
    it), a missing page answered with its 404.html."""
    with serve(catalogue_site, urlsplit(catalogue_site_url or "/").path) as url:
        yield url


@pytest.fixture(scope="session")
def catalogue_pages(catalogue_dir, catalogue_site) -> Pages:
    """One page of every kind of the catalogue under test (tests/catalogue.py)."""
    return page_kinds(catalogue_dir, catalogue_site)


@pytest.fixture(scope="session")
def catalogue_site_url(catalogue_dir) -> str:
    return config(catalogue_dir)["site_url"]


@pytest.fixture(scope="session")
def demo_site(request, catalogue_dir) -> Path:
    """The demo catalogue, built into a temporary folder: the catalogue under
    test when it is the demo (tests using it are skipped otherwise)."""
    if not is_demo(catalogue_dir):
        pytest.skip(f"demo test: the catalogue under test ({catalogue_dir}) is not the demo")
    return request.getfixturevalue("catalogue_site")


@dataclass(frozen=True)
class RatedSite:
    path: Path                          # the built site
    endpoint: str                       # the local 好差评 endpoint its rating form posts to
    received: list[tuple[str, dict]]    # (method, form fields) of each request the endpoint got


@pytest.fixture(scope="session")
def rated_site(tmp_path_factory):
    """The mini catalogue whose item pages have the 好差评 form (config
    ``ratings.endpoint``: a local endpoint living as long as the session)."""
    with rating_endpoint() as (endpoint, received):
        root = tmp_path_factory.mktemp("rated") / "catalogue"
        shutil.copytree(MINI, root)
        site_config(root)
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        options = next(p["catalogue"] for p in config["plugins"] if isinstance(p, dict) and "catalogue" in p)
        options["ratings"] = {"endpoint": endpoint}
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        result = mkdocs_build(root)
        assert result.returncode == 0, result.stdout + result.stderr
        yield RatedSite(root / "site", endpoint, received)


@pytest.fixture(scope="session")
def site_url() -> str:
    """The mini sites' host (tests/fixtures/mini/site.yml)."""
    return MINI_SITE["site_url"]


@pytest.fixture(scope="session")
def hostile_url(hostile_site):
    with serve(hostile_site.path) as url:
        yield url


@pytest.fixture(scope="session")
def demo_url(demo_site, catalogue_url):
    return catalogue_url


@pytest.fixture(scope="session")
def rated_url(rated_site):
    with serve(rated_site.path) as url:
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
