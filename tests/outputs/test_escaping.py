"""Every value from YAML or config is data in each output format it reaches:
URLs (placeholders percent-encoded), the SVG of a flowchart, the JSON of the
search index, the CSV work lists and GitHub's workflow-command format.
(HTML pages: tests/site/test_page_escaping.py and the browser gate.)"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.checks.model import Step
from generator.checks.problems import Problem
from generator.config import read_settings
from generator.checks.validate import build_catalogue
from generator.outputs import quality, search
from generator.outputs.flowchart import flowchart_dot
from generator.outputs.render import Renderer, feedback_link
from mini_catalogue import ITEM, copy_mini

HOSTILE_NAME = "办证&cc=evil@example.com&body=点此 https://evil.example/?a=1#x"


def _catalogue(tmp_path, name: str, settings_extra: str = ""):
    """The mini catalogue with the ID-card item named ``name`` (and not reviewed
    for years, so that it is on its department's work list)."""
    root = copy_mini(tmp_path)
    path = root / ITEM
    text = path.read_text(encoding="utf-8")
    assert "name: 居民身份证首次申领" in text and "reviewed: 2026-10-01" in text
    text = text.replace("name: 居民身份证首次申领", f"name: {json.dumps(name, ensure_ascii=False)}", 1)
    path.write_text(text.replace("reviewed: 2026-10-01", "reviewed: 2001-01-01"), encoding="utf-8")
    if settings_extra:
        with open(root / "mkdocs.yml", "a", encoding="utf-8") as f:
            f.write(settings_extra)
    settings = read_settings(root)
    report = build_catalogue(root, settings)
    assert report.catalogue is not None, report.problems
    return report.catalogue, settings


# --- URLs --------------------------------------------------------------------------
def test_feedback_placeholders_are_percent_encoded():
    link = feedback_link("mailto:catalogue@example.gov.cn?subject={name}&body={code}", "990101001000", HOSTILE_NAME)
    parts = urlsplit(link)
    assert parts.path == "catalogue@example.gov.cn"
    query = parse_qs(parts.query)
    assert set(query) == {"subject", "body"}, link  # no cc, no second body
    assert query["subject"] == [HOSTILE_NAME] and query["body"] == ["990101001000"]
    assert parts.fragment == ""


def test_item_page_feedback_link_encodes_the_name(tmp_path):
    cat, settings = _catalogue(tmp_path, HOSTILE_NAME,
                               "      feedback_url: mailto:catalogue@example.gov.cn?subject={name}\n"
                               "      edit_url: https://git.example.gov.cn/edit/main\n")
    entry = cat.by_key["990101001000"]
    body = Renderer(cat, settings, {}).item(entry).body
    mail = re.findall(r'href="(mailto:[^"]*)"', body)
    assert mail == ["mailto:catalogue@example.gov.cn?subject=%E5%8A%9E%E8%AF%81%26cc%3Devil%40example.com%26body"
                    "%3D%E7%82%B9%E6%AD%A4%20https%3A%2F%2Fevil.example%2F%3Fa%3D1%23x"], mail
    assert f'href="https://git.example.gov.cn/edit/main/{entry.source}"' in body


# --- SVG ---------------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
@pytest.mark.parametrize("name", ["&lt;script&gt;alert(1)&lt;/script&gt;", "申请&#60;b&#x3E; &amp; 受理",
                                  "]]><!-- --> \"'<x/>"])
def test_flowchart_title_and_labels_keep_entity_like_text(name):
    """Graphviz leaves an "&" that starts an entity as it is: the graph name
    (the SVG <title>) showed "&lt;" as "<" before it was escaped."""
    steps = [Step(id="apply", name=name, actor=name), Step(id="done", name="办结")]
    svg = subprocess.run(["dot", "-Tsvg"], input=flowchart_dot(steps, title=name), capture_output=True,
                         text=True, check=True, timeout=60).stdout
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}g/{ns}title").text == name.replace("\\", "\uff3c")
    drawn = "".join("".join(t.itertext()) for t in root.iter(f"{ns}text"))  # labels are wrapped
    assert re.sub(r"\s", "", name) in re.sub(r"\s", "", drawn)


# --- JSON --------------------------------------------------------------------------
def test_search_index_files_are_inert_json(tmp_path):
    name = "</script><!--<script>alert(1)</script>&amp;\"'"
    cat, _ = _catalogue(tmp_path, name)
    files = search.build_index(cat)
    found = False
    for path, data in files.items():
        text = data.decode("utf-8")
        assert not set("<>&") & set(text), path
        value = json.loads(text)
        found = found or (path.startswith("d/") and any(row[1] == name for row in value))
    assert found, "the name is not in the index as written"


# --- CSV ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ['=HYPERLINK("https://evil.example","点此")', "+1+cmd|' /C calc'!A0", "@SUM(1)",
                                  "-2+3"])
def test_worklist_cells_never_start_a_formula(tmp_path, name):
    cat, settings = _catalogue(tmp_path, name)
    report = quality.report(cat, settings)
    rows = []
    for dq in report.departments:
        rows += list(csv.reader(io.StringIO(quality.worklist_csv(dq, report.review_days).lstrip("\ufeff"))))
    names = [r[1] for r in rows[1:] if len(r) > 1]
    assert "'" + name in names, rows
    assert not [c for r in rows for c in r if c[:1] in ("=", "+", "-", "@")]


# --- GitHub workflow commands ---------------------------------------------------
def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command split the way the runner splits it (actions/runner,
    ActionCommand.TryParseV2): the first "::" after the properties ends them,
    "," separates properties, the first "=" a key from its value."""
    assert line.startswith("::")
    command, _, rest = line[2:].partition(" ")
    props, _, data = rest.partition("::")
    unescape = lambda s: s.replace("%3A", ":").replace("%2C", ",").replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")  # noqa: E731
    properties = dict((unescape(k), unescape(v)) for k, _, v in (p.partition("=") for p in props.split(",")))
    return command, properties, unescape(data)


def test_github_annotation_escapes_properties_and_message():
    problem = Problem(file="items/x/a,title=evil:b.yaml", line=3, column=5,
                      message="100% 不对\r\n::error file=x::注入", hint="改正，再试: 一次",
                      element="名称:a,b", key="name")
    line = problem.format_github()
    assert "\n" not in line and "\r" not in line
    command, props, data = _parse_command(line)
    assert command == "error"
    assert props == {"file": "items/x/a,title=evil:b.yaml", "line": "3", "col": "5", "title": "名称:a,b (name)"}
    assert data == "100% 不对\r\n::error file=x::注入 改正，再试: 一次"
