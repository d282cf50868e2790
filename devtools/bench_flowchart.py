"""Benchmarks of flowchart drawing.

``python -m devtools.bench_flowchart --bench 200 --dir DIR``
    the ways to run dot (figures quoted in generator/outputs/flowchart/draw.py);
``python -m devtools.bench_flowchart --dense``
    how long dot takes for one flow of S steps with B branches each (targets
    drawn at random, seeded), the measurement behind the check's limits
    (``MAX_FLOW_STEPS`` and ``MAX_FLOW_BRANCHES`` in generator/checks/rules.py).

Measured 2026-11-29 (Graphviz 2.43.0, 2 cores shared with other work, so the
slow cells vary up to 4x between runs; seconds for one dot process):

    steps    0 br/step  1 br/step  2 br/step  3 br/step  4 br/step
       10       0.02       0.02       0.02       0.02       0.02
       20       0.02       0.02       0.03       0.08       0.09
       30       0.01       0.04       0.07       0.20       0.37
       40       0.01       0.09       0.31       0.69       1.51
       50       0.02       0.24       0.60       1.01       7.74
       60       0.05       0.90       2.34      24.21      48.61
       80       0.04       6.03      57.37       >60          -
      100       0.17   14 to >60       -          >60          -

Time explodes with steps x branches (crossing minimisation over long back
edges): 100 steps with 3-4 branches each (a 15 KB item) ran for minutes.  The
check allows 30 steps and 60 branches in all: at that size (10 x 6, 15 x 4,
30 x 2) dot needed 0.03 to 0.14 s, more than 100 times below the explosion
and the renderer's 30 s timeout for one graph.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Optional

from generator.checks.model import Branch, Step
from generator.outputs.flowchart import FlowchartRenderer, GraphvizNotFound, flowchart_dot
from generator.outputs.flowchart.draw import _atomic_write
from generator.outputs.flowchart.svg import postprocess_svg

def _sample_steps(n: int) -> list[list[Step]]:
    """n varied flows of 3-9 steps with branches, detours and terminal steps."""
    verbs = ["申请", "受理", "审查", "现场核查", "决定", "制证", "送达", "公示", "缴费"]
    flows = []
    for k in range(n):
        count = 3 + k % 7
        steps = [Step(id=f"s{i}", name=f"{verbs[(i + k) % len(verbs)]}第{k}号事项环节{i}",
                      actor="窗口工作人员" if i % 2 else None) for i in range(count)]
        steps[1] = Step(**{**steps[1].model_dump(), "branches": [
            Branch(when="材料不齐全", to="fix"), Branch(when="不符合受理条件", to="reject")]})
        steps.append(Step(id="fix", name="一次性告知补正材料", next="s1"))
        steps.append(Step(id="reject", name="不予受理", end=True))
        flows.append(steps)
    return flows


def _bench(n: int, where: Optional[str] = None) -> None:
    """Print ms per graph for each way of running dot, cold cache, median of 3."""
    flows = _sample_steps(n)
    sources = {f"g{k}": flowchart_dot(s) for k, s in enumerate(flows)}
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizNotFound("dot")

    def tmpdir() -> tempfile.TemporaryDirectory:
        return tempfile.TemporaryDirectory(dir=where)

    def per_graph() -> None:
        with tmpdir() as d:
            for k, src in enumerate(sources.values()):
                out = subprocess.run([dot, "-Tsvg"], input=src.encode(), capture_output=True,
                                     check=True).stdout.decode()
                _atomic_write(Path(d) / f"g{k}.svg", postprocess_svg(out))

    def temp_files() -> None:
        with tmpdir() as d:
            files = []
            for k, src in enumerate(sources.values()):
                p = Path(d) / f"g{k}.gv"
                p.write_text(src, encoding="utf-8")
                files.append(p)
            subprocess.run([dot, "-Tsvg", "-O", *map(str, files)], check=True)
            for p in files:
                out = Path(f"{p}.svg").read_text(encoding="utf-8")
                _atomic_write(p.with_suffix(".svg"), postprocess_svg(out))

    def batched(jobs: int):
        def run() -> None:
            with tmpdir() as d:
                r = FlowchartRenderer(Path(d), jobs=jobs, chunk_size=10**6)
                r.dot_version()  # the probe is not what is measured here
                t = time.perf_counter()
                r.render(sources)
                return time.perf_counter() - t
        return run

    def warm() -> float:
        with tmpdir() as d:
            FlowchartRenderer(Path(d)).render(sources)
            r = FlowchartRenderer(Path(d))
            t = time.perf_counter()
            r.render(sources)
            assert r.processes_started == 0
            return time.perf_counter() - t

    cases = [("one dot process per graph", per_graph), ("one process, stdin", batched(1)),
             ("one process, temp files + -O", temp_files), ("two processes, stdin", batched(2)),
             ("warm cache (no dot process)", warm)]
    for label, fn in cases:
        times = []
        for _ in range(3):
            t = time.perf_counter()
            inner = fn()
            times.append(inner if inner is not None else time.perf_counter() - t)
        t = sorted(times)[1]
        print(f"{label:30} {t * 1000 / n:8.3f} ms/graph  ({t * 1000:.0f} ms for {n})")


def dense_flow(steps: int, branches: int, seed: int = 1) -> list[Step]:
    """One flow of *steps* steps, each with *branches* branches to steps drawn
    at random (seeded): the tangle a careless or hostile item can write."""
    rnd = random.Random(seed)
    return [Step(id=f"s{i}", name=f"第{i}环节办理审查", actor="窗口工作人员",
                 branches=[Branch(when=f"情形{i}-{j}", to=f"s{rnd.randrange(steps)}")
                           for j in range(branches)])
            for i in range(steps)]


def _dense(step_counts: list[int], branch_counts: list[int], timeout: float) -> None:
    """Seconds dot takes for one dense flow, per (steps, branches per step);
    a row stops at its first timeout."""
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizNotFound("dot")
    print("steps  " + "".join(f"{b:>3} br/step" for b in branch_counts) + "   (seconds; total branches = steps x br/step)")
    for n in step_counts:
        cells: list[str] = []
        for b in branch_counts:
            if any(c.startswith(">") for c in cells):
                cells.append("-")
                continue
            src = flowchart_dot(dense_flow(n, b)).encode()
            t = time.perf_counter()
            try:
                subprocess.run([dot, "-Tsvg"], input=src, capture_output=True, timeout=timeout, check=True)
                cells.append(f"{time.perf_counter() - t:.2f}")
            except subprocess.TimeoutExpired:
                cells.append(f">{timeout:.0f}")
        print(f"{n:5}  " + "".join(f"{c:>12}" for c in cells), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Benchmark flowchart rendering.")
    parser.add_argument("--bench", type=int, default=200, metavar="N", help="number of graphs")
    parser.add_argument("--dir", help="where to put the temporary caches (default: system temp)")
    parser.add_argument("--dense", action="store_true", help="time dense flows (steps x branches) instead")
    parser.add_argument("--steps", default="10,20,30,40,50,60,80,100", help="--dense: step counts")
    parser.add_argument("--branches", default="0,1,2,3,4", help="--dense: branches per step")
    parser.add_argument("--timeout", type=float, default=60.0, help="--dense: seconds before a run is given up")
    args = parser.parse_args()
    if args.dense:
        _dense([int(x) for x in args.steps.split(",")], [int(x) for x in args.branches.split(",")], args.timeout)
    else:
        _bench(args.bench, args.dir)


