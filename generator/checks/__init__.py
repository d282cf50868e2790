"""Stage 2 — checks: the item model and the rules of the reform.

``model`` (pydantic models of items and registries), ``codes`` (item codes),
``rules`` (content rules from the source documents), ``validate`` (runs them
and turns findings into ``problems`` with file positions), ``schema`` (the JSON
Schema and the field reference derived from the model).
"""
