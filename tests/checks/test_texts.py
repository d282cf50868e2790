"""Hidden characters and link schemes (generator/checks/texts.py): refused in
every free text and link of items, registries and the ``catalogue`` block of
mkdocs.yml, with a message that names the character or the scheme."""

from __future__ import annotations

import unicodedata

import pytest
from pydantic import ValidationError

from generator.checks import model, texts
from generator.checks.schema_errors import translate
from generator.config import Settings
from generator.sources.load import Document
from mini_catalogue import ITEM, copy_mini, errors, position, run_cli


def _one_error(root):
    found = errors(root)
    assert len(found) == 1, "\n".join(p.format_text({"error": "E", "warning": "W", "hint": "H"}) for p in found)
    return found[0]


def _mutated(tmp_path, relative: str, old: str, new: str):
    root = copy_mini(tmp_path)
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return root, text


# Each kind the issue names, in a different text field of an item (written as a
# YAML escape so the fixture stays readable; the loader reads the character).
HIDDEN = [
    # (line of the fixture, its key, the new value with the character, code point, Unicode name or "")
    ("summary: 年满十六周岁的本市户籍居民首次办理居民身份证。", "summary: ",
     '"年满十六\\u00ad周岁的本市户籍居民首次办理居民身份证。"', "U+00AD", "SOFT HYPHEN"),
    ("  - name: 居民户口簿", "  - name: ", '"居民户口簿\\U000E0041\\U000E007F"', "U+E0041", "TAG LATIN CAPITAL LETTER A"),
    ("name: 居民身份证首次申领", "name: ", '"\\u3164"', "U+3164", "HANGUL FILLER"),
    ("name: 居民身份证首次申领", "name: ", '"居民身份证\\u2800首次申领"', "U+2800", "BRAILLE PATTERN BLANK"),
    ("name: 居民身份证首次申领", "name: ", '"居民身份证\\uffa0首次申领"', "U+FFA0", "HALFWIDTH HANGUL FILLER"),
    ("name: 居民身份证首次申领", "name: ", '"居民身份证\\u115f首次申领"', "U+115F", "HANGUL CHOSEONG FILLER"),
    ("  - 具有本市常住户口", "  - ", '"具有本市\\x9b常住户口"', "U+009B", ""),
    ("name: 居民身份证首次申领", "name: ", '"居民身份证\\u2067首次申领"', "U+2067", "RIGHT-TO-LEFT ISOLATE"),
    ("name: 居民身份证首次申领", "name: ", '"居民身份证\\u061c首次申领"', "U+061C", "ARABIC LETTER MARK"),
]


@pytest.mark.parametrize("line,key,value,code,name", HIDDEN, ids=[h[3] for h in HIDDEN])
def test_hidden_character_named_in_item(tmp_path, line, key, value, code, name):
    root, text = _mutated(tmp_path, ITEM, line, key + value)
    problem = _one_error(root)
    assert (problem.file, problem.line, problem.column) == (ITEM, *position(text, value))
    assert code in problem.message and name in problem.message, problem.message
    assert "删除" in problem.hint


def test_combining_mark_at_start_refused(tmp_path):
    root, text = _mutated(tmp_path, ITEM, "name: 居民身份证首次申领", 'name: "\\u0301居民身份证首次申领"')
    problem = _one_error(root)
    assert problem.message.startswith("文字以组合符号 U+0301 COMBINING ACUTE ACCENT 开头"), problem.message
    assert (problem.line, problem.column) == position(text, '"\\u0301')


def test_combining_mark_after_a_letter_allowed():
    assert model.Variant(id="a", name="Cafe\u0301 申请").name == "Cafe\u0301 申请"
    assert model.Variant(id="a", name="葛\U000E0100氏").name  # an ideographic variation sequence


@pytest.mark.parametrize("text,kind", [("\u00ad", "Cf"), ("\x85", "Cc"), ("\U000E0020", "Cf"), ("\ud800", "Cs"),
                                       ("\u3164", "blank"), ("\u2800", "blank"), ("\u2029", "Zp")])
def test_hidden_character_kinds(text, kind):
    assert texts.hidden_character("甲" + text + "乙") == (1, text, kind)


def _hidden_one_by_one(text: str, newlines: bool):
    """``hidden_character`` as first written: every character looked at."""
    for index, ch in enumerate(text):
        if ch == "\n" and newlines:
            continue
        category = unicodedata.category(ch)
        if category in texts.HIDDEN_CATEGORIES:
            return index, ch, category
        if ch in texts.BLANK_CHARACTERS:
            return index, ch, "blank"
        if index == 0 and category.startswith("M"):
            return index, ch, "mark"
    return None


def test_hidden_character_fast_path_is_exact():
    """The pattern that skips the characters needing no look (``texts._unusual``)
    gives what looking at each one gives, for every character of the Basic
    Multilingual Plane and a sample beyond it, first in a text and within it."""
    points = [*range(0x10000), *range(0x10000, 0x110000, 97), *range(0xE0000, 0xE0080)]
    for point in points:
        ch = chr(point)
        for text in (ch, "甲" + ch + "乙"):
            for newlines in (False, True):
                assert texts.hidden_character(text, newlines) == _hidden_one_by_one(text, newlines), (hex(point), newlines)


def test_link_scheme_of_plain_and_disguised_addresses():
    assert texts.link_scheme("https://example.org/a?b=1") == "https"
    assert texts.link_scheme(" Java\tScript:alert(1)") == "javascript"
    assert texts.link_scheme("java\u00adscript:x") == "javascript"
    assert texts.link_scheme("&#106;avascript:x") == "javascript"
    assert texts.link_scheme("items/a.html") == ""


def test_newline_only_in_paragraphs():
    assert texts.hidden_character("甲\n乙", newlines=True) is None
    assert texts.hidden_character("甲\n乙") == (1, "\n", "Cc")
    assert texts.hidden_character("\u0300甲") == (0, "\u0300", "mark")


def test_hidden_character_in_registry_name(tmp_path):
    root, text = _mutated(tmp_path, "content/departments.yaml", "name: 测试市公安局", 'name: "测试市公安局\\u00ad"')
    found = errors(root)
    located = [p for p in found if p.file == "content/departments.yaml"]
    assert located, found
    assert (located[0].line, located[0].column) == position(text, '"测试市公安局')
    assert "U+00AD SOFT HYPHEN" in located[0].message


def _settings(**values) -> Settings:
    """Settings with the one required setting (region) and ``values``."""
    return Settings(**{"region": "测试市", **values})


@pytest.mark.parametrize("field", ["region", "publisher", "footer"])
def test_hidden_character_in_config_text(field):
    with pytest.raises(ValidationError) as caught:
        _settings(**{field: "示范\u202e市"})
    assert caught.value.errors()[0]["loc"] == (field,)


def test_hidden_character_in_config_contact():
    with pytest.raises(ValidationError):
        _settings(contact={"address": "民主路\u200b100 号"})
    with pytest.raises(ValidationError):  # becomes a tel: link
        _settings(contact={"hotline": "javascript:alert(1)"})
    assert _settings(contact={"hotline": "12345"}).contact.hotline == "12345"


# --- links ----------------------------------------------------------------------
HOSTILE_LINKS = ["JaVaScRiPt:alert(1)", " javascript:alert(1)", "\tjavascript:alert(1)", "java\nscript:alert(1)",
                 "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "&amp;#106;avascript:alert(1)",
                 "javascript&colon;alert(1)", "java\u00adscript:alert(1)", "\x01javascript:alert(1)",
                 "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd",
                 "//evil.example/", "/relative/path", "https:evil.example"]


@pytest.mark.parametrize("url", HOSTILE_LINKS)
@pytest.mark.parametrize("field", ["edit_url", "feedback_url"])
def test_config_link_schemes_refused(field, url):
    with pytest.raises(ValidationError) as caught:
        _settings(**{field: url})
    assert caught.value.errors()[0]["type"] in ("url_scheme", "url_chars")


@pytest.mark.parametrize("field,url", [
    ("edit_url", "https://git.example.gov.cn/catalogue/edit/main"),
    ("edit_url", "HTTP://git.example.gov.cn/"),
    ("feedback_url", "mailto:catalogue@example.gov.cn?subject={name}"),
    ("feedback_url", "https://example.gov.cn/issues/new?title=%E6%84%8F%E8%A7%81{code}")])
def test_config_link_schemes_accepted(field, url):
    assert getattr(_settings(**{field: url}), field) == url


def test_edit_url_is_not_mailto():
    with pytest.raises(ValidationError):
        _settings(edit_url="mailto:a@example.gov.cn")


@pytest.mark.parametrize("url", ["https://example.gov.cn/a b", 'https://example.gov.cn/"onmouseover=x',
                                 "https://example.gov.cn/\u200b"])
def test_config_link_characters_refused(url):
    with pytest.raises(ValidationError) as caught:
        _settings(edit_url=url)
    assert caught.value.errors()[0]["type"] == "url_chars"


@pytest.mark.parametrize("url", HOSTILE_LINKS + ["HTTPS://x.gov.cn/", "https://x.gov.cn/\u200b"])
@pytest.mark.parametrize("kind,field", [(model.Channels, "online_url"), (model.Item, "source_url"),
                                        (model.Department, "url"), (model.LifeEvent, "single_form_url"),
                                        (model.Material, "blank_form"), (model.Contact, "url")])
def test_item_and_registry_links_refused(kind, field, url):
    with pytest.raises(ValidationError) as caught:
        kind.model_validate({field: url})
    assert any(e["loc"] == (field,) for e in caught.value.errors())


def _message(model_class, data) -> tuple[str, str]:
    try:
        model_class.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        problem = translate(error, Document(path=None, display="mkdocs.yml", data=data), model_class)
        return problem.message, problem.hint
    raise AssertionError("accepted")


def test_link_messages_name_the_scheme():
    message, hint = _message(Settings, {"region": "测试市", "edit_url": " JaVaScRiPt:alert(1)"})
    assert "“javascript:”" in message and "https://" in hint
    message, hint = _message(Settings, {"region": "测试市", "feedback_url": "/feedback"})
    assert "不是完整的地址" in message and "mailto:" in hint
    message, hint = _message(Settings, {"region": "测试市", "edit_url": "https://example.gov.cn/a\u200bb"})
    assert "U+200B ZERO WIDTH SPACE" in message


def test_config_block_link_and_text_located(tmp_path):
    """`check` names the line of a hostile link or a hidden character in the
    catalogue block of mkdocs.yml (it printed neither before: the link was
    accepted and printed as the page's "编辑" link)."""
    root = copy_mini(tmp_path)
    with open(root / "mkdocs.yml", "a", encoding="utf-8") as f:
        f.write('      edit_url: " JaVaScRiPt:alert(1)"\n'
                '      feedback_url: "&#106;avascript:alert(1)"\n'
                '      footer: "备案号\\u00ad123"\n')
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    result = run_cli(root, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "内部错误" not in result.stdout + result.stderr and "Traceback" not in result.stderr
    for needle, words in [('" JaVaScRiPt', "“javascript:”"), ('"&#106;', "“javascript:”"),
                          ('"备案号', "U+00AD SOFT HYPHEN")]:
        line, column = position(text, needle)
        shown = [s for s in result.stdout.splitlines() if s.startswith(f"mkdocs.yml:{line}:{column}: ")]
        assert shown and words in shown[0], result.stdout


@pytest.mark.parametrize("written,char,meant", [
    ("https://example.gov.cn/senior-allowance。html", "。", "https://example.gov.cn/senior-allowance.html"),
    ("https://example．gov.cn/senior-allowance", "．", "https://example.gov.cn/senior-allowance"),
    ("https：//example.gov.cn/senior-allowance", "：", "https://example.gov.cn/senior-allowance"),
    ("“https://example.gov.cn/senior-allowance”", "“", "https://example.gov.cn/senior-allowance"),
])
def test_input_method_mark_in_a_link_is_told_with_the_address_meant(tmp_path, written, char, meant):
    """A mark of a Chinese input method in an address passed silently (the
    page then links to an address no browser opens): one error at the
    line, with the whole address written with English marks, and the check
    passes once it is written so."""
    relative = "items/civil-affairs/992002001000.yaml"
    root, _ = _mutated(tmp_path, relative, "online_url: https://example.gov.cn/senior-allowance",
                       f"online_url: {written}")
    problem = _one_error(root)
    assert problem.line == 45 and f"“{char}”" in problem.message and "网址" in problem.message
    assert problem.hint.endswith(f"整个网址写成：{meant}")
    path = root / relative
    path.write_text(path.read_text(encoding="utf-8").replace(written, meant), encoding="utf-8")
    assert errors(root) == []


def test_chinese_characters_in_a_link_are_allowed():
    """An address may hold Chinese characters (an IRI): only the marks are refused."""
    def link_errors(url):
        try:
            model.Department.model_validate({"url": url})
        except ValidationError as exc:
            return [e["type"] for e in exc.errors() if e["loc"] == ("url",)]
        return []
    assert link_errors("https://example.gov.cn/办事指南/居住证") == []
    assert link_errors("https://example.gov.cn/办事指南、居住证") == ["url_wide"]
