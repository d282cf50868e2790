"""The time limit a clerk meant when the promised limit (承诺办结时限) is
longer than the statutory one (法定办结时限), read against the last commit.

Clerk trial 15, #4: ``promised`` 15 → 90 working days beside 60 calendar
days was told "改为不超过 42 个工作日", and literal clerks copy the computed
ceiling (42), not the department's commitment.  When the file's last commit
had a promised limit within today's statutory one, that limit is offered
first ("上次提交时是 15 个工作日"), and the ceiling is said to be only a
ceiling; when only the statutory limit changed since, and the committed one
holds the promised limit, the statutory limit is to be changed back.
Without git, for a file never committed or unchanged, nothing (the rule's
own message stands).  A limit written on one line (``promised: {value: 25,
unit: calendar_days, note: …}``) in both versions is given back as the
whole committed text, as written (clerk trial 17, #41: "两行都改" for a
one-line limit).
"""

from __future__ import annotations

from pydantic import ValidationError

from generator.checks.mistakes import impl_meant
from generator.sources.gitlog import head_blob
from generator.checks.model import Duration, TimeLimits
from generator.messages import say


def _committed(history, key: str, which: str) -> Duration | None:
    """The ``time_limits.<which>`` limit the item file ``key`` had at the last commit, or None."""
    data = impl_meant.committed_value(history, key, ("time_limits", which))
    try:
        return Duration.model_validate(data) if isinstance(data, dict) else None
    except ValidationError:
        return None


def _same(one: Duration, other: Duration) -> bool:
    """The same limit (value and unit; 即办 has no value), whatever its note."""
    return one.unit == other.unit and (one.unit == "immediate" or one.value == other.value)


def _change(now: Duration, before: Duration, which: str, written: tuple[str, str] | None = None) -> str:
    """How to write ``before`` where ``now`` is ("在 promised（承诺办结时限）下把
    value: 90 改回 value: 15"; locale ``limit_back*``); ``written``: (the
    limit's one-line text now, at the last commit), given back whole."""
    where = say("limit_where", key=which, key_name=TimeLimits.model_fields[which].title)[0]
    if written is not None:
        return say("limit_back_line", now=written[0], then=written[1])[0]
    if before.unit == now.unit:
        return where + say("limit_back_value", now=now.value, value=before.value)[0]
    if before.unit == "immediate":
        return where + say("limit_back_immediate", unit=now.unit)[0]
    return where + say("limit_back_both", value=before.value, unit=before.unit)[0]


def one_line(text: str, which: str) -> str | None:
    """``which: {…}`` as written in the ``time_limits`` of an item file's
    ``text`` (the limit on one line, by itself or inside a one-line
    ``time_limits: {…}``), or None when it is written over several lines
    or not at all."""
    lines, inside = text.split("\n"), False
    for line in lines:
        line = line.rstrip("\r")
        if line.startswith("time_limits:"):
            inside = True
        elif line[:1] not in (" ", "#", "") and inside:
            return None
        at = line.find(f"{which}:") if inside else -1
        if at >= 0 and (at == 0 or line[at - 1] in " {,") and line[at + len(which) + 1:].lstrip().startswith("{"):
            depth, start = 0, line.index("{", at)
            for end in range(start, len(line)):
                depth += {"{": 1, "}": -1}.get(line[end], 0)
                if depth == 0:
                    return line[at:end + 1]
            return None
    return None


def _written(history, entry, which: str) -> tuple[str, str] | None:
    """(the limit's one-line text now, at the last commit), or None."""
    try:
        now = (history.root / entry.source).read_text(encoding="utf-8-sig")
        then = head_blob(history.root, history.head_files[entry.key], history.rev).decode("utf-8-sig")
    except (OSError, KeyError, AttributeError, UnicodeDecodeError, TypeError):
        return None
    now, then = one_line(now, which), one_line(then, which)
    return (now, then) if now and then and now != then else None


def committed_limit(history, entry, longer, days, describe) -> tuple[tuple, str, dict] | None:
    """(path, message key, values) for the promised limit of ``entry``
    (catalogue Entry) that is longer than its statutory one: "promised_back"
    (at the promised limit: the committed one was within today's statutory
    limit) or "statutory_back" (at the statutory limit: only it changed and
    the committed one holds today's promised limit).  ``longer``: the
    rule's values (promised, statutory, bound); ``days(Duration) -> float``
    and ``describe(Duration) -> str`` as in checks/rules.py.  None without
    git, for a file unchanged or never committed, or when neither fits."""
    limits = entry.item.time_limits
    modified = impl_meant.modified_files(history)
    if history is None or (modified is not None and entry.source not in modified):
        return None
    promised = _committed(history, entry.key, "promised")
    if promised is not None and not _same(promised, limits.promised) and days(promised) <= days(limits.statutory):
        return ("time_limits", "promised"), "promised_back", {
            **longer, "value": describe(promised),
            "change": _change(limits.promised, promised, "promised", _written(history, entry, "promised"))}
    statutory = _committed(history, entry.key, "statutory")
    if promised is not None and _same(promised, limits.promised) and statutory is not None \
            and not _same(statutory, limits.statutory) \
            and days(limits.promised) <= days(statutory):
        return ("time_limits", "statutory"), "statutory_back", {
            **longer, "value": describe(statutory),
            "change": _change(limits.statutory, statutory, "statutory", _written(history, entry, "statutory"))}
    return None
