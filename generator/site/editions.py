"""The other editions of the site (繁體 ``zh-Hant`` under ``/zh-hant/``,
English ``en`` under ``/en/``; docs/editions.md, issue 19): the catalogue's
generated pages rendered once more per edition, with that edition's texts
(``outputs/edition_texts.py``) and data: for zh-Hant the catalogue converted
by OpenCC (``outputs/editions.py``), for en the items' ``en:`` texts where
usable (``checks/english.usable_parts``) and the Chinese text elsewhere,
marked ``lang="zh-Hans"`` with a small "中文" note.

Nothing here runs for a catalogue that builds only its own language
(``plugin.py`` creates :class:`Editions` only for more than one edition):
its site is what it was before editions.

How a page of an edition is written: MkDocs renders, per edition, one themed
shell page per depth (``<path>index.md``, ``<path>_shell/``,
``<path>items/_shell/``) with the edition's theme language and texts
(``page_context``); after the build each edition page is its shell with the
title, description and body filled in (as ``site/pages.py`` does for the
catalogue's own item pages).  Page paths below the edition's folder are the
catalogue's own, so the bodies' relative links stay inside the edition; links
to files only the site root has (flowcharts, assets, the feed) get one
``../`` more (:func:`root_links`).  The language switch and the
``hreflang`` links are in ``theme/main.html`` (``config.extra.catalogue_editions``).

Memory (docs/performance.md, "Three editions at 20,369 items"): an
edition's catalogue is converted just before its pages are written and let
go, with its renderer and their caches, once they are (:meth:`Editions.write`);
only its flowcharts' keys and names and the folders written (for the sitemap)
are kept.  Its search index is built by a forked page writer, so the search's
dictionaries and caches never stay in this process.
"""

from __future__ import annotations

import dataclasses
import html
import posixpath
import re
import shutil
from pathlib import Path

from generator.catalogue import Catalogue
from generator.checks.rules import flow_fits
from generator.config import Settings
from generator.messages import use_edition
from generator.outputs import search, shell
from generator.outputs.edition_english import english_item, mark_chinese
from generator.outputs.edition_texts import EDITION_PATHS, HREFLANG, edition_texts
from generator.outputs.flowchart import flowchart_dot
from generator.outputs.render import Page, Renderer
from generator.site.parallel import give_back, in_parallel

# Each edition's name in its own language (the switch shows them so).
NAMES = {"zh": "简体中文", "zh-Hant": "繁體中文", "en": "English"}
# Material's language for each edition's theme texts and <html lang>.
THEME_LANGUAGE = {"zh": "zh", "zh-Hant": "zh-Hant", "en": "en"}
_MARKED_TITLE = "OSC-EDITION-TITLE-MARKED-7f3a"  # the note after Chinese text in the English edition
# A relative link (not a scheme, not /, not # alone)
_RELATIVE = re.compile(r'(\s(?:href|src)=")((?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)[^"]*)"')


def switch_config(settings: Settings) -> dict | None:
    """``config.extra.catalogue_editions`` for the theme: ``{"list": [{path,
    hreflang, name}], "current_path": ""}``; None when only one edition is built."""
    built = settings.built_editions()
    if len(built) < 2:
        return None
    return {"list": [{"path": EDITION_PATHS[e], "hreflang": HREFLANG[e], "name": NAMES[e], "edition": e}
                     for e in built], "current_path": "", "pages": set()}  # pages: Editions.render


def root_links(body: str, folder: str, own: set[str]) -> str:
    """The relative links of an edition page at *folder* (e.g. ``items/k``,
    below the edition's path) that lead out of the edition: files (flowcharts,
    assets, feeds, open-data downloads: only the site root has them) and pages
    the edition does not have (*own*: its page folders, e.g. ``{"", "all"}``),
    pointed at the site root's."""
    up = "../" * (folder.count("/") + 1 if folder else 0)

    def fix(m: re.Match) -> str:
        url = m.group(2)
        path, _, rest = url.partition("#")
        path, _, query = path.partition("?")
        resolved = posixpath.normpath(posixpath.join(folder or ".", path)) if path else folder or "."
        resolved = "" if resolved == "." else resolved
        if resolved.startswith("../") or (path.endswith("/") or not path) and resolved in own:
            return m.group(0)
        tail = ("/" if path.endswith("/") else "") + (f"?{query}" if query else "") + (f"#{rest}" if rest else "")
        return f'{m.group(1)}{up}../{resolved}{tail}"'
    return _RELATIVE.sub(fix, body)


@dataclasses.dataclass
class Edition:
    """What is kept of an edition for the whole build: its texts and settings,
    and its flowcharts' keys and names; not its catalogue (:meth:`Editions.write`)."""
    edition: str
    path: str  # "zh-hant/"
    texts: dict
    settings: Settings
    flowchart_keys: dict = dataclasses.field(default_factory=dict)  # item key -> key given to the drawing
    flowcharts: dict = dataclasses.field(default_factory=dict)  # item key -> SVG file name (Editions.render)

    def shells(self) -> dict[int, str]:
        """Depth of a page under the site -> the source path of its shell."""
        return {1: f"{self.path}index.md", 2: f"{self.path}_shell/index.md", 3: f"{self.path}items/_shell/index.md"}


class Editions:
    """The editions beyond the catalogue's own, for one build (``plugin.py``)."""

    def __init__(self, root: Path, cat: Catalogue, settings: Settings, drawing) -> None:
        """The editions after the catalogue's own (*cat*); their flowcharts,
        with the edition's step names, handed to *drawing* (the build's
        ``flowchart.BackgroundDrawing``).  The catalogue itself is converted
        only in :meth:`write` (zh-Hant: OpenCC with the content folder's
        protected terms, read here; en: the items' English texts).  Raises
        ProblemsFound for an unreadable protected-terms file."""
        self.cat = cat
        self.settings = settings
        self.editions: list[Edition] = []
        self._site_url = ""
        language = settings.language
        for edition in settings.built_editions()[1:]:
            texts = edition_texts(edition, language)
            edition_settings = settings
            if edition == "zh-Hant":
                _load_converter(root, settings)
                edition_settings = _traditional_settings(settings)
            self.editions.append(Edition(edition, EDITION_PATHS[edition], texts, edition_settings))
        for ed in self.editions:  # flowcharts with the edition's step names, drawn beside the catalogue's
            for entry in cat.entries:
                if not entry.item.steps:
                    continue
                name, steps = _flow(ed.edition, entry.item)
                if steps and flow_fits(steps):
                    key = f"{ed.edition}:{entry.key}"
                    drawing.add(key, flowchart_dot(steps, title=name))
                    ed.flowchart_keys[entry.key] = key
        self._theme: dict | None = None
        self._shell_of = {ed.shells()[d]: (ed, d) for ed in self.editions for d in (1, 2, 3)}

    # --- MkDocs: shells ---------------------------------------------------
    def shell_files(self) -> list[str]:
        """Source paths of the shell pages MkDocs is to render (Markdown: shell.MARKDOWN)."""
        return list(self._shell_of)

    def shell_urls(self) -> set[str]:
        """Their URLs, kept out of the menu (``plugin.on_nav``)."""
        return {path[:-len("index.md")] for path in self._shell_of}

    def page_context(self, page, config) -> None:
        """Before the theme renders an edition's shell: its theme language and texts."""
        found = self._shell_of.get(page.file.src_uri)
        if found is None:
            return
        ed = found[0]
        extra = config.extra
        self._theme = {"language": config.theme["language"], "texts": extra.get("catalogue_texts"),
                       "ui": extra.get("catalogue_search_ui"), "switch": extra.get("catalogue_editions")}
        config.theme["language"] = THEME_LANGUAGE[ed.edition]
        extra["catalogue_texts"] = {**(extra.get("catalogue_texts") or {}), **ed.texts["page"]}
        extra["catalogue_search_ui"] = ed.texts["search"]["ui"]
        extra["catalogue_editions"] = {**extra["catalogue_editions"], "current_path": ed.path}

    def post_page(self, config) -> None:
        """After it: the catalogue's own again."""
        if self._theme is None:
            return
        config.theme["language"] = self._theme["language"]
        config.extra["catalogue_texts"] = self._theme["texts"]
        config.extra["catalogue_search_ui"] = self._theme["ui"]
        config.extra["catalogue_editions"] = self._theme["switch"]
        self._theme = None

    # --- after the build --------------------------------------------------
    def render(self, flowcharts: dict[str, str], site_url: str, pages: list[str], switch: dict) -> None:
        """Each edition's flowchart names (*flowcharts*: the drawing's names,
        keys as given to it) and the editions' *site_url*, for the renderers
        :meth:`write` makes; *switch* (``config.extra.catalogue_editions``) learns the
        URLs of the pages every edition has (*pages*: the catalogue's, without
        the item pages, which the shells stand for: ``all/index.md``...)."""
        switch["pages"] = {p[:-len("index.md")] for p in pages} | {
            shell.SHELL_DIR + "/", "_shell/"}
        self._site_url = site_url
        for ed in self.editions:  # each edition's renderer is made in write, from its converted catalogue
            ed.flowcharts = {key: flowcharts[k] for key, k in ed.flowchart_keys.items() if k in flowcharts}

    def flowchart_names(self, flowcharts: dict[str, str]) -> list[str]:
        """The SVG file names the editions' pages link (published beside the catalogue's)."""
        return sorted({flowcharts[k] for ed in self.editions for k in ed.flowchart_keys.values() if k in flowcharts})

    def write(self, site: Path, fallback: str, parallel: bool = True) -> list[str]:
        """Every edition page into *site* from the edition's shells (removed
        afterwards), each edition's search index and search scripts; returns
        the folders written (for the sitemap).  *parallel*: item pages on
        every core (``site/parallel.py``; not while serving).  One edition at
        a time: its catalogue converted, its pages written, then it and its
        renderer let go (collected before the next is converted, so the next
        edition's forked page writers do not inherit it).  Raises OSError
        when the site cannot be written."""
        folders: list[str] = []
        for ed in self.editions:
            folders += self._write_edition(site, ed, fallback, parallel)
            give_back()  # the renderer's Jinja globals refer back to it: a cycle; its memory returned
        return folders

    def converted(self, ed: Edition) -> Catalogue:
        """The catalogue in *ed*'s texts (zh-Hant: traditional characters,
        keys, codes and ids kept; en: each item's usable English texts)."""
        if ed.edition == "zh-Hant":
            return _CONVERTER.catalogue(self.cat)
        return dataclasses.replace(self.cat, entries=[e if e.item.en is None else
                                                      dataclasses.replace(e, item=english_item(e.item))
                                                      for e in self.cat.entries])

    def _write_edition(self, site: Path, ed: Edition, fallback: str, parallel: bool) -> list[str]:
        folders: list[str] = []
        cat = self.converted(ed)
        described = _convert(fallback) if ed.edition == "zh-Hant" else fallback
        with use_edition(ed.texts):
            renderer = Renderer(cat, ed.settings, ed.flowcharts,
                                f"{self._site_url.rstrip('/')}/{ed.path.rstrip('/')}")
            pages = [*renderer.pages(), *renderer.retired_pages()]
            own = {p.path[:-len("index.md")]: p.title for p in pages if p.path.count("/") <= 1}
            shells = {d: self._shell(site, ed, d, own) for d in (1, 2, 3)}
            folders_own = {p.path[:-len("/index.md")] if "/" in p.path else "" for p in pages}
            folders_own |= {f"items/{e.key}" for e in cat.entries}
            for page in pages:
                folders.append(self._write(site, ed, shells, page, described, folders_own))
            del pages
            entries = cat.entries

            def write_items(part: slice) -> None:  # forked workers inherit use_edition's texts
                for entry in entries[part]:
                    self._write(site, ed, shells, renderer.item(entry), described, folders_own)
                if part.stop == len(entries):  # the last share's worker: the search index too (below)
                    search.write_index(site / ed.path, search.build_index(cat, ed.settings))

            # The search index is built by the worker of the last share of the
            # pages: its dictionaries and caches (jieba, pypinyin, the thesaurus,
            # the terms of every text: 0.2-0.4 GB at 20,000 items) then end with
            # that worker instead of staying in this process for the rest of the
            # build (docs/performance.md, "Three editions at 20,369 items").
            if parallel:
                in_parallel(write_items, len(entries))
            else:
                write_items(slice(0, len(entries)))
            folders += [f"{ed.path}items/{e.key}" for e in entries]
        scripts = site / ed.path / "assets" / "search"
        scripts.mkdir(parents=True, exist_ok=True)
        for script in sorted((site / "assets" / "search").glob("*.js")):  # the worker reads the index
            shutil.copyfile(script, scripts / script.name)  # beside its site root: all its scripts there
        for d in (2, 3):
            shutil.rmtree(site / ed.shells()[d].rsplit("/", 1)[0], ignore_errors=True)
        return folders

    def _shell(self, site: Path, ed: Edition, depth: int, own: dict[str, str]) -> shell.Shell:
        text = (site / ed.shells()[depth].replace("index.md", "index.html")).read_text(encoding="utf-8")
        text = _local_nav(text, ed, depth, own)
        text = re.sub(r'\s*<link rel="(?:prev|next)" href="[^"]*">', "", text)  # shells are in no sequence
        if ed.edition == "zh-Hant":  # the switch names each edition in its own characters; filing numbers as written
            parts = re.split(r'(<nav class="osc-editions".*?</nav>|<p class="osc-filing">.*?</p>)', text, flags=re.S)
            text = "".join(p if p.startswith(('<nav class="osc-editions"', '<p class="osc-filing"')) else _convert(p)
                           for p in parts)
        elif ed.edition == "en":  # Chinese in the menu marked; the title in the page too (_fill)
            body = text.find("<body")
            text = text[:body] + mark_chinese(text[body:]).replace(shell.TITLE, _MARKED_TITLE)
        return shell.Shell.parse(text)

    def _write(self, site: Path, ed: Edition, shells: dict, page: Page, fallback: str, own: set[str]) -> str:
        folder = page.path.rsplit("/", 1)[0] if "/" in page.path else ""
        depth = page.path.count("/") + 1
        body = root_links(page.body, folder, own)
        if ed.edition == "en":
            body = mark_chinese(body)
        # (zh-Hant: titles and descriptions come from the converted catalogue and texts.)
        text = _fill(shells[depth], depth, folder, page.title, page.description or fallback, body)
        target = site / ed.path / folder / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return f"{ed.path}{folder}".rstrip("/")


def sitemap(site: Path, editions: Editions, folders: list[str]) -> None:
    """The editions' shells in MkDocs' sitemap replaced by their pages (*folders*)."""
    path = site / "sitemap.xml"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    entry = None
    for ed in editions.editions:
        for d in (2, 3):
            shell_url = ed.shells()[d][:-len("index.md")]
            match = re.search(r"[ \t]*<url>\s*<loc>[^<]*" + re.escape(shell_url) + r"</loc>.*?</url>\n?", text, re.S)
            if match is not None:
                entry = entry or match.group(0).replace(shell_url, "OSC-EDITION-PAGE/")
                text = text[:match.start()] + text[match.end():]
    if entry is None:
        return
    own_home = {ed.path.rstrip("/") for ed in editions.editions}
    added = "".join(entry.replace("OSC-EDITION-PAGE/", f"{f}/") for f in folders if f not in own_home)
    text = text.replace("</urlset>", added + "</urlset>", 1)
    _write_sitemap(site, text)


def _write_sitemap(site: Path, text: str) -> None:
    import gzip
    import os
    import time
    (site / "sitemap.xml").write_text(text, encoding="utf-8")
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))  # as MkDocs' own sitemap.xml.gz
    with open(site / "sitemap.xml.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=mtime) as gz:
        gz.write(text.encode("utf-8"))


def _fill(template: shell.Shell, depth: int, folder: str, title: str, description: str, body: str) -> str:
    """The shell of *depth* filled: its own folder (``_shell`` at depth 2,
    ``items/_shell`` at depth 3) replaced by *folder*; the title where the
    page shows it marked when Chinese (en: :data:`_MARKED_TITLE`)."""
    def marks(part: str) -> str:
        if _MARKED_TITLE in part:
            part = part.replace(_MARKED_TITLE, mark_chinese(html.escape(title)))
        if depth == 3:
            return part.replace(shell.TITLE, html.escape(title)).replace(
                shell.DESCRIPTION, html.escape(description[:150])).replace(shell.SHELL_DIR, folder)
        part = part.replace(shell.TITLE, html.escape(title)).replace(shell.DESCRIPTION, html.escape(description[:150]))
        return part.replace("_shell/", f"{folder}/") if depth == 2 else part
    return marks(template.head) + body + marks(template.tail)


def _local_nav(text: str, ed: Edition, depth: int, own: dict[str, str]) -> str:
    """The shell's links (the menu, the logo) to pages the edition has too
    (*own*: their folders and the edition's titles, e.g. ``{"all/": "All
    services"}``) pointed at the edition's, with the edition's titles in the menu."""
    up = "../" * depth
    text = re.sub(r'(<a href="' + re.escape(up) + r'([^"#?]*)"[^>]*class="md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">)'
                  r'([^<]*)(</span>)',
                  lambda m: m.group(1) + (html.escape(own[m.group(2)]) if m.group(2) in own else m.group(3)) + m.group(4),
                  text)

    def local(m: re.Match) -> str:
        target = "" if m.group(2) in (".", "./") else m.group(2)
        if target in own:
            return f'{m.group(1)}{up}{ed.path}{target}"'
        return m.group(0)
    return re.sub(r'(<a href=")' + re.escape(up) + r'([^"#?]*)"', local, text)


_CONVERTER = None


def _convert(text: str) -> str:
    global _CONVERTER
    if _CONVERTER is None:
        from generator.outputs.editions import Traditional
        _CONVERTER = Traditional()
    return _CONVERTER.text(text)


# Settings kept as written in the traditional edition: paths, and the filing
# numbers (official registrations: 京ICP备 stays 备).
_SETTINGS_KEPT = frozenset({"items_dir", "content_dir", "language", "editions", "base_catalogue", "filing"})


def _traditional_settings(settings: Settings) -> Settings:
    """The catalogue block's texts (region, publisher, home page examples,
    footer) in traditional characters; the settings as they are when the
    converted block would not validate (a text a rule checks)."""
    from pydantic import ValidationError

    try:
        return _CONVERTER.model(settings, _SETTINGS_KEPT)
    except ValidationError:
        return settings


def _load_converter(root: Path, settings: Settings) -> None:
    """The traditional converter with the content folder's protected terms
    (``outputs/editions.load_protected_terms``: raises ProblemsFound)."""
    global _CONVERTER
    from generator.outputs.editions import Traditional, load_protected_terms
    _CONVERTER = Traditional(load_protected_terms(root / settings.content_dir, root))


def _flow(edition: str, item) -> tuple[str, list | None]:
    """The item's name and steps in *edition*'s texts, as the converted
    catalogue of :meth:`Editions.converted` will have them."""
    if edition == "zh-Hant":
        return _CONVERTER.flow(item)
    if item.en is not None:
        item = english_item(item)
    return item.name, item.steps
