"""Flowcharts of an item's steps (see ``graph`` for how a flow is read and
drawn as DOT, ``draw`` for the batched, cached SVG renderer, ``svg`` and
``cache`` for what is kept and how it is checked)."""

from .background import BackgroundDrawing
from .draw import FlowchartError, FlowchartRenderer, FlowchartTimeout, GraphvizNotFound
from .svg import postprocess_svg, svg_problem
from .graph import (DEFAULT_FONT, DEFAULT_FONT_FALLBACK, FlowLabels, flowchart_alt, flowchart_dot,
                    successors, wrap_text)

__all__ = [
    "BackgroundDrawing",
    "DEFAULT_FONT",
    "DEFAULT_FONT_FALLBACK",
    "FlowLabels",
    "FlowchartError",
    "FlowchartRenderer",
    "FlowchartTimeout",
    "GraphvizNotFound",
    "flowchart_alt",
    "flowchart_dot",
    "postprocess_svg",
    "svg_problem",
    "successors",
    "wrap_text",
]
