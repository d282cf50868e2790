"""Registry entries named by their id in a problem's key path.

The model's key path names a list entry by its index: ``[1].hours[0].close``
in ``content/offices.yaml``, ``[3].phone`` in ``departments.yaml``.  A clerk
(and a pull request's annotation, ``checks/formats.py``) reads the entry's id
more easily than a count of entries (clerk trial 14, worst #7), so the
problems of the list registries (``registries.LIST_REGISTRIES``) name the
entry by its id: ``property-trading-centre.hours[0].close``,
``education.phone``, the entry itself ``education``.  An entry without a
readable id, or whose id the file has more than once, keeps its index
(``[3].phone``): the id would not say which entry.  One form for all three
registries, applied once to the check's problems (``validate.build_catalogue``),
so ``check --base`` compares the same keys on both sides.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from generator.checks.problems import Problem, ProblemsFound

_INDEXED = re.compile(r"\[(\d+)\](.*)\Z", re.S)


def by_id(problems: list[Problem], src, content: Path) -> list[Problem]:
    """``problems`` with the key paths of entries of the list registries
    under ``content`` (``registries.LIST_REGISTRIES``) starting with the
    entry's id instead of its index; ``src``: the check's ``Sources`` (the
    files read with positions).  Other problems are returned unchanged."""
    from generator.checks.registries import LIST_REGISTRIES
    files = {src.display(content / name) for name in LIST_REGISTRIES}
    ids: dict[str, dict[int, str]] = {}
    out = []
    for problem in problems:
        found = _INDEXED.match(problem.key) if problem.file in files else None
        if found is not None:
            if problem.file not in ids:
                ids[problem.file] = _entry_ids(src, problem.file)
            entry = ids[problem.file].get(int(found.group(1)))
            if entry:
                problem = replace(problem, key=entry + found.group(2))
        out.append(problem)
    return out


def _entry_ids(src, display: str) -> dict[int, str]:
    """Index -> id of the entries of ``display`` whose id is a text written
    once in the file; {} when the file cannot be read."""
    try:
        data = src.located(display).data
    except (ProblemsFound, OSError):
        return {}
    if not isinstance(data, list):
        return {}
    written = [d.get("id") if isinstance(d, dict) and isinstance(d.get("id"), str) else None for d in data]
    times = Counter(written)
    return {i: value for i, value in enumerate(written) if value and times[value] == 1 and re.fullmatch(r"[\w.-]+", value)}
