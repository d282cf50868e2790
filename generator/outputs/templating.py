"""The Jinja environment of the generated pages (outputs/render.py): the
templates in ``generator/outputs/templates``, autoescaped (every text from
YAML is data, never HTML), their filters and globals, and what makes an item
page cheap to render (issue 14: ~1,600 pages a build, under half a
millisecond each of Jinja): compiled templates kept per process, the texts
(``t``) compiled in or read as attributes, the globals without a ChainMap,
a plain template cache and a lighter escape of each output.  Every page is
what stock Jinja renders (tests/outputs/test_render_reuse.py).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape
from jinja2.ext import Extension
from jinja2.lexer import Token
from markupsafe import escape

from generator.checks.gaps import element_title
from generator.messages import label, labels, page_texts
from generator.outputs import changelog, journey, opening, portal, situations, views

try:  # markupsafe's own escaping of a str (its C speedups), without the Markup around it
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - markupsafe built without its speedups
    try:
        from markupsafe._native import _escape_inner
    except ImportError:  # a markupsafe without these private names (2.x): the public escape, slower
        def _escape_inner(text: str) -> str:
            return str(escape(text))

TEMPLATES = Path(__file__).parent / "templates"


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the process: ``make serve``
    builds a new environment for every rebuild, and compiling the templates
    again cost about a second.  Jinja keys each entry by the template's name
    and a checksum of its source, so an edited template is compiled anew."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED: dict[str, _CompiledTemplates] = {}  # a digest of the texts -> the templates compiled with them


class _Texts(dict):
    """The templates' ``t`` (messages.page_texts): a dict whose keys are
    attributes too.  Jinja reads ``t.key`` as ``getattr(t, "key")`` first;
    on a plain dict that raises AttributeError before the key is looked up,
    and an item page reads about 300 texts (a tenth of its rendering).  No
    key is the name of a dict method (tests/outputs/test_render_reuse.py)."""

    def __init__(self, texts: dict) -> None:
        super().__init__(texts)
        self.__dict__.update(texts)


class _InlineTexts(Extension):
    """``{{ t.key }}`` compiled as the text itself, escaped as autoescape
    would: the pages' texts are constants of an environment (``t`` is made
    once, in ``environment``), and an item page writes ~80 of them (each a
    lookup, an escape and an output of its own: a twentieth of its
    rendering).  Only that exact form with a known key; a template that uses
    the name ``t`` any other way (binds it, indexes it, passes it on) is left
    as written."""

    def filter_stream(self, stream):
        texts = self.environment.globals["t"]
        tokens = list(stream)
        kinds = [token.type for token in tokens]
        if any(token.type == "name" and token.value == "t" and kinds[i + 1:i + 2] != ["dot"]
               for i, token in enumerate(tokens)):
            return tokens
        out, i = [], 0
        while i < len(tokens):
            if (kinds[i:i + 5] == ["variable_begin", "name", "dot", "name", "variable_end"]
                    and tokens[i + 1].value == "t" and tokens[i + 3].value in texts):
                out.append(Token(tokens[i].lineno, "data", str(escape(texts[tokens[i + 3].value]))))
                i += 5
            else:
                out.append(tokens[i])
                i += 1
        return out


def _escape(value) -> str:
    """What a template writes for ``{{ value }}`` with autoescape on: the
    text of ``markupsafe.escape(value)``, a plain str for a str.  Jinja
    wraps each escaped output in a Markup (a Python-level ``__new__``) only
    to join it with the rest of the page: ~240 per item page, a tenth of its
    rendering.  Only output goes through it (jinja2.compiler writes
    ``escape(`` only there); anything but a str is markupsafe's."""
    if type(value) is str:
        return _escape_inner(value)
    return escape(value)


class _Template(Template):
    """A template whose compiled code writes its output through ``_escape``."""

    @classmethod
    def _from_namespace(cls, environment, namespace, globals):
        namespace["escape"] = _escape  # the compiled module's global, read by its render functions
        return super()._from_namespace(environment, namespace, globals)


class _Environment(Environment):
    """Jinja's Environment, its templates reading the environment's globals
    directly.  Jinja lays a ChainMap of a template's own globals over them
    (Environment.make_globals); these templates have none of their own, and
    every include, import and render made a set of that ChainMap's ~40 keys
    (jinja2.runtime.Context): a twentieth of an item page's rendering."""

    template_class = _Template

    def make_globals(self, d):
        return self.globals if not d else super().make_globals(d)


def environment() -> Environment:
    """The pages' Jinja environment: templates, filters and globals (the
    Renderer adds the globals that need the catalogue)."""
    # auto_reload off: templates do not change during a build, and checking
    # their files on every page cost a second at 1,600 items; cache_size -1:
    # every template kept in a plain dict, not Jinja's locked LRU cache (an
    # item page looks up eight templates: its includes and imports).
    texts = page_texts()
    digest = hashlib.sha256(json.dumps(texts, sort_keys=True, default=str).encode()).hexdigest()
    compiled = _COMPILED.setdefault(digest, _CompiledTemplates())  # the texts are compiled in (_InlineTexts)
    env = _Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                       auto_reload=False, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       bytecode_cache=compiled, cache_size=-1, extensions=[_InlineTexts])
    env.filters["label"] = lambda value, group: label(group, value)
    env.filters["duration"] = views.duration
    env.filters["dial"] = views.dial
    env.globals.update(labels=labels, marks=views.marks, week=views.week, seasons=views.seasons, is_online=views.is_online,
                       open_on_weekend=views.open_on_weekend, days_open=views.days_open, t=_Texts(texts),
                       hours_for=views.hours_for, weekend_for_some=views.weekend_for_some,
                       open_now_data=opening.office_data, online_mark=views.online_mark, rollup_summary=journey.summary,
                       requirement=views.requirement, copies=views.copies, gap_title=element_title,
                       change_kind=changelog.kind_text, mark_page=portal.mark_page, variant_attr=situations.variant_attr,
                       variant_names=situations.variant_names, checklist_copies=situations.checklist_copies,
                       necessity_note=situations.necessity_note, jump_links=situations.jump_links,
                       copies_text=situations.copies_text)
    return env
