"""Settings that name data: the home page's popular items (``most_used``) and
its order of life events (``home.life_events``), and the ratings export
(``ratings.data``, sources/ratings.py), and the search regression queries
(``search_queries.yaml``).  A code or id that names nothing is a warning at
its line, never dropped in silence."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.checks.mistakes import item_refs
from generator.checks.problems import Problem
from generator.config import Home, Settings
from generator.messages import say
from generator.sources import ratings


def _line_of(text: str, value: str) -> int:
    """The first line of mkdocs.yml naming ``value`` (1 when none does)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if value in line and not line.lstrip().startswith("#"):
            return number
    return 1


def check(root: Path, settings: Settings, cat, config_file: str = "mkdocs.yml") -> list[Problem]:
    """Warnings for codes of ``most_used`` and ids of ``home.life_events`` that
    name no published item or life event; sets ``cat.ratings`` (the ratings
    export, or None when none is configured) and adds its warnings."""
    problems: list[Problem] = []
    path = root / config_file
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    keys = {e.key for e in cat.entries}
    for code in settings.most_used:
        # A held-back, unreadable or removed item's own file says what is wrong (clerk trial 3:
        # the same most_used warning after every slip in a popular item).
        if code not in keys and code not in cat.reported_elsewhere:
            message, hint = say("home_unknown_item", code=code)
            problems.append(Problem(config_file, _line_of(text, code), 1, message, hint, Settings.model_fields["most_used"].title, "most_used",
                                    severity="warning"))
    events = {b.id for b in cat.life_events}
    for event in settings.home.life_events:
        if event not in events and event not in cat.reported_elsewhere:  # a broken file says so itself
            message, hint = (say("home_unknown_life_event", id=event, known="、".join(sorted(events))) if events
                             else say("home_no_life_events", id=event))
            problems.append(Problem(config_file, _line_of(text, event), 1, message, hint, Home.model_fields["life_events"].title,
                                    "home.life_events", severity="warning"))
    cat.ratings = None
    if settings.ratings.data:
        cat.ratings, found = ratings.load(root, settings.ratings.data, cat)
        problems += found
    return problems + search_queries(root, cat)


QUERIES = "search_queries.yaml"  # beside mkdocs.yml: the search regression queries the gates run


def search_queries(root: Path, cat) -> list[Problem]:
    """A warning at each ``expect:`` of ``search_queries.yaml`` (a list of
    {query, expect, note}) naming no item of the catalogue (county trial 1:
    a fork kept the demo's 76 queries and nothing said so until the search
    gate failed in ``make test``); nothing when the file is absent or not
    such a list (its own gate reports that)."""
    path = root / QUERIES
    if not path.is_file():
        return []
    try:
        entries = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return []
    if not isinstance(entries, list):
        return []
    text = path.read_text(encoding="utf-8-sig")
    problems = []
    for entry in entries:
        expect = entry.get("expect") if isinstance(entry, dict) else None
        if expect is None or str(expect) in cat.by_key or str(expect) in cat.reported_elsewhere \
                or item_refs.former(cat, str(expect)) is not None:  # a deleted item's own message says it
            continue
        message, hint = say("search_query_unknown_item", code=expect, query=entry.get("query", ""))
        problems.append(Problem(QUERIES, _line_of(text, f"expect: \"{expect}\"") if f'"{expect}"' in text
                                else _line_of(text, str(expect)), 1, message, hint, say("search_query_element")[0], "expect",
                                severity="warning"))
    return problems


def life_events_in_order(cat, settings: Settings) -> list:
    """The catalogue's life events, those named in ``home.life_events`` first
    in that order, then the others in the registry's order."""
    named = {b.id: b for b in cat.life_events}
    first = [named[i] for i in dict.fromkeys(settings.home.life_events) if i in named]
    chosen = {b.id for b in first}
    return first + [b for b in cat.life_events if b.id not in chosen]
