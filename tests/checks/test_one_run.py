"""Issue 13, "one run, everything": every problem of a file in the first run
(content rules run on the readable part of an item that fails the schema),
and nothing else (no cascades from an invalid item or registry entry)."""

from __future__ import annotations

from pathlib import Path

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from mini_catalogue import ITEM, ONLINE_ITEM, check, copy_mini, original, position

# (old, new, what the check says about it, error or warning).  A clerk's file
# with a dozen mixed mistakes: schema errors and content-rule findings.
MISTAKES = [
    ("summary: 年满", "summray: 年满", "不认识的要素名 summray", "error"),
    ("industries: [public_security]", "industries: [public_securty]", "“public_securty”不在服务行业中", "error"),
    ("  - 年满十六周岁", "  - 年满十六周岁\n  - 其他条件", "“其他条件”是兜底表述", "warning"),
    ("    copies: 1", '    copies: "1"', "数字 1 外面加了引号", "error"),
    ("    original: original_shown", "    original: 原件", "“原件”不是可选值", "error"),
    ("steps:\n", "  - name: 居住证明\n    proof: no-crime\nsteps:\n", "“no-crime”不在证明材料清单中", "error"),
    ("      - {when: 材料不齐全, to: supplement}", "      - {when: 材料不齐全, to: suplement}",
     "环节 “suplement” 不存在", "error"),
    ("  promised: {value: 15, unit: working_days}", "  promised: 5天", "时限“5天”要分开写数值和单位", "error"),
    ("  forms: [window]", "  forms: [window, windw]", "“windw”不是可选值", "error"),
    ("  - office: city-service-centre", "  - office: city-centre", "“city-centre”不在办理地点登记表中", "error"),
    ('  phone: ["0999-11000001"]', '  phone: ["0999-1100000一"]', "电话 “0999-1100000一” 格式不对", "error"),
    ("reviewed: 2026-10-01", "reviewed: 2026-02-29", "2026 年 2 月没有 29 日", "error"),
    ("visits: 2\n", "visits: 2\nvisits_reason: 需本人到场\n", "不认识的要素名 visits_reason", "error"),
]
# Those the model refuses (before issue 13 the only ones reported in the first run).
SCHEMA = {"不认识的要素名 summray", "数字 1 外面加了引号", "“原件”不是可选值", "时限“5天”要分开写数值和单位",
          "“windw”不是可选值", "电话 “0999-1100000一” 格式不对", "2026 年 2 月没有 29 日", "不认识的要素名 visits_reason"}

BUNDLE = """\
id: id-card-bundle
name: 身份证一件事
audience: individual
summary: 测试用一件事。
lead_department: public-security
steps:
  - name: 办身份证
    items: ["990101001000"]
"""


def with_mistakes(skip: set[str] = frozenset()) -> str:
    text = original()
    for old, new, says, _ in MISTAKES:
        if says not in skip:
            assert old in text, old
            text = text.replace(old, new, 1)
    return text


def found(root: Path) -> set[tuple[int, str, str]]:
    """(line, severity, the mistake's text) of each problem, failing on any
    problem that is none of the mistakes."""
    result = set()
    for p in check(root):
        says = [s for _, _, s, _ in MISTAKES if s in p.message]
        assert len(says) == 1, f"unexpected: {p.file}:{p.line} {p.message}"
        result.add((p.file, p.line, p.severity, says[0]))
    return result


def test_a_dozen_mistakes_are_all_reported_in_the_first_run_and_nothing_else(tmp_path):
    root = copy_mini(tmp_path)
    (root / "content/life-events").mkdir()
    (root / "content/life-events/id-card-bundle.yaml").write_text(BUNDLE, encoding="utf-8")
    text = with_mistakes()
    (root / ITEM).write_text(text, encoding="utf-8")

    def line_of(says: str, new: str) -> int:
        needle = {"数字 1 外面加了引号": '"1"', "“no-crime”不在证明材料清单中": "no-crime",
                  "“原件”不是可选值": "原件\n", "“windw”不是可选值": "windw", "“其他条件”是兜底表述": "其他条件",
                  "不认识的要素名 visits_reason": "visits_reason"}.get(says, new.strip())
        return position(text, needle)[0]

    expected = {(ITEM, line_of(says, new), severity, says) for _, new, says, severity in MISTAKES}
    assert found(root) == expected  # every mistake, in one run; the life event is not blamed
    # Fixing the schema errors brings up nothing new: the content rules had already run.
    (root / ITEM).write_text(with_mistakes(skip=SCHEMA), encoding="utf-8")
    assert {says for *_, says in found(root)} == {says for *_, says in expected} - SCHEMA


def test_one_unquoted_department_code_is_one_error(tmp_path):
    """Issue 13: `codes: [01]` gave 1 true and many false errors (every item of
    the department "not in a registered department", life events' items "not
    in the catalogue")."""
    root = copy_mini(tmp_path)
    path = root / "content/departments.yaml"
    text = path.read_text(encoding="utf-8").replace('codes: ["01"]', "codes: [01]")
    path.write_text(text, encoding="utf-8")
    (root / "content/life-events").mkdir()
    (root / "content/life-events/id-card-bundle.yaml").write_text(BUNDLE, encoding="utf-8")
    [problem] = check(root)
    assert (problem.file, problem.line) == ("content/departments.yaml", position(text, "01]")[0])
    assert "01 以 0 开头" in problem.message and '"01"' in problem.hint
    assert "八进制数 1，而不是 1" not in problem.message
    report = build_catalogue(root, read_settings(root))
    assert report.catalogue.held_back == []
    assert report.catalogue.department["public-security"].name == "测试市公安局"


def test_a_typod_key_does_not_blame_the_life_event(tmp_path):
    root = copy_mini(tmp_path)
    (root / "content/life-events").mkdir()
    (root / "content/life-events/id-card-bundle.yaml").write_text(BUNDLE, encoding="utf-8")
    (root / ITEM).write_text(original().replace("summary:", "sumary:"), encoding="utf-8")
    [problem] = check(root)
    assert problem.file == ITEM and "不认识的要素名 sumary" in problem.message


def test_a_broken_main_item_does_not_blame_its_sub_item(tmp_path):
    root = copy_mini(tmp_path)
    folder = (root / ITEM).parent
    main = original().replace('code: "990101001000"', 'code: "99010100200Y"')
    (folder / "99010100200Y.yaml").write_text(main.replace("name: 居民身份证首次申领", "name: [居民身份证"),
                                              encoding="utf-8")  # not YAML at all
    sub = original().replace('code: "990101001000"', 'code: "990101002001"')
    (folder / "990101002001.yaml").write_text(sub + "main_item: 99010100200Y\n", encoding="utf-8")
    problems = check(root)
    assert [(p.file, p.is_error) for p in problems] == [("items/public-security/99010100200Y.yaml", True)]


def test_an_unregistered_folder_is_reported_once_with_a_count(tmp_path):
    root = copy_mini(tmp_path)
    folder = root / "items" / "public-securty"
    folder.mkdir()
    for n in range(3):
        code = f"99010100{n + 3}000"
        (folder / f"{code}.yaml").write_text(original().replace("990101001000", code), encoding="utf-8")
    problems = check(root)
    assert [(p.file, p.line) for p in problems] == [("items/public-securty/990101003000.yaml", 1)]
    assert "文件夹 public-securty 不是已登记的部门：其中 3 个事项文件暂不发布" in problems[0].message
    assert "public-security" in problems[0].hint
    held = {h.source: h.problems for h in build_catalogue(root, read_settings(root)).catalogue.held_back}
    assert len(held) == 3 and all("public-securty" in ps[0].message for ps in held.values())


def test_errors_in_one_item_do_not_touch_another(tmp_path):
    root = copy_mini(tmp_path)
    (root / ITEM).write_text(with_mistakes(), encoding="utf-8")
    assert not [p for p in check(root) if p.file == ONLINE_ITEM]
