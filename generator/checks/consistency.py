"""Values that are well formed but contradict the rest of the item, which
clerk trial 4 (docs/clerk-trials.md) found passing without a word:

- the implementing body named as another department of the catalogue
  (``示范市公安局`` in an education item, #21), or nearly so
  (``示范市供电公司`` for 示范市供电有限公司 in a gas item, clerk trial 8,
  #19: ``near_name``): a warning, since an item may be entrusted (受委托)
  to another body;
- a step no path of the flow leads to (an ``end: true`` added to a middle
  step, #38): an error, since the flowchart would draw it adrift; the flow
  is the one drawn (``outputs/flowchart/graph.successors``); when the
  ``end: true`` before it is named by no branch, the branch is offered
  first (clerk trial 5, 14B), and a step reached only from one reported is
  not reported again; a branch deleted since the last commit whose return
  makes it reachable is named first, with its committed line
  (``checks/mistakes/lost_branches.py``; clerk trial 6, #43); an ``end: true``
  whose removal brings it back is told at that line, naming every step it
  cuts off, as added since the last commit when it was (clerk trial 14,
  #41: it was told at the next step, and a later step "没有环节接到它");
  otherwise a ``next:`` jumping over it is named, at that line (clerk trial 7,
  #22); the steps a told fix brings back are not told again;
- ``charged: true`` without any fee item (#39) and more than one visit
  without ``visit_reason`` (#16): warnings at that line.  Both are also
  gaps (``checks/gaps.py``), which plain ``check`` only counts; the warning
  says where and what to write, and does not hold imported data back;
- ``visits: 0`` (零跑动) on an item whose every form of handling needs the
  office (window, self-service terminal; no online or mail form), unless
  cancelled: a warning at the ``visits`` line (county trial 2, #6: 732 of the 781
  records of a real export state 0 visits, 5 of them window-only; the
  guide element 到办事现场次数 counts trips to the office, and an item
  handled only there needs at least one).

Each rule yields ``rules.Finding``s (key path, message key in
generator/locales/zh.yaml, values, severity).
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from typing import Callable, Iterator

from generator.catalogue import Catalogue, Entry
from generator.checks.mistakes.lost_branches import LostBranch, added_ends, lost_branches, restore_lines
from generator.checks.model import Branch
from generator.checks.mistakes.phones import check_item_phones
from generator.checks.mistakes.copies import copied_from
from generator.checks.rules import Finding
from generator.messages import label

# Forms of handling (model Channels.forms) that need no trip to the office.
REMOTE_FORMS = frozenset({"online", "mail"})


def check_item(entry: Entry, cat: Catalogue, form_words: tuple[str, ...]) -> Iterator[Finding]:
    """The findings above for one item.  ``form_words``: the locale's legal-form
    words, longest first (``rules.Vocabulary.name_form_words``), left out when a
    body's name is compared with the departments'."""
    item = entry.item
    yield from _body_of_other_department(entry, cat, form_words)
    yield from _unreachable_steps(item.steps or [], lambda: lost_branches(cat.history, entry.source, item.steps),
                                  lambda: added_ends(cat.history, entry.source, item.steps))
    yield from check_item_phones(item, cat)  # a digit lost or added (clerk trial 6, #32)
    fees = item.fees
    if fees is not None and fees.charged and not fees.items:
        yield Finding(("fees", "charged"), "charged_without_items", severity="warning")
    if item.visits is not None and item.visits > 1 and not item.visit_reason:
        yield Finding(("visits",), "visits_without_reason", {"visits": item.visits}, severity="warning")
    channels = item.channels
    if item.visits == 0 and channels is not None and not REMOTE_FORMS & set(channels.forms) \
            and item.status != "cancelled":  # a cancelled item's page shows its status only
        yield Finding(("visits",), "zero_visits_on_site_only",
                      {"forms": "、".join(label("forms", f) for f in channels.forms)}, severity="warning")


def _body_of_other_department(entry: Entry, cat: Catalogue, words: tuple[str, ...]) -> Iterator[Finding]:
    body = entry.item.implementing_body
    own = cat.department.get(entry.department)
    if body is None or own is None or not body.name:
        return
    name = "".join(body.name.split())
    if name == "".join(own.name.split()):
        return
    if near_name(body.name, own.name, words):
        return  # its own department, not exactly as registered: not another department's
    others = [d for d in cat.departments if d.id != own.id]
    exact = next((d for d in others if "".join(d.name.split()) == name), None)
    other = exact or next((d for d in others if near_name(body.name, d.name, words)), None)
    if other is None or copied_from(entry, cat):  # a copy of that department's item: told at its code (trial 7, #33)
        return
    if exact and body.nature in ("entrusted", "authorized"):
        return  # as the hint says: entrusted to (or authorized) that department, by its exact name
    yield Finding(("implementing_body", "name"), "body_other_department" if exact else "body_near_department", {
        "body": body.name, "other": other.id, "other_name": other.name, "department": own.id,
        "own": own.name}, "warning")


# Remembered: every item's implementing body is compared with every department
# (0.16 of 1,603 items' check CPU-s before; the same few names come again and again).
@functools.lru_cache(maxsize=4096)
def near_name(written: str, registered: str, form_words: tuple[str, ...] = ()) -> bool:
    """True when ``written`` is not ``registered`` but nearly: the same once
    spaces, full-width forms and the legal-form words ``form_words`` are left
    out (示范市供电公司 for 示范市供电有限公司; ``name_form_words`` in
    generator/locales/zh.yaml), or one character apart in names of at least
    5 characters, that character being no number (示范市供电有现公司; not
    示范市第二人民医院 for 第一).  Clerk trial 8, #19: only the exact name of
    another department was told."""
    def plain(text: str, drop: tuple[str, ...]) -> str:
        text = "".join(unicodedata.normalize("NFKC", text).split())
        for word in drop:
            text = text.replace(word, "")
        return text
    a, b = plain(written, ()), plain(registered, ())
    if a == b:
        return False
    return plain(a, form_words) == plain(b, form_words) or _one_apart(a, b) \
        or _one_apart(plain(a, form_words), plain(b, form_words))


_NUMERALS = set("0123456789零〇一二三四五六七八九十百千")


def _one_apart(a: str, b: str) -> bool:
    """One character replaced, added or left out, and it is no numeral."""
    if min(len(a), len(b)) < 5:
        return False
    edits = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(edits) != 1:
        return False
    _, i1, i2, j1, j2 = edits[0]
    return i2 - i1 <= 1 and j2 - j1 <= 1 and not set(a[i1:i2] + b[j1:j2]) & _NUMERALS


def _branches_to_the_next(steps, succ: list) -> Iterator[Finding]:
    """A branch leading to the step the flow goes to anyway: every case then
    passes through that step and goes on after it (clerk trial 6, #34: a
    refusal step that lost its ``end: true`` sent everyone through 不予认定
    on to 认定).  Only when the flow goes on after that step (a last step
    reached by a branch is a conditional last step).  A warning: a source
    may write the usual way as a branch."""
    ids = {s.id: i for i, s in enumerate(steps)}
    for i, step in enumerate(steps):
        for j, branch in enumerate(step.branches):
            k = ids.get(branch.to)
            if not step.end and k is not None and k == succ[i] and succ[k] is not None:  # and flows on from there
                yield Finding(("steps", i, "branches", j), "branch_to_next_anyway", {
                    "when": branch.when, "name": steps[k].name, "id": branch.to, "step": step.name,
                    "after": steps[succ[k]].name}, "warning")


def _reached(steps, start: int = 0) -> set[int]:
    """Indexes of the steps reached from the ``start``-th (the first), in the flow as drawn."""
    from generator.outputs.flowchart.graph import successors  # the flow as drawn
    ids = {s.id: i for i, s in enumerate(steps)}
    succ = successors(steps)
    reached, todo = {start}, [start]
    while todo:
        i = todo.pop()
        for j in [succ[i], *(ids.get(b.to) for b in steps[i].branches)]:
            if j is not None and j not in reached:
                reached.add(j)
                todo.append(j)
    return reached


def _with(steps, k: int, **update) -> list:
    """``steps`` with the ``k``-th step changed by ``update`` (a fix tried or told)."""
    return [*steps[:k], steps[k].model_copy(update=update), *steps[k + 1:]]


def _restoring(steps, lost: list[LostBranch], i: int) -> tuple[LostBranch, int, list] | None:
    """``(branch, k, flow)``: the branch deleted since the last commit whose
    return (to the ``k``-th step, giving ``flow``) makes step ``i``
    reachable; None when there is none."""
    where = {s.id: k for k, s in enumerate(steps)}
    for branch in lost:
        k = where[branch.step]
        flow = _with(steps, k, branches=[*steps[k].branches, Branch.model_construct(when=branch.when, to=branch.to)])
        if i in _reached(flow):
            return branch, k, flow
    return None


def _cutting_end(steps, reached: set[int], i: int, new_ends: set[str] | None) -> int | None:
    """The reached step ``k`` that says ``end: true`` when the flow without
    it reaches the unreachable step ``i``.  With the last commit compared
    (``new_ends``: ids of the steps whose ``end: true`` is new since), only
    an added one; else only an end on the main line (no branch or next names
    it: a refusal step a branch leads to ends there on purpose).  The nearest
    before ``i`` first."""
    named = {s.next for s in steps} | {b.to for s in steps for b in s.branches}
    for k in sorted(reached, key=lambda k: (k > i, -k if k < i else k)):
        step = steps[k]
        if not step.end or (step.id not in new_ends if new_ends is not None else step.id in named):
            continue
        if i in _reached(_with(steps, k, end=False)):
            return k
    return None


def _jumped_over(steps, reached: set[int], i: int) -> tuple[int, list[int]] | None:
    """``(k, recovered)`` when a reached step ``k`` before the unreachable
    step ``i`` has a ``next:`` jumping over it and writing ``next: <i's id>``
    there instead reaches ``i`` (with ``recovered``, the indexes of the steps
    that then become reachable) without losing a step reached now (clerk
    trial 7, #22: ``apply`` given ``next: print`` left check, refuse and issue
    adrift, and the message was at ``check``).  The nearest such step is
    taken; None when there is none (a refusal step jumped over on purpose
    fails the test: pointing the flow at it would leave the steps after it adrift)."""
    where = {s.id: j for j, s in enumerate(steps)}
    for k in sorted((j for j in reached if j < i), reverse=True):
        step = steps[k]
        if step.end or step.next is None or where[step.next] <= i:
            continue
        now = _reached([*steps[:k], step.model_copy(update={"next": steps[i].id}), *steps[k + 1:]])
        if i in now and reached <= now:
            return k, sorted(now - reached)
    return None


def _unreachable_steps(steps, committed: Callable[[], list[LostBranch]] = list,
                       added: Callable[[], set[str] | None] = lambda: None) -> Iterator[Finding]:
    """``committed``: the branches deleted since the last commit, ``added``:
    the ids of the steps whose ``end: true`` is new since, None when not
    compared (both read only when a step is unreachable: ``lost_branches``).
    Each cause is told once: the steps are then judged in the flow with the
    fixes told so far (clerk trial 14, #41: a step cut off by the same
    ``end: true`` was told "没有环节接到它"), and the steps led to from a step
    told without a fix are not told again."""
    ids = {s.id for s in steps}
    if len(steps) < 2 or len(ids) != len(steps) or any(
            (s.next is not None and s.next not in ids) or any(b.to not in ids for b in s.branches) for s in steps):
        return  # duplicate ids and unknown targets are reported as such (rules._check_steps), not their knock-ons
    from generator.outputs.flowchart.graph import successors  # the flow as drawn
    succ = successors(steps)
    yield from _branches_to_the_next(steps, succ)
    reached = _reached(steps)
    if len(reached) == len(steps):
        return
    lost, new_ends = committed(), added()
    targets = {s.next for s in steps} | {b.to for s in steps for b in s.branches}
    flow = list(steps)  # with the fixes told so far; ``reached``: the steps it reaches
    covered: set[int] = set()  # led to from a step told without a fix
    for i, step in enumerate(steps):
        if i in reached or i in covered:
            continue
        before = flow[i - 1]
        values = {"id": step.id, "name": step.name, "before": before.name, "before_id": before.id}
        restoring = _restoring(flow, lost, i)
        if restoring is not None and restoring[0].block:  # the whole branches: deleted (clerk trial 9, #7)
            branch, k, _ = restoring
            flow = _with(flow, k, branches=[Branch.model_construct(when=b.when, to=b.to)
                                            for b in lost if b.step == branch.step])
            reached = _reached(flow)
            yield Finding(("steps", k, "id"), "step_unreachable_branches_deleted",
                          dict(values, via=steps[k].name, **restore_lines(branch)))
            continue
        if restoring is not None:  # deleted since the last commit (clerk trial 6, #43): say that first
            branch, k, flow = restoring
            reached = _reached(flow)
            yield Finding(("steps", k, "branches" if steps[k].branches else "id"), "step_unreachable_branch_deleted",
                          dict(values, line=branch.line, when=branch.when, to=branch.to, via=steps[k].name))
            continue
        k = _cutting_end(flow, reached, i, new_ends) if new_ends else None  # added since (clerk trial 14, #41)
        # An end step nothing names, reached only in list order: probably its branch was deleted (clerk trial 5, 14B).
        via = next((s for j, s in enumerate(steps) if succ[j] == i - 1 and s.branches), None)
        if k is None and before.end and before.id not in targets and via is not None:
            covered |= _reached(flow, i)
            yield Finding(("steps", i, "id"), "step_unreachable_lost_branch", dict(values, via=via.name))
            continue
        k = k if k is not None else _cutting_end(flow, reached, i, None)
        if k is not None:  # told at its end: true, with every step it cuts off
            flow = _with(flow, k, end=False)
            now = _reached(flow)
            yield Finding(("steps", k, "end"), _end_key(k, new_ends is not None and steps[k].id in new_ends), {
                "name": steps[k].name, "id": steps[k].id,
                "cut": "、".join(f"“{steps[j].name}”（{steps[j].id}）" for j in sorted(now - reached))})
            reached = now
            continue
        jump = _jumped_over(flow, reached, i)
        if jump is not None:  # said at the next: that jumps over it (clerk trial 7, #22)
            k, recovered = jump
            flow = _with(flow, k, next=steps[i].id)
            reached = _reached(flow)
            yield Finding(("steps", k, "next"), "step_skipped_by_next", dict(
                values, step=steps[k].name, step_id=steps[k].id, to=steps[k].next,
                skipped="、".join(f"“{steps[j].name}”（{steps[j].id}）" for j in recovered),
                skipped_ids="、".join(steps[j].id for j in recovered)))
            continue
        covered |= _reached(flow, i)  # led to from it: connecting this one brings them back
        yield Finding(("steps", i, "id"), "step_unreachable_after_end" if before.end else "step_unreachable", values)


def _end_key(k: int, added: bool) -> str:
    """The message key of an ``end: true`` that cuts the flow off (the first step's has one fix only)."""
    if k == 0:
        return "step_end_added_first" if added else "step_end_cuts_first"
    return "step_end_added" if added else "step_end_cuts"
