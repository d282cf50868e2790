"""The ``catalogue`` block of mkdocs.yml, read like an item: as data, with a
file:line message for every mistake.

MkDocs reads mkdocs.yml with YAML 1.1 and pydantic reports in English without
a position.  Here the file is read by the catalogue's own loader
(``sources/load.py``: ``015``, ``1:00``, ``yes`` and tags are not guessed at),
and the block is validated as ``config.Settings`` strictly, so a mistake is
reported as items' mistakes are: ``mkdocs.yml:12:16``, the element's Chinese
name (the field ``title``), the key path and a hint.

Decision: a number written where a text is meant (``hotline: 12345``) is
refused, not converted, as it is in items: the hint quotes exactly what was
written (the loader only lets plain decimal integers through, so the digits
shown are the editor's own), e.g. 请用英文引号括起来："12345".

Outside the block, only the texts Material prints on every page without
escaping (``site_name``, ``site_description``, ``site_author``,
``copyright``: ``SITE_TEXTS``) are checked, for markup and hidden characters.
Otherwise only the block's problems are reported: MkDocs' own keys and tags elsewhere
in the file (``!ENV``, ``!!python/name:``) are MkDocs' business.  A file that
cannot be parsed at all is reported wherever the problem is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from pydantic import ValidationError

from generator.checks.problems import Problem, ProblemsFound
from generator.checks import texts
from generator.checks.schema_errors import key_path, problems_from, walk
from generator.config import Settings
from generator.messages import labels, quoted, say
from generator.sources.load import Document, load_file

MAX_CONFIG_BYTES = 1024 * 1024  # mkdocs.yml is a few KB; a megabyte is not a config


def _block_path(data) -> tuple | None:
    """Where the catalogue plugin's options sit in mkdocs.yml: ``("plugins", 3,
    "catalogue")``, ``("plugins", "catalogue")`` (plugins as a mapping), or
    None when the plugin has no options block."""
    plugins = data.get("plugins") if isinstance(data, dict) else None
    if isinstance(plugins, dict) and "catalogue" in plugins:
        return ("plugins", "catalogue")
    for index, plugin in enumerate(plugins if isinstance(plugins, list) else []):
        if isinstance(plugin, dict) and "catalogue" in plugin:
            return ("plugins", index, "catalogue")
    return None


def read_block(root: Path, config_file: str = "mkdocs.yml") -> Settings | None:
    """Settings from the catalogue block of ``root/config_file``; None when
    the file or the block is absent (``config.read_settings`` then reports
    the required settings missing, at line 1 of the file: ``settings_from``).

    Raises ProblemsFound with every problem of the block and of the texts the
    theme prints unescaped (``SITE_TEXTS``), each located in the file
    (``config_file`` as given, e.g. ``mkdocs.yml``)."""
    path = root / config_file
    if not path.exists():
        return None
    doc = load_file(path, config_file, positions=True, max_bytes=MAX_CONFIG_BYTES)  # may raise ProblemsFound
    problems: list[Problem] = site_text_problems(doc)
    prefix = _block_path(doc.data)
    if prefix is None:
        if problems:
            raise ProblemsFound(problems)
        return None
    for problem, where in zip(doc.problems, doc.problem_paths):
        if where[:len(prefix)] != prefix and where != prefix[:-1]:
            continue  # elsewhere in mkdocs.yml: MkDocs' keys, not the catalogue's
        inner = where[len(prefix):]
        _, field = walk(Settings, inner)
        problems.append(replace(problem, element=(field.title or "") if field else "", key=key_path(where)))
    block = _get(doc.data, prefix)
    try:
        settings = Settings.model_validate({} if block is None else block, strict=True)
    except ValidationError as exc:
        seen = {(p.line, p.column) for p in problems}
        problems += [p for p in problems_from(exc, doc, Settings, prefix) if (p.line, p.column) not in seen]
        raise ProblemsFound(sorted(set(problems))) from None
    if any(p.is_error for p in problems):
        raise ProblemsFound(sorted(set(problems)))
    return settings


# Options of mkdocs.yml that Material prints into every page as they are,
# without escaping (base.html: <title>, <meta name="description"/"author"
# content="…">; partials/header.html and nav.html: the site name as text and in
# aria-label="…"; partials/copyright.html).  A fork's mkdocs.yml is edited in
# pull requests, so these are checked rather than trusted.  Decision: refuse
# the characters that make markup, rather than override four of the theme's
# partials to escape them (a theme update would silently undo that).
SITE_TEXTS = ("site_name", "site_description", "site_author", "copyright")
MARKUP = re.compile(r'[<>&"]')


def site_text_problems(doc: Document) -> list[Problem]:
    """A ``mkdocs.yml:line:column`` error for each of ``SITE_TEXTS`` that holds
    a character of markup (``< > & "``) or a hidden character (``texts.py``)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    names = labels("site_texts")
    problems = []
    for key in SITE_TEXTS:
        value = data.get(key)
        if not isinstance(value, str):
            continue  # absent, or a tag (!ENV) that MkDocs resolves and reports itself
        markup = MARKUP.search(value)
        hidden = texts.hidden_character(value)
        if markup:
            code, name = texts.describe(markup.group(0))
            message, hint = say("site_text_markup", value=quoted(value), char=f"{code} {name} “{markup.group(0)}”")
        elif hidden:
            index, ch, kind = hidden
            kinds = labels("char_kind")
            message, hint = say("leading_mark" if kind == "mark" else "invisible_char",
                                char=" ".join(texts.describe(ch)).strip(), position=index + 1,
                                kind=kinds.get(kind, kinds.get("other", kind)))
        else:
            continue
        line, column = doc.position((key,))
        problems.append(Problem(doc.display, line, column, message, hint, element=names.get(key, key), key=key))
    return problems


def _get(data, path: tuple):
    for part in path:
        data = data[part]
    return data


def settings_from(options: dict | None, display: str) -> Settings:
    """Settings from options MkDocs read itself (the block is not in the file,
    e.g. it comes through ``INHERIT``): the same messages, at line 1 of ``display``.

    Raises ProblemsFound."""
    doc = Document(path=Path(display), display=display, data=options or {})
    try:
        return Settings.model_validate(options or {}, strict=True)
    except ValidationError as exc:
        raise ProblemsFound(problems_from(exc, doc, Settings)) from None
