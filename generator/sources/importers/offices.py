"""Offices met in an export: one registry entry per hall, however the records write it.

County trial 2 (#2): the 防城港市 export wrote one hall in about twenty ways
(``大道大道``, ``防防城港市``, a prefix pasted twice, with or without a comma)
and each became an office.  Here an office mention ``(address, name?)`` is
matched by :func:`generator.sources.mistakes.addresses.place_key` of its
address and of its name:

- same address key and same name key (or no name on either side, or on one
  side when it is the only hall at that address) -> the same office;
- same address key but two different stated names -> two offices (a
  building may hold two halls: 车管所办证大厅 and 机动车登记服务站 at 建政路11号);
- an "address" that is the name of exactly one office, or its address
  followed by its name, is that office;
- an address the records write without a name while several differently
  named halls share it -> an office of its own, without a name (``check``
  then warns that it has the address of another, ``office_same_address``).

An office gets a ``name`` only when a record states one (never invented);
its address and name as written most often (a spelling free of the slips
``place_key`` undoes first).  :meth:`Offices.settle_hours` gives a new
office the ``hours_text`` every item there states, when they all state the
same text.  What was merged and where hours came from is listed in the
report (``merged``, ``hours_from_items``).  A spelling the last import
placed goes to the same office again (``recall``/``spelled``, kept in
``state.json``), even after the county renamed that office.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Optional

from generator.sources.mistakes.addresses import cleaned, place_key


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


@dataclass
class Hall:
    """One office of the registry (``new`` False) or of this import."""

    id: str
    address: str
    name: Optional[str]
    key: str
    name_key: str
    new: bool
    region: str = ""
    hours_text: Optional[str] = None
    spellings: Counter = field(default_factory=Counter)   # (address, name or "") as written -> mentions

    def entry(self) -> dict:
        """The registry entry of a new office: its most written clean spelling."""
        address, name = self.shown()
        entry = {"id": self.id, "address": address}
        if name:
            entry["name"] = name
        if self.hours_text:
            entry["hours_text"] = self.hours_text
        return entry

    def shown(self) -> tuple[str, Optional[str]]:
        """(address, name or None) to write: a registry office's own; for a
        new one the spelling its records wrote most often among those free
        of slips (``cleaned``), else the most written one cleaned."""
        if not self.new or not self.spellings:
            return self.address, self.name
        addresses, names = Counter(), Counter()
        for (address, name), n in self.spellings.items():
            if place_key(address, self.region) == self.key:  # not a mention by the name alone
                addresses[address] += n
            if name:
                names[name] += n
        if not addresses:
            addresses[self.address] = 1

        def best(counter: Counter) -> str:
            ranked = sorted(counter.items(), key=lambda kv: (cleaned(kv[0]) != kv[0], -kv[1]))
            return cleaned(ranked[0][0])
        return best(addresses), (best(names) if names and self.name else None)


class Offices:
    """The offices of the registry ``existing`` (dicts of content/offices.yaml)
    plus the new ones of this import; ``new_id(text)`` makes a free id."""

    def __init__(self, existing: list[dict], region: str, new_id: Callable[[str], str]):
        self.region = region
        self.new_id = new_id
        self.halls: list[Hall] = []
        for o in existing:
            if o.get("id") and o.get("address"):
                name = str(o["name"]) if o.get("name") else None
                self.halls.append(Hall(str(o["id"]), str(o["address"]), name, self._key(o["address"]),
                                       self._key(name), False, region, o.get("hours_text")))
        self._memo: dict[tuple, Hall] = {}   # (address, name) as written -> its office: one answer per spelling
        self._recalled: set[tuple] = set()   # spellings the last import placed (reported then)
        self.hours_from_items: list[tuple[Hall, str, int]] = []   # (hall, text, items)

    def _key(self, text) -> str:
        return place_key(str(text), self.region) if text else ""

    def office(self, address: str, name: Optional[str] = None, count: bool = True) -> str:
        """The id of the office ``address`` (and ``name``, when stated) names,
        a new office when none does.  ``count`` False: not a mention of its
        own (a first pass that makes the named offices first)."""
        hall = self._memo.get((address, name or ""))
        if hall is None:
            key, name_key = self._key(address), self._key(name)
            hall = self._named(address, name, key, name_key) if name else self._unnamed(key)
        if hall is None:
            hall = Hall(self.new_id(cleaned(name or address)), address, name or None, key, name_key, True, self.region)
            self.halls.append(hall)
        self._memo[(address, name or "")] = hall
        if count:
            hall.spellings[(address, name or "")] += 1
        return hall.id

    def _named(self, address: str, name: str, key: str, name_key: str) -> Optional[Hall]:
        here = [h for h in self.halls if h.key == key]
        same = [h for h in here if h.name_key == name_key]
        if same:
            return same[0]
        # An earlier record gave only this office's name, as its address.
        earlier = next((h for h in self.halls if h.new and not h.name and h.key == name_key), None)
        if earlier is None and here and not any(h.name for h in here):
            earlier = here[0]  # the only hall at this address, so far without a name
        if earlier is not None and earlier.new:
            earlier.address, earlier.name, earlier.key, earlier.name_key = address, name, key, name_key
        return earlier

    def _unnamed(self, key: str) -> Optional[Hall]:
        here = [h for h in self.halls if h.key == key]
        if len(here) == 1:
            return here[0]
        if here:  # several halls at this address: only one without a name is this one
            return next((h for h in here if not h.name), None)
        # The address is only an office's name, or its address and name run together.
        named = {h.id: h for h in self.halls if h.name and key in (h.name_key, self._key(h.address + h.name))}
        return next(iter(named.values())) if len(named) == 1 else None

    def recall(self, spelled: dict[str, str]) -> None:
        """Take the offices the last import sent each spelling to
        (``state.json`` "offices": "address\tname" -> id), where that
        office is still in the registry: an office the county has renamed
        since (or whose name tells it from another hall) still takes the
        records that went to it."""
        by_id = {h.id: h for h in self.halls if not h.new}
        for text, office in spelled.items():
            address, _, name = text.partition("\t")
            if office in by_id and address:
                self._memo[(address, name)] = by_id[office]
                self._recalled.add((address, name))

    def spelled(self) -> dict[str, str]:
        """"address\tname" -> office id, for ``state.json``."""
        return {f"{address}\t{name}": hall.id for (address, name), hall in self._memo.items()}

    @property
    def new(self) -> list[Hall]:
        """The new offices some imported item refers to (a record skipped
        later, for want of a name or a key, leaves none behind)."""
        return [h for h in self.halls if h.new and h.spellings]

    def merged(self) -> list[tuple[Hall, list[tuple[str, int]]]]:
        """Offices that took records writing them in more than one way (an
        office of the registry: another way than the registry does):
        (office, [(the text as written, how many mentions)])."""
        found = []
        for hall in self.halls:
            texts = Counter()
            for (address, name), n in hall.spellings.items():
                if (address, name) not in self._recalled:
                    texts[f"{address}（{name}）" if name else address] += n
            own = set() if hall.new or not texts else {_compact(f"{hall.address}（{hall.name}）" if hall.name
                                                                else hall.address)}
            if len({_compact(t) for t in texts} | own) > 1:
                found.append((hall, texts.most_common()))
        return found

    def settle_hours(self, items: list[dict]) -> None:
        """A new office's ``hours_text`` when at least 2 items are handled
        there, at that office only, and every item there states the same
        text (compared without spaces): taken off the items' references.  A
        record naming several offices states hours for all of them at once
        (the 13 vehicle-testing stations of one record): not an office's own.
        A reference repeating its office's ``hours_text`` drops the copy (so
        a later import writes the items the same way)."""
        refs: dict[str, list] = {}
        alone: dict[str, bool] = {}
        for item in items:
            for ref in item.get("offices") or []:
                refs.setdefault(ref.get("office"), []).append(ref)
                alone[ref.get("office")] = alone.get(ref.get("office"), True) and len(item["offices"]) == 1
        for hall in self.halls:
            here = refs.get(hall.id, [])
            texts = {_compact(r.get("hours_text")) for r in here}
            if hall.new and len(here) >= 2 and alone[hall.id] and len(texts) == 1 and "" not in texts:
                hall.hours_text = here[0]["hours_text"]
                self.hours_from_items.append((hall, hall.hours_text, len(here)))
            if hall.hours_text:
                for ref in here:
                    if _compact(ref.get("hours_text")) == _compact(hall.hours_text):
                        del ref["hours_text"]
