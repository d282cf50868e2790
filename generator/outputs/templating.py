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

import contextlib
import hashlib
import json
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape
from jinja2.ext import Extension
from jinja2.lexer import Token
from markupsafe import escape

from generator.checks.gaps import element_title
from generator.messages import label, labels, page_texts
from generator.outputs import changelog, journey, marks, opening, portal, situations, views
from generator.outputs.flowchart.cache import write_atomic
from generator.outputs.search_tables import machine_cache_dir

try:  # markupsafe's own escaping of a str (its C speedups), without the Markup around it
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - markupsafe built without its speedups
    try:
        from markupsafe._native import _escape_inner
    except ImportError:  # a markupsafe without these private names (2.x): the public escape, slower
        def _escape_inner(text: str) -> str:
            return str(escape(text))

TEMPLATES = Path(__file__).parent / "templates"


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates kept in memory for the process (``make
    serve`` builds new environments for every rebuild) and, given ``key``,
    once per machine on disk, as Python keeps ``.pyc`` files: compiling the
    ~60 templates of a build (Material's and ours) cost ~0.35 CPU-s at the
    start of every build, before anything else could run (issue 14).

    Jinja keys each template by its name and file and keeps a checksum of its
    source, so an edited template is compiled anew.  ``key`` (a tuple of
    str) names what else the compiled code depends on: the environment's
    options and extensions, the libraries' versions, the texts compiled in
    (``_InlineTexts``); each key has its own folder,
    ``<user cache dir>/open-service-catalogue/templates/<digest>/``
    (``platformdirs.user_cache_dir``, as ``search_tables``).  Files are
    written under a temporary name and renamed; one that cannot be read is
    compiled again; an unwritable folder only means compiling every build."""

    def __init__(self, key: tuple[str, ...] | None = None) -> None:
        self.compiled: dict[str, bytes] = {}
        self.key, self.folder = key, None
        if key is not None:
            digest = hashlib.sha256(json.dumps(key).encode()).hexdigest()[:32]
            self.folder = machine_cache_dir("templates") / digest

    def load_bytecode(self, bucket) -> None:
        data = self.compiled.get(bucket.key)
        if data is None and self.folder is not None:
            try:
                data = (self.folder / bucket.key).read_bytes()
            except OSError:
                return
        if data is not None:
            try:
                bucket.bytecode_from_string(data)  # another Jinja or a changed source: discarded
            except Exception:  # noqa: BLE001 - a damaged file (pickle, marshal): compiled again
                bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        data = self.compiled[bucket.key] = bucket.bytecode_to_string()
        if self.folder is None:
            return
        try:
            if not self.folder.is_dir():
                self.folder.mkdir(parents=True)
                _prune(self.folder.parent, keep=self.folder)
            write_atomic(self.folder / bucket.key, data)
        except OSError:  # a read-only or full cache folder: compiled again next time
            pass


KEPT_FOLDERS = 12  # folders of compiled templates kept per machine (each a version of the texts or code)


def _prune(parent: Path, keep: Path) -> None:
    """Delete all but the ``KEPT_FOLDERS`` most recently created folders of
    compiled templates (every edit of the texts or of this module makes a new
    one, ~1 MB); ``keep`` (just made) stays.  A folder in use by another
    build at that moment only means it compiles its templates again."""
    import shutil

    with contextlib.suppress(OSError):
        folders = sorted((p for p in parent.iterdir() if p.is_dir() and p != keep),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for old in folders[KEPT_FOLDERS - 1:]:
            shutil.rmtree(old, ignore_errors=True)


def environment_key(env: Environment, *more: str) -> tuple[str, ...]:
    """What an environment's compiled templates depend on besides their
    sources (``CompiledTemplates``): Jinja's version, its options and
    extensions, this module's source (it shapes our templates' code), ``more``."""
    from importlib.metadata import version

    options = (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
               env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
               env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
               env.optimized, env.is_async, getattr(env.autoescape, "__qualname__", env.autoescape))
    return ("jinja2", version("jinja2"), repr(options), *sorted(env.extensions), _SOURCE_DIGEST, *more)


_SOURCE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


_COMPILED: dict[str, CompiledTemplates] = {}  # a digest of the texts -> the templates compiled with them


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
    env = _Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                       auto_reload=False, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       cache_size=-1, extensions=[_InlineTexts])
    if digest not in _COMPILED:  # the texts are compiled in (_InlineTexts): their own templates
        _COMPILED[digest] = CompiledTemplates(environment_key(env, "pages", digest))
    env.bytecode_cache = _COMPILED[digest]
    env.filters["label"] = lambda value, group: label(group, value)
    env.filters["duration"] = views.duration
    env.filters["dial"] = views.dial
    env.globals.update(labels=labels, marks=marks.marks, week=views.week, seasons=views.seasons, is_online=marks.is_online,
                       open_on_weekend=views.open_on_weekend, days_open=views.days_open, t=_Texts(texts),
                       hours_for=views.hours_for, weekend_for_some=views.weekend_for_some,
                       open_now_data=opening.office_data, online_mark=marks.online_mark, rollup_summary=journey.summary,
                       requirement=views.requirement, copies=views.copies, gap_title=element_title,
                       change_kind=changelog.kind_text, mark_page=portal.mark_page, variant_attr=situations.variant_attr,
                       variant_names=situations.variant_names, checklist_copies=situations.checklist_copies,
                       necessity_note=situations.necessity_note, jump_links=situations.jump_links,
                       copies_text=situations.copies_text)
    return env
