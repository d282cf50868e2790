"""Messages of clerk trial 19 (docs/clerk-trials.md, "Trial 19"), each made
on a git copy of the demo city, checked, and the hint followed literally:

- #18 (worst 2): a key written twice whose two values share a long start is
  quoted around the first character where they differ
  (generator/messages.quoted_apart).
- #34 (worst 1): a step deleted while a branch still names it is told as
  a deleted block where it stood, its committed lines to put back
  (checks/mistakes/lost_steps.py).
- a copied item keeping the original's ``online_url`` is a warning at that
  line naming the other item (checks/mistakes/shared_urls.py).
- #42: swapped opening hours written on one line are given back as that
  whole line with the two times exchanged (checks/mistakes/hours_line.py).
"""

from __future__ import annotations

import re

from history_repo import committed_demo
from clerk_cli import passes as _passes, replace_line as _replace_line, told as _told

OFFICES = "content/offices.yaml"
WEEKDAYS = '    - {days: [mon, tue, wed, thu, fri], open: "08:30", close: "17:30", note: 午间不休}'
MATERNITY = "items/medical-insurance/990508001000.yaml"
REVIEW = """  - id: review
    name: 审核
    actor: 医保中心待遇审核岗
    time_limit: {value: 10, unit: working_days}
    branches:
      - {when: 材料不齐全, to: supplement}
      - {when: 生育时未参保, to: refuse}
"""
LOW_INCOME = "items/civil-affairs/990502001000.yaml"
SUMMARY = "summary: 家庭人均收入低于示范市低保标准、家庭财产符合规定的，可以申请低保，按月领取低保金。在户籍所在的街道或乡镇申请，也可以在网上申请。"


# --- #18: a key written twice, the values differing only near the end -------------------------

def test_key_written_twice_quotes_where_the_values_differ(tmp_path):
    root = committed_demo(tmp_path)
    path = root / LOW_INCOME
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index(SUMMARY)
    lines.insert(at + 1, SUMMARY.replace("也可以在网上申请", "不能在网上申请"))
    path.write_text("\n".join(lines), encoding="utf-8")
    out, told = _told(root)
    assert [(f, n, label, element) for f, n, label, element, _, _ in told] == [
        (LOW_INCOME, at + 2, "错误", "主要内容")], out
    message, hint = told[0][4], told[0][5]
    assert f"第 {at + 1} 行是“…" in message and "也可以在网上申请" in message, message
    assert "不能在网上申请" in message, message
    assert f"删去第 {at + 2} 行" in hint, hint  # the new line named as the one added since the commit
    lines.pop(at + 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    _passes(root)


# --- #42: open and close swapped on a one-line entry ------------------------------------------

def test_swapped_hours_on_one_line_give_the_whole_line(tmp_path):
    root = committed_demo(tmp_path)
    wrong = WEEKDAYS.replace('open: "08:30", close: "17:30"', 'open: "17:30", close: "08:30"')
    line = _replace_line(root / OFFICES, WEEKDAYS, wrong)
    out, told = _told(root)
    assert [(f, n, label, element) for f, n, label, element, _, _ in told] == [
        (OFFICES, line, "提醒", "结束时间")], out
    hint = told[0][5]
    assert "两行都改" not in hint, hint
    written = hint.split("这一行写成 ", 1)[1].split(" 。", 1)[0]
    assert f"在第 {line} 行里" in hint and written == WEEKDAYS.strip(), hint
    _replace_line(root / OFFICES, wrong, wrong.replace(wrong.strip(), written))
    _passes(root)


# --- #34: a step deleted, a branch still naming it ----------------------------------------------

def _put_back(root, hint: str) -> None:
    """Follow "在第 N 行“…”下面补回上次提交时的这 k 行：“line”（行首 s 个空格）、…" literally."""
    below = int(re.search(r"在第 (\d+) 行", hint).group(1))
    quoted = re.findall(r"“([^”]*)”（行首 (\d+) 个空格）", hint.split("补回", 1)[1].split("；", 1)[0])
    path = root / MATERNITY
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[below:below] = [" " * int(spaces) + text.lstrip(" ") for text, spaces in quoted]
    path.write_text("\n".join(lines), encoding="utf-8")


def test_deleted_one_line_step_is_given_back_where_it_stood(tmp_path):
    root = committed_demo(tmp_path)
    path = root / MATERNITY
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - {id: refuse, name: 不予支付, end: true}\n", ""), encoding="utf-8")
    out, told = _told(root)
    assert [(f, n, label, element) for f, n, label, element, _, _ in told] == [(MATERNITY, 61, "错误", "环节编号")], out
    message, hint = told[0][4], told[0][5]
    assert "环节 refuse（不予支付）上次提交时在第 61 行，这次被删去了，但第 59 行还指向它" in message, message
    assert "先添加 id 为" not in hint and "“  - {id: refuse, name: 不予支付, end: true}”（行首 2 个空格）" in hint, hint
    _put_back(root, hint)
    assert path.read_text(encoding="utf-8") == text
    _passes(root)


def test_deleted_block_step_is_given_back_line_by_line(tmp_path):
    root = committed_demo(tmp_path)
    path = root / MATERNITY
    text = path.read_text(encoding="utf-8")
    assert REVIEW in text
    path.write_text(text.replace(REVIEW, ""), encoding="utf-8")
    out, told = _told(root)
    assert [(f, n, label, element) for f, n, label, element, _, _ in told] == [(MATERNITY, 53, "错误", "环节编号")], out
    assert "上次提交时在第 53–59 行" in told[0][4] and "这 7 行" in told[0][5], out
    _put_back(root, told[0][5])
    assert path.read_text(encoding="utf-8") == text
    _passes(root)


# --- a copied item keeping the original's online address ---------------------------------------

def test_copied_item_keeping_the_online_url_is_told_at_the_copy(tmp_path):
    root = committed_demo(tmp_path)
    original = root / "items/human-resources/992003002000.yaml"
    text = original.read_text(encoding="utf-8")
    copy = root / "items/human-resources/992003009000.yaml"
    copy.write_text(text.replace('code: "992003002000"', 'code: "992003009000"', 1)
                    .replace("name: 就业创业证申领", "name: 就业创业证补领", 1), encoding="utf-8")
    out, told = _told(root)
    url = "https://zwfw.example.gov.cn/items/992003002000"
    line = copy.read_text(encoding="utf-8").split("\n").index(f"  online_url: {url}") + 1
    assert [(f, n, label, element) for f, n, label, element, _, _ in told] == [
        ("items/human-resources/992003009000.yaml", line, "提醒", "网上办理地址（电脑）")], out
    assert "与事项“就业创业证申领”（items/human-resources/992003002000.yaml）的相同" in told[0][4], out
    _replace_line(copy, f"  online_url: {url}", "  online_url: https://zwfw.example.gov.cn/items/992003009000")
    out, told = _told(root)
    assert told == [] and "检查通过：69 个事项，0 条提醒" in out, out


def test_an_address_many_items_share_is_no_copys_slip(tmp_path):
    """A portal's one address on many items (or a synthetic catalogue's) is not
    told: only a pair, one of them new since the last commit (1,704 warnings on
    the bench catalogue before)."""
    root = committed_demo(tmp_path)
    original = root / "items/human-resources/992003002000.yaml"
    text = original.read_text(encoding="utf-8")
    for code, name in (("992003009000", "就业创业证补领"), ("992003010000", "就业创业证注销")):
        (root / f"items/human-resources/{code}.yaml").write_text(
            text.replace('code: "992003002000"', f'code: "{code}"', 1).replace("name: 就业创业证申领", f"name: {name}", 1),
            encoding="utf-8")
    out, told = _told(root)
    assert not [t for t in told if t[3].startswith("网上办理地址")], out
