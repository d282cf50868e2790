"""Candidate aliases a department has reviewed, written into its items:
``python -m generator accept-aliases FILE``.

``suggest-aliases`` (generator/outputs/search_aliases.py) also writes a review
file (default ``.cache/candidate-aliases.yaml``): per item file, the
candidate words and an empty ``accept`` list::

    items/civil-affairs/990502001000.yaml:  # 最低生活保障审核确认
      accept: []
      candidates: [低保金, 旧车]

A department moves the words that really name the item into ``accept``
(or types its own).  This command adds each accepted word that is not yet an
alias to the item file's ``aliases:``, editing only that line or list, so
the rest of the file (comments, order) stays as written.  Nothing is added
that a person did not put under ``accept``.

Errors (a file that is not an item of the project, ``accept`` not a list, a
word of fewer than two characters, an ``aliases:`` written in a form this
command does not edit) are returned as Chinese messages with the file and
line and what to do; the item file is then left unchanged.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from generator.messages import search_texts
from generator.outputs.search_text import compact

KEY = re.compile(r"^(aliases|name)\s*:(.*)$")
ENTRY = re.compile(r"^(\s+)-\s")


def review_text(entries: list[tuple[str, str, list[str]]]) -> str:
    """The review file for [(item file, item name, candidate words)]."""
    t = search_texts()["alias_report"]
    lines = [f"# {line}" for line in t["review_intro"].splitlines()]
    for path, name, words in entries:
        lines += [f"{path}:  # {name}", "  accept: []", f"  candidates: [{', '.join(_plain(w) for w in words)}]"]
    return "\n".join(lines) + "\n"


def _plain(word: str) -> str:
    """The word as a YAML flow-list entry: bare when YAML reads it back as
    the same string, else double-quoted."""
    try:
        if yaml.safe_load(f"[{word}]") == [word]:
            return word
    except yaml.YAMLError:
        pass
    return json.dumps(word, ensure_ascii=False)


def accept(root: Path, review: Path) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """Apply a review file: ([(item file, words added)], [messages])."""
    t = search_texts()["alias_report"]
    try:
        data = yaml.safe_load(review.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        return [], [t["review_unreadable"].format(file=review, reason=str(exc).splitlines()[0])]
    if not isinstance(data, dict):
        return [], [t["review_unreadable"].format(file=review, reason=t["review_not_mapping"])]
    done, problems = [], []
    for path, entry in data.items():
        words = (entry or {}).get("accept") if isinstance(entry, dict) else None
        if words in (None, []):
            continue
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            problems.append(t["review_accept_list"].format(file=review, item=path))
            continue
        short = [w for w in words if len(compact(w)) < 2]
        if short:
            problems.append(t["review_short"].format(file=review, item=path, words="、".join(map(str, short))))
            continue
        target = (root / str(path)).resolve()
        if not str(path).startswith("items/") or not target.is_file() or root.resolve() not in target.parents:
            problems.append(t["review_no_item"].format(file=review, item=path))
            continue
        added, problem = _add_aliases(target, str(path), words)
        if problem:
            problems.append(problem)
        elif added:
            done.append((str(path), added))
    return done, problems


def _add_aliases(target: Path, shown: str, words: list[str]) -> tuple[list[str], str | None]:
    """Add the words that are not yet aliases to one item file; ([added], problem)."""
    t = search_texts()["alias_report"]
    text = target.read_text(encoding="utf-8")
    item = yaml.safe_load(text) or {}
    have = list(item.get("aliases") or [])
    known = {compact(a) for a in have} | {compact(str(item.get("name", "")))}
    added: list[str] = []
    for word in words:
        if compact(word) not in known:
            known.add(compact(word))
            added.append(word.strip())
    if not added:
        return [], None
    lines = text.split("\n")
    at = {m.group(1): (n, m.group(2).strip()) for n, line in enumerate(lines) if (m := KEY.match(line))}
    if "aliases" in at:
        n, rest = at["aliases"]
        if rest.startswith("[") and rest.endswith("]"):
            lines[n] = "aliases: [" + ", ".join(_plain(w) for w in have + added) + "]"
        elif rest == "" and n + 1 < len(lines) and (m := ENTRY.match(lines[n + 1])):
            last = n + 1
            while last + 1 < len(lines) and ENTRY.match(lines[last + 1]):
                last += 1
            lines[last + 1:last + 1] = [f"{m.group(1)}- {_plain(w)}" for w in added]
        else:
            return [], t["review_aliases_form"].format(file=shown, line=n + 1)
    elif "name" in at:
        lines.insert(at["name"][0] + 1, "aliases: [" + ", ".join(_plain(w) for w in added) + "]")
    else:
        return [], t["review_aliases_form"].format(file=shown, line=1)
    new = "\n".join(lines)
    if (yaml.safe_load(new) or {}).get("aliases") != have + added:  # never write a file that reads differently
        return [], t["review_aliases_form"].format(file=shown, line=at.get("aliases", at.get("name", (0,)))[0] + 1)
    target.write_text(new, encoding="utf-8")
    return added, None
