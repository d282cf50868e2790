"""Stage 2 — items that extend a base catalogue: the merge at the edge, and the
county's review of changes to the base.

``Inheritance`` is what validation (``validate.py``, ``registries.Sources``)
calls: ``merge(doc)`` replaces a county file's data by the merged item before
the model reads it (``checks/inherit.py``), so everything downstream sees a
normal item; ``place(doc)`` gives the elements taken from the base the
position of the file's ``extends:`` (messages about them point there).

Review: the county records which version of each base item it has checked
in ``base_reviewed`` (JSON: ``{"base": file, "items": {key: {"sha256",
"item"}}}``, written by ``python -m generator base-accept``).  An extended
base item not recorded, or changed since (its SHA-256 differs), is an error
of ``check`` at the ``extends:`` line, listing each changed element old → new
(``checks/diff.element_rows``), until the county accepts it.  The item is
still published with the base as pinned: the pinned file is the county's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from generator.catalogue import BaseOrigin
from generator.checks import inherit
from generator.checks.model import Item, Url
from generator.checks.problems import Problem, ProblemsFound
from generator.checks.rules import Finding
from generator.checks.schema_errors import walk
from generator.config import Settings
from generator.messages import say, ui
from generator.sources.base import BaseCatalogue, BaseRecord, load_base, python_item
from generator.sources.load import Document

MAX_ROWS_IN_MESSAGE = 12


def title(path: tuple) -> str:
    """An item element's Chinese name (the model's ``title``), e.g. 承诺办结时限."""
    _, info = walk(Item, path)
    return info.title if info is not None and info.title else ".".join(str(p) for p in path)


def _web_link(url: str) -> str:
    """The base item's page address when it is an http(s) link the model
    accepts (the base file is another site's: never a javascript: link), else ""."""
    try:
        return TypeAdapter(Url).validate_python(url)
    except ValidationError:
        return ""


@dataclass
class Extension:
    code: str  # the value of extends:
    record: BaseRecord


class Inheritance:
    """The base catalogue of one validation run and the items extending it."""

    def __init__(self, root: Path, settings: Settings):
        self.root = root
        self.settings = settings
        self._base: BaseCatalogue | None = None
        self._loaded = False
        self.problems: list[Problem] = []  # the base file's and the review file's own problems
        self.findings: dict[str, list[Finding]] = {}  # county file -> what it may not change
        self.extended: dict[str, Extension] = {}  # county file -> the base item it extends
        self.origins: dict[str, BaseOrigin] = {}
        self._inherited: dict[str, list[str]] = {}  # county file -> top-level keys from the base
        self._items: dict[str, tuple[dict | None, str]] = {}  # base key -> python_item

    @property
    def base(self) -> BaseCatalogue | None:
        if not self._loaded and self.settings.base_catalogue:
            self._loaded = True
            try:
                self._base = load_base(self.root, self.settings.base_catalogue)
            except ProblemsFound as found:
                self.problems += found.problems
        return self._base

    def merge(self, doc: Document) -> None:
        """Replace ``doc.data`` by the merged item when it ``extends`` a base item."""
        data = doc.data
        if not isinstance(data, dict) or not isinstance(data.get("extends"), str):
            return  # no extends, or one the model reports (not text)
        display, code = doc.display, data["extends"].strip()
        found = self.findings.setdefault(display, [])
        if not self.settings.base_catalogue:
            found.append(Finding(("extends",), "base_not_configured", {"code": code}))
            return
        base = self.base
        if base is None:
            found.append(Finding(("extends",), "base_unavailable", {"file": self.settings.base_catalogue}))
            return
        record, keys = base.find(code)
        if record is None:
            key = "base_ambiguous" if keys else "base_unknown"
            found.append(Finding(("extends",), key, {"code": code, "file": base.display,
                                                     "keys": "、".join(keys[:10])}))
            return
        if record.key not in self._items:
            self._items[record.key] = python_item(record)
        item, problem = self._items[record.key]
        if item is None:
            found.append(Finding(("extends",), "base_record_invalid", {"code": code, "file": base.display,
                                                                       "detail": problem}))
            return
        merged = inherit.merge(data, item, title)
        doc.data = merged.data
        found += merged.findings
        self.extended[display] = Extension(code, record)
        self._inherited[display] = merged.inherited
        self.origins[display] = BaseOrigin(base.title, base.publisher, record.key, record.name, code,
                                           _web_link(record.url), tuple(title((k,)) for k in merged.inherited))

    def place(self, doc: Document) -> None:
        """Positions for the elements of a located county file that come from
        the base: its ``extends:`` value."""
        at = doc.values.get(("extends",))
        for key in self._inherited.get(doc.display, ()):
            if at is not None and (key,) not in doc.values:
                doc.values[(key,)] = at

    # --- review -------------------------------------------------------------------
    def reviewed(self) -> dict[str, dict]:
        """Base key -> {"sha256", "item"} as the county accepted it ({} when
        none; a broken file is reported in ``problems``)."""
        name = self.settings.base_reviewed
        path = self.root / name
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            line, column = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (1, 1)
            self.problems.append(Problem(name, line, column, *say("base_reviewed_broken", file=name)))
            return {}
        items = data.get("items") if isinstance(data, dict) else None
        if not isinstance(items, dict):
            self.problems.append(Problem(name, 1, 1, *say("base_reviewed_broken", file=name)))
            return {}
        return {k: v for k, v in items.items() if isinstance(v, dict)}

    def changes(self, reviewed: dict[str, dict] | None = None) -> dict[str, tuple[str, list]]:
        """County file -> (state, rows): ``new`` (never accepted: no rows),
        ``changed`` (``checks/diff.Row`` per element changed) or ``same``."""
        from generator.checks.diff import element_rows
        reviewed = self.reviewed() if reviewed is None else reviewed
        out = {}
        for display, ext in sorted(self.extended.items()):
            seen = reviewed.get(ext.record.key)
            if seen is None:
                out[display] = ("new", [])
            elif seen.get("sha256") != ext.record.digest:
                out[display] = ("changed", element_rows(Item, seen.get("item"), ext.record.item))
            else:
                out[display] = ("same", [])
        return out

    def review_findings(self) -> list[tuple[str, Finding]]:
        """(county file, error at its extends:) for each base item not accepted as it is now."""
        found = []
        for display, (state, rows) in self.changes().items():
            ext = self.extended[display]
            values = {"code": ext.code, "file": self.settings.base_catalogue, "name": ext.record.name}
            if state == "new":
                found.append((display, Finding(("extends",), "base_not_reviewed", values)))
            elif state == "changed":
                lines = [f"{r.element}：{r.old} → {r.new}" for r in rows[:MAX_ROWS_IN_MESSAGE]]
                if len(rows) > MAX_ROWS_IN_MESSAGE:
                    lines.append(ui("diff_more_rows").format(n=len(rows) - MAX_ROWS_IN_MESSAGE))
                found.append((display, Finding(("extends",), "base_changed",
                                               {**values, "changes": "；".join(lines) or "—"})))
        return found

    def accept(self, only: list[str] | None = None) -> list[str]:
        """Record the base items extended now (or only those whose code or
        county file is in ``only``) as reviewed; returns the codes accepted.
        Records of base items no longer extended are dropped."""
        reviewed = self.reviewed()
        keys_in_use = {ext.record.key for ext in self.extended.values()}
        kept = {k: v for k, v in reviewed.items() if k in keys_in_use}
        accepted = []
        for display, ext in sorted(self.extended.items()):
            if only and ext.code not in only and display not in only and ext.record.key not in only:
                continue
            kept[ext.record.key] = {"sha256": ext.record.digest, "item": ext.record.item}
            accepted.append(ext.code)
        text = json.dumps({"base": self.settings.base_catalogue, "items": dict(sorted(kept.items()))},
                          ensure_ascii=False, indent=1, sort_keys=True)
        path = self.root / self.settings.base_reviewed
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
        return accepted
