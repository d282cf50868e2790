"""Values that are well formed but contradict the rest of the item, which
clerk trial 4 (docs/clerk-trials.md) found passing without a word:

- the implementing body named as another department of the catalogue
  (``示范市公安局`` in an education item, #21): a warning, since an item
  may be entrusted (受委托) to another body;
- a step no path of the flow leads to (an ``end: true`` added to a middle
  step, #38): an error, since the flowchart would draw it adrift; the flow
  is the one drawn (``outputs/flowchart/graph.successors``); when the
  ``end: true`` before it is named by no branch, the branch is offered
  first (clerk trial 5, 14B), and a step reached only from one reported is
  not reported again;
- ``charged: true`` without any fee item (#39) and more than one visit
  without ``visit_reason`` (#16): warnings at that line.  Both are also
  gaps (``checks/gaps.py``), which plain ``check`` only counts; the warning
  says where and what to write, and does not hold imported data back.

Each rule yields ``rules.Finding``s (key path, message key in
generator/locales/zh.yaml, values, severity).
"""

from __future__ import annotations

from typing import Iterator

from generator.catalogue import Catalogue, Entry
from generator.checks.rules import Finding


def check_item(entry: Entry, cat: Catalogue) -> Iterator[Finding]:
    item = entry.item
    yield from _body_of_other_department(entry, cat)
    yield from _unreachable_steps(item.steps or [])
    fees = item.fees
    if fees is not None and fees.charged and not fees.items:
        yield Finding(("fees", "charged"), "charged_without_items", severity="warning")
    if item.visits is not None and item.visits > 1 and not item.visit_reason:
        yield Finding(("visits",), "visits_without_reason", {"visits": item.visits}, severity="warning")


def _body_of_other_department(entry: Entry, cat: Catalogue) -> Iterator[Finding]:
    body = entry.item.implementing_body
    own = cat.department.get(entry.department)
    if body is None or own is None or not body.name:
        return
    name = "".join(body.name.split())
    if name == "".join(own.name.split()):
        return
    for other in cat.departments:
        if other.id != own.id and "".join(other.name.split()) == name:
            yield Finding(("implementing_body", "name"), "body_other_department", {
                "body": body.name, "other": other.id, "department": own.id, "own": own.name}, "warning")
            return


def _unreachable_steps(steps) -> Iterator[Finding]:
    ids = {s.id for s in steps}
    if len(steps) < 2 or len(ids) != len(steps) or any(
            (s.next is not None and s.next not in ids) or any(b.to not in ids for b in s.branches) for s in steps):
        return  # duplicate ids and unknown targets are reported as such (rules._check_steps), not their knock-ons
    from generator.outputs.flowchart.graph import successors  # the flow as drawn
    ids = {s.id: i for i, s in enumerate(steps)}
    succ = successors(steps)
    reached, todo = {0}, [0]
    while todo:
        i = todo.pop()
        for j in [succ[i], *(ids.get(b.to) for b in steps[i].branches)]:
            if j is not None and j not in reached:
                reached.add(j)
                todo.append(j)
    targets = {s.next for s in steps} | {b.to for s in steps for b in s.branches}
    told: set[int] = set()
    for i, step in enumerate(steps):
        if i in reached or any(succ[k] == i or step.id in {b.to for b in steps[k].branches} for k in told):
            continue  # reached from a step already reported: fixing that one fixes this
        told.add(i)
        before = steps[i - 1]
        values = {"id": step.id, "name": step.name, "before": before.name, "before_id": before.id}
        key = "step_unreachable_after_end" if before.end else "step_unreachable"
        # An end step nothing names, reached only in list order: probably its branch was deleted (clerk trial 5, 14B).
        via = next((s for j, s in enumerate(steps) if succ[j] == i - 1 and s.branches), None)
        if before.end and before.id not in targets and via is not None:
            key, values = "step_unreachable_lost_branch", dict(values, via=via.name)
        yield Finding(("steps", i, "id"), key, values)
