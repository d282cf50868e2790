"""``editions`` in the catalogue block (generator/config.py, issue 19): which
editions are built; refused with a located Chinese message when it names an
unknown edition, one twice, or leaves out the catalogue's own language."""

from __future__ import annotations

import pytest

from generator.config import read_settings
from mini_catalogue import position
from test_config_block import only, with_block


def test_default_builds_only_the_catalogue_language(tmp_path):
    root, _ = with_block(tmp_path, "      sample_data: true\n")
    settings = read_settings(root)
    assert settings.editions is None and settings.built_editions() == ["zh"]


def test_three_editions_language_first(tmp_path):
    root, _ = with_block(tmp_path, "      editions: [en, zh, zh-Hant]\n")
    assert read_settings(root).built_editions() == ["zh", "en", "zh-Hant"]


@pytest.mark.parametrize("line, needle, says", [
    ("      editions: [zh, zh-hant]\n", "zh-hant]", "没有“zh-hant”这个网站版本"),
    ("      editions: [zh, en, en]\n", "[zh, en, en]", "“en”写了两次"),
    ("      editions: [zh-Hant, en]\n", "[zh-Hant, en]", "editions 中没有目录语言 zh"),
])
def test_wrong_editions_are_located_messages(tmp_path, line, needle, says):
    root, text = with_block(tmp_path, line)
    problem = only(root)
    assert says in problem.message, problem.message
    assert (problem.line, problem.column) == position(text, needle)
    assert problem.hint
