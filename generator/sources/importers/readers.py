"""Readers of platform exports: CSV, XLSX, JSON, JSON Lines and JS data files.

Each reader yields :class:`Record` objects: one exported item (a table row or
a JSON record) as a dict, with the file and the row or record number a clerk
can find it by.  Tables (CSV, XLSX) give ``{header: cell}``; JSON gives the
record as it is.  Nothing is converted here: the mapping rules do that.

- CSV: UTF-8 with or without BOM; otherwise the encoding is detected with
  charset-normalizer (Chinese Excel writes GB18030/GBK; GBK and GB2312 are
  read as GB18030, their superset).
- XLSX: python-calamine (fast, read-only).  Cells come as str, int, float,
  bool, date or datetime.
- JSON: the records are at the mapping's ``records`` path (``items[]``), or
  the file is a list of records.  A path may go through lists nested in
  lists (``[].items[].sub_items[]``: every sub-item of every item of every
  department): the fields of the enclosing entries are then given to each
  record as ``../field`` (the entry one level up), ``../../field`` (two up) ….
- JS (``format: js``): a JavaScript data file holding one array or object
  literal assigned to a name (``const bszlData = [...]``), read as JSON and
  never run (``jsdata.py``); then as JSON.
- JSON Lines: one record per non-empty line.

A file that cannot be read raises :class:`SourceError` (a Chinese message
naming the file, the sheet and row or the line where it can, and what to do):
an empty file, an old ``.xls`` workbook or a web page saved as ``.xlsx``, a
table without the header row the mapping reads, merged cells in the rows of
data (their value would count for the first row only), JSON that is cut off
or not UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from .texts import t

EXTENSIONS = {"csv": (".csv",), "xlsx": (".xlsx", ".xlsm"), "json": (".json",), "jsonl": (".jsonl", ".ndjson"),
              "js": (".js",)}


class SourceError(Exception):
    """An export file that cannot be read; the message is for a clerk."""


HEADER_SEARCH = 10  # rows searched for the header (title rows above it are common)
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")  # Excel 97-2003 (.xls) and password-protected workbooks
ZIP = b"PK\x03\x04"  # an .xlsx is a zip archive


def _empty_file(path: Path, name: str) -> None:
    if path.stat().st_size == 0:
        raise SourceError(t("err_empty_file", name=name))


@dataclass
class Record:
    file: str                      # the path as the clerk gave it
    number: int                    # row number in the sheet (header = 1) or record number (from 1)
    data: dict
    unit: str = "row"              # "row" (tables) or "record" (JSON, JSON Lines)
    table: str = ""                # sheet name for XLSX
    locator: str = ""              # place in nested JSON lists ("第 2 项，items 第 1 项 …"), else ""
    sub: dict = field(default_factory=dict)   # derived values (key：value notes), by path

    @property
    def where(self) -> str:
        """The place of the record in Chinese: "a.xlsx 工作表“事项”第 3 行"."""
        sheet = t("where_sheet", sheet=self.table) if self.table else ""
        where = t("where_row" if self.unit == "row" else "where_record", file=self.file, sheet=sheet,
                  number=self.number)
        return t("where_nested", where=where, locator=self.locator) if self.locator else where


def export_files(sources: list[Path], formats: tuple[str, ...]) -> list[Path]:
    """The export files named by the command line: files as given, and in a
    folder every file (sorted, not recursive) whose extension one of the
    formats accepts; other files (``_failed.txt``) are ignored."""
    accepted = tuple(ext for f in formats for ext in EXTENSIONS[f])
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            files.extend(sorted(p for p in source.iterdir()
                                if p.is_file() and p.suffix.lower() in accepted and not p.name.startswith("~$")))
        elif source.is_file():
            files.append(source)
        else:
            raise SourceError(t("err_source_missing", source=source))
    return files


def format_of(path: Path) -> Optional[str]:
    suffix = path.suffix.lower()
    for name, extensions in EXTENSIONS.items():
        if suffix in extensions:
            return name
    return None


# --- CSV --------------------------------------------------------------------

def decode(raw: bytes, name: str) -> str:
    """Text of a CSV file: UTF-8 (BOM or not), else the detected encoding."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(raw[:200_000]).best()
    encoding = (best.encoding if best else "gb18030").lower().replace("-", "_")
    if encoding in ("gbk", "gb2312", "cp936", "gb18030", "hz"):
        encoding = "gb18030"
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            raise SourceError(t("err_encoding", name=name)) from None


def _header(cells: list) -> list[str]:
    """Column names: whitespace and the required-column mark * removed."""
    return ["".join(str(c).split()).strip("*＊") if c is not None else "" for c in cells]


def header_index(rows: list[list], name: str, table: str, header_row: Optional[int], columns: tuple = ()) -> int:
    """The index of the header row: *header_row* (1-based) when the mapping
    gives one; else the first non-empty row, or with *columns* the first of
    the first ``HEADER_SEARCH`` rows naming one of them (``len(rows)``: no
    row at all, in a table without *columns*).  With *columns*, raises
    SourceError when the table has no row at all or no header naming one."""
    filled = [i for i, r in enumerate(rows) if any(c not in (None, "") for c in r)]
    where = name + (t("where_sheet", sheet=table) if table else "")
    if header_row:
        return header_row - 1
    if not columns:
        return filled[0] if filled else len(rows)
    if not filled:
        raise SourceError(t("err_no_rows", where=where))
    wanted = set(columns)
    for i in filled[:HEADER_SEARCH]:
        if wanted & set(_header(rows[i])):
            return i
    first = [c for c in _header(rows[filled[0]]) if c][:4]
    raise SourceError(t("err_no_header", where=where, number=filled[0] + 1, found="、".join(first) or "—",
                        columns="、".join(columns[:4])))


def _rows_to_records(rows: list[list], name: str, table: str, header_row: Optional[int],
                     columns: tuple = ()) -> Iterator[Record]:
    start = header_index(rows, name, table, header_row, columns)
    if start >= len(rows):
        return
    header = _header(rows[start])
    for index in range(start + 1, len(rows)):
        row = rows[index]
        if not any(c not in (None, "") for c in row):
            continue
        data = {h: row[i] for i, h in enumerate(header) if h and i < len(row) and row[i] not in (None, "")}
        yield Record(name, index + 1, data, "row", table)


def read_csv(path: Path, name: str, header_row: Optional[int] = None,
             columns: tuple = ()) -> list[Record]:
    """The rows of a CSV file; *columns*: the columns the mapping reads
    (the header is the first of the first rows naming one of them)."""
    _empty_file(path, name)
    text = decode(path.read_bytes(), name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    return list(_rows_to_records(rows, name, "", header_row, columns))


# --- XLSX -------------------------------------------------------------------

def read_workbook(path: Path, name: str, merged: Optional[dict] = None) -> dict[str, list[list]]:
    """Every sheet of a workbook as rows of cells, keyed by sheet name;
    *merged*, when given, receives sheet name -> merged ranges
    ``[((first row, first column), (last row, last column))]`` (0-based).
    Raises SourceError for an empty file, an old .xls workbook (or one with
    a password), a file that is not a workbook, or one calamine cannot read."""
    from python_calamine import CalamineWorkbook
    _empty_file(path, name)
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(OLE2):
        raise SourceError(t("err_xls_as_xlsx", name=name))
    if not head.startswith(ZIP):
        kind = t("looks_html") if head.lstrip().lower().startswith((b"<", b"\xef\xbb\xbf<")) else t("looks_text")
        raise SourceError(t("err_not_workbook", name=name, kind=kind))
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = {}
        for sheet in book.sheet_names:
            data = book.get_sheet_by_name(sheet)
            sheets[sheet] = data.to_python(skip_empty_area=False)
            if merged is not None:
                merged[sheet] = list(data.merged_cell_ranges or ())
        book.close()
        return sheets
    except Exception as exc:  # calamine raises its own error classes
        raise SourceError(t("err_xlsx", name=name, error=type(exc).__name__)) from None


def cell_name(row: int, column: int) -> str:
    """``B3`` for row 2, column 1 (0-based)."""
    letters, n = "", column + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def check_merged(ranges: list, header: int, name: str, sheet: str) -> None:
    """Raise SourceError naming the merged ranges that reach below the
    header row (index *header*): only their first cell holds the value."""
    inside = [(a, b) for a, b in ranges if b[0] > header and b[0] > a[0]]
    if inside:
        shown = "、".join(f"{cell_name(*a)}:{cell_name(*b)}" for a, b in inside[:5])
        raise SourceError(t("err_merged", where=name + t("where_sheet", sheet=sheet), cells=shown,
                            n=len(inside)))


def sheet_records(rows: list[list], name: str, sheet: str, header_row: Optional[int] = None,
                  columns: tuple = ()) -> list[Record]:
    return list(_rows_to_records(rows, name, sheet, header_row, columns))


# --- JSON ---------------------------------------------------------------------

def at_path(document, path: str, name: str) -> list:
    """The record list at ``items[]`` / ``data.list[]``; the document itself
    when it is a list and no path is given."""
    if not path:
        if isinstance(document, list):
            return document
        raise SourceError(t("err_json_top", name=name))
    node = document
    for part in path.replace("[]", "").split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise SourceError(t("err_json_path", name=name, path=path, part=part))
    if not isinstance(node, list):
        raise SourceError(t("err_json_not_list", name=name, path=path))
    return node


def nested_records(document, path: str, name: str) -> list[tuple[object, list, str]]:
    """(record, enclosing entries innermost first, locator) of every record
    at a path that goes through nested lists (``[].items[].sub_items[]``).
    Each enclosing entry is given without the list the path goes on into.
    Raises SourceError naming the part of the path an entry lacks, or the
    part that is not a list."""
    parts = path.split(".")
    current: list = [(document, [], [])]          # (node, parents, positions)
    for index, part in enumerate(parts):
        key, many = (part[:-2], True) if part.endswith("[]") else (part, False)
        last = index == len(parts) - 1
        onward = parts[index + 1].removesuffix("[]") if not last else ""
        following = []
        for node, parents, positions in current:
            if key:
                if not (isinstance(node, dict) and key in node):
                    where = "，".join(positions)
                    raise SourceError(t("err_json_path", name=name + (f"（{where}）" if where else ""),
                                        path=path, part=key))
                node = node[key]
            if not (many or last):
                following.append((node, parents, positions))
                continue
            if not isinstance(node, list):
                raise SourceError(t("err_json_not_list", name=name, path=path))
            for number, entry in enumerate(node, start=1):
                place = positions + [t("where_level", key=f"{key} " if key else "", number=number)]
                if last:
                    following.append((entry, parents, place))
                else:
                    own = {k: v for k, v in entry.items() if k != onward} if isinstance(entry, dict) else {}
                    following.append((entry, [own] + parents, place))
        current = following
    return [(node, parents, "，".join(positions)) for node, parents, positions in current]


def read_json(path: Path, name: str, records_path: str) -> list[Record]:
    """The records of a JSON file (or, by its ``.js`` extension, of a
    JavaScript data file: ``jsdata.js_document``) at ``records_path``."""
    _empty_file(path, name)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise SourceError(t("err_json_encoding", name=name, line=line)) from None
    if path.suffix.lower() in EXTENSIONS["js"]:
        from .jsdata import js_document
        document = js_document(text, name)
    else:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(t("err_json", name=name, line=exc.lineno, column=exc.colno,
                                error=_json_reason(exc))) from None
    if records_path.count("[]") > 1 or records_path.startswith("[]"):
        records = []
        for number, (record, parents, locator) in enumerate(nested_records(document, records_path, name), 1):
            data = dict(record) if isinstance(record, dict) else {"value": record}
            for depth, parent in enumerate(parents, start=1):
                data.update({"../" * depth + k: v for k, v in parent.items()})
            records.append(Record(name, number, data, "record", locator=locator if parents else ""))
        return records
    records = at_path(document, records_path, name)
    return [Record(name, i, r if isinstance(r, dict) else {"value": r}, "record")
            for i, r in enumerate(records, start=1)]


def _json_reason(exc: json.JSONDecodeError) -> str:
    """The decoder's reason in Chinese where it is a common one."""
    if exc.pos >= len(exc.doc.rstrip()):
        return t("json_cut_off")
    return t("json_unexpected", char=exc.doc[exc.pos:exc.pos + 1])


def read_jsonl(path: Path, name: str, problems: list) -> list[Record]:
    """Records of a JSON Lines file; a line that is not a JSON object is
    added to ``problems`` as (file, line, reason) and skipped."""
    records = []
    with open(path, "rb") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError as exc:
                reason = _json_reason(exc) if isinstance(exc, json.JSONDecodeError) else t("json_not_utf8")
                problems.append((name, number, t("jsonl_bad_line", error=reason)))
                continue
            if not isinstance(value, dict):
                problems.append((name, number, t("jsonl_not_object")))
                continue
            records.append(Record(name, number, value, "row"))
    return records
