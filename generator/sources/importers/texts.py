"""Texts a clerk reads (summary, report, reasons): the ``import:`` block of
``generator/locales/<language>.yaml``.  ``t("key", **values)`` formats one."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LOCALES = Path(__file__).resolve().parents[2] / "locales"


@lru_cache(maxsize=None)
def _texts(language: str = "zh") -> dict:
    path = LOCALES / f"{language}.yaml"
    if not path.exists():
        path = LOCALES / "zh.yaml"
    with open(path, encoding="utf-8") as f:
        data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    return data.get("import") or {}


def t(name: str, /, **values) -> str:
    """The text ``name`` with ``values`` filled in (the name itself if missing)."""
    text = _texts().get(name, name)
    return text.format(**values) if values else text
