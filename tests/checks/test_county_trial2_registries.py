"""County trial 2 (docs/county-trials.md, #1 and #2): what ``check`` let pass in
an imported catalogue's registries.

- #2: offices without a name (the site could only call them by their
  address) and offices whose addresses were one hall written another way
  (``大道大道``, a prefix pasted twice): a warning at the office's entry, and
  one at the second's address naming the first (the importer's own
  normalisation, ``sources/mistakes/addresses.place_key``).
- #1: 40 imported departments without ``codes`` passed silently and a clerk
  made codes up: a warning at each department entry without ``codes``, saying
  what the code is for and where it comes from, and which code the
  department's items already show.
"""

from __future__ import annotations

from mini_catalogue import check, copy_demo, edit

OFFICES = "content/offices.yaml"
DEPARTMENTS = "content/departments.yaml"


def _line(root, relative, number):
    return (root / relative).read_text(encoding="utf-8").split("\n")[number - 1].strip()


def test_the_demo_has_no_such_warning(tmp_path):
    assert check(copy_demo(tmp_path)) == []


def test_an_office_without_a_name_is_one_warning_at_its_entry(tmp_path):
    root = copy_demo(tmp_path)
    edit(root, OFFICES, "  name: 示范市婚姻登记处\n", "")
    found = check(root)
    assert len(found) == 1 and found[0].severity == "warning", found
    problem = found[0]
    assert problem.file == OFFICES and problem.element == "办理地点名称"
    assert _line(root, OFFICES, problem.line) == "- id: marriage-registry"
    assert "示范市和畅路 18 号 1 楼" in problem.message and "name:" in problem.hint


def _add_office(root, name_line: str, address: str) -> None:
    path = root / OFFICES
    path.write_text(path.read_text(encoding="utf-8") + f"\n- id: copied-centre\n{name_line}  address: {address}\n",
                    encoding="utf-8")


def test_an_office_at_another_offices_address_written_another_way_names_the_first(tmp_path):
    root = copy_demo(tmp_path)
    # The demo's 示范市政务服务中心 is at 示范市民主路 100 号; the same name without the region, the
    # address with the road typed twice and a comma: the same hall.
    _add_office(root, "  name: 市政务服务中心\n", "示范市民主路民主路100号，")
    found = check(root)
    assert len(found) == 1 and found[0].severity == "warning", found
    problem = found[0]
    assert problem.file == OFFICES and _line(root, OFFICES, problem.line) == "address: 示范市民主路民主路100号，"
    assert "city-service-centre" in problem.message and "copied-centre" in problem.message
    assert "office: copied-centre" in problem.hint and "office: city-service-centre" in problem.hint


def test_an_unnamed_copy_is_told_both_things(tmp_path):
    root = copy_demo(tmp_path)
    _add_office(root, "", "示范示范市民主路 100 号")
    found = sorted(check(root), key=lambda p: p.line)
    assert [p.severity for p in found] == ["warning", "warning"], found
    assert _line(root, OFFICES, found[0].line) == "- id: copied-centre" and "没有名称" in found[0].message
    assert "city-service-centre" in found[1].message


def test_two_named_halls_at_one_address_are_no_warning(tmp_path):
    root = copy_demo(tmp_path)
    _add_office(root, "  name: 示范市机动车登记服务站\n", "示范市民主路 100 号")
    assert check(root) == []


def test_a_department_without_codes_is_told_the_code_its_items_show(tmp_path):
    root = copy_demo(tmp_path)
    text = edit(root, DEPARTMENTS, '  name: 示范市民政局\n  codes: ["02"]\n', "  name: 示范市民政局\n")
    found = check(root)
    assert len(found) == 1 and found[0].severity == "warning", found
    problem = found[0]
    assert problem.file == DEPARTMENTS and problem.element == "部门类别代码"
    assert text.split("\n")[problem.line - 1].strip() == "- id: civil-affairs"
    assert "基本编码的第 5-6 位" in problem.message and "python -m generator new" in problem.message
    assert "事项编码规则" in problem.hint and "不要自拟" in problem.hint
    assert "“02”" in problem.hint and 'codes: ["02"]' in problem.hint


def test_a_department_without_codes_or_coded_items_is_told_where_codes_come_from(tmp_path):
    root = copy_demo(tmp_path)
    path = root / DEPARTMENTS
    path.write_text(path.read_text(encoding="utf-8") + "\n- id: port-authority\n  name: 示范市港务局\n",
                    encoding="utf-8")
    found = check(root)
    assert len(found) == 1 and found[0].severity == "warning", found
    assert _line(root, DEPARTMENTS, found[0].line) == "- id: port-authority"
    assert "事项编码规则" in found[0].hint and "还没有基本编码或实施编码可以对照" in found[0].hint
    assert "实施编码：第 20-31 位是基本编码" in found[0].hint and "codes: [\"" not in found[0].hint.split("不要自拟")[1]
