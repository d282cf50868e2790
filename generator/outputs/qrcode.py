"""QR codes as small inline SVG, for printable pages (一次性告知单).

Made locally with segno: no network, and the same URL always gives the same
SVG.  The mask pattern is fixed: choosing the "best" of the eight masks is
80% of segno's time (2.7 ms instead of 0.55 ms a code, most of a 1,600-item
build), and any mask is a valid code that phone cameras read.
"""

from __future__ import annotations

import hashlib
import html
import os
from functools import lru_cache
from pathlib import Path
from typing import Optional

import segno

__all__ = ["qr_svg", "QrCache"]

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
    """QR codes kept between builds in ``folder`` (the catalogue's
    ``.cache/qr``), one file per code named by the hash of everything that
    draws it (URL, title, ``FORMAT``, segno's version): a build of 1,600
    items makes its codes in about 1.8 s of CPU, reads them back in a tenth
    of that (devtools/bench.py, warm build).  A file is written whole or not
    at all (renamed into place), so a killed build leaves no broken code;
    a folder that cannot be written only means the codes are made again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def svg(self, url: str, *, title: Optional[str] = None) -> str:
        """``qr_svg(url, title=title)``, from the cache when it holds it."""
        key = hashlib.sha256(f"{FORMAT}\0{segno.__version__}\0{url}\0{title}".encode()).hexdigest()
        path = self.folder / f"{key}.svg"
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
        svg = qr_svg(url, title=title)
        part = path.with_name(f".{key}.{os.getpid()}.part")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            part.write_text(svg, encoding="utf-8")
            os.replace(part, path)
        except OSError:
            try:
                part.unlink(missing_ok=True)
            except OSError:
                pass
        return svg
