"""Stage 5 — write: build the site into a temporary folder and swap it in.

A failed build never leaves a broken or half-written site: the previous
``site/`` stays untouched until the new one is complete.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from importlib import metadata
from pathlib import Path

STAMP = Path(".cache") / "build-stamp.json"
# Not inputs of the site: outputs, caches, tooling and tests.
NOT_INPUTS = {".cache", ".git", ".venv", "bench", "tests", "node_modules", "__pycache__"}
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pyyaml", "pydantic", "segno", "pymdown-extensions")


def fingerprint(root: Path, site_dir: str = "site") -> str:
    """A hash of everything a build reads: the project's files (path, size,
    modification time), this package's code, the versions of the libraries
    and of dot, and the build date (MkDocs puts it into the sitemap)."""
    h = hashlib.sha256()

    def files(top: Path, skip: set[str]):
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d not in skip and not d.startswith("."))
            for name in sorted(names):
                yield Path(folder) / name

    for base, skip in ((root, NOT_INPUTS | {site_dir}), (Path(__file__).parent.parent, {"__pycache__"})):
        for path in files(base, skip):
            st = path.stat()
            h.update(f"{path.relative_to(base).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    for package in PACKAGES:
        try:
            h.update(f"{package}={metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            pass
    dot = shutil.which("dot")
    if dot:
        h.update(f"dot={os.stat(dot).st_mtime_ns}\n".encode())
    h.update((os.environ.get("SOURCE_DATE_EPOCH") or dt.date.today().isoformat()).encode())
    return h.hexdigest()


def _site_identity(target: Path) -> list[int]:
    st = target.stat()
    return [st.st_ino, st.st_mtime_ns]


def up_to_date(root: Path, site_dir: str = "site") -> bool:
    """True when site/ is the output of a build of exactly the current inputs."""
    root = root.resolve()
    try:
        stamp = json.loads((root / STAMP).read_text(encoding="utf-8"))
        return (stamp["inputs"] == fingerprint(root, site_dir)
                and stamp["site"] == _site_identity(root / site_dir))
    except (OSError, ValueError, KeyError):
        return False


def _remove_later(old: Path) -> None:
    """Delete the replaced site without making the build wait for it (tens of
    thousands of files): the new site is already in place.  A folder left by
    an interrupted removal is removed by the next build."""
    for stale in old.parent.glob(old.name.rsplit("-", 1)[0] + "-*"):
        if stale != old:
            shutil.rmtree(stale, ignore_errors=True)
    rm = shutil.which("rm")
    if not old.exists():
        return
    if rm and os.name == "posix":
        subprocess.Popen([rm, "-rf", str(old)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    else:
        shutil.rmtree(old, ignore_errors=True)


def build_site(root: Path, config_file: str = "mkdocs.yml", site_dir: str = "site") -> None:
    """Run the MkDocs build into a sibling temp folder, then rename it into place.

    Raises whatever MkDocs raises; the caller reports it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = root.resolve()
    target = root / site_dir
    inputs = fingerprint(root, site_dir)  # before: an edit during the build means a rebuild next time
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir}-new-", dir=root))
    try:
        config = load_config(config_file=str(root / config_file), site_dir=str(staging))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    old = root / f".{site_dir}-old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    _remove_later(old)
    (root / STAMP).parent.mkdir(parents=True, exist_ok=True)
    (root / STAMP).write_text(json.dumps({"inputs": inputs, "site": _site_identity(target)}), encoding="utf-8")
