"""Every make target has a documented command without make (README, "Without
`make` (Windows)"): most clerks work on Windows, where there is no make."""

from __future__ import annotations

import re

from mini_catalogue import REPO


def test_every_make_target_has_a_python_equivalent_in_the_readme():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split())
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Without `make`"):]
    section = section[:section.index("\n## ")]
    rows = [line for line in section.splitlines() if line.startswith("| `make ")]
    documented = {name for row in rows for name in re.findall(r"`make ([\w-]+)", row.split("|")[1])}
    assert targets - documented == set(), f"make targets without a documented equivalent: {sorted(targets - documented)}"
    for row in rows:
        command = row.split("|")[2]
        assert re.search(r"`(py|python) (-m |devtools/)", command) or "delete" in command, row
