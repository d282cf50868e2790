"""The importer's messages (``import:`` in generator/locales/zh.yaml), issue 13
item 2: every text the code says exists and every text is said; every
problem names what to do; and a bad spreadsheet or JSON file ends in one
Chinese message naming the file and, where there is one, the sheet and row
or line -- never a traceback, never "0 records" and exit 0."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.sources.importers import cli
from generator.sources.importers.texts import LOCALES

from importing import catalogue

IMPORTERS = Path(cli.__file__).resolve().parent
# A text said through a built name: t("prefer_" + result.prefer), t(f"sheet_winner_{winner}").
BUILT = re.compile(r"\bt\(\s*f?[\"']([a-z_]+_)(?:[\"']\s*\+|\{)")
# Texts that tell of a problem: each says what to do about it.
PROBLEMS = re.compile(r"^(err_|map_|skip_|wrong_|jsonl_|not_|no_|bad_|shape_|unknown_|unreadable_|deleted_|"
                      r"phone_|usage$|unmapped_help$|conflicts_help$|removed_help$)")
# Frames around another text (the file, the element) and the descriptions of skip rules.
FRAMES = {"map_file", "map_rule", "skip_equals", "skip_starts"}
FIX = ("请", "应写成", "应是", "要写", "要有", "只能用", "用 --", "如 ")


def _texts() -> dict:
    return yaml.safe_load((LOCALES / "zh.yaml").read_text(encoding="utf-8"))["import"]


def _code() -> str:
    """The code that says these texts: the importers and every module using their ``t``."""
    texts = [p.read_text(encoding="utf-8") for p in IMPORTERS.parents[1].rglob("*.py")]
    return "\n".join(text for path, text in zip(IMPORTERS.parents[1].rglob("*.py"), texts)
                     if path.parent == IMPORTERS or "importers.texts import" in text)


def test_every_import_text_the_code_says_exists():
    code = _code()
    said = set(re.findall(r"\bt\(\s*[\"']([a-z_]+)[\"']", code)) - set(BUILT.findall(code))
    missing = sorted(said - set(_texts()) - {"key"})  # "key": texts.py's docstring
    assert len(said) > 60 and missing == []


def test_every_import_text_is_said_somewhere():
    code = _code()
    built = tuple(set(BUILT.findall(code)))
    assert "prefer_" in built and "winner_" in built
    unused = [key for key in _texts() if key != "elements" and not key.startswith(built)
              and not re.search(rf"[\"']{re.escape(key)}[\"']", code)]
    assert unused == []


def test_every_problem_text_says_what_to_do():
    problems = {k: v for k, v in _texts().items() if isinstance(v, str) and PROBLEMS.match(k) and k not in FRAMES}
    assert len(problems) > 40
    no_fix = {k: v for k, v in problems.items() if not any(marker in v for marker in FIX)}
    assert no_fix == {}


def _run(root: Path, export: Path, mapping: str, capsys) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=".")
    cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["--root", str(root), "import", "--dry-run", "--mapping", mapping, str(export)])
    code = args.run(args)
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def _workbook(path: Path, sheet: str, rows: list, merge: str = "") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    book.save(path)
    return path


HEADER = ["事项名称", "实施主体", "地方编码"]
ROWS = [["社会团体成立登记", "示范市民政局", "mz-001"], ["社会团体变更登记", "示范市民政局", "mz-002"]]


def _make(kind: str, folder: Path) -> tuple[Path, str]:
    """An export file with one kind of mistake, and its mapping."""
    if kind == "empty.xlsx":
        (folder / kind).write_bytes(b"")
    elif kind == "empty.csv":
        (folder / kind).write_bytes(b"")
    elif kind == "header-only.csv":
        (folder / kind).write_text(",".join(HEADER) + "\n", encoding="utf-8")
    elif kind == "no-header.xlsx":
        _workbook(folder / kind, "事项", ROWS)
    elif kind == "wrong-sheet.xlsx":
        _workbook(folder / kind, "Sheet1", [["名称", "部门"], ["社会团体成立登记", "示范市民政局"]])
    elif kind == "two-sheets.xlsx":  # neither named 事项: which one holds the items?
        book = openpyxl.Workbook()
        book.active.title = "Sheet1"
        book.active.append(HEADER)
        book.create_sheet("Sheet2").append(HEADER)
        book.save(folder / kind)
    elif kind == "merged.xlsx":
        _workbook(folder / kind, "事项", [HEADER, ROWS[0], [ROWS[1][0], None, ROWS[1][2]]], merge="B2:B3")
    elif kind == "not-utf8.csv":
        (folder / kind).write_bytes(bytes(range(128, 256)) * 20)
    elif kind == "xls-as.xlsx":  # an Excel 97-2003 file renamed
        (folder / kind).write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(2000))
    elif kind == "old.xls":
        (folder / kind).write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(2000))
    elif kind == "web-page.xlsx":  # a portal's "Excel" export that is HTML
        (folder / kind).write_text("<html><table><tr><td>事项名称</td></tr></table></html>", encoding="utf-8")
    elif kind == "cut-off.json":
        (folder / kind).write_text('{"items": [\n{"name": "a"', encoding="utf-8")
    elif kind == "gbk.json":
        (folder / kind).write_bytes('{"items": [\n{"name": "社会团体"}]}'.encode("gbk"))
    return folder / kind, "gxzwfw" if kind.endswith(".json") else "template"


CASES = {  # file -> what the message says (besides the file's name)
    "empty.xlsx": ["文件是空的"],
    "empty.csv": ["文件是空的"],
    "header-only.csv": ["只有表头", "请在表头下面"],
    "no-header.xlsx": ["工作表“事项”", "第 1 行", "没有表头", "请在数据上方加一行列名"],
    "wrong-sheet.xlsx": ["没有名为“事项”的工作表", "Sheet1", "请把事项所在的工作表改名"],
    "two-sheets.xlsx": ["没有名为“事项”的工作表", "Sheet1、Sheet2"],
    "merged.xlsx": ["工作表“事项”", "B2:B3", "合并单元格", "取消单元格合并"],
    "not-utf8.csv": ["字符编码", "CSV UTF-8"],
    "xls-as.xlsx": ["旧版 Excel 97-2003（.xls）", "另存为"],
    "old.xls": ["旧版 Excel 97-2003（.xls）", "另存为"],
    "web-page.xlsx": ["不是 Excel 工作簿", "网页", "另存为"],
    "cut-off.json": ["第 2 行第 13 列", "可能被截断"],
    "gbk.json": ["第 2 行", "不是 UTF-8 编码"],
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_bad_export_gets_one_message_naming_file_and_place(tmp_path, capsys, kind):
    root = catalogue(tmp_path)
    export, mapping = _make(kind, tmp_path)
    code, text = _run(root, export, mapping, capsys)
    assert code == 1, text
    assert "Traceback" not in text and "内部错误" not in text
    assert text.startswith("导入失败：") and str(export) in text
    for part in CASES[kind]:
        assert part in text, (part, text)


def test_the_one_sheet_with_items_is_read_whatever_its_name(tmp_path, capsys):
    # Excel's Sheet1 with the items, beside an empty Sheet2.
    root = catalogue(tmp_path)
    export = _workbook(tmp_path / "sheet1.xlsx", "Sheet1", [HEADER, *ROWS])
    book = openpyxl.load_workbook(export)
    book.create_sheet("Sheet2")
    book.save(export)
    code, text = _run(root, export, "template", capsys)
    assert code == 0 and "新增 2 个" in text, text


def test_title_rows_above_the_header_are_passed_over(tmp_path, capsys):
    # Chinese spreadsheets often start with a title row ("XX 事项清单"), sometimes merged.
    root = catalogue(tmp_path)
    export = _workbook(tmp_path / "title.xlsx", "事项", [["示范市民政局事项清单", None, None], HEADER, *ROWS],
                       merge="A1:C1")
    code, text = _run(root, export, "template", capsys)
    assert code == 0, text
    assert "新增 2 个" in text
