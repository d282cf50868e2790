"""A mapping file of the county's own that extends a shipped one (county trial
2, #8): the import report's 未导入的值 are mapped in ``imports/<file>.yaml``
holding only the values to add (``extends: gxzwfw``), not in a copy of the
shipped mapping, which stays upstream's code (README "Bring your existing
catalogue in")."""

from __future__ import annotations

import pytest
import yaml

from generator.sources.importers.mapping import MappingError, load_mapping
from generator.sources.importers.pipeline import run_import

from importing import GXZWFW, catalogue

OWN = "extends: gxzwfw\nelements:\n  channels.scope: {values: {区县: local}}\n"


def test_own_mapping_adds_a_value_and_keeps_the_base(tmp_path):
    root = catalogue(tmp_path)
    own = root / "imports" / "gxzwfw-values.yaml"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(OWN, encoding="utf-8")
    mapping = load_mapping(str(own), root)
    assert mapping.name == "gxzwfw"  # the same imports/gxzwfw/ folder, report and state
    scope = mapping.elements["channels.scope"][0]
    assert scope.paths == ["service.general_scope"]  # the base's rule, its value table added to
    assert scope.values["区县"] == "local" and scope.values["全国"] == "national"
    assert "materials" in mapping.elements and mapping.formats == ("json",)

    result = run_import(root, [GXZWFW], str(own))
    assert {(u.element, u.value) for u in result.unmapped} == {("materials.original", "原件或复印件")}
    scopes = [yaml.safe_load(p.read_text(encoding="utf-8")).get("channels", {}).get("scope")
              for p in (root / "items").rglob("*.yaml")]
    assert "local" in scopes
    report = (root / "imports" / "gxzwfw" / "report.md").read_text(encoding="utf-8")
    assert "“区县”" not in report and "原件或复印件" in report


def test_a_base_named_by_a_path_beside_the_file(tmp_path):
    root = catalogue(tmp_path)
    (tmp_path / "base.yaml").write_text("name: mine\nformat: csv\nelements:\n  name: 事项名称\n  code: 基本编码\n",
                                        encoding="utf-8")
    (tmp_path / "more.yaml").write_text("extends: base.yaml\nelements:\n  code: 编码\n", encoding="utf-8")
    mapping = load_mapping(str(tmp_path / "more.yaml"), root)
    assert mapping.name == "mine" and mapping.elements["code"][0].paths == ["编码"]
    assert mapping.elements["name"][0].paths == ["事项名称"]


def test_mappings_extending_each_other_are_refused(tmp_path):
    root = catalogue(tmp_path)
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\nformat: csv\nelements: {name: 事项名称}\n", encoding="utf-8")
    with pytest.raises(MappingError, match="又回到了这个文件自己"):
        load_mapping(str(tmp_path / "a.yaml"), root)
