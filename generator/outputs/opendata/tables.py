"""The catalogue as tables: CSV files and one XLSX workbook, one row per item
plus one table per list of objects in the item (materials, steps, fee items,
offices, …) keyed by the item, and the department and office registries.

Columns are derived from the pydantic model (``generator.checks.model``),
never listed here: a nested object becomes dotted columns
(``time_limits.promised.value``), a list of plain values one ``array``
column (a JSON array in the cell), and a list of objects inside the item its
own table ``item_<path>`` with the columns ``item_key`` and ``position``.
Inside such a table, a list of objects (a step's branches) is an ``array``
column of JSON objects.  In the ``items`` table, each child table has a
count column: empty when the item does not state the list, 0 when it states
an empty list (``materials: []``: no materials needed).

Types are Frictionless table-schema types (string, integer, boolean, date,
array).  An element not stated is an empty cell, never a filled value.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from generator.checks import model
from generator.checks.schema import _unwrap
from generator.outputs.opendata.common import Context, write_text

TYPES = {str: "string", int: "integer", bool: "boolean", dt.date: "date"}


@dataclass(frozen=True)
class Column:
    name: str  # dotted path inside the row's object, or a key column (item_key, position)
    type: str  # Frictionless type
    title: str  # Chinese titles of the path, joined with ·
    description: str = ""
    enum: tuple = ()
    required: bool = False
    path: tuple = ()  # attribute path in the model object ('' columns are filled by the table)


@dataclass
class Table:
    name: str
    title: str
    model: type  # the pydantic class of one row's object
    columns: list[Column] = field(default_factory=list)
    path: tuple = ()  # where the list sits in an Item (child tables)
    children: list["Table"] = field(default_factory=list)


def _is_model(core) -> bool:
    return isinstance(core, type) and issubclass(core, BaseModel)


def _columns(cls: type, prefix: tuple, titles: tuple, table: Table, top: Table | None) -> None:
    """Add the columns of ``cls`` to ``table``; with ``top`` (the items table)
    lists of objects become child tables of ``top``."""
    for name, info in cls.model_fields.items():
        path, title = prefix + (name,), titles + (info.title or name,)
        core, _ = _unwrap(info.annotation)
        origin = typing.get_origin(core)
        dotted = ".".join(path)
        if origin is list:
            (inner,) = typing.get_args(core)
            inner, _ = _unwrap(inner)
            if _is_model(inner) and top is not None:
                child = Table("item_" + dotted.replace(".", "_"), "·".join(title), inner, path=path)
                child.columns = [Column("item_key", "string", "事项标识", "key of the item (items.key)", required=True),
                                 Column("position", "integer", "序号", "1-based position in the list", required=True)]
                _columns(inner, (), (), child, None)
                top.children.append(child)
                table.columns.append(Column(dotted, "integer", "·".join(title) + "（条数）",
                                            f"number of rows in {child.name}; empty: not stated", path=path))
                continue
            table.columns.append(Column(dotted, "array", "·".join(title), _describe(info, "JSON array"), path=path))
        elif _is_model(core):
            _columns(core, path, title, table, top)
        else:
            enum = tuple(typing.get_args(core)) if origin is Literal else ()
            kind = "integer" if enum and all(isinstance(v, int) for v in enum) else TYPES.get(core, "string")
            # Required only at a row's own level: a nested object may be absent.
            table.columns.append(Column(dotted, kind, "·".join(title), _describe(info, ""), enum,
                                        info.is_required() and not prefix, path))


def _describe(info, extra: str) -> str:
    """Chinese description from the model plus the English field id."""
    parts = [info.description or "", extra]
    return "；".join(p for p in parts if p)


def _registry(name: str, title: str, cls: type) -> Table:
    table = Table(name, title, cls)
    _columns(cls, (), (), table, None)
    return table


def item_tables() -> list[Table]:
    """Every table, derived from the model: items, its child tables, the
    department and office registries."""
    items = Table("items", "服务事项", model.Item)
    items.columns = [Column("key", "string", "事项标识", "the item's key: file name and page folder", required=True),
                     Column("department", "string", "部门编号", "departments.id"),
                     Column("url", "string", "事项页面", "address of the item's page")]
    _columns(model.Item, (), (), items, items)
    return [items, *items.children, _registry("departments", "部门", model.Department),
            _registry("offices", "办理地点", model.Office)]


def _cell(value) -> Any:
    """A model value as a table cell: None stays None (empty), lists as JSON."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, list):
        return json.dumps([v.model_dump(mode="json", exclude_none=True) if isinstance(v, BaseModel) else v
                           for v in value], ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _get(obj, path: tuple):
    for part in path:
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def _row(obj, columns: list[Column], fixed: dict) -> list:
    out = []
    for c in columns:
        if c.name in fixed:
            out.append(fixed[c.name])
        else:
            value = _get(obj, c.path)
            if c.type == "integer" and isinstance(value, list):  # count column of a child table
                value = len(value)
            out.append(_cell(value))
    return out


def rows(ctx: Context) -> dict[str, list[list]]:
    """Table name -> rows (cells as Python values: None, bool, int, str)."""
    tables = item_tables()
    out: dict[str, list[list]] = {t.name: [] for t in tables}
    items, children = tables[0], tables[0].children
    for entry in ctx.cat.entries:
        key = entry.key
        out["items"].append(_row(entry.item, items.columns,
                                 {"key": key, "department": entry.department or None, "url": ctx.item_url(entry)}))
        for child in children:
            for position, obj in enumerate(_get(entry.item, child.path) or (), start=1):
                out[child.name].append(_row(obj, child.columns, {"item_key": key, "position": position}))
    for table, objects in (("departments", ctx.cat.departments), ("offices", ctx.cat.offices)):
        registry = next(t for t in tables if t.name == table)
        out[table] = [_row(o, registry.columns, {}) for o in objects]
    return out


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(ctx: Context, folder: Path, data: dict[str, list[list]] | None = None) -> dict[str, int]:
    """``folder/<table>.csv`` (UTF-8, no BOM, CRLF as RFC 4180); returns
    file name -> size in bytes."""
    data = rows(ctx) if data is None else data
    sizes = {}
    for table in item_tables():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([c.name for c in table.columns])
        writer.writerows([_text(v) for v in row] for row in data[table.name])
        sizes[f"{table.name}.csv"] = write_text(folder / f"{table.name}.csv", out.getvalue())
    return sizes


def write_xlsx(ctx: Context, path: Path, data: dict[str, list[list]] | None = None) -> int:
    """One workbook, a sheet per table; the header row holds the Chinese
    titles (the CSV files and datapackage.json give the column ids).
    XlsxWriter in constant-memory mode; its zip entries carry a fixed time
    and the properties the data's date (1980-01-01 when no item states a
    review date), so two builds give the same bytes.  Returns the size in bytes."""
    import xlsxwriter

    data = rows(ctx) if data is None else data
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                           "strings_to_formulas": False, "strings_to_urls": False})
    stamp = dt.datetime.combine(ctx.updated or dt.date(1980, 1, 1), dt.time())
    # No publisher set: no author property (never another catalogue's name).
    book.set_properties({"created": stamp, **({"author": ctx.settings.publisher} if ctx.settings.publisher else {})})
    for table in item_tables():
        sheet = book.add_worksheet(table.name[:31])
        sheet.write_row(0, 0, [c.title for c in table.columns])
        # Each cell by its type's own method: write_row's per-cell type dispatch
        # was a tenth of the workbook's time (0.17 of 1.67 CPU-s at 1,603 items).
        # An empty cell is not written, as write_row leaves it (no format).
        text, number = sheet.write_string, sheet.write_number
        for r, row in enumerate(data[table.name], start=1):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if isinstance(v, bool):
                    text(r, c, "true" if v else "false")
                elif isinstance(v, str):
                    text(r, c, v)
                elif isinstance(v, (int, float)):
                    number(r, c, v)
                else:
                    sheet.write(r, c, v)
    book.close()
    return path.stat().st_size
