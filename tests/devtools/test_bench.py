"""devtools.bench's command line: help and bad sizes answer in words, never a traceback."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _bench(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "devtools.bench", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=60)


def test_help_names_sizes_and_import_rows():
    done = _bench("--help")
    assert done.returncode == 0
    assert "--import-rows" in done.stdout and "1603" in done.stdout and "20000" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_size_that_is_not_a_number_is_refused_in_words():
    done = _bench("many")
    assert done.returncode == 2
    assert "sizes must be whole numbers" in done.stderr
    assert "Traceback" not in done.stderr
