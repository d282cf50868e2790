"""The model of the shared registries under ``content/``: departments,
offices (with their opening hours), proofs, taxonomies, life events and
search synonyms.

Re-exported by ``model.py``, which stays the one module to import from; the
same conventions hold (``title`` = Chinese element name, ``description`` = a
hint, unknown is not a default).
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import Field, RootModel, StringConstraints

from generator.checks.model_types import CloseTime, Id, ItemKey, Line, MonthDay, Phone, Strict, Text, Time, Url, Weekday

# A reviewer in CODEOWNERS: @user, @org/team (GitLab: @group/subgroup), or an e-mail.
REVIEWER_PATTERN = r"^(@[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9._-]+)*|[^@\s]+@[^@\s]+\.[^@\s]+)$"


class Department(Strict):
    id: Id = Field(title="部门编号", description="同时是 items/ 下的文件夹名")
    name: Line = Field(title="部门名称")
    codes: list[Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{2}$")]] = Field(
        default_factory=list, title="部门类别代码",
        description="基本编码第 5-6 位的部门类别代码（两位）。同类部门各级共用一个代码；一个部门可以有几个")
    credit_code: Optional[str] = Field(None, title="统一社会信用代码")
    kind: Optional[Literal["department", "institution", "intermediary", "utility"]] = Field(
        None, title="机构类别",
        description="department = 政府部门，institution = 事业单位，intermediary = 中介机构，utility = 公用企业")
    phone: Optional[Phone] = Field(None, title="咨询电话")
    url: Optional[Url] = Field(None, title="网站")
    address: Optional[Line] = Field(None, title="地址")
    # Who reviews changes to the department's items (CODEOWNERS, written by
    # `python -m generator codeowners`): GitHub/GitLab users, teams, e-mails.
    reviewers: list[Annotated[str, StringConstraints(pattern=REVIEWER_PATTERN)]] = Field(
        default_factory=list, title="审核人",
        description="审核本部门事项改动的人：代码托管平台的用户名或团队，前加 @（如 @zhang-san、@shifan-city/gongan），或电子邮箱")


class OpeningHours(Strict):
    """Hours on some weekdays, as offices keep them: ``open`` to ``close``
    (HH:MM, 24-hour clock).  ``close`` "24:00" = until midnight, so 00:00 to
    24:00 is round the clock; a ``close`` earlier than ``open`` runs past
    midnight (20:00 to 02:00 ends the next morning).  Split shifts are two
    entries for the same days (08:30-12:00 and 14:00-17:30).  Seasonal hours
    name the season and its first and last day of each year (``from_date``,
    ``to_date``, MM-DD, both days included; 10-01 to 04-30 spans the new
    year); entries without dates hold all year.  Rules: open and close differ;
    a season has both dates, and they exist; ``items``, when given, limits
the entry to those items (e.g. Saturday hours for some kinds of business
only) and each must be in the catalogue (checks/rules_registries.py)."""
    days: list[Weekday] = Field(title="星期", min_length=1)
    open: Time = Field(title="开始时间", description="24 小时制，如 08:30")
    close: CloseTime = Field(
        title="结束时间",
        description="如 17:30；营业到午夜写 24:00（00:00 至 24:00 即 24 小时）；早于开始时间表示到次日，如 20:00 至 02:00")
    note: Optional[Line] = Field(None, title="说明", description="如 延时服务、午间不休")
    season: Optional[Line] = Field(None, title="季节/时段", description="如 夏季、冬季；与 from_date、to_date 一起写")
    from_date: Optional[MonthDay] = Field(None, title="起始日期", description="每年的月-日，如 05-01")
    to_date: Optional[MonthDay] = Field(
        None, title="截止日期", description="每年的月-日，如 09-30（当天包括在内）；可跨年，如 10-01 至 04-30")
    items: Optional[list[ItemKey]] = Field(
        None, title="只办理的事项", min_length=1,
        description="这段时间只办理这些事项时填写（事项文件名，不含 .yaml，通常是编码）；不写 = 所有事项都办理。"
                    "如周六只办理户籍、社保业务，列出这些事项，其他事项的页面就不会显示周六办公")


class Office(Strict):
    id: Id = Field(title="办理地点编号")
    name: Optional[Line] = Field(None, title="办理地点名称", description="不写时页面显示地址")
    level: Optional[Id] = Field(None, title="层级", description="content/taxonomies.yaml 中 levels 的 id")
    address: Line = Field(title="地址")
    phone: Optional[Phone] = Field(None, title="电话")
    hours: Optional[list[OpeningHours]] = Field(None, title="办公时间", min_length=1)
    hours_text: Optional[Text] = Field(
        None, title="办公时间（原文）", description="来源只有文字说明、拆不成每周时间表时，照录原文")
    holidays: Optional[Literal["closed", "open", "duty"]] = Field(
        None, title="节假日安排", description="closed = 法定节假日休息，open = 照常办公，duty = 值班受理")
    holiday_note: Optional[Line] = Field(None, title="节假日说明")
    transport: Optional[Line] = Field(None, title="交通指引")
    parent: Optional[Id] = Field(None, title="上级办理地点")


class Proof(Strict):
    id: Id = Field(title="证明编号")
    name: Line = Field(title="证明名称")
    aliases: list[Line] = Field(
        default_factory=list, title="别名",
        description="同一证明在各事项中的其他写法，如 收入证明、单位开具的收入证明表；写了这些名称的材料即是本证明")
    issuer: Line = Field(title="开具单位")
    basis: Line = Field(title="设定依据")
    commitment_allowed: bool = Field(False, title="可告知承诺")


class Term(Strict):
    id: Id = Field(title="编号")
    name: Line = Field(title="名称")
    code: Optional[Annotated[str, StringConstraints(pattern=r"^[0-9]{1,2}$")]] = Field(None, title="代码")
    codes: list[Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")]] = Field(
        default_factory=list, title="编码中的类型代码", description="事项类型在基本编码第 3-4 位的代码")
    audience: Optional[Id] = Field(None, title="面向对象", description="主题分类所属的服务对象")
    description: Optional[Line] = Field(None, title="说明")


class Taxonomies(Strict):
    item_types: list[Term] = Field(title="事项类型", min_length=1)
    audiences: list[Term] = Field(title="服务对象", min_length=1)
    industries: list[Term] = Field(title="服务行业", default_factory=list)  # an export may state none (county trial 1)
    service_types: list[Term] = Field(title="服务类型", default_factory=list)
    topics: list[Term] = Field(title="主题分类", default_factory=list)
    levels: list[Term] = Field(title="行使层级", min_length=1)


class BundleStep(Strict):
    name: Line = Field(title="步骤名称")
    mode: Literal["and", "or"] = Field(
        "and", title="组合方式", description="and = 这些事项都要办，or = 任选其一")
    optional: bool = Field(False, title="可选步骤")
    items: list[ItemKey] = Field(title="事项", min_length=1, description="事项的文件名（不含 .yaml），通常是编码")
    note: Optional[Line] = Field(None, title="说明")


class Baseline(Strict):
    """What the journey took before the bundle, for the "fewer trips" figures
    (0-1000 materials, 0-1000 visits, 0-3650 days)."""
    materials: int = Field(ge=0, le=1000, title="材料数")
    visits: int = Field(ge=0, le=1000, title="跑动次数")
    days: int = Field(ge=0, le=3650, title="办理天数")


class LifeEvent(Strict):
    id: Id = Field(title="一件事编号")
    name: Line = Field(title="一件事名称")
    audience: Id = Field(title="服务对象")
    summary: Text = Field(title="简介")
    lead_department: Id = Field(title="牵头部门")
    single_form_url: Optional[Url] = Field(None, title="一表申请地址")
    aliases: list[Line] = Field(default_factory=list, title="俗称/关键词")
    before: Optional[Baseline] = Field(None, title="改革前", description="分别办理各事项时的材料数、跑动次数和天数")
    steps: list[BundleStep] = Field(title="步骤", min_length=1)


class SynonymGroup(RootModel[Annotated[list[Line], Field(min_length=2, title="同义词组")]]):
    """Words a searcher means the same by (content/synonyms.yaml), e.g. 驾照 and 机动车驾驶证."""
