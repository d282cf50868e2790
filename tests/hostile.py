"""Hostile text in every text field of the model, for the safe-rendering gate.

``make_hostile(root)`` rewrites every item and registry file of a catalogue
copy so that each value of a free-text field of the model (``Line`` and
``Text`` in generator/checks/model.py, found by looking at the model, not by a list
kept here) ends in a numbered marker and the hostile ``PAYLOAD``:

    居民身份证首次申领⟦7⟧<script>alert(1)</script><img src=x onerror=alert(1)>"]; x [label="{ onmouseover=alert(1) style=position:fixed;inset:0 }

The marker lets a test find each value on a built page and check that the
payload follows it literally: shown as text, not run as markup.  Fields that
the mini catalogue leaves empty are filled first by ``EVERY_FIELD_ITEM`` and
``fill_registries``, and ``make_hostile`` fails if the model has a text field
that received no payload, so a new field is covered as soon as it is added.
Link fields hold ``LINK`` (entity-like text a valid link can still carry).

``hostile_config(root, markers, NAV)`` does the same for the text options of
the ``catalogue`` block in mkdocs.yml (footer, publisher, region, address),
makes the feedback link carry the item name, and lists a generated page of
each registry kind in the nav: those pages are written by MkDocs from
Markdown, where attr_list would turn the trailing ``{ … }`` into attributes.
"""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path

import yaml
from pydantic import BaseModel, StringConstraints

from generator.checks import model

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
DOT = '"]; x [label="'
# Markdown's attr_list makes a trailing "{ … }" of a heading into its attributes.
ATTRS = "{ onmouseover=alert(1) style=position:fixed;inset:0 }"
PAYLOAD = SCRIPT + IMG + DOT + ATTRS
MARKER = re.compile(r"⟦(\d+)⟧")
# Every link field of the model that the site shows holds this address: what
# a valid link can still carry (entity-like text, braces, quotes encoded).
# It must reach each href exactly as written.
LINK = "https://example.gov.cn/a?b=1&lt;script&gt;&#106;avascript:{name}&c=%22#top"
LINK_FIELDS = {  # file -> YAML paths of link fields that get LINK
    "content/departments.yaml": [(0, "url")],
    "content/life-events/*.yaml": [("single_form_url",)],
}
# Text options of the `catalogue` block in mkdocs.yml, printed by the theme on every page.
CONFIG_TEXTS = [("region",), ("publisher",), ("footer",), ("contact", "address"), ("filing", "icp"), ("filing", "police")]
# The hostile site's nav: a generated page of each kind whose title is a
# registry name (department, office, life event, taxonomy term).
NAV = ["index.md", "departments/index.md", "departments/public-security/index.md",
       "offices/city-service-centre/index.md", "life-events/id-and-allowance/index.md",
       "topics/household/index.md", "audiences/individual/index.md", "industries/public_security/index.md",
       "service-types/issuance/index.md", "levels/city/index.md", "all/index.md"]

# What each data file holds.
FILES: list[tuple[str, typing.Any]] = [
    ("content/departments.yaml", list[model.Department]),
    ("content/offices.yaml", list[model.Office]),
    ("content/proofs.yaml", list[model.Proof]),
    ("content/taxonomies.yaml", model.Taxonomies),
    ("content/life-events/*.yaml", model.LifeEvent),
    ("items/**/*.yaml", model.Item),
]

# A third item with every optional element the mini catalogue leaves out.
EVERY_FIELD_CODE = "992002002000"
EVERY_FIELD_ITEM = f"""\
code: "{EVERY_FIELD_CODE}"
local_code: 本地-002
name: 困难群众临时救助申请
source_id: SRC-0001
aliases: [临时救助]
item_type: public_service
status: suspended
suspended_date: 2026-01-01
status_reason: 系统升级期间暂停受理。
variants:
  - {{id: first, name: 首次申请, description: 第一次申请临时救助, conditions: [本年度未申请过]}}
legal_basis:
  - law: 《测试市临时救助办法》
    document_number: 测政发〔2026〕1号
    article: 第五条
    text: 遭遇突发困难的家庭可以申请临时救助。
levels: [city]
implementing_body:
  name: 测试市民政局
entrusted_department: 测试市街道办事处
summary: 因突发事件导致基本生活暂时困难的家庭申请临时救助。
audiences: [individual]
industries: [civil_affairs]
service_types: [subsidy]
conditions:
  - 具有本市户籍
quantity_limit: 每户每年不超过两次
materials:
  - name: 临时救助申请表
    necessity: situational
    applies_when: 由本人申请时
    variants: [first]
    paper_size: A4
    source_note: 在窗口领取
    basis: 《测试市临时救助办法》第六条
    common_mistakes: [漏填家庭成员]
    instructions: 用黑色签字笔填写。
    blank_form: "{LINK}"
    sample: "{LINK}"
    acceptance_standard: 信息填写完整。
    signature: 申请人签名
steps:
  - id: apply
    name: 申请
    actor: 窗口工作人员
    time_limit: {{value: 1, unit: working_days, note: 当场受理}}
    standard: 材料齐全。
    result: 受理通知书
    branches:
      - {{when: 材料不齐全, to: reject}}
  - {{id: decide, name: 审批, variants: [first]}}
  - {{id: reject, name: 不予受理, end: true}}
special_procedures:
  - name: 入户调查
    time_limit: {{value: 5, unit: working_days, note: 不计入办理时限}}
    note: 工作人员上门核实。
time_limits:
  statutory: {{value: 20, unit: working_days, note: 法定时限说明}}
  promised: {{value: 10, unit: working_days, note: 承诺时限说明}}
fees:
  charged: true
  items:
    - name: 工本费
      standard: 每份 1 元
      basis: 《测试市收费文件》（测价〔2026〕1号）
      reduction_allowed: true
      reduction_basis: 低保家庭免收
      variants: [first]
channels:
  forms: [window, online]
  online_url: "{LINK}"
  mobile_url: "{LINK}"
  appointment: true
  appointment_url: "{LINK}"
visits: 2
visit_reason: 需本人到场签字确认。
offices:
  - {{office: city-service-centre, window: 5 号窗口, note: 上午办理, hours_text: 工作日上午}}
consultation:
  phone: ["0999-12345"]
  address: 测试市民主路 100 号
  note: 也可在网上留言
  url: "{LINK}"
complaint:
  phone: ["12345"]
  address: 测试市民主路 200 号
  note: 也可写信投诉
result:
  type: other
  name: 临时救助金
  sample: "{LINK}"
  validity: 一次有效
faq:
  - {{question: 多久到账？, answer: 审批后五个工作日内。}}
en:
  name: Temporary assistance
  summary: Help for households in sudden hardship.
  conditions: [Registered residence in the city]
  materials:
    - {{name: Application form, instructions: Fill in every box., common_mistakes: [Unsigned form]}}
  steps:
    - {{id: apply, name: Apply, standard: Complete materials., result: Acceptance notice}}
  faq:
    - question: When is it paid
      answer: Within five working days.
reviewed: 2026-10-01
maintainer: 社会救助科
source_url: "{LINK}"
"""


def fill_registries(root: Path) -> None:
    """Give the mini registries the optional text fields they leave out."""
    content = root / "content"
    path = content / "departments.yaml"
    departments = yaml.safe_load(path.read_text(encoding="utf-8"))
    departments[0]["address"] = "测试市民主路 1 号"
    path.write_text(yaml.safe_dump(departments, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = content / "offices.yaml"
    offices = yaml.safe_load(path.read_text(encoding="utf-8"))
    offices[0].update(holiday_note="春节另行公告", transport="地铁 1 号线市民中心站", hours_text="工作日办公")
    offices[0]["hours"][0]["note"] = "午间不休"
    offices[0]["hours"].append({"days": ["sat"], "open": "09:00", "close": "12:00", "season": "夏季",
                                "from_date": "05-01", "to_date": "09-30"})
    path.write_text(yaml.safe_dump(offices, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = content / "proofs.yaml"
    proofs = yaml.safe_load(path.read_text(encoding="utf-8"))
    proofs[0]["aliases"] = ["无犯罪证明"]
    path.write_text(yaml.safe_dump(proofs, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = content / "taxonomies.yaml"
    terms = yaml.safe_load(path.read_text(encoding="utf-8"))
    for group in terms.values():
        group[0]["description"] = "分类说明"
    path.write_text(yaml.safe_dump(terms, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in sorted((content / "life-events").glob("*.yaml")):
        event = yaml.safe_load(path.read_text(encoding="utf-8"))
        event.setdefault("aliases", ["一次办好"])
        event["steps"][0].setdefault("note", "先办这一步")
        path.write_text(yaml.safe_dump(event, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --- the model's text fields ------------------------------------------------------
def _is_text(annotation: typing.Any) -> bool:
    """``Line`` or ``Text`` (free text), not codes, ids, URLs or phones."""
    if typing.get_origin(annotation) is not typing.Annotated:
        return False
    base, *meta = typing.get_args(annotation)
    return base is str and any(isinstance(m, StringConstraints) and m.pattern in (model.LINE_PATTERN, model.TEXT_PATTERN)
                               and m.max_length in (200, 5000) for m in meta)


def _field_type(field) -> typing.Any:
    return typing.Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation


def _walk(annotation, data, path: str, visit) -> None:
    """Call ``visit(path, container, key)`` for each free-text value in ``data``."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        _walk(typing.get_args(annotation)[0], data, path, visit)
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                _walk(arg, data, path, visit)
    elif origin is list and isinstance(data, list):
        (inner,) = typing.get_args(annotation)
        for i, value in enumerate(data):
            if _is_text(inner):
                if isinstance(value, str):
                    visit(path + "[]", data, i)
            else:
                _walk(inner, value, path + "[]", visit)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(data, dict):
        for name, field in annotation.model_fields.items():
            kind, value = _field_type(field), data.get(name)
            if isinstance(value, str) and text_fields(kind, "") == {""}:  # Line, Optional[Line]
                visit(f"{path}.{name}", data, name)
            elif value is not None:
                _walk(kind, value, f"{path}.{name}", visit)


def text_fields(annotation: typing.Any, path: str = "") -> set[str]:
    """Every free-text field path of a model, e.g. ``Item.materials[].name``."""
    if _is_text(annotation):
        return {path}
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return text_fields(typing.get_args(annotation)[0], path)
    if origin in (typing.Union, types.UnionType):
        return set().union(*(text_fields(a, path) for a in typing.get_args(annotation)))
    if origin is list:
        return text_fields(typing.get_args(annotation)[0], path + "[]")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return set().union(*(text_fields(_field_type(f), f"{path}.{name}")
                             for name, f in annotation.model_fields.items()))
    return set()


def _name(annotation) -> str:
    return (typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else annotation).__name__


def _set_links(root: Path) -> None:
    for pattern, paths in LINK_FIELDS.items():
        for path in sorted(root.glob(pattern)):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for keys in paths:
                node = data
                for key in keys[:-1]:
                    node = node[key]
                node[keys[-1]] = LINK
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def hostile_config(root: Path, markers: dict[int, str], nav: list[str]) -> None:
    """The ``catalogue`` block of ``root``'s mkdocs.yml with a marker and
    ``PAYLOAD`` in every text option (``CONFIG_TEXTS``, recorded in
    ``markers`` as ``Settings.<path>``), a feedback link that puts the item
    name into a mail subject, and a nav listing ``nav``: generated pages in
    the nav are the ones MkDocs writes from Markdown."""
    path = root / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    options = next(p["catalogue"] for p in config["plugins"] if isinstance(p, dict) and "catalogue" in p)
    # Every edition (issue 19): the en: texts are shown only on the English pages,
    # and the traditional pages convert the hostile texts too.
    options["editions"] = ["zh", "zh-Hant", "en"]
    # The 备案 numbers must hold a number (config.py): the payload follows a valid one.
    options.setdefault("filing", {"icp": "示ICP备00000000号", "police": "示公网安备 99000002000001号"})
    for keys in CONFIG_TEXTS:
        node = options
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        number = len(markers) + 1
        markers[number] = "Settings." + ".".join(keys)
        node[keys[-1]] = f"{node.get(keys[-1]) or '文字'}⟦{number}⟧{PAYLOAD}"
    options["feedback_url"] = "mailto:catalogue@example.gov.cn?subject={name}&body={code}"
    config["nav"] = nav
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def make_hostile(root: Path) -> dict[int, str]:
    """Append a marker and ``PAYLOAD`` to every free-text value of every data
    file under ``root``.  Returns {marker number: field path}."""
    (root / "items" / "civil-affairs" / f"{EVERY_FIELD_CODE}.yaml").write_text(EVERY_FIELD_ITEM, encoding="utf-8")
    fill_registries(root)
    _set_links(root)
    markers: dict[int, str] = {}
    wanted: set[str] = set()
    for pattern, annotation in FILES:
        name = _name(annotation)
        wanted |= text_fields(annotation, name)
        for path in sorted(root.glob(pattern)):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))

            def visit(field: str, container, key) -> None:
                number = len(markers) + 1
                markers[number] = field
                container[key] = f"{container[key]}⟦{number}⟧{PAYLOAD}"

            _walk(annotation, data, name, visit)
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    missing = wanted - set(markers.values())
    assert not missing, f"no hostile value for these text fields of the model: {sorted(missing)}"
    return markers
