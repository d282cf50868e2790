"""County trial 2 (docs/county-trials.md): what ``make check`` printed that a
county's IT person read wrongly.

- #12: a problem quoting a text with line breaks printed the quote over two
  lines (the second without ``file:line:col``), cut mid-sentence without
  saying so.  Quotes are now one line (a break shown as ⏎) and a cut one ends
  with … (``generator.messages.quoted``).
- #13: the plain ``make check`` lists the gaps of the items changed since the
  last commit; for an edit that only changed the promised time, the 18 old
  gaps of the item read as if the edit had removed something and the request
  would be blocked.  The line now says they are mostly gaps the item already
  had, and that ``make check BASE=main`` says whether the change made
  anything worse.
"""

from __future__ import annotations

import re

from generator.messages import quoted
from history_repo import commit, committed_demo
from mini_catalogue import ITEM, edit, mini_with, position, run_cli

CONDITION = ("  - |-\n    免试部分科目报名条件。\n    凡符合设备监理师职业资格考试报名条件，并提交其他有关材料的，"
             "可免予《设备工程项目管理》科目的考试，具体按照本市人力资源和社会保障部门的规定办理。\n")
FUNERAL = "items/funeral-home/992032001000.yaml"


def test_quoted_is_one_line_and_says_it_was_cut():
    assert quoted("申请表") == "申请表"
    assert quoted("第一行\n第二行\r\n第三行\u2028第四行") == "第一行⏎第二行⏎第三行⏎第四行"
    cut = quoted("甲" * 70, 60)
    assert len(cut) == 60 and cut.endswith("…") and cut.startswith("甲" * 59)
    assert quoted("乙" * 60, 60) == "乙" * 60  # exactly the limit: not cut


def test_a_quoted_condition_with_line_breaks_is_one_problem_line(tmp_path):
    root, text = mini_with(tmp_path, "  - 年满十六周岁\n", CONDITION)
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    told = [n for n, line in enumerate(lines) if "兜底表述" in line]
    assert len(told) == 1, result.stdout
    line = lines[told[0]]
    where = "{}:{}:{}".format(ITEM, *position(text, "|-"))  # the entry's start
    assert line.startswith(f"{where}: 提醒【受理条件】"), line
    quote = re.search(r"“(.*?)”是兜底表述", line).group(1)
    assert quote.startswith("免试部分科目报名条件。⏎凡符合设备监理师") and quote.endswith("…") and len(quote) == 60
    # The next line is the hint (怎么改), not the rest of the quote.
    assert lines[told[0] + 1].lstrip().startswith("怎么改："), lines[told[0] + 1]


def test_old_gaps_of_an_edited_item_are_not_told_as_removed_or_blocking(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, FUNERAL, "forms: [window]", "forms: [window, online]")
    commit(root, "a gap the item already has")
    edit(root, FUNERAL, "appointment: true", "appointment: false")  # an edit that adds no gap
    plain = run_cli(root, "check")
    assert plain.returncode == 0, plain.stdout + plain.stderr
    told = [line for line in plain.stdout.splitlines() if "待补充【" in line]
    assert len(told) == 1, plain.stdout
    assert "原来就有的" in told[0] and "不是这次改动造成的" in told[0]  # trial 17, worst #4: told as what it is
    assert "不允许" not in told[0] and "不能" not in told[0]
    based = run_cli(root, "check", "--base", "HEAD")  # what BASE=main runs: nothing made worse
    assert based.returncode == 0 and "这次改动没有让目录变差" in based.stdout, based.stdout
