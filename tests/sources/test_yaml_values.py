"""YAML read as data, never as YAML 1.1's guesses (generator/sources/load.py).

Every implicit form of PyYAML's YAML 1.1 resolver
(``yaml.resolver.Resolver.yaml_implicit_resolvers``) is enumerated below with
the examples its regular expressions are written for; each must be read as
the plain value the editor meant, or refused with a located Chinese message.
Explicit tags are always refused, never an internal error.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from yaml.resolver import Resolver

from generator.checks.problems import ProblemsFound
from generator.sources.compose import Implicit, compose
from generator.sources.load import Document, parse

REFUSED = object()
T = "tag:yaml.org,2002:"

# tag the resolver gives -> [(plain scalar as written, what it must read as, or REFUSED)]
IMPLICIT = {
    "bool": [
        ("true", True), ("false", False),
        # Only true/false are booleans; YAML 1.1's other spellings stay the text written.
        *[(word, word) for word in ("yes", "Yes", "YES", "no", "No", "NO", "True", "TRUE", "False", "FALSE",
                                    "on", "On", "ON", "off", "Off", "OFF")],
    ],
    "int": [
        ("0", 0), ("15", 15), ("-3", -3), ("123456789012345678", 123456789012345678),
        ("015", REFUSED), ("010", REFUSED), ("-017", REFUSED),      # octal
        ("0x10", REFUSED), ("0xFF", REFUSED), ("-0x1F", REFUSED),    # hexadecimal
        ("0b11", REFUSED), ("0b1_0", REFUSED),                       # binary
        ("1_000", REFUSED), ("+5", REFUSED), ("+0", REFUSED),        # underscores, sign
        ("1:00", REFUSED), ("9:30", REFUSED), ("190:20:30", REFUSED),  # base 60
        ("1234567890123456789", REFUSED),                            # more digits than any element
    ],
    "float": [
        ("1.5", 1.5), ("0.25", 0.25), ("-2.5", -2.5),
        (".inf", REFUSED), ("-.inf", REFUSED), ("+.INF", REFUSED), (".Inf", REFUSED),
        (".nan", REFUSED), (".NaN", REFUSED), (".NAN", REFUSED),
        ("1.0e+3", REFUSED), ("6.8523015e+5", REFUSED), ("685.230_15e+03", REFUSED),
        ("1_0.5", REFUSED), ("1.", REFUSED), ("+1.5", REFUSED), ("01.5", REFUSED), (".5", REFUSED),
        ("1:30.5", REFUSED), ("190:20:30.15", REFUSED),                # base 60
    ],
    "null": [("~", None), ("null", None), ("Null", None), ("NULL", None), ("", None)],
    "timestamp": [
        ("2026-01-31", dt.date(2026, 1, 31)), ("2024-02-29", dt.date(2024, 2, 29)),
        ("2026-02-30", REFUSED), ("0000-00-00", REFUSED),
        ("2001-12-14t21:59:43.10-05:00", REFUSED), ("2001-12-14 21:59:43.10 -5", REFUSED),
        ("2001-12-15T02:59:43.1Z", REFUSED), ("2001-12-15 2:59:43.10", REFUSED), ("2026-1-5 10:00:00", REFUSED),
    ],
    # "=" (YAML 1.1's default-value key) and "<<" as a value are the text written.
    "value": [("=", "=")],
    "merge": [("<<", "<<")],
}

# Plain texts the resolver leaves as text but that look like numbers: refused too.
NUMBER_LIKE_TEXT = ["09", "0999", "0o17", "-08"]

EXPLICIT = [
    "!!bool 测试事项", "!!bool yes", "!!bool true", "!!int 5", "!!int abc", "!!int 0x", "!!float x", "!!float 1.5",
    "!!str 015", "!!str text", "!!null x", "!!binary aGk=", "!!binary 不是base64", "!!timestamp 2026-01-01",
    "!!timestamp 昨天", "!!merge x", "!!value x", "!!python/object:os.system x",
    "!!python/object/apply:os.system ['echo hi']", "!!python/name:os.system", "!foo bar", "!include /etc/passwd",
    "!<tag:yaml.org,2002:str> x", "!!set {a, b}", "!!omap [a: 1]", "!!pairs [a: 1]", "!!map {a: 1}", "!!seq [1]",
    "!ENV [HOME]",
]


def read(text: str) -> Document:
    doc = Document(path=Path("x.yaml"), display="x.yaml", data=None)
    parse(text, doc)
    return doc


def test_every_implicit_resolver_is_enumerated():
    """Each tag PyYAML resolves plain scalars to is covered above, and each
    example really is resolved to that tag (so the table tests YAML 1.1)."""
    resolved = {tag for resolvers in Resolver.yaml_implicit_resolvers.values() for tag, _ in resolvers}
    # "!", "&", "*" alone cannot be plain scalars (the parser reads them as a tag, anchor or alias).
    assert {t[len(T):] for t in resolved} - {"yaml"} == set(IMPLICIT)
    for kind, examples in IMPLICIT.items():
        for written, _ in examples:
            tag = Resolver().resolve(yaml.ScalarNode, written, (True, False))
            assert tag == T + kind, (written, tag)
    for written in NUMBER_LIKE_TEXT:
        assert Resolver().resolve(yaml.ScalarNode, written, (True, False)) == T + "str"


def _tags(node) -> list:
    found = [node.tag]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found += _tags(key) + _tags(value)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            found += _tags(child)
    return found


def test_compose_resolves_every_node_as_pyyaml_does():
    """``compose.py``'s resolver (the safe loader's table without its unused
    steps) gives every node the tag PyYAML's own gives, and marks it as chosen,
    not written: every implicit example plain, quoted and as a key, an empty
    value, lists and mappings in both styles, and explicit tags."""
    plain = [w for examples in IMPLICIT.values() for w, _ in examples] + NUMBER_LIKE_TEXT + ["", "=", "<<", "文字"]
    lines = [f"k{i}: {w}\nq{i}: '{w}'\nm{i}:\n  {w or 'e'}: x\n" for i, w in enumerate(plain)]
    text = "".join(lines) + "l: [a, 1, {b: ~}]\nm:\n  - x: 1.5\n  - !!str 015\nn: !foo bar\n"
    ours, theirs = _tags(compose(text)), _tags(yaml.compose(text, Loader=yaml.SafeLoader))
    assert len(ours) > 4 * len(plain) and ours == theirs
    assert [tag for tag in ours if type(tag) is not Implicit] == ["tag:yaml.org,2002:str", "!foo"]


@pytest.mark.parametrize("written,meant", [(w, m) for examples in IMPLICIT.values() for w, m in examples]
                         + [(w, REFUSED) for w in NUMBER_LIKE_TEXT])
def test_implicit_form_is_data_or_refused(written, meant):
    doc = read(f"value: {written}\n")
    if meant is REFUSED:
        assert len(doc.problems) == 1, doc.problems
        problem = doc.problems[0]
        assert (problem.line, problem.column) == (1, 8)
        assert doc.errors and problem.hint, problem
        assert written.strip() in problem.message or written in problem.hint, problem
        assert doc.problem_paths == [("value",)]
        assert doc.data["value"] == written  # kept as written: the model adds nothing at the same place
    else:
        assert doc.problems == []
        assert doc.data["value"] == meant and type(doc.data["value"]) is type(meant)


def test_leading_zero_says_what_to_write():
    problem = read("copies: 015\n").problems[0]
    assert "八进制数 13" in problem.message and "15" in problem.message
    assert "写成 15" in problem.hint and '"015"' in problem.hint


def test_base_60_says_how_to_write_a_time():
    problem = read("open: 9:30\n").problems[0]
    assert "会被当成一个数，不是时间" in problem.message and '"09:30"' in problem.hint  # the time written (trial 18)


@pytest.mark.parametrize("written", EXPLICIT)
def test_explicit_tag_is_refused(written):
    doc = read(f"name: {written}\n")
    assert doc.errors
    problem = doc.problems[0]
    assert (problem.line, problem.column) == (1, 7)
    assert problem.message.startswith("不支持的标记 !"), problem
    assert doc.data["name"] is None


@pytest.mark.parametrize("text", ["!!str key: value\n", "!!int 1: value\n", "a:\n  !!bool b: c\n"])
def test_explicit_tag_on_a_key_is_refused(text):
    doc = read(text)
    assert doc.errors and doc.problems[0].message.startswith("不支持的标记")


def test_merge_key_refused():
    doc = read("a:\n  <<: {b: 1}\n")
    assert doc.errors and "<<（合并别处内容的记号）" in doc.problems[0].message


def test_many_digits_do_not_hang_or_crash():
    # Python refuses int() of more than 4300 digits; the loader must not call it.
    doc = read("visits: " + "9" * 100_000 + "\n")
    assert doc.errors and "太长" in doc.problems[0].message


def test_undecodable_tag_value_is_not_an_internal_error():
    # PyYAML's constructor raised KeyError for `!!bool 测试事项`.
    try:
        doc = read("name: !!bool 测试事项\nvisits: !!int 二\nreviewed: !!timestamp 昨天\n")
    except ProblemsFound as found:  # pragma: no cover - must not happen
        pytest.fail(str(found.problems))
    assert [p.line for p in doc.problems] == [1, 2, 3]


# --- through the whole check: a refused value holds its file back ------------

def test_item_with_a_refused_value_is_held_back(tmp_path):
    """`window: 09` is a valid text to the model; the loader's refusal alone must keep the item unpublished."""
    from mini_catalogue import ITEM, copy_mini
    from generator.checks.validate import build_catalogue
    from generator.config import read_settings

    root = copy_mini(tmp_path)
    path = root / ITEM
    path.write_text(path.read_text(encoding="utf-8").replace("window: 1-3 号窗口", "window: 09"), encoding="utf-8")
    report = build_catalogue(root, read_settings(root))
    problem, = report.errors
    assert problem.file == ITEM and "09 以 0 开头" in problem.message
    assert problem.element == "窗口" and problem.key == "offices[0].window"
    assert [h.source for h in report.held_back] == [ITEM]
    assert ITEM not in {e.source for e in report.catalogue.entries}


def test_registry_entry_with_a_refused_value_is_left_out(tmp_path):
    from mini_catalogue import ONLINE_ITEM, copy_mini
    from generator.checks.validate import build_catalogue
    from generator.config import read_settings

    root = copy_mini(tmp_path)
    proofs = root / "content" / "proofs.yaml"
    proofs.write_text(proofs.read_text(encoding="utf-8").replace("issuer: 公安机关", "issuer: !!str 公安机关"),
                      encoding="utf-8")
    report = build_catalogue(root, read_settings(root))
    [problem] = report.errors
    assert (problem.file, problem.line, problem.column) == ("content/proofs.yaml", 3, 11)
    assert problem.element == "开具单位" and "!!str" in problem.message
    # The item that uses the proof is held back because the entry is broken
    # (not because the id is unknown), said once in the registry with a count.
    [count] = report.warnings
    assert count.file == "content/proofs.yaml" and f"引用它的 1 个事项暂不发布：{ONLINE_ITEM}" in count.message
    assert report.catalogue.proofs == []
    held = {h.source: h.problems for h in report.held_back}
    assert "登记有错误" in held[ONLINE_ITEM][0].message


def test_every_number_in_the_model_has_an_upper_bound():
    """Numbers are published (份数, 时限, 跑动次数): none may be unbounded."""
    import inspect
    import typing

    from pydantic import BaseModel

    from generator import config
    from generator.checks import model, model_registries, model_types

    def is_int(annotation) -> bool:
        return annotation is int or any(is_int(a) for a in typing.get_args(annotation))

    classes = [c for module in (model, model_registries, model_types, config) for _, c in inspect.getmembers(module, inspect.isclass)
               if issubclass(c, BaseModel) and c.__module__ == module.__name__]
    numbers = [(c.__name__, name, f) for c in classes for name, f in c.model_fields.items() if is_int(f.annotation)]
    assert len(numbers) >= 10
    unbounded = [(c, name) for c, name, f in numbers if not any(getattr(m, "le", None) is not None for m in f.metadata)]
    assert unbounded == []
