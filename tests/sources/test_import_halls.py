"""County trial 2 (#2, "Top 5 fixes" 1): offices from an export.

The 防城港市 export wrote its 市政务服务中心 in about twenty ways (大道大道,
防防城港市, a prefix pasted twice, a comma more) and each became an office
without a name.  The fixture ``fixtures/import/gxzwfw-halls`` repeats those
slips in the fictional 示范市: the records of one hall become ONE office, with
the name the records state, the merge listed in the report; two halls are
never merged; no name and no hours are made up.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.sources.importers import run_import
from generator.sources.mistakes.addresses import cleaned, place_key

from importing import FIXTURES, catalogue

HALLS = FIXTURES / "gxzwfw-halls"
DEPARTMENT = "administrative-approval"   # 示范市行政审批局: its kind's id (department-ids.yaml)
H1 = "工作日：上午8：30-12：00下午14：00-17：00。（法定节假日除外）"


def _imported(tmp_path: Path):
    root = catalogue(tmp_path)
    result = run_import(root, [HALLS], "gxzwfw")
    offices = yaml.safe_load((root / "content/offices.yaml").read_text(encoding="utf-8"))
    refs = {}
    for path in (root / "items" / DEPARTMENT).glob("*.yaml"):
        item = yaml.safe_load(path.read_text(encoding="utf-8"))
        refs[path.stem[-4:]] = item.get("offices")
    return root, result, {o["id"]: o for o in offices}, refs


def test_one_hall_written_six_ways_is_one_named_office(tmp_path):
    _, result, offices, refs = _imported(tmp_path)
    ids = {refs[n][0]["office"] for n in ("0001", "0002", "0003", "0004", "0005", "0006")}
    assert len(ids) == 1, ids
    hall = offices[ids.pop()]
    assert hall == {"id": hall["id"], "name": "市政务服务中心", "address": "示范市城南区江山大道88号"}
    # Each record keeps its own window.
    assert refs["0003"][0]["window"] == "2楼人社局1-8号窗口" and refs["0006"][0]["window"] == "一楼高效办成一件事窗口"
    assert len(result.new_offices) == 6


def test_two_halls_are_never_one_office(tmp_path):
    _, _, offices, refs = _imported(tmp_path)
    # One house number, two halls the record names: two offices.
    station, hall = (offices[r["office"]] for r in refs["0007"])
    assert station["id"] != hall["id"] and station["address"] == hall["address"] == "示范市城南区建政路11号"
    assert {station["name"], hall["name"]} == {"城东车管所办证大厅", "示范市泰安机动车登记服务站"}
    # House number 8 is not 88 ("88" is no doubled character).
    eight = offices[refs["0008"][0]["office"]]
    assert eight["address"] == "示范市城南区江山大道8号" and eight["id"] != refs["0001"][0]["office"]
    # The registry's own 示范市政务服务中心 (民主路 100 号) took none of them.
    assert "city-service-centre" not in {r["office"] for rs in refs.values() for r in rs}


def test_no_name_is_made_up(tmp_path):
    _, _, offices, refs = _imported(tmp_path)
    office = offices[refs["0011"][0]["office"]]
    assert "name" not in office and office["address"] == "示范市城北区和平路3号市委楼619室"


def test_hours_only_when_every_item_there_states_the_same(tmp_path):
    _, result, offices, refs = _imported(tmp_path)
    talent = offices[refs["0009"][0]["office"]]
    assert talent["hours_text"] == H1
    assert "hours_text" not in refs["0009"][0] and "hours_text" not in refs["0010"][0]   # not twice on the page
    # Items of the 88号 hall state two different texts: the office states none, each item keeps its own.
    hall = offices[refs["0001"][0]["office"]]
    assert "hours_text" not in hall and refs["0001"][0]["hours_text"] == H1
    # One item (0011), and a record naming two halls at once (0007): no office hours.
    assert "hours_text" not in offices[refs["0011"][0]["office"]]
    assert all("hours_text" not in offices[r["office"]] for r in refs["0007"])
    assert [(hall.id, n) for hall, _, n in result.offices.hours_from_items] == [(talent["id"], 2)]


def test_report_lists_what_went_into_which_office(tmp_path):
    root, _, offices, refs = _imported(tmp_path)
    report = (root / "imports/gxzwfw/report.md").read_text(encoding="utf-8")
    section = report[report.index("## 合并的办理地点（1）"):report.index("## 办公时间取自事项的办理地点")]
    hall = refs["0001"][0]["office"]
    line = next(line for line in section.splitlines() if line.startswith(f"- `{hall}`"))
    for written in ("示范市城南区江山大道大道88号（市政务服务中心）", "示示范市城南区江山大道88号（市政务服务中心）",
                    "示范市城南区江山示范市城南区江山大道88号（市政务服务中心）", "“示范市城南区江山大道88号”（1 处）"):
        assert written in line, written
    assert "建政路11号" not in section                       # two halls: nothing merged
    assert f"`{refs['0009'][0]['office']}`（2 个事项都写了）：{H1}" in report


def test_a_second_import_changes_nothing(tmp_path):
    root, _, _, _ = _imported(tmp_path)
    before = (root / "content/offices.yaml").read_text(encoding="utf-8")
    again = run_import(root, [HALLS], "gxzwfw")
    assert again.new_offices == [] and again.changed == [] and again.unchanged == 11
    assert (root / "content/offices.yaml").read_text(encoding="utf-8") == before


def test_place_key_undoes_slips_only():
    same = ["示范市城南区江山大道88号", "示范市城南区江山大道大道88号", "示示范市城南区江山大道88号",
            "示范市城南区江山示范市城南区江山大道88号", "示范市城南区园博园中区示范市城南区江山大道88号",
            "示范市 城南区江山大道８８号。", "城南区江山大道88号"]
    assert {place_key(a, "示范市") for a in same} == {"城南区江山大道88号"}
    assert place_key("示范市政务服务中心", "示范市") == place_key("市政务服务中心", "示范市")
    for one, other in (("公车街1-55号", "公车街155号"), ("建政路11号", "建政路1号"), ("江山大道8号", "江山大道88号"),
                       ("城南区江山大道88号", "城北区江山大道88号"),
                       ("示范市城南区北部湾大道148号防城港市政务服务中心", "示范市政务服务中心")):
        assert place_key(one, "示范市") != place_key(other, "示范市"), (one, other)
    assert cleaned("示范市城南区江山大道大道88号，") == "示范市城南区江山大道88号，"
    assert cleaned("示范市城南区江山示范市城南区江山大道88号") == "示范市城南区江山大道88号"


def test_an_office_renamed_by_the_county_keeps_its_records(tmp_path):
    """The README asks a county to name its offices: a renamed office (its name
    no longer the export's) still takes its records on the next import
    (state.json remembers where each spelling went), so no second office."""
    root, _, offices, refs = _imported(tmp_path)
    hall = refs["0001"][0]["office"]
    path = root / "content/offices.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  name: 市政务服务中心\n", "  name: 示范市民中心政务大厅\n"),
                    encoding="utf-8")
    again = run_import(root, [HALLS], "gxzwfw")
    assert again.new_offices == [] and again.changed == [] and again.unchanged == 11
    report = (root / "imports/gxzwfw/report.md").read_text(encoding="utf-8")
    assert "## 合并的办理地点（0）" in report
    assert {o["id"] for o in yaml.safe_load(path.read_text(encoding="utf-8"))} == set(offices)
    assert hall in offices
