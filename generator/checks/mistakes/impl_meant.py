"""The implementation code (实施编码) an item's own file makes, for a code
of the wrong length (clerk trial 10, #36: a 30-character code was told only
the formula, though the file held the credit code and the basic code it is
made of, and the clerk had to count characters and assemble it).

The national layout (checks/codes.py): 统一社会信用代码 (18) + 行使层级 (1,
the ``code`` of the item's level in content/taxonomies.yaml) + 基本编码 (12)
[+ 业务办理项 (2)].  When the file states the credit code and the basic code
and the level digit is known (the one level the item states, the committed
code's when it is one of the item's levels, or the digit the written code has
after its credit code), the message gives the code they
make, or the code committed last when it agrees with them (it keeps a
业务办理项), and names what is missing, extra or different.  A written code
more than a slip away (more than 2 characters differ, or characters that are
not letters and digits: a province's own layout) keeps the formula.

The implementing body's credit code read against the last commit: which of
it and the implementation code was mistyped (``credit_meant``), and a slip
in a valid committed credit code (``credit_slip``).
"""

from __future__ import annotations

import difflib

from generator.checks import gitrefs
from generator.checks.codes import check_credit_code
from generator.checks.mistakes import item_refs
from generator.messages import label, say

# Where each part of a national implementation code starts and ends (0-based, end excluded).
_PARTS = (("credit", 0, 18), ("level", 18, 19), ("basic", 19, 31), ("suffix", 31, 33))
SLIP = 2  # at most this many characters missing, extra or different


def _part(index: int, length: int) -> str:
    """The label of the part holding character ``index`` of a code of ``length`` characters."""
    if index >= length:
        return label("impl_meant", "end")
    return next(label("impl_meant", name) for name, start, end in _PARTS if start <= index < end)


def differences(written: str, expected: str) -> tuple[str, int]:
    """("基本编码部分少了“0”；…", characters concerned) between the code
    ``written`` and the one ``expected`` (difflib's opcodes; locale labels
    ``impl_meant``)."""
    said, count = [], 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, written, expected, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        part = _part(j1, len(expected))
        got, want = written[i1:i2], expected[j1:j2]
        count += max(len(got), len(want))
        key = {"insert": "missing", "delete": "extra", "replace": "wrong"}[tag]
        said.append(label("impl_meant", key).format(part=part, got=got, want=want, n=max(len(got), len(want))))
    return "；".join(said), count


def meant(code: str, credit_code: str | None, basic: str | None, level_codes: list[str],
          committed: str | None) -> dict | None:
    """Values of the ``impl_length_meant`` message for ``code`` (not 31 or 33
    characters) of an item whose file states ``credit_code`` and ``basic``
    (the basic code, None when malformed) at the level digits
    ``level_codes``; ``committed``: the implementation code the file had at
    the last commit, or None.  None when the code cannot be made or the
    written code is more than a slip away from it."""
    credit = (credit_code or "").strip()
    if len(credit) != 18 or not basic or not (code.isascii() and code.isalnum()):
        return None
    levels = sorted(set(level_codes))
    if len(levels) == 1:
        level = levels[0]
    elif committed and len(committed) in (31, 33) and committed[:18] == credit and committed[18] in levels \
            and committed[19:31] == basic:
        level = committed[18]  # the committed digit still fits: another is a slip too (clerk trial 12, #43)
    elif len(code) > 18 and code.startswith(credit) and (code[18] in levels or (not levels and code[18].isdigit())):
        level = code[18]  # the item states several levels (or none with a digit): the one written
    else:
        return None
    made = credit + level + basic
    expected = made
    if committed and len(committed) in (31, 33) and committed[:31] == made:
        expected = committed  # keeps a 业务办理项 the slip lost
    diff, count = differences(code, expected)
    if not diff or count > SLIP:
        return None
    parts = label("impl_meant", "made").format(credit=credit, level=level, basic=basic)
    if len(expected) == 33:
        parts += label("impl_meant", "with_suffix").format(suffix=expected[31:])
    if expected == committed:
        parts += label("impl_meant", "committed")
    written = f'"{expected}"' if expected.isdigit() else expected  # all digits would be read as a number
    return {"length": len(code), "diff": diff, "expected": written, "made": parts}


def committed(history, key: str, path: tuple[str, ...] = ("implementation_code",)) -> str | None:
    """The value at ``path`` (the ``implementation_code`` unless told) the
    item file ``key`` had at the last commit (``history``:
    sources/history.History), as text, or None (no git, a new file, none
    written).  Reads one blob from git."""
    data = committed_value(history, key, path)
    return str(data) if data else None


def committed_value(history, key: str, path: tuple[str, ...]):
    """The value at ``path`` the item file ``key`` had at the last commit as
    YAML read it (a mapping for ``("time_limits", "promised")``), or None."""
    data = item_refs.committed_data(history, key)
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def credit_slip(cat, entry, key: str, values: dict) -> dict | None:
    """Values of ``credit_slip`` for a credit code finding (``key``:
    credit_check, credit_length or credit_chars with their ``values``) when
    the implementing body's credit code was changed by a slip since the last
    commit (at most ``SLIP`` characters) and the committed one was valid
    (codes.check_credit_code finds nothing): "what" (the finding's message),
    "value" (committed, quoted when all digits) and "now".  Clerk trial 15,
    #20: a check character changed by hand was told "这是来源数据的问题，不影响
    发布".  None without git, for a file unchanged or never committed, or a
    code changed more than a slip (a new implementing body)."""
    body = entry.item.implementing_body
    now = (body.credit_code or "") if body else ""
    modified = modified_files(cat.history)
    if not now or key not in ("credit_check", "credit_length", "credit_chars") or \
            (modified is not None and entry.source not in modified):
        return None
    before = committed(cat.history, entry.key, ("implementing_body", "credit_code"))
    if not before or before == now or check_credit_code(before) or differences(now, before)[1] > SLIP:
        return None
    return {"what": say(key, **values)[0].rstrip("。"), "now": now,
            "value": f'"{before}"' if before.isdigit() else before}


def credit_meant(cat, entry, fits) -> tuple[tuple[str, ...], str, dict] | None:
    """(path, message key, values) for an implementation code whose first 18
    characters differ from the implementing body's credit code, when the last
    commit shows which of the two was mistyped (clerk trial 13, #33: "核对后
    改正抄错的一处" left the clerk to work out which): the implementation code
    changed while the committed one still fits the file (``impl_changed``, at
    the code; ``fits`` as for ``changed``), or the credit code changed while
    the committed one is the code's first 18 characters (``credit_changed``,
    at the credit code).  None without git, for a new file, or when both
    changed (a real handover: the message keeps asking to check both)."""
    if was := changed(cat, entry, fits):
        return ("implementation_code",), "impl_changed", was
    body = entry.item.implementing_body
    now, code = (body.credit_code or "") if body else "", entry.item.implementation_code or ""
    modified = modified_files(cat.history)
    if not now or (modified is not None and entry.source not in modified):
        return None
    before = committed(cat.history, entry.key, ("implementing_body", "credit_code"))
    if before and before != now and code[:18] == before \
            and committed(cat.history, entry.key) in (None, code):
        return ("implementing_body", "credit_code"), "credit_changed", {"value": before, "now": now}
    return None


def changed(cat, entry, fits) -> dict | None:
    """{"value": committed code, "now": written code} when the item file
    ``entry``'s implementation_code differs from the one it had at the last
    commit (``cat.history``) while that one still fits the file's credit
    code, levels and basic code (``fits(code) -> bool``: codes.check_implementation
    finds nothing), else None; also None when another item of ``cat`` states
    the written code (the duplicate's message names both files).  Clerk trial
    12, #43: "…T3…" → "…T4…" (another of the item's levels) passed silently
    while a changed basic code is told; a deliberate change changes the
    implementing body's credit code or the levels first, and then the
    committed code no longer fits and nothing is said."""
    written = entry.item.implementation_code
    modified = modified_files(cat.history)
    if modified is not None and entry.source not in modified:
        return None  # unchanged since the commit: no git call for each item
    before = committed(cat.history, entry.key)
    if before is None or before == written or not fits(before) or any(
            e.item.implementation_code == written for e in cat.entries if e is not entry):
        return None
    return {"value": before, "now": written}


def modified_files(history) -> set[str] | None:
    """The catalogue's files changed since ``history.rev`` (working tree and
    untracked files; gitrefs.changed, one git call per run, kept on the
    History), or None (no git: then each item's committed code is read)."""
    memo = vars(history) if history is not None else {}
    if "_modified" not in memo:
        try:
            memo["_modified"] = set(gitrefs.changed(history.root, history.rev, None)) \
                if history is not None and history.available else None
        except (gitrefs.GitError, OSError):
            memo["_modified"] = None
    return memo.get("_modified")
