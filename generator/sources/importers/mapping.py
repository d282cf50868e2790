"""Mapping files: which column or JSON path feeds which item element.

A mapping is a YAML file (``mappings/<name>.yaml`` beside this module, or any
path).  Reference (see also the shipped ``gxzwfw.yaml`` and ``template.yaml``)::

    extends: gxzwfw                # optional: a mapping (name, or path from this file's folder)
                                   # this file adds to; see below
    name: template                 # default: the base's name, else the file name
    format: xlsx                   # csv | xlsx | json | jsonl | js, or a list of them
    records: 事项                   # XLSX sheet / JSON path of the records (items[]); through
                                   # nested lists: [].items[].sub_items[] (see below)
    empty: ["", "-", "无"]          # words that state nothing (value not written)
    strip: ["...展开"]              # portal residue removed from every text
    skip: [{field: 事项名称, startswith: "【示例】", reason: 示例行}]
    department: 实施主体            # rule giving the department's name
    department_ids: 部门id.yaml     # optional: the county's own table of department ids, tried
                                   # before the shipped one (path from this file's folder;
                                   # department_ids.py)
    model: item                    # records hold an item in the model's own shape at this
                                   # path (this catalogue's open-data JSON): taken as stated
    key: key                       # rule giving the item's key (default: its codes, source id)
    main_item: {from: 主项名称, ignore: [未分类]}
    tables: {申请材料: {sheet: 申请材料}}   # second sheets (or CSV files) keyed to records
    elements:                      # dotted element path -> rule (or a list: first that states a value)
      name: 事项名称
      time_limits.promised: {from: 承诺办结时限, type: duration}
      materials: {table: 申请材料, match: {实施编码: 实施编码}, fields: {name: 材料名称}}

A rule is a path (string) or a dict with: ``from`` (path or list of paths,
the first stated one is used; ``note:类型`` reads key 类型 of a ``keyvalue``
note), ``type`` (text, line, code, int, bool, date, duration, url, phones,
contact, legal_basis, offices), ``values`` (value table; a stated value not in
it is reported, ``null`` means "states nothing"), ``taxonomy`` (adds the
names and ids of content/taxonomies.yaml to the value table), ``split``
(``numbered``, a list of separators, or both), ``item`` (wrap each split entry
as ``{item: entry}``), ``strip``/``empty`` (extra, for this rule), ``unit``
(duration of a bare number), ``kind`` (legal basis), ``format`` ("step{}"),
``patterns``, ``hours`` and ``window`` (offices: regexes with groups address/
name/window, and columns of the hours and the window), ``query`` (the value of
that parameter of a web address's query string: ``{from: link, query:
itemCode}``) and ``extract`` (a regular expression the whole value must match;
its group ``value``, else its first group, is the value, ``(?P<value>…)``; a
stated value that does not match is reported, never cut another way);
``query`` goes before ``extract``, both before ``values`` and ``type``.  In a
list entry the path ``#`` is its position (1, 2 …).  A list element (materials, steps)
takes ``each`` (a list inside the record) or ``table`` + ``match``, plus
``keyvalue`` ({field: [keys]}) and ``fields`` ({name: rule}); without
``each``/``table`` it makes one entry from the record itself.  ``{all: [rule,
rule]}`` concatenates the lists of several rules.

Records nested in lists of lists (a JS data file of a portal page:
``[{department, items: [{main_item, sub_items: [{name, link}]}]}]``): the
``records`` path names every list it goes through, ``[].items[].sub_items[]``
(``[]`` alone: the document itself is the list).  A rule reads a field of an
enclosing entry with ``../`` per level up: ``../main_item`` (the item entry
holding the sub-item), ``../../department`` (the department entry);
``../../info.name`` goes on into that entry.  ``format: js`` reads such a file
(``const x = [...]``) as JSON, without running it (``readers.py``).

A file with ``extends`` states only what it changes (county trial 2, #8: the
report's 未导入的值 of a shipped mapping, mapped in a file of the county's
own): it is merged into its base setting by setting, a table (``elements``, a
rule, ``values`` …) key by key down to the values, anything else (a list, a
text) replacing the base's.  So ``elements: {channels.scope: {values: {区县:
local}}}`` adds one value to the shipped rule's table, keeping its ``from``.
The name, and so the ``imports/<name>/`` folder and its state, stays the
base's unless the file states its own.

Errors in a mapping raise :class:`MappingError` with a Chinese message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

import yaml

from .readers import EXTENSIONS
from .texts import t

MAPPINGS = Path(__file__).parent / "mappings"
TYPES = {"text", "line", "code", "int", "bool", "date", "duration", "url", "phones", "contact",
         "legal_basis", "offices"}
RULE_KEYS = {"from", "type", "values", "taxonomy", "split", "item", "strip", "empty", "unit", "kind",
             "format", "patterns", "hours", "window", "query", "extract"}
LIST_KEYS = {"each", "table", "match", "keyvalue", "fields"}
TOP_KEYS = {"name", "title", "description", "format", "records", "header_row", "empty", "strip", "skip",
            "department", "main_item", "tables", "elements", "model", "key", "extends",
            "department_ids"}
UNITS = {"working_days", "calendar_days", "immediate"}


class MappingError(Exception):
    """A mapping file that cannot be used; the message says where and why."""


@dataclass
class Rule:
    element: str
    paths: list[str]
    type: str = "text"
    values: Optional[dict] = None
    split: list = field(default_factory=list)      # "numbered" and/or separators
    item: Optional[str] = None
    strip: tuple = ()
    empty: frozenset = frozenset()
    unit: Optional[str] = None
    kind: Optional[str] = None
    format: Optional[str] = None
    patterns: list = field(default_factory=list)   # compiled regexes (offices)
    hours: Optional[str] = None
    window: Optional[str] = None
    query: Optional[str] = None                    # parameter of a web address's query string
    extract: Optional[re.Pattern] = None           # the whole value; group "value" (or 1) kept


@dataclass
class ListRule:
    element: str
    each: Optional[str] = None
    table: Optional[str] = None
    match: list = field(default_factory=list)      # (table column, record path)
    keyvalue: dict = field(default_factory=dict)   # field -> keys
    fields: dict = field(default_factory=dict)     # name -> [Rule | ListRule]


Alternatives = list[Union[Rule, ListRule]]


@dataclass
class AllRule:
    """``{all: [rule, rule]}``: every rule's list, concatenated (设定依据 and 实施依据)."""
    element: str
    parts: list


@dataclass
class Mapping:
    name: str
    path: Path
    title: str = ""
    formats: tuple = ()
    records: str = ""
    header_row: Optional[int] = None
    empty: frozenset = frozenset({""})
    strip: tuple = ()
    skip: list = field(default_factory=list)
    department: Optional[Alternatives] = None
    main_item: Optional[Alternatives] = None
    main_item_ignore: frozenset = frozenset()
    tables: dict = field(default_factory=dict)     # table name -> sheet / file stem
    elements: dict = field(default_factory=dict)   # dotted path -> Alternatives
    model: str = ""                                # path of an item in the model's own shape (open data)
    key: Optional[Alternatives] = None             # rule giving the item's key (file name)
    department_ids: Optional[Path] = None          # the county's table of department ids

    @property
    def extensions(self) -> tuple:
        return tuple(ext for f in self.formats for ext in EXTENSIONS[f])

    @property
    def columns(self) -> tuple:
        """The columns (first path segments) the record rules read, in the
        mapping's order, ``name``'s first: how a table's header row is found."""
        found: dict[str, None] = {}

        def walk(rules) -> None:
            for rule in rules or ():
                if isinstance(rule, AllRule):
                    walk(rule.parts)
                elif isinstance(rule, Rule):
                    for path in rule.paths:
                        if not path.startswith(("note:", "#")):
                            found.setdefault(path.split(".")[0].replace("[]", ""), None)

        walk(self.elements.get("name"))
        for rules in (*self.elements.values(), self.department, self.main_item, self.key):
            walk(rules)
        return tuple(found)


def find_mapping(given: str) -> Path:
    """A mapping by name (``gxzwfw`` -> mappings/gxzwfw.yaml) or by path."""
    path = Path(given)
    if path.suffix in (".yaml", ".yml") and path.exists():
        return path
    shipped = MAPPINGS / f"{given}.yaml"
    if shipped.exists():
        return shipped
    names = "、".join(sorted(p.stem for p in MAPPINGS.glob("*.yaml")))
    raise MappingError(t("map_not_found", given=given, names=names))


def _key(value) -> str:
    """Value-table key of a stated value: true/false, integers without .0, trimmed text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def load_taxonomies(root: Path) -> dict:
    path = root / "content" / "taxonomies.yaml"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class _Compiler:
    def __init__(self, where: str, taxonomies: dict, empty: frozenset, tables: dict):
        self.where = where
        self.taxonomies = taxonomies
        self.empty = empty
        self.tables = tables

    def fail(self, element: str, text: str):
        raise MappingError(t("map_rule", path=self.where, element=element, text=text))

    def alternatives(self, element: str, spec) -> Alternatives:
        if isinstance(spec, dict) and set(spec) == {"all"}:
            return [AllRule(element, [self.rule(element, s) for s in _as_list(spec["all"])])]
        specs = spec if isinstance(spec, list) and spec and isinstance(spec[0], dict) else [spec]
        return [self.rule(element, s) for s in specs]

    def rule(self, element: str, spec) -> Union[Rule, ListRule]:
        if isinstance(spec, str):
            return Rule(element, [spec])
        if not isinstance(spec, dict):
            self.fail(element, t("map_rule_shape"))
        if LIST_KEYS & set(spec):
            return self.list_rule(element, spec)
        unknown = set(spec) - RULE_KEYS
        if unknown:
            self.fail(element, t("map_unknown", unknown="、".join(sorted(unknown)), known="、".join(sorted(RULE_KEYS))))
        paths = [str(p) for p in _as_list(spec.get("from"))]
        if not paths:
            self.fail(element, t("map_no_from"))
        kind = spec.get("type", "text")
        if kind not in TYPES:
            self.fail(element, t("map_type", kind=kind, known="、".join(sorted(TYPES))))
        values = None
        if "values" in spec or "taxonomy" in spec:
            values = {}
            if "taxonomy" in spec:
                terms = self.taxonomies.get(spec["taxonomy"])
                if not terms:
                    self.fail(element, t("map_taxonomy", taxonomy=spec["taxonomy"]))
                for term in terms:
                    values[_key(term["id"])] = term["id"]
                    values[_key(term["name"])] = term["id"]
            if not isinstance(spec.get("values", {}), dict):
                self.fail(element, t("map_values"))
            values.update({_key(k): v for k, v in (spec.get("values") or {}).items()})
        split = _as_list(spec.get("split"))
        if kind == "duration" and spec.get("unit") not in (None, *UNITS):
            self.fail(element, t("map_unit", known="、".join(sorted(UNITS))))
        patterns = []
        for pattern in _as_list(spec.get("patterns")):
            try:
                patterns.append(re.compile(pattern))
            except re.error as exc:
                self.fail(element, t("map_pattern", error=exc))
        extract = None
        if spec.get("extract") is not None:
            try:
                extract = re.compile(str(spec["extract"]))
            except re.error as exc:
                self.fail(element, t("map_extract", error=exc))
            if not extract.groups:
                self.fail(element, t("map_extract", error="no group"))
        return Rule(element, paths, kind, values, split, spec.get("item"),
                    tuple(str(s) for s in _as_list(spec.get("strip"))),
                    frozenset(str(e) for e in _as_list(spec.get("empty"))),
                    spec.get("unit"), spec.get("kind"), spec.get("format"), patterns, spec.get("hours"),
                    spec.get("window"), str(spec["query"]) if spec.get("query") else None, extract)

    def list_rule(self, element: str, spec: dict) -> ListRule:
        unknown = set(spec) - LIST_KEYS
        if unknown:
            self.fail(element, t("map_unknown", unknown="、".join(sorted(unknown)), known="、".join(sorted(LIST_KEYS))))
        if spec.get("table") and spec["table"] not in self.tables:
            self.fail(element, t("map_table", table=spec["table"]))
        if spec.get("table") and not spec.get("match"):
            self.fail(element, t("map_match"))
        if not isinstance(spec.get("fields"), dict) or not spec["fields"]:
            self.fail(element, t("map_fields"))
        fields = {name: self.alternatives(f"{element}.{name}", s) for name, s in spec["fields"].items()}
        keyvalue = {str(k): [str(x) for x in v] for k, v in (spec.get("keyvalue") or {}).items()}
        match = [(str(k), str(v)) for k, v in (spec.get("match") or {}).items()]
        return ListRule(element, spec.get("each"), spec.get("table"), match, keyvalue, fields)


def _merged(base, own):
    """``own`` over ``base``: tables merged key by key (recursively), anything else replaced."""
    if isinstance(base, dict) and isinstance(own, dict):
        return {**base, **{k: _merged(base.get(k), v) if k in base else v for k, v in own.items()}}
    return own


def _read(path: Path, seen: tuple = ()) -> dict:
    """A mapping file's settings, its ``extends`` chain merged in (``_merged``).
    Raises MappingError (not YAML, not a table, a base not found or extending itself)."""
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
    except yaml.YAMLError as exc:
        raise MappingError(t("map_yaml", path=path, error=exc)) from None
    if not isinstance(data, dict):
        raise MappingError(t("map_file", path=path, text=t("map_not_dict")))
    if data.get("department_ids"):  # a path from the folder of the file that names it
        data["department_ids"] = str(path.parent / str(data["department_ids"]))
    if "extends" not in data:
        return data
    given = str(data.pop("extends") or "")
    nearby = path.parent / given
    base = nearby if nearby.suffix in (".yaml", ".yml") and nearby.is_file() else find_mapping(given)
    if base.resolve() in seen + (path.resolve(),):
        raise MappingError(t("map_file", path=path, text=t("map_extends_loop", given=given)))
    return _merged(_read(base, seen + (path.resolve(),)), data)


def load_mapping(given: str, root: Path) -> Mapping:
    """Read and check a mapping (by name or path; its ``extends`` base merged
    in) for the catalogue at ``root``.  Raises MappingError."""
    path = find_mapping(given)
    data = _read(path)
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise MappingError(t("map_file", path=path, text=t(
            "map_unknown", unknown="、".join(sorted(unknown)), known="、".join(sorted(TOP_KEYS)))))
    formats = tuple(_as_list(data.get("format")))
    if not formats or set(formats) - set(EXTENSIONS):
        raise MappingError(t("map_file", path=path, text=t("map_format", known="、".join(EXTENSIONS))))
    if data.get("model"):
        data.setdefault("elements", {})
    if not isinstance(data.get("elements"), dict) or not (data.get("model") or "name" in data["elements"]):
        raise MappingError(t("map_file", path=path, text=t("map_name_required")))
    empty = frozenset(str(e) for e in _as_list(data.get("empty", [""]))) | {""}
    tables = {}
    for name, spec in (data.get("tables") or {}).items():
        tables[str(name)] = str((spec or {}).get("sheet", name)) if isinstance(spec, dict) else str(spec or name)
    compiler = _Compiler(str(path), load_taxonomies(root), empty, tables)
    mapping = Mapping(
        name=str(data.get("name") or path.stem), path=path, title=str(data.get("title", "")),
        formats=formats, records=str(data.get("records") or ""), header_row=data.get("header_row"),
        empty=empty, strip=tuple(str(s) for s in _as_list(data.get("strip"))),
        skip=list(_as_list(data.get("skip"))), tables=tables, model=str(data.get("model") or ""),
        department_ids=Path(data["department_ids"]) if data.get("department_ids") else None)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", mapping.name):
        raise MappingError(t("map_file", path=path, text=t("map_name")))
    if data.get("key") is not None:
        mapping.key = compiler.alternatives("key", data["key"])
    if data.get("department") is not None:
        mapping.department = compiler.alternatives("department", data["department"])
    main = data.get("main_item")
    if main is not None:
        ignore = main.pop("ignore", []) if isinstance(main, dict) else []
        mapping.main_item = compiler.alternatives("main_item", main)
        mapping.main_item_ignore = frozenset(str(i) for i in _as_list(ignore))
    mapping.strip = tuple(sorted(mapping.strip, key=len, reverse=True))
    for element, spec in data["elements"].items():
        mapping.elements[str(element)] = compiler.alternatives(str(element), spec)
    for skip in mapping.skip:
        if not isinstance(skip, dict) or "field" not in skip or not ({"equals", "startswith"} & set(skip)):
            raise MappingError(t("map_file", path=path, text=t("map_skip")))
    return mapping
