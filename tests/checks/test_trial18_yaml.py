"""Messages of clerk trial 18 (docs/clerk-trials.md, "Trial 18"), items 1,
2, 3 and 8 of its follow-up, each made on a git copy of the demo city,
checked, and the hint followed literally:

- #27 (worst 1 and 3): ``name: "内地居民结婚登记""`` was told "没有结束引号"
  with a three-quote "fix", then a generic indentation message.  Now the
  characters after the closing quote are named, to delete, with the line
  to write (sources/mistakes/after_quote.py).
- #2 (worst 2): ``promised: 1天`` on an instant item was offered
  ``{value: 1, unit: working_days}``, which the next run refused.  Now
  ``{unit: immediate}``, read from the item (checks/mistakes/limit_text.py).
"""

from __future__ import annotations

import re

from history_repo import committed_demo
from clerk_cli import passes as _passes, replace_line as _replace_line, told as _told

MARRIAGE = "items/civil-affairs/990702001000.yaml"
CERT = "items/civil-affairs/992002001000.yaml"




def _written_line(hint: str) -> str:
    """The line a hint says to write: “…” after 写成：."""
    return re.search(r"写成：“(.*)”（行首", hint).group(1)



# --- #27: characters after the closing quote ------------------------------------------------

def test_stray_quote_after_closed_text_is_told_to_delete(tmp_path):
    root = committed_demo(tmp_path)
    line = _replace_line(root / MARRIAGE, 'name: 内地居民结婚登记', 'name: "内地居民结婚登记""')
    out, told = _told(root)
    assert [(f, n, label, element) for f, n, label, element, _, _ in told] == [
        (MARRIAGE, line, "错误", "事项名称")], out
    first, hint = told[0][4], told[0][5]
    assert "没有结束引号" not in first and "结束引号后面还多写了“\"”" in first, first
    assert "缩进" not in hint, hint
    _replace_line(root / MARRIAGE, 'name: "内地居民结婚登记""', _written_line(hint))
    _passes(root)


def test_tripled_quote_and_trailing_text_are_told_the_same_way(tmp_path):
    """The first trial's "fix" (three quotes) and a word typed after the quote:
    the same kind of message, never the generic one."""
    root = committed_demo(tmp_path)
    for wrong in ('name: "内地居民结婚登记"""', 'name: "内地居民结婚登记"办理'):
        line = _replace_line(root / MARRIAGE, 'name: 内地居民结婚登记', wrong)
        out, told = _told(root)
        assert [(f, n, element) for f, n, _, element, _, _ in told] == [(MARRIAGE, line, "事项名称")], out
        assert "结束引号后面还多写了" in told[0][4] and "写法有误" not in told[0][4], out
        assert _written_line(told[0][5]) == 'name: "内地居民结婚登记"'
        _replace_line(root / MARRIAGE, wrong, 'name: 内地居民结婚登记')
    _passes(root)


def test_comment_after_closed_quote_is_no_mistake(tmp_path):
    root = committed_demo(tmp_path)
    _replace_line(root / MARRIAGE, 'name: 内地居民结婚登记', 'name: "内地居民结婚登记"  # 2026 年核对')
    _passes(root)


# --- #2: a time limit written as one text, offered from the item ----------------------------

def test_text_limit_on_instant_item_is_offered_immediate(tmp_path):
    root = committed_demo(tmp_path)
    line = _replace_line(root / CERT, "  promised: {unit: immediate}", "  promised: 1天")
    out, told = _told(root)
    assert [(f, n, label, element) for f, n, label, element, _, _ in told] == [
        (CERT, line, "错误", "承诺办结时限")], out
    hint = told[0][5]
    assert hint.startswith("写成 promised: {unit: immediate}（本事项标为智能秒办"), hint
    assert "working_days}" not in hint.split("。")[0], hint
    _replace_line(root / CERT, "  promised: 1天", "  " + hint.split("。")[0].removeprefix("写成 ").split("（")[0])
    _passes(root)


# --- #13: a copied item turned into a new one ------------------------------------------------

SOCIETY = "items/civil-affairs/990102001000.yaml"
COPY = "items/civil-affairs/990102001000 - 副本.yaml"


def test_copy_is_given_the_implementation_code_and_told_its_name(tmp_path):
    root = committed_demo(tmp_path)
    (root / COPY).write_bytes((root / SOCIETY).read_bytes())
    out, told = _told(root)
    assert [(f, n, label, element) for f, n, label, element, _, _ in told] == [
        (COPY, 2, "错误", "基本编码")], out
    hint = told[0][5]
    code = re.search(r"下一个未用的编码 ([0-9]{12})，", hint).group(1)
    impl = re.search(r"一行写成 implementation_code: ([0-9A-Z]{31})（", hint).group(1)
    assert code == "990102002000" and impl == "11990100MB0000002X3990102002000", hint
    assert "name 现在还是原事项的名称“社会团体成立登记”" in hint, hint
    text = (root / COPY).read_text(encoding="utf-8")
    text = text.replace('code: "990102001000"', f'code: "{code}"', 1)
    text = text.replace("implementation_code: 11990100MB0000002X3990102001000", f"implementation_code: {impl}", 1)
    text = text.replace("name: 社会团体成立登记", "name: 社会团体变更登记", 1)  # "改成新事项的名称"
    (root / COPY).unlink()
    (root / f"items/civil-affairs/{code}.yaml").write_text(text, encoding="utf-8")
    out, told = _told(root)  # the original's online address kept: told (clerk trial 19, checks/mistakes/shared_urls.py)
    assert [(f, label, element) for f, _, label, element, _, _ in told] == [
        (f"items/civil-affairs/{code}.yaml", "提醒", "网上办理地址（电脑）")], out
    text = text.replace("items/990102001000", f"items/{code}")
    (root / f"items/civil-affairs/{code}.yaml").write_text(text, encoding="utf-8")
    out, told = _told(root)
    assert told == [] and "检查通过：69 个事项，0 条提醒" in out, out


# --- #20 (observation): replaced_by pointing to a cancelled item -----------------------------

def test_replacement_that_is_cancelled_is_a_warning(tmp_path):
    root = committed_demo(tmp_path)
    birth = root / "items/health/992007001000.yaml"
    _replace_line(birth, "item_type: public_service",
                  "item_type: public_service\nstatus: cancelled\ncancelled_date: 2026-01-01\nstatus_reason: 已并入其他事项")
    out, told = _told(root)
    replaced = [t for t in told if t[3] == "替代事项"]
    assert [(f, n, label) for f, n, label, _, _, _ in replaced] == [
        ("items/health/992007002000.yaml", 11, "提醒")], out
    assert "992007001000（生育登记）已经取消" in replaced[0][4], out
    assert len(told) == 3 and all("一件事中的事项 992007001000" in t[4] for t in told if t not in replaced), out
    assert "删去 replaced_by 这一行" in replaced[0][5]
    _replace_line(root / "items/health/992007002000.yaml", 'replaced_by: "992007001000"', "")
    out, told = _told(root)
    assert not [t for t in told if t[3] == "替代事项"] and len(told) == 2 and "检查通过" in out, out
