"""The messages clerks read (generator/locales/zh.yaml, ``messages:``), issue 13
item 2: every message is said by some check, every key the code says exists,
none is written twice in the locale file (the second silently replaces the
first), and the type messages give a fix that fits what was written."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator.messages import LOCALES, say
from mini_catalogue import ITEM, copy_mini, errors, position

GENERATOR = Path(__file__).resolve().parents[2] / "generator"


def _code() -> str:
    """The generator's code (messages.py, which only reads the locale, left out)."""
    return "\n".join(p.read_text(encoding="utf-8") for p in GENERATOR.rglob("*.py") if p.name != "messages.py")


class _StrictLoader(yaml.SafeLoader):
    """A loader that refuses a key written twice in one mapping."""


def _no_repeats(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        assert key not in seen, f"{key!r} written twice (line {key_node.start_mark.line + 1})"
        seen.add(key)
    return loader.construct_mapping(node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_repeats)


def _messages() -> dict:
    return yaml.load((LOCALES / "zh.yaml").read_text(encoding="utf-8"), Loader=_StrictLoader)["messages"]


def test_locale_has_no_key_written_twice():
    # replaced_by_unknown once had two hints: the second (a variant's) was shown.
    assert len(_messages()) > 100


def test_every_message_is_said_somewhere():
    code = _code()
    unused = [key for key in _messages() if not re.search(rf"[\"']{re.escape(key)}[\"']", code)]
    assert unused == []


def test_every_key_said_exists():
    said = set(re.findall(r"\bsay\(\s*\"([a-z0-9_]+)\"", _code()))
    assert said and said <= set(_messages())


def test_no_programmer_words_in_messages():
    # Clerks are not told about YAML, keys (键) or key-value pairs (键值对).
    for key, entry in _messages().items():
        texts = [entry] if isinstance(entry, str) else [entry.get("message", ""), entry.get("hint", "")]
        for text in texts:
            assert "YAML" not in text and "键" not in text.replace("键入", ""), (key, text)


def test_text_written_as_a_list_is_not_told_to_add_quotes(tmp_path):
    root = copy_mini(tmp_path)
    path = root / ITEM
    text = path.read_text(encoding="utf-8").replace("name: 居民身份证首次申领", "name:\n  - 居民身份证首次申领", 1)
    path.write_text(text, encoding="utf-8")
    [problem] = errors(root)
    assert (problem.line, problem.column) == position(text, "- 居民身份证首次申领")
    assert "应为一段文字，实际是列表" in problem.message
    assert "写在一行里" in problem.hint and "引号" not in problem.hint


def test_text_read_as_yes_no_is_told_the_quoted_value(tmp_path):
    root = copy_mini(tmp_path)
    path = root / ITEM
    text = path.read_text(encoding="utf-8").replace("summary: 年满", "summary: true\nx_summary: 年满", 1)
    text = text.replace("x_summary: 年满十六周岁的本市户籍居民首次办理居民身份证。\n", "", 1)
    path.write_text(text, encoding="utf-8")
    [problem] = errors(root)
    assert "应为文字，实际是true/false（是/否）" in problem.message
    assert '"true"' in problem.hint


def test_did_you_mean_says_what_to_replace():
    message, _ = say("did_you_mean", suggestion="summary（主要内容）", key="sumary")
    assert message == "是不是想写 summary（主要内容）？请把 sumary 改成它。"


def test_every_placeholder_is_a_name():
    # A literal brace ("花括号 { }") must be doubled: format() would raise KeyError
    # (an internal error in place of the message).
    import string
    for key, entry in _messages().items():
        texts = [entry] if isinstance(entry, str) else [entry.get("message", ""), entry.get("hint", "")]
        for text in texts:
            names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
            assert all(re.fullmatch(r"[a-z_]+", name) for name in names), (key, text, names)
