"""Acceptance of issue 11: a real export in, a truthful site out.

``python -m devtools.acceptance_import [--keep] [--sample N] [--seed S] [--log FILE]`` (``make acceptance``)

``--dataset guangan`` runs the same on the list of 广安区 (a sczwfw JS data file: names,
departments, codes, links; no guide elements), imported with
``--mapping sczwfw ../shared/datasets/zwfw-guangan/bszl-data.js`` into a copy whose catalogue
block declares Sichuan's codes and publishes list items (devtools/acceptance_datasets.py).

1. copies the repository (the files git knows: tracked and untracked-not-ignored,
   as they are in the working tree) into a temporary folder; the repository
   itself is never written to;
2. empties the copy as a county starts: no items, no life events, empty
   registries (departments, offices, proofs), taxonomies kept, the
   ``catalogue`` block set for the export's region (no sample-data banner, no
   demo footer or demo hotline);
3. runs the documented commands in the copy:
   ``python -m generator import --mapping gxzwfw ../shared/datasets/govflow-fangchenggang/data/exports``
   (``../shared`` is linked beside the copy so the command is the same) and
   ``python -m generator build``;
4. asserts, and writes as a table to ``--log`` (default ``<temp>/osc-acceptance.log``:
   English, for developers), then prints a Chinese summary for the county
   (``summary_lines``: published, held back and why, the check's warnings,
   the verdict; county trial 1, F14):
   - every record of the export (781) has an item file (nothing lost);
   - at least 95 % of the records have a page (``site/items/<key>/index.html``;
     grouping items ``grp-*`` are not counted);
   - every item without a page is on the data-quality page (``quality/``), with
     at least one reason, and in the build output; nothing with a page is
     listed as held back;
   - on every published page (or ``--sample N`` seeded-random pages) none of
     the defaults the old templates invented ("申请人自备", "1 份",
     "法定节假日休息", "窗口领取") appears unless the item's export record states
     it (its raw JSON text contains the phrase; for "1 份": a material count of
     1 or a "1份" in its texts);
   - ``python -m generator check`` exits non-zero when an item is held back;
   - no page shows a model value untranslated (``promised``, ``paper_and_electronic``)
     that the record does not itself contain.

Exit status: 0 when every assertion holds or the dataset is absent (says
it skipped), 1 when one fails, 2 when a command fails.  Reads ``../shared/``,
so ``make test`` does not run it.  Source of the figures: issue 11, "Done when".
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from contextlib import redirect_stdout
from pathlib import Path

import yaml

from devtools.acceptance_datasets import GUANGAN, Dataset
from devtools.acceptance_pages import (DEFAULT_PHRASES, HeldRow, held_back_rows, invented_defaults,  # noqa: F401
                                       model_enums, one_copy_count, page_text, raw_identifier_pattern,
                                       raw_identifiers, reason_kind, record_text)
from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.messages import ui

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "examples" / "demo-city"  # the catalogue copied and emptied
SHARED = REPO.parent / "shared"
DATASET = "datasets/govflow-fangchenggang"
EXPORTS = f"../shared/{DATASET}/data/exports"  # as documented in README.md
MAPPING = "gxzwfw"
MIN_SHARE = 0.95
# The region of the export (its README): what the catalogue block says in the copy.
REGION = {"region": "防城港市", "publisher": "防城港市人民政府", "province_code": "45", "sample_data": False,
          "contact": {}, "footer": None, "most_used": []}
SKIP_COPY = {".git", ".venv", "site", ".cache", "imports"}

def gap_figure(report) -> str:
    """Gaps (expected elements not stated) per published item, grouping items
    left out: "mean; min-max (items)", or "—" with none."""
    counts = [len(e.gaps) for e in (report.catalogue.entries if report.catalogue else []) if not e.item.grouping]
    if not counts:
        return "—"
    return f"{sum(counts) / len(counts):.1f}; {min(counts)}-{max(counts)} ({len(counts)} items)"


# --- the run ------------------------------------------------------------------------
def copy_catalogue(dest: Path, source: Path = DEMO) -> None:
    """The catalogue ``source`` (its mkdocs.yml, items/, content/ ...) into
    ``dest``, as a county starts from it: the files git knows there, as they
    are in the working tree (uncommitted edits included).  The code and the
    shipped theme stay where they are (the plugin finds the theme)."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=source, capture_output=True, check=True).stdout.decode("utf-8")
        files = [f for f in listed.split("\0") if f]  # relative to source (git's cwd)
    except (OSError, subprocess.CalledProcessError):
        files = [p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()]
    for name in files:
        if name.split("/")[0] in SKIP_COPY or "__pycache__" in name:
            continue
        src = source / name
        if src.is_file():  # a tracked file deleted in the working tree is skipped
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)


def empty_catalogue(root: Path, region: dict | None = None) -> None:
    """No demo items, life events or registry entries; the region of the export
    (``region``: the catalogue block of a dataset, default ``REGION``)."""
    region = REGION if region is None else region
    shutil.rmtree(root / "items", ignore_errors=True)
    (root / "items").mkdir()
    for event in (root / "content" / "life-events").glob("*.yaml"):
        event.unlink()
    for registry in ("departments", "offices", "proofs"):
        (root / "content" / f"{registry}.yaml").write_text("[]\n", encoding="utf-8")
    (root / "search_queries.yaml").write_text("[]\n", encoding="utf-8")  # the demo's queries name demo items
    config_path = root / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["site_name"] = f"{region['region']}公共服务事项目录"
    config["site_description"] = f"{region['region']}公共服务事项目录和办事指南"
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "catalogue" in plugin:
            options = plugin["catalogue"]
            options.update(region)
            if isinstance(options.get("home"), dict) and "home" not in region:
                options["home"]["life_events"] = []  # the demo's life events were deleted above
            plugin["catalogue"] = {k: v for k, v in options.items() if v is not None}
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_MKDOCS_2_WARNING="1")
    env.pop("GITHUB_ACTIONS", None)
    print("$ python -m generator " + " ".join(args), flush=True)
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=root, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=1800)


def read_records(exports: Path) -> dict[str, dict]:
    """Export records by ``service.source_item_id`` (the key the importer gives an item)."""
    records = {}
    for path in sorted(exports.glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")).get("items") or []:
            records[str(record["service"]["source_item_id"])] = record
    return records


# The exports the acceptance runs on (--dataset); the list of 广安区: devtools/acceptance_datasets.py.
DATASETS = {"fangchenggang": Dataset("fangchenggang", DATASET, EXPORTS, MAPPING, REGION, read_records, "*.json",
                                     MIN_SHARE),
            "guangan": GUANGAN}


def item_files(root: Path) -> dict[str, tuple[Path, dict]]:
    """Item files written by the import, by key (the file name), with their YAML."""
    return {p.stem: (p, yaml.safe_load(p.read_text(encoding="utf-8")) or {})
            for p in sorted((root / "items").rglob("*.yaml"))}


class Checks:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.count = 0

    def expect(self, ok: bool, message: str) -> bool:
        self.count += 1
        print(("  ok    " if ok else "  FAIL  ") + message)
        if not ok:
            self.failures.append(message)
        return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary catalogue and print where it is")
    parser.add_argument("--sample", type=int, default=0, help="check N seeded-random pages only (default: all)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="fangchenggang",
                        help="the export: fangchenggang (gxzwfw guides) or guangan (a sczwfw list, no guide elements)")
    parser.add_argument("--log", type=Path, default=Path(tempfile.gettempdir()) / "osc-acceptance.log",
                        help="where the English developer detail (checks, figures) is written")
    args = parser.parse_args(argv)

    exports = DATASETS[args.dataset].local(SHARED)
    if not exports.exists():
        print(ui("acceptance_skipped").format(exports=exports))
        return 0

    work = Path(tempfile.mkdtemp(prefix="osc-acceptance-"))
    try:
        return _accept(work, exports, args)
    finally:
        if args.keep:
            print(f"catalogue kept in {work / 'catalogue'}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _accept(work: Path, exports: Path, args) -> int:
    root = work / "catalogue"
    root.mkdir()
    (work / "shared").symlink_to(SHARED, target_is_directory=True)  # ../shared as in the repository
    dataset = DATASETS[getattr(args, "dataset", "fangchenggang")]
    copy_catalogue(root)
    empty_catalogue(root, dataset.region)
    for command in (("import", "--mapping", dataset.mapping, dataset.source), ("build",)):
        result = run(root, *command)
        if result.returncode != 0:
            print(result.stdout[-4000:] + result.stderr[-4000:])
            print(ui("acceptance_command_failed").format(command=" ".join(command), code=result.returncode))
            return 2
        if command[0] == "import":
            print("\n".join("  " + line for line in result.stdout.strip().splitlines()))
        else:
            build_output = result.stdout + result.stderr

    checks = Checks()
    records = dataset.records(exports)
    files = item_files(root)
    real = {key: f for key, f in files.items() if not key.startswith("grp-")}
    groups = {key: f for key, f in files.items() if key.startswith("grp-")}
    by_source = {str(data.get("source_id") or key): key for key, (_, data) in real.items()}
    pages = {key for key in files if (root / "site" / "items" / key / "index.html").is_file()}
    published = [key for key in real if key in pages]
    share = len(published) / len(records) if records else 0.0

    strict = run(root, "check")  # make check
    report = build_catalogue(root, read_settings(root))
    detail = io.StringIO()  # the English developer detail, written to args.log
    with redirect_stdout(detail):
        print("Checks")
        missing = sorted(set(records) - set(by_source))
        checks.expect(not missing, f"every export record has an item file ({len(missing)} missing"
                      + (f": {missing[:5]}" if missing else "") + ")")
        checks.expect(share >= dataset.min_share, f"share of records with a page {share:.1%} ≥ {dataset.min_share:.0%}")

        quality = root / "site" / "quality" / "index.html"
        rows = held_back_rows(quality.read_text(encoding="utf-8")) if quality.is_file() else []
        checks.expect(quality.is_file(), "the data-quality page quality/index.html is built")
        listed = {row.source: row for row in rows}
        held = {files[key][0].relative_to(root).as_posix(): key for key in files if key not in pages}
        unlisted = sorted(set(held) - set(listed))
        checks.expect(not unlisted, f"every item without a page is on the data-quality page ({len(unlisted)} not"
                      + (f": {unlisted[:5]}" if unlisted else "") + ")")
        listed_with_page = sorted(set(listed) - set(held))
        checks.expect(not listed_with_page, f"no item listed as held back has a page ({len(listed_with_page)})")
        no_reason = sorted(row.source for row in rows if not row.reasons)
        checks.expect(not no_reason, f"every held-back item has its reasons ({len(no_reason)} without)")
        not_in_output = sorted(source for source in held if source not in build_output)
        checks.expect(not not_in_output, f"every held-back item is named in the build output ({len(not_in_output)} not)")

        checks.expect(strict.returncode == (1 if held else 0),
                      f"check exits {strict.returncode} with {len(held)} held back (non-zero when any is)")

        keys = sorted(pages)
        if args.sample:
            keys = sorted(random.Random(args.seed).sample(keys, min(args.sample, len(keys))))
        invented: dict[str, list[str]] = {}
        untranslated: dict[str, list[str]] = {}
        identifiers = raw_identifier_pattern()
        for key in keys:
            record = records.get(str(files[key][1].get("source_id") or key)) if key in real else None
            text = page_text((root / "site" / "items" / key / "index.html").read_text(encoding="utf-8"))
            if found := invented_defaults(text, record):
                invented[key] = found
            if found := raw_identifiers(text, record, identifiers):
                untranslated[key] = found
        sample = f"{len(keys)} pages" + (f" (seed {args.seed})" if args.sample else ", all published")
        checks.expect(not invented, f"no default text the export does not state, on {sample} ({len(invented)} with"
                      + (f": {dict(list(invented.items())[:5])}" if invented else "") + ")")
        # The pages that sum items up (negative list, statistics, marks, indexes): a value
        # no item states printed as Python's None (county trial 1, C1) is a template bug.
        leaked = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.html")
                        if not {"items", "en"} & set(p.relative_to(root / "site").parts)  # "None" is English in en/
                        and re.search(r">\s*None\s*<", p.read_text(encoding="utf-8")))  # an element's whole text
        checks.expect(not leaked, f"no summary page prints None ({len(leaked)}" + (f": {leaked[:5]}" if leaked else "") + ")")
        values = Counter(v for found in untranslated.values() for v in found)
        checks.expect(not untranslated, f"no model value shown untranslated ({len(untranslated)} pages"
                      + (f": {dict(values)}" if values else "") + ")")

        reasons = Counter(reason_kind(reason) for row in rows for reason in row.reasons[:1])
        print("\nFigures")
        table = [
            ("export records (files)", f"{len(records)} ({len(list(exports.glob(dataset.pattern))) if exports.is_dir() else 1})"),
            ("item files written (+ grouping items)", f"{len(real)} (+ {len(groups)})"),
            ("pages published (+ grouping pages)", f"{len(published)} (+ {len(pages) - len(published)})"),
            ("share of records with a page", f"{share:.1%}"),
            ("held back (on the data-quality page)", f"{len(held)} ({len(listed)})"),
            ("pages checked for default text", f"{len(keys)}"),
            ("pages with a default the export does not state", f"{len(invented)}"),
            ("gaps per published item (mean; min-max)", gap_figure(report)),
        ]
        width = max(len(label) for label, _ in table)
        for label, value in table:
            print(f"  {label:<{width}}  {value}")
        if reasons:
            print("\nHeld back, by first reason")
            for reason, n in reasons.most_common():
                print(f"  {n:>4}  {reason}")
        print(f"\nFAILED: {len(checks.failures)} check(s)" if checks.failures else "\nacceptance passed")
    args.log.write_text(detail.getvalue(), encoding="utf-8")
    figures = {"records": len(records), "published": len(published), "groups": len(pages) - len(published),
               "share": share, "held": len(held), "listed": len(listed),
               "warnings": sum(not p.is_error for p in report.problems),
               "errors": sum(p.is_error for p in report.problems), "checks": checks.count,
               "failed": len(checks.failures)}
    print("\n".join(summary_lines(figures, reasons, args.log)))
    return 1 if checks.failures else 0


def summary_lines(figures: dict, reasons: Counter, log: Path) -> list[str]:
    """The Chinese summary a county reads (county trial 1, F14): what was
    published, what was held back and why (``reasons``: first reason ->
    items), the check's warnings, the verdict and where the English detail is.
    ``figures``: records, published, groups, share (0..1), held, listed,
    warnings, errors, checks, failed.  Texts: ui ``acceptance_*`` (zh.yaml)."""
    f = figures
    lines = ["", ui("acceptance_title"),
             ui("acceptance_published").format(published=f["published"], records=f["records"], share=f"{f['share']:.1%}",
                                               min_share=f"{MIN_SHARE:.0%}", groups=f["groups"]),
             ui("acceptance_held").format(held=f["held"], listed=f["listed"])]
    if reasons:
        lines += [ui("acceptance_reasons")] + [ui("acceptance_reason").format(n=n, reason=reason)
                                              for reason, n in reasons.most_common()]
    lines.append(ui("acceptance_warnings").format(warnings=f["warnings"], errors=f["errors"]))
    lines.append(ui("acceptance_failed" if f["failed"] else "acceptance_passed").format(
        failed=f["failed"], checks=f["checks"], log=log))
    return lines


if __name__ == "__main__":
    sys.exit(main())
