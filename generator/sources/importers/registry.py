"""Departments and offices met in an export: matched to the registries, or new.

Existing entries are reused (a department by name, compared without spaces
and punctuation; an office by its address and stated name, however the
records spell them: ``offices.py``); new ones get an ASCII id and are *appended* as text
to ``content/departments.yaml`` / ``content/offices.yaml``: existing entries
and comments are never rewritten or reordered.

Ids match ``^[a-z0-9][a-z0-9_-]{0,62}$``.  A new department's id is the
readable id of its kind (``department_ids.kind_id``: the first entry of the
county's table, then of the shipped ``department-ids.yaml``, whose keyword
the name contains): 防城港市人力资源和社会保障局 and 区人社局 -> ``human-resources``.
A name no keyword matches gets the pinyin initials of the name (pypinyin),
after the region prefix of mkdocs.yml ``catalogue.region`` is removed:
防城港市某某中心 -> ``mmzx``; an office always does.  A taken id gets ``-2``,
``-3`` … (two departments of one kind: in import order).

An existing department keeps its id: matched by name in the registry, or by
the name the export gave it on an earlier import (``imports/<mapping>/
state.json`` ``departments``, :meth:`Registry.recall_departments`), so a
catalogue imported when ids were pinyin initials keeps them on re-import.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import yaml

from .department_ids import Kinds, kind_id, load_kinds
from .offices import Offices
from .writer import dump, ordered

ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


class _Tolerant(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !ENV: read them as null."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)


def catalogue_region(root: Path) -> str:
    """``catalogue.region`` of mkdocs.yml ("" when not set)."""
    path = root / "mkdocs.yml"
    if not path.exists():
        return ""
    with open(path, encoding="utf-8") as f:
        data = yaml.load(f, Loader=_Tolerant) or {}
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("catalogue"), dict):
            return str(plugin["catalogue"].get("region") or "")
    return ""


def initials(text: str, limit: int = 40) -> str:
    """Pinyin initials of the Chinese characters, other letters and digits
    kept, lower case: 市政务服务中心 -> szwfwzx."""
    from pypinyin import Style, lazy_pinyin
    parts = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")
    letters = re.sub(r"[^a-z0-9]", "", "".join(parts).lower())
    return letters[:limit]


def _compact(text: str) -> str:
    """Text for matching: without spaces and punctuation (an address written
    with or without a comma is the same address)."""
    return re.sub(r"[\s　，,。.、；;：:]+", "", text or "")


def _read_list(path: Path) -> list:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return [e for e in data if isinstance(e, dict)] if isinstance(data, list) else []


class Registry:
    """The departments and offices of the catalogue at ``root``, plus the
    new entries of this import (written by :meth:`write`)."""

    def __init__(self, root: Path, region: Optional[str] = None, kinds: Optional[Kinds] = None):
        """``kinds``: the table of department kinds (default: the shipped one,
        ``department_ids.load_kinds``)."""
        self.root = root
        self.kinds = load_kinds() if kinds is None else kinds
        self.region = catalogue_region(root) if region is None else region
        self.departments_path = root / "content" / "departments.yaml"
        self.offices_path = root / "content" / "offices.yaml"
        departments = _read_list(self.departments_path)
        offices = _read_list(self.offices_path)
        self.department_ids = {str(d.get("id")) for d in departments}
        self.by_name = {_compact(str(d.get("name"))): str(d.get("id")) for d in departments if d.get("name")}
        self.office_ids = {str(o.get("id")) for o in offices}
        self.offices = Offices(offices, self.region,
                               lambda text: self._new_id(_compact(text), self.office_ids, "office", 32))
        self.new_departments: list[dict] = []
        self.met: dict[str, str] = {}     # department name as the export wrote it -> id

    def _new_id(self, text: str, taken: set, fallback: str, limit: int = 40, base: str = "") -> str:
        """A free id: ``base`` (a kind's id), else the pinyin initials of ``text``."""
        if self.region and text.startswith(self.region) and len(text) > len(self.region):
            text = text[len(self.region):]
        base = base or initials(text, limit) or fallback
        if not ID.match(base):
            base = f"{fallback}-{base}"[:40]
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        return candidate

    def department(self, name: str, credit_code: Optional[str] = None) -> str:
        """The id of the department called ``name`` (new if unknown)."""
        key = _compact(name)
        if key not in self.by_name:
            kind = kind_id(key, self.kinds, self.region) or ""
            entry = {"id": self._new_id(key, self.department_ids, "dept", base=kind), "name": name}
            if credit_code:
                entry["credit_code"] = credit_code
            self.by_name[key] = entry["id"]
            self.new_departments.append(entry)
        self.met[name] = self.by_name[key]
        return self.by_name[key]

    def recall_departments(self, recorded: dict) -> None:
        """Names an earlier import met (``{name as exported: id}``, state.json)
        go to the id they went to, if the registry still has it (a county may
        rename a department in content/departments.yaml)."""
        for name, dept_id in (recorded or {}).items():
            if dept_id in self.department_ids:
                self.by_name.setdefault(_compact(name), dept_id)

    def office(self, address: str, name: Optional[str] = None, count: bool = True) -> str:
        """The id of the office at ``address`` (called ``name`` when the
        record states it), new if unknown: ``offices.Offices.office``."""
        return self.offices.office(address, name, count)

    @property
    def new_offices(self) -> list[dict]:
        """The registry entries of the offices new in this import."""
        return [hall.entry() for hall in self.offices.new]

    @staticmethod
    def _append(path: Path, entries: list, context: str, note: str) -> None:
        if not entries:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        # An empty registry is written "[]" (an empty file is not a list):
        # that line goes, comments stay.
        lines = existing.splitlines(keepends=True)
        if any(line.strip() == "[]" for line in lines):
            existing = "".join(line for line in lines if line.strip() != "[]")
            path.write_text(existing, encoding="utf-8")
        prefix = ("" if existing.endswith("\n") else "\n") + "\n" if existing.strip() else ""
        with open(path, "a", encoding="utf-8") as f:
            f.write(prefix + dump([ordered(e, context) for e in entries], header=f"# {note}\n"))

    def write(self, note: str) -> None:
        """Append the new entries, under a comment line ``note``."""
        self._append(self.departments_path, self.new_departments, "departments", note)
        self._append(self.offices_path, self.new_offices, "office_registry", note)
