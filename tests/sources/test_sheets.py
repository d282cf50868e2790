"""A department's items as a spreadsheet and back (sheet-export / sheet-import,
generator/sources/sheets.py): a real XLSX written, edited as Excel would
save it (read with calamine, written anew with XlsxWriter) and imported."""

from __future__ import annotations

import json
from pathlib import Path

import xlsxwriter
import yaml
from python_calamine import CalamineWorkbook

from mini_catalogue import ITEM, copy_mini, errors, run_cli

MATERIALS = "item_materials"


def _read(path: Path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    sheets = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    book.close()
    return sheets


def _write(path: Path, sheets: dict[str, list[list]]) -> None:
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
    book.close()


def _column(rows: list[list], title: str) -> int:
    return rows[0].index(title)


def _export(root: Path, tmp_path: Path) -> tuple[Path, dict]:
    out = tmp_path / "公安局事项.xlsx"
    done = run_cli(root, "sheet-export", "public-security", str(out))
    assert done.returncode == 0, done.stderr
    return out, _read(out)


def test_round_trip_unchanged_touches_nothing(tmp_path):
    root = copy_mini(tmp_path)
    before = (root / ITEM).read_bytes()
    out, sheets = _export(root, tmp_path)
    assert [row[0] for row in sheets["items"][1:]] == ["990101001000"]  # only the department's items
    done = run_cli(root, "sheet-import", str(out))
    assert done.returncode == 0, done.stderr
    assert "更新 0 个事项" in done.stdout and "未变 1 个" in done.stdout
    assert (root / ITEM).read_bytes() == before


def test_edited_sheet_is_merged_with_a_diff(tmp_path):
    root = copy_mini(tmp_path)
    out, sheets = _export(root, tmp_path)
    items = sheets["items"]
    items[1][_column(items, "主要内容")] = "表格里改过的主要内容。"
    materials = sheets[MATERIALS]
    last = list(materials[-1])
    last[_column(materials, "序号")] = len(materials)
    last[_column(materials, "材料名称")] = "近期免冠照片"
    materials.append(last)
    items[1][_column(items, "申请材料（条数）")] = len(materials) - 1
    _write(out, sheets)
    # Meanwhile someone edited the file's name (not in the sheet): kept.
    text = (root / ITEM).read_text(encoding="utf-8")
    (root / ITEM).write_text(text.replace("name: 居民身份证首次申领", "name: 居民身份证首次申领（改）"), encoding="utf-8")

    dry = run_cli(root, "sheet-import", str(out), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "试运行" in dry.stdout and (root / ITEM).read_text(encoding="utf-8") != text
    assert "表格里改过" not in (root / ITEM).read_text(encoding="utf-8")

    done = run_cli(root, "sheet-import", str(out))
    assert done.returncode == 0, done.stderr
    assert f"改：{ITEM}（主要内容、申请材料）" in done.stdout
    assert "事项名称" in done.stdout and "保留" in done.stdout  # the file's own edit, kept
    after = yaml.safe_load((root / ITEM).read_text(encoding="utf-8"))
    assert after["summary"] == "表格里改过的主要内容。"
    assert after["materials"][-1]["name"] == "近期免冠照片"
    assert after["name"] == "居民身份证首次申领（改）"
    assert '\ncode: "990101001000"' in (root / ITEM).read_text(encoding="utf-8")
    assert errors(root) == []


def test_bad_cells_are_reported_not_guessed(tmp_path):
    root = copy_mini(tmp_path)
    out, sheets = _export(root, tmp_path)
    before = (root / ITEM).read_bytes()
    items = sheets["items"]
    items[1][_column(items, "到办事现场次数")] = "两次"
    _write(out, sheets)
    done = run_cli(root, "sheet-import", str(out))
    assert done.returncode == 1
    assert "“到办事现场次数”应是整数，现在是“两次”" in done.stdout
    assert "公安局事项.xlsx:items:2" in done.stdout
    assert (root / ITEM).read_bytes() == before
    state = json.loads((root / "imports" / "sheets" / "public-security.json").read_text(encoding="utf-8"))
    assert list(state["items"]) == ["990101001000"]


def test_unknown_department_is_named(tmp_path):
    root = copy_mini(tmp_path)
    done = run_cli(root, "sheet-export", "police", str(tmp_path / "x.xlsx"))
    assert done.returncode == 1 and "没有部门“police”" in done.stderr and "public-security" in done.stderr
