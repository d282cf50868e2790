"""QR codes as small inline SVG, for printable pages (一次性告知单).

Made locally with segno: no network, and the same URL always gives the same
SVG.  The mask pattern is fixed: choosing the "best" of the eight masks is
80% of segno's time (2.7 ms instead of 0.55 ms a code, most of a 1,600-item
build), and any mask is a valid code that phone cameras read.
"""

from __future__ import annotations

from typing import Optional

import segno

__all__ = ["qr_svg"]

MASK = 0


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
    (l, m, q, h).  *title* (default: the URL) becomes the <title>, escaped by
    segno; the SVG has role="img" so screen readers announce it.  There is no
    XML declaration and no xmlns: the string is meant to be put into HTML.
    """
    if not url:
        raise ValueError("qr_svg: empty URL")
    code = segno.make(url, error=error, micro=False, boost_error=False, mask=MASK)
    svg = code.svg_inline(
        scale=1, border=border, omitsize=True, title=url if title is None else title,
        svgclass=css_class, lineclass=None, dark="#000",
    )
    # Crisp module edges when scaled; role="img" for assistive technology.
    return svg.replace("<svg ", '<svg role="img" shape-rendering="crispEdges" ', 1)
