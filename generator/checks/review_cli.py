"""Commands for reviewing changes (issue 13): ``diff BASE [HEAD]`` and
``codeowners``; and the parts of ``check`` that serve CI: ``--base REF``,
``--format github|gitlab``, ``--summary FILE``.  Wired into the command line
by ``generator/cli.py``."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.checks import codeowners, formats, gitrefs
from generator.checks.problems import Problem
from generator.config import read_settings
from generator.messages import set_language, ui


def add_parsers(sub) -> None:
    diff = sub.add_parser("diff", help="what changed in the catalogue between two git versions (Markdown, Chinese)")
    diff.add_argument("base", help="the version before, e.g. main, origin/main, HEAD~1")
    diff.add_argument("head", nargs="?", default=None, help="the version after (default: the working tree)")
    diff.set_defaults(run=cmd_diff)

    owners = sub.add_parser("codeowners", help="write CODEOWNERS from the reviewers in content/departments.yaml")
    owners.add_argument("--path", default=codeowners.DEFAULT,
                        help=f"where to write it (default {codeowners.DEFAULT}; GitLab: .gitlab/CODEOWNERS)")
    owners.set_defaults(run=cmd_codeowners)


def cmd_diff(args) -> int:
    from generator.checks.diff import compare, markdown
    root = Path(args.root)
    settings = read_settings(root)
    set_language(settings.language)
    try:
        change = compare(root, settings, args.base, args.head)
    except gitrefs.GitError as exc:
        print(exc, file=sys.stderr)
        return 1
    sys.stdout.write(markdown(change))
    return 0


def _departments(root: Path, settings):
    """The department registry, or the check's problems with it."""
    from generator.checks.validate import build_catalogue
    report = build_catalogue(root, settings)
    if report.catalogue is None:
        return None, report
    return report.catalogue.departments, report


def repository_top(root: Path) -> Path:
    """The folder CODEOWNERS files are read from: the top of the git repository
    holding the catalogue (GitHub and GitLab read them there, whatever folder
    the catalogue is in, e.g. examples/demo-city), else ``root`` (no git)."""
    try:
        return Path(gitrefs.git(root, "rev-parse", "--show-toplevel").decode().strip())
    except gitrefs.GitError:
        return root


def catalogue_prefix(root: Path) -> str:
    """The catalogue's folder in its git repository ("catalogue/"), "" at the
    top or without git (the catalogue is then taken to be the repository)."""
    try:
        return gitrefs.git(root, "rev-parse", "--show-prefix").decode().strip()
    except gitrefs.GitError:
        return ""


def expected_codeowners(root: Path, settings, departments) -> str:
    """The catalogue's block of CODEOWNERS (checks/codeowners.py)."""
    source = f"{settings.content_dir.strip('/')}/departments.yaml"
    return codeowners.render(departments, settings.items_dir, catalogue_prefix(root), source)


def cmd_codeowners(args) -> int:
    root = Path(args.root)
    settings = read_settings(root)
    set_language(settings.language)
    departments, report = _departments(root, settings)
    if departments is None:
        labels = {"error": ui("error"), "warning": ui("warning"), "hint": ui("hint")}
        for p in report.errors:
            print(p.format_text(labels), file=sys.stderr)
        return 1
    codeowners.write(repository_top(root), expected_codeowners(root, settings, departments),
                     catalogue_prefix(root), args.path)
    n = codeowners.owned(departments)
    print(ui("codeowners_written" if n else "codeowners_none").format(path=args.path, n=n))
    return 0


def codeowners_problems(root: Path, settings, report) -> list[Problem]:
    """``check``'s warning for a CODEOWNERS file whose block of this catalogue
    no longer matches (other catalogues' blocks are not read)."""
    top = repository_top(root) if report.catalogue is not None else root
    if report.catalogue is None or not any((top / p).is_file() for p in codeowners.PLACES):
        return []
    departments = report.catalogue.departments
    return codeowners.stale(top, expected_codeowners(root, settings, departments), catalogue_prefix(root),
                            codeowners.owned(departments))


def demo_leftovers(root: Path, settings) -> list[Problem]:
    """``check``'s warnings for values of the demo city left in a county's
    catalogue (checks/leftovers.py): the demo in ``examples/demo-city`` of the
    repository holding the catalogue (or, without git, of the folder above
    it); none when that repository has no demo."""
    from generator.checks.leftovers import leftovers
    for top in (repository_top(root), root.resolve().parent):
        demo = top / "examples" / "demo-city"
        if demo.is_dir():
            return leftovers(root, settings, demo)
    return []


def print_problems(problems: list[Problem], form: str, warning: str = "") -> None:
    """Problems on stdout in the chosen format (text, github, gitlab);
    ``warning``: the label of a warning in text (default 提醒)."""
    if form == "gitlab":
        print(formats.gitlab(problems))
        return
    if form == "github":
        for line in formats.github(problems):
            print(line)
        return
    labels = {"error": ui("error"), "warning": warning or ui("warning"), "hint": ui("hint")}
    for p in problems:
        print(p.format_text(labels))


def write_summary(path: str, problems: list[Problem], title: str = "") -> None:
    """Append the Markdown list of problems to ``path`` (the job summary)."""
    with open(path, "a", encoding="utf-8") as f:
        f.write(formats.markdown(problems, title) + "\n")


def check_against_base(root: Path, settings, report, args, wanted: list[str], problems: list[Problem]) -> int:
    """``check --base REF``: print the new problems; 1 when the change makes
    the catalogue worse, 0 otherwise, 2 when git cannot compare."""
    from generator.checks import baseline
    try:
        result = baseline.compare_with(root, settings, report, args.base)
    except gitrefs.GitError as exc:
        print(exc, file=sys.stderr)
        return 2
    from generator.checks.problems import only
    new = only(result.problems, wanted) if wanted else result.problems
    filled = only(result.filled, wanted) if wanted else result.filled  # still to fill, not blocking (F9)
    if args.format == "gitlab":  # GitLab compares the whole report with the target branch's itself
        print_problems(problems, "gitlab")
    else:
        print_problems(new, args.format)
        print_problems(filled, args.format, ui("gap_line"))
    line = baseline.summary(result)
    verdict = ui("base_fail") if result.worse else ui("base_ok")
    if args.summary:
        write_summary(args.summary, new + filled, f"{line} {verdict}")
    stream = sys.stderr if result.worse or args.format == "gitlab" else sys.stdout
    print(line, file=stream)
    print(verdict, file=stream)
    return 1 if result.worse else 0
