"""The Nu HTML Checker (vnu.jar, npm package ``vnu-jar``; ``make test``
installs it and Debian's Java with ``devtools/bootstrap.py validator``) on one
page of every kind of the catalogue under test (tests/catalogue.py ``page_kinds``,
the pages devtools/screenshots.py shoots) and
an item page with the 好差评 form, all in one run (the JVM is slow to start):
no error from our templates and partials.  Warnings are printed, not failed.
Errors that come from mkdocs-material's own markup, which no block of the
theme lets us change, are allowed by name in ``THEME_ERRORS`` with the reason.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.screenshots import html_file
from mini_catalogue import ITEM

MINI_KEY = Path(ITEM).stem  # the mini catalogue's window item

# (message pattern, extract pattern, why it is allowed): markup of
# mkdocs-material's base.html / partials outside any block the theme overrides.
THEME_ERRORS = [
    (r"Attribute “autocomplete” is only allowed when the input type is", r'class="md-toggle"',
     "Material's drawer and search toggles (<input type=checkbox autocomplete=off> in base.html, "
     "outside every block) keep Firefox from restoring their state"),
    (r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     r'for="__toc"',
     "Material's partials/toc.html labels the table of contents for the __toc toggle that its nav "
     "renders only for pages in the menu; editor pages are out of the citizens' menu (issue 17)"),
    (r"Bad value “” for attribute “tabindex” on element “label”", r'<label class="md-nav__link',
     "Material's partials/nav-item.html writes tabindex=\"\" on the label of a nav section (navigation.sections); "
     "seen on the mini site, whose nav has sections"),
]


def _vnu_jar() -> Path:
    return Path(sys.prefix) / "share" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _allowed(message: dict) -> bool:
    return any(re.search(text, message.get("message", "")) and re.search(extract, message.get("extract", ""))
               for text, extract, _ in THEME_ERRORS)


def test_every_kind_of_page_is_valid_html(catalogue_site, catalogue_pages, rated_site):
    java, jar = shutil.which("java"), _vnu_jar()
    if java is None or not jar.is_file():
        pytest.fail("The Nu HTML Checker is not installed (needs java and vnu.jar): `make test` installs both, "
                    "or run: python3 devtools/bootstrap.py validator .venv", pytrace=False)
    files = {}  # one file per kind (two kinds may be one file in different states)
    for kind, path in catalogue_pages.paths.items():
        files.setdefault(html_file(catalogue_site, path), kind)
    files = {kind: path for path, kind in files.items()}
    # The demo configures no 好差评 endpoint: the form is checked on the mini site that has one.
    files["item with the rating form"] = rated_site.path / "items" / MINI_KEY / "index.html"
    missing = [f"{kind}: {path}" for kind, path in files.items() if not path.is_file()]
    assert not missing, "pages of these kinds are not in the build:\n" + "\n".join(missing)
    result = subprocess.run([java, "-Xss4m", "-jar", str(jar), "--format", "json", "--stdout", "--exit-zero-always",
                             *map(str, files.values())], capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.stdout.strip(), result.stderr
    messages = json.loads(result.stdout)["messages"]
    kind_of = {path.resolve(): kind for kind, path in files.items()}
    problems, warnings, allowed = [], [], 0
    for m in messages:
        url = m.get("url", "")
        where = f"{kind_of.get(Path(url.removeprefix('file:')).resolve(), url)} line {m.get('lastLine')}: {m.get('message')}\n" \
                f"    {m.get('extract', '').strip()[:160]!r}"
        if m["type"] == "error" or (m["type"] == "non-document-error"):
            if _allowed(m):
                allowed += 1
            else:
                problems.append(where)
        elif m.get("subType") == "warning":
            warnings.append(where)
    if warnings:
        print(f"vnu: {len(warnings)} warnings:\n" + "\n".join(warnings))
    assert not problems, f"{len(problems)} HTML errors from our templates:\n" + "\n".join(problems[:30])
    # The allow-list names errors that still occur: one that no longer does is to be deleted.
    for text, extract, _ in THEME_ERRORS:
        assert any(re.search(text, m.get("message", "")) and re.search(extract, m.get("extract", ""))
                   for m in messages), f"allow-list entry no longer needed: {text}"
    assert allowed >= len(files)  # the theme's toggles are on every page: the checker saw every page
