"""Dynamic management on a real git repository built in the test: the history
of each item in plain Chinese, no silent removal, no reused codes, the
registration deadline (issue 14)."""

from __future__ import annotations

import subprocess

import datetime as dt

from history_repo import RENAMED, Repo, edit_item, new_repo, rename_item, retire_item
from mini_catalogue import ITEM, ONLINE_ITEM, check, copy_mini

from generator.checks.registration import working_days
from generator.config import read_settings
from generator.checks.validate import build_catalogue
from generator.outputs.render import Renderer
from generator.sources.changes import describe
from generator.sources.history import read_history

ID_KEY, OLD_KEY, NEW_KEY = "990101001000", "992002001000", "992002009000"


def _errors(root):
    return [p for p in check(root) if p.is_error]


def _catalogue(root):
    settings = read_settings(root)
    report = build_catalogue(root, settings)
    return report, Renderer(report.catalogue, settings, {}, "https://example.cn")


def test_edit_is_described_in_plain_chinese(tmp_path):
    repo = new_repo(tmp_path)
    edit_item(repo)
    history = read_history(repo.root)
    assert history.available
    changes = history.of(ID_KEY)
    assert [(c.kind, c.date) for c in changes] == [("changed", dt.date(2026, 2, 2)), ("added", dt.date(2026, 1, 5))]
    assert changes[0].details == ("申请材料：增加“近期免冠照片”", "承诺办结时限：15 个工作日 → 5 个工作日")
    assert _errors(repo.root) == []
    # The page: newest first, collapsed, 最近更新 from the last change, 最近核验 from the data.
    report, renderer = _catalogue(repo.root)
    body = renderer.item(report.catalogue.by_key[ID_KEY]).body
    assert "<details class=\"osc-history\"><summary>变更记录（2 次，最近一次 2026-02-02）" in body
    assert body.index("2026-02-02</time> 修改：申请材料：增加“近期免冠照片”；承诺办结时限：15 个工作日 → 5 个工作日") \
        < body.index("2026-01-05</time> 新增事项")
    assert "最近更新：<time datetime=\"2026-02-02\">2026-02-02</time>" in body
    assert "最近核验：" in body


def test_descriptions_of_values_and_lists():
    before = {"name": "甲", "visits": 2, "channels": {"forms": ["window"]}, "conditions": ["年满十八周岁"],
              "summary": "短", "fees": {"charged": True}}
    after = {"name": "乙", "visits": 1, "channels": {"forms": ["window", "online"]}, "conditions": [],
             "summary": "很长的说明" * 10, "fees": {"charged": False}, "reviewed": dt.date(2026, 5, 1)}
    assert describe(before, after) == [
        "事项名称：甲 → 乙", "主要内容：已修改", "受理条件：删除“年满十八周岁”", "收费·是否收费：是 → 否",
        "办理渠道·办理形式：增加“网上办理”", "到办事现场次数：2 → 1"]
    assert describe(before, before) == []
    assert describe(None, before) == ["文件无法读取，不能列出改动"]


def test_rename_keeps_the_history_and_passes_the_check(tmp_path):
    repo = new_repo(tmp_path)
    rename_item(repo)
    history = read_history(repo.root)
    assert history.renamed == {OLD_KEY: NEW_KEY}
    kinds = [(c.kind, c.key, c.old_key) for c in history.of(NEW_KEY)]
    assert kinds == [("renamed", NEW_KEY, OLD_KEY), ("added", OLD_KEY, "")]
    assert _errors(repo.root) == []
    report, renderer = _catalogue(repo.root)
    body = renderer.item(report.catalogue.by_key[NEW_KEY]).body
    assert "编码由 992002001000 改为 992002009000" in body


def test_removing_an_item_that_was_not_retired_fails(tmp_path):
    repo = new_repo(tmp_path)
    repo.path(ITEM).unlink()
    found = _errors(repo.root)
    assert [(p.file, p.line) for p in found] == [(ITEM, 1)]
    assert "没有先取消或暂停" in found[0].message and "status_reason" in found[0].hint
    # Committed anyway: the history still says so, until the file is restored.
    repo.commit("删除身份证事项", "2026-02-10T09:00:00+08:00")
    found = _errors(repo.root)
    assert [(p.file, p.line) for p in found] == [(ITEM, 1)]
    assert "2026-02-10" in found[0].message
    repo.git("checkout", "HEAD~1", "--", ITEM)
    assert _errors(repo.root) == []


def test_a_catalogue_in_a_folder_of_the_repository(tmp_path):
    # A fork keeps its catalogue in catalogue/ (generator.config.FORK_CATALOGUE):
    # the history of catalogue/items only, its files at HEAD named from the
    # catalogue, and a file deleted before a commit is caught there too.
    root = copy_mini(tmp_path)
    assert root == tmp_path / "catalogue"
    repo = Repo(tmp_path)
    repo.git("init", "-q", "-b", "main")
    (tmp_path / "items").mkdir()  # another catalogue's items at the top: not this one's
    (tmp_path / "items" / "other.yaml").write_text("name: 别的\n", encoding="utf-8")
    repo.commit("初始目录", "2026-01-05T10:00:00+08:00")
    history = read_history(root, cache=False)
    assert history.head_files[ID_KEY] == ITEM and all(k != "other" for k in history.head_files)
    assert {c.key for c in history.changes} == set(history.head_files)
    (root / ITEM).unlink()
    found = _errors(root)
    assert [(p.file, p.line) for p in found] == [(ITEM, 1)]
    assert "没有先取消或暂停" in found[0].message
    # The restore command, run from the repository's top, names the file from there.
    assert f"git checkout HEAD -- catalogue/{ITEM}" in found[0].hint
    subprocess.run(["git", "checkout", "HEAD", "--", f"catalogue/{ITEM}"], cwd=tmp_path, check=True)
    assert not _errors(root)


def test_a_retirement_without_its_reason_does_not_allow_removal(tmp_path):
    repo = new_repo(tmp_path)
    repo.edit(ONLINE_ITEM, "item_type: public_service\n", "item_type: public_service\nstatus: cancelled\n"
                                                             "cancelled_date: 2026-03-31\n")
    repo.commit("取消", "2026-04-01T09:00:00+08:00")
    repo.path(ONLINE_ITEM).unlink()
    assert [p.file for p in _errors(repo.root)] == [ONLINE_ITEM]


def test_retire_then_remove_keeps_a_page(tmp_path):
    repo = new_repo(tmp_path)
    rename_item(repo)
    retire_item(repo)
    history = read_history(repo.root)
    last = history.last(NEW_KEY)
    assert last.kind == "retired" and last.details[0] == "事项状态：在用 → 取消"
    report, renderer = _catalogue(repo.root)
    body = renderer.item(report.catalogue.by_key[NEW_KEY]).body
    assert "本事项已取消办理（自 2026-03-31 起）" in body and "依据示范市政府决定取消" in body
    assert f'<a href="../../items/{ID_KEY}/">居民身份证首次申领</a>' in body
    # Retired first: the file may now go, and its page stays.
    repo.path(RENAMED).unlink()
    assert _errors(repo.root) == []
    repo.commit("删除已取消的高龄津贴", "2026-04-20T09:00:00+08:00")
    assert _errors(repo.root) == []
    report, renderer = _catalogue(repo.root)
    assert list(renderer.retired_keys) == [NEW_KEY]
    page = renderer.retired(NEW_KEY)
    assert page.path == f"items/{NEW_KEY}/index.md" and page.title == "高龄津贴申领"
    assert "本事项已取消办理" in page.body and "本事项已从目录中删除" in page.body
    assert "从目录中删除" in page.body and "2026-04-20" in page.body


def test_a_code_is_never_given_to_another_item(tmp_path):
    repo = new_repo(tmp_path)
    retire_item(repo, ONLINE_ITEM)
    text = repo.path(ONLINE_ITEM).read_text(encoding="utf-8")
    repo.path(ONLINE_ITEM).unlink()
    repo.commit("删除已取消的事项", "2026-04-20T09:00:00+08:00")
    # A different item under the old code: refused and held back, in the working tree ...
    other = text.replace("name: 高龄津贴申领", "name: 百岁老人慰问金申领")
    repo.path(ONLINE_ITEM).write_text(other, encoding="utf-8")
    found = _errors(repo.root)
    assert [(p.file, p.line) for p in found] == [(ONLINE_ITEM, 1)]
    assert "曾经用于事项“高龄津贴申领”" in found[0].message and "百岁老人慰问金申领" in found[0].message
    report, _ = _catalogue(repo.root)
    assert OLD_KEY not in report.catalogue.by_key
    assert [h.source for h in report.catalogue.held_back] == [ONLINE_ITEM]
    # ... and once committed.
    repo.commit("新事项用了旧编码", "2026-05-06T09:00:00+08:00")
    assert [p.file for p in _errors(repo.root)] == [ONLINE_ITEM]
    assert read_history(repo.root).last(OLD_KEY).kind == "readded"


def test_the_same_item_may_come_back_under_its_code(tmp_path):
    repo = new_repo(tmp_path)
    retire_item(repo, ONLINE_ITEM)
    text = repo.path(ONLINE_ITEM).read_text(encoding="utf-8")
    repo.path(ONLINE_ITEM).unlink()
    repo.commit("删除已取消的事项", "2026-04-20T09:00:00+08:00")
    repo.path(ONLINE_ITEM).write_text(text, encoding="utf-8")
    assert _errors(repo.root) == []


def test_without_git_the_history_says_it_is_not_available(tmp_path):
    from mini_catalogue import copy_mini
    root = copy_mini(tmp_path)
    assert not read_history(root).available
    assert _errors(root) == []
    report, renderer = _catalogue(root)
    body = renderer.item(report.catalogue.by_key[ID_KEY]).body
    assert "变更记录不可用" in body and "最近更新" not in body


def test_history_is_cached_per_commit(tmp_path):
    repo = new_repo(tmp_path)
    edit_item(repo)
    first = read_history(repo.root)
    cached = sorted((repo.root / ".cache" / "history").glob("*.json"))
    assert len(cached) == 2
    # A cache file is trusted (commits never change): prove it is read.
    for path in cached:
        path.write_text(path.read_text(encoding="utf-8").replace("近期免冠照片", "缓存中的照片"), encoding="utf-8")
    again = read_history(repo.root)
    assert [c.details for c in again.changes] != [c.details for c in first.changes]
    assert "缓存中的照片" in again.of(ID_KEY)[0].details[0]


def test_working_days_know_the_holidays_and_adjusted_weekends():
    # 2026-02-14 (Saturday) is a working day (Spring Festival 调休); 2026-02-16 … 02-23 are holidays.
    assert working_days(dt.date(2026, 2, 13), dt.date(2026, 2, 14)) == 1
    assert working_days(dt.date(2026, 2, 14), dt.date(2026, 2, 23)) == 0
    assert working_days(dt.date(2026, 3, 6), dt.date(2026, 3, 13)) == 5


def test_late_registration_is_listed_on_the_quality_page(tmp_path):
    repo = new_repo(tmp_path)
    # Effective 2025-11-03; first published 2026-01-05: more than 20 working days later.
    repo.edit(ITEM, "item_type: licensing\n", "item_type: licensing\neffective_date: 2025-11-03\n")
    repo.edit(ONLINE_ITEM, "item_type: public_service\n", "item_type: public_service\neffective_date: 2025-12-10\n")
    repo.commit("生效日期", "2026-01-06T09:00:00+08:00")
    report, renderer = _catalogue(repo.root)
    renderer.pages()
    late = renderer.quality.late
    assert [(l.entry.key, l.working_days) for l in late] == [(ID_KEY, 44)]
    body = renderer.quality_page().body
    assert "居民身份证首次申领" in body and "相隔 44 个工作日" in body


IMPL = "11442000007332665G3990101001000"
NEW_ITEM = "items/public-security/id-card-renewal.yaml"


def test_an_implementation_code_is_never_given_to_another_item(tmp_path):
    repo = new_repo(tmp_path)
    repo.edit(ITEM, "item_type: licensing\n", f'implementation_code: "{IMPL}"\nitem_type: licensing\n')
    repo.commit("实施编码", "2026-01-06T09:00:00+08:00")
    # The item renames itself and moves to a new implementation code: still the same item.
    repo.edit(ITEM, "name: 居民身份证首次申领", "name: 居民身份证申领")
    repo.edit(ITEM, f'implementation_code: "{IMPL}"', f'implementation_code: "{IMPL}01"')
    repo.commit("改名，改实施编码", "2026-02-02T09:00:00+08:00")
    assert _errors(repo.root) == []
    # Another item (another file, another name) given the old implementation code: an error at its line, held back.
    text = repo.path(ITEM).read_text(encoding="utf-8").replace(f'"{IMPL}01"', f'"{IMPL}"').replace(
        'code: "990101001000"', 'code: "990101001000"\nslug: id-card-renewal').replace(
        "name: 居民身份证申领", "name: 居民身份证换领")
    repo.path(NEW_ITEM).write_text(text, encoding="utf-8")
    found = _errors(repo.root)
    line = text[:text.index(IMPL)].count("\n") + 1
    assert [(p.file, p.line, p.key) for p in found] == [(NEW_ITEM, line, "implementation_code")]
    assert f"实施编码 {IMPL} 曾经用于事项“居民身份证首次申领”（文件名 {ID_KEY}，2026-01-06 起）" in found[0].message
    assert "居民身份证换领" in found[0].message
    report, _ = _catalogue(repo.root)
    assert [h.source for h in report.catalogue.held_back] == [NEW_ITEM]
    # Still refused once committed; the first holder itself is never told.
    repo.commit("新事项用了旧实施编码", "2026-03-02T09:00:00+08:00")
    assert [p.file for p in _errors(repo.root)] == [NEW_ITEM]
    # While the first holder still states the code, the two are duplicates (one message, not two).
    repo.edit(ITEM, f'"{IMPL}01"', f'"{IMPL}"')
    found = _errors(repo.root)
    assert len(found) == 1 and "已被" in found[0].message and "曾经用于" not in found[0].message


def test_a_renamed_replacement_is_still_a_replacement(tmp_path):
    repo = new_repo(tmp_path)
    rename_item(repo)
    # An item naming the allowance's old key as its replacement: the old address redirects, no error.
    repo.edit(ITEM, "item_type: licensing\n", "item_type: licensing\nstatus: suspended\nsuspended_date: 2026-03-05\n"
                                              f"status_reason: 系统升级。\nreplaced_by: \"{OLD_KEY}\"\n")
    assert _errors(repo.root) == []
    repo.edit(ITEM, f'replaced_by: "{OLD_KEY}"', 'replaced_by: "992002009001"')
    found = _errors(repo.root)
    assert [(p.file, p.key) for p in found] == [(ITEM, "replaced_by")] and NEW_KEY in found[0].hint
