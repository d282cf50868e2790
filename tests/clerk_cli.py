"""What a clerk sees from ``check`` on the command line, for the clerk-trial
tests (tests/checks/test_trial18_*.py): each message's place, label, element
and 怎么改 line read back from the printed output, a line of a file replaced,
and the demo's passing check."""

from __future__ import annotations

import re

from mini_catalogue import run_cli

# file:line:column: label【element】 message, then "    怎么改：hint"
HEAD = re.compile(r"^(\S.*?\.yaml):(\d+):(\d+): (\S+?)【([^】]*)】[^\n]*\n    怎么改：([^\n]*)", re.M)


def told(root) -> tuple[str, list[tuple[str, int, str, str, str, str]]]:
    """The ``check``'s output and its messages (file, line, label, element,
    whole first line, hint)."""
    run = run_cli(root, "check")
    out = run.stdout + run.stderr
    assert "Traceback" not in out, out
    return out, [(m[1], int(m[2]), m[4], m[5], m[0].split("\n")[0], m[6]) for m in HEAD.finditer(out)]


def replace_line(path, old: str, new: str) -> int:
    """Replace the one line ``old`` of ``path`` by ``new``; its 1-based number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = lines.index(old)
    lines[number] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def passes(root) -> None:
    """The demo's check passes with no message at all."""
    out, found = told(root)
    assert found == [] and "检查通过：68 个事项，0 条提醒" in out, out
