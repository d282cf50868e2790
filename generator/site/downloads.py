"""The files a build writes beside its pages, after MkDocs: the search index
(outputs/search.py), the departments' CSV work lists next to the
data-quality page (outputs/quality.py) and the open-data downloads
(outputs/opendata) and the holiday calendar of "现在开放吗"
(outputs/opening).  ``plugin.py`` calls ``write_all`` once per build; while
serving, in the background.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from generator.outputs import search
from generator.outputs.render import QUALITY_PAGE, Renderer
from generator.site import compress
from generator.site.parallel import Alongside


def write_all(site: Path, renderer: Renderer) -> None:
    """Every side file of the catalogue ``renderer`` rendered, into ``site``.
    Raises OSError when a file cannot be written."""
    write_search_index(site, renderer)
    write_worklists(site, renderer)
    write_open_data(site, renderer)
    from generator.outputs import opening
    opening.write_calendar(site)  # the holiday calendar "现在开放吗" reads


def start(site: Path, renderer: Renderer, cache: Path | None = None, inputs: str | None = None) -> Alongside:
    """``make build``: the search index, the open data and the calendar
    written by a forked process while this one writes the pages (seconds
    at 1,600 items, on the other core: devtools/bench.py); ``finish`` waits
    for it.  ``make build`` starts it as soon as the catalogue is validated
    and *renderer* made (``plugin.on_files``: at 20,000 items this process
    then holds 0.68 GB, 0.9 GB once the other pages are rendered, and the
    search index's process, the build's peak, is its parent's memory at the
    fork plus the index's), so it works on the other core while this one
    renders the index pages (MkDocs has cleaned the site folder before
    ``on_files``).  Held back until the item pages were written, as before
    2026-11-30, a cold 1,603-item build took 7.09-7.37 s instead of
    6.43-6.68 s (3 alternating pairs on the quiet 2-core machine,
    docs/performance.md).  Their inputs are the catalogue as validated,
    nothing a later step of the build changes (the flowcharts dot did not
    finish change only the pages and the work lists, which ``finish``
    writes; Material's lunr index, written after the pages, is emptied by
    ``finish``).

    With ``cache`` (a folder) and ``inputs`` (the build's input fingerprint,
    ``write.fingerprint``: every file, the code and the libraries it reads),
    the search index and the open data of those inputs are kept in
    ``cache/<inputs>-<precompress>/``, with the compressed copies the
    catalogue's ``precompress`` setting asks for (site/compress.py; the
    setting is part of the entry's name, so a changed setting never links
    copies of the other kinds), and a later build of the same inputs
    (``build --force``) links them into its site instead of computing them
    again."""
    from generator.outputs import opendata, opening, search_docs  # noqa: F401 - imported before the fork
    import xlsxwriter  # noqa: F401

    def job() -> None:
        if cache is None or not inputs:
            _search_then_open_data(site, renderer, lunr=False)
        else:
            _from_cache(site, renderer, cache, inputs)
        opening.write_calendar(site)

    return Alongside(job)


def finish(pending: Alongside | None, site: Path, renderer: Renderer) -> None:
    """Wait for ``start``'s process (raising what it raised: OSError when a
    file cannot be written) and write the work lists; without one
    (``None``), write everything here."""
    if pending is None:
        write_all(site, renderer)
        return
    pending.join()
    empty_lunr(site)
    write_worklists(site, renderer)


def _search_then_open_data(site: Path, renderer: Renderer, lunr: bool = True) -> None:
    """The search index, in a process of its own, beside the open data made
    here (one after the other, the open data alone kept one core waiting at
    the end of a 1,603-item build for about 2 s: docs/performance.md).  At
    20,000 items the index's process grows by about 0.65 GB over the memory
    it was forked with, this one by about 0.3 GB: each stays under 1.5 GB,
    together they hold more than either did one after the other.  ``lunr``:
    empty Material's index too (in a site, not a cache entry)."""
    def index() -> None:
        search.write_index(site, search.build_index(renderer.cat, renderer.settings))
        if lunr:
            empty_lunr(site)

    searching = Alongside(index)
    try:
        write_open_data(site, renderer)
    except BaseException:
        searching.cancel()
        raise
    searching.join()


_DONE = ".complete"  # written last into a cache entry: an entry without it is not used


def cache_entry(cache: Path, inputs: str, kinds: list[str]) -> Path:
    """The folder of ``cache`` holding the downloads of ``inputs`` (a
    fingerprint) with the copies *kinds* (``precompress``) asks for, e.g.
    ``cache/<inputs>-gzip``, ``cache/<inputs>-gzip-brotli``, ``cache/<inputs>-none``."""
    return cache / f"{inputs}-{'-'.join(k for k in compress.KINDS if k in kinds) or 'none'}"


def _from_cache(site: Path, renderer: Renderer, cache: Path, inputs: str) -> None:
    """The search index and open data of ``inputs`` into ``site``: made (and
    kept) on the first build of these inputs, linked from the cache after."""
    kinds = list(renderer.settings.precompress)
    entry = cache_entry(cache, inputs, kinds)
    if not (entry / _DONE).is_file():
        cache.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=".new-", dir=cache))
        try:
            _search_then_open_data(fresh, renderer, lunr=False)
            compress.write_all(fresh, kinds=kinds)  # their copies, linked with them (none made in the site)
            (fresh / _DONE).write_text(inputs, encoding="utf-8")
            for old in cache.iterdir():  # only the newest inputs are kept
                if old != fresh:
                    shutil.rmtree(old, ignore_errors=True)
            fresh.rename(entry)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
    for folder, _dirs, names in os.walk(entry):
        here = Path(folder)
        target_dir = site / here.relative_to(entry)
        target_dir.mkdir(parents=True, exist_ok=True)
        for name in names:
            if name != _DONE:
                _link(here / name, target_dir / name)


def _link(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (no bytes copied; the site is
    replaced whole by the next build, never edited in place), a copy where
    the file system has no links or the site is on another one."""
    try:
        os.link(source, target)
    except FileExistsError:
        target.unlink()
        _link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def write_open_data(site: Path, renderer: Renderer) -> None:
    """The open-data downloads next to their page (outputs/opendata); the
    renderer's context when its pages are made, else the same one made here."""
    from generator.outputs import opendata
    context = getattr(renderer, "open_data", None) or opendata.Context(renderer.cat, renderer.settings,
                                                                       renderer.site_url)
    opendata.write_all(context, site / opendata.FOLDER)


def write_worklists(site: Path, renderer: Renderer) -> None:
    """The departments' CSV work lists next to the data-quality page."""
    from generator.outputs import quality
    folder = site / QUALITY_PAGE
    folder.mkdir(parents=True, exist_ok=True)
    report = renderer.quality
    for dq in report.departments:
        (folder / quality.worklist_name(dq)).write_text(
            quality.worklist_csv(dq, report.review_days), encoding="utf-8", newline="")


def write_search_index(site: Path, renderer: Renderer) -> None:
    """The catalogue's own search index; Material's lunr index is emptied."""
    search.write_index(site, search.build_index(renderer.cat, renderer.settings))
    empty_lunr(site)


def empty_lunr(site: Path) -> None:
    """Material's lunr index without its documents (its configuration stays)."""
    # Material's search box stays (look, keyboard, translations) but its
    # worker is ours (theme/main.html): its lunr index would be one
    # download of every page, so only its configuration is kept.
    lunr = site / "search" / "search_index.json"
    if lunr.exists():
        data = json.loads(lunr.read_text(encoding="utf-8"))
        lunr.write_text(json.dumps({"config": data.get("config", {}), "docs": []}), encoding="utf-8")
