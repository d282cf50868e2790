"""Readable ids of new departments: the kind of a department, read off its name.

The shipped table ``department-ids.yaml`` (beside this module) lists the
standard kinds of Chinese government departments, most specific first::

    - id: human-resources                      # ^[a-z0-9][a-z0-9_-]{0,62}$
      keywords: [人力资源和社会保障, 人社]        # parts of names, full and short

:func:`kind_id` gives the id of the first entry one of whose keywords the
name contains (spaces and punctuation ignored, the region taken out
wherever it stands: 国家税务总局防城港市税务局 is ``tax``); ``None`` when
no keyword matches (the registry then falls back to pinyin initials).  A
county's own table (same shape), named by its mapping's ``department_ids:``,
is tried before the shipped one (:func:`load_kinds`).  Source of the
keywords: the department names of the two real exports the importer was
built on (防城港市 full names, 广安区 short names; the table's header).

Raises :class:`~.mapping.MappingError` (Chinese message with the file and
line) for a table that is not a list of ``{id, keywords}`` entries.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

from .texts import t

TABLE = Path(__file__).parent / "department-ids.yaml"
ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_PUNCT = re.compile(r"[\s　，,。.、；;：:（）()【】\[\]“”\"'·-]+")

Kinds = tuple  # ((id, (keyword, …)), …) in the order they are tried


def _plain(text: str) -> str:
    return _PUNCT.sub("", text or "")


def read_table(path: Path) -> Kinds:
    """The entries of one table file, in order.  Raises MappingError."""
    from .mapping import MappingError
    if not path.is_file():
        raise MappingError(t("map_ids_missing", path=path))
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MappingError(t("map_ids_yaml", path=path, error=exc)) from None
    if data is None:
        return ()
    if not isinstance(data, list):
        raise MappingError(t("map_ids_entry", path=path, line=node.start_mark.line + 1))
    kinds = []
    for entry, at in zip(data, node.value):
        keywords = entry.get("keywords") if isinstance(entry, dict) else None
        if (not isinstance(entry, dict) or set(entry) - {"id", "keywords"}
                or not ID.match(str(entry.get("id") or "")) or not isinstance(keywords, list)
                or not keywords or not all(isinstance(k, str) and _plain(k) for k in keywords)):
            raise MappingError(t("map_ids_entry", path=path, line=at.start_mark.line + 1))
        kinds.append((entry["id"], tuple(_plain(k) for k in keywords)))
    return tuple(kinds)


@lru_cache(maxsize=None)
def _shipped() -> Kinds:
    return read_table(TABLE)


def load_kinds(own: Optional[Path] = None) -> Kinds:
    """The county's table ``own`` (if any) before the shipped one."""
    return (read_table(own) if own else ()) + _shipped()


def kind_id(name: str, kinds: Kinds, region: str = "") -> Optional[str]:
    """The id of the first kind whose keyword ``name`` contains, without
    ``region``; None when none does."""
    plain = _plain(name)
    if region and plain != region:
        plain = plain.replace(region, "")
    for kind, keywords in kinds:
        if any(k in plain for k in keywords):
            return kind
    return None
