"""Simplified -> traditional conversion of items and texts for the 繁體版
(generator/outputs/editions.py, issue 19): known conversions, protected terms
kept, identities and "not stated" untouched."""

from __future__ import annotations

import pytest

from generator.checks.model import Item
from generator.checks.problems import ProblemsFound
from generator.outputs.editions import CONFIG, ProtectedTerm, Traditional, load_protected_terms
from generator.sources.load import load_file
from tests.mini_catalogue import DEMO, ITEM, MINI


@pytest.fixture(scope="module")
def conv() -> Traditional:
    return Traditional([ProtectedTerm(term="于小发"), ProtectedTerm(term="示范市恒信测绘有限公司"),
                        ProtectedTerm(term="发改价格", traditional="發改價格〔官方〕")])


@pytest.mark.parametrize("simplified, traditional", [
    ("居民身份证", "居民身份證"),
    ("本市常住户口", "本市常住戶口"),
    ("头发", "頭髮"), ("理发店", "理髮店"), ("发展", "發展"), ("签发", "簽發"),  # 发 by phrase
    ("后来", "後來"), ("皇后", "皇后"), ("干部", "幹部"), ("干燥", "乾燥"),
    ("复印件", "複印件"),  # Mainland vocabulary kept (s2twp would write 影印件)
    ("打印告知单", "打印告知單"),  # ... and 打印, not 列印
    ("群众", "群眾"),  # modern forms, not s2t's 羣衆
])
def test_known_conversions(conv, simplified, traditional):
    assert conv.text(simplified) == traditional


def test_config_is_mainland_vocabulary_with_standard_forms():
    assert CONFIG == "s2tw"


def test_protected_terms_kept_or_written_as_listed(conv):
    assert conv.text("委托于小发办理") == "委託于小发辦理"  # verbatim: not 於小發
    assert conv.text("示范市恒信测绘有限公司出具") == "示范市恒信测绘有限公司出具"
    assert conv.text("发改价格〔2003〕") == "發改價格〔官方〕〔2003〕"
    # Without the list the same texts are converted character by character.
    assert Traditional().text("委托于小发办理") == "委託於小發辦理"


def test_many_texts_in_one_call_keep_their_boundaries(conv):
    texts = ["头", "发", "", "第一行\n第二行", "示范市恒信测绘有限公司"]
    assert conv.texts(texts) == ["頭", "發", "", "第一行\n第二行", "示范市恒信测绘有限公司"]
    # A source text that already holds a private-use character still converts.
    assert conv.texts(["\U000F0000头发", "于小发"]) == ["\U000F0000頭髮", "于小发"]


def test_data_converts_values_not_keys(conv):
    data = {"名称": "身份证", "list": ["户口", 3, None, True], "code": "发"}
    assert conv.data(data, skip=frozenset({"code"})) == {"名称": "身份證", "list": ["戶口", 3, None, True],
                                                          "code": "发"}


def test_item_converted_identities_and_unstated_kept(conv):
    data = load_file(MINI / ITEM, positions=False).data
    data["local_code"] = "示范-发-001"
    data["en"] = {"name": "First application for a resident ID card"}
    item = Item.model_validate(data)
    out = conv.item(item)
    assert out.name == "居民身份證首次申領"
    assert "戶口" in out.conditions[0]
    assert out.materials[0].name == "居民戶口簿"
    assert out.legal_basis[0].law == "《中華人民共和國居民身份證法》"
    assert out.code == item.code and out.local_code == "示范-发-001"
    assert out.en == item.en
    assert out.model_fields_set == item.model_fields_set  # not stated stays not stated
    assert out.quantity_limit is None and item.quantity_limit is None


def test_phone_extension_converted_stays_a_valid_phone(conv):
    # 转 becomes 轉 in the zh-Hant edition; the model must still accept the converted item
    # (the 20,000-row import bench failed with an internal error on 0001-88010326轉6).
    data = load_file(MINI / ITEM, positions=False).data
    data["consultation"] = {"phone": ["0999-11000001转6", "0999-11000002分机12"]}
    out = conv.item(Item.model_validate(data))
    assert out.consultation.phone == ["0999-11000001轉6", "0999-11000002分機12"]


def test_repository_list_loads():
    terms = load_protected_terms(DEMO / "content", DEMO)
    assert terms and all(t.term for t in terms)


def test_bad_list_is_a_located_message(tmp_path):
    (tmp_path / "editions").mkdir()
    (tmp_path / "editions" / "protected-terms.yaml").write_text("terms:\n  - word: 台州\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as exc:
        load_protected_terms(tmp_path, tmp_path)
    problems = exc.value.problems
    assert all(p.file == "editions/protected-terms.yaml" and p.line == 2 for p in problems)
    assert any("term" in p.message and "缺少" in p.message for p in problems)  # the Chinese message names the key
    assert any("word" in p.message for p in problems)  # ... and the unknown one


def test_the_list_is_a_known_content_file():
    from generator.sources.files import survey
    assert not [p for p in survey(DEMO) if "protected-terms" in p.file]


def test_no_list_protects_nothing(tmp_path):
    assert load_protected_terms(tmp_path) == []


def test_check_reports_a_bad_list_with_the_registries(tmp_path):
    from tests.mini_catalogue import check, copy_mini
    root = copy_mini(tmp_path)
    (root / "content" / "editions").mkdir()
    (root / "content" / "editions" / "protected-terms.yaml").write_text(
        "terms:\n  - term: 示范\n  - term: \"\"\n", encoding="utf-8")
    [problem] = [p for p in check(root) if p.is_error]
    assert (problem.file, problem.line) == ("content/editions/protected-terms.yaml", 3)


def test_bench_measures_the_mini_catalogue(tmp_path):
    from devtools.bench_editions import measure
    from tests.mini_catalogue import copy_mini
    r = measure(copy_mini(tmp_path))
    assert 0 < r["changed_items"] <= r["items"]  # names like 居民身份证 change
    assert r["items_seconds"] > 0 and r["texts_seconds"] > 0
