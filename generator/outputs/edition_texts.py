"""The site texts of each edition (``zh``, ``zh-Hant``, ``en``): what the
generated pages print, in the shape of the locale file's sections.

Only what readers see is per edition: ``page`` (templates' ``t``), the
enumerated ``labels`` groups the pages print (:data:`SITE_LABELS`) and the
search box's ``search`` texts (:data:`SITE_SEARCH`).  Messages for clerks
(``ui``, ``messages``, ``import``, the check vocabularies) stay in the
catalogue's language (config ``language``): clerks work in one language, and
a message half-translated would be worse than one in Chinese.

* ``zh``: ``generator/locales/zh.yaml`` as it is.
* ``zh-Hant``: the same sections converted by OpenCC at build time
  (``outputs/editions.py``), then ``locales/zh-Hant.overrides.yaml`` laid on
  top (a reviewed file: only the texts where the converted wording is not what
  a traditional-character reader expects).  Nothing is committed twice.
* ``en``: ``generator/locales/en.yaml``, written by hand; it holds exactly the
  keys above with the same ``{placeholders}`` (tests/outputs/test_edition_texts.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from generator.messages import LOCALES, language_code

EDITIONS = ("zh", "zh-Hant", "en")
# Where each edition's pages go under the site, and its hreflang (BCP 47).
EDITION_PATHS = {"zh": "", "zh-Hant": "zh-hant/", "en": "en/"}
HREFLANG = {"zh": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en"}
# The labels groups the pages print (templates' |label, outputs/*.py label()).
SITE_LABELS = ("marks", "step_tag", "status", "kind", "nature", "necessity", "form", "original", "source",
               "unit", "handling_type", "forms", "online_depth", "scope", "type", "delivery", "holidays",
               "days", "facilitation")
# The search engine's texts (outputs/search.py: filler words and the box's texts).
SITE_SEARCH = ("filler", "ui")
OVERRIDES = "zh-Hant.overrides.yaml"


def _read(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


def site_part(catalogue: dict) -> dict:
    """The reader-facing sections of a locale catalogue (a full one like
    zh.yaml, or an edition file): ``{"page": {...}, "labels": {group: {...}},
    "search": {"filler": [...], "ui": {...}}}``.  Raises KeyError when a
    group or section is missing."""
    return {"page": dict(catalogue["page"]),
            "labels": {g: dict(catalogue["labels"][g]) for g in SITE_LABELS},
            "search": {k: catalogue["search"][k] for k in SITE_SEARCH}}


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return out


@lru_cache(maxsize=None)
def edition_texts(edition: str, language: str = "zh") -> dict:
    """The site texts of ``edition`` (one of :data:`EDITIONS`), shaped as
    :func:`site_part`.  ``language``: the catalogue's own language, whose file
    the traditional edition is converted from.  Raises ValueError for an
    edition not in :data:`EDITIONS` (config.py refuses those first)."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}")
    if edition == "en":
        return site_part(_read(LOCALES / "en.yaml"))
    base = site_part(_read(LOCALES / f"{language_code(language) or 'zh'}.yaml"))
    if edition == "zh":
        return base
    from generator.outputs.editions import Traditional

    converted = Traditional().data(base)
    converted["search"]["filler"] = base["search"]["filler"]  # queries are folded to simplified first
    overrides = LOCALES / OVERRIDES
    return _merge(converted, _read(overrides)) if overrides.exists() else converted
