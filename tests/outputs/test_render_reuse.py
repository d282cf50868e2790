"""Work an item page reuses instead of doing again (render.py: the
templates' texts as attributes, an office's hours table made once;
templating.py: Jinja's shortcuts): the pages must be exactly what the plain
way gives."""

from __future__ import annotations

import datetime as dt
from collections import namedtuple

from jinja2 import Environment, Template
from markupsafe import Markup, escape

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.messages import page_text, page_texts, set_language
from generator.outputs import opening, views
from generator.outputs.render import Renderer, step_names
from generator.outputs.templating import _escape
from tests.mini_catalogue import DEMO


def _renderer() -> Renderer:
    settings = read_settings(DEMO)
    set_language(settings.language)
    cat = build_catalogue(DEMO, settings).catalogue
    assert cat is not None
    renderer = Renderer(cat, settings, {}, "https://example.gov.cn")
    renderer.qr = lambda url, title=None: "<svg></svg>"
    return renderer


def test_hours_tables_made_once_are_those_made_each_time():
    """The demo's service centre has evening and Saturday hours for some
    items only (views.hours_for): every item page equals the page rendered
    with the macro called afresh for each office, in any order."""
    reused, fresh = _renderer(), _renderer()
    macros = fresh.env.get_template("_macros.html")
    fresh.env.globals["office_hours"] = lambda office: Markup(macros.module.hours_table(office))
    entries = reused.cat.entries
    for entry in [*entries, *reversed(entries)]:
        assert reused.item(entry).body == fresh.item(entry).body, entry.key
    # Evening hours (until 19:30) serve 990701001000 but not every item at the centre.
    at_centre = [e for e in entries if any(ref.office == "city-service-centre" for ref in e.item.offices or ())]
    bodies = {e.key: reused.item(e).body for e in at_centre}
    evening = "17:30–19:30（延时服务"  # a span of the hours table (views.span)
    assert evening in bodies["990701001000"]
    assert any(evening not in body for body in bodies.values())


def test_texts_are_attributes_and_keys():
    """``t.key`` in a template is the text; no text key hides a dict method."""
    for language in ("zh", "en"):
        set_language(language)
        assert not [k for k in page_texts() if hasattr(dict, k)], language
    set_language("zh")
    renderer = _renderer()
    template = renderer.env.from_string("{{ t.aliases }}|{{ t['aliases'] }}|{{ t.items() | list | length }}")
    text = page_texts()["aliases"]
    assert template.render() == f"{Markup.escape(text)}|{Markup.escape(text)}|{len(page_texts())}"


def test_item_pages_equal_what_stock_jinja_renders():
    """The environment's shortcuts (outputs/templating.py: output escaped
    without a Markup per piece, globals without a ChainMap, a plain template
    cache) and an office's seasons and open-now data made once: every demo
    item page equals the page a stock Jinja environment renders with the
    helpers called afresh."""
    reused, plain = _renderer(), _renderer()
    env = plain.env
    stock = Environment(loader=env.loader, autoescape=env.autoescape, undefined=env.undefined,
                        trim_blocks=True, lstrip_blocks=True)
    stock.filters.update(env.filters)
    stock.globals.update(env.globals)
    macros = stock.get_template("_macros.html")
    stock.globals.update(seasons=views.seasons, open_now_data=opening.office_data,
                         office_hours=lambda office: Markup(macros.module.hours_table(office)))
    plain.env = stock
    assert type(stock.get_template("item.html")) is Template
    assert type(reused.env.get_template("item.html")) is not Template
    for entry in reused.cat.entries:
        assert reused.item(entry).body == plain.item(entry).body, entry.key


def test_escape_writes_what_markupsafe_writes():
    values = ["<script>alert('x')</script>", 'a "b" & c', "申请人身份证明", "", "&amp;", 0, 12, 1.5, None,
              Markup("<b>kept</b>"), dt.date(2026, 1, 2)]
    for value in values:
        assert _escape(value) == str(escape(value)), value


def test_branch_names_its_target_step():
    """A step's branch says which step it goes to (render.step_names: the
    names of the steps with that id), as the filter chain it replaced did."""
    renderer = _renderer()
    with_branches = [e for e in renderer.cat.entries if any(s.branches for s in e.item.steps or ())]
    assert with_branches
    for entry in with_branches:
        body = renderer.item(entry).body
        for step in entry.item.steps:
            for branch in step.branches:
                target = "".join(s.name for s in entry.item.steps if s.id == branch.to)
                assert target and str(escape(page_texts()["go_to"].format(step=target))) in body, entry.key
    step = namedtuple("Step", "id name")
    assert step_names([step("a", "申请"), step("b", "审查"), step("a", "补正")]) == {"a": "申请补正", "b": "审查"}
    assert step_names(None) == {}


def test_page_text_is_the_text_of_page_texts():
    for language in ("zh", "en"):
        set_language(language)
        texts = page_texts()
        assert texts and all(page_text(key) == text for key, text in texts.items()), language
    set_language("zh")


def test_texts_compiled_in_only_where_t_is_the_texts():
    """``{{ t.key }}`` is compiled as the escaped text (templating._InlineTexts);
    a template that binds or indexes ``t`` is compiled as written."""
    env = _renderer().env
    text = page_texts()["aliases"]
    source = env.compile("<p>{{ t.aliases }}</p>", raw=True)
    assert repr(f"<p>{escape(text)}</p>") in source and "'aliases'" not in source
    assert env.from_string("<p>{{ t.aliases }}</p>").render() == f"<p>{escape(text)}</p>"
    assert env.from_string('{% set t = {"aliases": "<x>"} %}{{ t.aliases }}').render() == "&lt;x&gt;"
    assert env.from_string('{% for t in [{"aliases": "y"}] %}{{ t.aliases }}{% endfor %}').render() == "y"
    assert "'aliases'" in env.compile("{{ t.aliases }}{{ t['aliases'] }}", raw=True)


def test_escape_works_without_markupsafes_private_escaper():
    """templating._escape uses markupsafe's private ``_escape_inner`` (3.x
    only; pyproject.toml does not pin markupsafe): where neither of its
    modules has it (markupsafe 2.x), the pages are still rendered, escaped
    by the public ``escape``, not an ImportError on every build."""
    import subprocess
    import sys
    from pathlib import Path
    code = (
        "import sys, markupsafe, jinja2\n"
        "sys.modules['markupsafe._speedups'] = None\n"  # import of either now fails, as in markupsafe 2.x
        "sys.modules['markupsafe._native'] = None\n"
        "from generator.outputs.templating import _escape, environment\n"
        "assert _escape('<a href=\"x\">&') == '&lt;a href=&#34;x&#34;&gt;&amp;', _escape('<a>')\n"
        "print(environment().from_string('{{ v }}|{{ t.aliases }}').render(v='<b>'))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("&lt;b&gt;|"), done.stdout
