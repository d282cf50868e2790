"""Issue 18: a county's fork stays green, and upstream's changes of the demo
city merge into it without a conflict.

With real git and the project's real history: "upstream" is a ``git clone``
of this repository (every commit it holds, the demo city's old life in the
top-level ``items/`` included; a shallow checkout gives what it has), with
the working tree's project files laid over it in one more commit (the code
under test; not the tests, benchmarks or docs).  A clone of it is the
county's fork, which puts its catalogue in ``catalogue/`` (a copy of
tests/fixtures/fork: its mkdocs.yml, items/, content/ and search queries), a
folder upstream never creates, and keeps ``examples/`` as it is.  ``python -m
generator check`` from the fork's top (no ``--root``: ``catalogue/`` is the
default catalogue) passes with the county's 7 items and no history error,
and the history the build reads (sources/history.py) is the county's own:
its commits only, no demo code.  Upstream then changes the demo (an item
edited, one cancelled in a commit and deleted in the next, one renamed, a new
department with a new item, its search queries and its mkdocs.yml edited),
and the fork runs ``git merge``: no conflict, the county's files byte for
byte as they were, ``check`` still green.  No site is built.

Run inside a county's fork (its own ``make test``), "upstream" is the fork's
history without ``catalogue/`` (without_the_forks_catalogue): the county's
catalogue and the commits that only touched it are not upstream's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mini_catalogue import REPO

FORK = Path(__file__).resolve().parent / "fixtures" / "fork"
# The county's catalogue, in catalogue/ of its fork (generator.config.FORK_CATALOGUE).
COUNTY = ("mkdocs.yml", "items", "content", "search_queries.yaml")
PLACE = "catalogue"
# Not needed to check a catalogue: the clone keeps its committed copy, the working tree's is not laid over it.
LEFT_OUT = ("tests", "bench", "docs")
DEMO = "examples/demo-city"


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, timeout=60)


def commit(repo: Path, message: str) -> None:
    for args in (("add", "-A"), ("commit", "-q", "-m", message)):
        done = git(repo, *args)
        assert done.returncode == 0, done.stdout + done.stderr


def project_files() -> list[str]:
    """The project's files as git knows them in this working tree (committed or
    not, not ignored), without LEFT_OUT and a fork's catalogue/; files deleted
    in the tree are skipped."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True, check=True).stdout.decode("utf-8")
    return [name for name in listed.split("\0") if name and name.split("/")[0] not in (*LEFT_OUT, PLACE)
            and "__pycache__" not in name and (REPO / name).is_file()]


def snapshot(fork: Path) -> dict[str, bytes]:
    """Every file of the county's catalogue in ``fork``: path -> bytes."""
    files, root = {}, fork / PLACE
    for name in COUNTY:
        path = root / name
        for file in ([path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())):
            files[file.relative_to(root).as_posix()] = file.read_bytes()
    return files


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cancel_an_item(upstream: Path) -> None:
    """Upstream's first commit: an item cancelled (a published item is deleted only after that)."""
    replace(upstream / DEMO / "items/surveying/992041001000.yaml", 'code: "992041001000"\n',
            'code: "992041001000"\nstatus: cancelled\ncancelled_date: 2026-11-01\nstatus_reason: 示例：事项调整。\n')


def change_the_demo(upstream: Path) -> None:
    """What upstream does to its example next: every kind of change an item
    file, a registry, a life event, the search queries and mkdocs.yml can get."""
    demo = upstream / DEMO
    replace(demo / "items/library/992034001000.yaml", "name: 读者证办理", "name: 读者证办理（含少儿读者证）")
    (demo / "items/surveying/992041001000.yaml").unlink()
    replace(demo / "search_queries.yaml", '- query: 房子测面积\n  expect: "992041001000"\n  note: 房产测绘\n', "")
    notary, renamed = demo / "items/notary", "12990100MB000001683992033001000"  # by its implementation code
    (notary / "992033001000.yaml").rename(notary / f"{renamed}.yaml")
    replace(demo / "content/life-events/after-death.yaml", 'items: ["992033001000"]', f'items: ["{renamed}"]')
    replace(demo / "search_queries.yaml", 'expect: "992033001000"', f'expect: "{renamed}"')
    new = (demo / "items/library/992034001000.yaml").read_text(encoding="utf-8")
    new = new.replace('code: "992034001000"', 'code: "992042001000"', 1).replace("name: 读者证办理（含少儿读者证）", "name: 档案查阅", 1)
    (demo / "items/archives").mkdir()
    (demo / "items/archives/992042001000.yaml").write_text(new, encoding="utf-8")
    with (demo / "content/departments.yaml").open("a", encoding="utf-8") as f:
        f.write("\n- id: archives\n  name: 示范市档案馆\n  codes: [\"42\"]\n  kind: institution\n")
    with (demo / "search_queries.yaml").open("a", encoding="utf-8") as f:
        f.write('- query: 查档案\n  expect: "992042001000"\n  note: 档案查阅\n')
    replace(demo / "mkdocs.yml", "site_description: 示范市公共服务事项目录和办事指南（示例数据）",
            "site_description: 示范市公共服务事项目录和办事指南（示例数据，已更新）")


def run_env() -> dict:
    """The environment of a command run in the fork: no CATALOGUE (the default
    catalogue is chosen), and the fork's own copy of the code (its folder is first on sys.path)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    for name in ("CATALOGUE", "GITHUB_ACTIONS", "PYTHONPATH"):
        env.pop(name, None)
    return env


def run_check(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args, "check"], cwd=cwd, env=run_env(),
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def without_the_forks_catalogue(clone: Path, upstream: Path) -> None:
    """``upstream``: the history of ``clone``'s main branch without the path
    ``catalogue/`` in any commit (``git fast-export -- . ':(exclude)catalogue'``
    into a new repository): when this repository is a county's fork, its
    catalogue and the commits that only touched it are the county's, not
    upstream's.  Every other commit and file is kept as it was (the same
    commit ids when no commit touched catalogue/)."""
    done = git(upstream.parent, "init", "-q", str(upstream))
    assert done.returncode == 0, done.stderr
    exported = subprocess.run(["git", "-C", str(clone), "fast-export", "--signed-tags=strip", "main", "--", ".",
                               f":(exclude){PLACE}"], capture_output=True, timeout=120)
    assert exported.returncode == 0, exported.stderr.decode(errors="replace")
    imported = subprocess.run(["git", "-C", str(upstream), "fast-import", "--quiet"], input=exported.stdout,
                              capture_output=True, timeout=120)
    assert imported.returncode == 0, imported.stderr.decode(errors="replace")
    for args in (("symbolic-ref", "HEAD", "refs/heads/main"), ("reset", "-q", "--hard", "main")):
        done = git(upstream, *args)
        assert done.returncode == 0, done.stderr


def clone_the_project(upstream: Path) -> None:
    """``upstream``: a clone of this repository (its real history; a shallow
    repository gives its commits) with the working tree's project files
    (project_files) laid over it in one more commit when they differ.  In a
    county's fork (this repository has ``catalogue/``) upstream is its history
    without catalogue/ (without_the_forks_catalogue): the project as upstream
    has it, which never creates that folder."""
    clone = upstream.with_name(upstream.name + "-clone")
    done = git(upstream.parent, "clone", "-q", "--no-hardlinks", str(REPO), str(clone))
    assert done.returncode == 0, done.stderr
    assert git(clone, "checkout", "-q", "-B", "main").returncode == 0  # a CI checkout may be detached
    if git(clone, "log", "-1", "--format=%H", "--", PLACE).stdout.strip():
        without_the_forks_catalogue(clone, upstream)
        shutil.rmtree(clone)
    else:
        clone.rename(upstream)
    wanted = set(project_files())
    for name in git(upstream, "ls-files", "-z").stdout.split("\0"):
        if name and name.split("/")[0] not in LEFT_OUT and name not in wanted:
            (upstream / name).unlink(missing_ok=True)  # deleted in the working tree
    for name in wanted:
        (upstream / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, upstream / name)
    if git(upstream, "status", "--porcelain").stdout:
        commit(upstream, "upstream: the working tree under test")


@pytest.fixture(scope="module")
def fork(tmp_path_factory):
    """(the county's fork before the merge, the county's commits)."""
    base = tmp_path_factory.mktemp("merge")
    upstream, fork = base / "upstream", base / "county"
    clone_the_project(upstream)
    assert (upstream / DEMO / "mkdocs.yml").is_file() and not (upstream / "mkdocs.yml").exists()
    assert not (upstream / PLACE).exists(), "upstream never creates catalogue/: it is the forks' folder"
    done = git(base, "clone", "-q", str(upstream), str(fork))
    assert done.returncode == 0, done.stderr
    (fork / PLACE).mkdir()
    for name in COUNTY:
        source = FORK / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, fork / PLACE / name)
    commit(fork, "county: our catalogue in catalogue/")
    ours = [git(fork, "rev-parse", "HEAD").stdout.strip()]
    return fork, ours


@pytest.fixture(scope="module")
def merged(fork):
    """(fork, the merge's result, the county's files before the merge), after
    the fork's own checks (test_the_fork_is_green_before_the_merge) ran."""
    fork, _ = fork
    upstream = fork.parent / "upstream"
    before = snapshot(fork)
    cancel_an_item(upstream)
    commit(upstream, "upstream: an item of the demo cancelled")
    change_the_demo(upstream)
    commit(upstream, "upstream: the demo changes")
    assert git(fork, "fetch", "-q", "origin").returncode == 0
    result = git(fork, "merge", "--no-edit", "origin/main")
    return fork, result, before


def county_codes() -> set[str]:
    return {p.stem for p in (FORK / "items").rglob("*.yaml")}


def assert_history_is_the_countys(fork: Path, commits: list[str]) -> None:
    """The history the build reads for the fork's catalogue (change feed,
    变更公告, retired pages, removed-without-retiring): the county's commits and items only."""
    from generator.sources.history import read_history

    history = read_history(fork / PLACE, cache=False)
    assert history.available
    keys = {c.key for c in history.changes}
    assert keys and keys <= county_codes(), keys - county_codes()
    assert {c.commit for c in history.changes} <= set(commits)
    assert not history.removed and set(history.head_files) == county_codes()


def test_the_fork_is_green_before_the_merge(fork):
    fork, ours = fork
    result = run_check(fork)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 个事项" in result.stdout, result.stdout
    assert_history_is_the_countys(fork, ours)
    # `make check` chooses the same folder (the Makefile's CATALOGUE default).
    made = subprocess.run(["make", "-n", "check"], cwd=fork, capture_output=True, text=True, env=run_env(), timeout=60)
    assert '--root "catalogue" check' in made.stdout, made.stdout + made.stderr


def test_the_top_level_holds_the_demos_old_items(fork):
    # Why catalogue/: the project's history has the demo city in items/ (before
    # commit 8ce9441), read as removed items by a fork that used ./items.
    from generator.sources.history import read_history

    fork, _ = fork
    if git(REPO, "rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        pytest.skip("a shallow clone: the demo's old commits are not in it")
    gone = read_history(fork, "items", cache=False).removed
    assert len(gone) >= 60 and not set(gone) & county_codes()


def test_a_change_of_the_demo_merges_into_a_fork_without_conflict(merged):
    fork, result, before = merged
    assert result.returncode == 0, result.stdout + result.stderr
    assert git(fork, "ls-files", "--unmerged").stdout == ""
    assert "CONFLICT" not in result.stdout
    # The merge did bring upstream's change, and left the county's catalogue as it was.
    demo = fork / DEMO
    assert (demo / "items/archives/992042001000.yaml").is_file()
    assert not (demo / "items/surveying/992041001000.yaml").exists()
    assert (demo / "items/notary/12990100MB000001683992033001000.yaml").is_file()
    assert "已更新" in (demo / "mkdocs.yml").read_text(encoding="utf-8")
    assert snapshot(fork) == before
    assert git(fork, "status", "--porcelain").stdout == ""


def test_the_fork_checks_its_own_catalogue_by_default(merged, fork):
    fork, ours = fork
    result = run_check(fork)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 个事项" in result.stdout, result.stdout
    assert "catalogue" in Path(subprocess.run(
        [sys.executable, "-c", "from generator.config import default_root; print(default_root())"],
        cwd=fork, capture_output=True, text=True, env=run_env(), timeout=60).stdout.strip()).parts
    # The merge brought upstream's commits, none of them into the county's history.
    assert_history_is_the_countys(fork, ours + [git(fork, "rev-parse", "HEAD").stdout.strip()])


def test_a_forks_own_make_test_builds_upstream_without_its_catalogue(tmp_path):
    # Run inside a county's fork (catalogue/ committed, county commits among
    # upstream's), these tests take the fork's history without catalogue/ as upstream.
    fork = tmp_path / "fork"
    assert git(tmp_path, "init", "-q", "-b", "main", str(fork)).returncode == 0
    (fork / "examples").mkdir()
    (fork / "examples" / "demo.txt").write_text("demo 1\n", encoding="utf-8")
    commit(fork, "upstream: the demo")
    (fork / PLACE / "items").mkdir(parents=True)
    (fork / PLACE / "mkdocs.yml").write_text("site_name: 县\n", encoding="utf-8")
    (fork / ".github").mkdir()
    (fork / ".github" / "CODEOWNERS").write_text("/catalogue/items/a/ @a\n", encoding="utf-8")
    commit(fork, "county: catalogue and reviewers")
    (fork / PLACE / "items" / "x.yaml").write_text("name: 某事项\n", encoding="utf-8")
    commit(fork, "county: an item")
    (fork / "examples" / "demo.txt").write_text("demo 2\n", encoding="utf-8")
    commit(fork, "upstream: the demo changed")
    upstream = tmp_path / "upstream"
    without_the_forks_catalogue(fork, upstream)
    assert git(upstream, "log", "--format=%s", "main").stdout.split("\n")[:-1] == [
        "upstream: the demo changed", "county: catalogue and reviewers", "upstream: the demo"]
    assert git(upstream, "log", "--format=%H", "--all", "--", PLACE).stdout == ""
    assert not (upstream / PLACE).exists() and git(upstream, "status", "--porcelain").stdout == ""
    assert (upstream / "examples" / "demo.txt").read_text(encoding="utf-8") == "demo 2\n"
    assert (upstream / ".github" / "CODEOWNERS").is_file()


def test_upstreams_changes_are_a_valid_demo(merged):
    # Upstream's own check of its example (its linear history: the deleted item was cancelled first).
    upstream = merged[0].parent / "upstream"
    chosen = subprocess.run([sys.executable, "-c", "from generator.config import default_root; print(default_root())"],
                            cwd=upstream, capture_output=True, text=True, env=run_env(), timeout=60)
    assert Path(chosen.stdout.strip()) == upstream / DEMO, chosen.stdout + chosen.stderr
    result = run_check(upstream)  # no mkdocs.yml at the top: the demo city
    assert result.returncode == 0, result.stdout + result.stderr
    assert "68 个事项" in result.stdout, result.stdout  # 68 - 1 deleted + 1 added
