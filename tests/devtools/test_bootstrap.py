"""``make setup``'s bootstrap (devtools/bootstrap.py): pip's warnings about the
machine's configured package locations that do not exist are not passed on
(county trial 2, #10: 118 lines of ``WARNING: Location … is ignored``);
pip's errors are, and a failed pip still fails the set-up."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from devtools import bootstrap


def test_pip_location_warnings_are_dropped_and_errors_kept(capfd, monkeypatch):
    # A real pip, offline: an index that is a file:// folder that does not exist.
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--no-cache-dir", "--disable-pip-version-check",
               "-q", "--index-url", "file:///nonexistent/osc-bootstrap/simple", "osc-no-such-package"]
    raw = subprocess.run(command, capture_output=True, text=True)
    assert "WARNING: Location 'file:///nonexistent/osc-bootstrap/simple/" in raw.stderr  # what pip says
    with pytest.raises(subprocess.CalledProcessError):
        bootstrap.quiet_locations(command)
    err = capfd.readouterr().err
    assert "is ignored" not in err
    assert "ERROR: Could not find a version that satisfies the requirement osc-no-such-package" in err


def test_other_warnings_pass_through(capfd):
    script = ("import sys; sys.stderr.write(\"WARNING: Location 'file:///x/' is ignored: it is neither a file "
              "nor a directory.\\nWARNING: something else\\n\")")
    bootstrap.quiet_locations([sys.executable, "-c", script])
    assert capfd.readouterr().err == "WARNING: something else\n"
