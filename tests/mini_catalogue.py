"""Helpers shared by the validation tests: a small valid catalogue to copy
into pytest's tmp_path and mutate one file at a time."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.config import read_settings
from generator.problems import Problem
from generator.validate import build_catalogue

REPO = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
# A window item with fees, steps and two trips; and an online-only item.
ITEM = "items/public-security/990101001000.yaml"
ONLINE_ITEM = "items/civil-affairs/992002001000.yaml"


def copy_mini(tmp_path: Path) -> Path:
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    return root


def original(relative: str = ITEM) -> str:
    return (MINI / relative).read_text(encoding="utf-8")


def replaced(old: str, new: str, relative: str = ITEM) -> str:
    """The fixture file with ``old`` (which must occur) replaced by ``new``."""
    text = original(relative)
    assert old in text, f"fixture no longer contains {old!r}"
    return text.replace(old, new, 1)


def position(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of ``needle`` in ``text`` (in characters, like YAML marks)."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def check(root: Path) -> list[Problem]:
    return build_catalogue(root, read_settings(root)).problems


def errors(root: Path) -> list[Problem]:
    return [p for p in check(root) if p.is_error]


def run_cli(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout, env=env, cwd=root)
