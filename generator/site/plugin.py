"""The MkDocs plugin: validation and page generation inside ``mkdocs build``
and ``mkdocs serve``, so there is one build command and live reload.

load -> validate (validate.py) -> model (catalogue.py) -> render (render.py,
flowchart.py) -> write (MkDocs writes the pages in the nav, pages.py the item
pages and the other pages two folders deep; flowcharts are published here).
A validation error stops the build with the same messages as ``make check``
(status.log_problems); while serving it never does: every page shows the
errors in a panel over the last good content (status.py).
"""

from __future__ import annotations

import html
import logging
import shutil
from importlib.metadata import version
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.outputs import changelog, shell
from generator.config import Settings
from generator.site import compress, downloads, flowcharts, robots, status
from generator.messages import page_texts, search_texts, set_language, ui
from generator.site import pages
from generator.site.pages import PageWriter
from generator.site.parallel import give_back, in_background
from generator.site import editor, outside, palette
from generator.site import editions as site_editions
from generator.site import theme as site_theme
from generator.outputs.render import QUALITY_PAGE, ItemPageCache, Renderer
from generator.outputs.templating import CompiledTemplates, environment_key
from generator.checks.schema import render_field_reference
from generator.outputs.shell import SHELL_DIR
from generator.checks.validate import build_catalogue
from generator.checks.config_block import read_block, settings_from
from generator.checks.problems import Problem, ProblemsFound
from generator.sources.files import unsafe

log = logging.getLogger("mkdocs.plugins.catalogue")
FLOWCHART_DIR = flowcharts.FOLDER


class CataloguePlugin(BasePlugin):
    settings: Settings
    item_pages: ItemPageCache | None = None  # only while serving
    dirty = False  # mkdocs serve --dirty (make serve)
    renderer: Renderer | None = None  # serving: the last good build's, kept when the catalogue cannot be read
    fresh = True  # this build read the catalogue (else, serving, the last good pages are built again)
    editions: site_editions.Editions | None = None  # the other editions of this build (none: only the catalogue's)
    config_problems: list = []  # serving: mistakes in mkdocs.yml's catalogue block (the last good settings stay)
    held_back: list = []
    inputs: str | None = None  # make build: the input fingerprint (write.build_site); keys the downloads' cache
    errors: list = []

    def on_startup(self, *, command, dirty) -> None:
        # Defining on_startup makes MkDocs keep this plugin across `mkdocs
        # serve` rebuilds, so the cache of rendered item pages survives them.
        self.item_pages = ItemPageCache() if command == "serve" else None
        self.templates: CompiledTemplates | None = None  # the theme's compiled templates (on_env)
        self.pages = PageWriter(self.item_pages)  # serving: what it wrote is kept across rebuilds
        self.generated: list[tuple[str, str]] = []  # (path, Markdown) of the generated MkDocs pages
        self.unlisted: set[str] = set()  # source paths of index pages listing nothing: out of the nav
        self.bodies, self.titles, self.filled = {}, {}, []  # (until a build reads the catalogue)
        self.dirty = dirty
        if dirty:  # its warning is about stale navigation, which on_files prevents
            logging.getLogger("mkdocs.commands.build").addFilter(
                lambda record: "'dirty' build" not in record.getMessage())

    def load_config(self, options, config_file_path=None):
        # The options are the Settings model: validated there, not declared twice.
        # The block is read again from mkdocs.yml by the catalogue's own loader,
        # so it means what `make check` reads (YAML as data, not 1.1's guesses)
        # and each mistake is a file:line message (checks/config_block.py).
        try:
            path = Path(config_file_path).resolve() if config_file_path else None
            settings = read_block(path.parent, path.name) if path and path.is_file() else None
            self.settings = settings or settings_from(options, path.name if path else "mkdocs.yml")
        except ProblemsFound as found:
            labels = {"error": ui("error"), "warning": ui("warning"), "hint": ui("hint")}
            if self.item_pages is not None and hasattr(self, "settings"):
                # Serving: a refused configuration would stop the server's
                # builds (every request waiting); the last good settings and
                # pages stay, and the panel shows the mistakes.
                for problem in found.problems:
                    log.error(problem.format_text(labels))
                self.config_problems = found.problems
                self.config = options or {}
                return [], []
            return [("catalogue", "\n" + "\n".join(p.format_text(labels) for p in found.problems))], []
        self.config = options or {}
        self.config_problems = []
        return [], []

    def on_config(self, config: MkDocsConfig):
        self.root = Path(config.config_file_path).resolve().parent
        self.cache = self.root / ".cache" / FLOWCHART_DIR
        # Theme partials read region, contact and footer from here.
        config.extra["catalogue"] = self.settings.model_dump()
        set_language(self.settings.language)
        config.extra["catalogue_search_ui"] = search_texts()["ui"]
        config.extra["catalogue_texts"] = page_texts()  # the theme's texts (main.html, 404.html)
        config.extra["catalogue_editions"] = site_editions.switch_config(self.settings)  # None: one edition
        config.extra["generator"] = False  # no "Made with Material for MkDocs" on an official site
        site_theme.add_to(config)  # theme/: templates, CSS and scripts (site/theme.py)
        # Settings that load from other hosts refused; the palette's contrast checked (site/outside.py).
        self.palette_css = outside.theme_settings(config, serving=self.item_pages is not None, log=log)
        if self.item_pages is None and "brotli" in self.settings.precompress and compress.brotli is None:
            log.warning(ui("precompress_no_brotli"))  # make build writes the .gz copies only (site/compress.py)
        return config

    def on_env(self, env, config, files):
        """The theme's compiled templates kept once per machine, and in memory
        while serving, where every rebuild loads the configuration and so the
        templates afresh (about half a second of each rebuild at 1,600 items,
        ~0.3 CPU-s at the start of every build): outputs/templating.CompiledTemplates."""
        key = environment_key(env, "theme", *(f"{d}={version(d)}" for d in ("mkdocs", "mkdocs-material")))
        if self.templates is None or self.templates.key != key:
            self.templates = CompiledTemplates(key)
        env.bytecode_cache = self.templates
        return env

    def on_serve(self, server, config, builder):
        server.watch(str(self.root / self.settings.items_dir))
        server.watch(str(site_theme.THEME_DIR))  # the shipped theme's CSS and scripts (outside docs_dir)
        for name in (self.settings.base_catalogue, self.settings.base_reviewed):  # items extending a base
            if name and (self.root / name).exists():
                server.watch(str(self.root / name))
        return server

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # Nothing of docs_dir is read through a link out of the repository, nor
        # a dangling or unreadable file (sources/files.py): such a page or asset
        # is left out of the site; the check below reports it.  (The theme's
        # own files live outside the repository, in the installed package.)
        docs = Path(config.docs_dir).absolute()
        for file in [f for f in files if f.abs_src_path and f.src_dir and Path(f.src_dir).absolute() == docs
                     and unsafe(Path(f.abs_src_path), self.root)]:
            files.remove(file)
        # dot draws each item's flowchart on the other core from the moment
        # the item is validated; pages link the SVGs by their content-hash
        # names, and on_post_build waits for the drawing to finish.
        self.editions = None
        if self.config_problems:  # serving with a refused catalogue block (load_config)
            self.fresh, self.errors, self.held_back = False, self.config_problems, []
            self.status = status.status(self.config_problems, [], True, self.settings.language)
            return self._add_generated(files, config)
        self.drawing = flowcharts.start(self.cache, separate=self.item_pages is None)
        report = build_catalogue(self.root, self.settings, on_item=lambda e: flowcharts.add(self.drawing, e))
        status.log_problems(report, log)
        self.fresh = report.catalogue is not None
        self.held_back, self.errors = report.held_back, report.errors
        self.status = status.status(report.errors, report.held_back, not self.fresh, self.settings.language)
        if report.catalogue is None:
            self.drawing.cancel()
            if self.item_pages is None:
                raise PluginError(ui("summary_fail").format(
                    errors=len(report.errors), warnings=len(report.warnings), items=report.item_count))
            # Serving: a stopped build would leave every request waiting;
            # the last good build's pages are built again instead.
            return self._add_generated(files, config)
        cat = report.catalogue
        cat.warnings = report.warnings  # listed on the data-quality page (待整改)
        # 404.html offers 一件事 only when there are any (county trial 1, C13).
        config.extra["catalogue_life_events"] = bool(cat.life_events)
        if len(self.settings.built_editions()) > 1:  # 繁體 / English (site/editions.py)
            try:
                self.editions = site_editions.Editions(self.root, cat, self.settings, self.drawing)
            except ProblemsFound as found:  # the protected-terms file: file:line messages, as `make check`
                text = "\n".join(p.format_text({"error": ui("error"), "warning": ui("warning"), "hint": ui("hint")})
                                 for p in found.problems)
                if self.item_pages is None:
                    raise PluginError(text) from None
                log.error(text)  # serving: the catalogue's own edition goes on
        self.drawing.flush()
        self.flowcharts = flowcharts.names(self.drawing)  # item key -> SVG file name

        self.renderer = Renderer(cat, self.settings, self.flowcharts, config.site_url or "", config.site_name)
        # make build: the process of the search index and the open data forked and started now,
        # while this one holds the least memory (the fork copies it: at 20,000 items the search
        # index's process was the build's peak); it works while the index pages are rendered.
        self._pending = downloads.start(Path(config.site_dir), self.renderer, self.root / ".cache" / "downloads",
                                        self.inputs) if self.item_pages is None else None
        self.site_description = config.site_description or ""
        # Bodies are HTML already: Markdown sees only a marker, which
        # on_page_content swaps for the body (Python-Markdown's raw-HTML pass
        # over a 1,600-row table costs seconds and changes nothing).
        self.bodies = {}
        self.titles = {}  # page path -> title, put into the heading by on_page_content
        self.filled = []  # pages two folders deep, outside the nav: shell.py
        self.generated = []
        in_nav = set(pages.nav_paths(config.nav or []))
        for page in self.renderer.pages():
            if page.depth == 2 and page.path not in in_nav:
                self.filled.append(page)
                continue
            self.bodies[page.path] = page.body
            self.titles[page.path] = page.title
            self.generated.append((page.path, pages.markdown(page.title, page.description)))
        # Index pages that list nothing (no offices, a classification no item names ...) are
        # left out of the menu and the 404 page's ways in: portal.unlisted (county trial 3, S2/F11).
        self.unlisted = {f"{folder}index.md" for folder in self.renderer.unlisted}
        if self.editions is not None:
            self.editions.render(self.flowcharts, config.site_url or "", [*self.bodies, *(p.path for p in self.filled)],
                                 config.extra["catalogue_editions"])
        return self._add_generated(files, config)

    def _add_generated(self, files: Files, config: MkDocsConfig) -> Files:
        # (serving the last good build again: its unlisted pages too)
        config.extra["catalogue_unlisted"] = sorted(path.removesuffix("index.md") for path in self.unlisted)
        for path, markdown in self.generated:
            files.append(File.generated(config, path, content=markdown))
        files.append(File.generated(config, "reference/fields/index.md", content=render_field_reference()))
        files.append(File.generated(config, f"{SHELL_DIR}/index.md", content=shell.MARKDOWN))
        for path in (self.editions.shell_files() if self.editions is not None else ()):
            files.append(File.generated(config, path, content=shell.MARKDOWN))
        if getattr(self, "palette_css", ""):
            files.append(File.generated(config, palette.STYLESHEET, content=self.palette_css))
        if self.dirty:
            # A --dirty build skips unchanged Markdown pages, and the nav then
            # lacks their titles ("None"); the hand-written pages are few, so
            # they are always rendered.  Static files are still only copied
            # when changed, and shell pages only written when changed.
            for file in files.documentation_pages():
                file.is_modified = lambda: True
        return files

    def on_nav(self, nav, config, files):
        """Without a nav in mkdocs.yml MkDocs lists every page, the shell too:
        take it out of the nav and of the previous/next links; so too the
        generated index pages that list nothing (``self.unlisted``: their
        pages stay, saying 暂无)."""
        shell_url = f"{SHELL_DIR}/"
        hidden = {shell_url, *(self.editions.shell_urls() if self.editions is not None else ())}

        def keep(items):
            kept = []
            for item in items:
                if getattr(item, "children", None) is not None:
                    item.children = keep(item.children)
                    if item.children:
                        kept.append(item)
                elif not (item.is_page and (item.url in hidden or item.file.src_uri in self.unlisted)):
                    kept.append(item)
            return kept

        nav.items = keep(nav.items)
        nav.pages = [p for p in nav.pages if p.url not in hidden and p.file.src_uri not in self.unlisted]
        for before, after in zip([None, *nav.pages], [*nav.pages, None]):
            if before is not None:
                before.next_page = after
            if after is not None:
                after.previous_page = before
        return nav

    def on_page_content(self, output: str, page, config, files) -> str:
        # Material's search plugin would index every page (HTML parsing, jieba
        # for Chinese: ~0.1 s of each `make serve` rebuild) for a lunr index
        # that downloads.write_search_index empties: the search box's worker is
        # the catalogue's own.  No page is given to it.
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        body = self.bodies.get(page.file.src_uri)
        if body is None:
            return output
        # The title from YAML never went through Markdown (_markdown writes a
        # fixed mark): it goes into the heading and the table of contents
        # here, HTML-escaped, as the theme prints both as they are.
        title = html.escape(self.titles[page.file.src_uri])
        for anchor in page.toc:
            if anchor.title == pages.PAGE_TITLE:
                anchor.title = title
        return output.replace(pages.PAGE_TITLE, title, 1).replace(shell.BODY, body, 1)

    def on_page_context(self, context, page, config, nav):
        if self.editions is not None:  # an edition's shell: its theme language and texts
            self.editions.page_context(page, config)
        return context

    def on_post_page(self, output: str, page, config) -> str:
        """Serving: every page (the item pages' shell too) reads the status."""
        if self.editions is not None:
            self.editions.post_page(config)
        if self.item_pages is None:
            if page.file.src_uri in self.bodies:
                page.content = None  # written: MkDocs would keep every generated body until the end
            return output
        return status.inject(output, status.script(config.site_url))

    def on_post_template(self, output_content: str, template_name: str, config) -> str:
        """Serving: the "not found" page too (all there is before the first
        build that could read the catalogue)."""
        if self.item_pages is None or template_name != "404.html":
            return output_content
        return status.inject(output_content, status.script(config.site_url))

    def on_post_build(self, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        robots.write(site, config.site_url or "", Path(config.docs_dir))
        if self.renderer is None:  # serving, and no build has read the catalogue yet
            shutil.rmtree(site / SHELL_DIR, ignore_errors=True)
            status.write(site, self.status)
            return
        # While dot may still be drawing: pages need only the file names.
        self.pages.fill(site, self.renderer, self.filled, self.held_back, self.fresh, self.site_description)
        if not self.fresh:  # serving the last good build again: its files are in place
            status.write(site, self.status)
            return
        try:
            # Raises a file:line message for an item whose flowchart dot failed on;
            # returns the items whose flowchart it did not finish in time.
            late = flowcharts.finish(self.drawing, self.renderer.cat, self.flowcharts, self.root, site,
                                    compressed=self.item_pages is None, previous=self.pages.previous,
                                    kinds=self.settings.precompress)
            if late:
                labels = {"error": ui("error"), "warning": ui("warning"), "hint": ui("hint")}
                for problem in late.values():
                    log.warning(problem.format_text(labels))
                self.pages.without_flowcharts(site, self.renderer, late, self.bodies[f"{QUALITY_PAGE}/index.md"],
                                              self.site_description)
        except PluginError as exc:
            if self.item_pages is None:
                raise
            self.status = status.status(
                [Problem("", 0, 0, str(exc)), *self.errors], self.held_back, False,
                self.settings.language)
        if self.editions is not None:
            # Serving: the last rebuild's background writer reads the catalogue's texts,
            # which the editions' rendering swaps (messages.use_edition): one at a time.
            if getattr(self, "_downloads", None) is not None:
                self._downloads.join()
            self.drawing.renderer.publish(self.editions.flowchart_names(self.flowcharts), site / FLOWCHART_DIR)
            if self.item_pages is None:
                # make build: what only the catalogue's own pages needed is let go before the
                # editions' forked page writers copy this process (docs/performance.md,
                # "Three editions at 20,369 items: the main process").
                self.drawing.release()
                self.bodies, self.filled = {}, []
                give_back()
            folders = self.editions.write(site, self.site_description, parallel=self.item_pages is None)
            site_editions.sitemap(site, self.editions, folders)
        renderer = self.renderer
        if self.item_pages is not None:
            # Serving: the search index, work lists and open data are written
            # after the build, in the background (seconds at 1,600 items: the
            # spreadsheet alone), so the edited page shows within 3 s
            # (devtools/bench_serve.py).  One writer at a time.
            self._downloads = in_background(
                lambda: downloads.write_all(site, renderer), getattr(self, "_downloads", None),
                lambda exc: log.error(f"{type(exc).__name__}: {exc}"))
        shutil.rmtree(self.root / ".cache" / "qr", ignore_errors=True)  # the QR code store of earlier versions
        changelog.write_all(self.renderer, site, config.site_url or "")
        # admin/, when configured; its folders are relative to the top of self.root's git repository.
        editor.write(site, renderer.cat, self.settings, config.site_name, self.root, Path(config.docs_dir))
        if self.item_pages is not None:
            status.write(site, self.status)
        else:
            pending, self._pending = self._pending, None
            downloads.finish(pending, site, renderer)

    def on_build_error(self, error) -> None:
        """A failed build leaves no download process writing into the discarded site."""
        if getattr(self, "_pending", None) is not None:
            pending, self._pending = self._pending, None
            pending.cancel()
        if getattr(self, "drawing", None) is not None:  # nor a flowchart process waiting for sources
            self.drawing.cancel()
