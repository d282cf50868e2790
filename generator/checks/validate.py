"""Stage 2 — validate: registries and items against the model and the rules.

``build_catalogue(root, settings)`` is the one entry point used by the
command line and by the MkDocs plugin, so ``make check`` and ``make build``
report exactly the same problems.

Nothing lost, nothing silent: an item with an error, or without an element
the catalogue requires (``publish.required``), is *held back*: left out of the
catalogue and listed (``Catalogue.held_back``) with its problems, while every
other item is published.  A broken or conflicting registry entry is left out
(both entries of a conflict are named) and the items that refer to it are
held back.  Only a catalogue that cannot be read at all (no taxonomies) has
no catalogue.  ``make check`` still fails on any error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from pydantic import BaseModel, ValidationError

from generator.checks import gaps as gap_rules
from generator.checks import rules
from generator.catalogue import Catalogue, Entry, HeldBack
from generator.config import Settings
from generator.sources.load import MAX_BYTES, Document, load_file
from generator.messages import _catalogue, labels, say, set_language
from generator.checks.model import Department, Item, LifeEvent, Office, Proof, SynonymGroup, Taxonomies
from generator.checks.problems import Problem, ProblemsFound
from generator.checks.schema_errors import key_path, problems_from, walk

LIST_REGISTRIES = {
    "departments.yaml": Department,
    "offices.yaml": Office,
    "proofs.yaml": Proof,
}
TAXONOMIES = "taxonomies.yaml"
SYNONYMS = "synonyms.yaml"
LIFE_EVENTS = "life-events"
ITEM_SUFFIXES = (".yaml", ".yml")


@dataclass
class Report:
    catalogue: Catalogue | None
    problems: list[Problem] = field(default_factory=list)
    item_count: int = 0

    @property
    def held_back(self) -> list[HeldBack]:
        return self.catalogue.held_back if self.catalogue else []

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


class _Sources:
    """Reads files relative to the project root; reloads with positions on demand."""

    def __init__(self, root: Path, max_bytes: int = MAX_BYTES):
        self.root = root
        self.max_bytes = max_bytes
        self.problems: list[Problem] = []
        # Positions the loader already reported, per file: the model's
        # complaint about the same value (an unknown tag read as null) would
        # only repeat it.
        self._load_positions: dict[str, set[tuple[int, int]]] = {}
        self._located: dict[str, Document] = {}
        # Ids of registry entries that failed validation: references to them
        # are not reported again as "unknown".
        self.broken_ids: set[str] = set()

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def load(self, path: Path, positions: bool = False) -> Document | None:
        try:
            doc = load_file(path, self.display(path), positions=positions, max_bytes=self.max_bytes)
        except ProblemsFound as found:
            self.problems += found.problems
            return None
        self.problems += doc.problems
        self._load_positions[doc.display] = {(p.line, p.column) for p in doc.problems}
        return doc

    def validated(self, path: Path, model: type[BaseModel]) -> tuple[Document | None, BaseModel | None]:
        """The file, and its data validated as ``model`` (None if it is not;
        the problems are reported)."""
        doc = self.load(path)
        if doc is None:
            return None, None
        try:
            return doc, model.model_validate(doc.data, strict=True)
        except ValidationError as exc:
            self.problems += self.schema_problems(exc, doc.display, model)
            return doc, None

    def located(self, display: str) -> Document:
        """The file again, this time with the position of every key and value."""
        if display not in self._located:
            self._located[display] = load_file(self.root / display, display, positions=True,
                                               max_bytes=self.max_bytes)
        return self._located[display]

    def finding(self, display: str, finding: rules.Finding, root_model: type[BaseModel] = Item) -> Problem:
        doc = self.located(display)
        line, column = doc.position(finding.path)
        message, hint = say(finding.key, **finding.values)
        _, field_info = walk(root_model, finding.path)
        element = field_info.title if field_info and field_info.title else ""
        return Problem(display, line, column, message, hint, element, key_path(finding.path), finding.severity)

    def schema_problems(self, exc: ValidationError, display: str, model: type[BaseModel],
                        prefix: tuple = ()) -> list[Problem]:
        seen = self._load_positions.get(display, set())
        return [p for p in problems_from(exc, self.located(display), model, prefix)
                if (p.line, p.column) not in seen]


def _vocabulary() -> rules.Vocabulary:
    from generator.messages import _language
    texts = _catalogue(_language)
    return rules.Vocabulary(tuple(texts["catch_all_phrases"]), tuple(texts["proof_words"]), texts["placeholder"],
                            texts.get("sample_marker", ""), tuple(texts.get("form_endings", ())))


def _validated_list(src: _Sources, path: Path, model: type[BaseModel], required: bool = True,
                    raw: list | None = None) -> list:
    """Each entry of a registry file that is a YAML list, validated with
    ``model``; the entries that fail are reported and left out.  ``raw``, if
    given, receives the file's entries as read (valid or not)."""
    if not path.exists():
        if required:
            message, hint = say("registry_missing", file=src.display(path))
            src.problems.append(Problem(src.display(path), 1, 1, message, hint))
        return []
    doc = src.load(path)
    if doc is None:
        return []
    if not isinstance(doc.data, list):
        message, hint = say("registry_not_list")
        src.problems.append(Problem(doc.display, 1, 1, message, hint))
        return []
    if raw is not None:
        raw += doc.data
    entries = []
    for index, data in enumerate(doc.data):
        try:
            entries.append(model.model_validate(data, strict=True))
        except ValidationError as exc:
            src.problems += src.schema_problems(exc, doc.display, model, (index,))
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                src.broken_ids.add(data["id"])
    return entries


def _load_list(src: _Sources, path: Path, model: type[BaseModel]) -> list:
    """A registry's valid entries.  Entries that share an id are all left out
    (which one is meant is unknown), valid or not, and each is named."""
    raw: list = []
    entries = _validated_list(src, path, model, raw=raw)
    positions: dict[str, list[int]] = {}
    for index, data in enumerate(raw):
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            positions.setdefault(data["id"], []).append(index)
    conflicts = {value: where for value, where in positions.items() if len(where) > 1}
    display = src.display(path)
    for value, where in conflicts.items():
        for at in where:
            others = "、".join(f"第 {a + 1} 项" for a in where if a != at)
            finding = rules.Finding((at, "id"), "registry_duplicate", {"id": value, "code": value, "other": others})
            src.problems.append(src.finding(display, finding, BaseModel))
        src.broken_ids.add(value)
    return [e for e in entries if e.id not in conflicts]


def _load_synonyms(src: _Sources, path: Path) -> list[list[str]]:
    """The optional synonym list: groups of words, each group at least two."""
    return [group.root for group in _validated_list(src, path, SynonymGroup, required=False)]


def _check_unique_ids(src: _Sources, display: str, entries: list, key, prefix: tuple, message: str) -> None:
    seen: dict = {}
    for index, entry in enumerate(entries):
        value = key(entry)
        if value in seen:
            finding = rules.Finding(prefix + (index,), message,
                                    {"id": value, "code": value, "other": f"第 {seen[value] + 1} 项"})
            src.problems.append(src.finding(display, finding, BaseModel))
        else:
            seen[value] = index


def _load_taxonomies(src: _Sources, content: Path) -> Taxonomies | None:
    path = content / TAXONOMIES
    if not path.exists():
        message, hint = say("registry_missing", file=src.display(path))
        src.problems.append(Problem(src.display(path), 1, 1, message, hint))
        return None
    doc, taxonomies = src.validated(path, Taxonomies)
    if taxonomies is None:
        return None
    for group in Taxonomies.model_fields:
        _check_unique_ids(src, doc.display, getattr(taxonomies, group), lambda t: t.id, (group,),
                          "registry_duplicate")
    return taxonomies


def _load_life_events(src: _Sources, content: Path) -> list[tuple[str, LifeEvent]]:
    folder = content / LIFE_EVENTS
    events = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        doc, event = src.validated(path, LifeEvent)
        if event is not None:
            events.append((doc.display, event))
    return events


def item_files(items_dir: Path) -> list[Path]:
    return sorted(p for p in items_dir.rglob("*") if p.suffix in ITEM_SUFFIXES and p.is_file())


# `mkdocs serve` rebuilds in the same process after every edit: a file whose
# path, size and modification time are unchanged is not parsed again.  Only
# files that loaded without any problem are kept, so every message repeats.
_clean_items: dict[tuple[str, int, int, int], Item] = {}


def _load_item(src: _Sources, path: Path) -> Item | None:
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns, src.max_bytes)
    if key in _clean_items:
        return _clean_items[key]
    before = len(src.problems)
    _, item = src.validated(path, Item)
    if item is not None and len(src.problems) == before:
        _clean_items[key] = item
    return item


def _load_items(src: _Sources, items_dir: Path, departments: dict[str, Department],
                on_item: Callable[[Entry], None] | None = None) -> tuple[list[Entry], list[str]]:
    """Valid items, and the files that are not (their problems are reported)."""
    entries, failed = [], []
    for path in item_files(items_dir):
        display = src.display(path)
        relative = path.relative_to(items_dir)
        if len(relative.parts) != 2:
            message, hint = say("file_outside_department")
            src.problems.append(Problem(display, 1, 1, message, hint))
            failed.append(display)
            continue
        folder = relative.parts[0]
        if departments is not None and folder not in departments:
            if folder in src.broken_ids:
                message, hint = say("broken_department_folder", folder=folder)
            else:
                close = rules.suggest(folder, departments)
                message, hint = say("unknown_department_folder", folder=folder, suggestion=close)
            src.problems.append(Problem(display, 1, 1, message, hint))
            failed.append(display)
            continue
        item = _load_item(src, path)
        if item is None:
            failed.append(display)
            continue
        entries.append(Entry(item=item, department=folder, source=display))
        if on_item is not None:  # e.g. start drawing its flowchart while the rest is checked
            on_item(entries[-1])
    return entries, failed


def _check_registries(src: _Sources, cat: Catalogue, event_sources: dict[str, str]) -> None:
    offices_file = src.display(src.root / "content" / "offices.yaml")
    for display, model, finding in rules.check_registries(cat, event_sources, offices_file):
        src.problems.append(src.finding(display, finding, model))


def _item_findings(src: _Sources, cat: Catalogue, settings: Settings, entry: Entry) -> list[rules.Finding]:
    vocab = src.vocabulary
    findings = [
        *rules.check_references(entry, cat, src.broken_ids),
        *rules.check_codes(entry, cat, settings),
        *rules.check_file_name(entry),
        *rules.check_content(entry, vocab, proofs_listed=bool(cat.proofs)),
        *rules.check_service(entry, src.unit_labels),
    ]
    for element in gap_rules.missing_required(entry.item, settings.publish.required):
        findings.append(rules.Finding(("name",), "not_publishable", {"element": gap_rules.element_title(element)}))
    return findings


def _hold_back(cat: Catalogue, src: _Sources, failed: list[str], settings: Settings) -> None:
    """Check every item; move those with errors into ``cat.held_back``."""
    bad: set[str] = set(failed)
    for entry in cat.entries:
        problems = [src.finding(entry.source, f) for f in _item_findings(src, cat, settings, entry)]
        src.problems += problems
        if any(p.is_error for p in problems):
            bad.add(entry.source)
    for entry, f in rules.check_catalogue(cat):
        problem = src.finding(entry.source, f)
        src.problems.append(problem)
        if problem.is_error:
            bad.add(entry.source)
    expected = set(settings.publish.expected)
    kept = []
    for entry in cat.entries:
        if entry.source in bad:
            continue
        kept.append(Entry(entry.item, entry.department, entry.source, gap_rules.gaps(entry.item, cat.office, expected)))
    by_file: dict[str, list[Problem]] = {}
    for problem in src.problems:
        if problem.file in bad and problem.is_error:
            by_file.setdefault(problem.file, []).append(problem)
    names = {e.source: e.item.name for e in cat.entries}
    cat.held_back = [HeldBack(source, _folder(source, settings), names.get(source) or _raw_name(src, source),
                              tuple(sorted(by_file.get(source, []))))
                     for source in sorted(bad)]
    cat.entries = kept
    # The relations above were computed over every item, held-back ones too
    # (a held-back main item still explains its sub-items' findings); from
    # here on they must see only the published items.
    for attr in ("by_key", "_main_keys", "sub_items", "memberships", "items_at_office"):
        cat.__dict__.pop(attr, None)


def _folder(source: str, settings: Settings) -> str:
    parts = source.split("/")
    prefix = settings.items_dir.strip("/").split("/")
    return parts[len(prefix)] if len(parts) == len(prefix) + 2 else ""


def _raw_name(src: _Sources, source: str) -> str:
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
def build_catalogue(root: Path, settings: Settings, on_item: Callable[[Entry], None] | None = None) -> Report:
    """Load and validate everything.

    The report's catalogue holds the items that can be published, with their
    gaps, and ``held_back``: the item files that cannot, with their problems.
    It is None only when the catalogue cannot be read at all (taxonomies
    missing or invalid).  ``on_item`` sees each published item as soon as it
    is known: the build starts drawing its flowchart meanwhile."""
    set_language(settings.language)
    root = root.resolve()
    src = _Sources(root, settings.max_item_bytes)
    src.vocabulary = _vocabulary()
    src.unit_labels = labels("unit")
    content = root / settings.content_dir
    items_dir = root / settings.items_dir
    for element in gap_rules.unknown_elements(settings.publish.required + settings.publish.expected):
        message, hint = say("publish_unknown_element", element=element)
        src.problems.append(Problem("mkdocs.yml", 1, 1, message, hint))

    lists = {name: _load_list(src, content / name, model) for name, model in LIST_REGISTRIES.items()}
    taxonomies = _load_taxonomies(src, content)
    events = _load_life_events(src, content)
    synonyms = _load_synonyms(src, content / SYNONYMS)
    departments = {d.id: d for d in lists["departments.yaml"]}
    entries, failed = _load_items(src, items_dir, departments if (content / "departments.yaml").exists() else None,
                                  on_item)

    report = Report(catalogue=None, item_count=len(item_files(items_dir)))
    if taxonomies is None:
        report.problems = sorted(set(src.problems))
        return report

    cat = Catalogue(entries=entries, departments=lists["departments.yaml"], offices=lists["offices.yaml"],
                    proofs=lists["proofs.yaml"], taxonomies=taxonomies, life_events=[e for _, e in events], synonyms=synonyms)
    _hold_back(cat, src, failed, settings)
    _check_registries(src, cat, {e.id: display for display, e in events})
    report.problems = sorted(set(src.problems))
    report.catalogue = cat
    return report


def in_paths(file: str, paths: list[str]) -> bool:
    """True when ``file`` is one of ``paths`` or inside one of them (for `check PATHS`)."""
    return any(not x or file == x or file.startswith(x + "/") for x in (p.rstrip("/") for p in paths))


def only(problems: Iterable[Problem], paths: list[str]) -> list[Problem]:
    """Problems in the given files or folders (for `check PATHS`)."""
    return [p for p in problems if in_paths(p.file, paths)]
