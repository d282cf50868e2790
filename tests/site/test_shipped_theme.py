"""Issue 18: the theme is code, found by the plugin for any catalogue
(generator/site/theme.py), and which catalogue the commands work on is one rule
(generator/config.py ``default_root``).

MkDocs' own ``load_config`` reads a catalogue's mkdocs.yml; the plugin's hook
then puts theme/ into the theme folders and the shipped CSS and scripts into
the lists, with a catalogue's own custom_dir and assets kept in front or after.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from mkdocs.config import load_config

from generator.config import DEMO_CATALOGUE, default_root
from generator.site import palette, theme
from mini_catalogue import DEMO, REPO

MATERIAL = Path(__import__("material").__file__).parent / "templates"


def _config(tmp_path: Path, **extra):
    """MkDocs' loaded config of a catalogue whose mkdocs.yml is Material plus ``extra``."""
    (tmp_path / "content").mkdir(exist_ok=True)
    data = {"site_name": "x", "docs_dir": "content", "theme": {"name": "material", "language": "zh"}, **extra}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_config(config_file=str(tmp_path / "mkdocs.yml"))


def test_the_shipped_theme_comes_before_materials(tmp_path):
    config = _config(tmp_path)
    assert theme.add_to(config)
    dirs = [Path(d) for d in config.theme.dirs]
    assert dirs[0] == theme.THEME_DIR and dirs.index(theme.THEME_DIR) < dirs.index(MATERIAL)
    assert config.extra_css == list(theme.STYLESHEETS)
    assert [str(s) for s in config.extra_javascript] == list(theme.SCRIPTS)
    assert all((theme.THEME_DIR / path).is_file() for path in theme.STYLESHEETS + theme.SCRIPTS)
    theme.add_to(config)  # a second call (serving: every rebuild loads the config afresh) adds nothing
    assert len(config.theme.dirs) == len(dirs) and config.extra_css == list(theme.STYLESHEETS)


def test_a_catalogues_own_templates_and_assets_keep_their_place(tmp_path):
    (tmp_path / "overrides").mkdir()
    config = _config(tmp_path, theme={"name": "material", "custom_dir": "overrides"},
                     extra_css=["assets/county.css", "./assets/guide.css"], extra_javascript=["assets/county.js"])
    theme.add_to(config)
    dirs = [Path(d) for d in config.theme.dirs]
    assert dirs[0] == tmp_path / "overrides" and dirs[1] == theme.THEME_DIR  # the county's templates win
    # Shipped first (the county's CSS overrides it), none twice.
    assert config.extra_css == ["assets/catalogue.css", "assets/county.css", "./assets/guide.css"]
    assert [str(s) for s in config.extra_javascript] == [*theme.SCRIPTS, "assets/county.js"]


def test_another_theme_is_left_alone(tmp_path):
    config = _config(tmp_path, theme={"name": "mkdocs"})
    before = list(config.theme.dirs)
    assert not theme.add_to(config)
    assert config.theme.dirs == before and config.extra_css == []


def test_no_catalogue_names_the_theme_or_its_assets():
    for root in (DEMO, REPO / "tests" / "fixtures" / "fork"):
        data = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        assert "custom_dir" not in data["theme"] and "extra_css" not in data and "extra_javascript" not in data
        assert not (root / "theme").exists() and not (root / "content" / "assets").exists()


def test_the_palette_check_reads_the_shipped_stylesheets(tmp_path):
    # A --md-* colour set in a theme folder's stylesheet is seen (docs_dir's file of the same path would win).
    folder = tmp_path / "theme"
    (folder / "assets").mkdir(parents=True)
    (folder / "assets" / "c.css").write_text(":root { --md-primary-fg-color: #ffd54f; }\n", encoding="utf-8")
    assert palette._extra_rules(tmp_path / "docs", ["assets/c.css"]) == []
    assert palette._extra_rules(tmp_path / "docs", ["assets/c.css"], [str(folder)])
    assert theme.asset_file(tmp_path / "docs", "assets/c.css", [folder]) == folder / "assets" / "c.css"


# --- which catalogue ------------------------------------------------------------------
def test_default_root_rule(tmp_path):
    assert default_root(here=tmp_path, environ={}) == DEMO_CATALOGUE == DEMO
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert default_root(here=tmp_path, environ={}) == tmp_path  # an older fork's top-level catalogue
    (tmp_path / "catalogue").mkdir()
    assert default_root(here=tmp_path, environ={}) == tmp_path  # catalogue/ without mkdocs.yml is not one
    (tmp_path / "catalogue" / "mkdocs.yml").write_text("site_name: y\n", encoding="utf-8")
    assert default_root(here=tmp_path, environ={}) == tmp_path / "catalogue"  # a fork's catalogue/, first
    assert default_root(here=tmp_path, environ={"CATALOGUE": "other/place"}) == Path("other/place")
    assert default_root(here=tmp_path, environ={"CATALOGUE": " "}) == tmp_path / "catalogue"


def test_commands_without_root_work_on_the_default_catalogue_from_the_repository():
    # Without --root the commands check the default catalogue (default_root: the demo in upstream,
    # catalogue/ in a county's fork): the same output as naming that folder.
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("CATALOGUE", None)
    env.pop("GITHUB_ACTIONS", None)
    chosen = default_root(here=REPO, environ={})
    assert chosen == next((f for f in (REPO / "catalogue", REPO) if (f / "mkdocs.yml").is_file()), DEMO)
    plain = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=REPO, env=env,
                           capture_output=True, text=True, encoding="utf-8", timeout=120)
    rooted = subprocess.run([sys.executable, "-m", "generator", "--root", os.path.relpath(chosen, REPO), "check"],
                            cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert plain.returncode == 0 and plain.stdout == rooted.stdout, plain.stdout + plain.stderr
    made = subprocess.run(["make", "-n", "serve", "build", "CATALOGUE=../county"], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert 'serve -f "../county/mkdocs.yml"' in made.stdout and '--root "../county" build' in made.stdout
