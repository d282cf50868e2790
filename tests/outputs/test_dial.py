"""Phone links dial what a phone can: an extension written 转 (real lists:
0001-88010326转6; the zh-Hant edition: 轉) becomes a pause before it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.outputs.views import dial

TEMPLATES = Path(__file__).resolve().parents[2] / "generator" / "outputs" / "templates"


@pytest.mark.parametrize("written, dialled", [
    ("0001-88010326", "0001-88010326"),
    ("0001 8801 0326", "000188010326"),
    ("0001-88010326转6", "0001-88010326,6"),
    ("0001-88010326轉6", "0001-88010326,6"),
    ("0001-88010326 分机 123", "0001-88010326,123"),
    ("0001-88010326分機12", "0001-88010326,12"),
    ("+86 1234 ext. 5", "+861234,5"),
])
def test_dial_drops_spaces_and_pauses_before_an_extension(written, dialled):
    assert dial(written) == dialled


def test_every_tel_link_of_the_templates_is_dialled():
    links = [m for f in sorted(TEMPLATES.glob("*.html"))
             for m in re.findall(r'href="tel:\{\{([^}]*)\}\}"', f.read_text(encoding="utf-8"))]
    assert links and all(link.strip().endswith("| dial") for link in links), links
