"""Branches of an item's flow deleted since the last commit (clerk trial 6,
#43): a ``{when: 信息不全需要补充, to: supplement}`` deleted from a step left
another step (核准提取) unreachable, and the message blamed the ``end: true``
of a refusal step, whose removal would send refused applications on.

The item file is compared with its committed version (HEAD, or the
``--base`` revision), as ``checks/mistakes/renamed_ids.py`` does for office ids: a
branch (step id, target id) written there and gone now, between steps that
still exist, is a lost branch.  ``consistency._unreachable_steps`` offers it
first when putting it back makes the unreachable step reachable again.
Without git, or when the committed file cannot be read, nothing is compared.

When the step has no ``branches:`` left at all (clerk trial 9, #7: the key
line and its only entry deleted), the branch carries the committed lines of
the whole block (``block``) and the line now in the file below which they
go (``after``): "put back this one entry" left the clerk without a list to
put it in.

``added_ends`` reads the same committed file for the ``end: true`` of each
step (clerk trial 14, #41): an ``end: true`` added to the first step cut
off every step after it, and the message was told at the next step, not
at the line that was changed.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from generator.messages import say
from generator.sources.gitlog import head_blob


@dataclass(frozen=True)
class LostBranch:
    step: str  # id of the step that had the branch
    when: str  # its condition, as committed
    to: str  # the step it led to
    line: int  # 1-based line of the branch in the committed file
    # The step's whole ``branches:`` as committed, when the step has none now:
    # (line number, the line as written, leading spaces included), key line first.
    block: tuple[tuple[int, str], ...] = ()
    after: tuple[int, str] | None = None  # (line now, its text): where the block stood, below that line


def lost_branches(history, source: str, steps) -> list[LostBranch]:
    """The branches of the committed ``source`` (an item file, relative to
    the catalogue's root) that ``steps`` (model.Step, as now) no longer has,
    both ends still existing; [] without a usable history."""
    if history is None or not getattr(history, "available", False) or history.root is None:
        return []
    try:
        text = (head_blob(history.root, source, history.rev) or b"").decode("utf-8-sig")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return []
    ids = {s.id for s in steps}
    now = {(s.id, b.to) for s in steps for b in s.branches}
    bare = {s.id for s in steps if not s.branches}  # steps with no branches left at all
    lost = []
    for step in _entries(_value(node, "steps")):
        step_id = _text(_value(step, "id"))
        key = next((k for k, _ in step.value if isinstance(k, yaml.ScalarNode) and k.value == "branches"), None) \
            if isinstance(step, yaml.MappingNode) else None
        block, after = ((), None) if key is None or step_id not in bare else _block(text, key, _value(step, "branches"),
                                                                                    history.root / source)
        for branch in _entries(_value(step, "branches")):
            to, when = _text(_value(branch, "to")), _text(_value(branch, "when"))
            if step_id in ids and to in ids and (step_id, to) not in now:
                lost.append(LostBranch(step_id, when, to, branch.start_mark.line + 1, block, after))
    return lost


def added_ends(history, source: str, steps) -> set[str] | None:
    """Ids of the steps of ``steps`` (model.Step, as now) that say
    ``end: true`` and did not in the committed ``source`` (a step not there
    at all included); None without a usable history or committed file
    (nothing compared: unknown, not "nothing added")."""
    node = _committed(history, source)
    if node is None:
        return None
    was = {_text(_value(step, "id")): _text(_value(step, "end")).lower() in ("true", "yes", "on")
           for step in _entries(_value(node, "steps"))}
    return {s.id for s in steps if s.end and not was.get(s.id, False)}


def _committed(history, source: str):
    """The committed ``source`` composed (a yaml node), or None."""
    if history is None or not getattr(history, "available", False) or history.root is None:
        return None
    try:
        blob = head_blob(history.root, source, history.rev)
        return None if blob is None else yaml.compose(blob.decode("utf-8-sig"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return None


def _block(text: str, key, value, current) -> tuple[tuple[tuple[int, str], ...], tuple[int, str] | None]:
    """The committed lines from the ``branches:`` key ``key`` to the end of
    its ``value``, and (line now, text) of the line that stood above them,
    found in the file ``current`` (a Path; the same text nearest the
    committed place), or None when it is not there."""
    lines = [line.rstrip("\r") for line in text.split("\n")]
    first = key.start_mark.line
    last = max([first] + [e.end_mark.line - (1 if e.end_mark.column == 0 else 0) for e in _entries(value)])
    block = tuple((n + 1, lines[n]) for n in range(first, last + 1) if lines[n].strip())
    above = next((lines[n] for n in range(first - 1, -1, -1) if lines[n].strip()
                  and not lines[n].lstrip().startswith("#")), None)
    try:
        now = [line.rstrip("\r") for line in current.read_text(encoding="utf-8-sig").split("\n")]
    except (OSError, UnicodeDecodeError):
        return block, None
    found = [n for n, line in enumerate(now) if above is not None and line == above]
    if not found:
        return block, None
    at = min(found, key=lambda n: abs(n - (first - 1)))
    return block, (at + 1, above.strip())


def _value(node, key: str):
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    return None


def _entries(node) -> list:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _text(node) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else ""


def restore_lines(branch: LostBranch) -> dict:
    """The message values of a deleted ``branches:`` block (``branch.block``
    set): ``span`` (its committed lines, "第 34–35 行"), ``n``, ``lines``
    (each line quoted as written, with its number of leading spaces) and
    ``where`` (below which line of the file now to put them back)."""
    first, last = branch.block[0][0], branch.block[-1][0]
    span = say("lost_block_span_one" if first == last else "lost_block_span", first=first, last=last)[0]
    lines = "、".join(say("lost_block_line", text=text, spaces=len(text) - len(text.lstrip(" ")))[0]
                      for _, text in branch.block)
    where = say("lost_block_after", line=branch.after[0], text=branch.after[1])[0] if branch.after else \
        say("lost_block_in_step")[0]
    return {"span": span, "n": len(branch.block), "lines": lines, "where": where}
