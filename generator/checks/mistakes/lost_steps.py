"""A step of an item's flow deleted since the last commit while a ``next``
or a branch's ``to`` still names it (clerk trial 19, #34).

The rule (checks/rules.py, locale ``step_unknown``) offered the remaining
steps and "或先添加 id 为 refuse 的环节", which says neither what the step was
nor where it stood.  Here the item file is compared with its committed
version (HEAD, or the ``--base`` revision): a step of that id written there
is told as a deleted block, its committed lines quoted as written (leading
spaces counted, ``lost_branches.restore_lines``) with the line of the file
now below which they go back.  Without git, or when the committed file
cannot be read or has no such step, None (the rule's own message stands).
"""

from __future__ import annotations

import yaml

from generator.checks.mistakes.lost_branches import LostBranch, _entries, _text, _value, restore_lines
from generator.sources.gitlog import head_blob


def _last_line(node) -> int:
    """0-based last line a node's text takes (a block collection's end mark
    stands at the next token: its children are read instead)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        return node.end_mark.line - (1 if node.end_mark.column == 0 and node.end_mark.line > node.start_mark.line else 0)
    children = [c for pair in node.value for c in (pair if isinstance(pair, tuple) else (pair,))]
    return max([node.start_mark.line] + [_last_line(c) for c in children])


def deleted_step(history, source: str, target: str, steps) -> tuple[dict, int | None] | None:
    """For ``target``, a step id no step of ``steps`` (model.Step, as now)
    has: (message values ``name``, ``span``, ``n``, ``lines``, ``where``;
    index in ``steps`` of the step now standing where it stood, None when it
    was last) when the committed ``source`` (relative to the catalogue's
    root) had a step of that id, else None."""
    if history is None or not getattr(history, "available", False) or history.root is None:
        return None
    try:
        text = (head_blob(history.root, source, history.rev) or b"").decode("utf-8-sig")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        now = [line.rstrip("\r") for line in (history.root / source).read_text(encoding="utf-8-sig").split("\n")]
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return None
    committed = _entries(_value(node, "steps"))
    k = next((n for n, step in enumerate(committed) if _text(_value(step, "id")) == target), None)
    if k is None:
        return None
    lines = [line.rstrip("\r") for line in text.split("\n")]
    first, last = committed[k].start_mark.line, _last_line(committed[k])
    block = tuple((n + 1, lines[n]) for n in range(first, last + 1) if lines[n].strip())
    above = next((lines[n] for n in range(first - 1, -1, -1) if lines[n].strip()
                  and not lines[n].lstrip().startswith("#")), None)
    found = [n for n, line in enumerate(now) if above is not None and line == above]
    after = (min(found, key=lambda n: abs(n - (first - 1))) + 1, above.strip()) if found else None
    ids = [s.id for s in steps]
    following = next((ids.index(i) for i in (_text(_value(s, "id")) for s in committed[k + 1:]) if i in ids), None)
    values = restore_lines(LostBranch(step="", when="", to=target, line=first + 1, block=block, after=after))
    return dict(values, name=_text(_value(committed[k], "name"))), following
