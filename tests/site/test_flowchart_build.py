"""Flowcharts in a real build: bounded work and file:line messages (issue 12)."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from mini_catalogue import ITEM, REPO, copy_mini, errors, site_config  # noqa: E402

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")


def dense_steps(count: int, branches: tuple[int, int], seed: int = 7) -> str:
    """YAML for a flow of *count* steps with 3-4 branches each to random steps:
    the ~15 KB item that kept `make build` busy for minutes in dot."""
    rnd = random.Random(seed)
    lines = ["steps:"]
    for i in range(count):
        lines += [f"  - id: s{i}", f"    name: 第{i}环节审查", "    branches:"]
        for j in range(rnd.randint(*branches)):
            lines.append(f"      - {{when: 情形{i}之{j}, to: s{rnd.randrange(count)}}}")
    return "\n".join(lines) + "\n"


def with_steps(root: Path, steps_yaml: str) -> Path:
    path = root / ITEM
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^steps:\n.*?(?=^time_limits:)", steps_yaml, text)
    path.write_text(text, encoding="utf-8")
    return path


def build(root: Path, *, script: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8", NO_MKDOCS_2_WARNING="1",
               SOURCE_DATE_EPOCH="1767225600")
    env.pop("GITHUB_ACTIONS", None)
    args = ["-c", script, str(root)] if script else ["-m", "generator", "--root", str(root), "build"]
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=timeout, cwd=root)


def test_a_dense_flow_is_refused_by_the_check_with_the_limits(tmp_path):
    root = copy_mini(tmp_path)
    item = with_steps(root, dense_steps(100, (3, 4)))
    assert 12_000 < item.stat().st_size < 40_000
    start = time.monotonic()
    found = [p for p in errors(root) if "画不成流程图" in p.message]
    assert time.monotonic() - start < 30
    assert len(found) == 1
    problem = found[0]
    steps_line = item.read_text(encoding="utf-8").splitlines().index("steps:") + 1
    assert problem.file == ITEM and problem.line in (steps_line, steps_line + 1)  # the key or its first step
    assert "100 个环节" in problem.message and "最多允许 30 个环节、60 个分支" in problem.message
    assert "业务办理项" in problem.hint  # split the cases


def test_a_flow_at_the_limits_passes_the_check(tmp_path):
    root = copy_mini(tmp_path)
    with_steps(root, dense_steps(30, (2, 2)))
    assert not [p for p in errors(root) if "画不成流程图" in p.message]


@needs_dot
def test_the_build_with_a_dense_flow_is_bounded_and_holds_the_item_back(tmp_path):
    root = copy_mini(tmp_path)
    site_config(root)
    with_steps(root, dense_steps(100, (3, 4)))
    start = time.monotonic()
    result = build(root, timeout=240)
    assert time.monotonic() - start < 120, "dot was given the dense flow"
    assert result.returncode == 0, result.stderr
    assert "画不成流程图" in result.stderr + result.stdout
    assert not (root / "site" / "items" / "990101001000").exists()
    assert (root / "site" / "index.html").exists()


# A build where dot never finishes the ID-card item's flowchart (the only one
# with a step 补正材料), alone or in a batch: it times out, the others are drawn.
ONE_TIMES_OUT = """
import sys
from generator.outputs.flowchart import FlowchartRenderer
from generator.cli import main
run_dot = FlowchartRenderer._run_dot
FlowchartRenderer._run_dot = lambda self, stdin, timeout: None if "补正材料" in stdin else run_dot(self, stdin, timeout)
sys.exit(main(["--root", sys.argv[1], "build"]))
"""


@needs_dot
def test_a_dot_timeout_publishes_the_item_without_its_flowchart(tmp_path):
    """Before: the whole build stopped ("网站未更新"), for every item of the catalogue."""
    root = copy_mini(tmp_path)
    site_config(root)
    result = build(root, script=ONE_TIMES_OUT)
    out = result.stderr + result.stdout
    assert result.returncode == 0, out
    assert "内部错误" not in out and "Traceback" not in out
    line = (root / ITEM).read_text(encoding="utf-8").splitlines().index("steps:") + 1
    assert f"{ITEM}:{line}:1: 提醒【办理流程】(steps) 办理流程图没能画出来" in out and "30 秒" in out
    site = root / "site"
    # The item is published, its steps listed as text, without a flowchart.
    page = (site / "items" / "990101001000" / "index.html").read_text(encoding="utf-8")
    assert "osc-flowchart" not in page and '<ol class="osc-steps">' in page and "补正材料" in page
    # The other item keeps its flowchart, and only its flowchart is published.
    other = (site / "items" / "992002001000" / "index.html").read_text(encoding="utf-8")
    drawn = re.findall(r'src="../../flowcharts/([0-9a-f]+\.svg)"', other)
    # (.gz and .br copies sit beside each published file: generator/site/compress.py)
    assert drawn and sorted(p.name for p in (site / "flowcharts").iterdir()
                            if p.suffix not in (".gz", ".br")) == drawn
    # Listed as a warning on the data-quality page (待整改) and in the department's work list.
    quality = (site / "quality" / "index.html").read_text(encoding="utf-8")
    to_fix = quality[quality.index('id="to-fix"'):quality.index('id="gaps"')]
    assert f"<code>{ITEM}</code>" in to_fix and "办理流程图没能画出来" in to_fix
    worklist = (site / "quality" / "public-security.csv").read_text(encoding="utf-8-sig")
    assert f"{ITEM}:{line}" in worklist and "办理流程图没能画出来" in worklist
