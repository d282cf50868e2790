"""The benchmark's synthetic catalogue (devtools/synthetic.py) stays a valid
catalogue as the model changes: `make bench` broke silently once when
departments moved from `code` to `codes`."""

from __future__ import annotations

from pathlib import Path

from devtools.synthetic import write_synthetic
from mini_catalogue import run_cli

REPO = Path(__file__).resolve().parents[2]


def test_synthetic_catalogue_passes_the_check(tmp_path):
    root = write_synthetic(tmp_path / "synthetic", 120)
    assert len(list((root / "items").rglob("*.yaml"))) == 120
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stdout + result.stderr
