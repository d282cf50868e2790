"""Every enumerated value a page shows has its display label: a value without
one is printed as the raw identifier ("办件类型：promised", "paper_and_electronic"
on 765 and 145 pages of the real Guangxi import before the labels were added)."""

from __future__ import annotations

import re
from pathlib import Path

from devtools.acceptance_import import model_enums
from generator.checks import model
from generator.messages import labels

TEMPLATES = Path(model.__file__).resolve().parents[1] / "outputs" / "templates"
OUTPUTS = TEMPLATES.parent


def groups_shown() -> set[str]:
    """Label groups the templates and page code look values up in."""
    groups = set()
    for path in [*TEMPLATES.glob("*.html"), *OUTPUTS.rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        groups |= set(re.findall(r"""\blabel\(\s*['"]([a-z_]+)['"]""", text))
    return groups


def test_the_search_finds_the_groups_pages_use():
    assert {"handling_type", "form", "source", "delivery", "holidays"} <= groups_shown()


def test_every_value_of_a_shown_enumeration_has_a_label():
    enums = model_enums()
    missing = {group: sorted(map(str, enums[group] - set(labels(group))))
               for group in sorted(groups_shown()) if group in enums}
    assert {group: values for group, values in missing.items() if values} == {}
