"""A catalogue whose block states no ``publisher`` (config.py: no default):
no page and no open-data file shows the demo city's publisher or any other
invented one; the footer leaves it out, the open data states it as null or
leaves it out, and the data-quality page lists the setting.

The site is the mini catalogue with the production theme (mini_catalogue.
site_config) and its ``publisher`` removed, built by ``python -m generator
build``; the demo's publisher is read from the demo's own mkdocs.yml.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml

from mini_catalogue import copy_mini, run_cli, site_config
from generator.config import DEMO_CATALOGUE, read_settings

# Every text file of the site: pages, search index, feeds, open data.
TEXT_SUFFIXES = {".html", ".json", ".jsonld", ".csv", ".xml", ".txt", ".js", ".md"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_mini(tmp_path_factory.mktemp("unstated"))
    site_config(root)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p["catalogue"] for p in config["plugins"] if isinstance(p, dict) and "catalogue" in p)
    options.pop("publisher", None)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert read_settings(root).publisher is None
    result = run_cli(root, "build", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def _texts(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            yield path, path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                for name in book.namelist():
                    yield path / name, book.read(name).decode("utf-8", errors="replace")


def test_no_file_holds_the_demo_publisher(site):
    demo = read_settings(DEMO_CATALOGUE).publisher
    assert demo, "the demo states its publisher"
    found = [str(path.relative_to(site)) for path, text in _texts(site) if demo in text]
    assert found == []
    # Nor an invented one: "人民政府办公室" is in no file (the mini names its departments
    # "测试市…局"), and no Python None leaks as a value.
    invented = [str(p.relative_to(site)) for p, text in _texts(site) if "人民政府办公室" in text]
    assert invented == []


def test_footer_leaves_the_publisher_out(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    footer = html[html.index('class="md-footer-meta md-typeset osc-footer"'):]
    line = re.search(r"<p>(.*?)</p>", footer, re.S).group(1)
    # The stated settings only, joined without a leading separator or a "None".
    assert line.startswith("服务热线 ") and "None" not in line, line
    assert "测试市民主路 100 号" in line


def test_open_data_states_no_publisher(site):
    data = json.loads((site / "open-data" / "catalogue.json").read_text(encoding="utf-8"))
    assert data["title"] == "测试市" and data["publisher"] is None
    assert "publisher" not in json.loads((site / "open-data" / "datapackage.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(site / "open-data" / "catalogue.xlsx") as book:
        core = book.read("docProps/core.xml").decode("utf-8")
    assert re.search(r"<dc:creator>([^<]*)</dc:creator>", core).group(1) == ""


def test_quality_page_lists_the_setting(site):
    html = (site / "quality" / "index.html").read_text(encoding="utf-8")
    assert "目录设置未写明：发布机关" in html and "publisher:" in html
