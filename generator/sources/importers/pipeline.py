"""One import: read exports, map records, name items, merge into the catalogue.

:func:`run_import` is the entry point of the command and of benchmarks::

    result = run_import(Path("."), [Path("export.xlsx")], "template")
    result.added, result.changed, result.conflicts …   # see ImportResult

Identity of an item (its file stem and URL): the implementation code
(实施编码, national or a province's dashed format), else the local code
(地方编码) when URL-safe, else the source's own stable id (``source_id``);
keys match ``^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$``.  A basic code alone never
names an item (it is shared by every implementing body).  A main item named
by sub-items but without a record of its own becomes a grouping item, key
``grp-<10 hex of sha1(department + name)>`` written as its ``slug`` (the
source never numbered it: not a ``source_id``).

Raises SourceError / MappingError (Chinese messages) for unreadable input;
everything about single records goes into the result, for the report.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

from . import readers
from .department_ids import load_kinds
from .mapper import Mapped, Mapper, Unmapped
from .mapping import Mapping, load_mapping
from .registry import Registry
from .state import State, element_hash, merge
from .texts import t
from .writer import check_shape, dump, ordered

KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Planned:
    key: str
    department: str          # department id (folder)
    item: dict
    where: str


@dataclass
class ImportResult:
    mapping: str
    dry_run: bool = False
    prefer: str = "repo"
    files: list = field(default_factory=list)
    records: int = 0
    items: int = 0
    added: list = field(default_factory=list)       # (key, path, name)
    changed: list = field(default_factory=list)     # (key, path, name, Merge)
    unchanged: int = 0
    local: list = field(default_factory=list)       # (key, path, [elements])
    conflicts: list = field(default_factory=list)   # (key, path, [(element, winner)])
    removed: list = field(default_factory=list)     # (key, path): gone from the export, kept
    unmapped: list = field(default_factory=list)    # Unmapped
    skipped: list = field(default_factory=list)     # (where, reason)
    new_departments: list = field(default_factory=list)
    new_offices: list = field(default_factory=list)
    offices: Optional[object] = None                # offices.Offices: merges, hours taken from items
    groupings: int = 0
    seconds: float = 0.0
    report_path: Optional[str] = None


def read_all(files: list[Path], mapping: Mapping, skipped: list) -> tuple[list, dict]:
    """Records of every file, and the records of each second table."""
    records: list = []
    tables: dict = {name: [] for name in mapping.tables}
    sheets = {sheet: name for name, sheet in mapping.tables.items()}
    columns = mapping.columns
    for path in files:
        shown = str(path)
        kind = readers.format_of(path)
        if kind not in mapping.formats:
            key = "wrong_format_xls" if path.suffix.lower() == ".xls" and "xlsx" in mapping.formats else "wrong_format"
            raise readers.SourceError(t(key, file=shown, mapping=mapping.name,
                                        extensions="、".join(mapping.extensions)))
        before = len(records)
        if kind == "xlsx":
            merged: dict = {}
            book = readers.read_workbook(path, shown, merged)
            main = _main_sheet(book, mapping, sheets, shown)
            if not main:  # second tables only (申请材料, 办理流程)
                before = -1
            for sheet, rows in book.items():
                if sheet in sheets or sheet == main:
                    wanted = columns if sheet == main else ()
                    try:
                        header = readers.header_index(rows, shown, sheet, mapping.header_row, wanted)
                    except readers.SourceError:
                        if sheet == mapping.records or not mapping.records:
                            raise
                        # not the sheet the mapping names, and not its shape either
                        raise readers.SourceError(t("err_sheet_missing", name=shown, sheet=mapping.records,
                                                    sheets="、".join(book))) from None
                    readers.check_merged(merged.get(sheet, []), header, shown, sheet)
                    found = readers.sheet_records(rows, shown, sheet, mapping.header_row, wanted)
                    (tables[sheets[sheet]] if sheet in sheets else records).extend(found)
        elif kind == "csv":
            table = next((name for sheet, name in sheets.items()
                          if path.stem == sheet or path.stem.endswith(("_" + sheet, "-" + sheet))), None)
            (tables[table] if table else records).extend(
                readers.read_csv(path, shown, mapping.header_row, () if table else columns))
            if table:
                continue
        elif kind in ("json", "js"):  # js: a JS data file read as JSON (readers.read_json)
            records.extend(readers.read_json(path, shown, mapping.records))
        else:
            problems: list = []
            records.extend(readers.read_jsonl(path, shown, problems))
            skipped.extend((t("where_row", file=f, sheet="", number=n), reason) for f, n, reason in problems)
        if len(records) == before and kind in ("xlsx", "csv"):  # a header and nothing under it
            raise readers.SourceError(t("err_no_items", where=shown))
    return records, tables


def _main_sheet(book: dict, mapping: Mapping, tables: dict, shown: str) -> str:
    """The sheet of the records: the mapping's ``records`` sheet, else the
    only other sheet with anything in it (Excel adds empty Sheet2, Sheet3),
    or "" in a workbook of second tables only; raises SourceError naming the
    sheets there are when the choice is not clear."""
    if mapping.records in book:
        return mapping.records
    others = [s for s in book if s not in tables and s != "填写说明"
              and any(c not in (None, "") for row in book[s] for c in row)]
    if mapping.records and (len(others) > 1 or not others and not any(s in tables for s in book)):
        raise readers.SourceError(t("err_sheet_missing", name=shown, sheet=mapping.records,
                                    sheets="、".join(book) or "—"))
    return others[0] if others else ""


def item_key(item: dict) -> Optional[str]:
    for element in ("implementation_code", "local_code", "source_id"):
        value = item.get(element)
        if isinstance(value, str) and KEY.match(value):
            return value
    return None


def grouping_key(department: str, name: str) -> str:
    return "grp-" + hashlib.sha1((department + name).encode("utf-8")).hexdigest()[:10]


def _resolve_offices(item: dict, registry: Registry) -> list[str]:
    """Office ids for the item's offices (new registry entries for new
    addresses); returns the ids named without an address that the registry
    does not know (for the report)."""
    refs, seen, unknown = [], set(), []
    for office in item.get("offices") or []:
        if not office.get("address") and office.get("office") in registry.office_ids:
            ref = {"office": office["office"]}  # already an office of the registry (open-data JSON)
        elif not office.get("address"):
            unknown.append(str(office.get("office", "")))
            continue
        else:
            ref = {"office": registry.office(office["address"], office.get("name"))}
        if ref["office"] in seen:
            # Two places of one office (1楼…窗口、2楼…窗口): one reference, both windows.
            first = next(r for r in refs if r["office"] == ref["office"])
            for part in ("window", "note"):
                if office.get(part) and office[part] not in (first.get(part) or ""):
                    first[part] = f"{first[part]}；{office[part]}" if first.get(part) else office[part]
            continue
        seen.add(ref["office"])
        for part in ("window", "note", "hours_text"):
            if office.get(part):
                ref[part] = office[part]
        refs.append(ref)
    if refs:
        item["offices"] = refs
    elif item.get("offices") != []:  # [] states "no office" (online only): kept
        item.pop("offices", None)
    return unknown


def plan(mapped: list[Mapped], registry: Registry, result: ImportResult) -> dict[str, Planned]:
    """Items by key, with department ids, office ids and main items resolved."""
    planned: dict[str, Planned] = {}
    mains: dict = {}                      # (department name, main name) -> [keys]
    # Named offices first, so an address written without a name finds the
    # hall its other records name, whichever record comes first (offices.py).
    for m in mapped:
        for office in m.item.get("offices") or [] if not m.skipped else []:
            if office.get("address") and office.get("name"):
                registry.office(office["address"], office["name"], count=False)
    for m in mapped:
        result.unmapped.extend(m.unmapped)
        where = m.record.where
        if m.skipped:
            result.skipped.append((where, m.skipped))
            continue
        item = m.item
        if not item.get("name"):
            result.skipped.append((where, t("skip_no_name")))
            continue
        key = m.key if isinstance(m.key, str) and KEY.match(m.key) else item_key(item)
        if key is None:
            result.skipped.append((where, t("skip_no_key", name=item["name"])))
            continue
        if key in planned:
            result.skipped.append((where, t("skip_duplicate", key=key, other=planned[key].where)))
            continue
        department = m.department or (item.get("implementing_body") or {}).get("name")
        if not department:
            result.skipped.append((where, t("skip_no_department", name=item["name"])))
            continue
        for office in _resolve_offices(item, registry):
            result.unmapped.append(Unmapped("offices", office, t("unknown_office"), where))
        for element, reason in check_shape(item):
            result.unmapped.append(Unmapped(element, "", reason, where))
        credit = (item.get("implementing_body") or {}).get("credit_code")
        planned[key] = Planned(key, registry.department(department, credit), item, where)
        if m.main_item:
            mains.setdefault((department, m.main_item), []).append(key)
    by_name: dict = {}
    for p in planned.values():
        by_name.setdefault((p.department, p.item["name"]), []).append(p.key)
    for (department, name), subs in mains.items():
        dept_id = planned[subs[0]].department
        members = set(subs)
        own = next((k for k in by_name.get((dept_id, name), []) if k not in members), None)
        if own is None:
            own = grouping_key(department, name)
            if own not in planned:
                # The key is the importer's own, not the source's number: a slug
                # (短名), never source_id, which pages show as 来源编号 (county trial 1, C11).
                planned[own] = Planned(own, dept_id, {"name": name, "slug": own, "grouping": True},
                                       planned[subs[0]].where)
                result.groupings += 1
        for key in subs:
            planned[key].item["main_item"] = own
    registry.offices.settle_hours([p.item for p in planned.values()])
    return planned


def _load_item(path: Path):
    """(header comment, item dict) of an existing file; item None if unreadable."""
    text = path.read_text(encoding="utf-8")
    header_lines = []
    for line in text.splitlines(keepends=True):
        if line.startswith("#") or not line.strip():
            header_lines.append(line)
        else:
            break
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError:
        return "".join(header_lines), None
    return "".join(header_lines), data if isinstance(data, dict) else None


def _file_hash(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:16]


def write_items(root: Path, planned: dict, state: State, result: ImportResult, header: str) -> None:
    items_dir = root / "items"
    existing = {p.stem: p for p in items_dir.rglob("*.yaml")} if items_dir.exists() else {}
    folders: set = set()
    for key in sorted(planned, key=lambda k: (planned[k].department, k)):
        p = planned[key]
        new = ordered(p.item)
        entry = state.items.get(key)
        path = None
        if entry and (root / entry["path"]).exists():
            path = root / entry["path"]
        elif key in existing:
            path = existing[key]
        rel = (path.relative_to(root) if path else Path("items") / p.department / f"{key}.yaml").as_posix()
        if path is None and entry and result.prefer == "repo":
            result.local.append((key, entry["path"], [t("deleted_locally")]))
            continue
        current, file_header = None, header
        if path is not None and entry and entry.get("file"):
            # Fast path: the file is as this importer left it and the export
            # states the same values: nothing to merge, nothing to load.
            hashes = {k: element_hash(v) for k, v in new.items()}
            if hashes == entry["elements"] and _file_hash(path.read_bytes()) == entry["file"]:
                result.unchanged += 1
                if entry.get("local"):
                    result.local.append((key, rel, entry["local"]))
                continue
        if path is not None:
            file_header, current = _load_item(path)
            if current is None:
                result.conflicts.append((key, rel, [(t("unreadable_file"), "repo")]))
                continue
        m = merge(new, current, entry["elements"] if entry else None, result.prefer)
        if m.local:
            result.local.append((key, rel, m.local))
        if m.conflicts:
            result.conflicts.append((key, rel, m.conflicts))
        if current is None:
            result.added.append((key, rel, new["name"]))
        elif m.touched:
            result.changed.append((key, rel, new.get("name"), m))
        else:
            result.unchanged += 1
        if current is None or m.touched:
            text = dump(new if current is None else ordered(m.item), header=file_header).encode("utf-8")
            if not result.dry_run:
                target = root / rel
                if target.parent not in folders:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(target.parent)
                target.write_bytes(text)
        else:
            text = (root / rel).read_bytes()
        state.items[key] = {"path": rel, "elements": m.hashes, "file": _file_hash(text)}
        if m.local:
            state.items[key]["local"] = m.local
    for key, entry in state.items.items():
        if key not in planned:
            result.removed.append((key, entry["path"]))


def run_import(root: Path, sources: list[Path], mapping_name: str, *, prefer: str = "repo",
               dry_run: bool = False) -> ImportResult:
    """Import the export files (or folders) ``sources`` into the catalogue at
    ``root`` with the mapping ``mapping_name`` (a shipped name or a path).
    ``prefer`` ("repo" or "export") decides conflicts; ``dry_run`` writes
    nothing.  Writes items, registry entries, ``imports/<mapping>/state.json``
    and ``report.md``."""
    from .report import write_report
    started = time.perf_counter()
    mapping = load_mapping(mapping_name, root)
    result = ImportResult(mapping.name, dry_run, prefer)
    files = readers.export_files(sources, mapping.formats)
    if not files:
        raise readers.SourceError(t("no_files", sources="、".join(map(str, sources)),
                                    extensions="、".join(mapping.extensions)))
    result.files = [str(f) for f in files]
    records, tables = read_all(files, mapping, result.skipped)
    result.records = len(records)
    mapper = Mapper(mapping, tables)
    registry = Registry(root, kinds=load_kinds(mapping.department_ids))
    state = State(root / "imports" / mapping.name / "state.json")
    registry.offices.recall(state.offices)
    registry.recall_departments(state.departments)
    planned = plan([mapper.map(r) for r in records], registry, result)
    result.items = len(planned)
    state.offices = registry.offices.spelled()
    state.departments = {**state.departments, **registry.met}
    write_items(root, planned, state, result, t("file_header", mapping=mapping.name))
    result.new_departments = registry.new_departments
    result.new_offices = registry.new_offices
    result.offices = registry.offices
    result.seconds = time.perf_counter() - started
    if not dry_run:
        registry.write(t("registry_note", mapping=mapping.name))
        state.save(mapping.name)
        result.report_path = write_report(root, result)
    return result
