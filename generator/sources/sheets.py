"""A department's items as a spreadsheet and back: export to XLSX, edit in
Excel/WPS, import the changes with a diff.

    python -m generator sheet-export DEPARTMENT out.xlsx
    python -m generator sheet-import out.xlsx [--dry-run] [--prefer file|sheet]

The workbook is the open-data workbook (``outputs/opendata/tables.py``: the
``items`` sheet one row per item, a sheet per list of objects such as
``item_materials``, Chinese column titles derived from the model) holding
only the department's items.  The export records a hash of every element of
every item as exported (``imports/sheets/<department>.json``, the importer's
element hashes); the import rebuilds each row into an item, validates it
with the model, and merges it into the file with the importer's three-way
rule (``sources/importers/state.py``): changed in the sheet only -> taken;
changed in the file only since the export -> kept; changed in both -> a
conflict, the file wins unless ``--prefer sheet``.  Only changed elements
are written (in the importer's layout, ``importers/writer.py``; the file's
leading comment lines are kept); unchanged items are not touched; an item
missing from the sheet is reported, never deleted.  Items that extend a
base catalogue are not exported (their file holds local elements only).

Raises SheetError (a Chinese message) for a department, file or sheet that
cannot be used; problems of single rows are in the result.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from generator.checks.model import Item
from generator.outputs.opendata import tables
from generator.outputs.opendata.common import Context
from generator.sources.importers import readers
from generator.sources.importers.state import element_hash, merge
from generator.sources.importers.texts import t
from generator.sources.importers.writer import dump, ordered

STATE_DIR = Path("imports") / "sheets"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SheetError(Exception):
    """A workbook, department or catalogue that cannot be used (message in Chinese)."""


@dataclass
class SheetResult:
    department: str
    dry_run: bool = False
    changed: list = field(default_factory=list)    # (key, path, [element titles], [conflict titles])
    added: list = field(default_factory=list)      # (key, path)
    unchanged: int = 0
    conflicts: list = field(default_factory=list)  # (key, element title, winner: "file"|"sheet")
    kept: list = field(default_factory=list)       # (key, element title): changed in the file since the export
    missing: list = field(default_factory=list)    # keys in the file's department but not in the sheet
    problems: list = field(default_factory=list)   # (where, message): rows not imported


def _title(element: str) -> str:
    info = Item.model_fields.get(element)
    return (info.title if info else None) or element


def _hashes(item: Item) -> dict[str, str]:
    data = item.model_dump(mode="json")
    return {name: element_hash(data.get(name)) for name in Item.model_fields}


# --- export -----------------------------------------------------------------------

def export(root: Path, settings, department: str, out: Path) -> int:
    """Write ``out`` (XLSX) with ``department``'s items and record their
    hashes; returns the number of items.  Raises SheetError."""
    from generator.checks.validate import build_catalogue
    report = build_catalogue(root, settings)
    cat = report.catalogue
    if cat is None:
        raise SheetError(t("sheet_catalogue_errors", errors=len(report.errors)))
    if department not in cat.department:
        raise SheetError(t("sheet_unknown_department", department=department,
                           known="、".join(d.id for d in cat.departments)))
    entries = [e for e in cat.entries if e.department == department and e.base is None]
    ctx = Context(dataclasses.replace(cat, entries=entries), settings)
    tables.write_xlsx(ctx, out)
    state = {"department": department, "exported_at": dt.datetime.now().isoformat(timespec="seconds"),
             "items": {e.key: {"path": e.source, "elements": _hashes(e.item)} for e in entries}}
    path = root / STATE_DIR / f"{department}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return len(entries)


# --- reading the workbook back ------------------------------------------------------

def _value(column: tables.Column, cell, where: str):
    """A cell as the model's value (None: empty)."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if column.type == "array":
        try:
            return json.loads(cell) if isinstance(cell, str) else [cell]
        except json.JSONDecodeError:
            raise ValueError(t("sheet_bad_array", title=column.title)) from None
    if column.type == "boolean":
        text = str(cell).strip().lower()
        if isinstance(cell, bool) or text in ("true", "false"):
            return cell if isinstance(cell, bool) else text == "true"
        raise ValueError(t("sheet_bad_boolean", title=column.title, value=cell))
    if column.type == "integer":
        if isinstance(cell, float) and cell.is_integer():
            return int(cell)
        if isinstance(cell, int) or (isinstance(cell, str) and cell.strip().isdigit()):
            return int(cell)
        raise ValueError(t("sheet_bad_integer", title=column.title, value=cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if column.type == "date" else cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():  # a code Excel took for a number
        return str(int(cell))
    return str(cell) if not isinstance(cell, str) else cell


def _set(target: dict, path: tuple, value) -> None:
    for part in path[:-1]:
        target = target.setdefault(part, {})
    target[path[-1]] = value


def _rows(sheets: dict, table: tables.Table, name: str, problems: list) -> list[tuple[str, dict, bool]]:
    """(where, {column name: (Column, value)}, bad) of each filled row of
    ``table``'s sheet; a cell its column's type can not hold goes to
    ``problems``, is left out and makes the row ``bad``."""
    rows = sheets.get(table.name[:31])
    if rows is None:
        raise SheetError(t("sheet_missing_sheet", name=name, sheet=table.name[:31]))
    by_title = {c.title: c for c in table.columns}
    header = [str(h).strip() if h is not None else "" for h in (rows[0] if rows else [])]
    unknown = [h for h in header if h and h not in by_title]
    if unknown:
        raise SheetError(t("sheet_unknown_columns", name=name, sheet=table.name[:31], columns="、".join(unknown)))
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in row):
            continue
        where = f"{name}:{table.name[:31]}:{number}"
        values, bad = {}, False
        for title, cell in zip(header, row):
            if title:
                column = by_title[title]
                try:
                    values[column.name] = (column, _value(column, cell, where))
                except ValueError as exc:
                    problems.append((where, str(exc)))
                    bad = True
        out.append((where, values, bad))
    return out


def read(path: Path) -> tuple[dict, list]:
    """Items of a workbook: ({key: (where, department, item dict, or None
    when a cell of the item could not be read)}, problems)."""
    name = path.name
    try:
        sheets = readers.read_workbook(path, name)
    except readers.SourceError as exc:
        raise SheetError(str(exc)) from None
    all_tables = tables.item_tables()
    items_table = all_tables[0]
    problems: list = []
    children: dict[str, dict[str, list]] = {}
    bad_keys: set[str] = set()  # items with a bad cell in a row of theirs: not imported
    for child in items_table.children:
        found: dict[str, list] = {}
        for where, values, bad in _rows(sheets, child, name, problems):
            key = values.pop("item_key", (None, None))[1]
            if bad:
                bad_keys.add(str(key))
            position = values.pop("position", (None, 0))[1] or 0
            obj: dict = {}
            for column, value in values.values():
                if value is not None:
                    _set(obj, column.path, value)
            found.setdefault(str(key), []).append((position, obj))
        children[child.name] = {k: [o for _, o in sorted(v, key=lambda p: p[0])] for k, v in found.items()}
    lists = {c.path: c.name for c in items_table.children}
    items: dict = {}
    for where, values, bad in _rows(sheets, items_table, name, problems):
        key = values.pop("key", (None, None))[1]
        department = values.pop("department", (None, None))[1]
        values.pop("url", None)
        if not key:
            problems.append((where, t("sheet_no_key")))
            continue
        if bad or str(key) in bad_keys:
            items[str(key)] = (where, department, None)
            continue
        item: dict = {}
        for column, value in values.values():
            if column.path in lists:  # the count of a child table: empty = the list is not stated
                rows = children[lists[column.path]].get(str(key))
                if value is not None or rows:
                    _set(item, column.path, rows or [])
            elif value is not None:
                _set(item, column.path, value)
        items[str(key)] = (where, department, item)
    return items, problems


# --- import -----------------------------------------------------------------------

def _plain(value):
    """A model value as the file writes it: no empty parts, no defaults."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _header(text: str) -> str:
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def import_sheet(root: Path, settings, path: Path, prefer: str = "file", dry_run: bool = False) -> SheetResult:
    """Merge the workbook ``path`` into the department's item files (see the
    module docstring).  Raises SheetError."""
    items, problems = read(path)
    departments = {d for _, d, _ in items.values() if d}
    if len(departments) != 1:
        raise SheetError(t("sheet_one_department", name=path.name, found="、".join(sorted(departments)) or "—"))
    (department,) = departments
    folder = root / settings.items_dir / department
    state_file = root / STATE_DIR / f"{department}.json"
    state = json.loads(state_file.read_text(encoding="utf-8")) if state_file.is_file() else {"items": {}}
    result = SheetResult(department, dry_run, problems=list(problems))
    for key, (where, row_department, data) in items.items():
        if row_department != department:
            result.problems.append((where, t("sheet_other_department", department=row_department)))
            continue
        if data is None:  # a bad cell, already reported
            result.problems.append((where, t("sheet_not_imported", key=key)))
            continue
        try:
            new = Item.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                element = ".".join(str(p) for p in error["loc"])
                result.problems.append((where, t("sheet_invalid", key=key, element=element, detail=error["msg"])))
            continue
        target = folder / f"{key}.yaml"
        relative = target.relative_to(root).as_posix()
        if not target.is_file():
            result.added.append((key, relative))
            if not dry_run:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(dump(ordered(_plain(new))), encoding="utf-8")
            continue
        text = target.read_text(encoding="utf-8-sig")
        raw = yaml.load(text, Loader=_LOADER) or {}
        try:
            current = Item.model_validate(raw)
        except ValidationError:
            result.problems.append((where, t("sheet_file_invalid", path=relative)))
            continue
        base = (state["items"].get(key) or {}).get("elements")
        m = merge(new.model_dump(mode="json"), current.model_dump(mode="json"), base,
                  prefer="export" if prefer == "sheet" else "repo")
        taken = [*m.added, *m.changed, *m.removed, *(e for e, w in m.conflicts if w == "export")]
        result.kept += [(key, _title(e)) for e in m.local]
        result.conflicts += [(key, _title(e), "sheet" if w == "export" else "file") for e, w in m.conflicts]
        if not taken:
            result.unchanged += 1
            continue
        for element in taken:
            value = _plain(getattr(new, element))
            if value is None:
                raw.pop(element, None)
            else:
                raw[element] = value
        Item.model_validate(raw)  # what is written is an item the model takes
        result.changed.append((key, relative, [_title(e) for e in taken]))
        if not dry_run:
            target.write_text(dump(ordered(raw), _header(text)), encoding="utf-8")
    if folder.is_dir():
        result.missing = sorted(p.stem for p in folder.glob("*.yaml") if p.stem not in items
                                and p.stem in state["items"])
    return result


def summary(result: SheetResult) -> str:
    """The diff a clerk reads after an import (Chinese)."""
    lines = [t("sheet_dry_run")] if result.dry_run else []
    lines.append(t("sheet_summary", department=result.department, changed=len(result.changed),
                   added=len(result.added), unchanged=result.unchanged))
    lines += [t("sheet_changed_line", path=path, elements="、".join(elements)) for _, path, elements in result.changed]
    lines += [t("sheet_added_line", path=path) for _, path in result.added]
    lines += [t("sheet_conflict_line", key=key, element=element, winner=t(f"sheet_winner_{winner}"))
              for key, element, winner in result.conflicts]
    lines += [t("sheet_kept_line", key=key, element=element) for key, element in result.kept]
    lines += [t("sheet_missing_line", key=key) for key in result.missing]
    lines += [f"{where}: {message}" for where, message in result.problems]
    if result.changed or result.added:
        lines.append(t("sheet_next"))
    return "\n".join(lines)



# --- command line -------------------------------------------------------------------

def add_parsers(sub) -> None:
    """``sheet-export`` and ``sheet-import`` on the generator's argparse sub-parsers."""
    out = sub.add_parser("sheet-export", help="write one department's items to an XLSX workbook for editing")
    out.add_argument("department", help="department id (folder under items/)")
    out.add_argument("out", help="workbook to write, e.g. 公安局事项.xlsx")
    out.set_defaults(run=_run_export)
    back = sub.add_parser("sheet-import", help="merge an edited sheet-export workbook back into the item files")
    back.add_argument("workbook", help="the workbook sheet-export wrote, edited")
    back.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    back.add_argument("--prefer", choices=["file", "sheet"], default="file",
                      help="who wins an element changed in both since the export (default: file)")
    back.set_defaults(run=_run_import)


def _run_export(args) -> int:
    import sys

    from generator.config import read_settings
    root = Path(args.root)
    try:
        count = export(root, read_settings(root), args.department, Path(args.out))
    except SheetError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(t("sheet_exported", items=count, path=args.out, department=args.department,
            state=(STATE_DIR / f"{args.department}.json").as_posix()))
    return 0


def _run_import(args) -> int:
    import sys

    from generator.config import read_settings
    root = Path(args.root)
    try:
        result = import_sheet(root, read_settings(root), Path(args.workbook), args.prefer, args.dry_run)
    except SheetError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(summary(result))
    return 1 if result.problems else 0
