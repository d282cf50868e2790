"""The files a build writes beside its pages, after MkDocs: the search index
(outputs/search.py), the departments' CSV work lists next to the
data-quality page (outputs/quality.py) and the open-data downloads
(outputs/opendata) and the holiday calendar of "现在开放吗"
(outputs/opening).  ``plugin.py`` calls ``write_all`` once per build; while
serving, in the background.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.outputs import search
from generator.outputs.render import QUALITY_PAGE, Renderer


def write_all(site: Path, renderer: Renderer) -> None:
    """Every side file of the catalogue ``renderer`` rendered, into ``site``.
    Raises OSError when a file cannot be written."""
    write_search_index(site, renderer)
    write_worklists(site, renderer)
    write_open_data(site, renderer)
    from generator.outputs import opening
    opening.write_calendar(site)  # the holiday calendar "现在开放吗" reads


def write_open_data(site: Path, renderer: Renderer) -> None:
    """The open-data downloads next to their page (outputs/opendata)."""
    from generator.outputs import opendata
    opendata.write_all(renderer.open_data, site / opendata.FOLDER)


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
    # Material's search box stays (look, keyboard, translations) but its
    # worker is ours (theme/main.html): its lunr index would be one
    # download of every page, so only its configuration is kept.
    lunr = site / "search" / "search_index.json"
    if lunr.exists():
        data = json.loads(lunr.read_text(encoding="utf-8"))
        lunr.write_text(json.dumps({"config": data.get("config", {}), "docs": []}), encoding="utf-8")
