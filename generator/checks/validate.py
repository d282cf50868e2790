"""Stage 2 — validate: registries and items against the model and the rules.

``build_catalogue(root, settings)`` is the one entry point used by the
command line and by the MkDocs plugin, so ``make check`` and ``make build``
report exactly the same problems.  It orchestrates: the files allowed to be
read (``sources/files.py``), the registries (``registries.py``), the items
(here), then the rules (``rules.py``, ``gaps.py``).

Nothing lost, nothing silent: an item with an error, or without an element
the catalogue requires (``publish.required``), is *held back*: left out of the
catalogue and listed (``Catalogue.held_back``) with its problems, while every
other item is published.  A broken or conflicting registry entry is left out
(a conflict told once, at the new entry) and the items that refer to it are
held back.  Only a catalogue that cannot be read at all (no taxonomies) has
no catalogue.  ``make check`` still fails on any error.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Callable

from generator.checks import gaps as gap_rules
from generator.checks import code_rules, consistency, content_rules, department_codes, english, entry_keys, lifecycle, registries, rules
from generator.checks.mistakes import copies, event_items, id_names, lost_lines, names as name_rules, offices_meant, renamed_ids, salvage
from generator.checks import home as home_settings
from generator.checks import synonyms as synonym_rules
from generator.catalogue import Catalogue, Entry, HeldBack
from generator.config import Settings
from generator.messages import _catalogue, labels, say, set_language
from generator.checks.model import Department, Item
from generator.checks.model_editions import ProtectedTerms
from generator.checks.partial import ITEM_STAND_IN, Partial, dropped_fees_without_basis, trusted
from generator.checks.problems import Problem, ProblemsFound
from generator.checks.registries import Sources
from generator.sources import files
from generator.sources.ahead import Ahead, fewer_collections, start_early, take_early
from generator.checks.compact import share_fields_sets

ITEM_SUFFIXES = files.ITEM_SUFFIXES


@dataclass
class Report:
    catalogue: Catalogue | None
    problems: list[Problem] = field(default_factory=list)
    item_count: int = 0
    inheritance: object = None  # checks.inheritance.Inheritance: items extending a base catalogue

    @property
    def held_back(self) -> list[HeldBack]:
        return self.catalogue.held_back if self.catalogue else []

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def _vocabulary() -> rules.Vocabulary:
    from generator.messages import _language
    texts = _catalogue(_language)
    return rules.Vocabulary(tuple(texts["catch_all_phrases"]), tuple(texts["proof_words"]), texts["placeholder"],
                            texts.get("sample_marker", ""), tuple(texts.get("form_endings", ())),
                            tuple(texts.get("not_proofs", ())),
                            tuple(sorted(texts.get("name_form_words", ()), key=len, reverse=True)))


def item_files(items_dir: Path) -> list[Path]:
    return sorted(p for p in items_dir.rglob("*") if p.suffix in ITEM_SUFFIXES and p.is_file())


# `mkdocs serve` rebuilds in the same process after every edit: a file whose
# path, size and modification time are unchanged is not parsed again.  Only
# files that loaded without any problem are kept, so every message repeats.
_clean_items: dict[tuple[str, int, int, int], Item] = {}


def _load_item(src: Sources, path: Path) -> tuple[Item | None, Partial | None]:
    """The item, or (None, the part of it that could be read)."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns, src.max_bytes)
    if key in _clean_items and _clean_items[key].extends is None:  # a merged item depends on the base too
        return _clean_items[key], None
    before = len(src.problems)
    _, item = src.validated(path, Item, fill=ITEM_STAND_IN)
    if item is not None:  # its models' fields sets shared: 0.3 GB at 20,000 items (checks/compact.py)
        share_fields_sets(item)
    if item is not None and len(src.problems) == before:
        _clean_items[key] = item
    return item, (src.partials.get(src.display(path)) if item is None else None)


@dataclass
class _Loaded:
    entries: list[Entry] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # files held back whatever their content
    unreadable: set[str] = field(default_factory=set)  # keys of files not even partly readable
    # Why files are held back when the reason is elsewhere (a broken registry
    # entry, an unregistered folder): shown with the held-back file, reported once.
    reasons: dict[str, list[Problem]] = field(default_factory=dict)


def _load_items(src: Sources, items_dir: Path, departments: dict[str, Department],
                on_item: Callable[[Entry], None] | None = None) -> _Loaded:
    """Every item file: valid items, items read in part (held back, still
    checked) and the files that cannot be read (their problems are reported).
    Items of an unregistered or broken department are checked and held back;
    the folder is reported once, with the number of files in it."""
    loaded = _Loaded()
    folders: dict[str, list[str]] = {}
    paths = item_files(items_dir)
    # Files parsed by a forked process while this one validates (sources/ahead.py;
    # started early by `make build`); not while serving, where unchanged files are not read again.
    early = take_early(paths, src.reading_key)
    with early or Ahead(paths if not _clean_items else [], src.read) as ahead, fewer_collections():
        src.ahead = ahead
        for path in paths:
            display = src.display(path)
            relative = path.relative_to(items_dir)
            if len(relative.parts) != 2:
                message, hint = say("file_outside_department")
                src.problems.append(Problem(display, 1, 1, message, hint))
                loaded.failed.append(display)
                continue
            folder = relative.parts[0]
            item, partial = _load_item(src, path)
            if departments is not None and folder not in departments:
                folders.setdefault(folder, []).append(display)
                loaded.failed.append(display)
            if item is None and (partial is None or partial.value is None):
                loaded.failed.append(display)
                loaded.unreadable.add(path.stem)
                continue
            if item is None:
                item = partial.value
                loaded.failed.append(display)
                if display in src.salvaged:  # read past a syntax error: references to it are not reported again
                    loaded.unreadable.add(path.stem)
            origin = src.inheritance.origins.get(display) if src.inheritance is not None else None
            loaded.entries.append(Entry(item=item, department=folder, source=display, base=origin))
            if on_item is not None and display not in loaded.failed:  # e.g. start drawing its flowchart
                on_item(loaded.entries[-1])
        src.ahead = None
    for folder, files_in in folders.items():
        if folder in src.broken_ids:
            message, hint = say("broken_department_folder", folder=folder, n=len(files_in))
        else:
            close = rules.suggest(folder, departments)
            message, hint = say("unknown_department_folder", folder=folder, suggestion=close, n=len(files_in))
        problem = Problem(files_in[0], 1, 1, message, hint)
        src.problems += [problem] if folder not in src.unread_ids else []  # its syntax error says so (trial 5)
        for display in files_in:
            loaded.reasons.setdefault(display, []).append(replace(problem, file=display))
    return loaded


def _item_findings(src: Sources, cat: Catalogue, settings: Settings, entry: Entry) -> list[rules.Finding]:
    vocab = src.vocabulary
    findings = [
        *rules.check_references(entry, cat, src.broken_ids),
        *code_rules.check_codes(entry, cat, settings, src.incomplete_codes),
        *code_rules.check_file_name(entry, settings.codes.basic_layout,
                               lambda key: lifecycle.committed_identity(cat.history, key), cat),
        *content_rules.check_content(entry, vocab, proofs=cat.proof_names),
        *english.check_english(entry.item),
        *rules.check_service(entry, src.unit_labels, cat.history),
        *consistency.check_item(entry, cat, vocab.name_form_words),
    ]
    for element in gap_rules.missing_required(entry.item, settings.publish.required):
        findings.append(gap_rules.required_finding(element, src.located(entry.source)))
    return findings


def _trusted(src: Sources, entry: Entry, findings) -> list[rules.Finding]:
    """Findings on an item read only in part, in the file's key paths, without
    those a dropped part could explain (checks/partial.py)."""
    partial = src.partials.get(entry.source)
    if partial is None or partial.value is not entry.item:
        return list(findings)
    kept = []
    for f in findings:
        path = partial.original(f.path)
        if trusted(f, path, partial):
            kept.append(replace(f, path=path))
    return kept


def _hold_back(cat: Catalogue, src: Sources, loaded: _Loaded, settings: Settings, changed_codes=None) -> None:
    """Check every item; move those with errors into ``cat.held_back`` (``changed_codes``: see department_codes)."""
    bad: set[str] = set(loaded.failed)
    reasons = loaded.reasons
    users: dict[str, list[str]] = {}  # broken registry id -> files held back for it
    changed: set[tuple] = set()  # a code changed by mistake, a copy, a move: what follows from it (checks/mistakes/copies.py)
    for entry in cat.entries:
        problems = []
        found = _trusted(src, entry, _item_findings(src, cat, settings, entry))
        if (partial := src.partials.get(entry.source)) is not None:  # a dropped fee's basis (clerk trial 11, #12)
            found += [rules.Finding(path, "fee_without_basis", {"name": name}, severity="warning")
                      for path, name in dropped_fees_without_basis(partial, src.located(entry.source).data)]
        changed |= copies.folding(entry.source, found)
        for f in found:
            if copies.folded(entry.source, f, changed):  # follows from another message of this file
                continue
            problem = src.finding(entry.source, f)
            if "at" in f.values:  # where a missing element is to be added (gaps.required_finding)
                problem = replace(problem, line=f.values["at"][0], column=f.values["at"][1])
            if (why := department_codes.reason(changed_codes, entry, f)) is not None:  # told at departments.yaml
                reasons.setdefault(entry.source, []).append(src.finding(entry.source, why))
                bad.add(entry.source)
                continue
            if f.key == "broken_reference":
                # Its cause is the registry entry, reported there once with a count.
                reasons.setdefault(entry.source, []).append(problem)
                users.setdefault(f.values["value"], []).append(entry.source)
                bad.add(entry.source)
                continue
            problems.append(problem)
        src.problems += problems
        if any(p.is_error for p in problems):
            bad.add(entry.source)
    if src.inheritance is not None:  # what a county item may not change of its base item
        for display, found in src.inheritance.findings.items():
            problems = [src.finding(display, f) for f in found]
            src.problems += problems
            if any(p.is_error for p in problems):
                bad.add(display)
    for entry, f in chain(rules.check_catalogue(cat, loaded.unreadable), name_rules.same_names(cat, bad), offices_meant.window_only(cat)):
        for f in _trusted(src, entry, [f] if not copies.folded(entry.source, f, changed) else []):
            problem = src.finding(entry.source, f)
            src.problems.append(problem)
            if problem.is_error:
                bad.add(entry.source)
    src.problems += renamed_ids.told(src, users, reasons)  # a broken, renamed or deleted registry entry, once
    expected = gap_rules.expected_of(settings.publish.expected, cat.terms)
    offices_file = src.display(src.root / settings.content_dir / "offices.yaml")
    unread = {(office, top) for (display, office), partial in src.incomplete.items() if display == offices_file
              for top in partial.dropped_top()}  # written but not read: reported there, not missing (trial 6, #10)
    kept = []
    for entry in cat.entries:
        if entry.source in bad:
            continue
        kept.append(replace(entry, gaps=gap_rules.gaps(entry.item, cat.office, expected, unread)))
    src.problems = salvage.others_listed(src.problems, src.salvaged)  # "may change once fixed"
    by_file: dict[str, list[Problem]] = {}
    for problem in src.problems:
        if problem.file in bad and problem.is_error:
            by_file.setdefault(problem.file, []).append(problem)
    for source, extra in reasons.items():
        by_file.setdefault(source, []).extend(p for p in extra if p not in by_file[source])
    names = {e.source: e.item.name for e in cat.entries if e.source not in src.partials}
    cat.held_back = [HeldBack(source, _folder(source, settings), names.get(source) or _raw_name(src, source),
                              tuple(sorted(by_file.get(source, []))))
                     for source in sorted(bad)]
    # A held-back file's own problems say what is wrong with it: where it is used is not reported again,
    # by its file name or by a code it states (a file renamed "990702001000 - 副本.yaml").
    cat.reported_elsewhere |= {PurePosixPath(source).stem for source in bad}
    cat.reported_elsewhere |= {v for e in cat.entries if e.source in bad for v in code_rules.identities(e.item)}
    cat.entries = kept

    # The relations above were computed over every item, held-back ones too
    # (a held-back main item still explains its sub-items' findings); from
    # here on they must see only the published items.
    for attr in ("by_key", "_main_keys", "sub_items", "memberships", "items_at_office", "proof_users"):
        cat.__dict__.pop(attr, None)


def _lifecycle(root: Path, settings: Settings, src: Sources, cat: Catalogue, failed: list[str],
               history_at: tuple[Path, str] | None = None) -> list[str]:
    """Read the history (``sources/history.py``) into ``cat.history`` and add
    the problems of removed and reused codes, file names and implementation
    codes (``checks/lifecycle.py``); returns the files to hold back (an item
    given a code another item had)."""
    from generator.sources.history import read_history
    at, rev = history_at or (root, "HEAD")
    cat.history = read_history(at, settings.items_dir, rev=rev)
    present = {e.key: (e.source, e.item.name) for e in cat.entries}
    for display in failed:
        present.setdefault(display.rsplit("/", 1)[-1].rsplit(".", 1)[0], (display, _raw_name(src, display)))
    # An item file saved under another ending (990502002000.txt) is reported
    # as such (files.survey: rename it), not as an item removed.
    for key, display in files.misnamed_items(root, settings.items_dir).items():
        cat.reported_elsewhere.add(key)  # files.survey names the file: not again where it is used
        if key in cat.history.head_files:
            present.setdefault(key, (display, ""))
    listed = event_items.listing(src, root / settings.content_dir / registries.LIFE_EVENTS)  # clerk trial 14, #17
    problems, hold = lifecycle.problems(cat.history, present, settings.items_dir, renamed := set(), listed)
    src.problems += problems
    # A removed (or renamed, ``renamed``) file's problem names the file: its key is not reported again where used.
    cat.reported_elsewhere |= {Path(p.file).stem for p in problems if not (root / p.file).exists()} | renamed
    impl = {e.key: (e.source, e.item.name, e.item.implementation_code or "") for e in cat.entries}
    for display, finding in lifecycle.reused_implementation_codes(cat.history, impl):
        if display not in hold:  # its file name is reused already: one reason is enough
            src.problems.append(src.finding(display, finding))
            hold.add(display)
    return sorted(hold - set(failed))


def _folder(source: str, settings: Settings) -> str:
    parts = source.split("/")
    prefix = settings.items_dir.strip("/").split("/")
    return parts[len(prefix)] if len(parts) == len(prefix) + 2 else ""


def _raw_name(src: Sources, source: str) -> str:
    """The name a held-back file states, if it can be read at all."""
    try:
        data = src.located(source).data
    except ProblemsFound:
        return ""
    name = data.get("name") if isinstance(data, dict) else None
    return name.strip()[:200] if isinstance(name, str) else ""


# Validation is strict: YAML already gives numbers, booleans and dates their
# types, so a value of another type is the editor's mistake to report, not to
# convert (`visits: yes` must not become 1, `charged: 1` must not become true).
def build_catalogue(root: Path, settings: Settings, on_item: Callable[[Entry], None] | None = None,
                    history_at: tuple[Path, str] | None = None) -> Report:
    """Load and validate everything.

    The report's catalogue holds the items that can be published, with their
    gaps, and ``held_back``: the item files that cannot, with their problems.
    It is None only when the catalogue cannot be read at all (taxonomies
    missing or invalid).  ``on_item`` sees each published item as soon as it
    is known: the build starts drawing its flowchart meanwhile.  ``history_at``
    (repository, version): read the history there instead of at ``root`` (``check
    --base`` checks an exported copy of the target branch with its own history)."""
    set_language(settings.language)
    root = root.resolve()
    src = Sources(root, settings.max_item_bytes)
    src.vocabulary = _vocabulary()
    src.unit_labels = labels("unit")
    from generator.checks.inheritance import Inheritance
    src.inheritance = Inheritance(root, settings)
    content = root / settings.content_dir
    items_dir = root / settings.items_dir
    src.salvage_under = items_dir  # an item file is still checked after a syntax error (sources/mistakes/broken.py)
    for element in gap_rules.unknown_elements(settings.publish.required + settings.publish.expected):
        message, hint = say("publish_unknown_element", element=element)
        src.problems.append(Problem("mkdocs.yml", 1, 1, message, hint))
    # Links out of the repository, dangling links, unreadable and stray files.
    src.problems += files.survey(root, settings.items_dir, settings.content_dir)

    lists = {name: registries.load_list(src, content / name, model)
             for name, model in registries.LIST_REGISTRIES.items()}
    taxonomies = registries.load_taxonomies(src, content)
    src.id_names = id_names.registry_names(lists["offices.yaml"], lists["proofs.yaml"], taxonomies,
                                           lists["departments.yaml"])  # before the life events (trial 17, #23)
    events = registries.load_life_events(src, content)
    if (content / files.EDITION_TERMS).is_file():  # the 繁體版's protected terms (outputs/editions.py)
        src.validated(content / files.EDITION_TERMS, ProtectedTerms)
    synonyms = synonym_rules.checked(src, content / registries.SYNONYMS,
                                     registries.load_synonyms(src, content / registries.SYNONYMS),
                                     lambda shown: renamed_ids.committed_list(*(history_at or (root, "HEAD")), shown))
    departments = {d.id: d for d in lists["departments.yaml"]}
    loaded = _load_items(src, items_dir, departments if (content / "departments.yaml").exists() else None, on_item)
    src.incomplete_codes = {key[1] for key, partial in src.incomplete.items() if partial.touches(("codes",))}

    report = Report(catalogue=None, item_count=len(item_files(items_dir)), inheritance=src.inheritance)
    # The base's changes not yet accepted: errors of the check, the items still published.
    src.problems += [src.finding(display, f) for display, f in src.inheritance.review_findings()]
    src.problems += src.inheritance.problems
    if taxonomies is None:
        report.problems = sorted(set(src.problems))
        return report

    cat = Catalogue(entries=loaded.entries, departments=lists["departments.yaml"], offices=lists["offices.yaml"],
                    proofs=lists["proofs.yaml"], taxonomies=taxonomies, life_events=[e for _, e in events], synonyms=synonyms)
    cat.reported_elsewhere |= loaded.unreadable | registries.unread_life_events(content, events)
    cat.unreadable_files = {PurePosixPath(d).stem: d for d in loaded.failed if PurePosixPath(d).stem in loaded.unreadable}
    loaded.failed += _lifecycle(root, settings, src, cat, loaded.failed, history_at)
    src.renamed_ids = renamed_ids.changed_ids(src, cat, content, loaded.reasons, items_dir, dict(events))
    src.broken_ids |= {old: (c.display, c.index) for old, c in src.renamed_ids.items()}
    _hold_back(cat, src, loaded, settings, department_codes.told(src, cat, content / "departments.yaml", settings))
    registries.check_registries(src, cat, {e.id: display for display, e in events}, settings.region)
    src.problems += content_rules.proofs_list_missing(cat, src.vocabulary, content / "proofs.yaml")  # one, not one a material
    src.problems += home_settings.check(root, settings, cat)  # most_used, home.life_events, ratings.data
    report.problems = sorted(set(entry_keys.by_id(lost_lines.told(src.problems, *(history_at or (root, "HEAD"))), src, content)))
    report.catalogue = cat
    return report


def read_ahead(root: Path, settings: Settings) -> None:
    """Start parsing the item files on the other core now (sources/ahead.py),
    for the ``build_catalogue`` that follows in this process (``make build``:
    while MkDocs reads its configuration)."""
    src = Sources(root.resolve(), settings.max_item_bytes)
    src.salvage_under = src.root / settings.items_dir  # as build_catalogue reads them
    try:
        paths = item_files(src.salvage_under)
    except OSError:  # an unreadable folder: build_catalogue reports it, reading every file itself
        return
    start_early(paths, src.read, src.reading_key)

