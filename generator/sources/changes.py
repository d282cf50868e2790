"""What changed in an item, in plain Chinese: one line per element.

``describe(before, after)`` compares two versions of an item file (its YAML
data, as ``yaml.safe_load`` gives it) element by element, in the order of
the model (checks/model.py), and names each element by its Chinese title
(``checks.gaps.element_title``, from the model's titles and the locale
file), e.g.::

    申请材料：增加“户口簿”；删除“照片”
    办理时限·承诺办结时限：10 个工作日 → 5 个工作日
    主要内容：已修改

Lists of named things (materials, steps, fees …) are compared by name:
added, removed and modified entries are named.  Short values are shown as
"before → after"; a long text only as modified (the page shows it whole).
Enumerated values show their labels (locale ``labels``).  A file that is
not an item (unreadable YAML) gives one line saying so.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from generator.messages import label, labels, page_texts

SHORT = 30  # characters: longer texts are said to be modified, not quoted
# The field naming an entry of a list of things, per list.
_NAMED = {"materials": "name", "steps": "name", "variants": "name", "legal_basis": "law", "faq": "question",
          "special_procedures": "name", "offices": "office", "items": "name"}
_SKIP = {"reviewed", "maintainer", "version"}  # upkeep, not a change of the service


def _t(key: str) -> str:
    return page_texts()[key]


@lru_cache(maxsize=None)
def _order() -> tuple[str, ...]:
    from generator.checks.model import Item
    return tuple(Item.model_fields)


def _title(path: str) -> str:
    from generator.checks.gaps import element_title
    try:
        return element_title(path)
    except Exception:  # a key the model does not know (an old file): its own name
        return path


def _value(value, field: str = "") -> str:
    """A short value as a reader reads it."""
    if value is None:
        return _t("history_not_stated")
    if isinstance(value, bool):
        return _t("history_yes") if value else _t("history_no")
    if isinstance(value, (dt.date, int, float)):
        return str(value)
    if isinstance(value, str):
        group = labels(field) if field else {}
        return str(group.get(value, value))
    if isinstance(value, dict) and "unit" in value:  # a time limit
        unit = value.get("unit")
        if unit == "immediate":
            return label("unit", "immediate")
        return f"{value.get('value', 0)} {label('unit', unit)}"
    if isinstance(value, list):
        return "、".join(_value(v, field) for v in value)
    return ""


def _short(value) -> bool:
    text = _value(value) if not isinstance(value, dict) or "unit" in value else ""
    return bool(text) and len(text) <= SHORT and "\n" not in text


def _entry_name(entry, field: str) -> str:
    if isinstance(entry, dict):
        return str(entry.get(_NAMED.get(field, "name")) or entry.get("name") or "")
    return str(entry)


def _quote(name: str, field: str) -> str:
    text = _value(name, field)
    return f"“{text[:SHORT]}…”" if len(text) > SHORT else f"“{text}”"


def _list_lines(title: str, field: str, before: list, after: list) -> list[str]:
    """Entries of a list compared by their name (or by value for plain lists)."""
    old = {_entry_name(e, field): e for e in before}
    new = {_entry_name(e, field): e for e in after}
    parts = []
    added = [n for n in new if n not in old]
    gone = [n for n in old if n not in new]
    edited = [n for n in new if n in old and new[n] != old[n]]
    if added:
        parts.append(_t("history_added").format(what="、".join(_quote(n, field) for n in added)))
    if gone:
        parts.append(_t("history_removed").format(what="、".join(_quote(n, field) for n in gone)))
    if edited:
        parts.append(_t("history_edited").format(what="、".join(_quote(n, field) for n in edited)))
    if not parts and before != after:
        parts.append(_t("history_reordered"))
    return [f"{title}：{'；'.join(parts)}"] if parts else []


@lru_cache(maxsize=None)
def _default(path: str):
    """The value the model gives a key a file leaves out (``status`` is
    in_use, a flag false, a list empty); None for an element not stated."""
    from pydantic_core import PydanticUndefined

    from generator.checks.model import Item
    from generator.checks.schema_errors import walk
    _, info = walk(Item, tuple(path.split(".")))
    if info is None:
        return None
    if info.default_factory is not None:
        value = info.default_factory()
        return value if isinstance(value, (list, bool, str, int)) else None
    return None if info.default is PydanticUndefined else info.default


def _lines(path: str, before, after) -> list[str]:
    before = _default(path) if before is None else before
    after = _default(path) if after is None else after
    if before == after:
        return []
    field = path.rsplit(".", 1)[-1]
    title = _title(path)
    if isinstance(before, list) or isinstance(after, list):
        return _list_lines(title, field, before if isinstance(before, list) else [],
                           after if isinstance(after, list) else [])
    if isinstance(before, dict) and isinstance(after, dict) and "unit" not in before and "unit" not in after \
            and path.count(".") == 0:
        found = []
        for sub in dict.fromkeys([*before, *after]):
            found += _lines(f"{path}.{sub}", before.get(sub), after.get(sub))
        return found
    if (before is None or _short(before)) and (after is None or _short(after)):
        return [f"{title}：{_value(before, field)} → {_value(after, field)}"]
    if before is None:
        return [f"{title}：{_t('history_now_stated')}"]
    if after is None:
        return [f"{title}：{_t('history_no_longer_stated')}"]
    return [f"{title}：{_t('history_modified')}"]


def describe(before, after) -> list[str]:
    """The lines saying how ``after`` differs from ``before`` (item data as
    dicts; None when a version could not be read).  [] when nothing an
    item states changed (comments, formatting, the review date)."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [_t("history_unreadable")] if before is not None or after is not None else []
    order = {k: n for n, k in enumerate(_order())}
    keys = sorted(dict.fromkeys([*before, *after]), key=lambda k: (order.get(k, len(order)), str(k)))
    found = []
    for key in keys:
        if key in _SKIP:
            continue
        found += _lines(str(key), before.get(key), after.get(key))
    return found
