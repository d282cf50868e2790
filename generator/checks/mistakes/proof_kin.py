"""Whether a listed proof whose name is close to a material's is the same
document, for a material that looks like a proof but is not in the list.

Clerk trial 15, #37: 监护人同意证明 (a consent) was offered
guardianship（监护关系证明） as "最接近的"; a literal clerk writes
``proof: guardianship`` and the check passes with no message.  Names alike
may be different documents: a close proof is offered as the one meant (with
a word to check its name first) only when it is *kin* — all the characters
of one name are in the other (死亡证明 in 居民死亡医学证明（推断）书, 无犯罪证明
in 无犯罪记录证明), or at least half of each name's characters are shared
(住址证明, 居住证明) — after the list's proof words (证明, locale
``proof_words``) are left out.  A proof that shares less (监护人同意 and
监护关系 share 监护: 2 of 5 characters) is named as *alike only*: probably
another document, not to be written as ``proof:``; the material is then told
first that it is not a proof of the list (leave it, or register it in
content/proofs.yaml).  A material named as a proof (it looks like one) and
tagged ``proof: id`` whose name is not kin to any name of that proof is a
warning (``tagged``): the silent pass of the trial.  Measured on the demo:
each of its 39 tagged materials is kin to its proof; a material not named
as a proof (近 6 个月内的体检报告 tagged physical-exam) is not compared.
"""

from __future__ import annotations

import difflib
import re

from generator.messages import say

_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def _bare(text: str, words: tuple[str, ...]) -> str:
    for word in words:
        text = text.replace(word, "")
    return "".join(_CHAR.findall(text))


def kin(material: str, proof_name: str, words: tuple[str, ...] = ()) -> bool:
    """True when ``proof_name`` is probably the document ``material`` names
    (module docstring), ``words`` left out of both."""
    mine, theirs = set(_bare(material, words)), set(_bare(proof_name, words))
    if not mine or not theirs:
        return False
    shared = len(mine & theirs)
    return shared in (len(mine), len(theirs)) or shared * 2 >= max(len(mine), len(theirs))


def shared(material: str, proof_name: str, words: tuple[str, ...] = ()) -> str:
    """The parts the two names share ("监护"; "、" between parts), proof words left out."""
    a, b = _bare(material, words), _bare(proof_name, words)
    blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return "、".join(a[m.a:m.a + m.size] for m in blocks if m.size) or "—"


def advice(material: str, close: list[tuple[str, str]], words: tuple[str, ...] = ()) -> str:
    """The hint of ``proof_not_registered`` for ``material``: ``close`` are
    the listed proofs nearest it as (id, the name or alias that is near),
    closest first (content_rules.closest_proofs).  Kin ones are offered
    (locale ``proof_kin_close``, with "名称相近不一定是同一种证明"); when
    there are close ones but none is kin, the nearest is named as another
    document (``proof_kin_alike``); else ``proof_kin_none``."""
    offered = [(i, n) for i, n in close if kin(material, n, words)]
    if offered:
        return say("proof_kin_close", closest="、".join(f"{i}（{n}）" for i, n in offered))[0]
    if close:
        first, name = close[0]
        return say("proof_kin_alike", id=first, proof=name, shared=shared(material, name, words))[0]
    return say("proof_kin_none")[0]


def tagged(material: str, proof_id: str, proofs: dict[str, str], words: tuple[str, ...] = ()) -> dict | None:
    """Values of ``proof_name_alike`` for a material named ``material``
    tagged ``proof: proof_id`` (a listed id; ``proofs``: name or alias ->
    id) when no name of that proof is kin to it; else None."""
    theirs = [name for name, i in proofs.items() if i == proof_id]
    if not theirs or any(kin(material, name, words) for name in theirs):
        return None
    common = shared(material, theirs[0], words)
    said = say("proof_kin_shared", shared=common)[0] if common != "—" else say("proof_kin_unshared")[0]
    return {"name": material, "id": proof_id, "proof": theirs[0], "shared": said}
