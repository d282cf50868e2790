"""The build's flowcharts: drawn in the background while items are checked,
copied into the site when the pages are written.

Only flows within the check's limits are drawn (``rules.flow_fits``): a
larger one is refused by the check and its item held back, and its flow is
never handed to dot.  A graph dot does not finish in time does not stop the
build (one unpublishable part never stops everything else): its item is
published without the flowchart (the steps are still listed as text) and a
warning at the item's ``steps:`` is listed in the build output and on the
data-quality page (待整改).  A graph dot fails on (an error, not a timeout:
a fault of the generator or of Graphviz to be fixed, not a property of the
item) stops the build with a file:line message there; a failure of an item
that is held back anyway does not.  Never an internal error.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from generator.catalogue import Catalogue, Entry
from generator.checks.gaps import element_title
from generator.checks.problems import Problem, ProblemsFound
from generator.checks.rules import flow_fits
from generator.messages import say, ui
from generator.outputs.flowchart import (BackgroundDrawing, FlowchartError, FlowchartRenderer,
                                         FlowchartTimeout, GraphvizNotFound, flowchart_dot)
from generator.site import compress
from generator.sources.load import load_file

FOLDER = "flowcharts"  # in the site and under .cache/


def start(cache: Path, separate: bool = False) -> BackgroundDrawing:
    """The build's drawing, on a thread, or with ``separate`` (``make build``)
    in a forked process (outputs/flowchart/background.py)."""
    return BackgroundDrawing(FlowchartRenderer(cache), separate=separate)


def add(drawing: BackgroundDrawing, entry: Entry) -> None:
    """Start drawing the entry's flowchart, if it has one the build draws."""
    item = entry.item
    steps = item.steps
    if steps and flow_fits(steps):
        known = _dot.get(id(item))
        if known is None or known[0] is not item:
            known = _dot[id(item)] = (item, flowchart_dot(steps, title=item.name))
        drawing.add(entry.key, known[1])


# `mkdocs serve` rebuilds in the same process and an unchanged item file gives
# the same Item object (checks/validate.py): its DOT source is not built again.
# id -> (the item, kept so the id is not reused; its DOT source).
_dot: dict[int, tuple[object, str]] = {}


def names(drawing: BackgroundDrawing) -> dict[str, str]:
    """Item key -> SVG file name (content hashes: known before drawing).
    Raises PluginError when Graphviz is missing (the name includes its version)."""
    try:
        return drawing.names()
    except GraphvizNotFound as exc:
        drawing.cancel()
        raise PluginError(str(exc)) from None


def finish(drawing: BackgroundDrawing, cat: Catalogue, names: dict[str, str], root: Path,
           site: Path, compressed: bool = False, previous: Path | None = None, *,
           kinds: list[str]) -> dict[str, Problem]:
    """Wait for the drawing, then copy the flowcharts of the published items
    (*names*: item key -> file name) into ``site/flowcharts``; with
    *compressed* (``make build``) each with the copies *kinds* asks for
    (the ``precompress`` setting; those of *previous*, the site this build
    replaces, when it has the same file).

    Returns {item key: warning} for each published item whose flowchart dot
    did not finish in time; those keys (and any other key with the same
    graph) are removed from *names*, so their pages are to show no flowchart.
    Raises PluginError with one file:line message per item whose flowchart
    dot failed on, or when Graphviz is missing."""
    try:
        failures = drawing.wait()
    except GraphvizNotFound as exc:
        raise PluginError(str(exc)) from None
    published = {e.key: e for e in cat.entries}
    labels = {"error": ui("error"), "warning": ui("warning"), "hint": ui("hint")}
    located = [_problem(f, published[f.key], root) for f in failures
               if f.key in published and not isinstance(f, FlowchartTimeout)]
    if located:
        raise PluginError("\n".join(p.format_text(labels) for p in located))
    # Items with the same flow share one file: none of them gets it.
    timed_out = {names[f.key]: f for f in failures if isinstance(f, FlowchartTimeout) and f.key in names}
    late = {key: _problem(timed_out[name], published[key], root)
            for key, name in names.items() if name in timed_out and key in published}
    for key in [key for key, name in names.items() if name in timed_out]:
        del names[key]
    wanted = sorted({names[key] for key in published if key in names})
    try:
        old = previous / FOLDER if previous is not None else None
        drawing.renderer.publish(wanted, site / FOLDER, None if not compressed else
                                 lambda path, data: compress.write_file(path, data, old / path.name if old else None,
                                                                        kinds=kinds))
    except FlowchartError as exc:  # a cache file changed during the build and its redraw failed
        raise PluginError(_problem(exc, published[exc.key], root).format_text(labels)) from None
    return late


def _problem(failure: FlowchartError, entry: Entry, root: Path) -> Problem:
    """The failure as a message at the item's ``steps:`` key."""
    line, column = 1, 1
    try:
        line, column = load_file(root / entry.source, entry.source).position(("steps",), of_key=True)
    except (ProblemsFound, OSError):
        pass
    if isinstance(failure, FlowchartTimeout):
        message, hint = say("flowchart_timeout", seconds=f"{failure.seconds:g}")
        return Problem(entry.source, line, column, message, hint, element=element_title("steps"), key="steps",
                       severity="warning")
    message, hint = say("flowchart_failed", detail=failure.detail[:300])
    return Problem(entry.source, line, column, message, hint, element=element_title("steps"), key="steps")
