"""Ids and their Chinese names, for a value written where an id belongs.

A clerk writes the name she sees on the page (``office: 东城社区服务站``,
``to: 不予查询``, ``levels: [乡镇（街道）]``) where the file wants an id.  The
messages then name the id whose Chinese name matches, or list the valid ids
with their names, closest first by the Chinese name (issue 13, clerk trial 2:
W1, W3).  At a department reference (``lead_department``,
``joint_departments``) a department's name, or one a slip away, is answered
with that department's id, and any other value with the departments' ids,
never with the id format's example (clerk trial 17, #23: "如 first-apply"
made a clerk invent ``jiaoyuju``).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from typing import Any

from generator.checks.mistakes.item_refs import one_slip
from generator.messages import quoted, say
from generator.sources.load import Document

# The key holding an id -> the registry (group) its ids come from.  ``to`` and
# ``next`` point at the item's own steps (read from the file itself).
ID_FIELDS = {
    "office": "offices", "parent": "offices", "proof": "proofs", "levels": "levels", "level": "levels",
    "item_type": "item_types", "audiences": "audiences", "audience": "audiences", "industries": "industries",
    "service_types": "service_types", "topics": "topics", "joint_departments": "departments",
    "lead_department": "departments",
}
_STEP_KEYS = ("to", "next")
# A name this close (difflib ratio of the NFKC forms) is taken as meant.
MEANT = 0.6

Names = dict[str, dict[str, list[str]]]  # group -> id -> its Chinese names (name first, then aliases)


def registry_names(offices, proofs, taxonomies, departments) -> Names:
    """group -> id -> names, from the loaded registries (lists of
    model_registries entries; ``taxonomies`` a Taxonomies or None)."""
    names: Names = {
        "offices": {o.id: [n for n in (o.name, o.address) if n] for o in offices},
        "proofs": {p.id: [p.name, *p.aliases] for p in proofs},
        "departments": {d.id: [d.name] for d in departments},
    }
    if taxonomies is not None:
        for group in type(taxonomies).model_fields:
            names[group] = {t.id: [t.name] for t in getattr(taxonomies, group)}
    return names


def choices_at(loc: tuple, data: Any, names: Names | None) -> dict[str, list[str]] | None:
    """The ids (with names) valid at ``loc`` of a file whose data is ``data``;
    None when the key is not a reference this module knows."""
    keys = [p for p in loc if isinstance(p, str)]
    if not keys:
        return None
    if keys[-1] == "variants" and len(keys) > 1 and isinstance(data, dict):  # the item's own situations
        found = data.get("variants") if isinstance(data.get("variants"), list) else []
        return {v["id"]: [str(v["name"])] if v.get("name") else [] for v in found
                if isinstance(v, dict) and isinstance(v.get("id"), str)}
    if keys[-1] in _STEP_KEYS and keys[0] == "steps" and isinstance(data, dict):
        steps = data.get("steps") if isinstance(data.get("steps"), list) else []
        return {str(s["id"]): [str(s["name"])] for s in reversed(steps)  # an id written twice: its first step's
                if isinstance(s, dict) and isinstance(s.get("id"), str) and s.get("name")}  # name (trial 16, #37)
    group = ID_FIELDS.get(keys[-1])
    return (names or {}).get(group) if group else None


def written_for_id(value: str, loc: tuple) -> bool:
    """True when ``value``, failing the id format at ``loc``, is answered
    with the registry's ids (``name_for_id``): a name (not ASCII), or any
    value at a department reference (clerk trial 17, #23)."""
    keys = [p for p in loc if isinstance(p, str)]
    return not value.isascii() or bool(keys) and ID_FIELDS.get(keys[-1]) == "departments"


def _plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def ranked(value: str, choices: dict[str, list[str]]) -> list[tuple[float, str, str]]:
    """(score, id, the name that scored) for every id, best first; the score
    is the difflib ratio of ``value`` to the id's closest Chinese name."""
    plain = _plain(value)
    scored = []
    for id_, names in choices.items():
        best = max(((difflib.SequenceMatcher(None, plain, _plain(n)).ratio(), n) for n in names or [id_]),
                   key=lambda pair: pair[0])
        scored.append((best[0], id_, (names or [id_])[0]))
    return sorted(scored, key=lambda s: (-s[0], s[1]))


def listed(scored: list[tuple[float, str, str]], limit: int = 10) -> str:
    """"id（name）、…", at most ``limit`` ("… 等 12 个")."""
    shown = "、".join(f"{i}（{n}）" if n != i else i for _, i, n in scored[:limit])
    return shown + (f" 等 {len(scored)} 个" if len(scored) > limit else "") if scored else "—"


def meant_id(value: str, choices: dict[str, list[str]]) -> tuple[str, bool] | None:
    """(id, exactly) of the one id in ``choices`` a name ``value`` stands
    for: the id a name of which is ``value`` (exactly True); else the one id
    with a name one slip from it (``item_refs.one_slip``: 换证 for 换领) or
    holding it or held in it (到期换领, 换领); else the id of the closest name
    when at least ``MEANT`` alike; None when no id or several are meant."""
    plain = _plain(value)
    exact = [i for i, names in choices.items() if any(_plain(n) == plain for n in names)]
    if len(exact) == 1:
        return exact[0], True

    def near(name: str) -> bool:
        name = _plain(name)
        return one_slip(plain, name) or min(len(name), len(plain)) >= 2 and (plain in name or name in plain)
    close = [i for i, names in choices.items() if any(near(n) for n in names)]
    if len(close) == 1:
        return close[0], False
    scored = ranked(value, choices)
    return (scored[0][1], False) if not exact and scored and scored[0][0] >= MEANT else None


def name_for_id(value: str, choices: dict[str, list[str]], loc: tuple = (),
                doc: Document | None = None) -> tuple[str, dict]:
    """The locale message key and values for ``value`` (not an id) written
    where one of ``choices`` belongs: "id_is_name" naming the id a name
    stands for (``meant_id``), else "id_not_name" listing the ids, closest
    first.  At a situation id (``variants`` of a material, step or fee, read
    from ``doc`` at ``loc``) "variant_is_name", "variant_like_name" or
    "variant_not_name" instead, with the line as it is to be written (clerk
    trial 15, #29: ``variants: [换领]`` was told only the id format)."""
    meant = meant_id(value, choices) if not value.isascii() else None
    if doc is not None and loc and [p for p in loc if isinstance(p, str)][-1] == "variants":
        return variant_named(value, choices, meant, loc, doc)
    if ID_FIELDS.get(([p for p in loc if isinstance(p, str)] or [""])[-1]) == "departments":
        return _department(value, choices, meant)
    if meant:
        return "id_is_name", {"value": quoted(value), "id": meant[0], "name": (choices[meant[0]] or [meant[0]])[0]}
    return "id_not_name", {"value": quoted(value), "allowed": listed(ranked(value, choices))}


def _department(value: str, choices: dict[str, list[str]], meant: tuple[str, bool] | None) -> tuple[str, dict]:
    """The message key and values for ``value`` at a department reference
    (clerk trial 17, #23): the department it names, or one a slip away, else
    the departments' ids."""
    values = {"value": quoted(value), "allowed": listed(ranked(value, choices))}
    if meant is None:
        return "department_not_listed", values
    return "department_is_name" if meant[1] else "department_like_name", {
        **values, "id": meant[0], "name": (choices[meant[0]] or [meant[0]])[0]}


def variant_named(value: str, choices: dict[str, list[str]], meant: tuple[str, bool] | None, loc: tuple,
                  doc: Document) -> tuple[str, dict]:
    """The message key and values for a situation name ``value`` written at
    ``loc`` (``name_for_id``): ``line`` is the line of ``loc`` with every
    name of its list replaced by the id it stands for; ``at`` the line of
    the item's ``variants:``."""
    at = doc.keys.get(("variants",), (0, 0))[0]
    if meant is None:
        return "variant_not_name", {"value": quoted(value), "allowed": listed(ranked(value, choices)), "at": at}
    entries = value_at(doc.data, loc[:-1])
    ids = {e: m[0] for e in (entries if isinstance(entries, list) else [])
           if isinstance(e, str) and not e.isascii() and (m := meant_id(e, choices))}
    return "variant_is_name" if meant[1] else "variant_like_name", {
        "value": quoted(value), "id": meant[0], "name": (choices[meant[0]] or [meant[0]])[0], "at": at,
        "line": written_as(loc, doc, ids | {value: meant[0]})}


def value_at(data: Any, path: tuple) -> Any:
    """The value at key path ``path`` of ``data`` (dicts and lists), or None."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def written_as(loc: tuple, doc: Document, ids: dict[str, str]) -> str:
    """The source line holding ``loc`` (an entry of a list), stripped, with
    each entry of that list on the line that is a key of ``ids`` (a name)
    replaced by its value (an id): "variants: [renew]", "- renew".  Rebuilt
    from the data ("variants: [renew]") when the file cannot be read again."""
    entries = value_at(doc.data, loc[:-1])
    entries = entries if isinstance(entries, list) else []
    line = doc.position(loc)[0]
    try:
        text = doc.path.read_text(encoding="utf-8-sig").split("\n")[line - 1].rstrip("\r")
    except (OSError, UnicodeDecodeError, IndexError):
        text = None
    spots = sorted(((doc.values.get(loc[:-1] + (j,), (0, 0))[1] - 1, e) for j, e in enumerate(entries)
                    if isinstance(e, str) and e in ids and doc.values.get(loc[:-1] + (j,), (0, 0))[0] == line),
                   reverse=True)
    for column, entry in spots if text is not None else ():
        start = column + (1 if text[column:column + 1] in ("\"", "'") else 0)
        if text[start:start + len(entry)] != entry:
            text = None
            break
        text = text[:start] + ids[entry] + text[start + len(entry):]
    if text is None:
        key = [p for p in loc if isinstance(p, str)][-1]
        return f"{key}: [{', '.join(ids.get(str(e), str(e)) for e in entries)}]"
    return text.strip()


def unknown_proof(proof: str, material: str, proofs: dict) -> tuple[str, dict]:
    """The message key and values for a ``proof:`` id not in the proofs list
    (``proofs``: id -> model_registries.Proof).  "unknown_proof_meant" when
    the id is close to a listed one whose name or an alias is the material's
    name, or one slip from it (clerk trial 10, #15: ``birth-medicall`` on
    出生医学证明 got the long proof/certificate explanation and "删去
    proof:"); else "unknown_proof" offering the listed proofs whose Chinese
    names or aliases are close to the material's name (``close_names``), not
    by the id's spelling (clerk trial 2, W2: ``divorce-cert`` on 离婚证 was
    offered driver-health first), or saying that none is close (clerk trial
    14, #7: 体检报告 was offered 家庭收入证明, 出生医学证明 "等 23 个")."""
    names = {pid: [p.name, *p.aliases] for pid, p in proofs.items()}
    # A misspelt id (no-crime) still gets its id; a stricter cutoff than the
    # names' so an unrelated id is not offered as the one meant.
    close = difflib.get_close_matches(proof, list(proofs), n=1, cutoff=MEANT)
    if close and any(one_slip(_plain(material), _plain(n)) or _plain(material) == _plain(n) for n in names[close[0]]):
        return "unknown_proof_meant", {"value": proof, "material": material, "id": close[0],
                                       "name": proofs[close[0]].name}
    near = close_names(material, names)
    suggestion = f"是不是想写 {close[0]}（{proofs[close[0]].name}）？" if close else ""
    if close and close[0] not in {i for _, i, _ in near}:  # clerk trial 5, 6A: an ID card tagged as a marriage record
        suggestion = f"编号拼写与 {close[0]}（{proofs[close[0]].name}）相近，但它和材料“{material}”的名称对不上，先核对材料。"
    choices = say("unknown_proof_close", material=material, allowed=listed(near, 5))[0] if near else \
        say("unknown_proof_none", material=material)[0]  # clerk trial 14, #7: not 23 unrelated proofs
    return "unknown_proof", {"value": proof, "material": material, "choices": choices, "suggestion": suggestion}


def close_names(value: str, choices: dict[str, list[str]]) -> list[tuple[float, str, str]]:
    """(score, id, name) of the ids in ``choices`` (id -> Chinese names) with
    a name close to ``value``, closest first.  Close: the two-character words
    both share make up at least a third of ``value``'s words or of the
    name's, after the words common to the list are cut out (in at least 2
    names and a third of them: 证明 in a proofs list, so 家庭收入证明 is not
    close to 体检报告).  Measured for clerk trial 14, #7, on the demo's 23
    proofs: each of the 39 materials tagged with a proof is close to its own
    proof (all of its words shared), and to at most 2 others (出生医学证明:
    death-medical, medical-diagnosis); 体检报告 is close to 体检合格证明 (1 of
    its 3 words), 死亡证明 to 居民死亡医学证明 (its 1 word), 居民身份证 to none
    (居民: 1 of 4 words, and of 7)."""
    from generator.checks.mistakes.names import pairs
    said = {id_: set().union(*(pairs(n) for n in names or [id_])) for id_, names in choices.items()}
    count = Counter(w for words in said.values() for w in words)
    common = {w for w, n in count.items() if n >= 2 and n * 3 >= len(choices)}

    def words(text: str) -> set[str]:
        for word in common:
            text = text.replace(word, " ")
        return set().union(*(pairs(part) for part in text.split()))

    mine = words(value)
    near = {}
    for id_, names in choices.items():
        for name in names or [id_]:
            theirs = words(name)
            if mine and theirs and (share := len(mine & theirs)):
                near[id_] = max(near.get(id_, 0), share / len(mine), share / len(theirs))
    return sorted((s for s in ranked(value, choices) if near.get(s[1], 0) * 3 >= 1),
                  key=lambda s: (-near[s[1]], -s[0], s[1]))
