"""County trial 1, F13: readable department ids for imported catalogues.

A new department gets the id of its kind from the shipped table
(generator/sources/importers/department-ids.yaml): 示范市人力资源和社会保障局
and 区人社局 are ``human-resources``, not ``rlzyhshbzj``.  Two of one kind get
``-2``; a name no keyword matches keeps the pinyin initials; an existing
department keeps its id (by name, or by state.json after a rename), so a
catalogue imported with the old pinyin ids re-imports without a change; a
county's own table (its mapping's ``department_ids:``) comes first.  Real
imports of small exports in the gxzwfw and sczwfw shapes."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
import yaml

from generator.sources.importers import cli
from generator.sources.importers.department_ids import TABLE, kind_id, load_kinds
from generator.sources.importers.mapping import MappingError
from generator.sources.importers.pipeline import run_import

from importing import FIXTURES, GXZWFW, catalogue

SCZWFW = FIXTURES / "sczwfw" / "demo-district-list.js"
OLD = FIXTURES / "old-ids"


def registry(root: Path) -> list[dict]:
    return yaml.safe_load((root / "content/departments.yaml").read_text(encoding="utf-8"))


def tree(root: Path) -> dict:
    """Every file under items/ and content/, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for folder in ("items", "content") for p in sorted((root / folder).rglob("*")) if p.is_file()}


def gxzwfw_export(tmp_path: Path, departments: list[str]) -> Path:
    """The gxzwfw fixture's first record once per department (new ids, no main item)."""
    data = json.loads((GXZWFW / "invented_demo_export.json").read_text(encoding="utf-8"))
    record = data["items"][0]
    data["items"] = []
    for n, department in enumerate(departments, 1):
        item = copy.deepcopy(record)
        item["service"]["department"] = department
        item["service"]["source_item_id"] = f"7d000000-0000-4000-8000-{n:012d}"
        item["service"]["raw_payload"]["detail_extract"].pop("parent_name", None)
        data["items"].append(item)
    folder = tmp_path / "export"
    folder.mkdir(exist_ok=True)
    (folder / "gxzwfw_services_1.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


# --- the table ----------------------------------------------------------------------

@pytest.mark.parametrize("name, region, expected", [
    # full names, as the 防城港市 export writes them (region 示范市 here)
    ("示范市人力资源和社会保障局", "示范市", "human-resources"),
    ("示范市市场监督管理局", "示范市", "market-regulation"),
    ("示范市住房和城乡建设局", "示范市", "housing-construction"),
    ("示范市住房公积金管理中心", "示范市", "housing-fund"),
    ("示范市不动产登记中心", "示范市", "real-estate-registration"),
    ("示范市医疗保障局", "示范市", "medical-insurance"),
    ("示范市公安局", "示范市", "public-security"),
    ("示范市公安局交通警察支队", "示范市", "traffic-police"),
    ("示范市文化广电体育和旅游局", "示范市", "culture-tourism"),
    ("示范市委统战部", "示范市", "united-front"),
    ("示范市市委机要保密办", "示范市", "confidentiality"),
    ("国家税务总局示范市税务局", "示范市", "tax"),
    ("示范海事局", "示范市", "maritime"),
    ("广西电网有限责任公司示范供电局", "示范市", "power"),
    ("示范中燃城市燃气发展有限公司", "示范市", "gas"),
    ("广西示范北投水务有限公司", "示范市", "water"),
    # short names, as the 广安区 list writes them
    ("区人社局", "示范区", "human-resources"),
    ("区市监局", "示范区", "market-regulation"),
    ("区教科体局", "示范区", "education"),
    ("区住建局", "示范区", "housing-construction"),
    ("区行政审批局", "示范区", "administrative-approval"),
    ("区文广旅局", "示范区", "culture-tourism"),
    ("区卫健局", "示范区", "health"),
    ("区水务局", "示范区", "water-resources"),
    ("区委办", "示范区", "party-committee-office"),
    ("区政府办", "示范区", "government-office"),
    ("区公管办", "示范区", "public-resources-trading"),
    ("区综合执法局", "示范区", "urban-management"),
    ("区残联", "示范区", "disabled-persons"),
    ("示范区税务局", "示范区", "tax"),
    # the region never counts: 公安县 is a county, its 教育局 is education
    ("公安县教育局", "公安县", "education"),
    ("示范市城南片区开发中心", "示范市", None),
])
def test_a_name_gets_the_id_of_its_kind(name, region, expected):
    assert kind_id(name, load_kinds(), region) == expected


def test_the_table_follows_the_demo_ids():
    """Where the demo catalogue has an id for a kind, the table uses it."""
    demo = yaml.safe_load((FIXTURES.parents[2] / "examples/demo-city/content/departments.yaml")
                          .read_text(encoding="utf-8"))
    kinds = load_kinds()
    ids = [k for k, _ in kinds]
    assert len(ids) == len(set(ids)) > 50
    for entry in demo:
        found = kind_id(entry["name"], kinds, "示范市")
        # first-hospital names one hospital; the kind is hospital (a second one is hospital-2)
        assert found in (entry["id"], None) or (entry["id"], found) == ("first-hospital", "hospital"), found
    assert {kind_id(e["name"], kinds, "示范市") for e in demo} >= {
        "public-security", "civil-affairs", "human-resources", "education", "market-regulation",
        "natural-resources", "health", "medical-insurance", "transport", "housing-fund", "water", "power",
        "gas", "notary", "library", "disabled-persons", "funeral-home"}


# --- imports --------------------------------------------------------------------------

def test_gxzwfw_import_gives_kind_ids_a_suffix_and_the_pinyin_fallback(tmp_path):
    root = catalogue(tmp_path)
    export = gxzwfw_export(tmp_path, ["示范市人力资源和社会保障局", "示范市公安局", "示范市公安局出入境管理支队",
                                      "示范市城南片区开发中心", "示范市民政局", "示范县民政局"])
    result = run_import(root, [export], "gxzwfw")
    assert [(d["id"], d["name"]) for d in result.new_departments] == [
        ("human-resources", "示范市人力资源和社会保障局"),
        ("public-security", "示范市公安局"),
        ("public-security-2", "示范市公安局出入境管理支队"),   # two of one kind: import order
        ("cnpqkfzx", "示范市城南片区开发中心"),                # no keyword: pinyin initials, as before
        ("civil-affairs-2", "示范县民政局")]                  # civil-affairs is 示范市民政局's already
    folders = sorted(p.parent.name for p in (root / "items").rglob("*.yaml"))
    assert folders == ["civil-affairs", "civil-affairs-2", "cnpqkfzx", "human-resources",
                       "public-security", "public-security-2"]
    assert [d["id"] for d in registry(root)][0] == "civil-affairs"   # the existing entry, untouched


def test_sczwfw_import_gives_kind_ids_to_short_names(tmp_path):
    root = catalogue(tmp_path)
    result = run_import(root, [SCZWFW], "sczwfw")
    assert [(d["id"], d["name"]) for d in result.new_departments] == [
        ("education", "区示范教育局"), ("disabled-persons", "区示范残联"), ("transport", "区示范交通局")]
    assert {p.parent.name for p in (root / "items").rglob("*.yaml")} == {"education", "disabled-persons",
                                                                         "transport"}


def test_a_catalogue_imported_with_pinyin_ids_reimports_without_a_change(tmp_path):
    """tests/fixtures/import/old-ids was imported by the importer before the
    table: every department, item file and registry byte stays as it was."""
    root = tmp_path / "catalogue"
    shutil.copytree(OLD, root)
    before = tree(root)
    assert {"rlzyhshbzj", "hsj", "qsfjyj", "qsfcl", "qsfjtj"} <= {d["id"] for d in registry(root)}
    result = run_import(root, [GXZWFW], "gxzwfw")
    assert result.new_departments == [] and result.added == [] and result.changed == []
    assert tree(root) == before
    # The sczwfw list gained a record since, and the mapping now reads the codes without a region
    # part (county trial 3, F4): only those two items change, in the department's old folder.
    result = run_import(root, [SCZWFW], "sczwfw")
    assert result.new_departments == []
    assert [path for _, path, _ in result.added] == ["items/qsfjtj/E-000021-001-1111111111111111.yaml"]
    assert [(key, path) for key, path, _, _ in result.changed] == [
        ("E-000004-001-11999901MB00000025", "items/qsfjtj/E-000004-001-11999901MB00000025.yaml")]
    after = tree(root)
    assert {k for k in set(before) | set(after) if before.get(k) != after.get(k)} == {
        "items/qsfjtj/E-000021-001-1111111111111111.yaml", "items/qsfjtj/E-000004-001-11999901MB00000025.yaml"}
    # A new item of an old department goes into its old folder.
    data = json.loads((GXZWFW / "invented_demo_export.json").read_text(encoding="utf-8"))
    data["items"] = [data["items"][2]]
    data["items"][0]["service"]["source_item_id"] = "7d000000-0000-4000-8000-000000000099"
    export = tmp_path / "more.json"
    export.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_import(root, [export], "gxzwfw")
    assert [path for _, path, _ in result.added] == ["items/hsj/7d000000-0000-4000-8000-000000000099.yaml"]
    assert result.new_departments == []


def test_a_department_renamed_in_the_registry_keeps_its_id(tmp_path):
    """state.json remembers which id each exported name went to."""
    root = catalogue(tmp_path)
    run_import(root, [GXZWFW], "gxzwfw")
    state = json.loads((root / "imports/gxzwfw/state.json").read_text(encoding="utf-8"))
    assert state["departments"] == {"示范市人力资源和社会保障局": "human-resources", "示范市海事局": "maritime"}
    path = root / "content/departments.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 示范市人力资源和社会保障局", "name: 示范市人社局"),
                    encoding="utf-8")
    renamed = path.read_text(encoding="utf-8")
    result = run_import(root, [GXZWFW], "gxzwfw")
    assert result.new_departments == [] and result.added == []
    assert path.read_text(encoding="utf-8") == renamed


def _county_mapping(tmp_path: Path, table: str) -> Path:
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "部门id.yaml").write_text(table, encoding="utf-8")
    mapping = folder / "县映射.yaml"
    mapping.write_text("extends: gxzwfw\ndepartment_ids: 部门id.yaml\n", encoding="utf-8")
    return mapping


def test_a_county_table_comes_before_the_shipped_one(tmp_path):
    root = catalogue(tmp_path)
    mapping = _county_mapping(tmp_path, "# 本县自己的部门 id\n- id: rsj\n  keywords: [人力资源]\n")
    result = run_import(root, [GXZWFW], str(mapping))
    # its own entry wins for 人社; the shipped table still names 海事局
    assert [d["id"] for d in result.new_departments] == ["rsj", "maritime"]
    assert (root / "items/rsj").is_dir() and result.mapping == "gxzwfw"


@pytest.mark.parametrize("table, line", [
    ("- id: rsj\n  keywords: [人社]\n- id: 人社局\n  keywords: [人社]\n", 3),   # not an ASCII id
    ("- id: rsj\n  keywords: 人社\n", 1),                                        # not a list
    ("- id: rsj\n  keyword: [人社]\n", 1),                                       # a misspelt key
    ("id: rsj\n", 1),                                                            # not a list of entries
])
def test_a_wrong_county_table_is_named_with_its_line(tmp_path, table, line, capsys):
    root = catalogue(tmp_path)
    mapping = _county_mapping(tmp_path, table)
    with pytest.raises(MappingError) as err:
        run_import(root, [GXZWFW], str(mapping))
    assert f"部门id.yaml 第 {line} 行" in str(err.value) and "请按这个格式改正" in str(err.value)
    assert not (root / "items").exists()                       # nothing written
    # the command says it in one line, no traceback
    args = type("Args", (), {"root": str(root), "template": None, "mapping": str(mapping),
                             "sources": [str(GXZWFW)], "prefer": "repo", "dry_run": False})()
    assert cli.run(args) == 1
    said = capsys.readouterr().err
    assert "部门id.yaml" in said and "Traceback" not in said


def test_a_missing_county_table_is_named(tmp_path):
    root = catalogue(tmp_path)
    mapping = tmp_path / "县映射.yaml"
    mapping.write_text("extends: gxzwfw\ndepartment_ids: 没有这个文件.yaml\n", encoding="utf-8")
    with pytest.raises(MappingError, match="没有这个文件.yaml 不存在"):
        run_import(root, [GXZWFW], str(mapping))


def test_the_shipped_table_is_the_one_the_importer_reads():
    assert TABLE.name == "department-ids.yaml" and TABLE.is_file()
    assert load_kinds()[0][0] == yaml.safe_load(TABLE.read_text(encoding="utf-8"))[0]["id"]
