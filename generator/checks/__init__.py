"""Stage 2 — checks: the item model and the rules of the reform.

``model`` (pydantic models of items; ``model_types``, ``model_registries``,
``model_english``, ``model_editions``), ``codes`` (item codes), ``rules``,
``content_rules``, ``consistency``, ``lifecycle``, ``registration`` (rules from
the source documents), ``registries`` and ``rules_registries`` (the shared
registries under ``content/``), ``validate`` (runs them and turns findings into
``problems`` with file positions; ``schema_errors`` words the model's errors,
``partial`` validates what can be read, ``entry_keys`` names registry entries
by id), ``gaps`` (what an item does not state; ``gap_lines``: those of the
items changed since the last commit, at their lines), ``schema`` (the JSON Schema and the field reference derived from the
model), ``inherit``/``inheritance`` (county items that extend a base
catalogue), ``diff`` (``diff_names``: ids by their Chinese names), ``baseline``,
``review_cli``, ``codeowners``,
``formats`` (reviewing a change and reporting to CI); ``mistakes/``: what a
clerk meant by a wrong value (docs/clerk-trials.md).
"""
