"""QR codes as small inline SVG, for printable pages (一次性告知单).

Made locally with zxing-cpp (its writer is zint, in C++): no network, and the
same URL always gives the same SVG.  The mask pattern is fixed: scoring the
eight masks is 80% of zint's time (0.17 ms instead of 0.03 ms a code), and
any mask is a valid code that phone cameras read.  The matrix becomes one SVG
path here: 0.09 ms a code in all, a tenth of what segno (pure Python) took
(docs/performance.md).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Optional

import zxingcpp

__all__ = ["qr_svg"]

MASK = 0  # QR mask pattern 000
_LEVELS = {"l": "L", "m": "M", "q": "Q", "h": "H"}


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
    Characters outside ASCII are encoded as ISO 8859-1 or in Kanji mode when
    they all fit, else as UTF-8 bytes without ECI (what phone cameras read).
    Raises ValueError for an empty URL (or one too long for a QR code).
    """
    size, path = _drawing(url, error, border)
    return _svg(size, path, url if title is None else title, css_class)


def _svg(size: int, path: str, title: str, css_class: str = "qr") -> str:
    return (f'<svg role="img" shape-rendering="crispEdges" viewBox="0 0 {size} {size}" class="{css_class}">'
            f'<title>{html.escape(title)}</title><path stroke="#000" d="{path}"/></svg>')


# A row of zxing-cpp's image (one byte a module, 0 dark, 255 light) ends with
# b"\x01"; the path is cut into tokens that each give one piece of it.
_TOKEN = re.compile(rb"\xff*\x00+|\xff*\x01")


class _Pieces(dict):
    """token -> its piece of path data, for codes *n* modules wide; made at
    the first use of a token (a few hundred in all: lengths below *n*).  A
    run of light then dark modules is a relative move and a horizontal
    stroke ("m3 0h2", or "h7" at the row's start); a row's end moves back to
    the start of the next row ("m-33 1", the row's light end counted)."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def __missing__(self, token: bytes) -> str:
        if token[-1] == 1:
            piece = f"m{len(token) - 1 - self.n} 1"
        else:
            light = token.count(255)
            piece = f"m{light} 0h{len(token) - light}" if light else f"h{len(token)}"
        self[token] = piece
        return piece


_pieces: dict[int, _Pieces] = {}


# Small: the drawings of the last codes only (`make serve` re-renders an
# edited item).  Not kept between builds: drawing a code costs about what
# reading it back from a store did (docs/performance.md, "QR codes with
# zxing-cpp").
@lru_cache(maxsize=2048)
def _drawing(url: str, error: str = "m", border: int = 4) -> tuple[int, str]:
    """(size, path data): the viewBox's side in modules, quiet zone included,
    and the ``d`` of the one ``<path>`` (ASCII): one horizontal stroke through
    the middle of each run of dark modules, from the top left module's
    "M{border} {border}.5" on in relative moves.  Raises ValueError for an
    empty URL, one too long for a QR code or an unknown *error* level."""
    if not url:
        raise ValueError("qr_svg: empty URL")
    if error not in _LEVELS:
        raise ValueError(f"qr_svg: unknown error-correction level {error!r}")
    image = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level=_LEVELS[error], data_mask=MASK) \
        .to_image(scale=1, add_quiet_zones=False)
    n = image.shape[0]
    modules = bytes(image)
    pieces = _pieces.get(n)
    if pieces is None:
        pieces = _pieces[n] = _Pieces(n)
    rows = b"\x01".join([modules[start:start + n] for start in range(0, n * n, n)])
    return n + 2 * border, f"M{border} {border}.5" + "".join(map(pieces.__getitem__, _TOKEN.findall(rows)))
