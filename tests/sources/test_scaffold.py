"""`python -m generator new`: the new file has the next free code and passes check."""

from __future__ import annotations

import os
import subprocess
import sys

import yaml

from generator.sources.scaffold import next_code
from mini_catalogue import REPO, check, copy_mini, run_cli


def created_path(result) -> str:
    first = result.stdout.splitlines()[0]
    assert first.startswith("已新建事项文件：")
    return first.split("：", 1)[1]


def created(result) -> str:
    assert result.returncode == 0, result.stderr
    return created_path(result)


def test_new_item_states_only_what_is_known(tmp_path):
    root = copy_mini(tmp_path)
    relative = created(run_cli(root, "new", "civil-affairs", "--type", "public_service", "--name", "最低生活保障申请"))
    assert relative == "items/civil-affairs/992002002000.yaml"  # run_cli runs in the catalogue's folder
    path = root / relative
    # The department already has 992002001000 (public service, department 02).
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["name"] == "最低生活保障申请"
    assert data["code"] == "992002002000"
    # Unknown is not a default: nothing guessed (no first taxonomy term, no time limit, fee,
    # channel, office, complaint phone, result type or review date nobody stated).
    for key in ("levels", "audiences", "industries", "service_types", "time_limits", "fees", "channels",
                "visits", "offices", "complaint", "result", "reviewed"):
        assert key not in data, key
        assert any(line.startswith(f"# {key}:") and "请填写：" in line for line in text.splitlines()), key

    problems = check(root)
    mine = [p for p in problems if p.file.endswith("992002002000.yaml")]
    # Held back (not published) until the way to apply is stated and every sample text
    # (（示例）) is replaced: each sample text is an error at its own line (county trial 1,
    # F7: only warned, （示例）申请表 was published).
    held = [p for p in mine if p.is_error]
    way = [p for p in held if "办理渠道或办理地点" in p.message]
    samples = [p for p in held if "示例内容" in p.message]
    assert len(way) == 1 and len(samples) >= 4 and len(way) + len(samples) == len(held)
    lines = text.splitlines()
    assert all("（示例）" in lines[p.line - 1] for p in samples)
    assert {"（示例）申请表", "（示例）第一个受理条件"} <= {p.message.split("“")[1].split("”")[0] for p in samples}
    assert [p for p in problems if p.is_error and p not in held] == []

    # Stating the channel and office is not enough while sample texts are left.
    stated = (text.replace("# channels: {forms: []}", "channels: {forms: [window]}")
              .replace("# offices: [{office: }]", "offices: [{office: city-service-centre}]"))
    path.write_text(stated, encoding="utf-8")
    assert {"示例内容" in p.message for p in check(root) if p.is_error} == {True}
    assert run_cli(root, "check").returncode == 1

    # Once every sample text is replaced, the item passes.
    path.write_text(stated.replace("（示例）", "").replace("《法律法规名称》", "《社会救助暂行办法》"),
                    encoding="utf-8")
    assert [p for p in check(root) if p.is_error] == []
    assert run_cli(root, "check").returncode == 0


def test_path_is_shown_from_the_current_folder(tmp_path):
    # A fork's user at the top of the repository: the path opens from there.
    root = copy_mini(tmp_path)  # tmp_path/catalogue
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", "catalogue", "new", "civil-affairs",
                             "--type", "public_service"], cwd=tmp_path, env=env, capture_output=True,
                            text=True, encoding="utf-8", timeout=60)
    relative = created(result)
    assert relative == "catalogue/items/civil-affairs/992002002000.yaml"
    assert (tmp_path / relative).is_file()

    from generator.sources.scaffold import shown_path
    target = tmp_path / "catalogue" / "items" / "x" / "1.yaml"
    assert shown_path(target, tmp_path) == "catalogue/items/x/1.yaml"
    assert shown_path(target, tmp_path / "catalogue") == "items/x/1.yaml"
    assert shown_path(target, tmp_path / "elsewhere") == target.resolve().as_posix()


def test_every_element_has_a_hint(tmp_path):
    from generator.checks.gaps import _TOP
    root = copy_mini(tmp_path)
    relative = created(run_cli(root, "new", "public-security", "--type", "licensing"))
    text = (root / relative).read_text(encoding="utf-8")
    for key in _TOP:
        line = next(x for x in text.splitlines() if x.startswith((key + ":", f"# {key}:")))
        assert "# 请填写：" in line or key == "implementing_body", line


def test_two_calls_give_two_codes(tmp_path):
    root = copy_mini(tmp_path)
    first = created(run_cli(root, "new", "public-security", "--type", "licensing"))
    second = created(run_cli(root, "new", "public-security", "--type", "licensing"))
    assert first.endswith("items/public-security/990101002000.yaml")
    assert second.endswith("items/public-security/990101003000.yaml")
    assert [p for p in check(root) if p.is_error and "办理渠道或办理地点" not in p.message
            and "示例内容" not in p.message] == []


def test_type_is_never_guessed_and_province_code(tmp_path):
    root = copy_mini(tmp_path)
    # The type decides the code: without --type (and more than one type registered) nothing is written.
    result = run_cli(root, "new", "public-security")
    assert result.returncode == 1 and "--type" in result.stderr and "public_service" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (root / "items/public-security").iterdir()) == ["990101001000.yaml"]
    # 20: public_service; 99 is the fixture's province_code.
    assert created(run_cli(root, "new", "public-security", "--type", "public_service")).endswith(
        "items/public-security/992001001000.yaml")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('      province_code: "99"\n', ""),
                      encoding="utf-8")
    # Without a province code nothing is written: origin 00 would claim a national
    # catalogue item (ELEMENTS.md, 基本编码), a value no source states.
    result = run_cli(root, "new", "public-security", "--type", "public_service")
    assert result.returncode == 1 and "province_code" in result.stderr and "Traceback" not in result.stderr
    assert not list((root / "items/public-security").glob("00*.yaml"))


def test_department_without_code_is_told_not_guessed(tmp_path):
    """County trial 1: imported departments have no category codes, and ``new``
    wrote 00 into positions 5-6 of the code; now it says what to add."""
    root = copy_mini(tmp_path)
    registry = root / "content" / "departments.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace('  codes: ["01"]\n', "", 1), encoding="utf-8")
    before = sorted(p.name for p in (root / "items").rglob("*.yaml"))
    result = run_cli(root, "new", "public-security", "--type", "public_service")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "没有登记部门类别代码（codes）" in result.stderr and 'codes: ["NN"]' in result.stderr
    assert sorted(p.name for p in (root / "items").rglob("*.yaml")) == before


def test_unknown_department(tmp_path):
    root = copy_mini(tmp_path)
    result = run_cli(root, "new", "civil", "--type", "public_service")
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
    result = run_cli(copy_mini(tmp_path), "new", "civil-affairs", "--type", "public_service", "--name", "一\n二")
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
    assert created(run_cli(root, "new", "civil-affairs", "--type", "public_service")).endswith(
        "items/civil-affairs/992002003000.yaml")
