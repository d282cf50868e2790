"""The optional English texts of an item (``en:``; checks/model_english.py,
checks/english.py, issue 19): validated like the Chinese ones, matched to the
Chinese lists, and counted for data quality."""

from __future__ import annotations

from generator.checks.english import complete, english_coverage, usable_parts
from generator.checks.model import Item
from generator.sources.load import load_file
from tests.mini_catalogue import ITEM, MINI, check, copy_mini, original, position

GOOD = """en:
  name: First application for a resident ID card
  summary: For residents of the city aged 16 or over applying for their first ID card.
  conditions: [Permanent household registration in the city, Aged 16 or over]
  materials:
    - name: Household register
  steps:
    - {id: apply, name: Apply}
    - {id: deliver, name: Collect the card}
"""


def _with(tmp_path, block: str):
    root = copy_mini(tmp_path)
    text = original() + block
    (root / ITEM).write_text(text, encoding="utf-8")
    return root, text


def _item(block: str) -> Item:
    import yaml
    data = load_file(MINI / ITEM, positions=False).data
    data.update(yaml.safe_load(block))
    return Item.model_validate(data)


def test_matching_english_is_accepted(tmp_path):
    root, _ = _with(tmp_path, GOOD)
    assert [p for p in check(root) if p.key.startswith("en")] == []


def test_list_of_another_length_is_a_located_warning(tmp_path):
    root, text = _with(tmp_path, GOOD.replace("[Permanent household registration in the city, Aged 16 or over]",
                                              "[Aged 16 or over]"))
    [problem] = [p for p in check(root) if p.key.startswith("en")]
    assert problem.severity == "warning" and problem.file == ITEM
    assert problem.line == position(text, "conditions: [Aged")[0]
    assert "en.conditions 有 1 条" in problem.message and "2 条" in problem.message


def test_step_that_is_not_a_step_is_a_warning_naming_the_steps(tmp_path):
    root, _ = _with(tmp_path, GOOD.replace("{id: deliver,", "{id: collect,"))
    [problem] = [p for p in check(root) if p.key.startswith("en")]
    assert "collect" in problem.message and "deliver" in problem.hint and problem.severity == "warning"
    assert problem.key == "en.steps[1].id"
    root, _ = _with(tmp_path / "b", GOOD.replace("{id: deliver,", "{id: apply,"))
    [problem] = [p for p in check(root) if p.key.startswith("en")]
    assert "“apply”写了两次" in problem.message
    assert "steps" not in usable_parts(_item(GOOD.replace("{id: deliver,", "{id: apply,")))


def test_english_texts_follow_the_text_rules(tmp_path):
    # One line at most 200 characters, no hidden characters: the same rules as the Chinese texts.
    root, _ = _with(tmp_path, GOOD.replace("Apply}", "Ap\u200bply}").replace(
        "First application for a resident ID card", "x" * 201))
    found = [p for p in check(root) if p.is_error and p.key.startswith("en")]
    assert {p.key for p in found} == {"en.name", "en.steps[0].name"}, found
    root, _ = _with(tmp_path / "b", "en:\n  title: ID card\n")
    [problem] = [p for p in check(root) if p.is_error]
    assert problem.key.startswith("en") and "title" in problem.message


def test_usable_parts_and_coverage():
    good = _item(GOOD)
    assert usable_parts(good) == {"name", "summary", "conditions", "materials", "steps"}
    assert not complete(good)  # steps accept, supplement and decide have no English name
    partial = _item("en: {name: ID card, conditions: [Aged 16 or over]}")
    assert usable_parts(partial) == {"name"}  # one condition for two: shown in Chinese
    plain = _item("{}")
    cov = english_coverage([good, partial, plain])
    assert (cov.items, cov.with_english, cov.complete) == (3, 2, 0)
    assert cov.by_part["name"] == 2 and cov.by_part["conditions"] == 1 and cov.by_part["faq"] == 0
    steps = ", ".join(f"{{id: {s.id}, name: {s.id}}}" for s in good.steps)
    full = _item(GOOD.replace("  steps:\n    - {id: apply, name: Apply}\n    - {id: deliver, name: Collect the card}\n",
                              f"  steps: [{steps}]\n"))
    assert not good.faq and complete(full)  # every stated part in English, all steps
