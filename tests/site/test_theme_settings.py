"""Settings a county changes in mkdocs.yml never make the site load from
another host, its palette passes WCAG 2 AA contrast, and the footer shows
its 备案 numbers (issue 18, item 4).

The site is the mini catalogue with the production theme, built by
``python -m generator build`` with ``repo_url`` set (Material would ask
api.github.com for the repository's facts), a red palette (3.44:1 as
Material ships it) and both filing numbers; pages are opened in Debian's
chromium and checked by axe-core.
"""

from __future__ import annotations

import shutil
import textwrap

import pytest
import yaml
from mkdocs.config import load_config
from pydantic import ValidationError

from browser import serve
from mini_catalogue import MINI, ITEM, run_cli, site_config
from generator.config import Settings
from generator.messages import set_language
from generator.site import outside, palette

REPO_URL = "https://github.com/example-county/catalogue"
ICP = "示ICP备00000000号-1"
POLICE = "示公网安备 99000002000001号"
PAGES = ["", f"items/{ITEM.rsplit('/', 1)[1][:-5]}/", "all/"]


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    root = tmp_path_factory.mktemp("county") / "catalogue"
    shutil.copytree(MINI, root)
    site_config(root)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["repo_url"] = REPO_URL
    config["theme"]["palette"] = {"primary": "red", "accent": "red"}
    options = next(p["catalogue"] for p in config["plugins"] if isinstance(p, dict) and "catalogue" in p)
    options["filing"] = {"icp": ICP, "icp_url": "https://beian.miit.gov.cn/", "police": POLICE}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli(root, "build", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, result.stdout + result.stderr


@pytest.fixture(scope="module")
def county_url(county):
    with serve(county[0] / "site") as url:
        yield url


def test_repo_url_makes_no_outside_request(chromium, county, county_url):
    requests: list[str] = []
    context = chromium.new_context()
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    try:
        for path in PAGES:
            page.goto(county_url + path, wait_until="networkidle")
            link = page.locator(f'a.md-source[href="{REPO_URL}"]').first
            assert link.count() == 1, f"/{path}: no repository link"
            assert link.get_attribute("data-md-component") is None
    finally:
        context.close()
    assert len(requests) > 3
    outside_requests = [u for u in requests if not u.startswith(county_url) and not u.startswith(("data:", "blob:"))]
    assert outside_requests == [], outside_requests


def test_red_palette_warns_and_passes_axe_contrast(chromium, county, county_url):
    from axe_playwright_python.sync_playwright import Axe
    root, output = county
    # The build named both colours, the ratio, the variable and a passing palette name.
    assert "mkdocs.yml:" in output and "#ef5552" in output and "3.45:1" in output and "primary: brown" in output
    assert "#ff1a47" in output and "accent: deep-purple" in output
    assert (root / "site" / palette.STYLESHEET).is_file()
    axe = Axe()
    context = chromium.new_context()
    page = context.new_page()
    problems = []
    try:
        for path in PAGES:
            page.goto(county_url + path, wait_until="load")
            results = axe.run(page).response
            problems += [f"/{path} {v['id']} ×{len(v['nodes'])}: {v['nodes'][0]['target']}"
                         for v in results["violations"] if v["impact"] in ("serious", "critical")]
            # The adjusted colours are the ones drawn.
            header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
            assert header != "rgb(239, 85, 82)", header
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def test_filing_numbers_in_the_footer(county):
    root, _ = county
    html = (root / "site" / "index.html").read_text(encoding="utf-8")
    footer = html[html.index("<footer"):]
    assert f'<a href="https://beian.miit.gov.cn/">{ICP}</a>' in footer
    assert POLICE in footer and f">{POLICE}</a>" not in footer  # no link configured: text only
    assert 'class="osc-filing"' in footer


def test_filing_fields_are_validated(tmp_path):
    Settings.model_validate({"region": "测试市", "filing": {"icp": ICP, "icp_url": "https://beian.miit.gov.cn/"}},
                            strict=True)
    # In mkdocs.yml: the line of the number, its Chinese name and how to write it.
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.rstrip("\n") + "\n      filing:\n        icp: 备案号待定\n", encoding="utf-8")
    result = run_cli(root, "check")
    line = len(text.rstrip("\n").splitlines()) + 2
    assert result.returncode != 0 and f"mkdocs.yml:{line}:" in result.stdout, result.stdout
    assert "ICP 备案号" in result.stdout and "京ICP备12345678号-1" in result.stdout
    for bad in ({"icp_url": "javascript:alert(1)"}, {"icp": "示ICP备\u200b00000000号"}, {"icq": ICP},
                {"icp": POLICE}, {"police": ICP}, {"icp": "备案号待定"}):
        with pytest.raises(ValidationError):
            Settings.model_validate({"region": "测试市", "filing": bad}, strict=True)


# --- settings that load from another host ------------------------------------------------
def test_settings_that_load_from_another_host_are_refused(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: 县目录
        docs_dir: docs
        theme:
          name: material
          font:
            text: Roboto
        extra_javascript:
          - https://cdn.example.com/analytics.js
          - assets/local.js
        extra:
          analytics:
            provider: google
            property: G-XXXXXXX
        """), encoding="utf-8")
    set_language("zh")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    found = outside.problems(config)
    assert [(p.line, p.key) for p in found] == [(5, "theme.font"), (8, "extra_javascript.0"),
                                                (11, "extra.analytics")]
    assert all(p.is_error and p.file == "mkdocs.yml" for p in found)
    assert "fonts.googleapis.com" in found[0].message and "font: false" in found[0].hint
    assert "cdn.example.com" in found[1].message and "content/assets/" in found[1].hint


def test_build_refuses_google_fonts_with_the_line_to_change(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    site_config(root)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["font"] = {"text": "Noto Sans SC"}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli(root, "build", timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and not (root / "site").exists()
    assert "fonts.googleapis.com" in output and "font: false" in output and "Traceback" not in output
    line = next(n for n, text in enumerate((root / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1)
                if text.strip() == "font:")
    assert f"mkdocs.yml:{line}:" in output


def test_catalogue_settings_load_nothing_from_another_host(catalogue_dir):
    """Gate on the catalogue under test (tests/catalogue.py): its mkdocs.yml."""
    config = load_config(config_file=str(catalogue_dir / "mkdocs.yml"))
    assert outside.problems(config) == []


# --- palette contrast ------------------------------------------------------------------------
class _Config(dict):
    def __init__(self, tmp_path, palette_value, extra_css=()):
        super().__init__()
        self.config_file_path = str(tmp_path / "mkdocs.yml")
        self.theme = {"palette": palette_value}
        self.docs_dir = str(tmp_path)
        self.extra_css = list(extra_css)


def test_contrast_ratio():
    white, black = (1.0, 1.0, 1.0, 1.0), (0.0, 0.0, 0.0, 1.0)
    assert palette.contrast(black, white) == pytest.approx(21.0)
    assert palette.contrast(white, white) == pytest.approx(1.0)
    red = (0xef / 255, 0x55 / 255, 0x52 / 255, 1.0)
    assert palette.contrast(white, red) == pytest.approx(3.45, abs=0.01)


@pytest.mark.parametrize("primary, accent, warned", [
    ("red", "red", {"primary", "accent"}), ("indigo", "deep-purple", set()), ("amber", "deep-purple", {"primary"}),
    ("white", "deep-purple", set()), ("pink", "indigo", {"primary", "accent"})])
def test_palette_warnings_and_adjusted_colours(tmp_path, primary, accent, warned):
    (tmp_path / "mkdocs.yml").write_text(f"theme:\n  palette:\n    primary: {primary}\n    accent: {accent}\n",
                                         encoding="utf-8")
    set_language("zh")
    result = palette.check(_Config(tmp_path, {"primary": primary, "accent": accent}))
    assert {p.key.rsplit(".", 1)[1] for p in result.problems} == warned
    assert all(not p.is_error and p.file == "mkdocs.yml" for p in result.problems)
    for problem in result.problems:
        kind = problem.key.rsplit(".", 1)[1]
        assert problem.line == (3 if kind == "primary" else 4)
        assert "4.5:1" in problem.message and "WCAG" in problem.message
    # Every adjusted colour passes against what it is drawn with.
    colours = dict(line.strip().rstrip(";").split(": ") for line in result.css.splitlines() if line.startswith("  --"))
    assert bool(colours) == bool(warned)
    white = (1.0, 1.0, 1.0, 1.0)
    for name in ("--md-primary-fg-color", "--md-typeset-a-color", "--md-accent-fg-color"):
        if name in colours:
            value = colours[name]
            rgb = tuple(int(value[i:i + 2], 16) / 255 for i in (1, 3, 5)) + (1.0,)
            assert palette.contrast(rgb, white) >= palette.MINIMUM, (name, value)


def test_custom_colours_from_extra_css_are_checked(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("theme:\n  palette:\n    primary: custom\n", encoding="utf-8")
    (tmp_path / "colours.css").write_text(":root > * {\n  --md-primary-fg-color: #ffd54f;\n"
                                          "  --md-primary-bg-color: #000000de;\n}\n", encoding="utf-8")
    set_language("zh")
    result = palette.check(_Config(tmp_path, {"primary": "custom", "accent": "deep-purple"}, ["colours.css"]))
    # Dark text on the yellow header passes; yellow links on white do not.
    assert [p.message.split("：")[1][:4] for p in result.problems] == ["链接和导"]
    assert "#ffd54f" in result.problems[0].message


def test_toggle_palette_checks_each_scheme_against_its_own_background(tmp_path):
    entries = [{"scheme": "default", "primary": "red", "accent": "deep-purple"},
               {"scheme": "slate", "primary": "red", "accent": "deep-purple"}]
    (tmp_path / "mkdocs.yml").write_text("theme:\n  palette:\n" + "".join(
        f"    - scheme: {e['scheme']}\n      primary: {e['primary']}\n      accent: {e['accent']}\n" for e in entries),
        encoding="utf-8")
    set_language("zh")
    result = palette.check(_Config(tmp_path, entries))
    # deep-purple passes on white (4.81:1) but not as hovered text on the dark background.
    assert [(p.key, p.line) for p in result.problems] == [
        ("theme.palette.0.primary", 4), ("theme.palette.1.primary", 7), ("theme.palette.1.accent", 8)]
    assert "#1e2129" in result.problems[2].message
    # On the dark background the configured red is a readable link colour: the
    # darker header colour is not used for links there.
    slate = result.css[result.css.index('[data-md-color-scheme="slate"]'):]
    assert "--md-typeset-a-color: #ef5552;" in slate


def test_default_feedback_needs_no_account(county):
    """Without feedback_url (the demo's mkdocs.yml sets none) an item page's
    意见反馈 link goes to its own 好差评 section, not to an issue tracker."""
    root, _ = county
    html = (root / "site" / PAGES[1] / "index.html").read_text(encoding="utf-8")
    assert '<a href="#rating" rel="nofollow">' in html and 'id="rating"' in html
    assert "/issues/new" not in html
