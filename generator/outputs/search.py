"""The catalogue's search index: small files a browser fetches per query.

Why our own index (docs/search.md has the measurements): Material's lunr
index is one download of the whole catalogue (8 MB gzipped at 20,000 items)
and Pagefind's index-time and query-time Chinese word segmenters disagree, so
citizens' phrasings miss.  Here every Chinese run is cut into overlapping
character pairs (bigrams) both when indexing and when searching, so the two
sides cannot disagree; names and aliases also get single characters, skip
pairs (one mistyped character) and pinyin (search_text.py), traditional
characters are folded to simplified with OpenCC's table, a thesaurus adds
general synonyms (search_thesaurus.py) and ``content/synonyms.yaml`` local
ones.  Items, life-event bundles and offices are all results
(search_docs.py: which texts, in which fields).

Ranking is BM25F (docs/search.md, "Ranking"): a term's weight in a document,
``tf~ / (K1 + tf~)`` with ``tf~`` the sum over fields of field weight x
occurrences / length normalisation, is computed here and stored in the
posting as 1..63; the query side multiplies by the term's idf and adds up.

Files, under ``search/catalogue/`` in the site:

``meta.json``      read once: sizes, hashing, departments, marks (filters),
                   badges (the marks results show), audiences,
                   synonyms, filler words, the traditional-character table,
                   pinyin syllables, popular items, bundles, browse links;
``t/<n>.json``     postings shards: term -> [document frequency, postings],
                   a term lives in shard ``term_hash(term) % shards`` (a
                   character synonym ``~c`` in the shard of ``c``);
``d/<n>.json``     result rows for documents n*CHUNK ... (n+1)*CHUNK-1;
``attrs.json``     department, marks and audience of every document, fetched
                   only when the search page filters.

A posting is ``doc_delta * 64 + weight``: documents ascend within a term.
``engine.js`` in the theme is the query side.
"""

from __future__ import annotations

import gc
import json
import math
import shutil
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from operator import floordiv, mul, sub
from pathlib import Path

from generator.catalogue import Catalogue, Entry
from generator.messages import label, search_texts
from generator.outputs import marks, search_thesaurus
from generator.outputs.search_docs import BUNDLE, CHARS, FIELDS, FULL, ITEM, KIND_PATHS, SHORT, Doc, documents, teaser
from generator.outputs.search_text import (  # noqa: F401  (re-exported: checks and tests use them)
    IS_HAN, compact, fold_table, normalise, pinyin_terms, skips, term_hash, terms, unigrams, unindexed)

FORMAT = 3  # 3: a result row holds its badges (indexes into meta "badges"), not the filter bits
CHUNK = 32  # documents per result-row file
POSTINGS_PER_SHARD = 2500  # sets the number of shards
MAX_POSTINGS = 3000  # a term in more documents keeps its best-weighted postings
K1 = 4.0  # BM25 saturation: a term's weight in a document approaches 1 as tf~ grows
LEVELS = 63  # a posting's weight: round(LEVELS * tf~ / (K1 + tf~)), at least 1
BROWSE = (("browse_all", "all/"), ("browse_departments", "departments/"), ("browse_bundles", "life-events/"))
CHAR_SYNONYM = "~"  # prefix of a character-synonym term (search_docs: CHARS; engine.js)
MIN_SYNONYM = 2  # characters of a synonym word's compact form (engine.js: MIN_SYNONYM)


def usable_synonyms(groups: list[list[str]]) -> list[list[str]]:
    """The synonym groups as the engine may use them: a word whose compact
    form has fewer than ``MIN_SYNONYM`` characters (empty or one: found in
    nearly every query) is left out, as are repeats of a word, and a group
    left with fewer than two words.  ``make check`` reports each of these
    (generator/checks/synonyms.py); this only keeps a catalogue built
    despite the errors from widening every search."""
    usable = []
    for group in groups:
        words, seen = [], set()
        for word in group:
            key = compact(word)
            if len(key) >= MIN_SYNONYM and key not in seen:
                seen.add(key)
                words.append(word)
        if len(words) >= 2:
            usable.append(words)
    return usable


@lru_cache(maxsize=200_000)
def field_terms(kind: str, text: str) -> tuple[int, tuple[str, ...], frozenset[str]]:
    """(number of pair terms, terms, pinyin syllables) of one text of a field
    of that kind: terms are the pair terms, then single characters (FULL,
    SHORT), skip pairs and pinyin (FULL).  Cached: materials, steps and
    conditions repeat across items, and the index asks twice (lengths, then
    weights)."""
    if kind == CHARS:  # terms of their own (engine.js: CHAR_SYNONYM), so the characters' df stays theirs
        return 0, tuple(CHAR_SYNONYM + c for c in unigrams(text)), frozenset()
    own = terms(text)
    pairs = len(own)
    seen: set[str] = set()
    if kind in (FULL, SHORT):
        own += unigrams(text)
    if kind == FULL:
        own += skips(text)
        spoken, seen = pinyin_terms(text)
        own += spoken
    return pairs, tuple(own), frozenset(seen)


class _Levels(dict):
    """tf~ -> quantised weight, ``max(1, round(LEVELS * tf~ / (K1 + tf~)))``,
    computed once per value: the sums of a catalogue's field weights take
    few values, a province's postings millions."""

    def __missing__(self, t: float) -> int:
        self[t] = level = max(1, round(LEVELS * t / (K1 + t)))
        return level


def doc_weights(doc: Doc, averages: dict[str, float], syllables: set[str]) -> dict[str, int]:
    """BM25F: each term of a document with its quantised weight 1..LEVELS."""
    levels = _Levels()
    return {term: levels[t] for term, t in _doc_tf(doc, averages, syllables).items()}


def _doc_tf(doc: Doc, averages: dict[str, float], syllables: set[str]) -> dict[str, float]:
    """Each term of a document with its tf~ (BM25F, before quantising)."""
    tf: dict[str, float] = {}
    get = tf.get
    for name, texts in doc.texts.items():
        spec = FIELDS[name]
        if len(texts) == 1:
            length, found, seen = field_terms(spec.terms, texts[0])
            if seen:
                syllables |= seen
        else:
            found, length = [], 0
            for text in texts:
                pairs, more, seen = field_terms(spec.terms, text)
                length += pairs
                found += more
                if seen:
                    syllables |= seen
        norm = 1 - spec.b + spec.b * length / averages[name] if averages.get(name) else 1.0
        add = spec.weight / max(norm, 0.1)
        for term in (dict.fromkeys(found) if spec.once else found):  # once: the first occurrence only
            tf[term] = get(term, 0.0) + add
    return tf


def field_lengths(docs: list[Doc]) -> dict[str, float]:
    """Average length (pair terms) of each field over the documents that have it."""
    total, count = Counter(), Counter()
    for doc in docs:
        for name, texts in doc.texts.items():
            total[name] += sum(field_terms(FIELDS[name].terms, t)[0] for t in texts)
            count[name] += 1
    return {name: total[name] / count[name] for name in count if total[name]}


@dataclass(frozen=True)
class Facets:
    """What results can be filtered by, as (id, label) in index order: the
    index stores positions in these lists, the search page offers them."""
    departments: list[tuple[str, str]]
    audiences: list[tuple[str, str]]
    marks: list[tuple[str, str]]


def facets(cat: Catalogue) -> Facets:
    """The departments, audiences and mark pages (marks.MARK_PAGES) that
    items searched (``cat.in_use()``) have, in the catalogue's order: a filter
    offers no value that finds nothing (county trial 1, "Left": the audience
    filter offered audiences no item states)."""
    live = cat.in_use()
    departments = {e.department for e in live}
    audiences = {a for e in live for a in e.item.audiences or ()}
    return Facets(departments=[(d.id, d.name) for d in cat.departments if d.id in departments],
                  audiences=[(t.id, t.name) for t in cat.taxonomies.audiences if t.id in audiences],
                  marks=[(mark, label(group, key)) for mark, (group, key, test) in marks.MARK_PAGES.items()
                         if any(test(e.item) for e in live)])


def best_postings(found: array | list[int]) -> list[int]:
    """The ``MAX_POSTINGS`` postings of ``found`` with the highest weights
    (the lower document first among equal weights), in ascending order: as
    ``sorted(sorted(found, key=lambda p: (-(p % 64), p))[:MAX_POSTINGS])``,
    sorting plain integers (63 - weight above the posting's bits) instead of
    calling a key function: 2 million postings at 20,000 items."""
    shift = max(found).bit_length()
    ranked = sorted([(63 - (p & 63)) << shift | p for p in found])
    mask = (1 << shift) - 1
    return sorted([r & mask for r in ranked[:MAX_POSTINGS]])


def build_index(cat: Catalogue, settings=None) -> dict[str, bytes]:
    """Every file of the index as {relative path: bytes}.  ``settings``
    (generator.config.Settings, optional): popular items (``most_used``) and
    the hotline shown when nothing is found.

    Python's cyclic garbage collector is paused meanwhile: its passes walk
    every object not frozen, the tables and documents made here (0.1 CPU-s
    at 1,603 items in a build, whose forked process froze what it
    inherited: site/parallel.py) and the catalogue too where nothing is
    frozen (0.3 of 2 CPU-s in devtools/bench_search_tables.py); the index
    makes no reference cycles (lists, dicts, tuples and arrays, freed by
    their reference counts; docs/performance.md, "Search index CPU")."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_index(cat, settings)
    finally:
        if enabled:
            gc.enable()


def _build_index(cat: Catalogue, settings) -> dict[str, bytes]:
    found_by = facets(cat)
    dept_ids = {d: n for n, (d, _) in enumerate(found_by.departments)}
    audience_ids = [a for a, _ in found_by.audiences]
    mark_ids = [m for m, _ in found_by.marks]
    live = cat.in_use()
    badges: dict[str, int] = {}  # label of a mark shown in results -> its index in meta "badges"

    def marks_of(entry: Entry) -> int:  # the filter bits: the mark pages listing the item
        return sum(1 << i for i, mark in enumerate(mark_ids) if marks.MARK_PAGES[mark][2](entry.item))

    def badges_of(entry: Entry) -> list[int]:  # what the result shows: the item's marks as its page shows them
        return [badges.setdefault(text, len(badges)) for _, text in marks.marks(entry.item)]

    def audience_of(entry: Entry) -> int:
        return sum(1 << i for i, a in enumerate(audience_ids) if a in (entry.item.audiences or ()))

    rows = [[e.key, e.item.name, dept_ids.get(e.department, -1), badges_of(e), teaser(e.item.summary),
             e.item.aliases[:6]] for e in live]
    docs = documents(cat, rows)
    averages = field_lengths(docs)

    # Postings as packed machine integers (document * 64 + weight): a
    # province's millions of postings would be gigabytes as Python tuples.
    postings: dict[str, array] = defaultdict(lambda: array("I"))
    syllables: set[str] = set()
    chars: set[str] = set()
    levels = _Levels()
    for n, doc in enumerate(docs):
        base = n * 64
        for term, t in _doc_tf(doc, averages, syllables).items():  # doc_weights, without a dict
            postings[term].append(base + levels[t])
    for term in postings:
        if IS_HAN.match(term.lstrip(CHAR_SYNONYM)):
            chars.update(c for c in term if IS_HAN.match(c))
    total = sum(min(len(p), MAX_POSTINGS) for p in postings.values())
    shards = 1 << max(0, math.ceil(math.log2(max(1, total / POSTINGS_PER_SHARD))))

    files: dict[str, bytes] = {}
    by_shard: list[dict[str, list]] = [{} for _ in range(shards)]
    for term in sorted(postings):
        found = postings[term]
        kept = found if len(found) <= MAX_POSTINGS else best_postings(found)
        # ascending documents: store the gaps, p - 64 * (the previous posting's document)
        packed = list(map(sub, kept, chain((0,), map(mul, map(floordiv, kept[:-1], repeat(64)), repeat(64)))))
        entry = [len(found), packed]
        general = search_thesaurus.general_weight(term) if IS_HAN.match(term) and len(term) <= 2 else 1.0
        if general < 1:  # the query side multiplies the term's weight by it (engine.js score)
            entry.append(general)
        # A character synonym (~狗) lives with its character (狗): the query fetches both, one shard.
        by_shard[term_hash(term.lstrip(CHAR_SYNONYM)) % shards][term] = entry
    for i, shard in enumerate(by_shard):
        files[f"t/{i}.json"] = _json(shard)

    all_rows = [doc.row for doc in docs]
    for i in range(0, len(all_rows), CHUNK):
        files[f"d/{i // CHUNK}.json"] = _json(all_rows[i:i + CHUNK])
    files["attrs.json"] = _json([[r[2], marks_of(e), audience_of(e)] for r, e in zip(rows, live)]
                                + [[-1, 0, 0]] * (len(docs) - len(rows)))
    texts = {key: search_texts()[key] for key in ("filler", "ui")}  # a filler word that
    # normalises to nothing would split every query into single characters.
    texts["filler"] = [w for w in texts.get("filler", []) if normalise(w).strip()]
    table = fold_table(chars)
    index = {doc.key: n for n, doc in enumerate(docs) if doc.kind == ITEM}
    popular = [index[k] for k in (settings.most_used if settings else []) if k in index]
    files["meta.json"] = _json({
        "format": FORMAT, "documents": len(docs), "items": len(rows), "shards": shards, "chunk": CHUNK,
        "departments": [name for _, name in found_by.departments],
        "marks": [name for _, name in found_by.marks],
        "badges": list(badges),
        "audiences": [name for _, name in found_by.audiences],
        "synonyms": usable_synonyms(cat.synonyms),
        "fold": ["".join(table), "".join(table.values())],
        "syllables": " ".join(sorted(syllables)),
        "kinds": list(KIND_PATHS),
        "popular": [[n, docs[n].key, docs[n].name] for n in popular],
        "bundles": [[n, doc.key, doc.name] for n, doc in enumerate(docs) if doc.kind == BUNDLE],
        "family": [[index[e.key], index[main.key]] for e in live
                   if (main := cat.main_item(e)) and e.key in index and main.key in index],
        "browse": [[texts["ui"][key], path] for key, path in BROWSE],
        "hotline": (settings.contact.hotline if settings and settings.contact else None) or "",
        **texts,
    })
    return files


def _json(data) -> bytes:
    # <, > and & as \u escapes (as Jinja's tojson does): the files stay inert
    # even if a browser were made to read one as HTML.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


def write_index(site: Path, files: dict[str, bytes]) -> None:
    root = site / "search" / "catalogue"
    shutil.rmtree(root, ignore_errors=True)  # no shard of an earlier, larger index lingers
    for path, data in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
