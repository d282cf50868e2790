"""`python -m generator new`: the new file has the next free code and passes check."""

from __future__ import annotations

import yaml

from generator.sources.scaffold import next_code
from mini_catalogue import check, copy_mini, run_cli


def created_path(result) -> str:
    first = result.stdout.splitlines()[0]
    assert first.startswith("已新建事项文件：")
    return first.split("：", 1)[1]


def test_new_item_passes_check(tmp_path):
    root = copy_mini(tmp_path)
    result = run_cli(root, "new", "civil-affairs", "--name", "最低生活保障申请")
    assert result.returncode == 0, result.stderr
    relative = created_path(result)
    # The department already has 992002001000 (public service, department 02).
    assert relative == "items/civil-affairs/992002002000.yaml"
    data = yaml.safe_load((root / relative).read_text(encoding="utf-8"))
    assert data["name"] == "最低生活保障申请"
    assert data["code"] == "992002002000"

    problems = check(root)
    assert [p for p in problems if p.is_error] == []
    # The sample texts stay visible as warnings until they are replaced.
    mine = [p for p in problems if p.file == relative]
    assert mine and all(p.severity == "warning" and "示例" in p.message for p in mine)
    assert run_cli(root, "check").returncode == 0


def test_every_required_element_has_a_hint(tmp_path):
    from generator.checks.model import Item
    root = copy_mini(tmp_path)
    relative = created_path(run_cli(root, "new", "public-security", "--type", "licensing"))
    text = (root / relative).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for key, field in Item.model_fields.items():
        if field.is_required():
            assert key in data, key
            line = next(x for x in text.splitlines() if x.startswith(key + ":"))
            assert "# 请填写：" in line or key == "implementing_body", line


def test_two_calls_give_two_codes(tmp_path):
    root = copy_mini(tmp_path)
    first = created_path(run_cli(root, "new", "public-security", "--type", "licensing"))
    second = created_path(run_cli(root, "new", "public-security", "--type", "licensing"))
    assert first == "items/public-security/990101002000.yaml"
    assert second == "items/public-security/990101003000.yaml"
    assert [p for p in check(root) if p.is_error] == []


def test_default_type_and_province_code(tmp_path):
    root = copy_mini(tmp_path)
    # public_service (20) is the default type; 99 is the fixture's province_code.
    assert created_path(run_cli(root, "new", "public-security")) == "items/public-security/992001001000.yaml"
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('      province_code: "99"\n', ""),
                      encoding="utf-8")
    # Without a province code a new item gets origin 00.
    assert created_path(run_cli(root, "new", "public-security")) == "items/public-security/002001001000.yaml"


def test_unknown_department(tmp_path):
    root = copy_mini(tmp_path)
    result = run_cli(root, "new", "civil")
    assert result.returncode == 1
    assert "部门 civil 没有登记" in result.stderr
    assert "是不是想写 civil-affairs" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "items" / "civil").exists()


def test_unknown_type(tmp_path):
    root = copy_mini(tmp_path)
    result = run_cli(root, "new", "civil-affairs", "--type", "licence")
    assert result.returncode == 1
    assert "事项类型 licence 没有登记" in result.stderr and "licensing" in result.stderr


def test_bad_name(tmp_path):
    result = run_cli(copy_mini(tmp_path), "new", "civil-affairs", "--name", "一\n二")
    assert result.returncode == 1
    assert "事项名称不能为空" in result.stderr


def test_next_code_skips_used_and_broken():
    used = {"992002001000", "992002005000", "99200200700Y", "992002007001", "992003009000", "xx"}
    # Codes are never reused: after the highest serial, gaps stay gaps.
    assert next_code(used, "992002") == "992002008000"
    assert next_code(set(), "992002") == "992002001000"
    assert next_code({"992002999000"}, "992002") is None


def test_code_of_broken_file_is_taken(tmp_path):
    root = copy_mini(tmp_path)
    (root / "items/civil-affairs/992002002000.yaml").write_text("name: [broken", encoding="utf-8")
    assert created_path(run_cli(root, "new", "civil-affairs")) == "items/civil-affairs/992002003000.yaml"
