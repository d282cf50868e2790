"""The traditional-character edition (繁體版, ``zh-Hant``): simplified item
data and site texts converted at build time, never a second copy of the data.

Converter: OpenCC (``opencc`` package, Apache-2.0), configuration ``s2tw``
(:data:`CONFIG`), chosen over the other Simplified -> Traditional ones that
opencc 1.4.2 ships (s2t, s2tw, s2twp, s2hk, s2hkp) because the catalogue is a
Mainland government's: its traditional edition writes the *same Mainland
words* in traditional characters, in the character forms readers use.

* Phrase level: ``s2tw`` is ``s2t``'s conversion (OpenCC's STPhrases picks
  發/髮 in 发展/头发, 後/后 in 后来/皇后, 乾/幹 in 干燥/干部, 複/復 in
  复印/恢复) followed by a *character-variant* step only (TWVariants).
* Not ``s2twp`` / ``s2hkp``: they also replace vocabulary with Taiwan or Hong
  Kong words (打印 -> 列印, 软件 -> 軟體, 信息 -> 資訊, 复印件 -> 影印件), which
  would change what a Mainland guide says.
* Not bare ``s2t``: it writes OpenCC's own reference forms 爲、羣衆、覈驗、裏,
  which no modern standard uses; readers in Hong Kong, Macao and Taiwan and
  common fonts write 為、群眾、核驗.  ``s2tw`` gives those.
* ``s2hk`` would keep 户 and 台 (港澳台) and write 説、閲; the Taiwan
  standard forms (戶口、臺) are the more widely read set.  The choice is this
  one constant; a catalogue needing Hong Kong forms changes it here.

Protected terms (``content/editions/protected-terms.yaml``, a reviewed list;
:func:`load_protected_terms`): proper names and titles that conversion must
not touch word by word (a registered enterprise name, a surname 于 that s2t
would write 於).  Each is kept verbatim, or written as its ``traditional`` form
when the list gives one.  They are matched in the simplified source text,
longest first, and never split across a protected boundary.

Cost: one OpenCC call per item (all of an item's texts joined), measured by
``devtools/bench_editions.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from pydantic import BaseModel, ValidationError

from generator.checks.compact import share_fields_sets
from generator.checks.model import Item, Step
from generator.checks.model_editions import ProtectedTerm, ProtectedTerms
from generator.sources.files import EDITION_TERMS as PROTECTED_TERMS_FILE  # under the content folder

if TYPE_CHECKING:
    from generator.catalogue import Catalogue

CONFIG = "s2tw"
# Item keys that are identities, not text: never converted (a local code or a
# source system id may hold Han characters, and it must stay what it is).
# ``en`` holds the English texts: nothing to convert.
ITEM_IDENTITIES = frozenset({"code", "implementation_code", "local_code", "source_id", "slug", "extends",
                             "main_item", "replaced_by", "en"})
# Placeholders: one code point of Supplementary Private Use Area-A per
# protected term, and a separator of Area-B between the texts joined for one
# OpenCC call.  OpenCC copies characters it has no entry for.
_SLOT_BASE = 0xF0000
_SEPARATOR = "\U0010FFFD"
_RESERVED = re.compile("[\U000F0000-\U0010FFFF]")


def load_protected_terms(content_dir: Path, display_root: Path | None = None) -> list[ProtectedTerm]:
    """The reviewed list in ``content_dir/editions/protected-terms.yaml``; []
    when the file does not exist (nothing protected).

    Raises ``ProblemsFound`` (file:line Chinese messages, as for any
    registry) when the file is not valid YAML or not of the shape above."""
    from generator.checks.problems import ProblemsFound
    from generator.checks.schema_errors import problems_from
    from generator.sources.load import load_file

    path = content_dir / PROTECTED_TERMS_FILE
    if not path.exists():
        return []
    display = str(path.relative_to(display_root)) if display_root else str(path)
    doc = load_file(path, display, positions=True)
    try:
        return ProtectedTerms.model_validate(doc.data or {}, strict=True).terms
    except ValidationError as exc:
        raise ProblemsFound(problems_from(exc, doc, ProtectedTerms)) from None


@dataclass
class Traditional:
    """Simplified -> traditional conversion with protected terms.

    ``text(s)`` converts one string; ``texts(list)`` many in one OpenCC call;
    ``data(value)`` a YAML-like value (dicts, lists, strings; keys and other
    scalars are kept); ``model(obj)`` a pydantic model (validated again: the
    same class, same fields set); ``item(item)`` an Item, identities kept."""

    terms: Iterable[ProtectedTerm] = ()

    def __post_init__(self):
        import opencc

        self._cc = opencc.OpenCC(CONFIG)
        terms = sorted({t.term: t for t in self.terms}.values(), key=lambda t: -len(t.term))
        self._out = {chr(_SLOT_BASE + i): (t.traditional or t.term) for i, t in enumerate(terms)}
        self._slot = {t.term: chr(_SLOT_BASE + i) for i, t in enumerate(terms)}
        self._pattern = re.compile("|".join(re.escape(t.term) for t in terms)) if terms else None

    def _protect(self, text: str) -> str:
        return self._pattern.sub(lambda m: self._slot[m.group(0)], text) if self._pattern else text

    def _restore(self, text: str) -> str:
        return _RESERVED.sub(lambda m: self._out.get(m.group(0), m.group(0)), text) if self._out else text

    def texts(self, strings: list[str]) -> list[str]:
        """Each string converted; as many strings out as in."""
        if not strings:
            return []
        joined = _SEPARATOR.join(strings)
        if _RESERVED.search(joined):  # a source text holding our placeholders: one by one, the slow way
            return [self._one_by_one(s) for s in strings]
        out = self._restore(self._cc.convert(self._protect(joined))).split(_SEPARATOR)
        if len(out) != len(strings):  # never seen; kept as a guard rather than a silent mix-up
            return [self._one_by_one(s) for s in strings]
        return out

    def _one_by_one(self, text: str) -> str:
        if not self._pattern:
            return self._cc.convert(text)
        parts, last = [], 0
        for m in self._pattern.finditer(text):
            parts.append(self._cc.convert(text[last:m.start()]))
            parts.append(self._out[self._slot[m.group(0)]])
            last = m.end()
        parts.append(self._cc.convert(text[last:]))
        return "".join(parts)

    def text(self, text: str) -> str:
        return self.texts([text])[0]

    def data(self, value: Any, skip: frozenset = frozenset()) -> Any:
        """``value`` with every string converted, keys kept; top-level keys in
        ``skip`` copied as they are."""
        found: list[str] = []

        def collect(v, top=False):
            if isinstance(v, str):
                found.append(v)
            elif isinstance(v, dict):
                for k, x in v.items():
                    if not (top and k in skip):
                        collect(x)
            elif isinstance(v, (list, tuple)):
                for x in v:
                    collect(x)

        collect(value, top=True)
        converted = iter(self.texts(found))

        def rebuild(v, top=False):
            if isinstance(v, str):
                return next(converted)
            if isinstance(v, dict):
                return {k: (x if top and k in skip else rebuild(x)) for k, x in v.items()}
            if isinstance(v, (list, tuple)):
                return type(v)(rebuild(x) for x in v)
            return v

        return rebuild(value, top=True)

    def model(self, obj: BaseModel, skip: frozenset = frozenset()) -> BaseModel:
        """A copy of ``obj`` with its texts converted (only the fields the
        source set: what was not stated stays not stated)."""
        data = obj.model_dump(exclude_unset=True)
        return type(obj).model_validate(self.data(data, skip))

    def item(self, item: Item) -> Item:
        converted = self.model(item, ITEM_IDENTITIES)
        share_fields_sets(converted)  # as the catalogue's own items (checks/compact.py)
        return converted

    def catalogue(self, cat: "Catalogue") -> "Catalogue":
        """The catalogue with its items and registries converted; keys, codes
        and ids kept."""
        import dataclasses

        ids = frozenset({"id", "code", "office", "offices", "department", "items", "item"})
        return dataclasses.replace(
            cat, entries=[dataclasses.replace(e, item=self.item(e.item)) for e in cat.entries],
            departments=[self.model(d, ids) for d in cat.departments],
            offices=[self.model(o, ids) for o in cat.offices],
            proofs=[self.model(p, ids) for p in cat.proofs],
            taxonomies=self.model(cat.taxonomies),
            life_events=[self.model(b, ids) for b in cat.life_events])

    def flow(self, item: Item) -> tuple[str, list[Step] | None]:
        """The item's name and steps as :meth:`item` converts them (one
        OpenCC call), without converting the rest of the item: what its
        flowchart is drawn from (``site/editions.py`` draws the flowcharts
        before it converts the whole catalogue, one edition at a time)."""
        steps = [s.model_dump(exclude_unset=True) for s in item.steps or ()]
        name, converted = self.data([item.name, steps])
        return name, [Step.model_validate(s) for s in converted] if item.steps is not None else None
