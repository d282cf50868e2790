"""What the history step (generator/sources/history.py) costs at n items.

A synthetic catalogue (devtools/synthetic.py) is committed as one initial
import, then ``EDIT_COMMITS`` commits each change 1 % of the items (their
promised time limit and a material), plus one rename, one retirement and
one removal of the retired item.  Measured:

cold      ``read_history`` with an empty cache: the ``git log --raw`` pass,
          every blob needed through one ``git cat-file --batch``, the
          descriptions, the per-commit cache written;
warm      ``read_history`` again: the log pass and the cache files only (a
          build after a new commit reads just that commit's blobs);
checks    the removal and reuse rules (checks/lifecycle.py) on the result.

Why the ``git`` command and not dulwich or pygit2: the work is one log pass
and a stream of blobs, which git does in C in two processes; a library
would walk and inflate every tree object in Python (dulwich) or add a
compiled dependency (pygit2) for the same two operations.

    python -m devtools.bench_history 1603 20000
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EDIT_COMMITS = 10


def _git(root: Path, *args: str, date: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.cn", GIT_COMMITTER_NAME="bench",
               GIT_COMMITTER_EMAIL="bench@example.cn", GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date,
               GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def make_repo(root: Path, n: int) -> Path:
    """The synthetic catalogue of ``n`` items with a history of edits."""
    from devtools.synthetic import write_synthetic
    write_synthetic(root, n)
    _git(root, "init", "-q", "-b", "main", date="2026-01-05T09:00:00+08:00")
    (root / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    _git(root, "add", "-A", date="2026-01-05T09:00:00+08:00")
    _git(root, "commit", "-q", "-m", "import", date="2026-01-05T09:00:00+08:00")
    files = sorted((root / "items").rglob("*.yaml"))
    step = max(1, len(files) // 100)
    for c in range(EDIT_COMMITS):
        date = f"2026-02-{c + 1:02d}T09:00:00+08:00"
        for path in files[c % step::step]:
            text = path.read_text(encoding="utf-8")
            text = text.replace("materials:\n", f"materials:\n- name: 补充材料{c}\n  necessity: required\n", 1)
            path.write_text(text, encoding="utf-8")
        _git(root, "commit", "-q", "-am", f"edit {c}", date=date)
    first, last = files[0], files[-1]
    _git(root, "mv", str(first), str(first.with_name("RENAMED" + first.name)), date="2026-03-01T09:00:00+08:00")
    _git(root, "commit", "-q", "-m", "rename", date="2026-03-01T09:00:00+08:00")
    last.write_text(last.read_text(encoding="utf-8") + "status: cancelled\ncancelled_date: 2026-03-01\n"
                    "status_reason: bench\n", encoding="utf-8")
    _git(root, "commit", "-q", "-am", "retire", date="2026-03-02T09:00:00+08:00")
    last.unlink()
    _git(root, "commit", "-q", "-am", "remove", date="2026-03-03T09:00:00+08:00")
    return root


def measure(n: int, work: Path | None = None) -> dict:
    from generator.checks import lifecycle
    from generator.sources.history import CACHE, read_history

    with tempfile.TemporaryDirectory(prefix=f"history-{n}-", dir=work) as folder:
        root = make_repo(Path(folder) / "catalogue", n)
        shutil.rmtree(root / CACHE, ignore_errors=True)
        t = time.perf_counter()
        history = read_history(root)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        history = read_history(root)
        warm = time.perf_counter() - t
        present = {p.stem: (p.relative_to(root).as_posix(), "") for p in (root / "items").rglob("*.yaml")}
        t = time.perf_counter()
        problems, _ = lifecycle.problems(history, present)
        checks = time.perf_counter() - t
        return {"n": n, "commits": EDIT_COMMITS + 4, "changes": len(history.changes), "cold_seconds": cold,
                "warm_seconds": warm, "check_seconds": checks, "problems": len(problems)}


def table(results: list[dict]) -> list[tuple[str, str, str, str]]:
    rows = []
    for r in results:
        h = r.get("history")
        if not h:
            continue
        rows += [
            (f"[{h['n']}] history from git, cold ({h['commits']} commits, {h['changes']} changes)",
             f"{h['cold_seconds']:.2f} s", "", ""),
            (f"[{h['n']}] history from git, cached", f"{h['warm_seconds']:.2f} s", "", ""),
            (f"[{h['n']}] removal and reuse checks", f"{h['check_seconds']:.3f} s", "", ""),
        ]
    return rows


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1603, 20000]
    results = [{"history": measure(n)} for n in sizes]
    for figure, value, _, _ in table(results):
        print(f"{figure:<70} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
