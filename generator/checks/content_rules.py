"""Rules of a guide's own text (source documents: no catch-all clauses such
as “其他材料”, no proof outside the proofs list (清单之外无证明), no template
text left in a published guide, no material asked for twice).  Like
``rules.py``, each rule yields ``Finding``s with the key path they concern;
``validate.py`` turns paths into file positions.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
from typing import Iterator

from generator.catalogue import Entry
from generator.checks.mistakes import proof_kin
from generator.checks.model import Item
from generator.checks.rules import Finding, Vocabulary
from generator.messages import quoted

# Several numbered clauses in one condition: "1.…2.…", "（1）…（2）…", "一是…二是…".
# A number followed by a digit or after a digit or dot is a section number
# ("第3.5.1条"), not an enumerator.
_MULTI_CLAUSE = re.compile(r"((?<![0-9.．])（?[1-9１-９][.．、)）](?![0-9]).*[；;，,]?\s*"
                           r"(?<![0-9.．])（?[2-9２-９][.．、)）](?![0-9]))|(（[一二三]）.*（[二三四]）)"
                           r"|(一是.*二是)")


def _catch_all(text: str, vocab: Vocabulary) -> str | None:
    return next((p for p in vocab.catch_all if p in text), None)


def closest_proofs(name: str, proofs: dict[str, str], n: int = 3, words: tuple[str, ...] = (),
                   as_pairs: bool = False) -> list:
    """The listed proofs whose name or alias is closest to ``name``, as
    "id（name）", closest first (``proofs``: name or alias -> id,
    ``Catalogue.proof_names``).  The proof words (``words``, e.g. 证明) are
    left out of the comparison: every proof bears them, so 在职证明 is not
    "close" to 火化证明 (clerk trial 7, #30); a proof at least half of whose
    other characters (two or more) are in a longer name is close too (职业病
    诊断证明书 and 医学诊断证明书).  [] when no name is close; (id, name)
    pairs with ``as_pairs``."""
    def bare(text: str) -> str:
        for w in words:
            text = text.replace(w, "")
        return text
    def score(key: str, other: str) -> float:  # similarity, or the share of ``other`` found in a longer name
        match = difflib.SequenceMatcher(None, key, other)
        found = sum(block.size for block in match.get_matching_blocks())
        return max(match.ratio(), found / len(other) if found >= 2 and found / len(other) >= 0.5 else 0)
    key = bare("".join(name.split()))
    scored = sorted(((score(key, bare(other)), other) for other in proofs), key=lambda pair: -pair[0])
    found: dict[str, str] = {}
    for score, other in scored:
        if score >= 0.3 and proofs[other] not in found:
            found[proofs[other]] = other
    pairs = list(found.items())[:n]
    return pairs if as_pairs else [f"{i}（{other}）" for i, other in pairs]


def check_content(entry: Entry, vocab: Vocabulary, proofs: dict[str, str] | None = None) -> Iterator[Finding]:
    """Rules of the guide's content: concrete conditions and materials, no
    proof outside the proofs list.  A material is a proof when it names one
    (``proof``) or bears the name or an alias of one (``proofs``: name or alias
    -> id); one that only looks like a proof (``Vocabulary.looks_like_proof``)
    is a warning naming the closest listed proofs (none when the catalogue
    keeps no list)."""
    item = entry.item
    listed = [(("conditions", i), c) for i, c in enumerate(item.conditions or [])]  # and each variant's own:
    listed += [(("variants", i, "conditions", j), c) for i, v in enumerate(item.variants) for j, c in enumerate(v.conditions)]
    for path, condition in listed:
        # A condition longer than a line quotes the law (real lists do): its
        # "相关材料" is the law's wording, not a catch-all clause of the guide.
        phrase = _catch_all(condition, vocab) if len(condition) <= 200 else None
        if phrase:
            # A warning, not a hold-back: real lists copy the law's own
            # catch-all ("法律、行政法规规定的其他条件"); hiding the whole guide
            # would serve citizens worse than publishing it with the clause
            # listed for the department to fix (数据质量 page, 待整改).
            yield Finding(path, "catch_all", {"text": quoted(condition), "phrase": phrase},
                          severity="warning")
        elif len(condition) <= 200 and _MULTI_CLAUSE.search(condition):
            # A warning: the condition is stated, only not split (real lists
            # keep "（1）…（2）…" sub-lists inside one condition).
            yield Finding(path, "condition_not_single", severity="warning")
    for i, m in enumerate(item.materials or []):
        phrase = _catch_all(m.name, vocab)
        if phrase:
            yield Finding(("materials", i, "name"), "catch_all", {"text": quoted(m.name), "phrase": phrase},
                          severity="warning")
        if proofs and not m.proof and "".join(m.name.split()) not in proofs and vocab.looks_like_proof(m.name):
            close = closest_proofs(m.name, proofs, words=vocab.proof_words, as_pairs=True)
            # Names alike may be different documents (clerk trial 15, #37): mistakes/proof_kin.py
            yield Finding(("materials", i, "name"), "proof_not_registered",
                          {"name": m.name, "advice": proof_kin.advice(m.name, close, vocab.proof_words)}, severity="warning")
        elif proofs and m.proof and vocab.looks_like_proof(m.name) and \
                (alike := proof_kin.tagged(m.name, m.proof, proofs, vocab.proof_words)):  # named as another proof
            yield Finding(("materials", i, "proof"), "proof_name_alike", alike, severity="warning")
    yield from _duplicate_materials(item)
    yield from _check_placeholders(item, vocab)
    if item.reviewed is not None and item.reviewed > (today := check_date()):  # clerk trial 11, #47
        # A warning: it must not hold the item back, or the same commit would
        # publish a different site once the real date passes the review's.
        yield Finding(("reviewed",), "reviewed_in_future", {"date": item.reviewed.isoformat(), "today": today.isoformat()},
                      severity="warning")


def check_date() -> dt.date:
    """"Today" for dates that record what has happened (``reviewed``): the
    build's date (SOURCE_DATE_EPOCH, as outputs/quality.build_date) or the
    real date, whichever is later.  A build dated in the past for
    reproducibility (the benches' 2023, the tests' 2026-01-01) must not call
    a review of last month a future one; a date after both is a typo.
    Effective, cancellation and suspension dates may be announced ahead and
    are not compared."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    built = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch and epoch.isdigit() else None
    return max(filter(None, (built, dt.date.today())))


def _duplicate_materials(item: Item) -> Iterator[Finding]:
    """A material listed twice for the same case (same name, ``applies_when``
    and ``variants``): the guide would ask for it twice (clerk trial 2, a
    material copied twice passed silently).  A warning at the later copy."""
    first: dict[tuple, int] = {}
    for i, m in enumerate(item.materials or []):
        key = ("".join(m.name.split()), m.applies_when or "", tuple(sorted(m.variants)))
        if key in first:
            yield Finding(("materials", i, "name"), "material_duplicate",
                          {"name": m.name, "first": first[key] + 1, "index": i + 1}, severity="warning")
        else:
            first[key] = i


# `mkdocs serve` rebuilds in the same process and an unchanged item file gives
# the same Item object (checks/validate.py): its text is not walked again.
# id -> (the item, kept so the id is not reused; the vocabulary; findings).
_placeholders: dict[int, tuple[Item, Vocabulary, tuple[Finding, ...]]] = {}


def _check_placeholders(item: Item, vocab: Vocabulary) -> Iterator[Finding]:
    known = _placeholders.get(id(item))
    if known is None or known[0] is not item or known[1] != vocab:
        known = _placeholders[id(item)] = (item, vocab, tuple(_walk_placeholders(item, vocab)))
    return iter(known[2])


def _may_hold(item: Item, vocab: Vocabulary) -> bool:
    """False only when no text of ``item`` can hold the placeholder or the
    sample marker: neither occurs in the item as JSON (pydantic writes it in
    one pass, every text as written but for JSON's escapes; a word JSON would
    escape, or an empty one, is always looked for text by text)."""
    words = [vocab.placeholder] + ([vocab.sample_marker] if vocab.sample_marker else [])
    if not all(words) or any(json.dumps(w, ensure_ascii=False) != f'"{w}"' for w in words):
        return True
    written = item.model_dump_json(exclude_none=True)  # every text (exclude_defaults costs a comparison each)
    return any(w in written for w in words)


def _walk_placeholders(item: Item, vocab: Vocabulary) -> Iterator[Finding]:
    if not _may_hold(item, vocab):  # most items: the walk below is 300 values for nothing
        return

    def walk(value, path):
        if isinstance(value, str):
            # A template instruction opens the value ("请填写有效期"); the same
            # words inside a sentence are real text ("表栏内容请填写齐全").
            if value.lstrip(" \t\n#:：【[（(“\"'").startswith(vocab.placeholder):
                yield Finding(path, "placeholder_left", {"text": quoted(value, 40)})
            elif vocab.sample_marker and vocab.sample_marker in value:
                # An error, not a warning (county trial 1, F7): a sample text
                # `new` wrote would be published as the guide's (（示例）申请表);
                # the item is held back until it is replaced or the line deleted.
                yield Finding(path, "sample_left", {"text": quoted(value, 40)})
        elif isinstance(value, dict):
            for k, v in value.items():
                yield from walk(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(v, path + (i,))
    yield from walk(item.model_dump(exclude_defaults=True), ())


def proofs_list_missing(cat, vocab: Vocabulary, path) -> list:
    """One warning for the whole catalogue when its proofs list (``path``,
    content/proofs.yaml) is empty or absent while published items ask for
    materials that look like proofs; [] otherwise.  Without a list no
    material can be compared with it, and a warning at each such material
    (320 in the real export of county trial 1, F8) would each say the same
    thing and put every department on the work list for one missing file:
    the list is what is to be published.  Warning at the file's first line
    that is not a comment, naming how many materials and items and the
    three shortest names."""
    from generator.checks.problems import Problem
    from generator.messages import say
    if cat.proofs:
        return []
    asked: dict[str, None] = {}
    items = 0
    for e in cat.entries:
        names = [m.name for m in e.item.materials or [] if not m.proof and vocab.looks_like_proof(m.name)]
        items += bool(names)
        asked.update(dict.fromkeys(names))
    if not asked:
        return []
    line = 1
    try:
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text.strip() and not text.lstrip().startswith("#"):
                line = number
                break
    except (OSError, UnicodeDecodeError):
        pass  # absent or unreadable: reported where the file is read
    shortest = sorted(asked, key=len)[:3]  # the plainest names; long ones quote whole clauses
    message, hint = say("proofs_list_missing", n=len(asked), items=items, names="、".join(shortest))
    return [Problem("content/proofs.yaml", line, 1, message, hint, severity="warning")]
