"""Enumerated values named as the site names them, for the change summary
(``checks/diff.py``; county trial 3, F10: ``make diff`` showed
``事项类型 | （未填） | public_service``).

- a value of a ``Literal`` field of the model (``forms``, ``unit``, ``form``,
  ``online_depth``, …) by the locale's label group of the field's name
  (``messages.label('forms', 'window')`` -> 窗口办理, as the templates do);
- a classification id of an item (``item_type``, ``levels``, ``audiences``,
  ``industries``, ``service_types``, ``topics``: ``rules.TERM_FIELDS``) by
  its term's name in ``content/taxonomies.yaml`` at that version.

A value with no name (a typo, an id not registered) is shown as written;
the check reports it.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

from generator.checks.model import Item
from generator.checks.rules import TERM_FIELDS
from generator.checks.schema_errors import walk
from generator.messages import labels


@dataclass
class Names:
    """How enumerated values are named in the summary.  ``terms``: the
    classification terms at the version before and after (taxonomy group,
    e.g. ``levels`` -> id -> name, from content/taxonomies.yaml); an id that
    version does not register is named by the other version, else shown as
    written (the check reports it)."""
    terms: tuple[dict, dict] = ({}, {})

    def shown(self, model, loc: tuple, value: Any, side: int) -> Any:
        """``value`` of the element at ``loc`` of ``model`` with each id
        replaced by its name; ``side``: 0 before, 1 after."""
        keys = [part for part in loc if isinstance(part, str)]
        if model is None or not keys:
            return value
        if model is Item and len(keys) == 1 and keys[0] in TERM_FIELDS:
            group = TERM_FIELDS[keys[0]]
            table = {**self.terms[1 - side].get(group, {}), **self.terms[side].get(group, {})}
        else:
            _, info = walk(model, loc)
            table = labels(keys[-1]) if info is not None and literals(info.annotation) else {}
        if not table:
            return value

        def name(v):
            return table.get(v, v) if isinstance(v, (str, int)) and not isinstance(v, bool) else v
        return [name(v) for v in value] if isinstance(value, list) else name(value)


def literals(annotation: Any) -> list:
    """The values of the ``Literal`` inside ``annotation`` (through Optional,
    list and Annotated), [] for none."""
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    return [v for arg in typing.get_args(annotation) for v in literals(arg)]


def terms(data: Any) -> dict:
    """Taxonomy group -> id -> name of a taxonomies.yaml's data ({} when unreadable)."""
    if not isinstance(data, dict):
        return {}
    return {group: {t["id"]: t["name"] for t in entries if isinstance(t, dict)
                    and isinstance(t.get("id"), str) and isinstance(t.get("name"), str)}
            for group, entries in data.items() if isinstance(entries, list)}
