"""The site of a catalogue with a git history (issue 14): redirects from old
addresses, the page of a removed item, the Atom feeds, the 变更公告 page,
sitemap dates, and byte-identical builds of a fresh clone with no
environment variable set."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from history_repo import RENAMED, Repo, edit_item, new_repo, rename_item, retire_item
from mini_catalogue import REPO, site_config

ID_KEY, OLD_KEY, NEW_KEY = "990101001000", "992002001000", "992002009000"


def _build(root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--force"],
                          capture_output=True, text=True, env=env, timeout=300)


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def history_site(tmp_path_factory) -> Repo:
    """Edit (02-02), rename (03-02), retire (04-01), then remove the retired
    file (04-20) and a second edit of the ID card (05-06)."""
    repo = new_repo(tmp_path_factory.mktemp("history"), prepare=site_config)
    edit_item(repo)
    rename_item(repo)
    retire_item(repo)
    repo.path(RENAMED).unlink()
    repo.commit("删除已取消的高龄津贴", "2026-04-20T09:00:00+08:00")
    repo.edit("items/public-security/990101001000.yaml", "visits: 2", "visits: 1")
    repo.commit("身份证改为跑一次", "2026-05-06T09:00:00+08:00")
    result = _build(repo.root)
    assert result.returncode == 0, result.stderr
    return repo


def test_old_address_redirects_and_removed_item_keeps_a_page(history_site):
    site = history_site.root / "site"
    redirect = (site / "items" / OLD_KEY / "index.html").read_text(encoding="utf-8")
    # The old code was renamed, then the item retired and removed: the old address leads to its kept page.
    assert f'<meta http-equiv="refresh" content="0; url=../{NEW_KEY}/">' in redirect
    removed = (site / "items" / NEW_KEY / "index.html").read_text(encoding="utf-8")
    assert "本事项已取消办理（自 2026-03-31 起）" in removed and "本事项已从目录中删除" in removed
    assert f'href="../../items/{ID_KEY}/"' in removed  # what replaces it
    assert "<title>高龄津贴申领" in removed


def test_a_renamed_item_redirects(tmp_path):
    repo = new_repo(tmp_path, prepare=site_config)
    rename_item(repo)
    assert _build(repo.root).returncode == 0
    page = (repo.root / "site" / "items" / OLD_KEY / "index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url=../{NEW_KEY}/">' in page
    assert f'<link rel="canonical" href="https://catalogue.example.gov.cn/items/{NEW_KEY}/">' in page
    assert f'<a href="../{NEW_KEY}/">高龄津贴申领</a>' in page
    new = (repo.root / "site" / "items" / NEW_KEY / "index.html").read_text(encoding="utf-8")
    assert "编码由 992002001000 改为 992002009000" in new


def test_feed_is_atom_and_lists_the_changes_newest_first(history_site):
    site = history_site.root / "site"
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.version == "atom10" and not feed.bozo, feed.get("bozo_exception")
    titles = [e.title for e in feed.entries]
    assert titles == ["居民身份证首次申领：修改", "高龄津贴申领：从目录中删除", "高龄津贴申领：取消办理",
                      "高龄津贴申领：编码由 992002001000 改为 992002009000", "居民身份证首次申领：修改",
                      "高龄津贴申领：新增事项", "居民身份证首次申领：新增事项"]
    assert feed.entries[0].summary == "到办事现场次数：2 → 1"
    assert feed.entries[0].link == f"https://catalogue.example.gov.cn/items/{ID_KEY}/"
    assert feed.feed.updated == "2026-05-06T09:00:00+08:00"
    department = feedparser.parse((site / "departments" / "civil-affairs" / "feed.xml").read_bytes())
    assert not department.bozo and [e.title.split("：", 1)[1] for e in department.entries] == [
        "从目录中删除", "取消办理", "编码由 992002001000 改为 992002009000", "新增事项"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" href="feed.xml"' in home
    assert '<a href="feed.xml" type="application/atom+xml">订阅变更（Atom）</a>' in home
    dept = (site / "departments" / "civil-affairs" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" href="feed.xml"' in dept


def test_changes_page_lists_the_last_90_days(history_site):
    page = (history_site.root / "site" / "changes" / "index.html").read_text(encoding="utf-8")
    # 90 days before the newest change (2026-05-06), not the clock: 02-06 … 05-06.
    assert "2026-02-06 至 2026-05-06" in page
    assert "2026-05-06" in page and "2026-03-02" in page and "2026-02-02" not in page.split("<tbody>")[1]
    assert page.index("2026-05-06</time>") < page.index("2026-04-20</time>")
    assert "到办事现场次数：2 → 1" in page


def test_sitemap_dates_are_the_last_change_of_each_page(history_site):
    site = history_site.root / "site"
    text = (site / "sitemap.xml").read_text(encoding="utf-8")

    def lastmod(path: str) -> str:
        block = text.split(f"<loc>https://catalogue.example.gov.cn/{path}</loc>", 1)[1].split("</url>", 1)[0]
        return block.split("<lastmod>")[1].split("</lastmod>")[0]

    assert lastmod(f"items/{ID_KEY}/") == "2026-05-06"
    assert lastmod(f"items/{NEW_KEY}/") == "2026-04-20"
    assert lastmod("departments/civil-affairs/") == "2026-04-20"
    assert lastmod("departments/public-security/") == "2026-05-06"
    assert lastmod("") == "2026-05-06"
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text
    assert (site / "sitemap.xml.gz").read_bytes()[4:8] == b"\0\0\0\0"  # gzip mtime 0


def test_two_builds_of_a_fresh_clone_are_byte_identical(history_site, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(history_site.root), str(clone)], check=True)
    first = _build(clone)
    assert first.returncode == 0, first.stderr
    before = _tree(clone / "site")
    second = _build(clone)
    assert second.returncode == 0, second.stderr
    after = _tree(clone / "site")
    assert before.keys() == after.keys()
    assert [name for name in before if before[name] != after[name]] == []


def test_a_large_commit_is_one_line_on_the_changes_page_and_in_the_feed(tmp_path, monkeypatch):
    """A first import of 20,000 items is one line ("新增 20,000 个事项（首次导入）"), not
    20,000 rows; the page shows at most PAGE_ROWS lines and says how many more."""
    from generator.checks.validate import build_catalogue
    from generator.config import read_settings
    from generator.outputs import changelog
    from generator.outputs.render import Renderer

    monkeypatch.setattr(changelog, "SUMMARISE_AT", 1)  # the mini catalogue's import adds 2 items
    repo = new_repo(tmp_path, prepare=site_config)
    edit_item(repo)
    settings = read_settings(repo.root)
    renderer = Renderer(build_catalogue(repo.root, settings).catalogue, settings, {}, "https://example.cn")

    def page() -> str:
        return next(p.body for p in renderer.pages() if p.path == "changes/index.md")

    body = page()
    rows = body.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr>") == 2 and "新增事项" not in rows
    assert '<a href="../all/">事项列表</a></td><td data-label="变更">新增 2 个事项（首次导入）</td>' in rows
    assert rows.index("2026-02-02") < rows.index("2026-01-05") and "另有" not in body
    monkeypatch.setattr(changelog, "PAGE_ROWS", 1)
    body = page()
    assert body.split("<tbody>")[1].count("<tr>") == 1
    assert "以上只列出最新的 1 条，另有 1 条较早的变更未列出" in body and 'href="../feed.xml"' in body
    site = tmp_path / "site"
    changelog.write_all(renderer, site, "https://example.cn")
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo and [(e.title, e.link) for e in feed.entries] == [
        ("居民身份证首次申领：修改", f"https://example.cn/items/{ID_KEY}/"),
        ("新增 2 个事项（首次导入）", "https://example.cn/all/")]
    # Per department, one item each: listed as itself.
    department = feedparser.parse((site / "departments" / "civil-affairs" / "feed.xml").read_bytes())
    assert [e.title for e in department.entries] == ["高龄津贴申领：新增事项"]


def test_a_cancelled_item_offers_only_a_plain_phone_button(tmp_path):
    """Issue 17: a cancelled item is never shown as available — its page has no
    马上办 group and no primary button, at most the phone under 咨询."""
    repo = new_repo(tmp_path, prepare=site_config)
    rename_item(repo)
    retire_item(repo)
    assert _build(repo.root).returncode == 0
    page = (repo.root / "site" / "items" / NEW_KEY / "index.html").read_text(encoding="utf-8")
    assert "osc-retired" in page and 'class="osc-actions"' in page
    actions = page[page.index('class="osc-actions"'):]
    actions = actions[:actions.index("</p>")]
    assert 'aria-label="咨询"' in actions and "md-button--primary" not in actions, actions
    assert "osc-action--online" not in actions and "osc-action--appointment" not in actions
