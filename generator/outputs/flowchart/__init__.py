"""Flowcharts of an item's steps (see ``graph`` for how a flow is read and
drawn as DOT, ``draw`` for the batched, cached SVG renderer)."""

from .draw import (BackgroundDrawing, FlowchartError, FlowchartRenderer, GraphvizNotFound,
                   postprocess_svg)
from .graph import (DEFAULT_FONT, DEFAULT_FONT_FALLBACK, FlowLabels, flowchart_alt, flowchart_dot,
                    successors, wrap_text)

__all__ = [
    "BackgroundDrawing",
    "DEFAULT_FONT",
    "DEFAULT_FONT_FALLBACK",
    "FlowLabels",
    "FlowchartError",
    "FlowchartRenderer",
    "GraphvizNotFound",
    "flowchart_alt",
    "flowchart_dot",
    "postprocess_svg",
    "successors",
    "wrap_text",
]
