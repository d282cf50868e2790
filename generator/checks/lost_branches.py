"""Branches of an item's flow deleted since the last commit (clerk trial 6,
#43): a ``{when: 信息不全需要补充, to: supplement}`` deleted from a step left
another step (核准提取) unreachable, and the message blamed the ``end: true``
of a refusal step, whose removal would send refused applications on.

The item file is compared with its committed version (HEAD, or the
``--base`` revision), as ``checks/renamed_ids.py`` does for office ids: a
branch (step id, target id) written there and gone now, between steps that
still exist, is a lost branch.  ``consistency._unreachable_steps`` offers it
first when putting it back makes the unreachable step reachable again.
Without git, or when the committed file cannot be read, nothing is compared.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from generator.sources.gitlog import head_blob


@dataclass(frozen=True)
class LostBranch:
    step: str  # id of the step that had the branch
    when: str  # its condition, as committed
    to: str  # the step it led to
    line: int  # 1-based line of the branch in the committed file


def lost_branches(history, source: str, steps) -> list[LostBranch]:
    """The branches of the committed ``source`` (an item file, relative to
    the catalogue's root) that ``steps`` (model.Step, as now) no longer has,
    both ends still existing; [] without a usable history."""
    if history is None or not getattr(history, "available", False) or history.root is None:
        return []
    try:
        node = yaml.compose((head_blob(history.root, source, history.rev) or b"").decode("utf-8-sig"),
                            Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return []
    ids = {s.id for s in steps}
    now = {(s.id, b.to) for s in steps for b in s.branches}
    lost = []
    for step in _entries(_value(node, "steps")):
        step_id = _text(_value(step, "id"))
        for branch in _entries(_value(step, "branches")):
            to, when = _text(_value(branch, "to")), _text(_value(branch, "when"))
            if step_id in ids and to in ids and (step_id, to) not in now:
                lost.append(LostBranch(step_id, when, to, branch.start_mark.line + 1))
    return lost


def _value(node, key: str):
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    return None


def _entries(node) -> list:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _text(node) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else ""
