"""Applying a mapping to exported records: one record -> one item dict.

The result holds only what the record states.  A stated value a rule cannot
map (not in the value table, not a number, not a date …) is collected as an
:class:`Unmapped` with the record's place, for the import report; it is never
replaced by a guess.  Offices come out as ``{address, name?, window?,
hours_text?}``: the pipeline turns them into office ids.
"""

from __future__ import annotations

import copy
import datetime as dt
import typing

from dataclasses import dataclass, field
from typing import Optional

from generator.checks.model import Item

from . import rules
from .mapping import AllRule, ListRule, Mapping, Rule, _key
from .readers import Record

# Elements of an item that are dates (derived from the model).
DATE_ELEMENTS = tuple(name for name, info in Item.model_fields.items()
                      if dt.date in (info.annotation, *typing.get_args(info.annotation)))
from .texts import t


@dataclass
class Unmapped:
    element: str       # dotted element path, e.g. materials.original
    value: str         # the stated value, as text
    reason: str        # Chinese
    where: str         # file and row/record
    kind: str = ""     # "irregular": the value is not in the form an extract reads (rules.Unmapped.kind)


@dataclass
class Mapped:
    record: Record
    item: dict
    department: Optional[str] = None
    main_item: Optional[str] = None
    key: Optional[str] = None
    unmapped: list = field(default_factory=list)
    skipped: Optional[str] = None   # reason the record is not imported


class _Scope:
    """The values a rule can read: a record (or a list entry of it) plus the
    ``field:key`` values of its key：value notes."""
    __slots__ = ("data", "sub", "where")

    def __init__(self, data: dict, where: str):
        self.data = data
        self.sub: dict = {}
        self.where = where

    def get(self, path: str):
        if path in self.data:
            return self.data[path]
        if path in self.sub:
            return self.sub[path]
        if "." not in path:
            return None
        node = self.data
        up = path[:len(path) - len(path.lstrip("./"))]  # the "../../" of an enclosing entry
        parts = path[len(up):].split(".")
        parts[0] = up + parts[0]
        for part in parts:
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node


def set_path(target: dict, dotted: str, value) -> None:
    parts = dotted.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


class Mapper:
    """Maps records with one mapping; ``tables`` are the second sheets'
    records by table name, indexed once for matching."""

    def __init__(self, mapping: Mapping, tables: Optional[dict] = None):
        self.mapping = mapping
        self._strip: dict = {}
        self._index: dict = {}
        for name, records in (tables or {}).items():
            self._index[name] = records

    # --- reading one value ---------------------------------------------------

    def _strips(self, rule: Rule) -> tuple:
        key = id(rule)
        if key not in self._strip:
            self._strip[key] = tuple(sorted(self.mapping.strip + rule.strip, key=len, reverse=True))
        return self._strip[key]

    def _stated(self, rule: Rule, scope: _Scope):
        """(raw value, cleaned text) of the first path that states something."""
        data, sub = scope.data, scope.sub
        for path in rule.paths:
            raw = data.get(path)
            if raw is None:
                raw = sub.get(path) if sub else None
                if raw is None and "." in path:
                    raw = scope.get(path)
            if raw is None or isinstance(raw, (list, dict)):
                continue
            if isinstance(raw, float) and raw.is_integer() and rule.type in ("text", "line", "code"):
                raw = int(raw)
            text = rules.clean_text(raw, self._strips(rule)) if not isinstance(raw, bool) else _key(raw)
            if text in self.mapping.empty or text in rule.empty:
                continue
            return raw, text
        return None, None

    def _convert(self, rule: Rule, raw, text: str):
        if rule.query:
            raw = text = rules.query_value(text, rule.query)
        if rule.extract:
            try:
                raw = text = rules.extracted(text, rule.extract)
            except rules.Unmapped as exc:
                exc.value = text  # the value taken from the address is the one reported
                raise
        if rule.values is not None:
            key = _key(raw) if isinstance(raw, (bool, int, float)) else text
            if key not in rule.values:
                raise rules.Unmapped(t("not_in_table"))
            return rule.values[key]
        kind = rule.type
        if kind == "text":
            value = text
        elif kind == "line":
            value = rules.one_line(text)
        elif kind == "code":
            value = "".join(text.split())
        elif kind == "int":
            value = rules.to_int(raw if not isinstance(raw, str) else text)
        elif kind == "bool":
            value = rules.to_bool(raw if not isinstance(raw, str) else text)
        elif kind == "date":
            value = rules.to_date(raw if not isinstance(raw, str) else text)
        elif kind == "duration":
            value = rules.to_duration(raw if isinstance(raw, (int, float)) else text, rule.unit)
        elif kind == "url":
            value = rules.to_url(text)
        elif kind == "phones":
            value = rules.find_phones(text)
            if not value:
                raise rules.Unmapped(t("no_phone"))
        elif kind == "contact":
            value = rules.parse_contact(text)
        elif kind == "legal_basis":
            value = rules.parse_legal_basis(text, rule.kind)
        else:
            raise AssertionError(kind)
        return rule.format.format(value) if rule.format else value

    def _entries(self, rule: Rule, text: str) -> list[str]:
        """Split by the rule: enumerators first (``numbered``), then any separator."""
        entries = rules.split_numbered(text) if "numbered" in rule.split else [text]
        separators = [s for s in rule.split if s != "numbered"]
        if separators:
            entries = [e for entry in entries for e in rules.split_on(entry, separators)]
        return entries

    def _rule(self, rule: Rule, scope: _Scope, out: Mapped):
        raw, text = self._stated(rule, scope)
        if text is None:
            return None
        if rule.type == "offices":
            return self._offices(rule, scope, text)
        if rule.split and isinstance(raw, str):
            values = []
            for entry in self._entries(rule, text):
                try:
                    value = self._convert(rule, entry, entry)
                except rules.Unmapped as exc:
                    out.unmapped.append(Unmapped(rule.element, getattr(exc, "value", entry), str(exc), scope.where,
                                                 exc.kind))
                    continue
                if value is not None and value not in values:
                    values.append(value)
            if rule.item:
                values = [{rule.item: v} for v in values]
            return values or None
        try:
            value = self._convert(rule, raw, text)
        except rules.Unmapped as exc:
            out.unmapped.append(Unmapped(rule.element, getattr(exc, "value", text), str(exc), scope.where, exc.kind))
            return None
        if rule.type == "phones" and rules.phone_leftover(text):
            out.unmapped.append(Unmapped(rule.element, text, t("phone_rest"), scope.where))
        if rule.item and value is not None:
            return [{rule.item: value}]
        return value

    def _offices(self, rule: Rule, scope: _Scope, text: str) -> Optional[list]:
        hours = window = None
        if rule.window:
            raw = scope.get(rule.window)
            window = rules.one_line(rules.clean_text(raw)) if raw is not None else None
        if rule.hours:
            raw = scope.get(rule.hours)
            if raw is not None:
                hours = rules.clean_text(raw, self._strips(rule))
                if hours in self.mapping.empty:
                    hours = None
        offices = []
        entries = self._entries(rule, text) if rule.split else [text]
        for entry in entries:
            entry = rules.one_line(entry).strip(" 。.；;，,")
            if not entry or entry in self.mapping.empty:
                continue
            office: dict = {}
            for pattern in rule.patterns:
                m = pattern.fullmatch(entry)
                if m:
                    office = {k: rules.one_line(v).strip(" 。.，,") for k, v in m.groupdict().items() if v and v.strip()}
                    break
            if "address" not in office:
                office = {"address": entry}
            if window and "window" not in office:
                office["window"] = window
            if hours:
                office["hours_text"] = hours
            offices.append(office)
        return offices or None

    # --- lists and whole elements --------------------------------------------

    def _list(self, rule: ListRule, scope: _Scope, out: Mapped):
        if rule.each:
            raw = scope.get(rule.each)
            entries = [e for e in raw if isinstance(e, dict)] if isinstance(raw, list) else []
            scopes = [_Scope(e, t("where_entry", where=scope.where, element=rule.element, number=i)) for i, e in enumerate(entries, 1)]
        elif rule.table:
            scopes = [_Scope(r.data, r.where) for r in self._table_rows(rule, scope)]
        else:
            scopes = [_Scope(scope.data, scope.where)]
            scopes[0].sub = scope.sub
        values = []
        for position, entry in enumerate(scopes, start=1):
            entry.sub["#"] = position
            for name, keys in rule.keyvalue.items():
                raw = entry.data.get(name)
                if isinstance(raw, str) and raw:
                    parsed = rules.parse_keyvalue(rules.clean_text(raw), keys)
                    entry.sub.update({f"{name}:{k}": v for k, v in parsed.items()})
            obj: dict = {}
            for name, alternatives in rule.fields.items():
                value = self.element(alternatives, entry, out)
                if value is not None:
                    set_path(obj, name, value)
            if obj:
                values.append(obj)
        return values or None

    def _table_rows(self, rule: ListRule, scope: _Scope) -> list[Record]:
        """The rows of ``rule.table`` of this record: by the first pair of
        ``rule.match`` that finds rows.  A row keyed by an earlier column
        (a 实施编码) belongs to that item only: it is never joined to another
        item by a later column (two items of the same 事项名称)."""
        for position, (column, path) in enumerate(rule.match):
            raw = scope.get(path)
            if raw is None:
                continue
            earlier = tuple(c for c, _path in rule.match[:position])
            index_key = (rule.table, column, earlier)
            if index_key not in self._index:
                index: dict = {}
                for record in self._index.get(rule.table, []):
                    if self._skip(_Scope(record.data, record.where)):
                        continue        # the template's example rows
                    if any(_key(record.data[c]) not in self.mapping.empty for c in earlier if c in record.data):
                        continue        # keyed by an earlier column: not this item's by this one
                    value = record.data.get(column)
                    if value is not None:
                        index.setdefault(_key(value), []).append(record)
                self._index[index_key] = index
            rows = self._index[index_key].get(_key(raw))
            if rows:
                return rows
        return []

    def element(self, alternatives: list, scope: _Scope, out: Mapped):
        """The value of the first alternative that states one (None: not stated)."""
        for rule in alternatives:
            if isinstance(rule, ListRule):
                value = self._list(rule, scope, out)
            elif isinstance(rule, AllRule):
                parts = [self._rule(r, scope, out) for r in rule.parts]
                value = [v for part in parts if part for v in (part if isinstance(part, list) else [part])] or None
            else:
                value = self._rule(rule, scope, out)
            if value is not None:
                return value
        return None

    def _skip(self, scope: _Scope) -> Optional[str]:
        for skip in self.mapping.skip:
            raw = scope.get(str(skip["field"]))
            text = rules.clean_text(raw) if raw is not None else ""
            equals = skip.get("equals")
            if equals is not None and text in [str(e) for e in (equals if isinstance(equals, list) else [equals])]:
                return str(skip.get("reason", t("skip_equals", field=skip["field"], value=text)))
            starts = skip.get("startswith")
            if starts is not None and text.startswith(str(starts)):
                return str(skip.get("reason", t("skip_starts", field=skip["field"], value=starts)))
        return None

    def map(self, record: Record) -> Mapped:
        """The item a record states, its department and main item names."""
        out = Mapped(record, {})
        scope = _Scope(record.data, record.where)
        out.skipped = self._skip(scope)
        if out.skipped:
            return out
        if self.mapping.model:
            # An item in the model's own shape (open-data JSON): every element as stated.
            stated = scope.get(self.mapping.model)
            if isinstance(stated, dict):
                out.item = copy.deepcopy(stated)
                for element in DATE_ELEMENTS:  # JSON has no dates: "2026-01-20" back to a date
                    if isinstance(out.item.get(element), str):
                        try:
                            out.item[element] = rules.to_date(out.item[element])
                        except rules.Unmapped as exc:
                            out.unmapped.append(Unmapped(element, out.item.pop(element), str(exc), scope.where))
        if self.mapping.key:
            out.key = self.element(self.mapping.key, scope, out)
        for element, alternatives in self.mapping.elements.items():
            value = self.element(alternatives, scope, out)
            if value is not None:
                set_path(out.item, element, value)
        if self.mapping.department:
            out.department = self.element(self.mapping.department, scope, out)
        if self.mapping.main_item:
            main = self.element(self.mapping.main_item, scope, out)
            if main and main not in self.mapping.main_item_ignore:
                out.main_item = main
        return out
