"""The catalogue's settings: the one block a county edits to make the site its own.

They live in ``mkdocs.yml`` under the ``catalogue`` plugin, so one file holds
every region-specific setting.  The command-line tools read the same block.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal, Optional, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from generator.checks.model import Line, Phone, Text
from generator.checks.texts import link
from generator.messages import known_languages, language_code
from generator.outputs.edition_texts import EDITIONS

# Links the theme prints as they are: only these schemes, judged as a browser
# reads them (checks/texts.py; "JaVaScRiPt:", " javascript:" and "&#106;…" refused).
WebLink = Annotated[str, link("http", "https")]
FeedbackLink = Annotated[str, link("http", "https", "mailto")]


def _language(value: str) -> str:
    """A language with a locale file (``zh``; also written ``zh-CN``, ``zh_Hans``).
    Refused (``config_language``), not replaced by zh in silence: a path or an
    unknown code would otherwise name the file the messages are read from."""
    if language_code(value) not in known_languages():
        raise PydanticCustomError("config_language", "no locale file for {value}",
                                  {"allowed": "、".join(known_languages())})
    return value


# A folder of the project, written relative to it: never the project itself,
# a path out of it (absolute, "..") or a name no file system takes.
_FOLDER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}(/[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}){0,3}/?")


def _folder(value: str) -> str:
    if not _FOLDER.fullmatch(value) or ".." in value.split("/"):
        raise PydanticCustomError("config_folder", "not a folder of the project: {value}", {})
    return value


def _project_file(value: str) -> str:
    if not _FOLDER.fullmatch(value) or value.endswith("/") or ".." in value.split("/"):
        raise PydanticCustomError("config_file", "not a file of the project: {value}", {})
    return value


def _edition(value: str) -> str:
    """One of the editions the generator can build (outputs/edition_texts.py
    EDITIONS), written exactly so: it names a path and a locale."""
    if value not in EDITIONS:
        raise PydanticCustomError("config_edition", "no edition {value}", {"allowed": "、".join(EDITIONS)})
    return value


Language = Annotated[str, AfterValidator(_language)]
Edition = Annotated[str, AfterValidator(_edition)]
Folder = Annotated[str, AfterValidator(_folder)]
ProjectFile = Annotated[str, AfterValidator(_project_file)]


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phone: Optional[Phone] = Field(None, title="联系电话")
    hotline: Optional[Phone] = Field(None, title="服务热线", description="如 12345 政务服务便民热线")
    address: Optional[Line] = Field(None, title="地址")
    email: Optional[Line] = Field(None, title="电子邮箱")


class CodeFormat(BaseModel):
    """A province's own layout of the implementation code (实施编码): a regular
    expression whose named groups ``basic`` (基本编码) and ``credit`` (统一社会信用代码,
    18 characters) are checked when present; a group ``other`` holds what some
    records write where the credit code goes (an organisation code: accepted; a
    placeholder such as 1111111111: a warning, checks/codes.py).  ``example``:
    one code of the layout, shown when a code fits no format (county trial 3,
    F4).  Refused: a pattern that is no regular expression
    (``config_code_pattern``), an example it does not fit (``config_code_example``)."""
    model_config = ConfigDict(extra="forbid")
    name: str = Field(title="编码格式名称")
    pattern: str = Field(title="编码格式正则表达式")
    example: Optional[str] = Field(None, title="编码示例", description="一个符合这种格式的实施编码，检查时列出")

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise PydanticCustomError("config_code_pattern", "not a regular expression: {error}",
                                      {"error": str(exc)}) from None
        return value

    @field_validator("example")
    @classmethod
    def _fits(cls, value: Optional[str], info: ValidationInfo) -> Optional[str]:
        pattern = info.data.get("pattern")
        if value is not None and pattern and not re.fullmatch(pattern, value):
            raise PydanticCustomError("config_code_example", "example does not fit the pattern",
                                      {"name": info.data.get("name") or ""})
        return value


class Codes(BaseModel):
    """How this catalogue's codes are laid out (ELEMENTS.md, "Item codes"):
    configuration, because provinces differ."""
    model_config = ConfigDict(extra="forbid")
    basic_layout: Literal["national", "free"] = Field(
        "national", title="基本编码格式", description="national = 12 位 来源/类型/部门类别/主项/子项；free = 不按段检查")
    implementation_formats: list[Union[Literal["national"], CodeFormat]] = Field(
        default_factory=lambda: ["national"], title="实施编码格式",
        description="接受的实施编码格式：national = 31/33 位全国格式；或 {name, pattern, example}（各省的格式，照 README 复制）")


# Elements named in `publish`: item keys, "a.b" for a key inside an element
# ("materials.form": the form of each material), and two derived ones:
# "identity" (an official code: basic, implementation or local code) and
# "way_to_apply" (a channel, an office or an online address).
DEFAULT_REQUIRED = ["name", "implementing_body", "way_to_apply"]
DEFAULT_EXPECTED = [
    "identity", "item_type", "summary", "legal_basis", "levels", "audiences", "industries", "service_types",
    "conditions", "materials", "materials.necessity", "materials.applies_when", "materials.form",
    "materials.copies", "materials.source", "steps", "time_limits.promised", "fees", "fees.items", "fees.basis",
    "channels", "channels.online_url", "visits", "visit_reason", "offices", "offices.hours", "offices.phone",
    "consultation", "complaint", "result", "result.name", "result.delivery", "cancelled_date", "reviewed",
]


class Publish(BaseModel):
    """What an item needs to be published at all (``required``: without one
    the item is held back and listed), and which missing elements are gaps
    (``expected``: the item is published, the section says 信息待补充 and the
    gap is listed on the data-quality page)."""
    model_config = ConfigDict(extra="forbid")
    required: list[str] = Field(default_factory=lambda: list(DEFAULT_REQUIRED), title="发布必备要素")
    expected: list[str] = Field(default_factory=lambda: list(DEFAULT_EXPECTED), title="应填要素")
    review_days: int = Field(365, ge=1, le=3650, title="核验周期（天）",
                             description="超过这么多天未核验的事项列入数据质量页；1 至 3650")


class OpenData(BaseModel):
    """The licence of the open-data downloads (开放数据).  No default: a
    catalogue that does not configure one publishes its data with the licence
    "not stated", never with a licence nobody chose."""
    model_config = ConfigDict(extra="forbid")
    licence: Optional[str] = Field(None, title="许可协议", description="许可协议名称或 SPDX 标识，如 CC-BY-4.0")
    licence_url: Optional[str] = Field(None, title="许可协议地址", description="许可协议全文地址")


class Home(BaseModel):
    """The home page: example queries under its search box and the order of
    its life events.  Nothing here has a default taken from the data: without
    examples the box shows none, and life events not named keep the order
    of their files after the ones named."""
    model_config = ConfigDict(extra="forbid")
    search_examples: list[Line] = Field(default_factory=list, title="搜索示例",
                                        description="首页搜索框下的示例搜索词，如 身份证、开饭店")
    life_events: list[str] = Field(default_factory=list, title="一件事顺序",
                                   description="首页“一件事”的顺序：一件事的 id（content/life-events/ 下的文件名）；未列出的排在后面")


class RatingFields(BaseModel):
    """The names of the form fields the rating endpoint expects."""
    model_config = ConfigDict(extra="forbid")
    item: str = Field("code", pattern=r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$", title="事项编码字段名")
    name: str = Field("name", pattern=r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$", title="事项名称字段名")
    grade: str = Field("grade", pattern=r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$", title="评价等级字段名")
    comment: str = Field("comment", pattern=r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$", title="评价意见字段名")


class Ratings(BaseModel):
    """好差评: where an item page's rating form is sent, and the CSV export of
    the ratings received (sources/ratings.py: item code, counts by grade,
    period), shown on item and statistics pages.  Without an endpoint the
    page offers the hotline and e-mail of ``contact`` instead of a form."""
    model_config = ConfigDict(extra="forbid")
    endpoint: Optional[WebLink] = Field(None, title="评价提交地址",
                                        description="好差评系统或表单服务接收评价的地址；https:// 或 http://")
    method: Literal["post", "get"] = Field("post", title="提交方式", description="post 或 get")
    fields: RatingFields = Field(default_factory=RatingFields, title="提交字段名")
    grades: dict[Literal["good", "average", "poor"], str] = Field(
        default_factory=lambda: {"good": "good", "average": "average", "poor": "poor"}, title="评价等级取值",
        description="提交的等级取值，如 {good: \"5\", average: \"3\", poor: \"1\"}")
    data: Optional[ProjectFile] = Field(None, title="评价数据文件",
                                   description="好差评系统导出的 CSV 文件，本项目里的相对路径，如 content/ratings.csv")


# The numbers as the registers issue them (京ICP备12345678号-1, 京公网安备 11010502000001号),
# with the register's own words; anything around them (a prefix, a note) is allowed.
_ICP = re.compile(r"ICP备\d{6,}号")
_POLICE = re.compile(r"公网安备\s*\d{10,}号")


def _icp(value: str) -> str:
    if not _ICP.search(value):
        raise PydanticCustomError("config_icp", "not an ICP filing number: {value}", {})
    return value


def _police(value: str) -> str:
    if not _POLICE.search(value):
        raise PydanticCustomError("config_police", "not a public-security filing number: {value}", {})
    return value


class Filing(BaseModel):
    """The registration numbers a website in mainland China shows in its
    footer: ICP 备案 (MIIT, linked to beian.miit.gov.cn) and 公安备案 (the
    Ministry of Public Security's, linked to its record page).  No default:
    a number nobody configured is never shown."""
    model_config = ConfigDict(extra="forbid")
    icp: Optional[Annotated[Line, AfterValidator(_icp)]] = Field(None, title="ICP 备案号", description="如 京ICP备12345678号-1")
    icp_url: Optional[WebLink] = Field(None, title="ICP 备案链接", description="通常是 https://beian.miit.gov.cn/")
    police: Optional[Annotated[Line, AfterValidator(_police)]] = Field(None, title="公安备案号",
                                                                      description="如 京公网安备 11010502000001号")
    police_url: Optional[WebLink] = Field(None, title="公安备案链接",
                                          description="全国互联网安全管理服务平台上本站的备案信息地址")


class Editor(BaseModel):
    """The web editor for clerks (Decap CMS under ``admin/``, generator/site/editor.py):
    the git host it saves to.  Not configured: no editor page is published and
    "编辑此事项" follows ``edit_url``.  Keys as Decap's ``backend`` block
    (https://decapcms.org/docs/backends-overview/)."""
    model_config = ConfigDict(extra="forbid")
    backend: Literal["github", "gitlab", "gitea"] = Field(title="代码托管平台", description="github、gitlab 或 gitea")
    repo: str = Field(pattern=r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$", title="仓库",
                      description="所有者/仓库名，如 shifan-city/catalogue")
    branch: str = Field("main", pattern=r"^[A-Za-z0-9_./-]{1,100}$", title="分支")
    base_url: Optional[WebLink] = Field(None, title="登录服务地址",
                                        description="OAuth 登录服务的地址（自建 GitLab/Gitea 或 GitHub 登录代理）")
    api_root: Optional[WebLink] = Field(None, title="接口地址",
                                        description="自建平台的 API 地址，如 https://git.example.gov.cn/api/v1")
    auth_type: Optional[Literal["pkce", "implicit"]] = Field(None, title="登录方式",
                                                            description="GitLab/Gitea 的 OAuth 方式，如 pkce")
    app_id: Optional[str] = Field(None, pattern=r"^[A-Za-z0-9_-]{1,200}$", title="OAuth 应用编号")
    local_port: int = Field(8081, ge=1024, le=65535, title="本机编辑服务端口",
                            description="在本机打开编辑页时连接的本地服务（python -m devtools.decap_proxy）的端口")


class Settings(BaseModel):
    """Options of the ``catalogue`` plugin in mkdocs.yml."""

    model_config = ConfigDict(extra="forbid")

    # Unknown is not a default: no region or publisher of any other catalogue
    # (the demo city's) stands in for a county's own.  ``region`` is required
    # (checks/config_block.py reports it at mkdocs.yml); without ``publisher``
    # the footer and the open data leave it out and the data-quality page lists it.
    region: Line = Field(title="地区名称", description="地区名称，显示在页面标题和页脚，如 临江县")
    publisher: Optional[Line] = Field(
        None, title="发布机关", description="发布机关，显示在页脚和开放数据中，如 临江县人民政府办公室；不写时不显示")
    language: Language = Field("zh", title="目录语言", description="目录语言：界面文字和检查信息")
    editions: Optional[list[Edition]] = Field(
        None, title="网站版本", min_length=1,
        description="生成哪些版本：zh（简体）、zh-Hant（繁体，构建时由简体转换）、en（英文界面，事项有英文内容时显示英文）；"
                    "不写时只生成目录语言的版本（docs/editions.md）")
    province_code: Optional[str] = Field(None, title="本省代码", description="本省两位代码；设置后检查本地事项编码的前两位")
    sample_data: bool = Field(False, title="示例数据", description="true 时每页标明“示例数据”")
    items_dir: Folder = Field("items", title="事项文件夹")
    content_dir: Folder = Field("content", title="内容文件夹")
    edit_url: Optional[WebLink] = Field(None, title="编辑链接", description="“编辑此事项”链接的前缀，后接 items/… 路径；https:// 或 http://")
    editor: Optional[Editor] = Field(None, title="网页编辑器",
                                     description="设置后网站 admin/ 下发布网页编辑器，“编辑此事项”打开编辑器（README“Editing in the browser”）")
    feedback_url: Optional[FeedbackLink] = Field(
        None, title="意见反馈链接", description="“意见反馈”链接；可含 {code} 和 {name}（代入时按网址规则编码），如 mailto:… 或 问题跟踪地址")
    contact: Contact = Field(default_factory=Contact, title="联系方式")
    footer: Optional[Text] = Field(None, title="页脚文字", description="页脚附加文字；按原文显示，不解释 HTML")
    filing: Filing = Field(default_factory=Filing, title="备案信息", description="页脚显示的 ICP 备案号和公安备案号")
    logo: Optional[str] = Field(None, title="标志图片")
    most_used: list[str] = Field(default_factory=list, title="常用事项",
                                 description="首页“常用事项”的事项编码；不填时首页不列常用事项（导入了好差评数据时列出评价最多的事项）")
    max_item_bytes: int = Field(256 * 1024, ge=1024, le=4 * 1024 * 1024, title="事项文件大小上限（字节）",
                                description="1024 至 4194304（4 MB）；最大的真实事项约 15 KB")
    precompress: list[Literal["gzip", "brotli"]] = Field(
        default_factory=lambda: ["gzip"], title="预压缩副本",
        description="构建时在每个 1 KB 以上的文本文件旁写哪些压缩副本：gzip（.gz，nginx gzip_static 等都能直接发送）、"
                    "brotli（.br，只有配置了 brotli_static 等的服务器才发送，构建更慢）；[] 不写副本；"
                    "不写时为 [gzip]（README“Deploy”）")
    codes: Codes = Field(default_factory=Codes, title="编码规则")
    publish: Publish = Field(default_factory=Publish, title="发布条件")
    open_data: OpenData = Field(default_factory=OpenData, title="开放数据")
    base_catalogue: Optional[ProjectFile] = Field(
        None, title="基本目录文件",
        description="上级基本目录的开放数据导出（catalogue.json）在本项目中的路径，如 base/catalogue.json；"
                    "事项写 extends: 编码 即继承其中的事项（README“Inheriting items from a base catalogue”）")
    base_reviewed: ProjectFile = Field(
        "base-reviewed.json", title="基本目录确认记录",
        description="本地已核对过的基本目录事项（python -m generator base-accept 写入）；基本目录变更后须重新确认")
    home: Home = Field(default_factory=Home, title="首页")
    ratings: Ratings = Field(default_factory=Ratings, title="好差评")

    @field_validator("editions")
    @classmethod
    def _editions_with_language(cls, value: Optional[list[str]], info: ValidationInfo) -> Optional[list[str]]:
        """``editions`` names each edition once and includes the catalogue's
        own language (the edition the data is written in; the others derive
        from it).  Refused with ``config_edition_twice`` / ``config_edition_base``."""
        if value is None:
            return value
        twice = [e for e in value if value.count(e) > 1]
        if twice:
            raise PydanticCustomError("config_edition_twice", "edition {edition} twice", {"edition": twice[0]})
        base = language_code(info.data.get("language") or "zh")
        if base and base not in value:
            raise PydanticCustomError("config_edition_base", "editions without {language}",
                                      {"language": base, "editions": "、".join(value)})
        return value

    def built_editions(self) -> list[str]:
        """The editions to build, the catalogue's own first: ``["zh"]`` when
        ``editions`` is not set (what a catalogue built before issue 19)."""
        base = language_code(self.language)
        return [base] + [e for e in (self.editions or ()) if e != base]


def read_settings(root: Path, config_file: str = "mkdocs.yml") -> Settings:
    """Settings from the catalogue plugin block of mkdocs.yml.

    Raises ``ProblemsFound`` (``checks/problems.py``) with a file:line message
    for each mistake in the block (``checks/config_block.py``), and when the
    file or the block is absent (``region`` is required: no default)."""
    from generator.checks.config_block import read_block, settings_from  # they validate with the classes above
    return read_block(root, config_file) or settings_from({}, config_file)


# The demo city, a complete catalogue of its own (issue 18): what the commands
# work on in the upstream repository, whose top level holds no catalogue.
DEMO_CATALOGUE = Path(__file__).resolve().parent.parent / "examples" / "demo-city"
CATALOGUE_VARIABLE = "CATALOGUE"
# A county's catalogue in its fork.  Upstream reserves this folder for forks
# and never creates it: its git history holds nothing there, so the history
# check (sources/history.py reads <catalogue>/items) sees only the county's
# own commits.  The top level is not such a folder: the demo city's items
# lived in items/ until commit 8ce9441, and a fork that used ./items would
# inherit them as "removed without being cancelled".
FORK_CATALOGUE = "catalogue"


def default_root(here: Path | None = None, environ: dict | None = None) -> Path:
    """The folder of the catalogue the commands work on when ``--root`` is not
    given (the rule the Makefile's ``CATALOGUE`` follows too):

    1. ``$CATALOGUE`` when set and not empty (relative to the current folder);
    2. else ``here/catalogue`` (``here``: default the current folder) when it
       holds ``mkdocs.yml``: where a county's fork keeps its catalogue
       (FORK_CATALOGUE, a folder upstream never creates);
    3. else ``here`` when it holds ``mkdocs.yml`` (kept for forks made before
       ``catalogue/``; not recommended: the project's own history has the demo
       city's items in ``items/``, which the history check would read as the
       county's);
    4. else the demo city, ``examples/demo-city`` of the repository holding
       this package.

    Returns the folder as given or found (not checked further: a folder
    without mkdocs.yml is reported by the command that reads it)."""
    import os

    environ = os.environ if environ is None else environ
    chosen = environ.get(CATALOGUE_VARIABLE, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    here = Path.cwd() if here is None else here
    for folder in (here / FORK_CATALOGUE, here):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return DEMO_CATALOGUE
