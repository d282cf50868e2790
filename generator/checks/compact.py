"""Validated models held in less memory: one ``fields set`` per distinct
combination of stated fields, shared by every model that has it.

pydantic gives each model instance its own ``set`` of the field names the
source stated (``model_fields_set``: what ``model_dump(exclude_unset=True)``
and the "not stated" checks read).  An item is about 30 models (materials,
steps, durations, gaps...), and at 20,369 items those sets were 0.3 GB of
the build's 1.5 GB, though they hold only a few hundred distinct
combinations (docs/performance.md, "Three editions at 20,369 items: the
main process").  Sharing is safe only for a frozen model (``Strict``: no
attribute is ever assigned, so no set is ever added to; ``model_copy``
copies the set it changes); other models keep their own.
"""

from __future__ import annotations

from pydantic import BaseModel

# frozenset of field names -> the one set every model with those fields shares
_SHARED: dict[frozenset, set] = {}


def share_fields_sets(value: object) -> None:
    """Point each frozen model in *value* (a model, or lists, tuples and dict
    values of them, at any depth) at the shared set equal to its own
    ``__pydantic_fields_set__``.  Nothing a model says changes (same fields,
    same values, same ``model_fields_set``); returns None, raises nothing."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, BaseModel):
            if v.model_config.get("frozen"):
                own = v.__pydantic_fields_set__
                shared = _SHARED.setdefault(frozenset(own), own)
                if shared is not own:
                    object.__setattr__(v, "__pydantic_fields_set__", shared)
            stack.extend(x for x in v.__dict__.values() if isinstance(x, (BaseModel, list, tuple, dict)))
        elif isinstance(v, (list, tuple)):
            stack.extend(x for x in v if isinstance(x, (BaseModel, list, tuple, dict)))
        elif isinstance(v, dict):
            stack.extend(x for x in v.values() if isinstance(x, (BaseModel, list, tuple, dict)))
