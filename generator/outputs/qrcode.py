"""QR codes as small inline SVG, for printable pages (一次性告知单).

Made locally with segno: no network, and the same URL always gives the same
SVG.  The mask pattern is fixed: choosing the "best" of the eight masks is
80% of segno's time (2.7 ms instead of 0.55 ms a code, most of a 1,600-item
build), and any mask is a valid code that phone cameras read.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import time
from functools import lru_cache
from pathlib import Path
from typing import Optional

import segno

__all__ = ["qr_svg", "QrCache", "keep_part"]

MASK = 0
FORMAT = "1"  # of the SVG qr_svg writes: changing the drawing below means a new FORMAT


@lru_cache(maxsize=50_000)  # mkdocs serve rebuilds: an item's code is made once
def qr_svg(
    url: str,
    *,
    title: Optional[str] = None,
    error: str = "m",
    border: int = 4,
    css_class: str = "qr",
) -> str:
    """An inline ``<svg>`` element holding the QR code of *url*.

    One ``<path>`` draws the dark modules on a viewBox of one unit per module,
    so the code scales to any size without blurring; it has no width or
    height: size it with CSS (e.g. ``.qr { width: 3cm }`` on the print page).
    *border* is the quiet zone in modules (4 is what the standard asks for and
    what phone cameras read best).  *error* is the error-correction level
    (l, m, q, h).  *title* (default: the URL) becomes the <title>, escaped;
    the SVG has role="img" so screen readers announce it.  There is no XML
    declaration and no xmlns: the string is meant to be put into HTML.
    """
    if not url:
        raise ValueError("qr_svg: empty URL")
    code = segno.make(url, error=error, micro=False, boost_error=False, mask=MASK)
    size = len(code.matrix) + 2 * border
    # One horizontal stroke per run of dark modules, through the middle of the
    # row (a quarter of segno's own writer's time).
    runs = []
    for y, row in enumerate(code.matrix):
        x, width = 0, len(row)
        while x < width:
            if row[x]:
                start = x
                while x < width and row[x]:
                    x += 1
                runs.append(f"M{start + border} {y + border}.5h{x - start}")
            else:
                x += 1
    name = html.escape(url if title is None else title)
    return (f'<svg role="img" shape-rendering="crispEdges" viewBox="0 0 {size} {size}" class="{css_class}">'
            f'<title>{name}</title><path stroke="#000" d="{"".join(runs)}"/></svg>')


class QrCache:
    """QR codes kept between builds in one file, ``folder/codes.json`` (the
    catalogue's ``.cache/qr``): key -> SVG, the key the hash of everything
    that draws a code (URL, title, ``FORMAT``, segno's version).  A build of
    1,600 items makes its codes in about 1.8 s of CPU and reads them back in
    a few milliseconds.  One file, not one per code: on the build machine
    every file created costs 0.05 to 0.8 ms of system time
    (docs/performance.md), 1,600 of them more than the codes cost to read.

    ``svg`` records each code it gives.  Pages are written by forked
    processes (site/parallel.py): each calls ``keep_part`` when its share is
    written, leaving its codes in ``part-<pid>-<time>.json``; ``save``, in the
    process that made the cache, merges its own and those parts into
    ``codes.json`` (only the codes this build used, so the file never grows
    with old URLs) and removes the parts.  Files are written whole or not at
    all (renamed into place); an unreadable, malformed or altered file only
    means the codes are made again: a kept code is used only when it has
    exactly the shape ``qr_svg`` writes (``_SHAPE``: no other element or
    attribute can reach a page).  A folder that cannot be written only means
    the codes are made again next time.  ``shared`` gives the one cache of a
    folder in this process (the catalogue's pages and its editions')."""

    FILE = "codes.json"
    _shared: dict[str, "QrCache"] = {}

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.owner = os.getpid()
        self._kept: Optional[dict[str, str]] = None  # codes.json, read at the first code asked for
        self._used: dict[str, str] = {}  # key -> SVG of every code given since the last save
        self.made = 0  # codes made (not found kept) in this process

    @classmethod
    def shared(cls, folder: Path) -> "QrCache":
        """The one ``QrCache`` of *folder* in this process (in a forked page
        writer: its parent's, whose ``save`` collects the writer's part)."""
        found = cls._shared.get(str(folder))
        if found is None:
            found = cls._shared[str(folder)] = cls(folder)
        return found

    def svg(self, url: str, *, title: Optional[str] = None) -> str:
        """``qr_svg(url, title=title)``, from the cache when it holds it."""
        key = hashlib.sha256(f"{FORMAT}\0{segno.__version__}\0{url}\0{title}".encode()).hexdigest()
        svg = self._used.get(key)
        if svg is None:
            if self._kept is None:
                self._kept = self._read(self.folder / self.FILE)
            svg = self._kept.get(key)
            if svg is None:
                svg = qr_svg(url, title=title)
                self.made += 1
            self._used[key] = svg
        return svg

    def keep_part(self) -> None:
        """In a forked page writer: leave the codes it gave for ``save``."""
        if os.getpid() != self.owner and self._used:
            self._write(self.folder / f"part-{os.getpid()}-{time.time_ns()}.json", self._used)

    def save(self, prune: bool = True) -> None:
        """In the cache's own process, after every page is written: this
        build's codes (its own and the parts') into ``codes.json``; without
        *prune* (``make serve``, which renders only the pages an edit
        changed) added to the codes kept."""
        if os.getpid() != self.owner:
            return
        if not prune and self._kept is None:
            self._kept = self._read(self.folder / self.FILE)
        used = dict(self._used) if prune else {**self._kept, **self._used}
        try:
            parts = sorted(self.folder.glob("part-*.json"))
        except OSError:
            parts = []
        for part in parts:
            used.update(self._read(part))
            try:
                part.unlink()
            except OSError:
                pass
        self._used = {}
        if not used:
            return
        if self._kept is None or set(used) != set(self._kept):
            self._write(self.folder / self.FILE, used)
        self._kept = used

    @staticmethod
    def _read(path: Path) -> dict[str, str]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str) and _SHAPE.fullmatch(v)}

    def _write(self, path: Path, codes: dict[str, str]) -> None:
        part = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(part, "w", encoding="utf-8") as out:  # streamed: 20,000 codes are 70 MB of text
                json.dump(codes, out, sort_keys=True, ensure_ascii=False)
            os.replace(part, path)
        except OSError:
            try:
                part.unlink(missing_ok=True)
            except OSError:
                pass


# Exactly what qr_svg writes with the default error level, border and class:
# a title of escaped text (no "<", no quote) and one path of moves and runs.
_SHAPE = re.compile(r'<svg role="img" shape-rendering="crispEdges" viewBox="0 0 \d+ \d+" class="qr">'
                    r'<title>[^<>"]*</title><path stroke="#000" d="[Mh0-9. ]*"/></svg>')


def keep_part(qr) -> None:
    """``QrCache.keep_part`` of the cache whose ``svg`` *qr* is (a renderer's
    ``qr``); nothing for ``qr_svg`` itself."""
    cache = getattr(qr, "__self__", None)
    if isinstance(cache, QrCache):
        cache.keep_part()
