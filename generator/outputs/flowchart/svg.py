"""Graphviz's SVG made small, accessible and reproducible (``postprocess_svg``),
and checked to be nothing but such a flowchart (``svg_problem``)."""

from __future__ import annotations

import re
from xml.parsers import expat
from collections.abc import Sequence
from typing import Optional

from .graph import DEFAULT_FONT_FALLBACK

_XML_DECL = re.compile(r"<\?xml[^>]*\?>\s*")
_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*")
_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
# The graph's group: id "graph0" for the first graph of a dot run, but
# "page0,1_graph0" for every later one of a batch.
_GRAPH_TITLE = re.compile(r'(<g (?:id="[^"]*" )?class="graph"[^>]*>\s*)<title>([^<]*)</title>\s*')
_INNER_TITLE = re.compile(r"<title>[^<]*</title>\s*")
_G_ID = re.compile(r'<g id="[^"]*" ')
_FONT_FAMILY = re.compile(r'font-family="([^"]*)"')


def _family_value(families: Sequence[str]) -> str:
    return ",".join(f if f in ("serif", "sans-serif", "monospace") else f"'{f}'" for f in families)


def postprocess_svg(svg: str, *, font_fallback: Sequence[str] = DEFAULT_FONT_FALLBACK) -> str:
    """Make Graphviz's SVG small and accessible: no XML declaration, DOCTYPE or
    comments; the graph's title moved to be the first child of <svg> with
    role="img"; per-node and per-edge titles (the generated ids n0, n1 ...)
    and element ids dropped (so several SVGs can be inlined in one page, and
    a graph of a batch gets the bytes it gets alone); the font family
    followed by fallbacks.  viewBox, width and height are kept."""
    svg = _XML_DECL.sub("", svg, count=1)
    svg = _DOCTYPE.sub("", svg, count=1)
    svg = _COMMENT.sub("", svg)
    title = ""
    m = _GRAPH_TITLE.search(svg)
    if m:
        title = m.group(2)
        svg = svg[: m.start()] + m.group(1) + svg[m.end():]
    svg = _INNER_TITLE.sub("", svg)
    if "url(#" not in svg and 'href="#' not in svg:
        svg = _G_ID.sub("<g ", svg)
    if "xlink:" not in svg.replace("xmlns:xlink", ""):
        svg = svg.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")

    def add_fallback(m: re.Match) -> str:
        first = m.group(1)
        rest = [f for f in font_fallback if f != first]
        return f'font-family="{_family_value([first, *rest])}"'

    root_attrs = ' role="img"'
    families = set(_FONT_FAMILY.findall(svg))
    if len(families) == 1:
        # One font for all texts: say it once on <svg>, where it is inherited.
        (family,) = families
        svg = svg.replace(f' font-family="{family}"', "")
        root_attrs += " " + add_fallback(re.match(r"(.*)", family))
    else:
        svg = _FONT_FAMILY.sub(add_fallback, svg)
    m = _SVG_OPEN.search(svg)
    if m:
        tag = m.group(0)
        new_tag = re.sub(r"\s+", " ", tag[:-1]) + root_attrs + ">"
        if title:
            new_tag += f"<title>{title}</title>"
        svg = svg[: m.start()] + new_tag + svg[m.end():]
    return svg.strip() + "\n"


_SVG = "{http://www.w3.org/2000/svg}"

#: Every element a flowchart has (Graphviz's SVG output of the DOT that
#: ``graph.flowchart_dot`` writes, after ``draw.postprocess_svg``).
ALLOWED_ELEMENTS = frozenset(_SVG + t for t in (
    "svg", "title", "g", "path", "polygon", "polyline", "ellipse", "text"))

#: Every attribute those elements have: presentation and geometry only, so
#: no ``on*`` handler, no ``href``/``xlink:href``, no ``style`` and no ``id``.
ALLOWED_ATTRIBUTES = frozenset((
    "width", "height", "viewBox", "role", "font-family", "font-size", "font-weight", "font-style",
    "transform", "class", "fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity",
    "fill-opacity", "points", "d", "cx", "cy", "rx", "ry", "x", "y", "text-anchor",
))

# A value that could load something or run something, whatever attribute it is in.
_ACTIVE_VALUE = re.compile(r"url\s*\(|javascript\s*:|data\s*:|expression\s*\(", re.I)
_ACTIVE_WORDS = ("url", "javascript", "data", "expression")


# Every construct that can run or load something in an SVG needs one of these:
# <script>, an on* handler, href/xlink:href (links, <use>, <image>, and an
# <animate>/<set> that changes an href), url(...) in a presentation attribute,
# CSS (<style>, style=), HTML inside <foreignObject>, a DTD or a processing
# instruction (<?xml-stylesheet?>).  A flowchart has none of them.
_ALARMS = (b"<!", b"<?", b"script", b"href", b"url", b"style", b"foreign", b"handler",
           b" on", b"\ton", b"\non", b"\ron")
# A character reference inside an attribute value (fill="&#117;rl(...)")
# would spell a word the screen does not see.
_VALUE_CHAR_REF = re.compile(rb'="[^"]*&#')


def looks_plain(data: bytes) -> bool:
    """A fast screen (~0.06 ms for a 6 KB flowchart; ``svg_problem`` ~0.11 ms): True when
    *data* starts and ends as the renderer's SVG and has none of the words
    any active or loading construct needs.  False means "check fully", not
    "refuse": a label may well contain such a word."""
    low = data.lower()  # bytes: only ASCII letters change, which is all the words are
    return (low.startswith(b"<svg ") and low.endswith(b"</svg>\n")
            and not any(alarm in low for alarm in _ALARMS)
            and _VALUE_CHAR_REF.search(low) is None)


def svg_problem(data: bytes) -> Optional[str]:
    """None when *data* is a flowchart SVG as the renderer writes it,
    otherwise what is wrong (English, for logs and tests).

    Refused: bytes that are not UTF-8; any ``<!`` or ``<?`` markup (DOCTYPE,
    entity declarations, comments, CDATA, processing instructions: the
    renderer strips them all, and without a DTD no entity can expand); XML
    that is not well-formed; a root other than ``<svg>``; an element or
    attribute outside ``ALLOWED_ELEMENTS``/``ALLOWED_ATTRIBUTES`` (so no
    ``<script>``, ``<a>``, ``<image>``, ``<foreignObject>``, ``on*``, ``href``);
    an attribute value with ``url(``, ``javascript:``, ``data:``.

    One pass of expat (the parser ElementTree uses) with a handler for each
    start tag, no tree built: ~0.11 ms for a 6 KB flowchart instead of
    ~0.14 ms with ``ElementTree.fromstring`` and a walk over the tree
    (docs/performance.md, "Flowchart CPU").  Names are those ElementTree
    gives (``{namespace}name``); namespace declarations are not attributes."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    if not text.startswith("<svg ") or not text.endswith("</svg>\n"):
        return "does not start with <svg and end with </svg>"
    if b"<!" in data or b"<?" in data:
        return "has a DOCTYPE, comment, CDATA section or processing instruction"
    # Values are searched only when the text has such a word, or a character
    # reference in a value, at all (a label may; the attributes a flowchart
    # has never do).
    lower = data.lower()  # bytes: only ASCII letters change, which is all the words are
    suspicious = any(word in lower for word in _ACTIVE_WORDS_B) or _VALUE_CHAR_REF.search(data) is not None
    parser = expat.ParserCreate(namespace_separator="}")

    def element(name: str, attrib: dict[str, str]) -> None:
        if name not in _ALLOWED_EXPAT or not ALLOWED_ATTRIBUTES.issuperset(attrib):
            if name not in _ALLOWED_EXPAT:
                raise _Refused(f"element {_et_name(name)} not allowed")
            bad = sorted(_et_name(a) for a in set(attrib) - ALLOWED_ATTRIBUTES)[0]
            raise _Refused(f"attribute {bad} on {_et_name(name)} not allowed")
        if suspicious:
            for key, value in attrib.items():
                if _ACTIVE_VALUE.search(value):
                    raise _Refused(f"attribute {key}={value!r} refers to something outside")

    def root(name: str, attrib: dict[str, str]) -> None:
        if name != _SVG_ROOT:
            raise _Refused(f"root element is {_et_name(name)}")
        parser.StartElementHandler = element
        element(name, attrib)

    parser.StartElementHandler = root
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        return str(exc)
    except expat.ExpatError as exc:
        return f"not well-formed XML: {exc}"
    return None


class _Refused(Exception):
    """What ``svg_problem`` found, raised from expat's handler to stop the parse."""


# expat names an element or attribute in a namespace "<namespace>}<name>"
# (namespace_separator "}"), ElementTree "{<namespace>}<name>".
_SVG_ROOT = _SVG[1:] + "svg"
_ALLOWED_EXPAT = frozenset(name[1:] for name in ALLOWED_ELEMENTS)
_ACTIVE_WORDS_B = tuple(word.encode("ascii") for word in _ACTIVE_WORDS)


def _et_name(name: str) -> str:
    return "{" + name if "}" in name else name
