"""The data-quality page's gap counts come out in one order in every build (issue 14: byte-identical builds)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from mini_catalogue import copy_demo

REPO = Path(__file__).resolve().parents[2]

RANK = ("import json; from pathlib import Path; from generator.config import read_settings; "
        "from generator.checks.validate import build_catalogue; from generator.messages import set_language; "
        "from generator.outputs import quality; s = read_settings(Path('.')); set_language(s.language); "
        "q = quality.report(build_catalogue(Path('.'), s).catalogue, s); "
        "print(json.dumps([q.totals.gaps_ranked] + [d.gaps_ranked for d in q.departments], ensure_ascii=False))")


def test_gap_counts_rank_the_same_in_every_process(tmp_path):
    """Ties are ordered by title, not by a set's order, which changes with the hash seed."""
    root = copy_demo(tmp_path)
    for code in ("990502001000", "990502002000"):  # three elements lacking twice each: ties
        text = (root / "items" / "civil-affairs" / f"{code}.yaml").read_text(encoding="utf-8")
        kept = [line for line in text.splitlines(keepends=True)
                if not line.startswith(("reviewed:", "industries:", "service_types:"))]
        (root / "items" / "civil-affairs" / f"{code}.yaml").write_text("".join(kept), encoding="utf-8")
    ranked = []
    for seed in ("1", "2", "3", "4"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(REPO))
        done = subprocess.run([sys.executable, "-c", RANK], cwd=root, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        ranked.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert all(r == ranked[0] for r in ranked)
    totals = ranked[0][0]
    assert len(totals) >= 3 and len({n for _, n in totals}) < len(totals), totals  # ties to order
    assert totals == sorted(totals, key=lambda pair: (-pair[1], pair[0]))


def test_ties_are_ordered_by_title():
    from collections import Counter

    from generator.outputs.quality import DepartmentQuality

    one = DepartmentQuality("a", "A", gaps=Counter({"乙": 2, "甲": 2, "丙": 5}))
    other = DepartmentQuality("a", "A", gaps=Counter({"甲": 2, "丙": 5, "乙": 2}))
    assert one.gaps_ranked == other.gaps_ranked == [("丙", 5), ("乙", 2), ("甲", 2)]
