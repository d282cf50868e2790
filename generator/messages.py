"""Messages editors read, in the catalogue's language (config ``language``).

Texts live in ``locales/<language>.yaml`` so a fork can translate them without
touching code.  ``say("key", **values)`` returns (message, hint).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import yaml

LOCALES = Path(__file__).parent / "locales"
_language = "zh"
_edition: dict | None = None  # the site texts of the edition being rendered (use_edition), None: the catalogue's


def language_code(language: str) -> str:
    """``"zh-CN"`` -> ``"zh"``; "" for anything that is not a language code
    (it names a file under locales/, so never a path)."""
    code = language.split("-")[0].split("_")[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else ""


@lru_cache(maxsize=None)
def known_languages() -> tuple[str, ...]:
    """The languages with a complete locale file, e.g. ``("zh",)``: one with
    the clerks' ``messages``.  Edition files (``en.yaml``: the site texts of
    the English edition only, outputs/edition_texts.py) and overrides
    (``zh-Hant.overrides.yaml``) are not catalogue languages."""
    return tuple(sorted(p.stem for p in LOCALES.glob("*.yaml")
                        if "." not in p.stem and "messages" in _catalogue(p.stem)))


def set_language(language: str) -> None:
    """Messages in ``language`` from now on (zh when it has no locale file;
    the catalogue block refuses such a language: config.py)."""
    global _language
    code = language_code(language)
    _language = code if code in known_languages() else "zh"


@lru_cache(maxsize=None)
def _catalogue(language: str) -> dict:
    with open(LOCALES / f"{language}.yaml", encoding="utf-8") as f:
        return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def say(msg: str, **values) -> tuple[str, str]:
    entry = _catalogue(_language)["messages"][msg]
    if isinstance(entry, str):
        return entry.format(**values), ""
    return entry["message"].format(**values), entry.get("hint", "").format(**values)


_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")


def quoted(text, limit: int = 60) -> str:
    """``text`` as a message quotes it: on one line, each line break (CR LF,
    LF, CR, U+0085, U+2028/2029 …) shown as ⏎, and cut to ``limit`` characters
    ending with … when it is longer.  Every problem ``make check`` prints is
    one ``file:line:col: …`` line; a quote broke it in two, cut mid-sentence
    without saying so (county trial 2, #12)."""
    flat = _LINE_BREAK.sub("⏎", str(text))
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def quoted_apart(first, second, limit: int = 60) -> tuple[str, str]:
    """``first`` and ``second`` quoted (see ``quoted``) so that the two quotes
    differ: when both would be cut to the same start, each is cut around the
    first character where they differ ("…钱当天到账" / "…钱次日到账"), with
    "…" in front; a clerk told a key was written twice could not tell the
    two values apart (clerk trial 19, #18)."""
    one, two = quoted(first, limit), quoted(second, limit)
    if one != two or str(first) == str(second):
        return one, two
    a, b = _LINE_BREAK.sub("⏎", str(first)), _LINE_BREAK.sub("⏎", str(second))
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    start = max(0, at - limit // 3)
    return tuple(("…" if start else "") + quoted(text[start:], limit - 1) for text in (a, b))


@contextmanager
def use_edition(texts: dict | None):
    """Within the block, ``page_texts``, ``label(s)`` and ``search_texts``'
    filler and ui read *texts* (an edition's site texts, shaped as
    ``outputs/edition_texts.site_part``: page, labels groups, search); groups
    and keys it lacks, and the clerks' messages, stay the catalogue's.  None:
    no change.  Not thread-safe (one edition rendered at a time)."""
    global _edition
    before, _edition = _edition, (texts if texts is not None else _edition)
    try:
        yield
    finally:
        _edition = before


def _labels(group: str) -> dict:
    if _edition is not None and group in _edition["labels"]:
        return _edition["labels"][group]
    return _catalogue(_language)["labels"].get(group, {})


def label(group: str, value) -> str:
    """The display label of an enumerated value (e.g. necessity=required -> 必要)."""
    return str(_labels(group).get(value, value))


def labels(group: str) -> dict:
    return dict(_labels(group))


def ui(key: str) -> str:
    return _catalogue(_language)["ui"][key]


def page_texts() -> dict:
    """The interface text of the generated pages (templates' ``t``)."""
    if _edition is not None:
        return {**_catalogue(_language)["page"], **_edition["page"]}
    return dict(_catalogue(_language)["page"])


def page_text(key: str) -> str:
    """``page_texts()[key]`` without copying the ~300 texts (helpers called
    several times per item page read their texts through this).  KeyError
    for an unknown key."""
    if _edition is not None and key in _edition["page"]:
        return _edition["page"][key]
    return _catalogue(_language)["page"][key]


def search_texts() -> dict:
    """Filler words and interface texts of the search engine (locale ``search:``)."""
    if _edition is not None:
        return {**_catalogue(_language)["search"], **_edition["search"]}
    return dict(_catalogue(_language)["search"])


def yaml_problem(problem: str) -> str:
    """The parser's (English) description of a syntax error, in the catalogue's
    language where the locale file knows it; the original text otherwise."""
    known = _catalogue(_language).get("yaml_problems", {})
    for english, text in known.items():
        if problem.startswith(english):
            return text
    return problem
