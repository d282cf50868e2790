"""Stage 3 — model: the validated catalogue, with the relations pages need.

Everything here is derived from validated items and registries; nothing is
read from disk.  Render code asks the catalogue, never the raw files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from generator.checks.codes import is_main_with_subs, is_sub_item, main_code_of
from generator.checks.model import Department, Item, LifeEvent, Office, Proof, Taxonomies, Term


def proof_key(name: str) -> str:
    """A material's or proof's name as compared: without spaces (a name copied
    from a list often has stray ones)."""
    return "".join(name.split())


@dataclass(frozen=True)
class BaseOrigin:
    """Where an item that ``extends`` a base item (基本目录) got its other elements
    (``checks/inheritance.py``): the base catalogue and the record."""

    title: str  # the base catalogue's title (its region), "" if it states none
    publisher: str
    key: str  # the base record's key
    name: str  # the base item's name
    code: str  # what the county file wrote after extends:
    url: str  # the base item's page on the base's site ("" if not stated)
    elements: tuple = ()  # Chinese names of the elements taken (wholly or partly) from the base


@dataclass(frozen=True)
class Entry:
    """An item and where it came from."""

    item: Item
    department: str  # the department id = the folder under items/
    source: str  # path relative to the project root, e.g. items/police/330201001000.yaml
    gaps: tuple = ()  # checks.gaps.Gap: elements not stated that the catalogue expects
    base: BaseOrigin | None = None  # set when the item extends a base item

    @property
    def key(self) -> str:
        """The item's key in the catalogue: its file name without .yaml, also
        the folder of its page (items/<key>/).  One of its codes, its slug or
        its source id (checks.code_rules.check_file_name)."""
        return self.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    def gap(self, element: str) -> bool:
        """True when ``element`` (e.g. "materials", "materials.form") is a gap."""
        return any(g.element == element for g in self.gaps)


@dataclass(frozen=True)
class HeldBack:
    """An item file that is not published, and why (the problems found in it)."""

    source: str
    department: str  # the folder under items/ ("" if none)
    name: str  # the item's name if the file states one, else ""
    problems: tuple  # checks.problems.Problem


@dataclass(frozen=True)
class Membership:
    """An item's place in a life-event bundle."""

    bundle: LifeEvent
    step_index: int  # 0-based

    @property
    def step(self):
        return self.bundle.steps[self.step_index]


@dataclass
class Catalogue:
    entries: list[Entry]
    departments: list[Department]
    offices: list[Office]
    proofs: list[Proof]
    taxonomies: Taxonomies
    life_events: list[LifeEvent]
    synonyms: list[list[str]] = field(default_factory=list)  # search: words meaning the same
    warnings: list = field(default_factory=list)
    held_back: list[HeldBack] = field(default_factory=list)  # item files not published
    # Keys whose own file already carries the problem (unreadable, removed
    # without being retired): a life event, office or most_used naming them
    # is not reported again (clerk trial 2: knock-on messages).
    reported_elsewhere: set[str] = field(default_factory=set)
    # Item files that exist but could not be read at all (a wrong encoding):
    # key (file stem) -> file shown.  Their names are taken (clerk trial 9, #11).
    unreadable_files: dict[str, str] = field(default_factory=dict)
    history: object = None  # sources.history.History: the published changes (None: not read)
    ratings: object = None  # sources.ratings.Ratings: the 好差评 export (None: not configured)

    def __post_init__(self) -> None:
        # Stable order everywhere: by key.
        self.entries.sort(key=lambda e: e.key)

    # --- look-ups --------------------------------------------------------
    @cached_property
    def by_key(self) -> dict[str, Entry]:
        return {e.key: e for e in self.entries}

    @cached_property
    def department(self) -> dict[str, Department]:
        return {d.id: d for d in self.departments}

    @cached_property
    def office(self) -> dict[str, Office]:
        return {o.id: o for o in self.offices}

    @cached_property
    def proof(self) -> dict[str, Proof]:
        return {p.id: p for p in self.proofs}

    @cached_property
    def proof_names(self) -> dict[str, str]:
        """Each proof's name and aliases (``proof_key``) -> its id (content/proofs.yaml)."""
        found: dict[str, str] = {}
        for p in self.proofs:
            for name in (p.name, *p.aliases):
                found.setdefault(proof_key(name), p.id)
        return found

    def proof_of(self, material) -> Proof | None:
        """The proof a material is: the one it names (``proof``), else the one
        whose name or alias it bears; None when it is not a listed proof."""
        if material.proof:
            return self.proof.get(material.proof)
        return self.proof.get(self.proof_names.get(proof_key(material.name), ""))

    @cached_property
    def proof_users(self) -> dict[str, list[Entry]]:
        """Proof id -> the items that ask for it, in key order."""
        found: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            asked: set[str] = set()  # `entry in found[...]` compared whole items: quadratic
            for m in entry.item.materials or []:
                proof = self.proof_of(m)
                if proof is not None and proof.id not in asked:
                    asked.add(proof.id)
                    found[proof.id].append(entry)
        return dict(found)

    @cached_property
    def terms(self) -> dict[str, dict[str, Term]]:
        """Taxonomy group -> id -> term, e.g. terms['industries']['education']."""
        return {name: {t.id: t for t in getattr(self.taxonomies, name)}
                for name in Taxonomies.model_fields}

    # --- relations -------------------------------------------------------
    @cached_property
    def _main_keys(self) -> dict[str, str]:
        """Sub-item key -> main item key: ``main_item`` if the item names it,
        else derived from a national basic code (…001 belongs to …00Y)."""
        by_basic: dict[str, str] = {}
        for entry in self.entries:
            if entry.item.code and is_main_with_subs(entry.item.code):
                by_basic.setdefault(entry.item.code, entry.key)
        found = {}
        for entry in self.entries:
            item = entry.item
            if item.main_item:
                found[entry.key] = item.main_item
            elif item.code and is_sub_item(item.code) and main_code_of(item.code) in by_basic:
                found[entry.key] = by_basic[main_code_of(item.code)]
        return found

    @cached_property
    def sub_items(self) -> dict[str, list[Entry]]:
        """Main item key -> its sub-items, in key order."""
        subs: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            main = self._main_keys.get(entry.key)
            if main in self.by_key:
                subs[main].append(entry)
        return dict(subs)

    def main_item(self, entry: Entry) -> Entry | None:
        return self.by_key.get(self._main_keys.get(entry.key, ""))

    def is_main(self, entry: Entry) -> bool:
        return entry.key in self.sub_items or entry.item.grouping or bool(
            entry.item.code and is_main_with_subs(entry.item.code))

    @cached_property
    def memberships(self) -> dict[str, list[Membership]]:
        """Item code -> the bundles (一件事) and steps it belongs to."""
        found: dict[str, list[Membership]] = defaultdict(list)
        for bundle in self.life_events:
            for index, step in enumerate(bundle.steps):
                for code in step.items:
                    found[code].append(Membership(bundle, index))
        return dict(found)

    @cached_property
    def items_at_office(self) -> dict[str, list[Entry]]:
        found: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            for ref in entry.item.offices or []:
                found[ref.office].append(entry)
        return dict(found)

    def in_use(self) -> list[Entry]:
        return [e for e in self.entries if e.item.status != "cancelled"]

    def guides(self) -> list[Entry]:
        """Items in use that have a guide of their own (not grouping main items)."""
        return [e for e in self.entries if e.item.status != "cancelled" and not e.item.grouping]
