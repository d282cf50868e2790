"""County trial 1 (a fresh helper forked the project with the README only and
imported a real provincial export): what its catalogue could not do.

- An export that states no industries or service types: the README says to
  remove the terms none of the items uses, but ``industries: []`` and
  ``service_types: []`` were refused ("至少需要 1 条"), and with the demo's
  terms kept every item counted two gaps for them.  Both may now be empty,
  and a classification with no term is no gap (gaps.expected_of).
"""

from __future__ import annotations

import re

from mini_catalogue import check, copy_demo, run_cli


def _without_classifications(root):
    path = root / "content" / "taxonomies.yaml"
    text = path.read_text(encoding="utf-8")
    for group in ("industries", "service_types"):
        text, n = re.subn(rf"\n{group}:\n(?:(?:  .*|#.*)?\n)+?(?=\S)", f"\n{group}: []\n", text)
        assert n == 1, group
    path.write_text(text, encoding="utf-8")
    for item in (root / "items").rglob("*.yaml"):
        item.write_text(re.sub(r"^(industries|service_types):.*\n(?:  - .*\n)*", "",
                               item.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")


def test_empty_industries_and_service_types_pass_without_gaps(tmp_path):
    root = copy_demo(tmp_path)
    _without_classifications(root)
    assert check(root) == []
    gaps = run_cli(root, "check", "--gaps")
    assert gaps.returncode == 0, gaps.stdout + gaps.stderr
    assert "服务行业" not in gaps.stdout and "服务类型" not in gaps.stdout


def test_a_term_registered_but_unstated_is_still_a_gap(tmp_path):
    root = copy_demo(tmp_path)
    item = root / "items" / "public-security" / "990101001000.yaml"
    text = item.read_text(encoding="utf-8")
    item.write_text(re.sub(r"^industries:.*\n(?:  - .*\n)*", "", text, flags=re.M), encoding="utf-8")
    gaps = run_cli(root, "check", "--gaps")
    assert "服务行业" in gaps.stdout, gaps.stdout


def test_search_query_naming_no_item_is_a_warning_at_its_line(tmp_path):
    """A fork kept the demo's search queries: check said nothing, the search
    gate of make test failed later.  Now a warning at the expect line."""
    root = copy_demo(tmp_path)
    path = root / "search_queries.yaml"
    text = path.read_text(encoding="utf-8").replace('expect: "990101001000"', 'expect: "990101009000"', 1)
    path.write_text(text, encoding="utf-8")
    found = check(root)
    assert len(found) == 1 and found[0].severity == "warning", found
    problem = found[0]
    assert problem.file == "search_queries.yaml" and problem.element == "应搜到的事项"
    assert text.split("\n")[problem.line - 1].strip() == 'expect: "990101009000"'
    assert "990101009000" in problem.message and "办身份证" in problem.message


def test_two_offices_of_the_same_name_are_a_warning_at_the_second(tmp_path):
    """An import left 办证大厅 twice (…-2); nothing said so until the search gate
    failed.  Now a warning at the second entry's name, naming the first."""
    root = copy_demo(tmp_path)
    path = root / "content" / "offices.yaml"
    text = path.read_text(encoding="utf-8").replace("  name: 示范市婚姻登记处", "  name: 示范市不动产交易登记中心", 1)
    path.write_text(text, encoding="utf-8")
    found = check(root)
    assert len(found) == 1 and found[0].severity == "warning", found
    problem = found[0]
    assert problem.file == "content/offices.yaml" and problem.element == "办理地点名称"
    assert text.split("\n")[problem.line - 1].strip() == "name: 示范市不动产交易登记中心"
    assert "property-trading-centre" in problem.message + problem.hint
