"""Item pages rendered in one process (generator/outputs/render.py
``Renderer.item``): CPU milliseconds per page.

    python -m devtools.bench_itempage bench/work/1603

In a fresh process the catalogue is loaded and validated (not counted), a
Renderer made as the build makes it, every item page rendered once (the
templates compiled), then every page again three times: the figure is the
fastest pass's ``time.process_time`` divided by the pages.  QR codes are left
out (a stub: outputs/qrcode.py draws each code anew, ~0.09 ms, timed on its own), as are
the files (site/pages.py).  The shared machine's load moves the figure by a
tenth or more: compare figures of one run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CHILD = """
import json, sys, time
from pathlib import Path
from generator.checks.config_block import read_block
from generator.checks.validate import build_catalogue
from generator.messages import set_language
from generator.outputs.render import Renderer

root = Path(sys.argv[1]).resolve()
settings = read_block(root)
set_language(settings.language)
report = build_catalogue(root, settings)
cat = report.catalogue
cat.warnings = report.warnings
flowcharts = {e.key: e.key + ".svg" for e in cat.entries if e.item.steps}
renderer = Renderer(cat, settings, flowcharts, "https://example.gov.cn")
renderer.qr = lambda url, title=None: "<svg></svg>"
for entry in cat.entries:
    renderer.item(entry)
passes = []
for _ in range(3):
    start = time.process_time()
    for entry in cat.entries:
        renderer.item(entry)
    passes.append(time.process_time() - start)
print(json.dumps({"pages": len(cat.entries), "ms_per_page": 1000 * min(passes) / len(cat.entries)}))
"""


def measure(root: str) -> dict:
    """{"pages": n, "ms_per_page": CPU ms} of the catalogue at ``root``;
    CalledProcessError when the catalogue cannot be rendered."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", CHILD, str(Path(root).resolve())], capture_output=True, text=True,
                         check=True, cwd=REPO, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    for root in argv or [str(REPO / "bench" / "work" / "1603")]:
        found = measure(root)
        print(f"{root}: {found['pages']} item pages, {found['ms_per_page']:.3f} ms CPU per page (QR codes aside)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
