"""A small git repository of the mini catalogue, built commit by commit in a
test with the real ``git`` (tests/sources/test_history.py, tests/site/test_history_site.py)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from mini_catalogue import ITEM, ONLINE_ITEM, copy_demo, copy_mini

RENAMED = "items/civil-affairs/992002009000.yaml"



def git(root: Path, *args: str) -> str:
    """stdout of ``git ARGS`` in ``root``, as a fixed test author (no signing); raises on failure."""
    return subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=test@example.com",
                           "-c", "commit.gpgsign=false", "-C", str(root), *args],
                          check=True, capture_output=True, text=True).stdout


def commit(root: Path, message: str) -> str:
    """Everything in ``root``'s working tree committed; returns the commit id."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


def committed(root: Path) -> Path:
    """``root`` made a git repository with everything in it committed once
    (what "the last commit" holds in the clerk-trial tests); returns ``root``."""
    git(root, "init", "-q")
    commit(root, "base")
    return root


def committed_demo(tmp_path: Path) -> Path:
    """The demo catalogue copied under ``tmp_path`` and committed once."""
    return committed(copy_demo(tmp_path))


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root

    def git(self, *args: str, date: str = "2026-01-05T10:00:00+08:00") -> str:
        env = dict(os.environ, GIT_AUTHOR_NAME="编辑", GIT_AUTHOR_EMAIL="editor@example.cn",
                   GIT_COMMITTER_NAME="编辑", GIT_COMMITTER_EMAIL="editor@example.cn",
                   GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, GIT_CONFIG_NOSYSTEM="1", HOME=str(self.root))
        return subprocess.run(["git", *args], cwd=self.root, env=env, check=True, capture_output=True,
                              text=True).stdout

    def commit(self, message: str, date: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=date)

    def path(self, relative: str) -> Path:
        return self.root / relative

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.path(relative)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{relative} no longer contains {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def rename(self, old: str, new: str, code_before: str, code_after: str) -> None:
        self.edit(old, f'code: "{code_before}"', f'code: "{code_after}"')
        self.git("mv", old, new)


def new_repo(tmp_path: Path, prepare=None) -> Repo:
    """The mini catalogue committed once (2026-01-05); ``prepare(root)`` may
    change the copy first (e.g. the site configuration)."""
    root = copy_mini(tmp_path)
    if prepare is not None:
        prepare(root)
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    (root / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    repo.commit("初始目录", "2026-01-05T10:00:00+08:00")
    return repo


PHOTO = """  - name: 近期免冠照片
    necessity: required
    form: paper
    original: original
    copies: 1
    source: applicant
"""


def edit_item(repo: Repo) -> None:
    """2026-02-02: the ID card item promises 5 working days instead of 15 and asks for a photo."""
    repo.edit(ITEM, "promised: {value: 15, unit: working_days}", "promised: {value: 5, unit: working_days}")
    repo.edit(ITEM, "materials:\n", "materials:\n" + PHOTO)
    repo.commit("身份证承诺时限缩短", "2026-02-02T09:00:00+08:00")


def rename_item(repo: Repo) -> None:
    """2026-03-02: the allowance item gets a new code."""
    repo.rename(ONLINE_ITEM, RENAMED, "992002001000", "992002009000")
    repo.commit("高龄津贴改编码", "2026-03-02T09:00:00+08:00")


RETIRE = ("status: cancelled\ncancelled_date: 2026-03-31\nstatus_reason: 依据示范市政府决定取消，改为主动发放。\n"
          "replaced_by: \"990101001000\"\n")


def retire_item(repo: Repo, relative: str = RENAMED, date: str = "2026-04-01T09:00:00+08:00") -> None:
    repo.edit(relative, "item_type: public_service\n", "item_type: public_service\n" + RETIRE)
    repo.commit("取消高龄津贴申领", date)
