"""What the history (``sources/history.py``) gives the site: the change
feeds, the 变更公告 page's list, redirects from old addresses, and the date
of the last change of each page (sitemap ``lastmod``).

Every date here is a commit date (never the clock), so two builds of one
commit are byte-identical.  Feeds are Atom 1.0 (RFC 4287) written by feedgen:
``feed.xml`` for the catalogue and ``departments/<id>/feed.xml`` per
department, newest change first, at most ``FEED_ENTRIES`` entries.

A commit that makes many changes of one kind (a first import of 20,000
items, a re-import editing every item) is one line on the page and one
entry in the feeds ("新增 20,000 个事项（首次导入）", linking to the list of
items): ``summarised``.  The page shows at most ``PAGE_ROWS`` lines and says
how many more there are and where they are listed.
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.messages import label, page_texts
from generator.sources.history import Change, Dated, History

FEED = "feed.xml"
FEED_ENTRIES = 200  # a feed reader needs the recent changes; the page lists 90 days
CHANGES_PAGE = "changes"
RECENT_DAYS = 90
SUMMARISE_AT = 100  # changes of one kind in one commit beyond which they are one line
PAGE_ROWS = 500  # lines of the 变更公告 page; the rest are counted and pointed to
ALL_ITEMS = "all/"  # the list a batch of the whole catalogue links to (render.py's 全部事项)


@dataclass(frozen=True)
class Batch(Dated):
    """The changes of one kind one commit made to many items, as one line.
    ``department``: "" when they are counted over the whole catalogue."""
    commit: str
    when: str
    kind: str  # as Change.kind
    count: int
    first: bool  # made by the history's first commit: an initial import
    department: str = ""

    @property
    def link(self) -> str:
        """The list of the items concerned, relative to the site's root."""
        return f"departments/{self.department}/" if self.department else ALL_ITEMS


def summarised(changes: list[Change], first_commit: str, department: str = "") -> list[Change | Batch]:
    """``changes`` (newest first) with the changes of one kind a commit made
    to more than ``SUMMARISE_AT`` items replaced by one Batch, where the
    first of them stood.  ``first_commit``: the history's first commit."""
    counts = Counter((c.commit, c.kind) for c in changes)
    out: list[Change | Batch] = []
    placed = set()
    for change in changes:
        group = (change.commit, change.kind)
        if counts[group] <= SUMMARISE_AT:
            out.append(change)
        elif group not in placed:
            placed.add(group)
            out.append(Batch(change.commit, change.when, change.kind, counts[group], change.commit == first_commit,
                             department))
    return out


def announcement(history: History | None) -> dict:
    """The 变更公告 page's context: ``changes`` (Change or Batch lines, newest
    first, at most PAGE_ROWS; None without history), ``more`` (lines left
    out), ``start`` and ``end`` (the span, see ``recent``)."""
    listed, start, end = recent(history)
    if history is None:
        return {"changes": None, "more": 0, "start": None, "end": None}
    rows = summarised(listed, history.changes[0].commit if history.changes else "")
    return {"changes": rows[:PAGE_ROWS], "more": max(0, len(rows) - PAGE_ROWS), "start": start, "end": end}


@dataclass(frozen=True)
class Retirement:
    """What a suspended, cancelled or removed item's page says about it."""
    status: str  # suspended | cancelled
    title: str  # 本事项已取消办理 …
    since: str  # the date the item states ("" when it states none)
    reason: str
    replacement_key: str  # "" when nothing replaces it
    replacement_name: str  # "" when the replacement has no page (then no link)
    removed: bool


def retirement(state: dict, cat, removed: bool = False) -> Retirement | None:
    """The notice for an item whose state (``history.state_of``) is
    suspended or cancelled, or that was removed; None for an item in use.
    A replacement renamed since is followed to its current key."""
    status = state.get("status", "in_use")
    if status not in ("suspended", "cancelled"):
        if not removed:
            return None
        status = "cancelled"
    t = page_texts()
    key = state.get("replaced_by") or ""
    history = cat.history if cat.history is not None and cat.history.available else None
    if key and key not in cat.by_key and history is not None:
        key = history.renamed.get(key, key)
    entry = cat.by_key.get(key)
    since = state.get("suspended_date" if status == "suspended" else "cancelled_date") or ""
    return Retirement(status, t[f"retired_banner_{status}"], since, state.get("reason") or "", key,
                      entry.item.name if entry else "", removed)


def kind_text(change: Change | Batch) -> str:
    """What happened, in a few words: 新增事项, 修改, 取消办理 …; for a Batch
    "新增 20,000 个事项（首次导入）"."""
    t = page_texts()
    if isinstance(change, Batch):
        text = t["changes_batch"].format(what=t[f"changes_batch_{change.kind}"], n=f"{change.count:,}")
        return text + (t["changes_batch_first"] if change.first and change.kind == "added" else "")
    if change.kind == "renamed":
        return t["change_renamed"].format(old=change.old_key, new=change.key)
    if change.kind == "retired":
        return t["change_retired"].format(status=label("status", change.state.get("status", "")))
    if change.kind == "readded":
        return t["change_readded"].format(gone=change.state.get("gone", ""))
    return t[f"change_{change.kind}"]


def newest_first(changes: list[Change]) -> list[Change]:
    """Commits newest first; within a commit, the changes in file order."""
    groups: list[list[Change]] = []
    for change in changes:
        if groups and groups[-1][0].commit == change.commit:
            groups[-1].append(change)
        else:
            groups.append([change])
    return [c for group in reversed(groups) for c in group]


def details_text(change: Change | Batch) -> str:
    """The plain-Chinese description of a change ("" when it has none)."""
    return "；".join(getattr(change, "details", ()))


def recent(history: History | None, days: int = RECENT_DAYS) -> tuple[list[Change], dt.date | None, dt.date | None]:
    """Changes within ``days`` before the newest change (not the clock), newest
    first, with the first and last day of that span (None without history)."""
    if history is None or not history.changes:
        return [], None, None
    end = history.newest.date
    start = end - dt.timedelta(days=days - 1)
    return newest_first([c for c in history.changes if c.date >= start]), start, end


def feed_xml(changes: list[Change | Batch], title: str, feed_url: str, home_url: str, item_base: str,
             updated: dt.datetime) -> bytes:
    """An Atom feed of ``changes`` (newest first).  ``item_base`` is prefixed
    to ``<key>/`` for an entry's link (absolute when the site URL is known);
    ``updated``: the newest change's date (or the build date without one).
    A Batch links to its list of items (``item_base`` without ``items/``)."""
    from feedgen.feed import FeedGenerator
    fg = FeedGenerator()
    fg.id(feed_url or "urn:osc:feed")
    fg.title(title)
    fg.updated(updated)
    fg.link(href=home_url or "./", rel="alternate")
    if feed_url:
        fg.link(href=feed_url, rel="self")
    fg.generator("Open Service Catalogue", uri=None, version=None)
    fg.language("zh")
    root = item_base[:-len("items/")] if item_base.endswith("items/") else item_base
    for change in changes[:FEED_ENTRIES]:
        entry = fg.add_entry(order="append")
        if isinstance(change, Batch):
            entry.id(f"urn:osc:changes:{change.commit}:{change.kind}:{change.department or 'all'}")
            entry.title(kind_text(change))
            entry.link(href=f"{root}{change.link}", rel="alternate")
        else:
            entry.id(f"urn:osc:change:{change.commit}:{change.key}:{change.kind}")
            entry.title(f"{change.name or change.key}：{kind_text(change)}")
            entry.link(href=f"{item_base}{change.key}/", rel="alternate")
        entry.updated(change.moment)
        entry.published(change.moment)
        text = details_text(change)
        if text:
            entry.summary(text)
    return fg.atom_str(pretty=True)


def feed_updated(changes: list[Change | Batch], fallback: dt.date) -> dt.datetime:
    if changes:
        return changes[0].moment
    return dt.datetime.combine(fallback, dt.time(), dt.timezone.utc)


def redirect_html(old: str, new: str, target: str, canonical: str, title: str) -> str:
    """A static page at an item's old address sending the reader to its new
    one: meta refresh, a canonical link and a visible link (no script)."""
    t = page_texts()
    target, canonical = html.escape(target, quote=True), html.escape(canonical, quote=True)
    text = html.escape(t["redirect_text"].format(old=old, new=new))
    return (f'<!doctype html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{html.escape(title)}</title>\n<link rel="canonical" href="{canonical}">\n'
            f'<meta http-equiv="refresh" content="0; url={target}">\n<meta name="robots" content="noindex">\n'
            f'</head>\n<body>\n<p>{text}<a href="{target}">{html.escape(title)}</a></p>\n</body>\n</html>\n')


def page_dates(history: History | None, cat) -> dict[str, dt.date]:
    """Folder of a page (``items/<key>``, ``departments/<id>``) -> the date of
    the last change of what it shows; other pages show the whole catalogue
    and take the newest change (key ""): see ``lastmod``."""
    if history is None or not history.available or not history.changes:
        return {}
    dates: dict[str, dt.date] = {"": history.newest.date}
    for change in history.changes:  # a department page lists its items: its last change of any
        dates[f"departments/{change.department}"] = change.date
    for entry in cat.entries:
        last = history.last(entry.key)
        if last is not None:
            dates[f"items/{entry.key}"] = last.date
    for key, change in history.removed.items():
        dates[f"items/{key}"] = change.date
    return dates


_URL = re.compile(r"[ \t]*<url>\s*<loc>([^<]*)</loc>(.*?)</url>\n?", re.S)
_LASTMOD = re.compile(r"\s*<lastmod>[^<]*</lastmod>")


def rewrite_sitemap(site: Path, site_url: str, dates: dict[str, dt.date]) -> None:
    """Give every sitemap entry the date of the last change of its page
    (none without history: unknown is not a default) and write
    sitemap.xml.gz with a zero timestamp, so both files are byte-identical
    across builds of one commit."""
    path = site / "sitemap.xml"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    base = site_url.rstrip("/") + "/" if site_url else ""

    def one(match: re.Match) -> str:
        loc = html.unescape(match.group(1))
        folder = loc[len(base):] if base and loc.startswith(base) else loc.lstrip("/")
        folder = folder.strip("/")
        date = dates.get(folder) or dates.get("")
        rest = _LASTMOD.sub("", match.group(2))
        lastmod = f"\n         <lastmod>{date.isoformat()}</lastmod>" if date else ""
        return f"    <url>\n         <loc>{match.group(1)}</loc>{lastmod}{rest.rstrip()}\n    </url>\n"

    text = _URL.sub(one, text)
    path.write_text(text, encoding="utf-8")
    with open(site / "sitemap.xml.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                                   filename="") as gz:
        gz.write(text.encode("utf-8"))


def add_urls(site: Path, site_url: str, folders: list[str]) -> None:
    """Add pages written outside MkDocs (retired items' pages) to the sitemap."""
    path = site / "sitemap.xml"
    if not path.exists() or not folders:
        return
    base = site_url.rstrip("/") + "/" if site_url else ""
    text = path.read_text(encoding="utf-8")
    extra = "".join(f"    <url>\n         <loc>{html.escape(base + f)}/</loc>\n    </url>\n" for f in folders)
    path.write_text(text.replace("</urlset>", extra + "</urlset>", 1), encoding="utf-8")


def feed_link(folder: str, page: str) -> str:
    """A department page (``departments/<id>``) announces its own feed in its
    head, beside the catalogue's (theme/main.html)."""
    parts = folder.split("/")
    if len(parts) != 2 or parts[0] != "departments":
        return page
    title = html.escape(page_texts()["feed_link"])
    link = f'<link rel="alternate" type="application/atom+xml" href="feed.xml" title="{title}">\n'
    return page.replace("</head>", link + "</head>", 1)


def write_all(renderer, site: Path, site_url: str) -> None:
    """Feeds, redirects from old addresses, and the sitemap's dates.

    ``renderer``: outputs.render.Renderer (its catalogue and history)."""
    cat, history = renderer.cat, renderer.history
    settings = renderer.settings
    base = site_url.rstrip("/") + "/" if site_url else ""
    build_date = (history or cat.history).build_date() if (history or cat.history) else dt.date.today()
    changes = newest_first(history.changes) if history is not None else []
    t = page_texts()

    first = history.changes[0].commit if history is not None and history.changes else ""

    def write_feed(folder: str, title: str, listed: list[Change | Batch]) -> None:
        target = site / folder / FEED if folder else site / FEED
        target.parent.mkdir(parents=True, exist_ok=True)
        page = f"{base}{folder}/" if folder else base
        target.write_bytes(feed_xml(listed, title, f"{page}{FEED}" if base else "", page,
                                    f"{base}items/" if base else "../" * (folder.count("/") + 1 if folder else 0)
                                    + "items/", feed_updated(listed, build_date)))

    write_feed("", t["feed_title"].format(region=settings.region), summarised(changes, first))
    for department in cat.departments:
        write_feed(f"departments/{department.id}",
                   t["feed_title_department"].format(region=settings.region, department=department.name),
                   summarised([c for c in changes if c.department == department.id], first, department.id))
    if history is not None:
        for old, new in sorted(history.renamed.items()):
            if old in cat.by_key or old in renderer.retired_keys:
                continue
            if new in cat.by_key:
                name = cat.by_key[new].item.name
            elif new in renderer.retired_keys:  # renamed, then retired and removed: its kept page
                name = renderer.retired_keys[new].name or new
            else:
                continue  # held back: no page to send readers to
            target = site / "items" / old / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(redirect_html(old, new, f"../{new}/", f"{base}items/{new}/" if base else f"../{new}/",
                                            name), encoding="utf-8")
    rewrite_sitemap(site, site_url, page_dates(history, cat))
