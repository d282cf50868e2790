"""Command line for items that extend a base catalogue (``checks/inheritance.py``):

- ``python -m generator base-diff``: for each county item that ``extends`` a
  base item, whether the county has accepted that base item as it is now,
  and each element changed since (Markdown, Chinese; exit 0);
- ``python -m generator base-accept [CODE|FILE …]``: record the base items as
  reviewed (all extended ones, or those named), in ``base_reviewed``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.config import read_settings
from generator.messages import set_language, ui


def add_parsers(sub) -> None:
    diff = sub.add_parser("base-diff", help="what changed in the base catalogue for the items that extend it")
    diff.set_defaults(run=cmd_base_diff)
    accept = sub.add_parser("base-accept", help="record the base items extended as reviewed (base_reviewed)")
    accept.add_argument("codes", nargs="*", help="only these extends codes or item files (default: all)")
    accept.set_defaults(run=cmd_base_accept)


def _inheritance(root: Path):
    from generator.checks.validate import build_catalogue
    settings = read_settings(root)
    set_language(settings.language)
    report = build_catalogue(root, settings)
    return settings, report.inheritance


def _cell(text: str) -> str:
    from generator.checks.diff import _md
    return _md(text)


def report_text(settings, inheritance) -> str:
    """The base-diff report as Markdown."""
    if not settings.base_catalogue:
        return ui("base_diff_not_configured") + "\n"
    base = inheritance.base
    lines = [f"# {_cell(ui('base_diff_title').format(file=settings.base_catalogue, title=base.title if base else ''))}",
             ""]
    changes = inheritance.changes()
    if not changes:
        return "\n".join(lines + [ui("base_diff_none"), ""])
    states = [state for state, _ in changes.values()]
    lines += [ui("base_diff_counts").format(n=len(states), new=states.count("new"), changed=states.count("changed"),
                                            same=states.count("same")), ""]
    for display, (state, rows) in changes.items():
        ext = inheritance.extended[display]
        lines += [f"## {_cell(ui('base_diff_item').format(file=display, code=ext.code, name=ext.record.name))}", ""]
        if state == "changed":
            lines += [ui("base_diff_changed"), "",
                      f"| {ui('diff_col_element')} | {ui('diff_col_old')} | {ui('diff_col_new')} |", "| --- | --- | --- |"]
            lines += [f"| {_cell(r.element)} | {_cell(r.old)} | {_cell(r.new)} |" for r in rows]
        else:
            lines.append(ui(f"base_diff_{state}"))
        lines.append("")
    if any(state != "same" for state in states):
        lines += [ui("base_diff_accept"), ""]
    return "\n".join(lines)


def cmd_base_diff(args) -> int:
    settings, inheritance = _inheritance(Path(args.root))
    sys.stdout.write(report_text(settings, inheritance))
    return 0


def cmd_base_accept(args) -> int:
    root = Path(args.root)
    settings, inheritance = _inheritance(root)
    if not settings.base_catalogue:
        print(ui("base_diff_not_configured"), file=sys.stderr)
        return 1
    wanted = [c.replace("\\", "/").lstrip("./") if c.endswith((".yaml", ".yml")) else c for c in args.codes]
    accepted = inheritance.accept(wanted or None)
    if wanted and not accepted:
        print(ui("base_accept_none").format(what="、".join(wanted)), file=sys.stderr)
        return 1
    print(ui("base_accepted").format(n=len(accepted), file=settings.base_reviewed, codes="、".join(accepted)))
    return 0
