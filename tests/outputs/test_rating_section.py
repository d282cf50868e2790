"""An item page's 好差评 section (_rating.html) and the 意见反馈 link that
points to it (render.Renderer.item): shown only when there is something to
rate with or counts to show — a rating endpoint, the catalogue's hotline,
phone or e-mail, or imported counts.  A list-only county (the sczwfw list)
configured none and its 1,132 pages had a 好差评 heading with nothing under
it.  Mini catalogue (no contact configured), real renderer."""

from __future__ import annotations

import pytest

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.outputs.render import Renderer

from mini_catalogue import copy_mini, edit

KEY = "992002001000"


def item_page(root) -> str:
    settings = read_settings(root)
    report = build_catalogue(root, settings)
    assert report.catalogue is not None, report.problems
    return next(p for p in Renderer(report.catalogue, settings, {}).item_pages() if KEY in p.path).body


def test_nothing_to_rate_with_shows_no_section_and_no_feedback_link(tmp_path):
    html = item_page(copy_mini(tmp_path))
    assert 'id="rating"' not in html and 'href="#rating"' not in html


@pytest.mark.parametrize("contact", ['{hotline: "0999-12345"}', '{email: "ask@example.gov.cn"}'])
def test_a_hotline_or_mail_shows_the_section_and_the_link(tmp_path, contact):
    root = copy_mini(tmp_path)
    edit(root, "mkdocs.yml", "      sample_data: true\n", f"      sample_data: true\n      contact: {contact}\n")
    html = item_page(root)
    assert 'id="rating"' in html and 'href="#rating"' in html
