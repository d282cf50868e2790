"""A small link checker over a built site: every internal ``href``/``src``
resolves to a file of the site, and every ``#fragment`` to an ``id`` (or an
``<a name>``) on the page it points at.

Internal means relative (``../items/x/``), root-relative (``/assets/x.css``),
fragment-only (``#materials``) or an absolute URL under the site's own
``site_url`` (the canonical links).  A site whose ``site_url`` has a path
(``https://zwfw.fcgs.gov.cn/fwsx/``) is served under it: a root-relative link
(MkDocs writes the 404 page's so) must start with that path, which is taken
off.  Links to other sites, ``mailto:`` and ``tel:`` are not followed; a
``javascript:`` URL is always reported.  The sitemap's ``<loc>`` entries are
checked too.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes holding one URL, per tag ("*" = any tag).
URL_ATTRS = {"a": ("href",), "area": ("href",), "link": ("href",), "script": ("src",), "img": ("src",),
             "iframe": ("src",), "source": ("src",), "video": ("src", "poster"), "audio": ("src",),
             "track": ("src",), "embed": ("src",), "object": ("data",), "form": ("action",), "use": ("href",)}
NOT_FOLLOWED = ("mailto:", "tel:", "data:")


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    urls: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, url)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.page.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        for attr in URL_ATTRS.get(tag, ()):
            if values.get(attr) is not None:
                self.page.urls.append((tag, attr, values[attr].strip()))
        if values.get("srcset"):
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    self.page.urls.append((tag, "srcset", candidate.split()[0]))

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _Page:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def _target(site: Path, path: str) -> Path | None:
    """The file a site path (no leading slash, unquoted) is served from, or None."""
    if ".." in path.split("/"):
        return None
    file = site / path
    if path == "" or path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file if file.is_file() else None


def broken_links(site: Path, site_url: str) -> list[str]:
    """Every broken internal link and anchor in ``site``, as ``page: problem``."""
    site_url = site_url.rstrip("/") + "/"
    prefix = urlsplit(site_url).path  # "/" or the site's path, "/fwsx/"
    pages: dict[Path, _Page] = {}

    def page(file: Path) -> _Page:
        if file not in pages:
            pages[file] = _parse(file)
        return pages[file]

    problems: list[str] = []
    html_files = sorted(site.rglob("*.html"))
    for file in html_files:
        rel = file.relative_to(site).as_posix()
        base = rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""
        for tag, attr, url in page(file).urls:
            where = f"{rel}: <{tag} {attr}={url!r}>"
            low = url.lower()
            if low.startswith("javascript:"):
                problems.append(f"{where}: javascript: URL")
                continue
            if low.startswith(NOT_FOLLOWED):
                continue
            if url.startswith(site_url):
                url = prefix + url[len(site_url):]
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue  # another site: not ours to check
            if url == "":
                continue  # a form's action="": the page itself
            path = unquote(parts.path)
            if path.startswith("/"):
                if not (path + "/").startswith(prefix):
                    problems.append(f"{where}: outside the site's path {prefix}")
                    continue
                path = "/" + path[len(prefix):]
                resolved = posixpath.normpath(path.lstrip("/")) if path.strip("/") else ""
            elif path:
                resolved = posixpath.normpath(posixpath.join(base, path))
            else:
                resolved = rel
            if path.endswith("/") and resolved and not resolved.endswith("/"):
                resolved += "/"
            if resolved == ".":
                resolved = ""
            target = file if not path else _target(site, resolved)
            if target is None:
                problems.append(f"{where}: no such file {resolved or '/'}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in page(target).ids:
                problems.append(f"{where}: no id {fragment!r} in {target.relative_to(site).as_posix()}")
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        for loc in re.findall(r"<loc>([^<]*)</loc>", sitemap.read_text(encoding="utf-8")):
            if not loc.startswith(site_url) or _target(site, unquote(loc[len(site_url):])) is None:
                problems.append(f"sitemap.xml: <loc>{loc}</loc> is not a page of the site")
    return problems


def count_links(site: Path) -> int:
    """How many URLs the checker looked at (to show it looked at something)."""
    return sum(len(_parse(p).urls) for p in site.rglob("*.html"))
