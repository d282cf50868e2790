"""Issue 18: a county that forks the project passes the catalogue gates
unchanged.  A county catalogue written from scratch (tests/fixtures/fork: its
own site name, host, red palette, province code, 2 departments, 1 office,
5 items, its own search queries) is copied alone into a temporary folder (the
catalogue plugin adds the shipped theme: no theme or asset is copied); ``check`` passes,
and the gates (every test marked ``gate`` in tests/catalogue.GATE_FILES: links,
no script from data, axe and no outside request on one page of every kind it
has, 200 % zoom, keyboard, print, robots/404, its search queries) run on it
with ``CATALOGUE=<folder>`` in one pytest process: one build, one Chromium.
The demo tests are skipped there, each with its reason."""

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
    assert len(codes) == 5 and not codes & demo_codes
    assert options(fork)["province_code"] != options(DEMO)["province_code"]
    assert not (fork / "theme").exists() and not (fork / "content" / "assets").exists()
    result = run_cli(fork, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 个事项" in result.stdout


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
