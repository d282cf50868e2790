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


@dataclass(frozen=True)
class Entry:
    """An item and where it came from."""

    item: Item
    department: str  # the department id = the folder under items/
    source: str  # path relative to the project root, e.g. items/police/330201001000.yaml

    @property
    def code(self) -> str:
        return self.item.code


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

    def __post_init__(self) -> None:
        # Stable order everywhere: by code.
        self.entries.sort(key=lambda e: e.code)

    # --- look-ups --------------------------------------------------------
    @cached_property
    def by_code(self) -> dict[str, Entry]:
        return {e.code: e for e in self.entries}

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
    def terms(self) -> dict[str, dict[str, Term]]:
        """Taxonomy group -> id -> term, e.g. terms['industries']['education']."""
        return {name: {t.id: t for t in getattr(self.taxonomies, name)}
                for name in Taxonomies.model_fields}

    # --- relations -------------------------------------------------------
    @cached_property
    def sub_items(self) -> dict[str, list[Entry]]:
        """Main item code -> its sub-items, in code order."""
        subs: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            if is_sub_item(entry.code) and main_code_of(entry.code) in self.by_code:
                subs[main_code_of(entry.code)].append(entry)
        return dict(subs)

    def main_item(self, entry: Entry) -> Entry | None:
        if is_sub_item(entry.code):
            return self.by_code.get(main_code_of(entry.code))
        return None

    def is_main(self, entry: Entry) -> bool:
        return is_main_with_subs(entry.code)

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
            for ref in entry.item.offices:
                found[ref.office].append(entry)
        return dict(found)

    def in_use(self) -> list[Entry]:
        return [e for e in self.entries if e.item.status != "cancelled"]
