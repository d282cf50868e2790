"""Validated items hold one fields set per distinct combination of stated
fields (checks/compact.py; docs/performance.md, "Three editions at 20,369
items: the main process"): the demo city's items as the check reads them,
and as the traditional edition converts them."""

from __future__ import annotations

from collections import Counter

import pytest
from pydantic import BaseModel, ValidationError

from generator.checks.compact import share_fields_sets
from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.outputs.editions import Traditional
from tests.mini_catalogue import DEMO


def _models(value) -> list[BaseModel]:
    found, stack = [], [value]
    while stack:
        v = stack.pop()
        if isinstance(v, BaseModel):
            found.append(v)
            stack.extend(v.__dict__.values())
        elif isinstance(v, (list, tuple)):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.values())
    return found


@pytest.fixture(scope="module")
def demo():
    return build_catalogue(DEMO, read_settings(DEMO)).catalogue


def test_validated_items_share_their_fields_sets(demo):
    models = [m for e in demo.entries for m in _models(e.item)]
    sets = {id(m.__pydantic_fields_set__): m.__pydantic_fields_set__ for m in models}
    # Every model with the same stated fields points at the same set: as many sets as combinations.
    assert len(sets) == len({frozenset(s) for s in sets.values()}), "two equal sets not shared"
    assert len(models) > 3 * len(sets), (len(models), len(sets))  # the point of it: far fewer sets than models
    shared = Counter(id(m.__pydantic_fields_set__) for m in models)
    assert max(shared.values()) > 10


def test_sharing_changes_nothing_a_model_says(demo):
    entry = next(e for e in demo.entries if e.item.steps and e.item.materials)
    own = entry.item.model_validate(entry.item.model_dump(exclude_unset=True))  # a fresh copy: sets of its own
    fresh_sets = [frozenset(m.__pydantic_fields_set__) for m in _models(own)]
    before = own.model_dump(exclude_unset=True), own.model_dump_json(exclude_unset=True)
    share_fields_sets(own)
    assert [frozenset(m.__pydantic_fields_set__) for m in _models(own)] == fresh_sets
    assert (own.model_dump(exclude_unset=True), own.model_dump_json(exclude_unset=True)) == before
    assert own == entry.item
    with pytest.raises(ValidationError):  # frozen: no assignment can add to a shared set
        own.name = "改"
    copied = own.model_copy(update={"name": "改"})
    assert copied.__pydantic_fields_set__ is not own.__pydantic_fields_set__  # model_copy copies the set


def test_a_model_that_is_not_frozen_keeps_its_own_set():
    class Loose(BaseModel):
        a: int = 0

    one, two = Loose(a=1), Loose(a=2)
    share_fields_sets([one, two])
    assert one.__pydantic_fields_set__ is not two.__pydantic_fields_set__
    one.a = 3  # assignment adds to the set of this model only
    assert two.model_fields_set == {"a"}


def test_converted_items_share_them_too(demo):
    converter = Traditional()
    converted = [converter.item(e.item) for e in demo.entries[:20]]
    models = [m for item in converted for m in _models(item)]
    originals = {frozenset(m.__pydantic_fields_set__): m.__pydantic_fields_set__
                 for e in demo.entries for m in _models(e.item)}
    for m in models:  # the same shared set as the catalogue's own models with those fields
        key = frozenset(m.__pydantic_fields_set__)
        if key in originals:
            assert m.__pydantic_fields_set__ is originals[key]
