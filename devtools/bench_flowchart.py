"""Benchmark of the ways to run dot: ``python -m devtools.bench_flowchart --bench 200 --dir DIR``
(figures quoted in generator/outputs/flowchart/draw.py)."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Optional

from generator.checks.model import Branch, Step
from generator.outputs.flowchart import FlowchartRenderer, GraphvizNotFound, flowchart_dot
from generator.outputs.flowchart.draw import _atomic_write, postprocess_svg

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


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Benchmark flowchart rendering.")
    parser.add_argument("--bench", type=int, default=200, metavar="N", help="number of graphs")
    parser.add_argument("--dir", help="where to put the temporary caches (default: system temp)")
    args = parser.parse_args()
    _bench(args.bench, args.dir)


