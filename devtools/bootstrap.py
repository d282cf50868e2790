"""Set up a fresh machine: system packages and the virtual environment.

Runs with the system's python3 and the standard library only (it is what
`make` calls before anything is installed).  Usage:

    python3 devtools/bootstrap.py system [--browser]   # graphviz, CJK font (+ chromium)
    python3 devtools/bootstrap.py venv .venv           # venv with pinned packages
    python3 devtools/bootstrap.py editor [.venv]       # the web editor's files (decap-cms, npm)
    python3 devtools/bootstrap.py validator [.venv]    # Java + the Nu HTML Checker (vnu-jar, npm) for the tests
"""

from __future__ import annotations

import io
import os
import re
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
    if os.name == "nt":  # Windows: no apt-get; Graphviz is the one program the build needs
        if not shutil.which("dot"):
            sys.exit("缺少 Graphviz / missing Graphviz: winget install Graphviz.Graphviz "
                     "(or https://graphviz.org/download/), then open a new terminal so that `dot` is on PATH")
        return
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
    python = path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        result = subprocess.run([sys.executable, "-m", "venv", str(path)])
        if result.returncode != 0:  # Debian ships venv separately
            shutil.rmtree(path, ignore_errors=True)
            version = f"{sys.version_info.major}.{sys.version_info.minor}"
            _apt_install([f"python{version}-venv"])
            subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    quiet_locations([*pip, "-c", str(LOCK), "-e", f"{ROOT}[test]"])
    editor(target, required=False)


# pip's warning about an index or find-links location of the machine's pip
# configuration that does not exist ("WARNING: Location 'file:///opt/…/simple/
# pydantic-core/' is ignored: it is neither a file nor a directory."): once per
# package, 118 lines in county trial 2 (#10), saying nothing about this project.
_LOCATION_IGNORED = re.compile(r"^WARNING: Location '[^']*' is ignored: ")


def quiet_locations(command: list[str]) -> None:
    """Run ``command`` (a pip call) with its output passed through, except
    pip's warnings that a configured location is ignored (``_LOCATION_IGNORED``);
    every other line, errors included, is kept.  Raises
    subprocess.CalledProcessError when the command fails (as ``check=True``)."""
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, errors="replace")
    for line in process.stderr:
        if not _LOCATION_IGNORED.match(line):
            sys.stderr.write(line)
            sys.stderr.flush()
    if process.wait():
        raise subprocess.CalledProcessError(process.returncode, command)


def editor(target: str, required: bool = True) -> None:
    """The web editor's program (devtools/decap_fetch.py) into the venv; during
    ``venv`` a failed download is a warning (the build then skips the editor)."""
    sys.path.insert(0, str(ROOT / "devtools"))
    import decap_fetch
    try:
        decap_fetch.fetch(ROOT / target)
    except decap_fetch.FetchError as exc:
        if required:
            sys.exit(str(exc))
        print(f"{exc}\n（网页编辑器暂不可用 / the web editor is skipped; retry: python3 devtools/bootstrap.py editor）",
              file=sys.stderr)


VNU = ROOT / "devtools" / "vnu"  # package.json + package-lock.json pinning vnu-jar (its sha512)


def validator(target: str) -> None:
    """The Nu HTML Checker for tests/site/test_html_valid.py: Debian's Java
    (default-jre-headless) and ``vnu.jar`` from the npm package ``vnu-jar``,
    at the version and sha512 that devtools/vnu/package-lock.json pins, fetched
    from the npm registry's tarball with the standard library (no Node.js
    needed) into ``<venv>/share/vnu/node_modules/vnu-jar/build/dist/vnu.jar``
    (kept while the lock has not changed).  The package's postinstall script,
    which would download a Java of its own, is never run."""
    import json
    import tarfile
    if os.name != "nt" and not shutil.which("java"):
        _apt_install(["default-jre-headless"])
    folder = ROOT / target / "share" / "vnu"
    jar = folder / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    lock = (VNU / "package-lock.json").read_text()
    if (folder / "package-lock.json").is_file() and (folder / "package-lock.json").read_text() == lock \
            and jar.is_file():
        return
    entry = json.loads(lock)["packages"]["node_modules/vnu-jar"]
    sys.path.insert(0, str(ROOT / "devtools"))
    import decap_fetch
    try:
        data = decap_fetch.download(entry.get("resolved") or
                                f"{decap_fetch.REGISTRY}/vnu-jar/-/vnu-jar-{entry['version']}.tgz")
        decap_fetch.verify(data, entry["integrity"], f"vnu-jar {entry['version']}")
    except decap_fetch.FetchError as exc:
        sys.exit(str(exc))
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        member = archive.getmember("package/build/dist/vnu.jar")
        jar.parent.mkdir(parents=True, exist_ok=True)
        jar.write_bytes(archive.extractfile(member).read())
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(VNU / name, folder / name)


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("system", "venv", "editor", "validator"):
        sys.exit(__doc__)
    if sys.argv[1] == "system":
        system(browser="--browser" in sys.argv)
    elif sys.argv[1] == "validator":
        validator(sys.argv[2] if len(sys.argv) > 2 else ".venv")
    elif sys.argv[1] == "editor":
        editor(sys.argv[2] if len(sys.argv) > 2 else ".venv")
    else:
        venv(sys.argv[2] if len(sys.argv) > 2 else ".venv")
