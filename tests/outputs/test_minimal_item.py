"""Unknown is not a default (issue 11): an item with only what ``publish.required``
asks for, built with the production theme by a real ``mkdocs build --strict``,
shows no value that no file states: no "原件，纸质 / 1 份 / 申请人自备", no
"法定节假日休息", no "窗口领取", no "不收费" ... Every element it leaves out
is said to be not stated, with a phone to ask: these items leave out most of
them, so the page says so in one box at the top (outputs/sparse.py; the
per-section boxes: tests/outputs/test_sparse_item_page.py).

The forbidden texts are the display labels of every enumerated value the old
model defaulted (read from generator/locales/zh.yaml, so a label added there is
covered) and the sentences the templates print for a stated value ("不收费。",
"无需提交材料。").  A positive control checks that the same texts are found on
the mini catalogue's full item, which states them: the search sees the page.
"""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
import yaml

from generator.messages import labels, page_texts
from mini_catalogue import ITEM, copy_mini, mkdocs_build, site_config

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")

DEPARTMENT_PHONE = "0999-11000001"   # tests/fixtures/mini/content/departments.yaml, public-security
HOTLINE_KEY = ("contact", "hotline")  # the catalogue's hotline: the fallback when nobody else has a phone

# name, implementing_body and a way to apply (publish.required), and the file
# name: a slug (the key must be a code, a slug or a source id).  By mail: an
# item handled only at a window that names no office is a warning (clerk
# trial 16, #40), which the strict build would stop at.
BARE = """\
slug: bare-item
name: 最少信息测试事项
implementing_body:
  name: 测试市公安局
channels:
  forms: [mail]
"""
# Stated, but as bare as each element can be: a material with only its name,
# an office with only an address, a result with only its name.
SPARSE = """\
slug: sparse-item
name: 稀疏信息测试事项
source_url: https://zwfw.example.gov.cn/guide/sparse-item
implementing_body:
  name: 测试市公安局
materials:
  - name: 居民身份证
offices:
  - office: address-only
result:
  name: 受理回执
"""
# A department without a phone: the gap box offers the catalogue's hotline.
NO_PHONE = """\
slug: no-phone-item
name: 部门无电话测试事项
implementing_body:
  name: 测试市民政局
channels:
  forms: [mail]
"""
# Named: an office without a name is a warning since county trial 2 (the build is strict);
# an unnamed office's pages: tests/outputs/test_unnamed_office.py.
ADDRESS_ONLY_OFFICE = "- id: address-only\n  name: 河西路办事点\n  address: 测试市河西路 8 号\n"

# Label groups of elements the old model filled in when the file said nothing.
DEFAULTED_GROUPS = ("necessity", "form", "original", "source", "scope", "type", "delivery", "holidays", "nature",
                    "power_source", "online_depth", "status", "facilitation", "days", "unit")
# Sentences printed for a stated value (page texts in zh.yaml).
STATED_SENTENCES = ("free", "free_sentence", "all_free", "no_materials", "no_offices", "weekend_open",
                    "weekend_closed")
# The texts issue 11 names, literally (also covered by the labels above).
ISSUE_TEXTS = ("申请人自备", "1 份", "原件", "纸质", "法定节假日休息", "窗口领取")


def forbidden_texts() -> list[str]:
    texts = set(ISSUE_TEXTS) | {"法定节假日", "实施依据：", "设定依据：", "零跑动", "最多跑一次", "需跑"}
    for group in DEFAULTED_GROUPS:
        texts |= {str(value) for value in labels(group).values()}
    page = page_texts()
    texts |= {page[key].strip("。") for key in STATED_SENTENCES}
    return sorted(texts)


def article(html: str) -> str:
    """The article as text (the theme's navigation lists every page title)."""
    m = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', html, re.S)
    assert m, "no article in page"
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", m.group(1))))


def shown(text: str) -> list[str]:
    found = [t for t in forbidden_texts() if t in text]
    if re.search(r"\d\s*份", text):
        found.append("<n> 份")
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_mini(tmp_path_factory.mktemp("minimal"))
    site_config(root)
    folder = root / "items" / "public-security"
    (folder / "bare-item.yaml").write_text(BARE, encoding="utf-8")
    (folder / "sparse-item.yaml").write_text(SPARSE, encoding="utf-8")
    (root / "items" / "civil-affairs" / "no-phone-item.yaml").write_text(NO_PHONE, encoding="utf-8")
    with open(root / "content" / "offices.yaml", "a", encoding="utf-8") as f:
        f.write(ADDRESS_ONLY_OFFICE)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "暂不发布" not in result.stdout + result.stderr  # the minimum is enough to publish
    return root / "site"


def page(site: Path, path: str) -> str:
    file = site / path / "index.html"
    assert file.is_file(), f"{path} was not built"
    return file.read_text(encoding="utf-8")


def test_forbidden_texts_cover_the_issue_and_the_old_defaults():
    texts = forbidden_texts()
    for text in ISSUE_TEXTS + ("必要", "本窗口办理", "法定机关", "不收费", "无需提交材料", "周末休息"):
        assert text in texts


@pytest.mark.parametrize("key", ["bare-item", "sparse-item", "no-phone-item"])
def test_minimal_item_page_shows_no_default_text(site, key):
    text = article(page(site, f"items/{key}"))
    assert shown(text) == [], text


def test_office_with_only_an_address_shows_no_hours_or_holidays(site):
    text = article(page(site, "offices/address-only"))
    assert "测试市河西路 8 号" in text
    assert shown(text) == [], text


def lead_box(html: str) -> str:
    boxes = re.findall(r'<div class="osc-gap osc-gap--lead" role="note"[^>]*>(.*?)</div>', html, re.S)
    assert len(boxes) == 1, boxes
    return boxes[0]


def test_bare_item_says_what_is_not_stated_and_whom_to_ask(site):
    html = page(site, "items/bare-item")
    box = lead_box(html)
    assert "信息待补充" in box and f'href="tel:{DEPARTMENT_PHONE}"' in box
    # Every element it leaves out: summary, conditions, materials, steps, time,
    # fees, result, consultation, complaint, legal basis (by mail: no office needed).
    texts = page_texts()
    missing = re.sub(r"<[^>]+>", "", box.split('osc-gap__missing">', 1)[1])
    for element in ("summary", "conditions", "materials", "steps", "time", "fees", "result", "consultation",
                    "complaint", "legal_basis"):
        assert texts[f"lead_el_{element}"] in missing, element
    assert "申请材料" in missing and "办理结果" in missing and "收费" in missing and "办理地点" not in missing
    assert not re.findall(r'<div class="osc-gap" role="note">', html)  # one box, not one per element
    text = article(html)
    # What it does state is shown as stated.
    assert "最少信息测试事项" in text and "邮寄办理" in text and "测试市公安局" in text
    # Said from the forms it states: by mail is not "online" (the page said 网上即可办理).
    assert "无需到现场，邮寄办理即可" in text and "网上" not in text


def test_sparse_item_marks_each_unstated_detail(site):
    text = article(page(site, "items/sparse-item"))
    assert "居民身份证 是否必须提交未注明 未注明 未注明 未注明" in text  # requirement, copies, source
    assert "受理回执。送达方式未注明。" in text
    assert "办公时间未注明" in text


def test_gap_box_points_to_the_source_platform_page_when_the_item_names_one(site):
    html = page(site, "items/sparse-item")
    assert '<a href="https://zwfw.example.gov.cn/guide/sparse-item" rel="nofollow">查看来源平台上的办事指南</a>' in lead_box(html)
    # A detail of what it states (its office's hours) keeps its own box, with the same link.
    boxes = re.findall(r'<div class="osc-gap" role="note">(.*?)</div>', html, re.S)
    assert boxes and all('href="https://zwfw.example.gov.cn/guide/sparse-item"' in box for box in boxes)
    assert "来源平台" not in lead_box(page(site, "items/bare-item"))


def test_gap_box_falls_back_to_the_catalogue_hotline(site):
    config = yaml.safe_load((site.parent / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p["catalogue"] for p in config["plugins"] if isinstance(p, dict) and "catalogue" in p)
    hotline = options[HOTLINE_KEY[0]][HOTLINE_KEY[1]]
    box = lead_box(page(site, "items/no-phone-item"))
    assert f'href="tel:{hotline}"' in box and "服务热线" in box


def test_positive_control_a_full_item_shows_the_texts_it_states(site):
    """The mini catalogue's ID-card item states its materials' form, copies
    and source, its fees and its office's hours: the same search finds them,
    so an empty result above is not a blind search."""
    key = Path(ITEM).stem
    found = shown(article(page(site, f"items/{key}")))
    assert {"原件", "纸质", "<n> 份", "申请人自备", "法定节假日休息", "周一"} <= set(found), found
