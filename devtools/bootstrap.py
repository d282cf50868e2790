"""Set up a fresh machine: system packages and the virtual environment.

Runs with the system's python3 and the standard library only (it is what
`make` calls before anything is installed).  Usage:

    python3 devtools/bootstrap.py system [--browser]   # graphviz, CJK font (+ chromium)
    python3 devtools/bootstrap.py venv .venv           # venv with pinned packages
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"


def _has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    return bool(out.strip())


def _apt_install(packages: list[str]) -> None:
    command = "apt-get update && apt-get install -y --no-install-recommends " + " ".join(packages)
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit("缺少系统软件包 / missing system packages: " + " ".join(packages) +
                 f"\n请先运行 / please run:\n    sudo sh -c '{command}'")
    print(f"installing {' '.join(packages)} …", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages], check=True, env=env)


def system(browser: bool) -> None:
    wanted = []
    if not shutil.which("dot"):
        wanted.append("graphviz")
    if not _has_cjk_font():
        wanted += ["fontconfig", "fonts-wqy-microhei"]
    if browser and not shutil.which("chromium"):
        wanted.append("chromium")
    if wanted:
        _apt_install(wanted)


def venv(target: str) -> None:
    path = ROOT / target
    python = path / "bin" / "python"
    if not python.exists():
        result = subprocess.run([sys.executable, "-m", "venv", str(path)])
        if result.returncode != 0:  # Debian ships venv separately
            shutil.rmtree(path, ignore_errors=True)
            version = f"{sys.version_info.major}.{sys.version_info.minor}"
            _apt_install([f"python{version}-venv"])
            subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-c", str(LOCK), "-e", f"{ROOT}[test]"], check=True)


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("system", "venv"):
        sys.exit(__doc__)
    if sys.argv[1] == "system":
        system(browser="--browser" in sys.argv)
    else:
        venv(sys.argv[2] if len(sys.argv) > 2 else ".venv")
