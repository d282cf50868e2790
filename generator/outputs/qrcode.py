"""QR codes as small inline SVG, for printable pages (一次性告知单).

Made locally with segno: no network, and the same URL always gives the same
SVG.  The mask pattern is fixed: choosing the "best" of the eight masks is
80% of segno's time (2.7 ms instead of 0.55 ms a code, most of a 1,600-item
build), and any mask is a valid code that phone cameras read.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Optional

import segno

__all__ = ["qr_svg"]

MASK = 0


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
