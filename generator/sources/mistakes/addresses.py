"""One hall written several ways: the slips in an address's text, undone.

County trial 2 (#2): the 防城港市 export wrote its 市政务服务中心 in about
twenty ways, each a new office of the import::

    防城港市港口区江山大道88号
    防城港市港口区江山大道大道88号，            a word typed twice (大道大道)
    防防城港市港口区江山大道88号                 a character typed twice (防防)
    防城港市港口区江山防城港市港口区江山大道88号  a prefix begun, then pasted whole
    防城港市港口区园博园中区防城港市港口区江山大道88号

:func:`place_key` is the one text such spellings share (the importer merges
offices by it, ``sources/importers/offices.py``; ``check`` warns about two
offices with the same key, ``checks/rules_registries.py``).  It is
conservative: it undoes only what cannot tell two halls apart (spaces and
punctuation, a run of Chinese characters typed twice in a row, a repeated
address start with no house number before it, the catalogue's own region
written or left out); digits, letters and every other character stay, so
``1-55号`` and ``155号``, ``建政路11号`` and ``建政路1号`` keep their keys.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Separators a clerk adds or leaves out in one address (the full-width ones
# as well: NFKC makes ，→, and （→( first).  Hyphens stay: 1-55号 is not 155号.
_SEPARATORS = re.compile(r"[\s,.;:、。“”\"'‘’()\[\]【】《》〈〉!?·…]+")
_DASHES = re.compile(r"[‐‑‒–—―−－~～]")
# A run of 1 to 20 Chinese characters typed twice in a row (大道大道, 防防).
_DOUBLED = re.compile(r"([\u3400-\u9fff]{1,20})\1")
_HOUSE_NUMBER = re.compile(r"[0-9]+号")


def _compact(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return _SEPARATORS.sub("", _DASHES.sub("-", text))


def _undoubled(text: str) -> str:
    while True:
        shorter = _DOUBLED.sub(r"\1", text)
        if shorter == text:
            return text
        text = shorter


def _restarted(text: str) -> str:
    """The address as written the second time when its start (3 characters
    or more) is typed again further on and only the second writing has a
    house number: "防城港市港口区江山防城港市港口区江山大道88号" -> the part from
    the second 防城港市港口区江山."""
    for length in range(len(text) // 2, 2, -1):
        again = text.find(text[:length], 1)
        if again > 0 and not _HOUSE_NUMBER.search(text[:again]) and _HOUSE_NUMBER.search(text[again:]):
            return text[again:]
    return text


def cleaned(text: str) -> str:
    """``text`` without a doubled run or a pasted start, spaces and
    punctuation kept: the spelling a merged office is shown with when none
    of its records wrote it cleanly."""
    text = " ".join((text or "").split())
    text = _undoubled(text)
    compact = _restarted(_compact(text))
    if compact != _compact(text):  # keep the second writing, with its own punctuation
        for start in range(len(text)):
            if _compact(text[start:]) == compact:
                return text[start:]
    return text


@lru_cache(maxsize=65536)
def place_key(text: str, region: str = "") -> str:
    """The key two spellings of one address (or of one office name) share:
    NFKC, no spaces or punctuation, no doubled run, the second writing of a
    pasted start, and without the catalogue's ``region`` (mkdocs.yml
    ``catalogue.region``, e.g. 防城港市) at the start, nor then the bare
    level word of the region (市 of 防城港市: 防城港市政务服务中心 and
    市政务服务中心 are one name).  "" for an empty text."""
    key = _restarted(_undoubled(_compact(text)))
    region = _compact(region)
    if region and key.startswith(region) and len(key) > len(region):
        key = key[len(region):]
    if region and key.startswith(region[-1]) and len(key) > 1:
        key = key[1:]
    return key
