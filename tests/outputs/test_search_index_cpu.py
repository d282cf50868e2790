"""The search index's shortcuts for the build's CPU (issue 14) answer as the
rules they stand for: ``general_weight`` from its two small tables as from
jieba's idf table and character pairs, BM25F weights summed per field as one
occurrence at a time, the thesaurus' additions as word by word; and the
garbage collector is paused only while the index is built
(docs/performance.md, "Search index CPU")."""

from __future__ import annotations

import gc
import itertools
from pathlib import Path

import pytest

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.messages import set_language
from generator.outputs import search, search_docs
from generator.outputs import search_thesaurus as st
from generator.outputs.search_text import pinyin_terms, skips, terms, unigrams

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo-city"


@pytest.fixture(scope="module")
def demo():
    settings = read_settings(DEMO)
    set_language(settings.language)
    return build_catalogue(DEMO, settings).catalogue, settings


@pytest.fixture(scope="module")
def docs(demo):
    cat, _ = demo
    rows = [[e.key, e.item.name, -1, 0, search_docs.teaser(e.item.summary), e.item.aliases[:6]]
            for e in cat.in_use()]
    return search_docs.documents(cat, rows)


def _rule(term: str, idf: dict[str, float], pairs: dict[str, int]) -> float:
    """general_weight as its docstring states it, from the two large tables."""
    value = idf.get(term)
    if value is None:
        return st.GENERAL_MIN if len(term) == 2 and pairs.get(term, 0) < st.IN_WORDS else 1.0
    return round(min(1.0, max(st.GENERAL_MIN, (value - st.GENERAL_FLOOR) / st.GENERAL_SPAN)), 2)


def test_general_weight_tables_answer_as_the_rule():
    idf, pairs = st._general_idf(), st._word_pairs()
    below, whole = st._general_weights()
    assert 1000 < len(below) < 10_000 and 50_000 < len(whole) < 300_000  # small, as the docstring says
    odd = ["司不", "把户", "仪馆", "的", "x", "ab", "a1b", "身份证明书", "公积金提取申请"]
    wrong = [(t, st.general_weight(t), _rule(t, idf, pairs))
             for t in itertools.chain(idf, pairs, odd) if st.general_weight(t) != _rule(t, idf, pairs)]
    assert not wrong, wrong[:10]


def _reference_weights(doc, averages: dict[str, float], syllables: set[str]) -> dict[str, int]:
    """BM25F one occurrence at a time, terms made afresh (docs/search.md, "Ranking")."""
    tf: dict[str, float] = {}
    for name, texts in doc.texts.items():
        spec = search_docs.FIELDS[name]
        length, occurrences = 0, []
        for text in texts:
            if spec.terms == search_docs.CHARS:
                occurrences += [search.CHAR_SYNONYM + c for c in unigrams(text)]
                continue
            own = terms(text)
            length += len(own)
            occurrences += own
            if spec.terms in (search_docs.FULL, search_docs.SHORT):
                occurrences += unigrams(text)
            if spec.terms == search_docs.FULL:
                spoken, seen = pinyin_terms(text)
                occurrences += skips(text) + spoken
                syllables |= seen
        norm = 1 - spec.b + spec.b * length / averages[name] if averages.get(name) else 1.0
        add = spec.weight / max(norm, 0.1)
        counted: set[str] = set()
        for term in occurrences:
            if spec.once and term in counted:
                continue
            counted.add(term)
            tf[term] = tf.get(term, 0.0) + add
    return {term: max(1, round(search.LEVELS * t / (search.K1 + t))) for term, t in tf.items()}


def test_doc_weights_are_bm25f_one_occurrence_at_a_time(docs):
    averages = search.field_lengths(docs)
    fast, slow = set(), set()
    for doc in docs:
        assert search.doc_weights(doc, averages, fast) == _reference_weights(doc, averages, slow), doc.key
    assert fast == slow and len(fast) > 50


def _reference_others(texts: list[str], looked_up, skip) -> list[str]:
    table, present, added = st.groups(), "".join(texts), []
    for text in texts:
        for word in st.words(text):
            for key in looked_up(word):
                if key not in skip:
                    added += [o for o in table.get(key, ()) if o not in present and o not in added]
    return added


def test_thesaurus_additions_are_word_by_word(docs):
    own = [doc.texts.get("name", []) + doc.texts.get("alias", []) + doc.texts.get("result", []) for doc in docs]
    common = st.common_words(own)
    found = 0
    for doc, texts in zip(docs, own):
        told = doc.texts.get("summary", []) + doc.texts.get("conditions", [])
        assert st.expand(texts, common) == _reference_others(texts, lambda w: (w,), common), doc.key
        assert st.expand_parts(texts, common) == _reference_others(texts, st.parts, common), doc.key
        assert st.expand(told, common) == _reference_others(told, lambda w: (w,), common), doc.key
        found += len(st.expand(texts, common))
    assert found > 20


@pytest.mark.parametrize("collecting", [True, False])
def test_garbage_collector_paused_only_while_indexing(demo, monkeypatch, collecting):
    cat, settings = demo
    during = []
    make_docs = search.documents

    def documents(*args):
        during.append(gc.isenabled())
        return make_docs(*args)

    monkeypatch.setattr(search, "documents", documents)
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        files = search.build_index(cat, settings)
        assert gc.isenabled() is collecting  # as it was before
    finally:
        (gc.enable if was else gc.disable)()
    assert during == [False] and "meta.json" in files


def test_best_postings_are_the_highest_weights_lower_documents_first():
    import random

    rng = random.Random(14)
    for size in (search.MAX_POSTINGS + 1, 2 * search.MAX_POSTINGS, 20_000):
        docs = sorted(rng.sample(range(40_000), size))
        found = [n * 64 + rng.choice([1, 2, 17, 40, 62, 63]) for n in docs]
        expected = sorted(sorted(found, key=lambda p: (-(p % 64), p))[:search.MAX_POSTINGS])
        assert search.best_postings(found) == expected
    assert search.best_postings([64 * n + 5 for n in range(search.MAX_POSTINGS + 9)]) == \
        [64 * n + 5 for n in range(search.MAX_POSTINGS)]  # all alike: the first documents


def test_normalise_translates_only_texts_with_a_traditional_character():
    import unicodedata

    from generator.outputs.search_text import _translation, normalise, t2s

    table = sorted(t2s())
    texts = ["护照 ＡＢＣ１２", "身份证", "", "Привет", "\uf900\uf901 豈", *table,
             *("办理" + "".join(table[i:i + 7]) + "手续" for i in range(0, len(table), 7))]
    for text in texts:
        assert normalise(text) == unicodedata.normalize("NFKC", text).lower().translate(_translation()), text
    assert normalise("護照") == "护照"
