"""Items that extend a base catalogue (issue 18, item 3: 基本目录 → 实施清单).

The base is the mini catalogue exported by the real open-data writer
(``outputs/opendata/json_export``) into the county's ``base/catalogue.json``;
the county is another copy of the mini catalogue whose ID-card item is a short
file that ``extends`` the base's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from tests.mini_catalogue import ITEM, copy_mini, position, run_cli

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.outputs.opendata import json_export
from generator.outputs.opendata.common import Context

BASE_FILE = "base/catalogue.json"
COUNTY_ITEM = """\
extends: "990101001000"
implementing_body:
  name: 测试县公安局
offices:
  - office: city-service-centre
    window: 8 号窗口
consultation:
  phone: ["0999-22000001"]
"""


def export_base(base_root: Path, out: Path) -> None:
    """The base catalogue's own open-data export, written by the real writer."""
    report = build_catalogue(base_root, read_settings(base_root))
    assert report.catalogue is not None and not report.errors, report.errors
    folder = out.parent / "export"
    json_export.write(Context(report.catalogue, read_settings(base_root), "https://base.example"), folder)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(folder / "catalogue.json", out)
    shutil.rmtree(folder)


def county(tmp_path: Path, item: str = COUNTY_ITEM, accept: bool = True) -> Path:
    """A county catalogue: the mini copy with base_catalogue set and the ID-card item extending the base."""
    base_root = copy_mini(tmp_path / "base-src")
    root = copy_mini(tmp_path / "county")
    export_base(base_root, root / BASE_FILE)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"][0]["catalogue"]["base_catalogue"] = BASE_FILE
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / ITEM).write_text(item, encoding="utf-8")
    if accept:
        result = run_cli(root, "base-accept")
        assert result.returncode == 0, result.stderr
    return root


def problems_in(root: Path, file: str = ITEM):
    report = build_catalogue(root, read_settings(root))
    return report, [p for p in report.problems if p.file == file]


def published(report, key: str = "990101001000"):
    return next((e for e in report.catalogue.entries if e.key == key), None)


def test_override_merges_local_elements_over_the_base(tmp_path):
    item = COUNTY_ITEM + "time_limits:\n  promised: {value: 10, unit: working_days}\n"
    root = county(tmp_path, item)
    report, problems = problems_in(root)
    assert not [p for p in problems if p.is_error], problems
    entry = published(report)
    assert entry is not None
    merged = entry.item
    # Local elements are the county's.
    assert merged.implementing_body.name == "测试县公安局"
    assert merged.offices[0].window == "8 号窗口"
    assert merged.consultation.phone == ["0999-22000001"]
    assert merged.time_limits.promised.value == 10
    # The rest is the base's.
    assert merged.name == "居民身份证首次申领"
    assert merged.conditions == ["具有本市常住户口", "年满十六周岁"]
    assert [m.name for m in merged.materials] == ["居民户口簿"]
    assert merged.time_limits.statutory.value == 60
    assert merged.fees.items[0].standard == "每证 20 元"
    # Local elements the county leaves out are not the base's: not stated.
    assert merged.complaint is None and merged.channels is None
    assert entry.gap("complaint") and entry.gap("channels")
    assert entry.base is not None and entry.base.key == "990101001000"
    assert "受理条件" in entry.base.elements and "实施主体" not in entry.base.elements


def test_added_condition_and_material_are_refused(tmp_path):
    item = COUNTY_ITEM + ("conditions:\n  - 年满十六周岁\n  - 在本县居住满一年\n"
                          "materials:\n  - name: 居民户口簿\n    blank_form: https://county.example/form.pdf\n"
                          "  - name: 居住证明\n")
    root = county(tmp_path, item)
    report, problems = problems_in(root)
    errors = {p.message: p for p in problems if p.is_error}
    condition = next(p for m, p in errors.items() if "在本县居住满一年" in m)
    assert "不能增加受理条件" in condition.message
    assert (condition.line, condition.column) == position(item, "在本县居住满一年")
    material = next(p for m, p in errors.items() if "居住证明" in m)
    assert "不能增加申请材料" in material.message and material.line == position(item, "name: 居住证明")[0]
    assert material.hint
    # Held back: an item that adds requirements is not published.
    assert published(report) is None
    assert any(h.source == ITEM for h in report.catalogue.held_back)


def test_conditions_added_through_a_situation_are_refused(tmp_path):
    # A situation (variant) carries its own conditions: adding one adds requirements.
    item = COUNTY_ITEM + "variants:\n  - id: local\n    name: 本县户籍\n    conditions:\n      - 在本县居住满一年\n"
    report, problems = problems_in(county(tmp_path, item))
    assert [p for p in problems if p.is_error and "办理情形" in p.message], problems
    assert published(report) is None


def test_restating_a_base_material_with_local_details_is_allowed(tmp_path):
    item = COUNTY_ITEM + "materials:\n  - name: 居民户口簿\n    blank_form: https://county.example/form.pdf\n"
    report, problems = problems_in(county(tmp_path, item))
    assert not [p for p in problems if p.is_error], problems
    material = published(report).item.materials[0]
    assert material.blank_form == "https://county.example/form.pdf" and material.copies == 1


def test_promised_time_above_the_base_is_refused(tmp_path):
    item = COUNTY_ITEM + "time_limits:\n  promised: {value: 20, unit: working_days}\n"
    _, problems = problems_in(county(tmp_path, item))
    found = [p for p in problems if p.is_error and "承诺办结时限" in p.message]
    assert len(found) == 1, problems
    p = found[0]
    assert "20 个工作日" in p.message or "20 工作日" in p.message
    assert "15" in p.message  # the base's value is named
    assert p.line == position(item, "promised:")[0]
    assert "不超过" in p.hint


def test_changing_the_statutory_time_is_refused(tmp_path):
    item = COUNTY_ITEM + "time_limits:\n  statutory: {value: 90, unit: calendar_days}\n"
    _, problems = problems_in(county(tmp_path, item))
    assert any(p.is_error and "法定办结时限" in p.message and "本地不能修改" in p.message for p in problems)


def test_fee_above_the_base_is_refused_and_below_is_kept(tmp_path):
    higher = COUNTY_ITEM + "fees:\n  items:\n    - name: 居民身份证工本费\n      standard: 每证 25 元\n"
    _, problems = problems_in(county(tmp_path / "a", higher))
    found = [p for p in problems if p.is_error and "收费标准" in p.message]
    assert len(found) == 1 and "每证 25 元" in found[0].message and "每证 20 元" in found[0].message
    assert found[0].line == position(higher, "standard: 每证 25 元")[0]

    lower = higher.replace("每证 25 元", "每证 15 元")
    report, problems = problems_in(county(tmp_path / "b", lower))
    assert not [p for p in problems if p.is_error], problems
    fee = published(report).item.fees.items[0]
    assert fee.standard == "每证 15 元" and fee.basis.startswith("《国家发展改革委")

    added = COUNTY_ITEM + "fees:\n  items:\n    - name: 加急费\n      standard: 每证 50 元\n"
    _, problems = problems_in(county(tmp_path / "c", added))
    assert any(p.is_error and "不能增加收费" in p.message for p in problems)


def test_extends_unknown_code_and_no_base_configured(tmp_path):
    root = county(tmp_path, COUNTY_ITEM.replace("990101001000", "990101009000"), accept=False)
    _, problems = problems_in(root)
    unknown = [p for p in problems if p.is_error and "990101009000" in p.message]
    assert unknown and unknown[0].line == 1 and "base/catalogue.json" in unknown[0].message

    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    del config["plugins"][0]["catalogue"]["base_catalogue"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    _, problems = problems_in(root)
    assert any(p.is_error and "base_catalogue" in p.hint for p in problems)


def test_base_change_is_reported_until_accepted(tmp_path):
    root = county(tmp_path)
    _, problems = problems_in(root)
    assert not [p for p in problems if p.is_error]

    # The base publishes a new version: one condition changed, the promised time shortened.
    path = root / BASE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    record = next(r for r in data["items"] if r["key"] == "990101001000")
    record["item"]["conditions"][0] = "具有本市常住户口或居住证"
    record["item"]["time_limits"]["promised"]["value"] = 10
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    report, problems = problems_in(root)
    changed = [p for p in problems if p.is_error and "已变更" in p.message]
    assert len(changed) == 1, problems
    assert changed[0].line == 1  # at extends:
    assert "具有本市常住户口或居住证" in changed[0].message and "base-accept" in changed[0].hint
    assert published(report).item.conditions[0] == "具有本市常住户口或居住证"  # still published, as pinned

    diff = run_cli(root, "base-diff")
    assert diff.returncode == 0 and "已变更" in diff.stdout and "具有本市常住户口或居住证" in diff.stdout
    assert "承诺办结时限" in diff.stdout

    check = run_cli(root, "check")
    assert check.returncode == 1 and "已变更" in check.stdout + check.stderr

    accepted = run_cli(root, "base-accept", "990101001000")
    assert accepted.returncode == 0, accepted.stderr
    _, problems = problems_in(root)
    assert not [p for p in problems if p.is_error], problems
    assert "未变更" in run_cli(root, "base-diff").stdout


def test_a_new_extension_must_be_accepted(tmp_path):
    root = county(tmp_path, accept=False)
    _, problems = problems_in(root)
    assert any(p.is_error and "还没有确认" in p.message for p in problems)


def test_steps_take_a_local_actor_but_no_new_step(tmp_path):
    item = COUNTY_ITEM + ("steps:\n  - id: accept\n    actor: 县政务服务中心公安窗口\n"
                          "  - id: visit\n    name: 入户核查\n")
    report, problems = problems_in(county(tmp_path, item))
    errors = [p for p in problems if p.is_error]
    assert len(errors) == 1 and "入户核查" not in errors[0].message and "visit" in errors[0].message
    assert "不能增加办理环节" in errors[0].message and errors[0].line == position(item, "id: visit")[0]
    item = COUNTY_ITEM + "steps:\n  - id: accept\n    actor: 县政务服务中心公安窗口\n"
    report, problems = problems_in(county(tmp_path / "ok", item))
    assert not [p for p in problems if p.is_error], problems
    steps = published(report).item.steps
    assert [s.id for s in steps] == ["apply", "accept", "supplement", "decide", "deliver"]
    assert steps[1].actor == "县政务服务中心公安窗口" and steps[1].branches[0].to == "supplement"


def test_a_broken_base_file_is_named_with_its_line(tmp_path):
    root = county(tmp_path)
    (root / BASE_FILE).write_text('{"title": "测试市",\n "items": [\n  {"key": "x",}\n]}\n', encoding="utf-8")
    _, problems = problems_in(root, BASE_FILE)
    assert len(problems) == 1 and problems[0].is_error and problems[0].line == 3, problems
    assert "JSON" in problems[0].message and "catalogue.json" in problems[0].hint
    _, problems = problems_in(root)
    assert any(p.is_error and "无法使用" in p.message for p in problems)
