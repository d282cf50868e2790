"""Compiled templates kept once per machine (outputs/templating.CompiledTemplates):
a new process reads them instead of compiling, and what it keeps never shows a
stale or wrong page (an edited template, other texts compiled in, a damaged or
unwritable cache)."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment

from generator.messages import page_texts, set_language, use_edition
from generator.outputs import templating
from generator.outputs.templating import CompiledTemplates, environment, environment_key


@pytest.fixture
def machine_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(templating, "_COMPILED", {})  # a fresh process
    return tmp_path / "cache" / "open-service-catalogue" / "templates"


@pytest.fixture
def compiled(monkeypatch):
    names = []
    original = Environment.compile

    def counting(self, source, name=None, *args, **kwargs):
        names.append(name)
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    return names


def _render(source: str, key=("k",), **values) -> str:
    env = Environment(loader=DictLoader({"page.html": source}), bytecode_cache=CompiledTemplates(key))
    return env.get_template("page.html").render(**values)


def test_a_new_process_reads_the_compiled_template_and_an_edit_is_compiled(machine_cache, compiled):
    assert _render("Hello {{ name }}", name="a") == "Hello a"
    assert compiled == ["page.html"] and len(list(machine_cache.glob("*/*"))) == 1
    assert _render("Hello {{ name }}", name="b") == "Hello b"  # a new cache object: read from disk
    assert compiled == ["page.html"]
    assert _render("Bye {{ name }}", name="c") == "Bye c"  # edited: its checksum differs
    assert compiled == ["page.html", "page.html"]
    assert _render("Bye {{ name }}", key=("other options",), name="d") == "Bye d"  # another key: its own folder
    assert len(compiled) == 3 and len(list(machine_cache.iterdir())) == 2


def test_a_damaged_or_unwritable_cache_only_means_compiling(machine_cache, compiled):
    assert _render("Hello {{ name }}", name="a") == "Hello a"
    (cached,) = machine_cache.glob("*/*")
    cached.write_bytes(cached.read_bytes()[:40])  # cut off in the middle of the code
    assert _render("Hello {{ name }}", name="b") == "Hello b"
    assert len(compiled) == 2
    for path in machine_cache.glob("*/*"):
        path.unlink()
    machine_cache.chmod(0o500)
    for folder in machine_cache.iterdir():
        folder.chmod(0o500)
    try:
        assert _render("Hi {{ name }}", name="c") == "Hi c"
    finally:
        for folder in machine_cache.iterdir():
            folder.chmod(0o700)
        machine_cache.chmod(0o700)


def test_pages_compiled_with_other_texts_are_kept_apart(machine_cache, compiled, tmp_path, monkeypatch):
    """The pages' texts are compiled into the templates (_InlineTexts): an
    edition with other texts must never get code compiled with the first's."""
    set_language("zh")
    key = next(iter(page_texts()))
    monkeypatch.setattr(templating, "TEMPLATES", tmp_path / "templates")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "x.html").write_text("<p>{{ t.%s }}</p>" % key, encoding="utf-8")
    own = environment().get_template("x.html").render()
    assert own == f"<p>{page_texts()[key]}</p>" and compiled == ["x.html"]
    monkeypatch.setattr(templating, "_COMPILED", {})  # a new process, another edition
    with use_edition({"page": {key: "另一段文字"}}):
        assert environment().get_template("x.html").render() == "<p>另一段文字</p>"
    assert compiled == ["x.html", "x.html"]
    monkeypatch.setattr(templating, "_COMPILED", {})  # a new process, the first texts: read, not compiled
    assert environment().get_template("x.html").render() == own and len(compiled) == 2


def test_the_key_names_the_options_and_extensions():
    plain = Environment()
    trimmed = Environment(trim_blocks=True)
    assert environment_key(plain) != environment_key(trimmed)
    assert environment_key(Environment(extensions=["jinja2.ext.i18n"])) != environment_key(plain)
    assert environment_key(plain, "theme") != environment_key(plain, "pages")


def test_only_the_latest_folders_are_kept(machine_cache, monkeypatch):
    """Every edit of the texts or of the templating code makes a new folder:
    the oldest are deleted, so the cache does not grow without end."""
    import os

    monkeypatch.setattr(templating, "KEPT_FOLDERS", 3)
    for n in range(5):
        assert _render("Hello {{ name }}", key=(f"version {n}",), name="a") == "Hello a"
        for i, folder in enumerate(sorted(machine_cache.iterdir(), key=lambda p: p.stat().st_mtime)):
            os.utime(folder, (1_000_000 + i, 1_000_000 + i))  # the order they were made in
    assert len(list(machine_cache.iterdir())) == 3
    latest = CompiledTemplates(("version 4",)).folder
    assert latest.is_dir()
