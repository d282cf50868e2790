"""The catalogue's search index: small files a browser fetches per query.

Why our own index (docs/search.md has the measurements): Material's lunr
index is one download of the whole catalogue (8 MB gzipped at 20,000 items)
and Pagefind's index-time and query-time Chinese word segmenters disagree, so
citizens' phrasings miss.  Here every Chinese run is cut into overlapping
character pairs (bigrams) both when indexing and when searching, so the two
sides cannot disagree and no dictionary is needed; a synonym list maps what
citizens say (驾照) to what items say (机动车驾驶证).

Files, under ``search/catalogue/`` in the site:

``meta.json``      read once: sizes, hashing, departments, marks, audiences,
                   synonyms and filler words for the query side;
``t/<n>.json``     postings shards: term -> [document frequency, postings],
                   a term lives in shard ``term_hash(term) % shards``;
``d/<n>.json``     result data for documents n*CHUNK ... (n+1)*CHUNK-1;
``attrs.json``     department, marks and audience of every document, fetched
                   only when the search page filters.

A posting is ``doc_delta * 32 + weight``: documents ascend within a term and
the weight (1..31) says in which field the term occurs (the name weighs most,
shorter names more).  ``engine.js`` in the theme is the query side; the
normalisation and term functions below have twins there, and
tests/test_search.py runs both on the same strings.
"""

from __future__ import annotations

import json
import math
from array import array
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from generator.outputs import views
from generator.catalogue import Catalogue, Entry
from generator.messages import label, search_texts

FORMAT = 1
CHUNK = 32  # documents per result-data file
POSTINGS_PER_SHARD = 3000  # sets the number of shards
MAX_POSTINGS = 3000  # a term in more documents keeps its best-weighted postings
TEASER = 60  # characters of summary shown in a result

# Field weights (at most 31 with the name-length bonus).
W_NAME, W_NAME_BONUS = 20, 8
W_ALIAS = 16
W_VARIANT = 10
W_EVENT, W_DEPARTMENT, W_SUMMARY = 6, 5, 5
W_DETAIL = 2  # materials and conditions

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(f"[{_HAN}]+|[a-z0-9]+")
_IS_HAN = re.compile(f"[{_HAN}]")
MIN_SYNONYM = 2  # characters of a synonym word's compact form (engine.js: MIN_SYNONYM)


def normalise(text: str) -> str:
    """Full-width to half-width (NFKC) and lower case: ＡＢＣ１２ == abc12."""
    return unicodedata.normalize("NFKC", text).lower()


def terms(text: str) -> list[str]:
    """Index terms of a text: Chinese runs as overlapping character pairs
    (a single character stays itself), Latin letters and digits as words."""
    out: list[str] = []
    for token in _TOKEN.findall(normalise(text)):
        if _IS_HAN.match(token) and len(token) > 1:
            out += [token[i:i + 2] for i in range(len(token) - 1)]
        else:
            out.append(token)
    return out


def compact(text: str) -> str:
    """The text as search compares whole words (twin of engine.js'
    ``compact``): normalised, only Han runs, Latin letters and digits kept,
    e.g. " 住房 公积金（提取） " -> "住房公积金提取".  A synonym word is looked
    for in the query by this form, so an empty form would be found in every
    query."""
    return "".join(_TOKEN.findall(normalise(text)))


def unindexed(text: str) -> str:
    """The characters of ``text`` that search drops although they mean
    something (letters of other scripts, Han outside the BMP blocks above,
    symbols and emoji, marks), in order, each once; spaces and punctuation
    only separate words and are not listed.  "Привет 驾照" -> "Привет"."""
    dropped: list[str] = []
    for ch in text:  # as written, not normalised: the editor sees their own characters
        lost = [c for c in normalise(ch) if not _TOKEN.fullmatch(c) and unicodedata.category(c)[0] not in "PZ"]
        if lost and ch not in dropped:
            dropped.append(ch)
    return "".join(dropped)


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


def term_hash(term: str) -> int:
    """31-multiplier string hash over code points, identical in engine.js."""
    h = 0
    for ch in term:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    return h


def weights(entry: Entry, department: str, events: list[str]) -> dict[str, int]:
    """Each term of an item's searchable text, with the weight of the most
    important field it occurs in."""
    item = entry.item
    found: dict[str, int] = {}

    def add(text: str, weight: int) -> None:
        for term in terms(text):
            if found.get(term, 0) < weight:
                found[term] = weight

    for text in [m.name for m in item.materials or []] + list(item.conditions or []):
        add(text, W_DETAIL)
    if item.summary:
        add(item.summary, W_SUMMARY)
    add(department, W_DEPARTMENT)
    for name in events:
        add(name, W_EVENT)
    for variant in item.variants:
        add(variant.name, W_VARIANT)
    for alias in item.aliases:
        add(alias, W_ALIAS)
    # Shorter names weigh more: the query 居民身份证 ranks the item named
    # exactly that above 临时居民身份证申领.
    name_terms = terms(item.name)
    add(item.name, W_NAME + round(W_NAME_BONUS * 2 / (1 + len(name_terms))))
    for code in (item.code, item.implementation_code, item.local_code):
        if code:
            add(code, 31)
    return found


@dataclass(frozen=True)
class Facets:
    """What results can be filtered by, as (id, label) in index order: the
    index stores positions in these lists, the search page offers them."""
    departments: list[tuple[str, str]]
    audiences: list[tuple[str, str]]
    marks: list[tuple[str, str]]


def facets(cat: Catalogue) -> Facets:
    return Facets(departments=[(d.id, d.name) for d in cat.departments],
                  audiences=[(t.id, t.name) for t in cat.taxonomies.audiences],
                  marks=[(mark, label(group, key)) for mark, (group, key, _) in views.MARK_PAGES.items()])


def build_index(cat: Catalogue) -> dict[str, bytes]:
    """Every file of the index as {relative path: bytes}."""
    departments = {d.id: d for d in cat.departments}
    found_by = facets(cat)
    dept_ids = [d for d, _ in found_by.departments]
    audience_ids = [a for a, _ in found_by.audiences]
    mark_ids = [m for m, _ in found_by.marks]
    live = cat.in_use()

    # Postings as packed machine integers (document * 32 + weight): a
    # province's millions of postings would be gigabytes as Python tuples.
    postings: dict[str, array] = defaultdict(lambda: array("I"))
    for n, e in enumerate(live):
        department = departments[e.department].name if e.department in departments else ""
        events = [m.bundle.name for m in cat.memberships.get(e.key, [])]
        for term, weight in weights(e, department, events).items():
            postings[term].append(n * 32 + weight)
    total = sum(len(p) for p in postings.values())
    shards = 1 << max(0, math.ceil(math.log2(max(1, total / POSTINGS_PER_SHARD))))

    files: dict[str, bytes] = {}
    by_shard: list[dict[str, list]] = [{} for _ in range(shards)]
    for term in sorted(postings):
        found = postings[term]
        kept = found if len(found) <= MAX_POSTINGS else sorted(
            sorted(found, key=lambda p: (-(p % 32), p))[:MAX_POSTINGS])
        packed, last = [], 0
        for p in kept:  # ascending documents: store the gaps
            packed.append(p - last * 32)
            last = p // 32
        by_shard[term_hash(term) % shards][term] = [len(found), packed]
    for i, shard in enumerate(by_shard):
        files[f"t/{i}.json"] = _json(shard)

    def marks_of(entry: Entry) -> int:
        return sum(1 << i for i, mark in enumerate(mark_ids) if views.MARK_PAGES[mark][2](entry.item))

    def audience_of(entry: Entry) -> int:
        return sum(1 << i for i, a in enumerate(audience_ids) if a in (entry.item.audiences or ()))

    rows = []
    for e in live:
        rows.append([e.key, e.item.name, dept_ids.index(e.department) if e.department in dept_ids else -1,
                     marks_of(e), (e.item.summary or "")[:TEASER] + ("…" if len(e.item.summary or "") > TEASER else ""),
                     e.item.aliases[:6]])
    for i in range(0, len(rows), CHUNK):
        files[f"d/{i // CHUNK}.json"] = _json(rows[i:i + CHUNK])
    files["attrs.json"] = _json([[r[2], r[3], audience_of(e)] for r, e in zip(rows, live)])
    texts = search_texts()  # filler words and ui texts; a filler word that
    # normalises to nothing would split every query into single characters.
    texts["filler"] = [w for w in texts.get("filler", []) if normalise(w).strip()]
    files["meta.json"] = _json({
        "format": FORMAT, "documents": len(live), "shards": shards, "chunk": CHUNK,
        "departments": [name for _, name in found_by.departments],
        "marks": [name for _, name in found_by.marks],
        "audiences": [name for _, name in found_by.audiences],
        "synonyms": usable_synonyms(cat.synonyms), **texts,
    })
    return files


def _json(data) -> bytes:
    # <, > and & as \u escapes (as Jinja's tojson does): the files stay inert
    # even if a browser were made to read one as HTML.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


def write_index(site: Path, files: dict[str, bytes]) -> None:
    root = site / "search" / "catalogue"
    for path, data in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
