"""Caches that keep `mkdocs serve` rebuilds within 3 s (issue 13): what they
keep must never show a stale result."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from generator.checks import content_rules
from generator.checks.validate import _vocabulary
from generator.checks.model import Item
from generator.outputs.templating import CompiledTemplates


def _env(source: str, cache: CompiledTemplates) -> Environment:
    return Environment(loader=DictLoader({"page.html": source}), bytecode_cache=cache)


def test_compiled_templates_are_reused_across_environments_and_recompiled_when_edited(monkeypatch):
    cache = CompiledTemplates()
    assert _env("Hello {{ name }}", cache).get_template("page.html").render(name="a") == "Hello a"
    assert len(cache.compiled) == 1
    compiled = []
    original = Environment.compile

    def counting(self, *args, **kwargs):
        compiled.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    # A new environment (each serve rebuild has one): the template is not compiled again.
    assert _env("Hello {{ name }}", cache).get_template("page.html").render(name="b") == "Hello b"
    assert compiled == []
    # An edited template is compiled again and shows the edit.
    assert _env("Bye {{ name }}", cache).get_template("page.html").render(name="c") == "Bye c"
    assert len(compiled) == 1


def test_placeholder_findings_follow_the_item_object():
    vocab = _vocabulary()
    left = Item.model_validate({"name": "x", "conditions": [vocab.placeholder + "条件"]})
    clean = Item.model_validate({"name": "x", "conditions": ["年满十八周岁"]})
    first = [f.key for f in content_rules._check_placeholders(left, vocab)]
    assert first == ["placeholder_left"]
    assert [f.key for f in content_rules._check_placeholders(left, vocab)] == first  # from the cache, same findings
    assert list(content_rules._check_placeholders(clean, vocab)) == []
