"""Command line: ``python -m generator check|new|build|import|suggest-aliases|accept-aliases|diff|codeowners|schema``.

Editors see Chinese messages with file:line:column, never a traceback: any
unexpected exception is reported as an internal error with a request to
report it, and the exit code is 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.checks.problems import ProblemsFound
from generator.config import default_root, read_settings
from generator.messages import set_language, ui
from generator.checks.problems import in_paths, only
from generator.checks.validate import build_catalogue, read_ahead
from generator.sources.ahead import discard_early
from generator.checks import review_cli


GAPS_SHOWN = 30  # gaps of the changed items told one by one in the plain check, the others counted


def _relative(root: Path, given: str) -> str:
    """A path from the command line as problems name files: relative to the
    project root, with forward slashes ("./items/x/" -> "items/x")."""
    path = Path(given)
    path = (path if path.is_absolute() else Path.cwd() / path).resolve()
    try:
        relative = path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return given
    return "" if relative == "." else relative


def _print_problems(problems, form: str) -> None:
    labels = {"error": ui("error"), "warning": ui("warning"), "hint": ui("hint")}
    for problem in problems:
        print(problem.format_github() if form == "github" else problem.format_text(labels))
    print(ui("config_fail").format(errors=sum(p.is_error for p in problems)), file=sys.stderr)


def cmd_check(args) -> int:
    root = Path(args.root)
    settings = read_settings(root)
    read_ahead(root, settings)  # the item files parsed on the other core from now on
    try:
        report = build_catalogue(root, settings)
    finally:
        discard_early()
    report.problems = sorted(report.problems + review_cli.codeowners_problems(root, settings, report)
                             + review_cli.demo_leftovers(root, settings))
    wanted = [_relative(root, p) for p in args.paths]
    problems = only(report.problems, wanted) if args.paths else report.problems
    if args.base:  # a change may not make the catalogue worse (checks/baseline.py)
        return review_cli.check_against_base(root, settings, report, args, wanted, problems)
    review_cli.print_problems(problems, args.format)
    if args.summary:
        review_cli.write_summary(args.summary, problems)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    cat = report.catalogue
    if cat is not None and args.format == "text":
        _print_gaps(cat, root, args, problems)
        if cat.held_back:
            print(ui("held_back_summary").format(n=len(cat.held_back)), file=sys.stderr)
            for h in cat.held_back:
                # A file too broken to read states no name: its file name then.
                name = h.name or ui("held_back_unnamed").format(file=Path(h.source).name)
                print(f"  {h.source}  {name}", file=sys.stderr)
            _explain_required(cat, settings)
    if args.format != "github" or errors:
        summary = ui("summary_fail") if errors else ui("summary_ok")
        print(summary.format(errors=errors, warnings=warnings, items=report.item_count),
              file=sys.stderr if errors or args.format == "gitlab" else sys.stdout)
    return 1 if errors else 0


def _explain_required(cat, settings) -> None:
    """When most items are held back only because the source never states an
    element that ``publish.required`` names (an export of names and codes has
    no way to apply), say that the setting, not each file, is the choice."""
    from collections import Counter

    from generator.checks.gaps import element_title
    from generator.messages import say

    texts = {say("not_publishable", element=element_title(e), of=e, how="")[0]: e for e in settings.publish.required}
    lacking = Counter(texts[p.message] for h in cat.held_back for p in h.problems or () if p.message in texts)
    if not lacking:
        return
    element, n = lacking.most_common(1)[0]
    if n * 2 > len(cat.held_back) + len(cat.entries):
        print(ui("required_hint").format(n=n, element=element_title(element), key=element), file=sys.stderr)


def _print_gaps(cat, root: Path, args, problems=()) -> None:
    """Gaps are not errors: one summary line, or every gap with --gaps; the
    gaps of items changed since the last commit at their lines (checks/gap_lines.py)."""
    from generator.checks import gap_lines
    from generator.checks.gaps import element_title
    entries = [e for e in cat.entries if e.gaps]
    if args.paths:
        wanted = [_relative(root, p) for p in args.paths]
        entries = [e for e in entries if in_paths(e.source, wanted)]
    if not entries:
        return
    if args.gaps:
        for e in entries:
            for element in dict.fromkeys(g.element for g in e.gaps):
                print(f"{e.source}: {ui('gap_line')}【{element_title(element)}】")
    # The gaps of the items changed since the last commit, one by one (clerk trial 14, #35).
    listed = None if args.gaps else gap_lines.changed(root, entries, problems, cat)  # not told twice (trial 16)
    if listed:
        labels = {"error": ui("error"), "warning": ui("gap_line"), "hint": ui("hint")}
        for problem in listed[:GAPS_SHOWN]:
            print(problem.format_text(labels))
        if len(listed) > GAPS_SHOWN:  # a new catalogue not yet committed: its gaps are the data-quality page's
            print(ui("gaps_more").format(n=len(listed) - GAPS_SHOWN))
        print(ui("gaps_summary_changed").format(items=len(entries), gaps=sum(len(e.gaps) for e in entries),
                                                changed=len({p.file for p in listed}), listed=len(listed)))
        return
    print(ui("gaps_summary").format(items=len(entries), gaps=sum(len(e.gaps) for e in entries)))


def cmd_new(args) -> int:
    from generator.sources.scaffold import new_item
    root = Path(args.root)
    settings = read_settings(root)
    set_language(settings.language)
    return new_item(root, settings, args.department, args.name, args.type)


def cmd_build(args) -> int:
    from mkdocs.exceptions import MkDocsException

    from generator.site.write import SiteError, build_site, up_to_date
    # mkdocs.yml's catalogue block first: its mistakes in the check's words and
    # places (ProblemsFound, printed by main), before MkDocs reads the file.
    settings = read_settings(Path(args.root))
    if not args.force and up_to_date(Path(args.root)):
        print(ui("build_up_to_date"))
        return 0
    built = []
    # The item files parsed on the other core meanwhile (checks/validate.read_ahead).
    read_ahead(Path(args.root), settings)
    try:
        site = build_site(Path(args.root), on_built=built.append)
    except SiteError as exc:  # the site folder cannot be written: the message says why
        print(exc, file=sys.stderr)
        return 1
    except (MkDocsException, SystemExit) as exc:
        print(ui("build_failed").format(detail=exc), file=sys.stderr)
        return 1
    finally:
        discard_early()
    # The last line says what went out: items with errors are held back, not
    # published, and the build still succeeds (validate.py; `make check` fails).
    plugin = built[0] if built else None
    if plugin is not None and getattr(plugin, "renderer", None) is not None:
        held = len(plugin.held_back)
        print(ui("build_summary_held" if held else "build_summary").format(
            site=site, published=len(plugin.renderer.cat.entries), held=held))
    return 0


def cmd_suggest_aliases(args) -> int:
    from generator.messages import search_texts
    from generator.outputs.search_aliases import write_report
    root = Path(args.root)
    settings = read_settings(root)
    set_language(settings.language)
    report = build_catalogue(root, settings)
    if report.catalogue is None:
        _print_problems(report.problems, "text")
        return 1
    out = Path(args.out) if Path(args.out).is_absolute() else root / args.out
    review = Path(args.review) if Path(args.review).is_absolute() else root / args.review
    n = write_report(report.catalogue, out, review)
    print(search_texts()["alias_report"]["written"].format(path=out, n=n))
    print(search_texts()["alias_report"]["review_written"].format(path=review))
    return 0


def cmd_accept_aliases(args) -> int:
    from generator.messages import search_texts
    from generator.sources.alias_review import accept
    root = Path(args.root)
    set_language(read_settings(root).language)
    review = Path(args.file) if Path(args.file).is_absolute() else root / args.file
    done, problems = accept(root, review)
    t = search_texts()["alias_report"]
    for path, words in done:
        print(t["accepted"].format(file=path, words="、".join(words)))
    for problem in problems:
        print(problem, file=sys.stderr)
    if not done and not problems:
        print(t["accepted_none"])
    return 1 if problems else 0


def cmd_schema(args) -> int:
    from generator.checks.schema import write_schema
    write_schema(Path(args.root))
    return 0


def cmd_prepare(args) -> int:
    """``make setup``: the search tables every build reads, derived once per
    virtual environment (outputs/search_thesaurus.prepare)."""
    from generator.outputs.search_thesaurus import prepare
    prepare()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Open Service Catalogue")
    parser.add_argument("--root", default=None,
                        help="catalogue folder, holding its mkdocs.yml (default: $CATALOGUE, else the current "
                             "folder if it has mkdocs.yml, else examples/demo-city)")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate items and registries")
    check.add_argument("paths", nargs="*", help="only report problems in these files or folders")
    check.add_argument("--format", choices=["text", "github", "gitlab"], default="text",
                       help="github: workflow annotations; gitlab: code-quality report (Code Climate JSON)")
    check.add_argument("--base", metavar="REF", default=None,
                       help="fail only on what is new since this git version (a pull request's target branch)")
    check.add_argument("--summary", metavar="FILE", default=None,
                       help="also append the problems as a Markdown table to FILE (e.g. $GITHUB_STEP_SUMMARY)")
    check.add_argument("--gaps", action="store_true", help="list every element an item does not state (信息待补充)")
    check.set_defaults(run=cmd_check)

    new = sub.add_parser("new", help="scaffold a new item for a department")
    new.add_argument("department", help="department id (folder under items/)")
    new.add_argument("--name", default=None, help="item name (事项名称)")
    new.add_argument("--type", default=None, help="item type id, e.g. public_service")
    new.set_defaults(run=cmd_new)

    build = sub.add_parser("build", help="validate and build the site into site_dir (mkdocs.yml; default site/), atomically")
    build.add_argument("--force", action="store_true", help="build even if no input changed")
    build.set_defaults(run=cmd_build)

    from generator.sources.importers.cli import add_parser as add_import
    add_import(sub)
    review_cli.add_parsers(sub)  # diff, codeowners
    from generator.checks import base_cli
    base_cli.add_parsers(sub)  # base-diff, base-accept (items extending a base catalogue)
    from generator.sources import sheets
    sheets.add_parsers(sub)  # sheet-export, sheet-import (a department's items as a spreadsheet)

    aliases = sub.add_parser("suggest-aliases", help="write a report of candidate aliases (FAQ words, thesaurus) for departments")
    aliases.add_argument("--out", default=".cache/candidate-aliases.md", help="report file (Markdown; default .cache/candidate-aliases.md)")
    aliases.add_argument("--review", default=".cache/candidate-aliases.yaml",
                         help="review file for accept-aliases (YAML; default .cache/candidate-aliases.yaml)")
    aliases.set_defaults(run=cmd_suggest_aliases)
    accepting = sub.add_parser("accept-aliases", help="add the words a department moved to accept: in a review file to the items' aliases")
    accepting.add_argument("file", help="review file written by suggest-aliases")
    accepting.set_defaults(run=cmd_accept_aliases)

    schema = sub.add_parser("schema", help="write generator/schema/item.schema.json (editor completion and checks)")
    schema.set_defaults(run=cmd_schema)

    prepare = sub.add_parser("prepare", help="derive the per-machine search tables now (make setup runs it once)")
    prepare.set_defaults(run=cmd_prepare)

    args = parser.parse_args(argv)
    if args.root is None:
        args.root = str(default_root())
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except ProblemsFound as found:  # mkdocs.yml's catalogue block cannot be used
        _print_problems(found.problems, getattr(args, "format", "text"))
        return 1
    except Exception as exc:  # never show editors a traceback
        try:
            said = ui("internal_error").format(error=f"{type(exc).__name__}: {exc}")
        except Exception:  # the texts themselves may be what failed: say it in the catalogue's default language
            said = f"内部错误（请把这段信息报告给维护人员）：{type(exc).__name__}: {exc}"
        print(said, file=sys.stderr)
        return 2
