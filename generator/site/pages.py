"""The pages two folders deep (item pages, retired items' pages, the index
pages outside the nav) written straight into the site from the shell page
MkDocs rendered once (``outputs/shell.py``), not through MkDocs: 20,000 item
pages through MkDocs' Markdown pass would take minutes.

``PageWriter`` keeps, while ``make serve`` runs (``mkdocs serve --dirty``:
the site folder is kept between rebuilds), what it wrote: a page is written
again only when its HTML changed, an item page is rendered again only when
its inputs changed (``render.ItemPageCache``), and pages of items deleted
since are removed.  ``plugin.py`` calls ``fill`` after every build and
``without_flowcharts`` when dot did not finish some flowcharts in time.

The generated pages in the nav go through MkDocs instead, as ``markdown``
gives them: a fixed heading mark and body mark, replaced after Markdown.
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

from generator.checks.problems import Problem
from generator.messages import ui
from generator.outputs import changelog, shell
from generator.outputs.render import QUALITY_PAGE, ItemPageCache, Page, Renderer
from generator.outputs.shell import SHELL_DIR
from generator.site import compress
from generator.site.parallel import in_parallel


class PageWriter:
    """Writes the filled pages of one build after another (one per process
    for ``make build``, one for the life of ``make serve``)."""

    def __init__(self, item_pages: ItemPageCache | None) -> None:
        self.item_pages = item_pages  # only while serving
        self.site: Path | None = None  # make build: the staging folder being written
        self.previous: Path | None = None  # make build: the site it replaces (write.build_site), if any
        self.written: dict[str, str] = {}  # page folder -> digest of the HTML last written (serving)
        self.last_shell: shell.Shell | None = None  # serving: the item pages' shell of the last build
        self.shell: shell.Shell | None = None  # this build's shell
        self.precompress: list[str] = []  # make build: the copies each page gets (settings, set by fill)

    def fill(self, site: Path, renderer: Renderer, filled: list[Page], held_back: list, fresh: bool,
             fallback: str) -> None:
        """Write *filled* (pages outside the nav), the retired items' pages and
        every item page into *site* from the shell page ``site/SHELL_DIR``
        (removed afterwards), and add them to the sitemap.  *held_back*: items
        not published (serving, *fresh* build: their last good page stays);
        *fallback*: the description of a page that states none.  Raises
        OSError when the site cannot be written."""
        shell_dir = site / SHELL_DIR
        self.site = site
        self.precompress = list(renderer.settings.precompress)
        template = self.shell = shell.Shell.parse((shell_dir / "index.html").read_text(encoding="utf-8"))
        shutil.rmtree(shell_dir)

        def write(page) -> str:
            folder = page.path.rsplit("/", 1)[0]
            target = site / folder / "index.html"
            text = changelog.feed_link(folder, template.fill(folder, page.title, page.description or fallback, page.body))
            if self.item_pages is not None:
                # `make serve` runs MkDocs with --dirty: the site folder is kept
                # between rebuilds, and a page written before is written again
                # only if it changed (creating files is most of a rebuild).
                digest = hashlib.sha1(text.encode()).hexdigest()
                if self.written.get(folder) == digest and target.exists():
                    return folder
                self.written[folder] = digest
            target.parent.mkdir(parents=True, exist_ok=True)
            self._put(target, text)
            return folder

        folders = [write(page) for page in [*filled, *renderer.retired_pages()]]
        entries = renderer.cat.entries

        def write_items(part: slice) -> None:  # rendered here: 20,000 pages need not sit in memory
            for entry in entries[part]:
                write(renderer.item(entry))

        if self.item_pages is None:
            in_parallel(write_items, len(entries))
        else:  # serving: one process, so the cache sees every page
            shared = ItemPageCache.shared_key(renderer)
            same_shell = template == self.last_shell
            for entry in entries:
                key = self.item_pages.key(renderer, entry, shared)
                folder = f"items/{entry.key}"
                if same_shell and self.item_pages.current(entry, key) and folder in self.written \
                        and (site / folder / "index.html").exists():
                    self.item_pages.hits += 1  # neither rendered nor filled: its page on disk is this one
                    continue
                write(self.item_pages.page(renderer, entry, shared, key))
            self.last_shell = template
        folders += [f"items/{e.key}" for e in entries]
        if self.item_pages is not None:  # pages of deleted items must not linger in a kept folder
            # An item held back keeps its last good page while serving.
            held = {"items/" + h.source.rsplit("/", 1)[-1].rsplit(".", 1)[0] for h in held_back} if fresh else set()
            for gone in set(self.written) - set(folders) - held:
                shutil.rmtree(site / gone, ignore_errors=True)
                del self.written[gone]
        shell.expand_sitemap(site, folders)

    def without_flowcharts(self, site: Path, renderer: Renderer, late: dict[str, Problem], quality_body: str,
                           fallback: str) -> None:
        """Items whose flowchart dot did not finish in time (*late*: item key ->
        warning; ``flowcharts.finish`` has taken their file names away): their
        pages, written by ``fill`` while dot was drawing, are written again
        without the flowchart (the steps stay listed as text), and the warnings
        join the others on the data-quality page (*quality_body*: its body as
        written) and in its work lists.  Raises PluginError with the warnings
        when the data-quality page on disk is not the one this build wrote."""
        labels = {"error": ui("error"), "warning": ui("warning"), "hint": ui("hint")}
        cat = renderer.cat
        for key in late:
            page = renderer.item(cat.by_key[key])
            folder = page.path.rsplit("/", 1)[0]
            self.written.pop(folder, None)
            self._put(site / folder / "index.html",
                      self.shell.fill(folder, page.title, page.description or fallback, page.body))
        cat.warnings = [*cat.warnings, *late.values()]
        after = renderer.quality_page().body
        target = site / QUALITY_PAGE / "index.html"
        text = target.read_text(encoding="utf-8")
        if quality_body not in text:  # the page is not as this build wrote it: say so rather than publish it stale
            raise PluginError("\n".join(p.format_text(labels) for p in late.values()))
        target.write_text(text.replace(quality_body, after, 1), encoding="utf-8")

    def _put(self, target: Path, text: str) -> None:
        """``make build``: the page and the copies ``precompress`` asks for
        (.gz by default; the bytes are at hand: no pass reads 1,600 pages
        back, site/compress.py; those of the previous site when the page is
        unchanged); while serving, the page alone."""
        if self.item_pages is None:
            previous = self.previous / target.relative_to(self.site) if self.previous and self.site else None
            compress.write_file(target, text.encode("utf-8"), previous, kinds=self.precompress)
        else:
            target.write_text(text, encoding="utf-8")


def nav_paths(nav) -> list[str]:
    """Every page file named in the nav of mkdocs.yml."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in nav_paths(value)]
    if isinstance(nav, list):
        return [p for entry in nav for p in nav_paths(entry)]
    return []


# The heading of a generated page in its Markdown: on_page_content replaces it
# by the escaped title.  No text from YAML is ever Markdown, so no extension
# can act on it (attr_list would turn a name ending in "{ onmouseover=… }"
# into attributes of the heading, and escaping for one extension misses the
# next one a fork enables).
PAGE_TITLE = "OSC-PAGE-TITLE-7f3a"


def markdown(title: str, description: str) -> str:
    """The Markdown MkDocs renders for a generated page in the nav: front
    matter and a heading mark (``PAGE_TITLE``); the plugin puts the body and
    the escaped title in its place (on_page_content)."""
    # JSON strings are valid YAML scalars: titles with colons or quotes stay safe.
    # The theme prints page.title and page.meta.description without escaping
    # (<title>, header, nav, <meta content="...">), so they are HTML-escaped here.
    # Generated pages are found through the catalogue's own index (search.py).
    front = f"---\ntitle: {json.dumps(html.escape(title), ensure_ascii=False)}\nsearch:\n  exclude: true\n"
    if description:
        front += f"description: {json.dumps(html.escape(description[:150]), ensure_ascii=False)}\n"
    return front + f"---\n\n# {PAGE_TITLE} {{#page-title}}\n\n{shell.BODY}\n"
