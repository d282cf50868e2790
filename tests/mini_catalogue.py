"""Helpers shared by the validation and site tests: a small valid catalogue to
copy into pytest's tmp_path and mutate one file at a time, and the pieces of a
real ``mkdocs build`` of such a copy with the production theme and plugins."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from generator.config import read_settings
from generator.checks.problems import Problem
from generator.checks.validate import build_catalogue

REPO = Path(__file__).resolve().parent.parent
# The demo city: its mkdocs.yml is the production configuration the mini sites borrow.
DEMO = REPO / "examples" / "demo-city"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
# The mini sites' host and catalogue texts (not the configured catalogue's: issue 18).
MINI_SITE = yaml.safe_load((MINI / "site.yml").read_text(encoding="utf-8"))
# A window item with fees, steps and two trips; and an online-only item.
ITEM = "items/public-security/990101001000.yaml"
ONLINE_ITEM = "items/civil-affairs/992002001000.yaml"
# Added by add_sub_item / add_bundle for the site builds.
MAIN_CODE = "99010100200Y"
SUB_CODE = "990101002001"
BUNDLE = "id-and-allowance"


def copy_mini(tmp_path: Path) -> Path:
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    return root


def original(relative: str = ITEM) -> str:
    return (MINI / relative).read_text(encoding="utf-8")


def replaced(old: str, new: str, relative: str = ITEM) -> str:
    """The fixture file with ``old`` (which must occur) replaced by ``new``."""
    text = original(relative)
    assert old in text, f"fixture no longer contains {old!r}"
    return text.replace(old, new, 1)


def position(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of ``needle`` in ``text`` (in characters, like YAML marks)."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def check(root: Path) -> list[Problem]:
    return build_catalogue(root, read_settings(root)).problems


def copy_demo(tmp_path: Path) -> Path:
    """A copy of the demo catalogue (without its site and caches) in ``tmp_path/demo``."""
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("site", ".cache"))
    return root


def edit(root: Path, relative: str, old: str, new: str) -> str:
    """Replace the first ``old`` by ``new`` in ``root/relative``; returns the new text."""
    text = (root / relative).read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    (root / relative).write_text(text, encoding="utf-8")
    return text


def mini_with(tmp_path: Path, old: str, new: str, relative: str = ITEM) -> tuple[Path, str]:
    """A mini catalogue with ``old`` replaced by ``new`` in ``relative``; returns its root and that file's text."""
    root = copy_mini(tmp_path)
    text = replaced(old, new, relative)
    (root / relative).write_text(text, encoding="utf-8")
    return root, text


def shown(found: list[Problem]) -> str:
    """The problems as a clerk reads them (E/W/H for the level words), for assertion messages."""
    return "\n".join(p.format_text({"error": "E", "warning": "W", "hint": "H"}) for p in found)


def only_problem(root: Path) -> Problem:
    """The one problem of the whole catalogue (errors and warnings); fails when there are more or none."""
    found = check(root)
    assert len(found) == 1, shown(found)
    return found[0]


def line_as_told(hint: str) -> str:
    """The line a hint says to write, as quoted in 改成“…”."""
    import re

    return re.search(r"改成“([^”]*)”", hint).group(1)


def says(problem: Problem, *texts: str) -> None:
    """Assert that each of ``texts`` is in the problem's message or hint."""
    said = problem.message + " " + problem.hint
    for text in texts:
        assert text in said, f"{text!r} not in {said!r}"


def errors(root: Path) -> list[Problem]:
    return [p for p in check(root) if p.is_error]


def run_cli(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout, env=env, cwd=root)


# --- site builds (tests/test_site.py, tests/conftest.py) ----------------------------
def site_config(root: Path) -> None:
    """Give the copy's mkdocs.yml the production theme options, plugins and
    extensions (the demo's mkdocs.yml), with the host, palette and catalogue
    texts of tests/fixtures/mini/site.yml.  The shipped theme (templates, CSS,
    scripts) is added by the catalogue plugin, as for any catalogue."""
    prod = yaml.safe_load((DEMO / "mkdocs.yml").read_text(encoding="utf-8"))
    mini = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = dict(prod["theme"], palette=MINI_SITE["palette"])
    mini_options = next(p["catalogue"] for p in mini["plugins"] if isinstance(p, dict) and "catalogue" in p)
    plugins = []
    for p in prod["plugins"]:
        if isinstance(p, dict) and "catalogue" in p:
            # Production options (contact, footer, edit url ...) with the mini's region;
            # not the ones naming the demo's items and life events (a warning each here),
            # nor the demo's editions (tests/site/test_edition_site.py sets its own).
            production = {k: v for k, v in p["catalogue"].items()
                          if k not in ("most_used", "home", "feedback_url", "editions")}
            plugins.append({"catalogue": {**production, **MINI_SITE["catalogue"], **mini_options}})
        else:
            plugins.append(p)
    config = {
        "site_name": mini["site_name"],
        "site_url": MINI_SITE["site_url"],
        "docs_dir": "content",
        "site_dir": "site",
        "use_directory_urls": True,
        "exclude_docs": prod["exclude_docs"],
        "theme": theme,
        "markdown_extensions": prod["markdown_extensions"],
        "plugins": plugins,
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_sub_item(root: Path) -> None:
    """A main item (code ending Y) with one sub-item, both from the ID-card item."""
    base = (root / ITEM).read_text(encoding="utf-8")
    folder = (root / ITEM).parent
    main = (base.replace('code: "990101001000"', f'code: "{MAIN_CODE}"')
            .replace("name: 居民身份证首次申领", "name: 居民身份证换领")
            .replace("aliases: [办身份证, 第一次办身份证]", "aliases: [换身份证]"))
    sub = (base.replace('code: "990101001000"', f'code: "{SUB_CODE}"')
           .replace("name: 居民身份证首次申领", "name: 居民身份证到期换领")
           .replace("aliases: [办身份证, 第一次办身份证]", "aliases: [身份证到期]"))
    assert main != base and sub != base
    (folder / f"{MAIN_CODE}.yaml").write_text(main, encoding="utf-8")
    (folder / f"{SUB_CODE}.yaml").write_text(sub, encoding="utf-8")


def add_bundle(root: Path) -> None:
    """A life-event bundle with an ``and`` step and an ``or`` step (needs add_sub_item)."""
    folder = root / "content" / "life-events"
    folder.mkdir(exist_ok=True)
    (folder / f"{BUNDLE}.yaml").write_text(f"""\
id: {BUNDLE}
name: 身份证和津贴一件事
audience: individual
summary: 测试用一件事。
lead_department: public-security
steps:
  - name: 办身份证
    items: ["990101001000"]
  - name: 二选一
    mode: or
    items: ["992002001000", "{SUB_CODE}"]
""", encoding="utf-8")


def mkdocs_build(root: Path, timeout: float = 300, strict: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8", NO_MKDOCS_2_WARNING="1")
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml")]
                          + (["--strict"] if strict else []),
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout, env=env, cwd=root)
