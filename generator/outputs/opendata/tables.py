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
from operator import attrgetter
from typing import Any, Callable, Literal

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


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(v, ensure_ascii=False), one encoder


def _cell(value, count: bool = False) -> Any:
    """A model value as a table cell: None stays None (empty), a count
    column's list its length, other lists JSON, booleans "true"/"false"
    (as the CSV files and the workbook write them), dates ISO."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, list):
        if count:
            return len(value)
        return _ENCODE([v.model_dump(mode="json", exclude_none=True) if isinstance(v, BaseModel) else v
                        for v in value])
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _getter(path: tuple) -> Callable[[Any], Any]:
    """``obj`` -> the value at the attribute ``path`` (None when an object on
    the way is None)."""
    first = attrgetter(path[0])
    if len(path) == 1:
        return first
    rest = path[1:]

    def get(obj):
        obj = first(obj)
        for part in rest:
            if obj is None:
                return None
            obj = getattr(obj, part)
        return obj
    return get


_PLAIN = frozenset((str, int))  # cell values as they are (not bool: a subclass of int, written as text)


def _row_maker(table: Table) -> Callable[[Any, tuple], list]:
    """``make(obj, fixed)``: the row of ``obj`` in ``table``, ``fixed`` the
    values of its key columns (those without a model path, which lead the
    columns: key, department, url / item_key, position).  Called once per
    row (25,904 rows at 1,603 items): the columns' getters are made once."""
    lead = 0
    while lead < len(table.columns) and not table.columns[lead].path:
        lead += 1
    if any(not c.path for c in table.columns[lead:]):
        raise ValueError(f"{table.name}: a key column after the model's columns")
    cells = [(_getter(c.path), c.type == "integer") for c in table.columns[lead:]]
    plain, cell = _PLAIN, _cell

    def make(obj, fixed: tuple) -> list:
        out = list(fixed)
        for get, count in cells:
            value = get(obj)
            out.append(value if value is None or value.__class__ in plain else cell(value, count))
        return out
    return make


def rows(ctx: Context) -> dict[str, list[list]]:
    """Table name -> rows; a cell is None (empty), a str or an int (see
    ``_cell``), made once for the CSV files and the workbook.  At 1,603
    items: 25,904 rows in 0.19 CPU-s (0.32 with a generic cell function;
    docs/performance.md, "Open-data exports' CPU")."""
    tables = item_tables()
    out: dict[str, list[list]] = {t.name: [] for t in tables}
    items = tables[0]
    item_row = _row_maker(items)
    children = [(_getter(child.path), _row_maker(child), out[child.name]) for child in items.children]
    item_rows = out["items"]
    for entry in ctx.cat.entries:
        key, item = entry.key, entry.item
        item_rows.append(item_row(item, (key, entry.department or None, ctx.item_url(entry))))
        for get, make, target in children:
            for position, obj in enumerate(get(item) or (), start=1):
                target.append(make(obj, (key, position)))
    for table, objects in (("departments", ctx.cat.departments), ("offices", ctx.cat.offices)):
        make = _row_maker(next(t for t in tables if t.name == table))
        out[table] = [make(o, ()) for o in objects]
    return out


def write_csv(ctx: Context, folder: Path, data: dict[str, list[list]] | None = None) -> dict[str, int]:
    """``folder/<table>.csv`` (UTF-8, no BOM, CRLF as RFC 4180; an empty
    cell (None) is an empty field, as the csv module writes it); returns
    file name -> size in bytes."""
    data = rows(ctx) if data is None else data
    sizes = {}
    for table in item_tables():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([c.name for c in table.columns])
        writer.writerows(data[table.name])
        sizes[f"{table.name}.csv"] = write_text(folder / f"{table.name}.csv", out.getvalue())
    return sizes


# Cells up to which the workbook is written with XlsxWriter's shared strings,
# held in memory until it is closed (~170 cells an item: ~2,900 items).
SHARED_STRINGS_CELLS = 500_000


def write_xlsx(ctx: Context, path: Path, data: dict[str, list[list]] | None = None) -> int:
    """One workbook, a sheet per table; the header row holds the Chinese
    titles (the CSV files and datapackage.json give the column ids).
    XlsxWriter with its shared-strings table (each distinct text escaped and
    written once: 0.97-1.05 CPU-s at 1,603 items against 1.34-1.38 in
    constant-memory mode with inline strings, 9 % fewer bytes), up to
    ``SHARED_STRINGS_CELLS`` cells; it holds them until ``close`` (about
    0.4 GB more at 20,000 items), so a larger workbook is written row by row
    in constant-memory mode (docs/performance.md, "Open-data workbook
    writer").  Either way the same size gives the same bytes.  Its zip entries
    carry a fixed time and the properties the data's date (1980-01-01 when
    no item states a review date), so two builds give the same bytes.
    Text stays text (no conversion to numbers, formulas or links).
    Returns the size in bytes."""
    import xlsxwriter

    data = rows(ctx) if data is None else data
    path.parent.mkdir(parents=True, exist_ok=True)
    cells = sum(len(table) * len(table[0]) for table in data.values() if table)
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False,
                                           "constant_memory": cells > SHARED_STRINGS_CELLS})
    stamp = dt.datetime.combine(ctx.updated or dt.date(1980, 1, 1), dt.time())
    # No publisher set: no author property (never another catalogue's name).
    book.set_properties({"created": stamp, **({"author": ctx.settings.publisher} if ctx.settings.publisher else {})})
    for table in item_tables():
        sheet = book.add_worksheet(table.name[:31])
        sheet.write_row(0, 0, [c.title for c in table.columns])
        # Each cell by its type's own method: write_row's per-cell type dispatch
        # was a tenth of the workbook's time (0.17 of 1.67 CPU-s at 1,603 items),
        # and without XlsxWriter's A1-notation wrapper (functools.wraps keeps
        # the method under it as __wrapped__): 0.07 CPU-s less at 1,603 items
        # (1.46 -> 1.35 CPU-s with rows() giving booleans as text).
        # An empty cell is not written, as write_row leaves it (no format).
        text, number = _cell_writer(sheet, "write_string"), _cell_writer(sheet, "write_number")
        for r, row in enumerate(data[table.name], start=1):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if v.__class__ is str:
                    text(r, c, v)
                elif isinstance(v, bool):  # rows() gives "true"/"false"; a caller's own data may not
                    text(r, c, "true" if v else "false")
                elif isinstance(v, str):
                    text(r, c, v)
                elif isinstance(v, (int, float)):
                    number(r, c, v)
                else:
                    sheet.write(r, c, v)
    book.close()
    return path.stat().st_size


def _cell_writer(sheet, name: str):
    """``sheet.<name>`` taking (row, column, value) without XlsxWriter's
    A1-notation wrapper (``convert_cell_args``) when it has one."""
    method = getattr(type(sheet), name)
    return getattr(method, "__wrapped__", method).__get__(sheet)
