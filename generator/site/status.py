"""`make serve` shows the catalogue's problems in the browser (issue 13).

While ``mkdocs serve`` runs, a build never stops on the catalogue's errors
(a stopped build leaves every request waiting for a build that never ends):
the site keeps the last good content, and every page shows a panel with the
errors (file, line, message, fix) and the items held back.  The panel goes
away by itself with the next build that has no error (live reload reloads
the page after each build).

Shapes: the status is one JSON file in the site folder, ``STATUS_FILE``::

    {"errors": [{"where": "items/x/1.yaml:3:5", "element": "…", "message": "…", "hint": "…"}, …],
     "more": 0,            # errors not listed (beyond MAX_SHOWN)
     "held_back": [{"source": "items/x/1.yaml", "name": "…"}, …],
     "stopped": false,     # the catalogue could not be read: the pages are the last good build's
     "build": 1764000000.0,  # when the build ran (s since the epoch): a new value, a new build
     "texts": {…}}         # the panel's words, from the locale (ui.serve_*)

Every page (MkDocs' pages and the shell the item pages are filled into)
gets ``SCRIPT``, which reads the file on load and builds the panel with
``textContent`` only: a message quoting the editor's text runs nothing.
Only serving writes the file or the script; ``make build`` never does.
``log_problems`` writes the same problems to the build's output (terminal).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import urlsplit

from generator.checks.problems import Problem
from generator.messages import ui

STATUS_FILE = "_catalogue/status.json"
MAX_SHOWN = 50  # errors listed in the panel; `make check` lists them all
PANEL_ID = "osc-serve-problems"

# Reads the status and shows the panel at the top of the page.  No text of
# the catalogue goes through innerHTML.
SCRIPT = """<script>(function () {
  function get() {
    return fetch(%(url)s, {cache: "no-store"}).then(function (r) { return r.ok ? r.json() : null; });
  }
  get().then(function (s) {
    if (!s || (!s.errors.length && !s.held_back.length && !s.stopped)) return;
    // Live reload reloads the page after each build; a page it does not
    // serve (not found) is reloaded here when the next build is done.
    setInterval(function () {
      get().then(function (n) { if (n && n.build !== s.build) location.reload(); }).catch(function () {});
    }, 1000);
    var t = s.texts, box = document.createElement("section");
    box.id = %(id)s; box.setAttribute("role", "alert"); box.lang = t.lang;
    box.style.cssText = "background:#fff4f4;color:#000;border:3px solid #c00;margin:0;padding:.8em 1.2em;" +
      "max-height:45vh;overflow:auto;font:15px/1.5 sans-serif;position:relative;z-index:10";
    function add(parent, tag, text, css) {
      var e = document.createElement(tag); e.textContent = text; if (css) e.style.cssText = css;
      parent.appendChild(e); return e;
    }
    add(box, "h2", t.title, "margin:0 0 .4em;font-size:1.2em;color:#a00");
    add(box, "p", s.stopped ? t.stopped : t.kept, "margin:0 0 .4em");
    var list = add(box, "ol", "", "margin:0;padding-left:1.6em");
    s.errors.forEach(function (p) {
      var li = add(list, "li", "", "margin:.3em 0");
      if (p.where) add(li, "code", p.where, "font-weight:bold;word-break:break-all");
      if (p.element) add(li, "span", "【" + p.element + "】");
      add(li, "div", p.message);
      if (p.hint) add(li, "div", t.hint + p.hint, "color:#444;white-space:pre-line");
    });
    if (s.more) add(box, "p", t.more.replace("{n}", s.more), "margin:.4em 0 0");
    if (s.held_back.length) {
      add(box, "p", t.held.replace("{n}", s.held_back.length), "margin:.6em 0 0;font-weight:bold");
      var held = add(box, "ul", "", "margin:0;padding-left:1.6em");
      s.held_back.forEach(function (h) { add(held, "li", h.source + (h.name ? "  " + h.name : "")); });
    }
    add(box, "p", t.fix, "margin:.6em 0 0;color:#444");
    document.body.insertBefore(box, document.body.firstChild);
  }).catch(function () {});
})();</script>"""


def status_url(site_url: str | None) -> str:
    """The status file's URL path under the served site (its mount path)."""
    mount = urlsplit(site_url or "/").path or "/"
    return mount.rstrip("/") + "/" + STATUS_FILE


def script(site_url: str | None) -> str:
    """The ``<script>`` element every served page gets."""
    return SCRIPT % {"url": json.dumps(status_url(site_url)), "id": json.dumps(PANEL_ID)}


def inject(page: str, tag: str) -> str:
    """``page`` with ``tag`` before its last ``</body>`` (unchanged if it has none)."""
    at = page.rfind("</body>")
    return page if at < 0 else page[:at] + tag + page[at:]


def status(errors: list[Problem], held_back, stopped: bool, language: str = "zh") -> dict:
    """The status file's content (shape in the module docstring).  ``held_back``:
    catalogue.HeldBack records."""
    shown = errors[:MAX_SHOWN]
    return {
        "errors": [{"where": p.where() if p.file else "", "element": p.element, "message": p.message, "hint": p.hint}
                   for p in shown],
        "more": len(errors) - len(shown),
        "held_back": [{"source": h.source, "name": h.name} for h in held_back],
        "stopped": stopped,
        "build": time.time(),
        "texts": {"lang": language, "title": ui("serve_panel_title").format(errors=len(errors)),
                  "kept": ui("serve_panel_kept"), "stopped": ui("serve_panel_stopped"),
                  "held": ui("serve_panel_held"), "more": ui("serve_panel_more"),
                  "hint": ui("hint"), "fix": ui("serve_panel_fix")},
    }


def write(site: Path, data: dict) -> None:
    """Write the status file into the site folder."""
    path = site / STATUS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


MAX_WARNINGS_SHOWN = 30


def log_problems(report, log) -> None:
    """The build's output: every error (an error holds its item back, or stops
    a catalogue that cannot be read), the held-back items with their first
    reason, and warnings (summarised when many: ``make check`` lists them)."""
    labels = {"error": ui("error"), "warning": ui("warning"), "hint": ui("hint")}
    for problem in report.errors:
        log.error(problem.format_text(labels))
    warnings = report.warnings
    for problem in warnings[:MAX_WARNINGS_SHOWN]:
        log.warning(problem.format_text(labels))
    if len(warnings) > MAX_WARNINGS_SHOWN:
        log.warning(ui("more_warnings").format(n=len(warnings) - MAX_WARNINGS_SHOWN))
    held = report.held_back
    if held:
        log.warning(ui("held_back_summary").format(n=len(held)))
        for h in held:
            reason = h.problems[0].message if h.problems else ""
            log.warning(f"  {h.source}  {h.name}  {reason}")
