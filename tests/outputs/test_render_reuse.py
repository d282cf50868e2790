"""Work an item page reuses instead of doing again (render.py: the
templates' texts as attributes, an office's hours table made once): the
pages must be exactly what the plain way gives."""

from __future__ import annotations

from markupsafe import Markup

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.messages import page_texts, set_language
from generator.outputs.render import Renderer
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
