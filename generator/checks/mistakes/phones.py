"""Phone numbers of an item that have lost or gained a digit (clerk trial 6,
#32: ``0001-8800440`` for ``0001-88004400`` passed without a word).

The rules are those of China's numbering plan (工业和信息化部《电信网编号计划》):

- a fixed line is an area code (0 and 2 or 3 digits) and a local number of
  7 or 8 digits starting with 2-9; all local numbers of one area code have
  the same length.  A local part starting with 1, or a short one starting
  with 9, is a special service (12345, 12329, 95598 …) and is not judged;
- a mobile number is 11 digits starting with 13-19.

So a warning (the number may be right: a department may print it so) is
given for a fixed line whose local number is not 7 or 8 digits, or whose
length differs from that of every number the catalogue's registries
(``content/departments.yaml``, ``content/offices.yaml``) give for the same
area code, and for a 10- or 12-digit mobile number.  The form of a phone
(characters allowed) is the model's (``model_types.PHONE_PATTERN``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Iterator

from generator.catalogue import Catalogue
from generator.checks.rules import Finding

_EXTENSION = re.compile(r"(转|轉|ext\.? ?|分机|分機)[0-9]{1,6}$")
# The area code set off by a dash, a space or brackets (without one, where it ends is not known).
_FIXED = re.compile(r"(?:\+?86[ \-]?)?(?:\((0[0-9]{2,3})\)|(0[0-9]{2,3})[ \-])[ \-]?([0-9][0-9 \-]*)")
_MOBILE = re.compile(r"(?:\+?86)?(1[3-9][0-9]*)")


def split(phone: str) -> tuple[str, str] | None:
    """(area code, local number) of a fixed line written with its area
    code ("0001-88004400", "(0574) 8765 4321"), or None."""
    match = _FIXED.fullmatch(_EXTENSION.sub("", phone.strip()).strip())
    return (match.group(1) or match.group(2), re.sub(r"[ \-]", "", match.group(3))) if match else None


def registered_lengths(cat: Catalogue) -> dict[str, frozenset[int]]:
    """Area code -> the lengths of the local numbers (starting 2-9) the
    registries give for it."""
    return _lengths(tuple(d.phone for d in cat.departments) + tuple(o.phone for o in cat.offices))


@lru_cache(maxsize=4)  # the same registries for every item of a check
def _lengths(phones: tuple) -> dict[str, frozenset[int]]:
    lengths: dict[str, set[int]] = defaultdict(set)
    for phone in phones:
        parts = split(phone) if phone else None
        if parts and parts[1][:1] in "23456789":
            lengths[parts[0]].add(len(parts[1]))
    return {area: frozenset(found) for area, found in lengths.items()}


def check_item_phones(item, cat: Catalogue) -> Iterator[Finding]:
    """Warnings for the consultation and complaint phones of ``item``
    (``phone_local_length``, ``phone_mobile_length``)."""
    lengths = registered_lengths(cat)
    for key in ("consultation", "complaint"):
        contact = getattr(item, key)
        for i, phone in enumerate(contact.phone if contact is not None else []):
            path = (key, "phone", i)
            mobile = _MOBILE.fullmatch(re.sub(r"[\s\-]", "", phone))
            if mobile and len(mobile.group(1)) in (10, 12):
                yield Finding(path, "phone_mobile_length", {"phone": phone, "n": len(mobile.group(1))}, "warning")
                continue
            parts = split(phone)
            if parts is None or parts[1][:1] not in "23456789" or parts[1][:1] == "9" and len(parts[1]) < 7:
                continue  # no area code, or a special service: 12345, 12329, 95598, 96xxx
            area, local = parts
            usual = lengths.get(area, set())
            if len(usual) == 1 and len(local) not in usual:
                yield Finding(path, "phone_local_length", {"phone": phone, "area": area, "n": len(local),
                                                           "usual": next(iter(usual))}, "warning")
            elif len(local) not in (7, 8):
                yield Finding(path, "phone_local_digits", {"phone": phone, "area": area, "n": len(local)}, "warning")
