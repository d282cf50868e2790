"""The typed model of a service item and of the shared registries.

This module is the single source of truth for what an item file may hold.
Validation (``validate.py``), the JSON Schema for editors (``schema.py``) and
the field reference page are all derived from these classes.

Every field carries ``title`` = the Chinese element name used in the national
implementation list and ``description`` = a hint for editors.  Enumerated
values are short English ids; their Chinese labels live in the locale file
(``generator/locales/<lang>.yaml``) so the catalogue language stays config.

Unknown is not a default: an element a file leaves out is *not stated*
(``None``), never filled with a plausible value.  Only a handful of keys
have defaults, and only where the default prints nothing (a facilitation
mark that is absent is simply not shown).  Which elements an item needs to
be published at all, and which missing ones are gaps, is configuration
(``checks/gaps.py``, ``publish`` in mkdocs.yml), not the model's business.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Optional

from pydantic import BeforeValidator, Field, StringConstraints

# The small types and the registries live in their own modules; everything is
# importable from here.
from generator.checks.model_types import (  # noqa: F401
    CLOSE_PATTERN, EMAIL_PATTERN, ID_PATTERN, ITEM_KEY_PATTERN, LINE_PATTERN, MONTH_DAY_PATTERN, PHONE_PATTERN,
    TEXT_PATTERN, TIME_PATTERN, URL_PATTERN, BasicCode, CloseTime, Id, ItemKey, Line, MonthDay, Phone, Strict, Text,
    Time, Url, Weekday, _not_bool_or_fraction)
from generator.checks.model_registries import (  # noqa: F401
    Baseline, BundleStep, Department, LifeEvent, Office, OpeningHours, Proof, SynonymGroup, Taxonomies, Term)
from generator.checks.model_english import EnglishTexts  # the en: block (issue 19)

# --- parts of an item -----------------------------------------------------

class LegalBasis(Strict):
    kind: Optional[Literal["setting", "implementing"]] = Field(
        None, title="依据类别",
        description="setting = 设定依据（设立该事项的法律），implementing = 实施依据")
    law: Line = Field(title="法律法规名称", description="如《中华人民共和国居民身份证法》")
    document_number: Optional[Line] = Field(None, title="文号", description="如 主席令第51号")
    article: Optional[Line] = Field(None, title="条款号", description="如 第八条")
    text: Optional[Text] = Field(None, title="条款内容", description="条款原文")
    url: Optional[Url] = Field(None, title="原文链接")


class ImplementingBody(Strict):
    name: Line = Field(title="实施主体名称")
    credit_code: Optional[str] = Field(
        None, title="统一社会信用代码", description="18 位，最后一位为校验码（GB 32100-2015）")
    nature: Optional[Literal["statutory", "authorized", "entrusted"]] = Field(
        None, title="实施主体性质",
        description="statutory = 法定机关，authorized = 授权组织，entrusted = 受委托组织")


class Variant(Strict):
    id: Id = Field(title="情形编号", description="英文小写，如 first、renew、replace")
    name: Line = Field(title="办理情形", description="如 首次申领、换领、补领")
    description: Optional[Text] = Field(None, title="情形说明")
    conditions: list[Text] = Field(
        default_factory=list, title="本情形的受理条件",
        description="只对本情形适用的条件；对各情形都适用的条件写在 conditions 中")


class Material(Strict):
    name: Line = Field(title="材料名称", description="写出具体材料，不得写“其他材料”“等相关材料”")
    necessity: Optional[Literal["required", "deferrable", "situational"]] = Field(
        None, title="必要性",
        description="required = 必要，deferrable = 容缺（可后补），situational = 按情形提供")
    applies_when: Optional[Line] = Field(
        None, title="适用情形", description="必要性为 situational 时必填，写明何种情况下需要")
    variants: list[Id] = Field(
        default_factory=list, title="适用办理情形", description="只在这些办理情形（variants 的 id）下需要")
    form: Optional[Literal["paper", "electronic", "paper_or_electronic", "paper_and_electronic"]] = Field(
        None, title="材料形式",
        description="paper = 纸质，electronic = 电子，paper_or_electronic = 纸质或电子，paper_and_electronic = 纸质和电子")
    original: Optional[Literal["original", "copy", "original_and_copy", "original_shown"]] = Field(
        None, title="原件/复印件",
        description="original = 原件，copy = 复印件，original_and_copy = 原件和复印件，original_shown = 原件（核验后退回）")
    copies: Optional[int] = Field(None, ge=0, le=50, title="份数")
    original_count: Optional[int] = Field(None, ge=0, le=50, title="原件份数", description="原件和复印件份数不同时分别填写")
    copy_count: Optional[int] = Field(None, ge=0, le=50, title="复印件份数")
    paper_size: Optional[Line] = Field(None, title="纸张规格", description="如 A4")
    source: Optional[Literal["applicant", "government", "shared"]] = Field(
        None, title="来源渠道",
        description="applicant = 申请人自备，government = 政府部门核发，shared = 共享获取（无需申请人提交）")
    source_note: Optional[Line] = Field(None, title="来源说明", description="如 由公安机关出具")
    proof: Optional[Id] = Field(
        None, title="证明材料编号", description="材料属于证明时，填写证明材料清单（content/proofs.yaml）中的 id")
    basis: Optional[Line] = Field(None, title="要求提供材料的依据")
    blank_form: Optional[Url] = Field(None, title="空白表格", description="下载地址")
    sample: Optional[Url] = Field(None, title="示例样表/示范文本", description="填写示例的地址")
    common_mistakes: list[Line] = Field(default_factory=list, title="常见错误示例")
    instructions: Optional[Text] = Field(None, title="填报须知")
    acceptance_standard: Optional[Text] = Field(None, title="受理标准")
    signature: Optional[Line] = Field(None, title="签名签章要求", description="如 加盖公章")
    commitment_allowed: bool = Field(False, title="是否可告知承诺", description="可用书面承诺代替该材料")


class Duration(Strict):
    """A time limit: 0-3650 (ten years) of ``unit``."""
    value: int = Field(0, ge=0, le=3650, title="时限数值")
    unit: Literal["working_days", "calendar_days", "immediate"] = Field(
        title="时限单位", description="working_days = 工作日，calendar_days = 自然日，immediate = 即办")
    note: Optional[Line] = Field(None, title="时限说明")


class Branch(Strict):
    when: Line = Field(title="分支条件", description="如 材料不齐全")
    to: Id = Field(title="转到环节", description="另一个环节的 id")


class Step(Strict):
    id: Id = Field(title="环节编号", description="英文小写，如 apply、accept、review")
    name: Line = Field(title="环节名称", description="如 申请、受理、审查、决定、送达")
    actor: Optional[Line] = Field(None, title="办理人员/岗位", description="如 窗口工作人员")
    time_limit: Optional[Duration] = Field(None, title="环节时限")
    standard: Optional[Text] = Field(None, title="审查标准")
    result: Optional[Text] = Field(None, title="环节结果")
    branches: list[Branch] = Field(default_factory=list, title="分支", description="如 材料不齐全 → 补正材料")
    next: Optional[Id] = Field(None, title="下一环节", description="默认为列表中的下一个环节；写 id 可改到其他环节")
    end: bool = Field(False, title="终止环节", description="true 表示流程在此结束（如 不予受理），不接续下一环节")
    variants: list[Id] = Field(
        default_factory=list, title="适用办理情形", description="只在这些办理情形（variants 的 id）下有本环节；不写表示各情形都有")


class SpecialProcedure(Strict):
    name: Line = Field(title="特别程序名称", description="如 听证、专家评审、现场勘查")
    time_limit: Optional[Duration] = Field(None, title="特别程序时限")
    note: Optional[Text] = Field(None, title="说明")


class TimeLimits(Strict):
    statutory: Optional[Duration] = Field(
        None, title="法定办结时限", description="法律没有规定时限的（许多公共服务）不填")
    promised: Optional[Duration] = Field(None, title="承诺办结时限")


class FeeItem(Strict):
    name: Line = Field(title="收费项目")
    standard: Line = Field(title="收费标准", description="如 每证 20 元")
    basis: Optional[Line] = Field(None, title="收费依据", description="收费文件名称和文号")
    reduction_allowed: bool = Field(False, title="是否允许减免")
    reduction_basis: Optional[Line] = Field(None, title="减免依据")
    variants: list[Id] = Field(
        default_factory=list, title="适用办理情形", description="只在这些办理情形（variants 的 id）下收取；不写表示各情形都收")


class Fees(Strict):
    charged: bool = Field(title="是否收费")
    items: list[FeeItem] = Field(default_factory=list, title="收费项目")


class Channels(Strict):
    forms: list[Literal["window", "online", "self_service", "mail"]] = Field(
        title="办理形式", min_length=1,
        description="window = 窗口办理，online = 网上办理，self_service = 自助终端，mail = 邮寄办理")
    online_url: Optional[Url] = Field(None, title="网上办理地址（电脑）")
    mobile_url: Optional[Url] = Field(None, title="网上办理地址（手机）")
    online_depth: Optional[Annotated[Literal[1, 2, 3, 4], BeforeValidator(_not_bool_or_fraction)]] = Field(
        None, title="网上办理深度",
        description="1 = 信息公开，2 = 在线预审，3 = 在线受理，4 = 全程网办")
    appointment: bool = Field(False, title="是否支持预约办理")
    appointment_url: Optional[Url] = Field(None, title="预约地址", description="网上预约的页面")
    online_payment: bool = Field(False, title="是否支持网上支付")
    delivery: bool = Field(False, title="是否支持物流快递")
    scope: Optional[Literal["local", "city", "province", "national"]] = Field(
        None, title="通办范围",
        description="local = 本窗口，city = 全市通办，province = 全省通办，national = 跨省通办")


class Facilitation(Strict):
    commitment: bool = Field(False, title="告知承诺制")
    one_id_card: bool = Field(False, title="一证通办", description="只需身份证即可办理")
    one_network: bool = Field(False, title="一网通办")
    instant: bool = Field(False, title="智能秒办")


class OfficeRef(Strict):
    office: Id = Field(title="办理地点", description="content/offices.yaml 中的 id")
    window: Optional[Line] = Field(None, title="窗口", description="如 3 号至 6 号窗口")
    note: Optional[Line] = Field(None, title="说明")
    hours_text: Optional[Text] = Field(
        None, title="办理时间", description="本事项在该地点的办理时间，按来源原文；与地点的办公时间不同时填写")


class Contact(Strict):
    phone: list[Phone] = Field(default_factory=list, title="电话")
    address: Optional[Line] = Field(None, title="地址")
    url: Optional[Url] = Field(None, title="网址")
    email: Optional[Annotated[str, StringConstraints(pattern=EMAIL_PATTERN)]] = Field(
        None, title="电子邮箱")
    note: Optional[Text] = Field(None, title="其他说明", description="无法拆分成电话、地址的原文")


class Result(Strict):
    type: Optional[Literal["certificate", "approval", "other"]] = Field(
        None, title="结果类型", description="certificate = 证照，approval = 批文，other = 其他")
    name: Optional[Line] = Field(None, title="结果名称")
    sample: Optional[Url] = Field(None, title="结果样本")
    validity: Optional[Line] = Field(None, title="有效期", description="如 10 年；长期有效写 长期")
    delivery: Optional[list[Literal["window", "mail", "electronic"]]] = Field(
        None, title="送达方式",
        description="window = 窗口领取，mail = 邮寄送达，electronic = 电子送达")


class Faq(Strict):
    question: Line = Field(title="问题")
    answer: Text = Field(title="解答")


# --- the item -------------------------------------------------------------

class Item(Strict):
    """One service item (服务事项). One YAML file under items/<department>/.

    The file name (without .yaml) is the item's key in the catalogue and the
    folder of its page: one of its codes (implementation code, local code,
    basic code), its ``slug`` or its ``source_id``.  Every element but the
    name may be left out: it is then shown as not stated (a gap)."""

    # Identity
    code: Optional[BasicCode] = Field(
        None, title="基本编码",
        description="常见为 12 位：来源(2) 类型(2) 部门类别(2) 主项(3) 子项(3)；有子项的主项最后一位写 Y。"
                    "同一基本编码可由多个实施主体共用。用引号括起来")
    implementation_code: Optional[str] = Field(
        None, title="实施编码",
        description="目录内唯一。全国格式 31 或 33 位：统一社会信用代码(18) + 行使层级(1) + 基本编码(12) [+ 业务办理项(2)]；"
                    "各省格式见 mkdocs.yml 的 codes 设置")
    local_code: Optional[Line] = Field(None, title="地方编码")
    source_id: Optional[Line] = Field(
        None, title="来源系统编号", description="导入时来源平台中的编号；没有正式编码时作为事项的标识（列为待补充）")
    source_url: Optional[Url] = Field(None, title="来源地址", description="来源平台上本事项的页面")
    slug: Optional[Id] = Field(None, title="短名", description="可选的英文短名；文件名可用短名代替编码")
    extends: Optional[ItemKey] = Field(
        None, title="继承的基本目录事项",
        description="基本目录（mkdocs.yml 的 base_catalogue）中事项的文件名（key）、实施编码或基本编码；"
                    "本文件只写本地要素，其余来自基本目录。用引号括起来")
    name: Line = Field(title="事项名称")
    aliases: list[Line] = Field(
        default_factory=list, title="俗称/关键词", description="群众常用的说法，如 办身份证、换驾照")
    item_type: Optional[Id] = Field(None, title="事项类型", description="content/taxonomies.yaml 中 item_types 的 id")
    status: Literal["in_use", "suspended", "cancelled"] = Field(
        "in_use", title="事项状态", description="in_use = 在用，suspended = 暂停，cancelled = 取消")
    version: Optional[int] = Field(None, ge=1, le=9999, title="事项版本")
    effective_date: Optional[dt.date] = Field(
        None, title="生效日期", description="设立本事项的法律法规的生效日期；应在其后 20 个工作日内登记发布")
    cancelled_date: Optional[dt.date] = Field(None, title="取消日期")
    suspended_date: Optional[dt.date] = Field(None, title="暂停日期")
    status_reason: Optional[Text] = Field(
        None, title="取消或暂停原因", description="事项取消或暂停时必填，如 依据某决定取消")
    replaced_by: Optional[ItemKey] = Field(
        None, title="替代事项", description="取消或暂停后可改办的事项的文件名（不含 .yaml）")
    grouping: bool = Field(
        False, title="仅作分组的主项", description="true 表示本主项只是子项的分组，没有自己的办事指南")
    main_item: Optional[ItemKey] = Field(
        None, title="所属主项", description="子项所属主项的文件名（不含 .yaml）；基本编码已能看出主项时可不填")
    variants: list[Variant] = Field(default_factory=list, title="办理情形", description="如 首次申领、换领、补领")

    # Authority
    legal_basis: Optional[list[LegalBasis]] = Field(None, title="设定依据和实施依据", min_length=1)
    power_source: Optional[Literal["statutory", "delegated", "entrusted"]] = Field(
        None, title="权力来源", description="statutory = 法定本级行使，delegated = 上级下放，entrusted = 上级委托")
    levels: Optional[list[Id]] = Field(
        None, title="行使层级", min_length=1, description="content/taxonomies.yaml 中 levels 的 id")
    implementing_body: Optional[ImplementingBody] = Field(None, title="实施主体")
    entrusted_department: Optional[Line] = Field(None, title="委托部门")
    joint_departments: list[Id] = Field(default_factory=list, title="联办机构", description="content/departments.yaml 中的 id")

    # Who and what
    summary: Optional[Text] = Field(None, title="主要内容", description="用一两句话说清这件事是什么、谁可以办")
    audiences: Optional[list[Id]] = Field(
        None, title="服务对象", min_length=1, description="content/taxonomies.yaml 中 audiences 的 id")
    industries: Optional[list[Id]] = Field(
        None, title="服务行业", min_length=1, description="content/taxonomies.yaml 中 industries 的 id")
    service_types: Optional[list[Id]] = Field(
        None, title="服务类型", min_length=1, description="content/taxonomies.yaml 中 service_types 的 id")
    topics: list[Id] = Field(default_factory=list, title="主题分类", description="content/taxonomies.yaml 中 topics 的 id")

    conditions: Optional[list[Text]] = Field(
        None, title="受理条件", min_length=1, description="逐条列出，每条一个条件（可以是法规原文）")
    quantity_limit: Optional[Line] = Field(None, title="数量限制")
    materials: Optional[list[Material]] = Field(
        None, title="申请材料", description="不需要任何材料时写 []；不写表示未注明")

    steps: Optional[list[Step]] = Field(None, title="办理流程", min_length=1)
    special_procedures: list[SpecialProcedure] = Field(default_factory=list, title="特别程序")
    time_limits: Optional[TimeLimits] = Field(None, title="办理时限")
    handling_type: Optional[Literal["immediate", "promised"]] = Field(
        None, title="办件类型", description="immediate = 即办件，promised = 承诺件")
    fees: Optional[Fees] = Field(None, title="收费")
    channels: Optional[Channels] = Field(None, title="办理渠道")
    visits: Optional[int] = Field(None, title="到办事现场次数", ge=0, le=20)
    visit_reason: Optional[Text] = Field(None, title="需现场办理原因", description="到现场超过 1 次时必填（负面清单）")
    facilitation: Facilitation = Field(default_factory=Facilitation, title="便利化措施")

    offices: Optional[list[OfficeRef]] = Field(
        None, title="办理地点", description="只能网上办理时写 []；不写表示未注明")
    consultation: Optional[Contact] = Field(None, title="咨询方式")
    complaint: Optional[Contact] = Field(None, title="监督投诉方式")

    result: Optional[Result] = Field(None, title="办理结果")
    faq: list[Faq] = Field(default_factory=list, title="常见问题")
    en: Optional[EnglishTexts] = Field(
        None, title="英文内容", description="英文版网站用的名称、主要内容、条件、材料、流程和常见问题；没有的部分显示中文")

    # Maintenance
    reviewed: Optional[dt.date] = Field(None, title="最近核验日期", description="格式 2026-01-31")
    maintainer: Optional[Line] = Field(None, title="责任编辑", description="负责维护本事项的处室或人员")
