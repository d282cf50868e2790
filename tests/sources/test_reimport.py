"""Re-import: changes per item, items gone from the export, hand edits kept,
conflicts reported and decided by --prefer."""

from __future__ import annotations

import shutil

import yaml

from generator.sources.importers.pipeline import run_import
from generator.sources.importers.report import summary
from generator.sources.importers.template import write_template

from importing import catalogue, template_row

DIR = "items/civil-affairs"


def export(tmp_path, name, rows):
    return write_template(tmp_path / name, rows=rows)


def v1(tmp_path):
    return export(tmp_path, "v1.xlsx", [
        template_row(事项名称="社团成立登记", 地方编码="a", 受理条件="1.有会员；2.有名称", 承诺办结时限="30个工作日"),
        template_row(事项名称="社团变更登记", 地方编码="b", 到办事现场次数=1),
        template_row(事项名称="社团注销登记", 地方编码="c")])


def v2(tmp_path):
    return export(tmp_path, "v2.xlsx", [
        template_row(事项名称="社团成立登记", 地方编码="a", 受理条件="1.有50个会员；2.有名称", 承诺办结时限="20个工作日"),
        template_row(事项名称="社团变更登记", 地方编码="b", 到办事现场次数=1),
        template_row(事项名称="民办非企业单位登记", 地方编码="d")])


def read(root, key):
    with open(root / DIR / f"{key}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def edit(root, key, **changes):
    path = root / DIR / f"{key}.yaml"
    item = read(root, key)
    item.update(changes)
    text = path.read_text(encoding="utf-8").split("\n", 1)[0] + "\n"      # keep the header comment
    path.write_text(text + yaml.safe_dump(item, allow_unicode=True, sort_keys=False), encoding="utf-8")


def imported_and_edited(tmp_path):
    root = catalogue(tmp_path)
    first = run_import(root, [v1(tmp_path)], "template")
    assert sorted(k for k, _, _ in first.added) == ["a", "b", "c"]
    edit(root, "a", summary="本地补充的主要内容。", conditions=["有会员（本地改写）", "有名称"])
    edit(root, "b", visits=0)
    return root


def test_reimport_reports_changes_and_keeps_local_edits(tmp_path):
    root = imported_and_edited(tmp_path)
    dry = run_import(root, [v2(tmp_path)], "template", dry_run=True)
    assert [k for k, _, _ in dry.added] == ["d"] and not (root / DIR / "d.yaml").exists()

    result = run_import(root, [v2(tmp_path)], "template")
    assert [k for k, _, _ in result.added] == ["d"]
    assert [(k, m.changed) for k, _, _, m in result.changed] == [("a", ["time_limits"])]
    assert result.removed == [("c", f"{DIR}/c.yaml")]
    assert (root / DIR / "c.yaml").exists()                                # never deleted
    assert [(k, e) for k, _, e in result.conflicts] == [("a", [("conditions", "repo")])]
    assert sorted((k, tuple(e)) for k, _, e in result.local) == [("a", ("summary",)), ("b", ("visits",))]

    a = read(root, "a")
    assert a["conditions"] == ["有会员（本地改写）", "有名称"]                 # nothing lost
    assert a["summary"] == "本地补充的主要内容。"
    assert a["time_limits"]["promised"] == {"value": 20, "unit": "working_days"}
    assert read(root, "b")["visits"] == 0
    assert (root / DIR / "a.yaml").read_text(encoding="utf-8").startswith("# 由 python -m generator import")

    report = (root / "imports/template/report.md").read_text(encoding="utf-8")
    assert "`a`（`items/civil-affairs/a.yaml`）：受理条件 → 保留仓库中的内容" in report
    assert "`c`（`items/civil-affairs/c.yaml`）" in report
    assert "冲突 1 个" in summary(result)

    # The conflict stays listed until it is decided; --prefer export decides it.
    again = run_import(root, [v2(tmp_path)], "template")
    assert [(k, e) for k, _, e in again.conflicts] == [("a", [("conditions", "repo")])]
    assert again.added == [] and again.changed == []
    flipped = run_import(root, [v2(tmp_path)], "template", prefer="export")
    assert [(k, e) for k, _, e in flipped.conflicts] == [("a", [("conditions", "export")])]
    a = read(root, "a")
    assert a["conditions"] == ["有50个会员", "有名称"]
    assert a["summary"] == "本地补充的主要内容。"                           # a local edit is no conflict
    assert read(root, "b")["visits"] == 0
    settled = run_import(root, [v2(tmp_path)], "template")
    assert settled.conflicts == [] and settled.changed == [] and settled.unchanged == 3


def test_unchanged_export_changes_nothing(tmp_path):
    root = catalogue(tmp_path)
    run_import(root, [v1(tmp_path)], "template")
    before = {p: p.read_bytes() for p in (root / "items").rglob("*.yaml")}
    result = run_import(root, [v1(tmp_path)], "template")
    assert result.unchanged == 3 and not (result.added or result.changed or result.conflicts or result.local)
    assert {p: p.read_bytes() for p in (root / "items").rglob("*.yaml")} == before


def test_element_no_longer_stated_is_removed_unless_edited(tmp_path):
    root = catalogue(tmp_path)
    run_import(root, [export(tmp_path, "1.xlsx", [template_row(地方编码="a", 是否收费="否", 到办事现场次数=1)])],
               "template")
    edit(root, "a", visits=2)
    result = run_import(root, [export(tmp_path, "2.xlsx", [template_row(地方编码="a")])], "template")
    assert [(k, m.removed) for k, _, _, m in result.changed] == [("a", ["fees"])]
    assert [(k, e) for k, _, e in result.conflicts] == [("a", [("visits", "repo")])]
    item = read(root, "a")
    assert "fees" not in item and item["visits"] == 2


def test_deleted_file_is_not_recreated(tmp_path):
    root = catalogue(tmp_path)
    run_import(root, [v1(tmp_path)], "template")
    (root / DIR / "c.yaml").unlink()
    result = run_import(root, [v1(tmp_path)], "template")
    assert not (root / DIR / "c.yaml").exists() and result.local[0][0] == "c"
    run_import(root, [v1(tmp_path)], "template", prefer="export")
    assert (root / DIR / "c.yaml").exists()
    shutil.rmtree(root)
