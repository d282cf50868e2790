"""Issue 18: a county that forks the project passes the catalogue gates
unchanged.  A county catalogue written from scratch (tests/fixtures/fork: its
own site name, host, red palette, province code, 2 departments, 1 office,
7 items in the shapes a real export gives too (a portal-UUID key, a grouping
main item with one sub-item of the same name, an item without summary), a
sub-path site_url (``/fwsx/``), its own search queries) is copied alone into a temporary folder (the
catalogue plugin adds the shipped theme: no theme or asset is copied); ``check`` passes,
and the gates (every test marked ``gate`` in tests/catalogue.GATE_FILES: links,
no script from data, axe and no outside request on one page of every kind it
has, 200 % zoom, keyboard, print, robots/404, its search queries) run on it
with ``CATALOGUE=<folder>`` in one pytest process: one build, one Chromium.
The demo tests are skipped there, each with its reason.  Also the newcomer's
surprises (README "Checking", "How a county forks"): a build with an error in an
item publishes the others and says so on its last line; a ``home.life_events``
left from the demo in a catalogue without life events is named as such."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from catalogue import GATE_FILES, is_demo, options
from mini_catalogue import DEMO, REPO, run_cli

FORK = Path(__file__).resolve().parent / "fixtures" / "fork"


@pytest.fixture(scope="module")
def fork(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fork") / "county"
    shutil.copytree(FORK, root)
    return root


def test_the_fork_is_a_county_of_its_own(fork):
    assert not is_demo(fork)
    codes = {p.stem for p in (fork / "items").rglob("*.yaml")}
    demo_codes = {p.stem for p in (DEMO / "items").rglob("*.yaml")}
    assert len(codes) == 7 and not codes & demo_codes
    assert options(fork)["province_code"] != options(DEMO)["province_code"]
    assert not (fork / "theme").exists() and not (fork / "content" / "assets").exists()
    result = run_cli(fork, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 个事项" in result.stdout


def test_a_life_event_left_in_the_home_order_without_any_life_event(tmp_path):
    # A county that deleted the demo's life events but kept home.life_events
    # is told there are none (not "已有：" followed by nothing).
    root = tmp_path / "county"
    shutil.copytree(FORK, root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      home:\n", "      home:\n        life_events: [birth]\n", 1), encoding="utf-8")
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "“birth”不是本目录的一件事：本目录还没有一件事" in result.stdout + result.stderr
    assert "life_events: []" in result.stdout + result.stderr and "已有：" not in result.stdout + result.stderr


def test_a_build_publishes_the_valid_items_and_says_what_it_held_back(tmp_path):
    # README "Checking": an error fails `make check`; `make build` publishes the
    # other items, holds that one back and says so on its last line.
    root = tmp_path / "county"
    shutil.copytree(FORK, root)
    broken = root / "items" / "health" / "980130001000.yaml"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("item_type: licensing", "item_type: nonsense", 1), encoding="utf-8")
    assert run_cli(root, "check").returncode == 1
    result = run_cli(root, "build", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert "发布 6 个事项" in last and "另有 1 个事项有错误，暂不发布" in last, last
    assert "items/health/980130001000.yaml" in result.stderr  # the error and the held-back list, above
    site = root / "site"
    assert (site / "items" / "980115001000" / "index.html").is_file()
    assert not (site / "items" / "980130001000").exists()
    broken.write_text(text, encoding="utf-8")
    result = run_cli(root, "build", timeout=300)
    assert result.stdout.strip().splitlines()[-1].startswith("网站已构建：发布 7 个事项"), result.stdout
    assert (site / "items" / "980130001000" / "index.html").is_file()


def test_the_catalogue_gates_pass_on_the_fork(fork, tmp_path):
    env = dict(os.environ, CATALOGUE=str(fork), PYTHONIOENCODING="utf-8", NO_MKDOCS_2_WARNING="1")
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "gate", "-p", "no:cacheprovider", "-rs",
         "--basetemp", str(tmp_path / "gates"), *GATE_FILES],
        cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-6000:]
    passed = int(re.search(r"(\d+) passed", out).group(1))
    assert passed >= 30, out[-3000:]
    # What the fork lacks is skipped by name (no suspended item, no life event), nothing else.
    skipped = re.findall(r"SKIPPED \[\d+\] [^:]+:\d+: (.*)", out)
    assert skipped and all(re.match(r"no page of kind|the page of kind", s) for s in skipped), skipped
