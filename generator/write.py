"""Stage 5 — write: build the site into a temporary folder and swap it in.

A failed build never leaves a broken or half-written site: the previous
``site/`` stays untouched until the new one is complete.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def build_site(root: Path, config_file: str = "mkdocs.yml", site_dir: str = "site") -> None:
    """Run the MkDocs build into a sibling temp folder, then rename it into place.

    Raises whatever MkDocs raises; the caller reports it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = root.resolve()
    target = root / site_dir
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
    shutil.rmtree(old, ignore_errors=True)
