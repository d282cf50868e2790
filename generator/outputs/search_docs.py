"""What search indexes: every text a citizen might use to find an item, a
life-event bundle (一件事) or an office, by field.

A ``Doc`` is one result of search: its kind (``ITEM``, ``BUNDLE``,
``OFFICE``), key, name, the row the result list shows and its texts by field.
The field decides the weight of a text in the ranking (``FIELDS``: BM25F
weight, length normalisation and which kinds of term it gets; docs/search.md,
"Ranking") — the name counts most, a word deep in a step's result least.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.catalogue import Catalogue, Entry
from generator.outputs import search_thesaurus

ITEM, BUNDLE, OFFICE = 0, 1, 2
KIND_PATHS = ("items/", "life-events/", "offices/")  # the folders of their pages (render.py)
TEASER = 60  # characters of summary shown in a result

# Term sets (search_text): FULL = pairs, single characters, skip pairs, pinyin;
# SHORT = pairs and single characters; PLAIN = pairs (and Latin words); CHARS =
# single characters as terms of their own (search.CHAR_SYNONYM + character).
FULL, SHORT, PLAIN, CHARS = "full", "short", "plain", "chars"


@dataclass(frozen=True)
class Field:
    weight: float  # BM25F field weight
    b: float  # length normalisation, 0 (none) .. 1 (full)
    terms: str  # FULL, SHORT, PLAIN or CHARS
    once: bool = False  # a term counts once in the field, however many of its texts hold it


FIELDS: dict[str, Field] = {
    "code": Field(6.0, 0.0, PLAIN),  # basic, implementation and local codes: whole tokens
    "name": Field(5.0, 0.6, FULL),
    # a word in four aliases is no more relevant than in one; and the more aliases an item has, the
    # less each counts (b = 1: the evidence of a name is shared among them; docs/search.md, the larger-resource round)
    "alias": Field(2.0, 1.0, FULL, once=True),
    "result": Field(2.5, 0.5, SHORT),  # 办理结果的名称, e.g. 结婚证
    "thesaurus": Field(1.5, 0.5, PLAIN),  # synonyms of words of the above and of the halves of their compound words
    "related": Field(0.5, 0.75, PLAIN),  # synonyms of the words of the summary and conditions
    "chars": Field(0.5, 0.0, CHARS),  # characters meaning the same as one of the name's, aliases' or result's (狗 for 犬)
    "variant": Field(2.0, 0.5, PLAIN),
    "event": Field(1.5, 0.5, PLAIN),  # the bundles an item belongs to; a bundle's steps
    "family": Field(1.5, 0.5, PLAIN),  # a main item's sub-items' names and aliases; a sub-item's main item's
    "summary": Field(1.0, 0.75, SHORT),  # single characters too: the fallback layer reaches it
    "conditions": Field(0.8, 0.75, PLAIN),  # 申请条件: the situation in the citizen's terms
    "question": Field(1.0, 0.75, PLAIN),  # FAQ questions: citizens' own words
    "department": Field(1.0, 0.0, PLAIN),
    "detail": Field(0.5, 0.75, PLAIN),  # materials, steps, fees, office address
    "answer": Field(0.3, 0.75, PLAIN),  # FAQ answers
}


@dataclass
class Doc:
    kind: int
    key: str
    name: str
    row: list  # what the result list shows (search.py: rows of d/<n>.json)
    texts: dict[str, list[str]] = field(default_factory=dict)  # field -> texts

    def add(self, name: str, *texts) -> None:
        self.texts.setdefault(name, []).extend(t for t in texts if t)


def teaser(text: str | None) -> str:
    text = text or ""
    return text[:TEASER] + ("…" if len(text) > TEASER else "")


def item_doc(entry: Entry, department: str, events: list[str], row: list, family: list[Entry]) -> Doc:
    item = entry.item
    doc = Doc(ITEM, entry.key, item.name, row)
    doc.add("code", item.code, item.implementation_code, item.local_code)
    doc.add("name", item.name)
    doc.add("alias", *item.aliases)
    doc.add("result", item.result.name if item.result else None)
    doc.add("variant", *(v.name for v in item.variants))
    doc.add("event", *events)
    for other in family:  # a grouping main item is found with its sub-items (and back)
        doc.add("family", other.item.name, *other.item.aliases)
    doc.add("summary", item.summary)
    doc.add("question", *(f.question for f in item.faq))
    doc.add("answer", *(f.answer for f in item.faq))
    doc.add("department", department)
    doc.add("conditions", *(item.conditions or []))
    doc.add("detail", *(m.name for m in item.materials or []))
    for step in item.steps or []:
        doc.add("detail", step.name, step.result)
    doc.add("detail", *(f.name for f in (item.fees.items if item.fees else [])))
    return doc


def documents(cat: Catalogue, item_rows: list[list]) -> list[Doc]:
    """Items in use (in ``cat.in_use()`` order, with ``item_rows``), then
    bundles, then offices; each with its texts by field, the thesaurus'
    synonyms of the words of its name, aliases and result name
    (``thesaurus``), of their characters (``chars``) and of its summary and
    conditions (``related``).  A main
    item holds its sub-items' names and aliases, a sub-item its main item's
    (``family``): either finds the other."""
    departments = {d.id: d.name for d in cat.departments}
    docs = []
    for entry, row in zip(cat.in_use(), item_rows):
        events = [m.bundle.name for m in cat.memberships.get(entry.key, [])]
        main = cat.main_item(entry)
        family = [main] if main else [e for e in cat.sub_items.get(entry.key, []) if e.item.status != "cancelled"]
        docs.append(item_doc(entry, departments.get(entry.department, ""), events, row, family))
    for bundle in cat.life_events:
        doc = Doc(BUNDLE, bundle.id, bundle.name,
                  [bundle.id, bundle.name, -1, [], teaser(bundle.summary), bundle.aliases[:6], BUNDLE])
        doc.add("name", bundle.name)
        doc.add("alias", *bundle.aliases)
        doc.add("event", *(s.name for s in bundle.steps))
        doc.add("summary", bundle.summary)
        doc.add("department", departments.get(bundle.lead_department, ""))
        docs.append(doc)
    for office in cat.offices:
        name = office.name or office.address
        doc = Doc(OFFICE, office.id, name, [office.id, name, -1, [], teaser(office.address), [], OFFICE])
        doc.add("name", name)
        doc.add("detail", office.address, office.transport)
        docs.append(doc)
    own = [doc.texts.get("name", []) + doc.texts.get("alias", []) + doc.texts.get("result", []) for doc in docs]
    common = search_thesaurus.common_words(own)
    for doc, texts in zip(docs, own):
        doc.add("thesaurus", *search_thesaurus.expand(texts, common))
        doc.add("thesaurus", *search_thesaurus.expand_parts(texts, common | set(doc.texts.get("thesaurus", []))))
        doc.add("chars", search_thesaurus.expand_chars(texts))
        told = doc.texts.get("summary", []) + doc.texts.get("conditions", [])
        doc.add("related", *search_thesaurus.expand(told, common | set(doc.texts.get("thesaurus", []))))
    return docs
