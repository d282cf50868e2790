"""Re-import: what the last import wrote, and merging a new export into files.

``imports/<mapping>/state.json`` keeps, per item key, the file path and a
hash of each top-level element *as last imported* (the export's value)::

    {"mapping": "gxzwfw", "imported_at": "2026-05-08T10:00:00",
     "items": {"<key>": {"path": "items/x/<key>.yaml", "elements": {"name": "3f2a…", …},
                         "file": "<hash of the file as this import left it>",
                         "local": ["summary"]}},      # local edits kept (if any)
     "offices": {"<address>\t<name>": "<office id>"},      # where each spelling of an office went
     "departments": {"<name as exported>": "<department id>"}}   # which id each department went to

Three-way rule per element (base = state, repo = file, export = new):
export changed only -> updated; repo changed only -> kept (a local edit);
both changed and different -> a conflict, won by ``prefer`` ("repo" keeps the
file's value and the old base, so the conflict is listed again next time until
the file agrees with the export; "export" takes the export's).  An element the export no longer
states is removed only when the repository still holds the last imported
value.  Without a base (a file that exists but was never imported) every
difference is a conflict.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ABSENT = "-"


def element_hash(value) -> str:
    """A short hash of one element's value (order of dict keys ignored)."""
    if value is None:
        return ABSENT
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Merge:
    item: dict                                       # what the file should hold
    hashes: dict                                     # element -> hash of the export's value
    added: list = field(default_factory=list)        # elements the export states anew
    changed: list = field(default_factory=list)      # elements updated from the export
    removed: list = field(default_factory=list)      # elements no longer stated, removed
    local: list = field(default_factory=list)        # elements edited in the repository, kept
    conflicts: list = field(default_factory=list)    # (element, winner)

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed or
                    any(winner == "export" for _, winner in self.conflicts))


def merge(new: dict, current: Optional[dict], base: Optional[dict], prefer: str = "repo") -> Merge:
    """Merge the export's item ``new`` into the file's ``current`` (None: no
    file) given the state's ``base`` hashes (None: never imported)."""
    hashes = {k: element_hash(v) for k, v in new.items()}
    if current is None:
        return Merge(dict(new), hashes, added=list(new))
    result = dict(current)
    out = Merge(result, hashes)
    for element in list(dict.fromkeys([*new, *current, *(base or {})])):
        h_new = hashes.get(element, ABSENT)
        h_cur = element_hash(current.get(element))
        if h_new == h_cur:
            continue
        h_base = (base or {}).get(element, ABSENT) if base is not None else None
        if h_base is not None and h_cur == h_base:          # only the export changed
            if element in new:
                result[element] = new[element]
                (out.added if element not in current else out.changed).append(element)
            else:
                result.pop(element, None)
                out.removed.append(element)
        elif h_base is not None and h_new == h_base:        # only the repository changed
            out.local.append(element)
        else:                                               # both changed, differently
            if element not in new and element not in (base or {}):
                continue    # a key added by hand that the export never stated: not a conflict
            out.conflicts.append((element, prefer))
            if prefer == "repo" and h_base is not None:
                # Keep the old base: the conflict stays listed on the next
                # import until the file agrees with the export (or --prefer export).
                if h_base == ABSENT:
                    hashes.pop(element, None)
                else:
                    hashes[element] = h_base
            if prefer == "export":
                if element in new:
                    result[element] = new[element]
                else:
                    result.pop(element, None)
    return out


class State:
    """The state file of one mapping."""

    def __init__(self, path: Path):
        self.path = path
        self.items: dict = {}
        # An office as the export wrote it ("address\tname") -> the registry id it went to
        # (offices.Offices.recall): a county may rename or merge offices between imports.
        self.offices: dict = {}
        # A department as the export names it -> its registry id (Registry.recall_departments):
        # the id stays when the county renames the department in content/departments.yaml.
        self.departments: dict = {}
        self.imported_at: Optional[str] = None
        if path.exists():
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
            self.items = data.get("items", {})
            self.offices = data.get("offices", {})
            self.departments = data.get("departments", {})
            self.imported_at = data.get("imported_at")

    def save(self, mapping: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"mapping": mapping, "imported_at": dt.datetime.now().isoformat(timespec="seconds"),
                "items": dict(sorted(self.items.items()))}
        if self.offices:
            data["offices"] = dict(sorted(self.offices.items()))
        if self.departments:
            data["departments"] = dict(sorted(self.departments.items()))
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")
        tmp.replace(self.path)
