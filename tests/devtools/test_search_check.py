"""County trial 2, #3: a county's own search query failed ``make test`` after
14 minutes, in an English traceback.  ``make search-check``
(devtools/search_check.py) runs the catalogue's search queries alone, in
Chinese, one line each with the fix, building the site first when it is
stale; and when the search gate fails in ``make test``, the run ends with
the same lines in a Chinese summary (tests/conftest.py
``pytest_terminal_summary``).  Both on a copy of the fork fixture
(tests/fixtures/fork) with one query its items do not answer."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from mini_catalogue import REPO

FORK = REPO / "tests" / "fixtures" / "fork"
ITEM = "items/health/980130001000.yaml"  # 公共场所卫生许可
MISSED = '- query: 桑拿浴室\n  expect: "980130001000"\n  note: 公共场所卫生许可\n'


def _fork(tmp_path: Path, extra: str = MISSED) -> Path:
    root = tmp_path / "county"
    shutil.copytree(FORK, root, ignore=shutil.ignore_patterns("site", ".cache"))
    with (root / "search_queries.yaml").open("a", encoding="utf-8") as f:
        f.write(extra)
    return root


def _env() -> dict:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_MKDOCS_2_WARNING="1")
    for name in ("PYTEST_ADDOPTS", "GITHUB_ACTIONS", "CATALOGUE"):
        env.pop(name, None)
    return env


def _search_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "devtools.search_check", "--root", str(root)], cwd=REPO,
                          env=_env(), capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_search_check_says_each_query_and_the_fix_then_passes_after_it(tmp_path):
    root = _fork(tmp_path, MISSED + '- query: 办证\n  expect: "980199999000"\n')
    first = _search_check(root)
    assert first.returncode == 1, first.stdout + first.stderr
    lines = first.stdout.strip().splitlines()
    assert lines[0].startswith("网站已构建：发布 7 个事项")  # missing site: built first, its summary only
    text = (root / "search_queries.yaml").read_text(encoding="utf-8").split("\n")
    said = {int(m.group(1)): line for line in lines if (m := re.match(r"search_queries\.yaml:(\d+): ", line))}
    assert len(said) == 6 and all(text[n - 1].startswith("- query:") for n in said)
    assert sum("通过：搜索" in line and "排在第 1 名" in line for line in said.values()) == 4
    missed = next(line for line in said.values() if "桑拿浴室" in line)
    assert "没通过" in missed and "“公共场所卫生许可”（980130001000）不在前 3 名" in missed
    assert f"怎么改：在事项文件 {ITEM} 的 aliases 中加上" in missed and "content/synonyms.yaml" in missed
    absent = next(line for line in said.values() if "980199999000" in line)
    assert "不在网站上" in absent and "改 search_queries.yaml" not in absent and "expect" in absent
    assert lines[-1] == "搜索查询有 2 条没通过（共 6 条）：按上面各行的“怎么改”修改，再运行 make search-check。"

    # The fix it names: the alias in the item's file (and the wrong query removed); the site is stale, so rebuilt.
    item = root / ITEM
    item.write_text(item.read_text(encoding="utf-8").replace("aliases: [卫生许可证, 开店卫生证]",
                                                             "aliases: [卫生许可证, 开店卫生证, 桑拿浴室]"), encoding="utf-8")
    queries = root / "search_queries.yaml"
    queries.write_text(queries.read_text(encoding="utf-8").replace('- query: 办证\n  expect: "980199999000"\n', ""),
                       encoding="utf-8")
    second = _search_check(root)
    assert second.returncode == 0, second.stdout + second.stderr
    out = second.stdout.strip().splitlines()
    assert out[0].startswith("网站已构建") and "桑拿浴室”，“公共场所卫生许可”排在第 1 名" in second.stdout
    assert out[-1] == "搜索查询全部通过：5 条，要找的事项都在前 3 名（search_queries.yaml）。"
    third = _search_check(root)  # up to date: not built again
    assert third.returncode == 0 and "网站已构建" not in third.stdout, third.stdout


def test_make_test_ends_with_the_failed_query_in_chinese(tmp_path):
    root = _fork(tmp_path)
    env = dict(_env(), CATALOGUE=str(root))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "run"),
         "tests/outputs/test_search.py::test_every_citizen_query_finds_its_item_in_the_top_3"],
        cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600)
    out = result.stdout
    assert result.returncode == 1, out[-4000:] + result.stderr[-2000:]
    summary = out[out.index("本目录的检查没通过"):]  # after pytest's own report
    assert out.index("本目录的检查没通过") > out.index("FAILURES")
    lines = summary.splitlines()
    assert lines[1] == "1. 搜索查询（search_queries.yaml）："
    assert lines[2].startswith("   search_queries.yaml:14: 没通过：搜索“桑拿浴室”")
    assert f"怎么改：在事项文件 {ITEM} 的 aliases 中加上" in lines[2]
    assert lines[3] == "改好后先运行 make check 和 make search-check（不到一分钟），再运行 make test。"


def test_an_unreadable_query_file_is_told_at_its_line_without_building(tmp_path):
    root = _fork(tmp_path, "- query: [办证\n")
    result = _search_check(root)
    assert result.returncode == 2 and not result.stderr, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    n = len((root / "search_queries.yaml").read_text(encoding="utf-8").splitlines())
    assert len(lines) == 1 and re.match(rf"search_queries\.yaml:{n + 1}: 这个文件读不出来", lines[0]), lines
    assert not (root / "site").exists()
