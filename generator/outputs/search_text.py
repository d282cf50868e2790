"""Search text: how indexed text and typed queries become index terms.

Every function here that the query side also runs has a twin in
``theme/assets/search/text.js`` (tests/outputs/test_search.py runs both on
the same strings in Chromium).  Kinds of term, each its own namespace:

``身份``      a pair of neighbouring Han characters (bigram), every field;
``税``        one Han character (unigram): names, aliases, result names only,
              so that a one-character query finds the items it names;
``身_证``     a skip pair (characters i and i+2): names and aliases only, so
              that one mistyped character in a name still matches;
``shen'fen``  two neighbouring syllables of pinyin: names and aliases only;
``#sfz``      initials of pinyin, two or three in a row: names and aliases only;
``abc12``     a run of Latin letters and digits (codes, English words).

Traditional characters are folded to simplified ones, one character at a
time, with OpenCC's ``t2s`` data (the same table on both sides: the index
ships the part of it whose targets occur in the index, ``fold_table``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(f"[{_HAN}]+|[a-z0-9]+")
IS_HAN = re.compile(f"[{_HAN}]")
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
SKIP, PINYIN, INITIALS = "_", "'", "#"  # separators and prefix of the term kinds above


@lru_cache(maxsize=1)
def t2s() -> dict[str, str]:
    """OpenCC's traditional-to-simplified conversion of every single Han
    character of the blocks search indexes that it changes, e.g. 駕 -> 驾
    (about 4,200 characters; opencc's ``t2s`` configuration, Apache-2.0)."""
    import opencc

    converter = opencc.OpenCC("t2s")
    table = {}
    for low, high in HAN_RANGES:
        for cp in range(low, high + 1):
            ch = chr(cp)
            simple = converter.convert(ch)
            if simple != ch and len(simple) == 1:
                table[ch] = simple
    return table


def fold_table(chars: set[str]) -> dict[str, str]:
    """The part of ``t2s()`` the query side needs: traditional characters
    whose simplified form is one of ``chars`` (the characters of the index)."""
    return {trad: simple for trad, simple in t2s().items() if simple in chars}


def normalise(text: str, table: dict[str, str] | None = None) -> str:
    """Full-width to half-width (NFKC), lower case, traditional characters
    folded to simplified: ＡＢＣ１２ == abc12, 護照 == 护照.  ``table``:
    the fold table (default: all of ``t2s()``)."""
    text = unicodedata.normalize("NFKC", text).lower()
    if table is None:  # most texts hold no traditional character: not translated, the same string
        return text.translate(_translation()) if _traditional().search(text) else text
    return text.translate({ord(k): v for k, v in table.items()})


@lru_cache(maxsize=1)
def _translation() -> dict[int, str]:
    return {ord(trad): simple for trad, simple in t2s().items()}


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern:
    """Any character ``t2s()`` changes (a regular expression: a text is
    searched in C, where ``str.translate`` looks every character up)."""
    return re.compile("[" + "".join(map(re.escape, sorted(t2s()))) + "]")


def tokens(text: str, table: dict[str, str] | None = None) -> list[str]:
    """Han runs and Latin/digit runs of the normalised text, in order."""
    return list(_tokens(text)) if table is None else TOKEN.findall(normalise(text, table))


@lru_cache(maxsize=200_000)
def _tokens(text: str) -> tuple[str, ...]:
    """``tokens`` with the default table, kept per text: the index asks for
    one text's tokens once per kind of term (pairs, characters, skip pairs,
    pinyin, thesaurus words)."""
    return tuple(TOKEN.findall(normalise(text)))


def terms(text: str, table: dict[str, str] | None = None) -> list[str]:
    """Index terms of a text: Chinese runs as overlapping character pairs
    (a single character stays itself), Latin letters and digits as words."""
    out: list[str] = []
    for token in (_tokens(text) if table is None else tokens(text, table)):
        if IS_HAN.match(token) and len(token) > 1:
            out += [token[i:i + 2] for i in range(len(token) - 1)]
        else:
            out.append(token)
    return out


def unigrams(text: str) -> list[str]:
    """Every Han character of the text (names: a one-character query)."""
    return [ch for token in _tokens(text) if IS_HAN.match(token) for ch in token]


def skips(text: str) -> list[str]:
    """Skip pairs: characters i and i+2 of every Han run of three or more,
    e.g. 结婚登记 -> 结_登, 婚_记 (a query with one wrong character keeps
    the skip pair around it)."""
    return [token[i] + SKIP + token[i + 2] for token in _tokens(text) if IS_HAN.match(token)
            for i in range(len(token) - 2)]


def compact(text: str, table: dict[str, str] | None = None) -> str:
    """The text as search compares whole words (twin of text.js'
    ``compact``): normalised, only Han runs, Latin letters and digits kept,
    e.g. " 住房 公积金（提取） " -> "住房公积金提取".  A synonym word is looked
    for in the query by this form, so an empty form would be found in every
    query."""
    return "".join(tokens(text, table))


def unindexed(text: str) -> str:
    """The characters of ``text`` that search drops although they mean
    something (letters of other scripts, Han outside the BMP blocks above,
    symbols and emoji, marks), in order, each once; spaces and punctuation
    only separate words and are not listed.  "Привет 驾照" -> "Привет"."""
    dropped: list[str] = []
    for ch in text:  # as written, not normalised: the editor sees their own characters
        lost = [c for c in normalise(ch) if not TOKEN.fullmatch(c) and unicodedata.category(c)[0] not in "PZ"]
        if lost and ch not in dropped:
            dropped.append(ch)
    return "".join(dropped)


def term_hash(term: str) -> int:
    """31-multiplier string hash over code points, identical in text.js."""
    h = 0
    for ch in term:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    return h


def pinyin_terms(text: str) -> tuple[list[str], set[str]]:
    """Pinyin terms of the Han runs of a text (pypinyin, tone-less, ü as v,
    the reading pypinyin's phrase data gives in context): pairs of
    neighbouring syllables ("shen'fen") and runs of two and three initials
    ("#sf", "#sfz"); and the syllables seen (the query side splits typed
    pinyin with them).  身份证 -> shen'fen, fen'zheng, #sf, #fz, #sfz."""
    out: list[str] = []
    seen: set[str] = set()
    for token in _tokens(text):
        if IS_HAN.match(token) and len(token) >= 2:
            found, syllables = _run_pinyin(token)
            out += found
            seen.update(syllables)
    return out, seen


@lru_cache(maxsize=100_000)
def _run_pinyin(token: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from pypinyin import Style, lazy_pinyin

    full = lazy_pinyin(token, style=Style.NORMAL, errors=lambda chars: [""] * len(chars))
    out = [a + PINYIN + b for a, b in zip(full, full[1:]) if a and b]
    initials = [s[0] if s else "" for s in full]
    for n in (2, 3):
        for i in range(len(initials) - n + 1):
            if all(initials[i:i + n]):
                out.append(INITIALS + "".join(initials[i:i + n]))
    return tuple(out), tuple(s for s in full if s)
