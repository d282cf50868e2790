"""The catalogue under test (issue 18): which catalogue the catalogue gates
check, whether it is the demo, and one page of every kind picked from it.

Two sorts of test look at a catalogue rather than at fixtures:

* **catalogue gates** (links, axe, no external requests, no script run from
  data, print, the search regression queries) hold for any catalogue: they
  run on the configured catalogue and visit the pages ``page_kinds`` picks
  from it, never a code written in the test;
* **demo tests** (marker ``demo``) assert what the demo city's data says;
  they are skipped when the configured catalogue is not the demo.

The catalogue is a folder with its own ``mkdocs.yml``: ``pytest
--catalogue=DIR`` or the environment variable ``CATALOGUE=DIR`` (relative to
the current folder), by default the one the commands choose
(``generator.config.default_root`` from the repository's top: a fork's own
catalogue in ``catalogue/``, else the demo city in ``examples/demo-city``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml

REPO = Path(__file__).resolve().parent.parent
# The province code the demo city's items carry: "99" is no real province, so a
# county's catalogue (whose item codes start with its real province code) has another.
DEMO_PROVINCE_CODE = "99"
QUERIES_FILE = "search_queries.yaml"

# Every kind of page, in this order ("item": an item in use with steps, one with
# situations if there is one; the gates in Chromium visit BROWSER_KINDS).  A kind the catalogue lacks
# (no retired item, no life event ...) is left out of ``page_kinds`` with the reason.
KINDS = (
    "home", "item", "item with situations (variants)", "item with a situation chosen",
    "main item with sub-items", "sub-item", "cancelled item", "suspended item",
    "life event (bundle)", "life events", "office", "offices", "department", "departments",
    "all items", "topic", "level", "mark", "marks", "statistics", "data quality", "proofs", "changes",
    "open data", "for departments", "field reference", "search page", "search dialog", "404",
)

# The files holding the catalogue gates (tests marked ``gate`` by conftest.py:
# those using the catalogue_* fixtures and not marked ``demo``).  Run them on a
# catalogue with:  CATALOGUE=DIR python -m pytest -m gate <these files>
GATE_FILES = ("tests/test_links.py", "tests/test_browser.py", "tests/test_reader_browser.py",
              "tests/outputs/test_search.py", "tests/site/test_theme_settings.py")
BROWSER_KINDS = ("home", "item with situations (variants)", "item with a situation chosen", "item",
                 "main item with sub-items", "sub-item", "cancelled item", "suspended item", "life event (bundle)",
                 "office", "department", "all items", "statistics", "search page", "search dialog", "404")


def catalogue_root(option: str | None = None) -> Path:
    """The folder of the catalogue under test: ``option`` (pytest's
    ``--catalogue``), else ``$CATALOGUE``, else ``catalogue/`` of the
    repository (a fork), else its top when it has a mkdocs.yml (an older fork),
    else the demo city (generator.config.default_root).
    Raises FileNotFoundError if the folder has no mkdocs.yml."""
    from generator.config import default_root

    chosen = option or str(default_root(here=REPO))
    root = Path(chosen).expanduser().resolve()
    if not (root / "mkdocs.yml").is_file():
        raise FileNotFoundError(f"CATALOGUE={chosen}: no mkdocs.yml in {root}")
    return root


def config(root: Path) -> dict:
    """The catalogue's mkdocs.yml, as YAML (MkDocs' !ENV tags read as null)."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader) or {}


def options(root: Path) -> dict:
    """The ``catalogue`` plugin's options in the catalogue's mkdocs.yml."""
    return next((p["catalogue"] or {} for p in config(root).get("plugins", [])
                 if isinstance(p, dict) and "catalogue" in p), {})


def is_demo(root: Path) -> bool:
    """True when ``root`` is the demo city: its mkdocs.yml says ``sample_data:
    true`` and ``province_code: "99"``.  A county sets its real province code
    (``make check`` holds its item codes to it) and ``sample_data: false``
    (else every page says 示例数据), so a fork is not taken for the demo."""
    opts = options(root)
    return opts.get("sample_data") is True and str(opts.get("province_code")) == DEMO_PROVINCE_CODE


def search_queries(root: Path) -> tuple[Path | None, str]:
    """The search regression query file of the catalogue: ``<root>/search_queries.yaml``
    (a list of ``{query, expect: item key, note}``; the expected item must be in
    the top 3).  (None, why) when it has none."""
    own = root / QUERIES_FILE
    if own.is_file():
        return own, ""
    return None, f"the catalogue {root} has no {QUERIES_FILE} (search regression queries)"


def tell_county(request, gate: str, lines: list[str]) -> None:
    """Keep the Chinese lines (each with its 怎么改) a failing catalogue gate
    says to the county that maintains the catalogue; ``gate`` names its title
    (ui text ``test_gates_<gate>`` in generator/locales/zh.yaml).  conftest.py's
    ``pytest_terminal_summary`` prints them after pytest's own report (county
    trial 2, #3: ``make test`` in a fork failed in English only)."""
    if lines:
        request.node.user_properties.append(("county", (gate, list(lines))))


@dataclass(frozen=True)
class Pages:
    """One page of every kind of a built catalogue."""
    paths: dict[str, str]     # kind -> URL path under the site root (query string included)
    missing: dict[str, str]   # kind -> why the catalogue has no such page
    query: str                # a search query that finds the picked item (its name)

    def get(self, kind: str, distinct_from: tuple[str, ...] = ()) -> str:
        """The URL path of ``kind``; skips the calling test when the catalogue
        has none, or when it is the page of a kind before it in ``distinct_from``
        (already visited by the same gate)."""
        import pytest
        if kind not in self.paths:
            pytest.skip(f"no page of kind {kind!r}: {self.missing.get(kind, 'unknown kind')}")
        earlier = distinct_from[:distinct_from.index(kind)] if kind in distinct_from else ()
        same = [k for k in earlier if self.paths.get(k) == self.paths[kind]]
        if same:
            pytest.skip(f"the page of kind {kind!r} is the one of {same[0]!r}")
        return self.paths[kind]


def _first_listing(site: Path, folder: str) -> str | None:
    base = site / folder
    found = sorted(p.parent.name for p in base.glob("*/index.html")) if base.is_dir() else []
    return f"{folder}/{found[0]}/" if found else None


def page_kinds(root: Path, site: Path) -> Pages:
    """One page of every kind of ``KINDS``, picked from the catalogue at ``root``
    (read with the generator) whose site was built into ``site``: the first item
    (by key) with situations and steps (else with steps; one with a summary
    first), the first main item with sub-items, the
    first cancelled and suspended item, the first life event, office,
    department, topic, level and mark.  Only pages that exist in ``site`` are
    kept; the others are in ``missing`` with the reason."""
    from generator.checks.validate import build_catalogue
    from generator.config import read_settings

    settings = read_settings(root)
    report = build_catalogue(root, settings)
    catalogue = report.catalogue
    assert catalogue is not None, f"{root}: the catalogue has errors: " + "; ".join(
        f"{p.file}:{p.line} {p.message}" for p in report.errors[:5])
    entries = catalogue.entries
    in_use = [e for e in entries if e.item.status == "in_use"]
    picks: dict[str, str | None] = {kind: None for kind in KINDS}
    why: dict[str, str] = {}

    def first(kind: str, found: list, reason: str) -> None:
        if found:
            picks[kind] = found[0]
        else:
            why[kind] = reason

    varied = [e for e in in_use if e.item.variants and e.item.steps]
    first("item with situations (variants)", [f"items/{e.key}/" for e in varied],
          "no item in use with situations and steps")
    if varied:
        texts = yaml.safe_load((REPO / "generator" / "locales" / f"{settings.language or 'zh'}.yaml")
                               .read_text(encoding="utf-8"))
        param = (texts.get("page") or {}).get("situation_param", "情形")
        picks["item with a situation chosen"] = f"items/{varied[0].key}/?{param}={varied[0].item.variants[0].id}"
    else:
        why["item with a situation chosen"] = why["item with situations (variants)"]
    plain = [e for e in in_use if e.item.steps] or in_use
    # the richest: with situations, else with steps; with a summary first (an export may state none)
    item = (sorted(varied or plain, key=lambda e: not e.item.summary) or [None])[0]
    first("item", [f"items/{item.key}/"] if item else [], "no item in use")
    mains = [e for e in entries if catalogue.is_main(e) and catalogue.sub_items.get(e.key)]
    first("main item with sub-items", [f"items/{e.key}/" for e in mains], "no main item with sub-items")
    first("sub-item", [f"items/{catalogue.sub_items[e.key][0].key}/" for e in mains], "no sub-item")
    for status in ("cancelled", "suspended"):
        first(f"{status} item", [f"items/{e.key}/" for e in entries if e.item.status == status], f"no {status} item")
    first("life event (bundle)", [f"life-events/{b.id}/" for b in catalogue.life_events], "no life event")
    first("office", [f"offices/{o.id}/" for o in catalogue.offices], "no office")
    first("department", [f"departments/{e.department}/" for e in in_use], "no department with an item in use")
    for kind, folder in (("topic", "topics"), ("level", "levels"), ("mark", "marks")):
        first(kind, [p for p in [_first_listing(site, folder)] if p], f"no page under {folder}/")
    fixed = {"home": "", "life events": "life-events/", "offices": "offices/", "departments": "departments/",
             "all items": "all/", "marks": "marks/", "statistics": "statistics/", "data quality": "quality/",
             "proofs": "proofs/", "changes": "changes/", "open data": "open-data/",
             "for departments": "for-departments/", "field reference": "reference/fields/", "404": "404.html"}
    picks.update(fixed)
    query = item.item.name if item else ""
    if query:
        picks["search page"] = f"find/?query={quote(query)}"
        picks["search dialog"] = f"?q={quote(query)}"  # Material opens its search dialog for ?q= on load
    else:
        why["search page"] = why["search dialog"] = "no item in use to search for"
    paths = {}
    for kind in KINDS:
        path = picks.get(kind)
        if path is None:
            continue
        file = path.split("?", 1)[0]
        file = site / (file if file.endswith(".html") else file + "index.html")
        if file.is_file():
            paths[kind] = path
        else:
            why[kind] = f"{file.relative_to(site)} was not built"
    return Pages(paths, {k: v for k, v in why.items() if k not in paths}, query)
