"""Pages outside MkDocs: one themed shell page, filled per page.

MkDocs spends most of a build wrapping each page in the theme (Markdown,
navigation, the Material templates): about 10 ms a page, so a province's
20,000 items would take minutes and hold every page in memory.  Item pages
and the other generated pages two folders deep (``departments/<id>/``,
``offices/<id>/`` ...) sit at the same depth and are kept out of the nav, so
the theme's output differs between them only in the title, the description,
the page's own URL and the body.  MkDocs therefore renders one shell page at
``items/<SHELL>/`` with placeholders; after the build each such page is the
shell with those four filled in, item pages streamed to disk one at a time.
"""

from __future__ import annotations

import gzip
import html
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

SHELL = "_shell"
SHELL_DIR = f"items/{SHELL}"
TITLE = "OSC-SHELL-TITLE-7f3a"
DESCRIPTION = "OSC-SHELL-DESCRIPTION-7f3a"
BODY = "<!--osc-shell-body-7f3a-->"

# The shell's Markdown source.  The heading gives the page its table of
# contents entry, which the theme's "skip to content" link points at.
MARKDOWN = (f"---\ntitle: {TITLE}\ndescription: {DESCRIPTION}\nsearch:\n  exclude: true\n---\n\n"
            f"# {TITLE} {{#page-title}}\n\n{BODY}\n")


class ShellError(RuntimeError):
    """The theme dropped or repeated a placeholder: a theme override changed
    how the title or content is printed."""


@dataclass(frozen=True)
class Shell:
    head: str  # everything before the body, with TITLE/DESCRIPTION/SHELL_DIR marks
    tail: str

    @classmethod
    def parse(cls, page: str) -> "Shell":
        if page.count(BODY) != 1 or TITLE not in page:
            raise ShellError("item page shell: the theme did not print the title or content placeholder once")
        head, tail = page.split(BODY)
        return cls(head, tail)

    def fill(self, folder: str, title: str, description: str, body: str) -> str:
        """The page at ``folder`` (e.g. items/990101001000): ``body`` is HTML
        already; title and description are text."""
        def marks(part: str) -> str:
            return (part.replace(TITLE, html.escape(title))
                        .replace(DESCRIPTION, html.escape(description[:150]))
                        .replace(SHELL_DIR, folder))
        return marks(self.head) + body + marks(self.tail)


def expand_sitemap(site: Path, folders: list[str]) -> None:
    """Replace the shell's entry in MkDocs' sitemap by one entry per filled page."""
    path = site / "sitemap.xml"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    match = re.search(r"[ \t]*<url>\s*<loc>[^<]*" + re.escape(SHELL_DIR) + r"/</loc>.*?</url>\n?", text, re.S)
    if match is None:
        return
    entry = match.group(0)
    text = text[:match.start()] + "".join(entry.replace(SHELL_DIR, f) for f in folders) + text[match.end():]
    path.write_text(text, encoding="utf-8")
    # Same reproducible timestamp rule as MkDocs' own sitemap.xml.gz.
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))
    with open(site / "sitemap.xml.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=mtime) as gz:
        gz.write(text.encode("utf-8"))
