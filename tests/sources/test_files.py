"""Files: nothing is read through a link out of the repository, and nothing
under items/ or content/ is silently left unread (generator/sources/files.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mini_catalogue import ITEM, MINI, REPO, check, copy_mini, run_cli, site_config

SECRET = "SECRET_VALUE_7c1e"


def outside_file(tmp_path: Path, name: str = "outside.yaml") -> Path:
    """A file outside the catalogue: a valid-looking item holding a secret."""
    path = tmp_path / "elsewhere" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (MINI / ITEM).read_text(encoding="utf-8")
    path.write_text(text.replace("name: 居民身份证首次申领", f"name: {SECRET}\n{SECRET}_key: {SECRET}"),
                    encoding="utf-8")
    return path


def problems_of(root: Path, file: str):
    return [p for p in check(root) if p.file == file]


def test_symlinked_item_outside_is_refused_and_not_read(tmp_path):
    root = copy_mini(tmp_path)
    link = root / "items" / "public-security" / "990101009000.yaml"
    link.symlink_to(outside_file(tmp_path))
    result = run_cli(root, "check")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "items/public-security/990101009000.yaml:1:1: 错误 这是指向仓库以外的符号链接，没有读取。" in result.stdout
    assert SECRET not in output
    assert "内部错误" not in output


def test_symlinked_registry_outside_is_refused(tmp_path):
    root = copy_mini(tmp_path)
    proofs = root / "content" / "proofs.yaml"
    target = tmp_path / "elsewhere" / "proofs.yaml"
    target.parent.mkdir()
    target.write_text(f"- id: x\n  name: {SECRET}\n  {SECRET}: 1\n", encoding="utf-8")
    proofs.unlink()
    proofs.symlink_to(target)
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert "content/proofs.yaml:1:1: 错误 这是指向仓库以外的符号链接" in result.stdout
    assert SECRET not in result.stdout + result.stderr


def test_symlink_inside_the_repository_is_followed(tmp_path):
    root = copy_mini(tmp_path)
    shared = root / "shared" / "990101001000.yaml"
    shared.parent.mkdir()
    shutil.move(root / ITEM, shared)
    (root / ITEM).symlink_to(Path("../../shared/990101001000.yaml"))
    assert check(root) == []


def test_dangling_symlinks_are_reported(tmp_path):
    root = copy_mini(tmp_path)
    (root / "items" / "public-security" / "990101009000.yaml").symlink_to(root / "nothing.yaml")
    (root / "content" / "gone.md").symlink_to(root / "nothing.md")
    result = run_cli(root, "check")
    assert result.returncode == 1, result.stdout
    for file in ("items/public-security/990101009000.yaml", "content/gone.md"):
        assert f"{file}:1:1: 错误 这是一个指向不存在文件的符号链接。" in result.stdout
    assert "内部错误" not in result.stdout + result.stderr


def test_symlinked_folders_under_items(tmp_path):
    root = copy_mini(tmp_path)
    (root / "items" / "linked").symlink_to(root / "items" / "public-security")
    (root / "items" / "etc").symlink_to(tmp_path)  # outside the catalogue
    found = {p.file: p.message for p in check(root)}
    assert "符号链接，其中的事项不会被读取" in found["items/linked"]
    assert "仓库以外" in found["items/etc"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files without permission")
def test_unreadable_files_are_reported(tmp_path):
    root = copy_mini(tmp_path)
    page = root / "content" / "secret.md"
    page.write_text("# x\n", encoding="utf-8")
    page.chmod(0)
    (root / ITEM).chmod(0)
    try:
        result = run_cli(root, "check")
    finally:
        page.chmod(0o644)
        (root / ITEM).chmod(0o644)
    assert result.returncode == 1
    assert "content/secret.md:1:1: 错误 没有读取权限" in result.stdout
    assert f"{ITEM}:1:1: 错误" in result.stdout
    assert "内部错误" not in result.stdout + result.stderr


@pytest.mark.parametrize("name,severity,says", [
    ("990101009000.YAML", "error", "改名为 990101009000.yaml"),
    ("990101009000.yaml.txt", "error", "改名为 990101009000.yaml"),
    ("990101009000.json", "error", "请移出 items/"),
    ("notes.docx", "error", "请移出 items/"),
    (".DS_Store", "warning", "请移出 items/"),
])
def test_stray_files_under_items(tmp_path, name, severity, says):
    root = copy_mini(tmp_path)
    (root / "items" / "public-security" / name).write_text("name: x\n", encoding="utf-8")
    found = problems_of(root, f"items/public-security/{name}")
    assert len(found) == 1, found
    assert found[0].severity == severity and "不会被读取" in found[0].message and says in found[0].hint


@pytest.mark.parametrize("name", ["README.md", "public-security/.gitkeep", "public-security/990101009000.yml"])
def test_allowed_files_under_items(tmp_path, name):
    root = copy_mini(tmp_path)
    path = root / "items" / name
    path.write_text((root / ITEM).read_text(encoding="utf-8").replace('"990101001000"', '"990101009000"')
                    if name.endswith(".yml") else "说明\n", encoding="utf-8")
    assert not [p for p in problems_of(root, f"items/{name}") if "不会被读取" in p.message]


@pytest.mark.parametrize("name,says", [
    ("departments.yml", "改名为 departments.yaml"),
    ("Offices.YAML", "改名为 Offices.yaml"),
    ("life-events/move-house.yml", "改名为 move-house.yaml"),
    ("reference/notes.yaml", "不是登记表"),
])
def test_misplaced_data_files_under_content(tmp_path, name, says):
    root = copy_mini(tmp_path)
    path = root / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("- id: x\n", encoding="utf-8")
    found = problems_of(root, f"content/{name}")
    assert len(found) == 1 and found[0].is_error and says in found[0].message + found[0].hint, found


def test_pages_and_assets_under_content_are_not_reported(tmp_path):
    root = copy_mini(tmp_path)
    (root / "content" / "guide.md").write_text("# 指南\n", encoding="utf-8")
    (root / "content" / "assets").mkdir(exist_ok=True)
    (root / "content" / "assets" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (root / "content" / "assets" / "data.json").write_text("{}", encoding="utf-8")
    assert check(root) == []


def test_page_linked_outside_is_left_out_of_the_site(tmp_path):
    """A real MkDocs build: the outside page is neither published nor read."""
    root = copy_mini(tmp_path)
    site_config(root)
    secret = tmp_path / "elsewhere" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(f"# {SECRET}\n", encoding="utf-8")
    (root / "content" / "leak.md").symlink_to(secret)
    (root / "content" / "assets").mkdir(exist_ok=True)  # a catalogue's own assets (the shipped ones are theme/'s)
    (root / "content" / "assets" / "leak.css").symlink_to(secret)
    (root / "content" / "gone.md").symlink_to(root / "nothing.md")  # dangling: the build's fingerprint lstat()s
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert "content/leak.md:1:1: 错误 这是指向仓库以外的符号链接" in output
    assert "content/gone.md:1:1: 错误 这是一个指向不存在文件的符号链接" in output
    assert "Traceback" not in output and "内部错误" not in output
    site = root / "site"
    assert not (site / "leak").exists() and not (site / "assets" / "leak.css").exists()
    # The theme's files come from outside the catalogue (Material's package, the shipped theme/) and are published.
    assert list((site / "assets" / "stylesheets").glob("main.*.css")) and (site / "assets" / "catalogue.css").is_file()
    assert not [p for p in site.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]


def test_named_pipes_are_reported_not_read(tmp_path):
    # Reading a pipe never ends: neither the check nor the build may open one.
    root = copy_mini(tmp_path)
    os.mkfifo(root / "items" / "public-security" / "990101009000.yaml")
    os.mkfifo(root / "content" / "pipe.md")
    proofs = root / "content" / "proofs.yaml"
    proofs.unlink()
    os.mkfifo(proofs)
    result = run_cli(root, "check", timeout=30)
    assert result.returncode == 1
    for file in ("items/public-security/990101009000.yaml", "content/pipe.md", "content/proofs.yaml"):
        assert f"{file}:1:1: 错误 这不是普通文件" in result.stdout, result.stdout
