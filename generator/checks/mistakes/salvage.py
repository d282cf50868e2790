"""The problems of a file read past a syntax error (sources/mistakes/broken.py): which
of them the left-out part explains, the note that the others were found with
part of the file left out, and the values the loader refused."""

from __future__ import annotations

from dataclasses import replace

from generator.checks.problems import Problem
from generator.messages import say
from generator.sources.mistakes.entry_cut import cut_covers
from generator.sources.load import Document


def cut_out(doc: Document, problems: list[Problem]) -> list[Problem]:
    """``problems`` without those the part of ``doc`` left out after a
    syntax error could explain (``sources/mistakes/broken.py``): at or under a key
    written there (a required one is "missing"), or of the item as a whole."""
    if not doc.cut:
        return problems
    return [p for p in problems if p.key and not cut_covers(doc.cut, p.key)]


def others_listed(problems: list[Problem], salvaged: dict[str, Document]) -> list[Problem]:
    """``problems`` with a note on the syntax errors of each file in
    ``salvaged`` (file shown -> document): with other problems listed, they
    were found with part of the file left out and may change (clerk trial 6,
    #21); with none, the file's other problems show only once it is fixed
    (clerk trial 16, #26: a deleted line hidden behind an indentation error)."""
    broken = {(d.display, p.line, p.column, p.message) for d in salvaged.values() if d.cut  # none cut: a tab read
              for p in d.problems[:d.broken]}  # as the spaces meant (sources/mistakes/tab_repair.py), nothing skipped
    others = {p.file for p in problems if p.file in salvaged and (p.file, p.line, p.column, p.message) not in broken}
    notes = {True: say("syntax_others_listed")[0], False: say("syntax_others_after")[0]}
    return [replace(p, hint=p.hint + ("" if p.hint.endswith(("。", "；", "）")) else "。") + notes[p.file in others])
            if (p.file, p.line, p.column, p.message) in broken else p for p in problems]


def refused_paths(doc: Document, skip: int = 0) -> set[tuple]:
    """Key paths of the values the loader refused in ``doc`` (errors only),
    after the first ``skip`` problems (a registry's syntax errors: their
    entries are left out, and the others' indexes have moved up)."""
    return {tuple(where) for where, p in list(zip(doc.problem_paths, doc.problems))[skip:] if p.is_error}
