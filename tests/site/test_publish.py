"""Where and how the site is published (issue 12): mkdocs.yml's site_dir, a
site folder that is a symlink to a web root, a whole site at every moment
(atomic exchange, a build killed at each step), leftovers of killed builds,
and Chinese messages for a read-only folder or a full disk.  Real builds of
the mini catalogue with `python -m generator build`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from mini_catalogue import ITEM, REPO, copy_mini, site_config  # noqa: E402

from generator.site import swap  # noqa: E402

ENV = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8", NO_MKDOCS_2_WARNING="1",
           SOURCE_DATE_EPOCH="1767225600")
ENV.pop("GITHUB_ACTIONS", None)
CLI = [sys.executable, "-m", "generator", "--root"]


def build(root: Path, *, script: str | None = None, wrap: list[str] | None = None) -> subprocess.CompletedProcess:
    """`python -m generator build`, or *script* (which calls build_site) with
    the root as argv[1]; *wrap* runs it inside another command (unshare)."""
    args = [sys.executable, "-c", script, str(root)] if script else [*CLI, str(root), "build", "--force"]
    return subprocess.run([*(wrap or []), *args], capture_output=True, text=True, encoding="utf-8",
                          env=ENV, timeout=300, cwd=root)


def catalogue(tmp_path: Path, site_dir: str | None = None) -> Path:
    root = copy_mini(tmp_path)
    site_config(root)
    if site_dir is not None:
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        config["site_dir"] = site_dir
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def edit_item(root: Path) -> None:
    """A change that alters one page, not the set of files."""
    item = root / ITEM
    item.write_text(item.read_text(encoding="utf-8").replace("需本人到场采集人像", "须本人到场采集人像", 1),
                    encoding="utf-8")


def clean(result: subprocess.CompletedProcess) -> str:
    out = result.stdout + result.stderr
    assert "内部错误" not in out and "Traceback" not in out, out
    return out


# --- site_dir and symlinks --------------------------------------------------

def test_site_dir_of_mkdocs_yml_is_honoured(tmp_path):
    root = catalogue(tmp_path, site_dir="public/www")
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "public" / "www" / "index.html").is_file()
    assert not (root / "site").exists()
    # The stamp knows the folder: nothing changed, nothing rebuilt.
    again = subprocess.run([*CLI, str(root), "build"], capture_output=True, text=True, env=ENV, cwd=root)
    assert again.returncode == 0 and "--force" in again.stdout
    # An absolute site_dir outside the project.
    outside = tmp_path / "elsewhere" / "catalogue"
    outside.parent.mkdir()
    root2 = catalogue(tmp_path / "second", site_dir=str(outside))
    assert build(root2).returncode == 0
    assert (outside / "index.html").is_file() and not (root2 / "site").exists()


def test_a_symlinked_site_folder_publishes_into_its_target(tmp_path):
    root = catalogue(tmp_path)
    web = tmp_path / "webroot" / "catalogue"
    web.mkdir(parents=True)
    (web / "stale.html").write_text("old", encoding="utf-8")
    (root / "site").symlink_to(web, target_is_directory=True)
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "site").is_symlink() and Path(os.readlink(root / "site")) == web
    assert (web / "index.html").is_file() and not (web / "stale.html").exists()
    inode = web.stat().st_ino
    edit_item(root)
    assert build(root).returncode == 0
    assert (root / "site").is_symlink() and web.stat().st_ino != inode  # exchanged, not written into
    assert "须本人到场" in (web / "items" / "990101001000" / "index.html").read_text(encoding="utf-8")


def test_a_site_folder_that_is_the_project_or_its_parent_is_refused(tmp_path):
    root = catalogue(tmp_path)
    (root / "site").symlink_to(tmp_path, target_is_directory=True)  # the project's parent
    before = sorted(p.name for p in tmp_path.iterdir())
    result = build(root)
    assert result.returncode == 1
    assert "site_dir" in clean(result) and "整个替换" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_site_dir_naming_a_folder_of_the_project_is_refused(tmp_path):
    root = catalogue(tmp_path, site_dir="items")
    before = sorted(p.relative_to(root).as_posix() for p in (root / "items").rglob("*"))
    result = build(root)
    assert result.returncode == 1
    assert "不是以前构建的网站" in clean(result)
    assert sorted(p.relative_to(root).as_posix() for p in (root / "items").rglob("*")) == before


def test_file_system_errors_are_described_in_chinese(tmp_path):
    import errno
    from generator.site.write import _describe
    site, staging = tmp_path / "site", tmp_path / ".site-new-x1y2"
    denied = _describe(PermissionError(errno.EACCES, "Permission denied", str(staging / "items" / "a.html")), site)
    assert "没有权限写入" in denied and str(site / "items" / "a.html") in denied and ".site-new-" not in denied
    made = _describe(PermissionError(errno.EACCES, "Permission denied", str(staging)), site)
    assert f"没有权限写入 {site}。" in made
    assert "磁盘空间已满" in _describe(OSError(errno.ENOSPC, "No space left"), site)
    assert "只读" in _describe(OSError(errno.EROFS, "Read-only file system", str(site)), site)


# --- a whole site at every moment -------------------------------------------

KILL = """
import os, signal, sys
from pathlib import Path
from generator.site import flowcharts, swap, write

def die(*_, **__):
    os.kill(os.getpid(), signal.SIGKILL)

point = sys.argv[2]
if point == "during-build":          # MkDocs has written pages into the staging folder
    flowcharts.finish = die
elif point == "before-exchange":     # the new site is complete beside the old one
    swap.put_in_place = die
elif point == "after-exchange":      # the old site is in the staging folder, not yet removed
    real = swap.exchange
    def exchange(a, b):
        assert real(a, b)
        die()
    swap.exchange = exchange
elif point == "between-renames":     # the fallback without an atomic exchange
    swap.exchange = lambda a, b: False
    rename = os.rename
    def rename_then_die(a, b):
        rename(a, b)
        if "-old-" in str(b):
            die()
    os.rename = rename_then_die
elif point == "fallback":
    swap.exchange = lambda a, b: False
write.build_site(Path(sys.argv[1]))
"""


def killed_build(root: Path, point: str) -> subprocess.CompletedProcess:
    return build(root, script=KILL.replace("sys.argv[2]", repr(point)))


@pytest.mark.parametrize("point", ["during-build", "before-exchange", "after-exchange"])
def test_a_build_killed_at_any_step_leaves_a_whole_site(tmp_path, point):
    root = catalogue(tmp_path)
    assert build(root).returncode == 0
    old = tree(root / "site")
    edit_item(root)
    result = killed_build(root, point)
    assert result.returncode == -9, result.stderr
    now = tree(root / "site")
    left = swap.leftovers(root / "site")
    assert left, "the killed build left its staging folder"
    # The next build removes what the killed one left, and publishes.
    assert build(root).returncode == 0
    new = tree(root / "site")
    assert new != old and new.keys() == old.keys()
    assert now == (new if point == "after-exchange" else old)  # whole: the old site or the new one
    assert not [p for p in left if p.exists()]


def test_the_fallback_without_exchange_puts_the_old_site_back_after_a_kill(tmp_path):
    """Without renameat2 (macOS, Windows) the swap is two renames: a kill
    between them leaves no site until the next build, which puts the old
    one back first (so even a failing next build leaves a site)."""
    root = catalogue(tmp_path)
    assert build(root).returncode == 0
    old = tree(root / "site")
    edit_item(root)
    assert killed_build(root, "between-renames").returncode == -9
    assert not (root / "site").exists()
    # The next build is killed too, before it has a new site: the old one is back.
    assert killed_build(root, "during-build").returncode == -9
    assert tree(root / "site") == old
    result = killed_build(root, "fallback")  # the fallback without a kill publishes
    assert result.returncode == 0, result.stderr
    assert tree(root / "site") != old and (root / "site" / "index.html").is_file()


def test_exchange_swaps_two_folders_atomically(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "f").write_text("a"), (b / "f").write_text("b")
    if not swap.exchange(a, b):
        pytest.skip("this system has no renameat2 RENAME_EXCHANGE")
    assert (a / "f").read_text() == "b" and (b / "f").read_text() == "a"
    with pytest.raises(FileNotFoundError):
        swap.exchange(a, tmp_path / "missing")


# --- read-only folder, full disk --------------------------------------------

def _mount_namespace() -> list[str]:
    """A private mount namespace for one command (root on Linux), or skip."""
    unshare = shutil.which("unshare")
    if not unshare or subprocess.run([unshare, "-m", "true"], capture_output=True).returncode != 0:
        pytest.skip("needs a private mount namespace (unshare -m, as root)")
    return [unshare, "-m", "sh", "-ec"]


def test_a_read_only_site_folder_is_a_clear_message(tmp_path):
    web = tmp_path / "web"
    root = catalogue(tmp_path, site_dir=str(web / "site"))
    web.mkdir()
    assert build(root).returncode == 0
    old = tree(web / "site")
    edit_item(root)
    wrap = [*_mount_namespace(), f"mount --bind {web} {web}; mount -o remount,bind,ro {web}; exec \"$@\"", "sh"]
    result = build(root, wrap=wrap)
    assert result.returncode == 1
    out = clean(result)
    assert "只读" in out and str(web / "site") in out
    assert tree(web / "site") == old


def test_a_full_disk_is_a_clear_message_and_keeps_the_old_site(tmp_path):
    web = tmp_path / "web"
    web.mkdir()
    root = catalogue(tmp_path, site_dir=str(web / "site"))
    build_cmd = " ".join([*CLI, str(root), "build", "--force"])
    # In a private mount namespace: an 8 MB disk, a first build, then the
    # disk filled up and a second build; the results are copied out.
    script = f"""
        mount -t tmpfs -o size=8m tmpfs {web}
        {build_cmd} > {tmp_path}/first.log 2>&1
        cp -r {web}/site {tmp_path}/before
        dd if=/dev/zero of={web}/ballast bs=16k 2>/dev/null || true
        set +e
        {build_cmd} > {tmp_path}/second.log 2>&1
        echo $? > {tmp_path}/second.rc
        cp -r {web}/site {tmp_path}/after
    """
    result = subprocess.run([*_mount_namespace(), script], capture_output=True, text=True, env=ENV,
                            timeout=300, cwd=root)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "before" / "index.html").is_file(), (tmp_path / "first.log").read_text()
    second = (tmp_path / "second.log").read_text(encoding="utf-8")
    assert (tmp_path / "second.rc").read_text().strip() == "1", second
    assert "磁盘空间已满" in second and "内部错误" not in second and "Traceback" not in second
    assert tree(tmp_path / "after") == tree(tmp_path / "before")
