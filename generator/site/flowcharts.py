"""The build's flowcharts: drawn in the background while items are checked,
copied into the site when the pages are written.

Only flows within the check's limits are drawn (``rules.flow_fits``): a
larger one is refused by the check and its item held back, and its flow is
never handed to dot.  A graph dot fails on or does not finish in time stops
the build with a file:line message pointing at the item's ``steps:``, never
an internal error; a failure of an item that is held back anyway does not.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from generator.catalogue import Catalogue, Entry
from generator.checks.problems import Problem, ProblemsFound
from generator.checks.rules import flow_fits
from generator.messages import say, ui
from generator.outputs.flowchart import (BackgroundDrawing, FlowchartError, FlowchartRenderer,
                                         FlowchartTimeout, GraphvizNotFound, flowchart_dot)
from generator.sources.load import load_file

FOLDER = "flowcharts"  # in the site and under .cache/


def start(cache: Path) -> BackgroundDrawing:
    return BackgroundDrawing(FlowchartRenderer(cache))


def add(drawing: BackgroundDrawing, entry: Entry) -> None:
    """Start drawing the entry's flowchart, if it has one the build draws."""
    steps = entry.item.steps
    if steps and flow_fits(steps):
        drawing.add(entry.key, flowchart_dot(steps, title=entry.item.name))


def names(drawing: BackgroundDrawing) -> dict[str, str]:
    """Item key -> SVG file name (content hashes: known before drawing).
    Raises PluginError when Graphviz is missing (the name includes its version)."""
    try:
        return drawing.names()
    except GraphvizNotFound as exc:
        drawing.cancel()
        raise PluginError(str(exc)) from None


def finish(drawing: BackgroundDrawing, cat: Catalogue, names: dict[str, str], root: Path, site: Path) -> None:
    """Wait for the drawing, then copy the flowcharts of the published items
    (*names*: item key -> file name) into ``site/flowcharts``.

    Raises PluginError with one file:line message per item whose flowchart
    could not be drawn, or when Graphviz is missing."""
    try:
        failures = drawing.wait()
    except GraphvizNotFound as exc:
        raise PluginError(str(exc)) from None
    published = {e.key: e for e in cat.entries}
    located = [_problem(f, published[f.key], root) for f in failures if f.key in published]
    if located:
        labels = {"error": ui("error"), "warning": ui("warning"), "hint": ui("hint")}
        raise PluginError("\n".join(p.format_text(labels) for p in located))
    wanted = sorted({names[key] for key in published if key in names})
    try:
        drawing.renderer.publish(wanted, site / FOLDER)
    except FlowchartError as exc:  # a cache file changed during the build and its redraw failed
        raise PluginError(_problem(exc, published[exc.key], root).format_text(
            {"error": ui("error"), "warning": ui("warning"), "hint": ui("hint")})) from None


def _problem(failure: FlowchartError, entry: Entry, root: Path) -> Problem:
    """The failure as a message at the item's ``steps:`` key."""
    line, column = 1, 1
    try:
        line, column = load_file(root / entry.source, entry.source).position(("steps",), of_key=True)
    except (ProblemsFound, OSError):
        pass
    if isinstance(failure, FlowchartTimeout):
        message, hint = say("flowchart_timeout", seconds=f"{failure.seconds:g}")
    else:
        message, hint = say("flowchart_failed", detail=failure.detail[:300])
    return Problem(entry.source, line, column, message, hint, key="steps")
