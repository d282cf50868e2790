"""Registry names and config texts on real pages (``mkdocs build`` with the
production theme and Markdown extensions): shown as text, never turned into
markup by Markdown (attr_list's ``{ … }``), Jinja or the theme.

The hostile site of the browser gate (tests/hostile.py) checks the same in
Chromium; this test needs no browser and names the page and the field."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import yaml

from mini_catalogue import add_bundle, add_sub_item, copy_mini, mkdocs_build, site_config, BUNDLE

ATTRS = "{ onmouseover=alert(1) style=position:fixed;inset:0 }"
SCRIPT = "<script>alert(1)</script>"
# Generated pages listed in the nav are written by MkDocs from Markdown:
# registry names that reach them, and the folder of each page.
NAMES = {
    "departments/public-security": ("content/departments.yaml", "测试市公安局"),
    "offices/city-service-centre": ("content/offices.yaml", "测试市政务服务中心"),
    "topics/household": ("content/taxonomies.yaml", "户籍办理"),
    f"life-events/{BUNDLE}": (f"content/life-events/{BUNDLE}.yaml", "身份证和津贴一件事"),
}
CONFIG_TEXTS = {"publisher": "发布机关" + SCRIPT, "footer": "备案号<img src=x onerror=alert(1)>" + ATTRS,
                "region": "测试市" + ATTRS}
CONTACT = {"hotline": "0999-12345", "address": "民主路 1 号</p><script>alert(2)</script>"}


class _Tags(HTMLParser):
    """Every start tag's attributes, every <script>'s text, and the text of <h1>."""

    def __init__(self) -> None:
        super().__init__()
        self.attrs: list[tuple[str, str, str | None]] = []
        self.scripts: list[str] = []
        self.headings: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.attrs += [(tag, k, v) for k, v in attrs]
        if tag in ("script", "h1"):
            self._in = tag
            (self.scripts if tag == "script" else self.headings).append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "h1":
            self.headings[-1] += data


def _parse(path: Path) -> _Tags:
    tags = _Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    tags.close()
    return tags


def _hostile_names(root: Path) -> None:
    def rename(node, name: str) -> int:
        if isinstance(node, dict):
            hit = int(node.get("name") == name)
            if hit:
                node["name"] = f"{name}{SCRIPT}{ATTRS}"
            return hit + sum(rename(v, name) for v in node.values())
        if isinstance(node, list):
            return sum(rename(v, name) for v in node)
        return 0

    for source, name in NAMES.values():
        path = root / source
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert rename(data, name) == 1, (source, name)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_names_and_config_texts_stay_text_on_nav_pages(tmp_path):
    root = copy_mini(tmp_path)
    site_config(root)
    add_sub_item(root)
    add_bundle(root)
    _hostile_names(root)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p["catalogue"] for p in config["plugins"] if isinstance(p, dict) and "catalogue" in p)
    options.update(CONFIG_TEXTS, contact=CONTACT, feedback_url="mailto:a@example.gov.cn?subject={name}")
    config["nav"] = ["index.md", "departments/index.md", *(f"{folder}/index.md" for folder in NAMES)]
    config["site_name"] = "测试市" + ATTRS + "事项目录"  # the home page's heading (county trial 1, C12)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")

    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        tags = _parse(page)
        where = page.relative_to(site).as_posix()
        events = [(tag, k, v) for tag, k, v in tags.attrs if k.startswith("on") and "alert" in (v or "")]
        assert not events, f"{where}: event handler attributes {events}"
        styles = [(tag, v) for tag, k, v in tags.attrs if k == "style" and "fixed" in (v or "")]
        assert not styles, f"{where}: injected style {styles}"
        assert not [s for s in tags.scripts if s.strip().startswith("alert(")], f"{where}: an injected <script> runs"
        text = page.read_text(encoding="utf-8")
        # The footer shows every config text literally, escaped once.
        if "md-footer" in text:
            for value in (*CONFIG_TEXTS.values(), CONTACT["address"]):
                if value is CONFIG_TEXTS["region"]:
                    continue
                escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                assert escaped in text, f"{where}: {value!r} not shown literally in the footer"
    # Each nav page's heading is the name as written, payload included.
    for folder, (_, name) in NAMES.items():
        tags = _parse(site / folder / "index.html")
        assert tags.headings == [f"{name}{SCRIPT}{ATTRS}"], f"{folder}: heading {tags.headings}"
    home = _parse(site / "index.html")
    assert home.headings and home.headings[0] == config["site_name"], home.headings
