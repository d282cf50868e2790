"""The site's own search engine driven from a test page (tests/outputs/):
the call made in Chromium and the index files read back from a built site."""

from __future__ import annotations

import json
from pathlib import Path

# Runs in the page: the engine of theme/assets/search/engine.js on the site's index.
ENGINE = """([query, limit]) => new CatalogueSearch.Engine(new URL("search/catalogue/", location.href.split("find/")[0]).href)
  .search(query, {limit: limit})
  .then(found => ({total: found.total, codes: found.results.map(r => r.code), names: found.results.map(r => r.name),
                   kinds: found.results.map(r => r.kind), urls: found.results.map(r => r.url),
                   aliases: found.results.map(r => r.aliases)}))"""


def read_index(site: Path) -> tuple[dict, list]:
    """The index's meta.json and every document row, in order."""
    root = site / "search" / "catalogue"
    meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    rows: list = []
    for n in range(0, meta["documents"], meta["chunk"]):
        rows += json.loads((root / "d" / f"{n // meta['chunk']}.json").read_text(encoding="utf-8"))
    return meta, rows
