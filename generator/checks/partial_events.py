"""Life events read only in part (a line refused, e.g. written twice, or a
syntax error leaving out the steps): their references (lead department,
audience, items) are still checked on what was read, so one slip does not
hide the rest of the file (clerk trial 6, #5, #6, #7)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from generator.catalogue import Catalogue
from generator.checks import rules_registries
from generator.checks.model import LifeEvent

if TYPE_CHECKING:  # pragma: no cover
    from generator.checks.registries import Sources

# Stands in for a life event's required elements when they cannot be read (a
# line written twice, a syntax error in the steps, a line deleted), so the
# rest is still checked (``partial.validate_partially``'s fill; clerk trial 13,
# #10: a duplicated ``lead_department`` line hid a wrong item code); never
# shown, and nothing is said about a stand-in (``check_partial_life_events``).
LIFE_EVENT_STAND_IN = {"id": "stand-in", "name": "—", "audience": "stand-in", "summary": "—",
                       "lead_department": "stand-in", "steps": [{"name": "—", "items": ["0"]}]}


def check_partial_life_events(src: Sources, cat: Catalogue, read: set[str]) -> None:
    """The references of each life event read only in part (a line refused,
    e.g. written twice): checked on what was read, unless a dropped part could
    be their reason, so one slip does not hide the rest (clerk trial 6, #5/#7)."""
    for display, partial in list(src.partials.items()):
        if display in read or not isinstance(partial.value, LifeEvent):
            continue
        event = partial.value
        if [s.model_dump(exclude_defaults=True) for s in event.steps] == LIFE_EVENT_STAND_IN["steps"]:
            event = event.model_copy(update={"steps": []})  # the steps were not read: nothing to check there
        stood_in = {key for key, value in LIFE_EVENT_STAND_IN.items() if getattr(event, key) == value}
        for finding in rules_registries.check_life_event(event, cat):
            path = partial.original(finding.path)
            if partial.touches(path) or path[:1] and path[0] in stood_in or \
                    finding.key.startswith("unknown_reference") and finding.values.get("value") in src.broken_ids:
                continue
            src.problems.append(src.finding(display, replace(finding, path=path), LifeEvent))
