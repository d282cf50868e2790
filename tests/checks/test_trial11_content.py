"""Content and encoding mistakes of clerk trial 11 (docs/clerk-trials.md,
"Trial 11"), each made on a git copy of the demo city, checked, and the
hint followed literally:

- worst #3 (M16-M18): an item or life event saved as GBK is read as GBK for
  the other checks of the same run (sources/encodings.py); its encoding
  error comes first and says that more may follow;
- worst #4 (M12): a fee item missing both ``standard`` and ``basis`` is told
  both in the first run (checks/partial.dropped_fees_without_basis);
- M47, silent before: ``reviewed`` after today (content_rules.check_date:
  the later of SOURCE_DATE_EPOCH's date and the real one);
- M28, silent before: a life-event step pointing to an item of another
  topic that shares only some words with the step (names.step_item);
- worst #8 (M38): the synonym word of a committed group is said to be in
  that group "上次提交时", not the clerk's line.
"""

from __future__ import annotations

import datetime as dt
import re

from history_repo import committed_demo
from mini_catalogue import check, edit, position, says, shown

BIRTH_PLAN = "items/health/992007001000.yaml"  # 生育登记: effective_date line 7, implementing_body.name line 15
BIRTH = "content/life-events/birth.yaml"  # step 在医院领取出生医学证明 -> 992031001000 on line 12
SOCIETY = "items/civil-affairs/990102001000.yaml"  # fees: charged: false
LIBRARY = "items/library/992034001000.yaml"  # reviewed: 2026-02-01 on line 69
SYNONYMS = "content/synonyms.yaml"  # line 23: [机动车驾驶证, 驾驶证, 驾照, 车本]


def _sorted(found):
    return sorted(found, key=lambda p: (p.file, p.line, p.column))


def _save_gbk(root, relative: str) -> str:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gbk"))
    return text


# --- worst #3: a GBK file's other mistakes in the same run -------------------------------

def test_gbk_item_is_read_as_gbk_and_its_other_mistakes_told_in_the_same_run(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, BIRTH_PLAN, "effective_date: 2021-08-20", "effective_date: 2021.08.20")
    edit(root, BIRTH_PLAN, "  name: 示范市卫生健康委员会\n  nature", "  name: 示范市民政局\n  nature")
    text = _save_gbk(root, BIRTH_PLAN)
    found = _sorted(check(root))
    assert len(found) == 3 and all(p.file == BIRTH_PLAN for p in found), shown(found)
    encoding, date, body = found
    assert (encoding.line, encoding.column, encoding.is_error) == (1, 1, True)  # told first, blocking
    says(encoding, "GBK", "其他问题已一并列出", "改好后再运行一次检查，可能还有其他问题", "编码选择“UTF-8”")
    assert (date.line, date.element, date.is_error) == (7, "生效日期", True)
    assert position(text, "2021.08.20")[0] == 7
    says(date, "改成 2021-08-20")
    assert (body.line, body.element, body.is_error) == (15, "实施主体名称", False)
    says(body, "通常是“示范市卫生健康委员会”")
    # The hints, literally: save as UTF-8, the date as given, the body as named.
    (root / BIRTH_PLAN).write_text(text, encoding="utf-8")
    edit(root, BIRTH_PLAN, "effective_date: 2021.08.20", "effective_date: 2021-08-20")
    edit(root, BIRTH_PLAN, "  name: 示范市民政局\n", "  name: 示范市卫生健康委员会\n")
    assert check(root) == []


def test_gbk_life_event_is_read_for_its_reference_errors(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, BIRTH, 'items: ["990508001000"]', 'items: ["990508009000"]')  # no such item
    text = _save_gbk(root, BIRTH)
    found = _sorted(check(root))
    assert len(found) == 2 and all(p.file == BIRTH for p in found), shown(found)
    assert (found[0].line, found[0].column, found[0].is_error) == (1, 1, True) and "GBK" in found[0].message
    line = position(text, "990508009000")[0]
    assert (found[1].line, found[1].element, found[1].is_error) == (line, "事项", True)
    says(found[1], "990508009000")
    (root / BIRTH).write_text(text.replace("990508009000", "990508001000"), encoding="utf-8")
    assert check(root) == []


def test_gbk_registry_and_bytes_of_no_known_encoding_stay_one_error(tmp_path):
    root = committed_demo(tmp_path)
    _save_gbk(root, "content/departments.yaml")  # a registry: not read in part (its users would be guessed)
    path = root / LIBRARY
    path.write_bytes(path.read_bytes().replace("读者证".encode(), "读者证".encode("utf-16-le")[:3] + b"\xff"))
    found = _sorted(check(root))
    assert len(found) == 2, shown(found)
    assert [p.file for p in found] == ["content/departments.yaml", LIBRARY]
    says(found[0], "GBK", "这个登记表读不出")
    says(found[1], "无法识别的字节")


# --- worst #4: a fee missing both its amount and its basis -----------------------------

def test_fee_missing_standard_and_basis_is_told_both_in_one_run(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, SOCIETY, "fees:\n  charged: false\n",
                "fees:\n  charged: true\n  items:\n    - name: 登记证书工本费\n")
    line = position(text, "- name: 登记证书工本费")[0]
    found = _sorted(check(root))
    assert len(found) == 2 and all((p.file, p.line) == (SOCIETY, line) for p in found), shown(found)
    [basis] = [p for p in found if not p.is_error]
    [standard] = [p for p in found if p.is_error]
    assert (standard.element, basis.element) == ("收费标准", "收费项目")
    says(standard, "请添加 standard:")
    says(basis, "登记证书工本费", "添加一行 basis:")
    edit(root, SOCIETY, "    - name: 登记证书工本费\n",
         "    - name: 登记证书工本费\n      standard: 每证 20 元\n"
         "      basis: 《示范市行政事业性收费项目目录》（示财〔2020〕1号）\n")
    assert check(root) == []


def test_fee_missing_only_standard_is_not_told_a_basis(tmp_path):
    root = committed_demo(tmp_path)
    edit(root, SOCIETY, "fees:\n  charged: false\n",
         "fees:\n  charged: true\n  items:\n    - name: 登记证书工本费\n"
         "      basis: 《示范市行政事业性收费项目目录》（示财〔2020〕1号）\n")
    found = check(root)
    assert len(found) == 1 and found[0].element == "收费标准", shown(found)


# --- M47: a review date after today ------------------------------------------------------

def test_reviewed_after_today_is_a_warning_with_today_to_write(tmp_path, monkeypatch):
    """A warning, not an error: an item held back by the clock would make the
    same commit publish another site once the real date passes the review's."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # a build dated 2023: the real date is later
    root = committed_demo(tmp_path)
    assert check(root) == []  # the demo's reviews of 2026 are not "future" for a build dated in the past
    today = dt.date.today()
    future = today + dt.timedelta(days=400)
    text = edit(root, LIBRARY, "reviewed: 2026-02-01", f"reviewed: {future.isoformat()}")
    found = check(root)
    assert len(found) == 1, shown(found)
    problem = found[0]
    assert (problem.file, problem.line, problem.element, problem.is_error) == (
        LIBRARY, position(text, "reviewed:")[0], "最近核验日期", False)
    says(problem, f"最近核验日期 {future.isoformat()} 晚于今天（{today.isoformat()}）")
    written = re.search(r"写 (reviewed: \S+?)。", problem.hint).group(1)
    assert written == f"reviewed: {today.isoformat()}"
    edit(root, LIBRARY, f"reviewed: {future.isoformat()}", written)
    assert check(root) == []


def test_a_build_dated_later_than_the_review_does_not_tell_it(tmp_path, monkeypatch):
    later = dt.date.today() + dt.timedelta(days=800)
    epoch = int(dt.datetime(later.year, later.month, later.day, tzinfo=dt.timezone.utc).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    root = committed_demo(tmp_path)
    future = dt.date.today() + dt.timedelta(days=400)
    edit(root, LIBRARY, "reviewed: 2026-02-01", f"reviewed: {future.isoformat()}")
    assert check(root) == []


# --- M28: a life-event step pointing to an unrelated existing item ---------------------

def test_step_pointing_to_an_item_of_another_topic_is_told_with_the_item_that_fits(tmp_path):
    root = committed_demo(tmp_path)
    text = edit(root, BIRTH, 'items: ["992031001000"]', 'items: ["992031002000"]')  # 居民死亡医学证明 (funeral)
    found = check(root)
    assert len(found) == 1, shown(found)
    problem = found[0]
    assert (problem.file, problem.line, problem.element, problem.is_error) == (
        BIRTH, position(text, "992031002000")[0], "事项", False)
    says(problem, "在医院领取出生医学证明", "居民死亡医学证明（推断）书开具", "是不是想写 992031001000（出生医学证明签发）")
    edit(root, BIRTH, "992031002000", "992031001000")  # the hint, literally
    assert check(root) == []


def test_step_item_sharing_words_without_a_better_item_of_the_topic_is_not_told(tmp_path):
    root = committed_demo(tmp_path)
    # The step renamed: 出生医学证明签发 shares 出生 and 证明 with it and is of the life event's topic.
    edit(root, BIRTH, "  - name: 在医院领取出生医学证明\n", "  - name: 在医院领取出生证明\n")
    assert check(root) == []  # a wording of the step, not a wrong item


# --- worst #8: the synonym group of the last commit ------------------------------------

def test_word_of_a_committed_group_says_the_group_had_it_at_the_last_commit(tmp_path):
    root = committed_demo(tmp_path)
    path = root / SYNONYMS
    text = path.read_text(encoding="utf-8") + "- [驾照, 驾驶本本]\n"
    path.write_text(text, encoding="utf-8")
    found = check(root)
    assert len(found) == 1, shown(found)
    problem = found[0]
    assert (problem.file, problem.line, problem.element) == (SYNONYMS, len(text.splitlines()), "同义词组")
    says(problem, "第 23 行的一组上次提交时已有“驾照”", "整组暂不使用", "删去这一行")
    assert "上次提交时就是这样" not in problem.message
    path.write_text(text.replace("- [驾照, 驾驶本本]\n", ""), encoding="utf-8")  # "删去这一行"
    assert check(root) == []
