"""County trial 3 (广安区), a department's review in a pull request, on real
git repositories made here from the demo catalogue:

- F9: filling in an element the committed item left out wholly (no
  ``materials:``) with a detail still unknown (a material without ``form:``)
  made the item better, yet ``check --base`` blocked it as a new gap;
  a detail line deleted from an element that was stated stays new;
- F10: ``diff`` showed model ids (``public_service``, ``county``,
  ``individual``, ``immediate``) where the site shows Chinese names.
"""

from __future__ import annotations

import re

from generator.checks.diff import compare, element_rows, markdown
from generator.checks.model import Item
from generator.config import read_settings
from history_repo import commit, committed_demo
from mini_catalogue import run_cli

ITEM = "items/civil-affairs/990502002000.yaml"  # 高龄津贴发放
MATERIALS = """materials:
  - name: 老人的居民身份证
    necessity: required
    form: paper
    original: original
    copies: 1
    source: shared
    source_note: 户籍信息共享核验
  - name: 老人本人的社会保障卡
    necessity: required
    form: paper
    original: original
    copies: 1
    source: shared
    source_note: 用于发放津贴，系统自动关联
"""
CONDITIONS = """conditions:
  - 具有本市户籍
  - 年满八十周岁
"""
# What the department writes: one material, its form not known.
FILLED = """materials:
  - name: 老人的户口簿
    necessity: required
    original: original
    copies: 1
    source: applicant
"""


def _replace(root, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_filling_in_a_wholly_missing_element_is_not_a_new_gap(tmp_path):
    root = committed_demo(tmp_path)
    # main: the item states no conditions and no materials at all.
    _replace(root, ITEM, MATERIALS, "")
    _replace(root, ITEM, CONDITIONS, "")
    commit(root, "conditions and materials not known yet")
    _replace(root, ITEM, "steps:\n", CONDITIONS + FILLED + "steps:\n")

    result = run_cli(root, "check", "--base", "HEAD")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "没有让目录变差" in out and "变差了" not in out
    # The detail still to fill is listed at its line, as 待补充, not as an error.
    line = (root / ITEM).read_text(encoding="utf-8").splitlines().index("  - name: 老人的户口簿") + 1
    assert re.search(rf"{ITEM}:{line}:\d+: 待补充【申请材料·材料形式】\(materials\[0\]\.form\) 还待补充", out), out
    assert "错误【" not in out
    # The summary says the item got better, with its gaps before -> after.
    better = re.search(rf"{ITEM}：补写了原来整个没有写的受理条件、申请材料，事项比原来完整：待补充 (\d+) 处 → (\d+) 处"
                       r"，其中 1 处是补写的要素中还没有写的部分", out)
    assert better and (better.group(1), better.group(2)) == ("2", "1"), out

    # The plain run says the same of that gap: the element was left out wholly, nothing blocks.
    plain = run_cli(root, "check")
    assert plain.returncode == 0, plain.stderr
    said = [text for text in plain.stdout.splitlines() if text.startswith(f"{ITEM}:{line}:")]
    assert len(said) == 1 and "整个没有写这一要素，这次补上了" in said[0], plain.stdout
    assert "不能通过" not in said[0]


def test_a_detail_deleted_from_a_stated_element_stays_new(tmp_path):
    root = committed_demo(tmp_path)
    source = "    copies: 1\n    source: shared\n    source_note: 户籍信息共享核验\n"
    _replace(root, ITEM, source, "    copies: 1\n")  # the source line deleted from a stated material

    result = run_cli(root, "check", "--base", "HEAD")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert re.search(rf"{ITEM}:\d+:\d+: 错误【申请材料·来源渠道】\(materials\[0\]\.source\)", out), out
    assert "这次改动让目录变差了" in out and "补写了" not in out
    plain = run_cli(root, "check").stdout  # the plain run tells it as deleted by the edit
    assert re.search(rf"{ITEM}:\d+:\d+: 待补充【申请材料·来源渠道】.*这次被删去了", plain), plain

    # A whole element deleted is new too.
    _replace(root, ITEM, "    copies: 1\n", source)
    _replace(root, ITEM, MATERIALS, "")
    result = run_cli(root, "check", "--base", "HEAD")
    assert result.returncode == 1 and "错误【申请材料】" in result.stdout, result.stdout + result.stderr


def test_diff_names_enumerated_values_as_the_site_does(tmp_path):
    root = committed_demo(tmp_path)
    # One change of each kind: a classification id (scalar and list), a Literal scalar,
    # a Literal list, a Literal inside a list entry and inside a mapping, a registry's Literal.
    _replace(root, ITEM, "item_type: benefit", "item_type: public_service")
    _replace(root, ITEM, "levels: [township]", "levels: [county, township]")
    _replace(root, ITEM, "audiences: [individual]", "audiences: [individual, business]")
    _replace(root, ITEM, "handling_type: promised", "handling_type: immediate")
    _replace(root, ITEM, "    necessity: required\n    form: paper\n",
             "    necessity: required\n    form: paper_or_electronic\n")
    _replace(root, ITEM, "  forms: [online, window]", "  forms: [window, mail]")
    _replace(root, ITEM, "result:\n  type: other\n", "result:\n  type: certificate\n")
    _replace(root, "content/offices.yaml", "holidays: closed", "holidays: duty")
    # A name changed in taxonomies.yaml: the old value by the old name, the new by the new.
    _replace(root, "content/taxonomies.yaml", "{id: county, name: 县级", "{id: county, name: 县（区）级")

    result = run_cli(root, "diff", "HEAD")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out == markdown(compare(root, read_settings(root), "HEAD"))
    for row in ("| 事项类型 | 行政给付 | 公共服务 |",
                "| 行使层级 | 乡镇（街道）级 | 县（区）级、乡镇（街道）级 |",
                "| 服务对象 | 个人服务 | 个人服务、法人服务 |",
                "| 办件类型 | 承诺件 | 即办件 |",
                "| 申请材料「老人的居民身份证」·材料形式 | 纸质 | 纸质或电子 |",
                "| 网上办理、窗口办理 | 窗口办理、邮寄办理 |",
                "| 办理结果·结果类型 | 其他 | 证照 |",
                "·节假日安排 | 法定节假日休息 | 法定节假日值班受理 |"):
        assert row in out, (row, out)
    shown = out.split("`content/taxonomies.yaml`")[0]  # there, the changed entry is named by its id
    for word in ("public\\_service", "benefit", "county", "individual", "immediate", "paper", "window",
                 "certificate", "duty"):
        assert word not in shown, (word, out)

    # An element stated on one side only is told key by key, named too.
    rows = element_rows(Item, {"name": "甲"}, {"name": "甲", "result": {"type": "approval", "delivery": ["mail"]}})
    assert [(r.element, r.old, r.new) for r in rows] == [("办理结果·结果类型", "（未填）", "批文"),
                                                         ("办理结果·送达方式", "（未填）", "邮寄送达")]
