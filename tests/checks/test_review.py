"""Pull requests that review themselves (issue 13): ``diff BASE HEAD`` on two
commits of a real git repository made here, ``check --base``, CODEOWNERS from
the department registry, and the CI formats (GitHub annotations grouped past
GitHub's limit, GitLab's Code Climate report)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.checks import formats
from generator.checks.diff import compare, markdown
from generator.checks.problems import Problem
from generator.config import default_root, read_settings
from history_repo import commit, git
from mini_catalogue import ITEM, MINI, ONLINE_ITEM, run_cli

ID_NAME = "居民身份证首次申领"
ALLOWANCE = "高龄津贴申领"


@pytest.fixture()
def repo(tmp_path) -> Path:
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "first")
    return root


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- diff -------------------------------------------------------------------------------
def test_diff_reports_added_removed_renamed_and_changed_elements(repo):
    first = git(repo, "rev-parse", "HEAD").strip()
    # Added: a copy of the ID-card item under a new code and name.
    text = (repo / ITEM).read_text(encoding="utf-8")
    (repo / ITEM).with_name("990101003000.yaml").write_text(
        text.replace('code: "990101001000"', 'code: "990101003000"').replace(ID_NAME, "居民身份证补领"),
        encoding="utf-8")
    # Changed: the name, one material's copies, the promised time limit; a material added.
    edit(repo, ITEM, f"name: {ID_NAME}", f"name: {ID_NAME}（新）")
    edit(repo, ITEM, "  - name: 居民户口簿\n    necessity: required\n    form: paper\n    copies: 1",
         "  - name: 居民户口簿\n    necessity: required\n    form: paper\n    copies: 2")
    # Renamed (moved to another department's folder, the same code) with its time limit changed.
    moved = "items/public-security/992002001000.yaml"
    (repo / moved).write_text((repo / ONLINE_ITEM).read_text(encoding="utf-8").replace(
        "promised: {value: 5, unit: working_days}", "promised: {value: 3, unit: working_days}"), encoding="utf-8")
    (repo / ONLINE_ITEM).unlink()
    # A registry entry changed.
    edit(repo, "content/departments.yaml", "name: 测试市民政局", "name: 测试市民政局（改）")
    second = commit(repo, "second")
    # Removed: the added item again, in a third commit.
    (repo / ITEM).with_name("990101003000.yaml").unlink()
    third = commit(repo, "third")

    settings = read_settings(repo)
    change = compare(repo, settings, first, second)
    assert change.added == [("items/public-security/990101003000.yaml", "居民身份证补领")]
    assert change.removed == []
    assert [(c.old_path, c.path, c.name) for c in change.renamed] == [(ONLINE_ITEM, moved, ALLOWANCE)]
    assert [(r.element, r.old, r.new) for r in change.renamed[0].rows] == [("办理时限·承诺办结时限·时限数值", "5", "3")]
    [item] = change.items
    assert item.path == ITEM
    rows = {r.element: (r.old, r.new) for r in item.rows}
    assert rows[next(k for k in rows if k.endswith("名称") and "材料" not in k)] == (ID_NAME, f"{ID_NAME}（新）")
    assert rows["申请材料「居民户口簿」·份数"] == ("1", "2")
    [registry] = change.registries
    assert registry.path == "content/departments.yaml"
    assert [(r.element, r.old, r.new) for r in registry.rows] == [("「civil-affairs」·部门名称", "测试市民政局", "测试市民政局（改）")]

    later = compare(repo, settings, second, third)
    assert later.removed == [("items/public-security/990101003000.yaml", "居民身份证补领")]
    assert not later.added and not later.items and not later.renamed

    # The command prints the same as Markdown, in Chinese.
    result = run_cli(repo, "diff", first, second)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out == markdown(change)
    assert "新增 1 个" in out and "改名或移动 1 个" in out and "修改 1 个" in out
    assert f"`{ONLINE_ITEM}` → `{moved}`" in out
    assert "| 申请材料「居民户口簿」·份数 | 1 | 2 |" in out


def test_diff_against_the_working_tree_and_unknown_version(repo):
    (repo / ITEM).write_text("name: [不成对\n", encoding="utf-8")  # unreadable now
    result = run_cli(repo, "diff", "main")
    assert result.returncode == 0, result.stderr
    assert "（文件无法读取，见检查结果）" in result.stdout and "工作区" in result.stdout
    result = run_cli(repo, "diff", "no-such-branch")
    assert result.returncode == 1
    assert "找不到 git 版本“no-such-branch”" in result.stderr and "Traceback" not in result.stderr


def test_diff_text_from_files_cannot_add_markup():
    from generator.checks.diff import Change, Changed, Row
    change = Change("main", "HEAD", items=[Changed("items/a/1.yaml", "<script>x</script>|*a*",
                                                   [Row("名称", "a|b", "<img src=x>")])])
    out = markdown(change)
    # Every "<" and "|" from the file is escaped: GitHub shows it, never reads it as HTML or a cell end.
    row = out.split("| --- | --- | --- |\n")[1].splitlines()[0]
    assert len(re.split(r"(?<!\\)\|", row)) == 5 and not re.search(r"(?<!\\)<", out)
    assert r"a\|b" in out and r"\<script\>" in out


# --- check --base -------------------------------------------------------------------------
def test_check_base_fails_on_new_errors_and_new_gaps_only(repo):
    # The target branch already has a gap (no consultation) in the online item.
    edit(repo, ONLINE_ITEM, "consultation:\n  phone: [\"0999-12345\"]\n", "")
    commit(repo, "a gap on main")
    assert run_cli(repo, "check").returncode == 0

    # An unrelated change: the old gap does not block it.
    edit(repo, ITEM, "summary: ", "summary: （已更新）")
    result = run_cli(repo, "check", "--base", "main")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "没有让目录变差" in result.stdout and "原有的 1 个问题" in result.stdout

    # A new gap in the touched item blocks.
    text = (repo / ITEM).read_text(encoding="utf-8")
    start = text.index("\nconsultation:")
    end = text.index("\n", text.index("phone", start)) + 1
    (repo / ITEM).write_text(text[:start + 1] + text[end:], encoding="utf-8")
    result = run_cli(repo, "check", "--base", "main")
    assert result.returncode == 1, result.stdout
    line = text[:start + 1].count("\n")  # where the plain run tells it, with the lines to put back (trial 17)
    assert f"{ITEM}:{line}:1: 错误【咨询方式】" in result.stdout and "补回这 2 行" in result.stdout, result.stdout
    assert "新增 1 个错误（其中 1 处是改动的事项新增的“信息待补充”" in result.stderr
    assert ONLINE_ITEM not in result.stdout  # the old gap is not listed as new

    # A new error anywhere blocks, and is the one listed.
    (repo / ITEM).write_text(text, encoding="utf-8")
    edit(repo, "content/departments.yaml", "codes: [\"02\"]", "codes: [\"2\"]")
    result = run_cli(repo, "check", "--base", "main", "--format", "github")
    assert result.returncode == 1
    assert "::error file=content/departments.yaml" in result.stdout
    assert "变差" in result.stderr


def test_check_base_does_not_count_errors_the_target_already_has(repo):
    edit(repo, ONLINE_ITEM, "visits: 0", "visits: 很少")
    commit(repo, "an error on main")
    assert run_cli(repo, "check").returncode == 1
    edit(repo, ITEM, "summary: ", "summary: （已更新）")
    summary = repo.parent / "summary.md"
    result = run_cli(repo, "check", "--base", "main", "--summary", str(summary))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "没有让目录变差" in summary.read_text(encoding="utf-8")
    # Renaming the broken file (to its slug) does not make its error new.
    git(repo, "mv", ONLINE_ITEM, "items/civil-affairs/senior-allowance.yaml")
    result = run_cli(repo, "check", "--base", "main")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "新增 0 个错误" in result.stdout


def test_check_base_reads_the_targets_history_for_lifecycle_problems(repo):
    # main already removed an item without retiring it first (a history problem, issue 14):
    # the exported copy of main has no .git, so its history must come from the repository.
    (repo / ONLINE_ITEM).unlink()
    commit(repo, "an item removed on main without retiring it")
    assert "删除" in run_cli(repo, "check").stdout
    edit(repo, ITEM, "summary: ", "summary: （已更新）")
    result = run_cli(repo, "check", "--base", "main")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "新增 0 个错误" in result.stdout
    # Removing another item in the change is new.
    (repo / ITEM).unlink()
    result = run_cli(repo, "check", "--base", "main")
    assert result.returncode == 1, result.stdout + result.stderr


# --- CODEOWNERS ----------------------------------------------------------------------------
def test_codeowners_from_the_registry_and_stale_warning(repo):
    edit(repo, "content/departments.yaml", "  phone: \"0999-11000001\"\n",
         "  phone: \"0999-11000001\"\n  reviewers: [\"@ceshi-city/gongan\", zhang@example.gov.cn]\n")
    result = run_cli(repo, "codeowners")
    assert result.returncode == 0, result.stderr
    text = (repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/items/public-security/ @ceshi-city/gongan zhang@example.gov.cn" in text.splitlines()
    assert "civil-affairs" not in text
    assert run_cli(repo, "check").stdout.count("CODEOWNERS") == 0

    edit(repo, "content/departments.yaml", "name: 测试市民政局\n", "name: 测试市民政局\n  reviewers: [\"@li-si\"]\n")
    result = run_cli(repo, "check")
    assert result.returncode == 0
    assert ".github/CODEOWNERS:1:1: 提醒" in result.stdout and "python -m generator codeowners" in result.stdout


def test_reviewer_that_is_no_user_team_or_mail_is_an_error(repo):
    edit(repo, "content/departments.yaml", "  phone: \"0999-11000001\"\n", "  phone: \"0999-11000001\"\n  reviewers: [张三]\n")
    result = run_cli(repo, "check")
    assert result.returncode == 1
    assert "content/departments.yaml:7:15: 错误【审核人】" in result.stdout
    assert "“张三” 写法不对" in result.stdout and "@zhang-san" in result.stdout


# --- CI formats ----------------------------------------------------------------------------
def _problems(n: int, files: int = 2) -> list[Problem]:
    return [Problem(f"items/d/{i % files}.yaml", i + 1, 3, f"问题{i}", "改法", element="名称", key="name")
            for i in range(n)]


def test_github_annotations_one_each_up_to_ten_then_one_per_file():
    assert len(formats.github(_problems(10))) == 10
    grouped = formats.github(_problems(13))
    assert len(grouped) == 2
    assert all(line.startswith("::error file=items/d/") for line in grouped)
    first = grouped[0]
    assert "line=1," in first and all(f"问题{i}" in first for i in range(0, 13, 2))
    assert "%0A" in first and "\n" not in first  # one workflow command per file


def test_gitlab_report_has_the_code_climate_shape(repo):
    edit(repo, ONLINE_ITEM, "visits: 0", "visits: 很少")
    result = run_cli(repo, "check", "--format", "gitlab")
    assert result.returncode == 1
    report = json.loads(result.stdout)  # nothing else on stdout
    assert isinstance(report, list) and report
    fingerprints = set()
    for issue in report:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["type"] == "issue"
        assert isinstance(issue["description"], str) and issue["description"]
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["path"], str) and not issue["location"]["path"].startswith("/")
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
        fingerprints.add(issue["fingerprint"])
    assert len(fingerprints) == len(report)
    assert any(i["location"]["path"] == ONLINE_ITEM and i["severity"] == "major" for i in report)
    # The same problem on another line keeps its fingerprint (GitLab: not new).
    moved = [Problem("a.yaml", 9, 1, "m")]
    assert json.loads(formats.gitlab(moved))[0]["fingerprint"] == \
        json.loads(formats.gitlab([Problem("a.yaml", 2, 1, "m")]))[0]["fingerprint"]


def test_summary_table_lists_every_problem():
    text = formats.markdown(_problems(13))
    assert text.count("\n| `items/d/") == 13 and "13 个错误" in text


# --- the CI recipes --------------------------------------------------------------------------
def test_ci_recipes_use_the_review_commands():
    repo = Path(__file__).resolve().parents[2]
    github = (repo / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8")
    assert "fetch-depth: 0" in github and "safe.directory" in github
    assert 'make diff BASE="origin/$GITHUB_BASE_REF" HEAD=HEAD >> "$GITHUB_STEP_SUMMARY"' in github
    assert 'make check BASE="origin/$GITHUB_BASE_REF"' in github
    gitlab = (repo / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "--format gitlab" in gitlab and '--base "$BASE"' in gitlab
    assert "codequality: gl-code-quality-report.json" in gitlab and "> gl-code-quality-report.json" in gitlab
    # One checklist for both platforms.
    assert (repo / ".github" / "pull_request_template.md").read_bytes() == \
        (repo / ".gitlab" / "merge_request_templates" / "Default.md").read_bytes()
    # `make check` on GitHub: annotations, the summary table, and --base when given.
    # The catalogue the Makefile chooses is the commands' default (a fork's catalogue/, else the demo).
    env = {k: v for k, v in os.environ.items() if k not in ("CATALOGUE", "GITHUB_ACTIONS")}
    dry = subprocess.run(["make", "-n", "check", "BASE=origin/main", "GITHUB_ACTIONS=true",
                          "GITHUB_STEP_SUMMARY=/tmp/summary.md"], cwd=repo, capture_output=True, text=True, env=env)
    command = dry.stdout.replace("\\\n", " ")
    chosen = os.path.relpath(default_root(here=repo, environ={}), repo)
    assert f'-m generator --root "{chosen}" check --format github --base "origin/main"' in command, command
    assert '--summary "/tmp/summary.md"' in command


def test_repository_codeowners_is_current():
    # The demo city's reviewers, in the repository's .github/CODEOWNERS (read at the top of the repository).
    demo = Path(__file__).resolve().parents[2] / "examples" / "demo-city"
    result = run_cli(demo, "check")
    assert result.returncode == 0 and "CODEOWNERS" not in result.stdout, result.stdout
