"""Stage 2 — the registries: reading them, and the conflicts between entries.

``Sources`` reads files relative to the project root (reloading them with the
position of every key when a problem must be located); the functions below
read the registries under ``content/``:

- ``departments.yaml``, ``offices.yaml``, ``proofs.yaml``: lists of entries
  (``load_list``).  An entry that fails the model is reported and left out;
  entries that share an id are all left out (which one is meant is unknown),
  told once, at the entry new since the last commit (``checks/mistakes/pasted_ids.py``).
- ``taxonomies.yaml``: one mapping of term lists (``load_taxonomies``); a term
  id used twice in one list is reported once, at the new term.
- ``life-events/*.yaml``: one life event per file (``load_life_events``).
- ``synonyms.yaml`` (optional): groups of search words (``load_synonyms``).

Ids of entries that fail are kept in ``Sources.broken_ids``, so items that
refer to them are not told the id is "unknown" as well.  A syntax error in a
list registry leaves out only the entry holding it (``sources/mistakes/broken.py``);
the ids lost with it are in ``Sources.unread_ids`` (clerk trial 5).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, ValidationError

from generator.catalogue import Catalogue
from generator.checks import rules, rules_registries
from generator.checks.model import Department, Item, LifeEvent, Office, Proof, SynonymGroup, Taxonomies, Term
from generator.checks.partial import Partial, validate_partially
from generator.checks.partial_events import LIFE_EVENT_STAND_IN, check_partial_life_events
from generator.checks.problems import Problem, ProblemsFound
from generator.checks.mistakes import pasted_ids, renamed_ids
from generator.checks.mistakes.list_entries import without_comma_warnings
from generator.checks.schema_errors import key_path, problems_from, walk
from generator.messages import say
from generator.sources.mistakes.broken import ELEMENT_MODEL, entry_ids
from generator.checks.mistakes.salvage import cut_out, refused_paths
from generator.sources.mistakes.entry_cut import cut_paths
from generator.sources.files import inside
from generator.sources.load import MAX_BYTES, Document, load_file
from generator.sources.mistakes.text import empty_values

LIST_REGISTRIES = {
    "departments.yaml": Department,
    "offices.yaml": Office,
    "proofs.yaml": Proof,
}
TAXONOMIES = "taxonomies.yaml"
SYNONYMS = "synonyms.yaml"
LIFE_EVENTS = "life-events"


class Sources:
    """Reads files relative to the project root; reloads with positions on demand.

    ``problems`` collects every problem found while reading and validating."""

    def __init__(self, root: Path, max_bytes: int = MAX_BYTES):
        self.root = root
        self.max_bytes = max_bytes
        self.problems: list[Problem] = []
        # Positions the loader already reported, per file: the model's
        # complaint about the same value (an unknown tag read as null) would
        # only repeat it.
        self._load_positions: dict[str, set[tuple[int, int]]] = {}
        self._located: dict[str, Document] = {}
        # Ids of registry entries that cannot be used (a required key is
        # invalid, or the id is used twice) -> (file shown, index of the entry):
        # references to them are not reported again as "unknown".
        self.broken_ids: dict[str, tuple[str, int]] = {}
        # Registry ids renamed or deleted since the commit: old id -> checks/renamed_ids.Changed.
        self.renamed_ids: dict = {}
        # The readable part of each file (or registry entry: "file#index")
        # that failed validation (checks/partial.py).
        self.partials: dict[str, Partial] = {}
        # Registry entries used without their invalid parts: (file shown, id) -> what was read.
        self.incomplete: dict[tuple[str, str], Partial] = {}
        # (file shown, id) -> the entry's index in that file (entries left out shift the others).
        self.entry_index: dict[tuple[str, str], int] = {}
        # Departments whose category codes were dropped: items are not checked against them.
        self.incomplete_codes: set[str] = set()
        # Items that extend a base catalogue (checks/inheritance.py): merged before validation.
        self.inheritance = None
        # group -> id -> Chinese names (checks/mistakes/id_names.py): a name written for an id is answered with the id.
        self.id_names = None
        self.ahead = None  # while the item files are read: sources.ahead.Ahead
        # Files under this folder (the items) are still read after a syntax error (sources/mistakes/broken.py).
        self.salvage_under: Path | None = None
        self.salvaged: dict[str, Document] = {}  # file shown -> its document read in part after a syntax error
        self.salvage_files: set[Path] = set()  # registries read in part after a syntax error as well
        self.entry_cuts: set[Path] = set()  # ... leaving out the list entries around it only (life events)
        # Ids of registry entries that could not be read at all (a syntax error): id -> file shown.
        # Reported once, by the syntax error; what refers to them is held back without a message.
        self.unread_ids: dict[str, str] = {}
        self.twice_ids: dict[str, list] = {}  # an id two entries of a registry have -> checks/mistakes/pasted_ids.Twice

    def read(self, path: Path) -> Document:
        """``load_file`` as every file of the catalogue is read (no positions,
        the size limit, no link out of the project); raises ProblemsFound."""
        return load_file(path, self.display(path), positions=False, max_bytes=self.max_bytes, within=self.root,
                         salvage=self._salvage(path), gbk=self._gbk(path))

    @property
    def reading_key(self) -> tuple:
        """What ``read`` depends on besides the path (sources/ahead.take_early)."""
        return self.root, self.max_bytes, self.salvage_under  # item files: salvaged by their folder

    def _salvage(self, path: Path) -> bool | str:
        return "entries" if path in self.entry_cuts else path in self.salvage_files or \
            self.salvage_under is not None and path.is_relative_to(self.salvage_under)

    def _gbk(self, path: Path) -> bool:  # items, life events read as GBK for their other checks (trial 11); no registry
        return path in self.entry_cuts or self.salvage_under is not None and path.is_relative_to(self.salvage_under)

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def load(self, path: Path, model: type[BaseModel] | None = None) -> Document | None:
        """The file read (None if it cannot be: reported).  The loader's
        problems are reported too, named by the element of ``model`` they are in."""
        named = ELEMENT_MODEL.set(model)  # a syntax error names the element by this model's titles
        try:
            # An item file the other core has parsed already (sources/ahead.py; None: read it here).
            doc = (self.ahead.get(path) if self.ahead is not None else None) or self.read(path)
        except ProblemsFound as found:
            self.problems += found.problems
            return None
        finally:
            ELEMENT_MODEL.reset(named)
        for problem, where in zip(doc.problems, doc.problem_paths):
            _, field_info = walk(model, where) if model is not None else (None, None)
            element = field_info.title if field_info is not None and field_info.title else ""
            self.problems.append(replace(problem, element=element, key=key_path(where)))
        self._load_positions[doc.display] = {(p.line, p.column) for p in doc.problems}
        return doc

    def validated(self, path: Path, model: type[BaseModel],
                  fill: dict | None = None) -> tuple[Document | None, BaseModel | None]:
        """The file, and its data validated as ``model`` (None if it is not, or
        if the loader refused a value in it; the problems are reported).  When
        it is not, its readable part is kept in ``partials`` (``checks/partial.py``;
        ``fill`` stands in for required top-level keys)."""
        doc = self.load(path, model)
        if doc is None:
            return None, None
        if "extends" in doc.cut:  # what it inherits is unknown: any "missing" would be a false alarm
            self.partials[doc.display] = Partial(None)
            return doc, None
        if model is Item and self.inheritance is not None:
            self.inheritance.merge(doc)
        try:
            valid = model.model_validate(doc.data, strict=True)
        except ValidationError as exc:
            found = cut_out(doc, self.schema_problems(exc, doc.display, model))
            self.problems = without_comma_warnings(self.problems, doc, found) + found
            valid = None
        if valid is not None and not doc.errors:
            self.problems += [self.empty_element(doc.display, where, model) for where in empty_values(doc.data)]
            return doc, valid
        cut = cut_paths(doc.cut, model)  # top-level keys, or a life event's steps[1] (sources/mistakes/broken.py)
        self.partials[doc.display] = validate_partially(model, doc.data, refused_paths(doc) | cut, fill)
        if doc.broken:
            self.salvaged[doc.display] = doc
        return doc, None

    def empty_element(self, display: str, where: tuple, model: type[BaseModel]) -> Problem:
        """A warning for a key written with nothing after it, which the model
        took as not stated (issue 13: ``complaint:`` left empty passed silently)."""
        key = next(p for p in reversed(where) if isinstance(p, str))
        message, hint = say("empty_element", key=key)
        _, field_info = walk(model, where)
        line, column = self.located(display).position(where, of_key=True)
        return Problem(display, line, column, message, hint, field_info.title if field_info and field_info.title else "",
                       key_path(where), "warning")

    def located(self, display: str) -> Document:
        """The file again, this time with the position of every key and value."""
        if display not in self._located:
            self._located[display] = load_file(self.root / display, display, positions=True, max_bytes=self.max_bytes,
                                               within=self.root, salvage=self._salvage(self.root / display),
                                               gbk=self._gbk(self.root / display))
            if self.inheritance is not None:
                self.inheritance.place(self._located[display])
        return self._located[display]

    def finding(self, display: str, finding: rules.Finding, root_model: type[BaseModel] = Item) -> Problem:
        doc = self.located(display)
        line, column = doc.position(finding.path)
        values = {k: doc.position(v)[0] if k.endswith("_line") and isinstance(v, tuple) else v  # a key path's line
                  for k, v in finding.values.items()}  # (clerk trial 16, #38: where the first of two ids is)
        message, hint = say(finding.key, **values)
        _, field_info = walk(root_model, finding.path)
        element = finding.element or (field_info.title if field_info and field_info.title else "")
        return Problem(display, line, column, message, hint, element, key_path(finding.path), finding.severity)

    def schema_problems(self, exc: ValidationError, display: str, model: type[BaseModel],
                        prefix: tuple = ()) -> list[Problem]:
        seen = self._load_positions.get(display, set())
        return [p for p in problems_from(exc, self.located(display), model, prefix, self.id_names)
                if (p.line, p.column) not in seen]


def _validated_list(src: Sources, path: Path, model: type[BaseModel], required: bool = True,
                    raw: list | None = None) -> list:
    """Each entry of a registry file that is a YAML list, validated with
    ``model``; the entries that fail are reported and left out.  ``raw``, if
    given, receives the file's entries as read (valid or not)."""
    if not path.exists():
        if required:
            message, hint = say("registry_missing", file=src.display(path))
            src.problems.append(Problem(src.display(path), 1, 1, message, hint))
        return []
    src.salvage_files.add(path)  # a syntax error leaves out its entry only (clerk trial 5, 9A)
    start = len(src.problems)
    doc = src.load(path, model)
    if doc is None or doc.broken:
        _unread_entries(src, path, doc, start)
    if doc is None:
        return []
    if not isinstance(doc.data, list):
        message, hint = say("registry_not_list")
        src.problems.append(Problem(doc.display, 1, 1, message, hint))
        return []
    if raw is not None:
        raw += doc.data
    # An entry with an invalid value is used without it (the value reads as
    # not stated; e.g. `codes: [01]`): what refers to it still finds it, and
    # only the entry is reported.  An entry whose id or another required key
    # is invalid cannot be used: its id is "broken".
    refused = refused_paths(doc, doc.broken)
    entries = []
    for index, data in enumerate(doc.data):
        mine = {where[1:] for where in refused if where[:1] == (index,)}
        try:
            entry = model.model_validate(data, strict=True)
            if not mine:
                entries.append(entry)
                if "id" in model.model_fields:
                    src.entry_index[(doc.display, entry.id)] = index
                continue
        except ValidationError as exc:
            found = src.schema_problems(exc, doc.display, model, (index,))
            src.problems = without_comma_warnings(src.problems, doc, found) + found
        if "id" not in model.model_fields:
            continue  # e.g. a synonym group: checks/synonyms.py says what is left of it
        partial = validate_partially(model, data, mine)
        src.partials[f"{doc.display}#{index}"] = partial
        if partial.value is not None and not partial.touches(("id",)):
            entries.append(partial.value)
            src.incomplete[(doc.display, partial.value.id)] = partial
            src.entry_index[(doc.display, partial.value.id)] = index
        elif isinstance(data, dict) and isinstance(data.get("id"), str):
            src.broken_ids.setdefault(data["id"], (doc.display, index))
    return entries


def _unread_entries(src: Sources, path: Path, doc: Document | None, start: int) -> None:
    """The ids of a registry's entries lost to a syntax error (the whole file
    when ``doc`` is None), read from its text (``broken.entry_ids``), into
    ``src.unread_ids`` and ``src.broken_ids``: items and life events that
    refer to them are held back quietly, and the syntax errors (problems from
    ``start`` on) say so, once (README: a broken registry entry is reported once)."""
    try:  # only what the loader would read: no pipe, nothing too large or outside the project
        if not path.is_file() or path.stat().st_size > src.max_bytes or not inside(path, src.root):
            return
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return
    entries = doc.data if doc is not None and isinstance(doc.data, list) else []
    read = {e.get("id") for e in entries if isinstance(e, dict)}
    lost = [i for i in dict.fromkeys(entry_ids(text)) if i not in read]
    display = src.display(path)
    for value in lost:
        src.unread_ids[value] = display
        src.broken_ids.setdefault(value, (display, -1))
    if not lost:
        return
    shown = "、".join(lost[:8]) + ("……" if len(lost) > 8 else "")
    note = say("registry_entries_unread" if doc is not None else "registry_unread", ids=shown, n=len(lost))[0]
    end = start + (doc.broken if doc is not None else len(src.problems) - start)
    part, entry = say("yaml_syntax_part", detail="")[0], say("yaml_syntax_entry", detail="")[0]  # read past: a part
    src.problems[start:end] = [replace(p, hint=f"{p.hint}{note}", message=p.message.replace(part, entry)
                                       if doc is not None else p.message) for p in src.problems[start:end]]


def load_list(src: Sources, path: Path, model: type[BaseModel]) -> list:
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
    committed = renamed_ids.committed_list(src.root, "HEAD", display) if conflicts else []
    for value, where in conflicts.items():  # one error at the new entry (checks/mistakes/pasted_ids.py)
        src.twice_ids[value] = pasted_ids.twice(src, display, model, value, where, raw, committed)
        src.problems += [t.problem for t in src.twice_ids[value]]
        src.broken_ids.setdefault(value, (display, where[-1]))
    return [e for e in entries if e.id not in conflicts]


def load_synonyms(src: Sources, path: Path) -> list[list[str]]:
    """The optional synonym list: groups of words, each group at least two."""
    return [group.root for group in _validated_list(src, path, SynonymGroup, required=False)]


def load_taxonomies(src: Sources, content: Path) -> Taxonomies | None:
    """The taxonomies, or None (reported) when the file is missing or invalid."""
    path = content / TAXONOMIES
    if not path.exists():
        message, hint = say("registry_missing", file=src.display(path))
        src.problems.append(Problem(src.display(path), 1, 1, message, hint))
        return None
    doc, taxonomies = src.validated(path, Taxonomies)
    if taxonomies is None:
        return None
    committed = None
    for group in Taxonomies.model_fields:  # a term pasted twice: told once, at the new one (checks/mistakes/pasted_ids.py)
        positions: dict[str, list[int]] = {}
        for index, term in enumerate(getattr(taxonomies, group)):
            positions.setdefault(term.id, []).append(index)
        for value, where in ((v, w) for v, w in positions.items() if len(w) > 1):
            committed = committed if committed is not None else renamed_ids.committed_mapping(src.root, "HEAD", doc.display)
            src.problems += [t.problem for t in pasted_ids.twice(src, doc.display, Term, value, where, doc.data[group],
                                                                  committed.get(group) or [], (group,))]
    return taxonomies


def load_life_events(src: Sources, content: Path) -> list[tuple[str, LifeEvent]]:
    """(file shown to editors, life event) for each valid file of ``life-events/``."""
    folder = content / LIFE_EVENTS
    events = []
    # A dangling link is not a file: files.survey reports it.
    for path in sorted(p for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else []:
        src.entry_cuts.add(path)  # a syntax error leaves out its part only (clerk trial 6: #5, #7; trial 10, #8)
        doc, event = src.validated(path, LifeEvent, fill=LIFE_EVENT_STAND_IN)
        if event is not None:
            events.append((doc.display, event))
    return events


def unread_life_events(content: Path, events: list[tuple[str, LifeEvent]]) -> set[str]:
    """Names (file stems) of life-event files that exist but gave no life
    event: their own errors are reported, so where they are named
    (``home.life_events``) is not (clerk trial 4: a false 不是本目录的一件事)."""
    folder = content / LIFE_EVENTS
    read = {PurePosixPath(display).stem for display, _ in events} | {e.id for _, e in events}
    return {p.stem for p in folder.glob("*.yaml")} - read if folder.is_dir() else set()


def check_registries(src: Sources, cat: Catalogue, event_sources: dict[str, str], region: str = "") -> None:
    """Cross-registry rules (``rules_registries.check_registries``; ``region``:
    mkdocs.yml ``catalogue.region``), reported with positions."""
    offices_file = src.display(src.root / "content" / "offices.yaml")
    for display, model, finding in rules_registries.check_registries(cat, event_sources, offices_file, region=region):
        if finding.key.startswith("unknown_reference") and finding.values["value"] in src.broken_ids:
            continue  # the entry it names is reported at its own line (clerk trial 5: 16 knock-ons)
        if display == offices_file:
            # The rules count offices as published; the file may hold others
            # before them.  An office used without its invalid parts is not
            # told about what those parts would have settled.
            office = cat.offices[finding.path[0]]
            relative = finding.path[1:]
            partial = src.incomplete.get((display, office.id))
            if partial is not None:
                relative = partial.original(relative)
                if partial.touches(relative[:-1] if len(relative) > 1 else relative):
                    continue  # e.g. a season whose first day was dropped is not "half a season"
            finding = replace(finding, path=(src.entry_index.get((display, office.id), finding.path[0]), *relative))
        src.problems.append(src.finding(display, finding, model))
    check_partial_life_events(src, cat, set(event_sources.values()))
