"""Command line: ``python -m generator import SOURCE... --mapping NAME``.

``add_parser(subparsers)`` adds the ``import`` command to the generator's
argparse parser; ``run(args)`` carries it out and returns the exit code:
0 done, 1 the input could not be imported (a Chinese message says which file
and what to do), 2 an internal error.  Clerks never see a traceback.

    python -m generator import --mapping gxzwfw ../shared/datasets/govflow-fangchenggang/data/exports
    python -m generator import --mapping template 事项.xlsx [--dry-run] [--prefer export]
    python -m generator import --template [空白模板.xlsx]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_TEMPLATE = "事项导入模板.xlsx"


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``import`` sub-command to ``subparsers`` (from add_subparsers)."""
    parser = subparsers.add_parser(
        "import", help="import platform exports (CSV, XLSX, JSON, JSON Lines) into items/",
        description="导入政务服务平台的导出文件（CSV、XLSX、JSON、JSON Lines），写入事项文件、部门和办理地点，并生成导入报告。")
    parser.add_argument("sources", nargs="*", metavar="SOURCE", help="export files or folders (导出文件或文件夹)")
    parser.add_argument("--mapping", "-m", help="mapping name (gxzwfw, template) or path of a mapping YAML (映射)")
    parser.add_argument("--prefer", choices=["repo", "export"], default="repo",
                        help="who wins a conflict: repo (default, keep edits in the repository) or export")
    parser.add_argument("--dry-run", action="store_true", help="show what would change, write nothing (试运行)")
    parser.add_argument("--template", nargs="?", const=DEFAULT_TEMPLATE, metavar="OUT.xlsx",
                        help=f"write the blank import template (default {DEFAULT_TEMPLATE}) and stop")
    parser.set_defaults(run=run)
    return parser


def run(args) -> int:
    """Carry out ``import``; messages in Chinese, no traceback."""
    from .mapping import MappingError
    from .readers import SourceError
    from .texts import t
    root = Path(getattr(args, "root", ".") or ".")
    try:
        if args.template:
            from .template import write_template
            out = write_template(Path(args.template))
            print(t("template_written", path=out))
            return 0
        if not args.mapping or not args.sources:
            print(t("error_prefix") + t("usage"), file=sys.stderr)
            return 1
        from .pipeline import run_import
        from .report import summary
        result = run_import(root, [Path(s) for s in args.sources], args.mapping,
                            prefer=args.prefer, dry_run=args.dry_run)
        # The report as the user can open it from where the command ran (county trial 3, F2:
        # catalogue/imports/…, not imports/…, when run from the top of a fork).
        from generator.sources.scaffold import shown_path
        print(summary(result, shown_path(root / result.report_path) if result.report_path else None))
        return 0
    except (SourceError, MappingError) as exc:
        print(t("error_prefix") + str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(t("interrupted"), file=sys.stderr)
        return 130
    except Exception as exc:  # never show a clerk a traceback
        print(t("internal_error", error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 2


def main(argv=None) -> int:
    """Stand-alone entry (``python -m generator.sources.importers.cli``)
    until the command is wired into ``generator/cli.py``."""
    parser = argparse.ArgumentParser(prog="python -m generator")
    parser.add_argument("--root", default=None)
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    if args.root is None:
        from generator.config import default_root
        args.root = str(default_root())
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
