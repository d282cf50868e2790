"""Stage 1 — the base catalogue (基本目录) that a county's implementation list
(实施清单) extends.

A county pins the base as a file of its own project, named by ``base_catalogue``
in mkdocs.yml's ``catalogue`` block (``config.py``): the base's open-data
export ``catalogue.json`` as the base's site publishes it
(``outputs/opendata/json_export.py``: ``{title, publisher, …, items: [{key,
department, url, item}]}``).  A county item names a base item with
``extends: <code>`` (``checks/inherit.py`` merges the two).

Only the records an item extends are validated against the model, so a base
of thousands of items costs one JSON parse.  Problems are ``Problem``s with
the base file's line and column; nothing raises to the user.
"""

from __future__ import annotations

import hashlib
import json
import stat
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from generator.checks.model import Item
from generator.checks.problems import Problem, ProblemsFound
from generator.messages import say
from generator.sources.files import inside

MAX_BASE_BYTES = 200 * 1024 * 1024  # a 20,000-item export is about 60 MB
CODE_KEYS = ("implementation_code", "local_code", "code")  # the codes ``extends`` may name, besides the key


@dataclass(frozen=True)
class BaseRecord:
    """One item of the base as exported: its key, page address and item data
    (JSON values, elements not stated left out)."""

    key: str
    url: str
    item: dict

    @property
    def name(self) -> str:
        name = self.item.get("name")
        return name if isinstance(name, str) else ""

    @property
    def digest(self) -> str:
        """SHA-256 (hex) of the item's data in a canonical form: what a county
        records when it accepts this version (``checks/inheritance.py``)."""
        return digest(self.item)


@dataclass
class BaseCatalogue:
    display: str  # the file as configured, e.g. base/catalogue.json
    title: str
    publisher: str
    records: dict[str, BaseRecord] = field(default_factory=dict)  # key -> record
    by_code: dict[str, list[str]] = field(default_factory=dict)  # a code -> the keys of the records with it

    def find(self, code: str) -> tuple[BaseRecord | None, list[str]]:
        """The record ``code`` names (its key, implementation, local or basic
        code), or (None, the keys it could mean: several or none)."""
        if code in self.records:
            return self.records[code], [code]
        keys = self.by_code.get(code, [])
        if len(keys) == 1:
            return self.records[keys[0]], keys
        return None, keys


# The last base file read, by (path, name, size, modification time).
_read: dict[tuple, BaseCatalogue] = {}


def digest(data) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _problem(display: str, line: int, column: int, key: str, **values) -> Problem:
    message, hint = say(key, **values)
    return Problem(display, line, column, message, hint)


def load_base(root: Path, relative: str) -> BaseCatalogue:
    """The base catalogue file ``relative`` (to ``root``).  Raises
    ProblemsFound: missing, outside the project, too large, not JSON (with
    its line and column), or not an open-data export."""
    path = root / relative
    if not path.exists():
        raise ProblemsFound([_problem("mkdocs.yml", 1, 1, "base_missing", file=relative)])
    if not inside(path, root):
        raise ProblemsFound([_problem(relative, 1, 1, "symlink_outside")])
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise ProblemsFound([_problem(relative, 1, 1, "special_file")])
        if st.st_size > MAX_BASE_BYTES:
            raise ProblemsFound([_problem(relative, 1, 1, "too_large", size=st.st_size // 1024,
                                          limit=MAX_BASE_BYTES // 1024)])
        stamp = (str(path.resolve()), relative, st.st_size, st.st_mtime_ns)
        if stamp in _read:  # `mkdocs serve` rebuilds in the same process: the unchanged base is not parsed again
            return _read[stamp]
        raw = path.read_bytes()
    except OSError as exc:
        raise ProblemsFound([_problem(relative, 1, 1, "unreadable", detail=exc.strerror or str(exc))]) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ProblemsFound([_problem(relative, 1, 1, "base_not_json", detail="UTF-8")]) from None
    except json.JSONDecodeError as exc:
        raise ProblemsFound([_problem(relative, exc.lineno, exc.colno, "base_not_json", detail=exc.msg)]) from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ProblemsFound([_problem(relative, 1, 1, "base_not_export")])
    base = BaseCatalogue(relative, _text(data.get("title")), _text(data.get("publisher")))
    for index, record in enumerate(data["items"]):
        key = record.get("key") if isinstance(record, dict) else None
        item = record.get("item") if isinstance(record, dict) else None
        if not isinstance(key, str) or not isinstance(item, dict):
            raise ProblemsFound([_problem(relative, 1, 1, "base_bad_record", index=index + 1)])
        base.records[key] = BaseRecord(key, _text(record.get("url")), item)
        for code_key in CODE_KEYS:
            code = item.get(code_key)
            if isinstance(code, str) and code != key:
                keys = base.by_code.setdefault(code, [])
                if key not in keys:
                    keys.append(key)
    _read.clear()
    _read[stamp] = base
    return base


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def python_item(record: BaseRecord) -> tuple[dict | None, str]:
    """The record's item as the county's data would hold it (Python values:
    dates as dates, defaults left out), validated by the model; or (None, the
    first problem: ``element path: pydantic's error type``)."""
    try:
        item = Item.model_validate_json(json.dumps(record.item, ensure_ascii=False), strict=True)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error.get("loc", ()))
        return None, f"{where}: {error.get('type', '')}"
    return item.model_dump(exclude_defaults=True), ""
