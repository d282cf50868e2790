"""The catalogue's settings: the one block a county edits to make the site its own.

They live in ``mkdocs.yml`` under the ``catalogue`` plugin, so one file holds
every region-specific setting.  The command-line tools read the same block.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Optional, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phone: Optional[str] = None
    hotline: Optional[str] = Field(None, description="如 12345 政务服务便民热线")
    address: Optional[str] = None
    email: Optional[str] = None


class CodeFormat(BaseModel):
    """A province's own layout of the implementation code (实施编码): a regular
    expression whose named groups ``basic`` (基本编码), ``credit`` (统一社会信用代码)
    and ``level`` (行使层级) are checked when present."""
    model_config = ConfigDict(extra="forbid")
    name: str
    pattern: str


class Codes(BaseModel):
    """How this catalogue's codes are laid out (ELEMENTS.md, "Item codes"):
    configuration, because provinces differ."""
    model_config = ConfigDict(extra="forbid")
    basic_layout: Literal["national", "free"] = Field(
        "national", description="national = 12 位 来源/类型/部门类别/主项/子项；free = 不按段检查")
    implementation_formats: list[Union[Literal["national"], CodeFormat]] = Field(
        default_factory=lambda: ["national"],
        description="接受的实施编码格式：national = 31/33 位全国格式；或 {name, pattern} 正则")


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
    required: list[str] = Field(default_factory=lambda: list(DEFAULT_REQUIRED))
    expected: list[str] = Field(default_factory=lambda: list(DEFAULT_EXPECTED))
    review_days: int = Field(365, ge=1, description="超过这么多天未核验的事项列入数据质量页")


class Settings(BaseModel):
    """Options of the ``catalogue`` plugin in mkdocs.yml."""

    model_config = ConfigDict(extra="forbid")

    region: str = Field("示范市", description="地区名称，显示在页面标题和页脚")
    publisher: str = Field("示范市人民政府办公室", description="发布机关")
    language: str = Field("zh", description="目录语言：界面文字和检查信息")
    province_code: Optional[str] = Field(None, description="本省两位代码；设置后检查本地事项编码的前两位")
    sample_data: bool = Field(False, description="true 时每页标明“示例数据”")
    items_dir: str = "items"
    content_dir: str = "content"
    edit_url: Optional[str] = Field(None, description="“编辑此事项”链接的前缀，后接 items/… 路径")
    feedback_url: Optional[str] = Field(
        None, description="“意见反馈”链接；可含 {code} 和 {name}，如 mailto:… 或 问题跟踪地址")
    contact: Contact = Field(default_factory=Contact)
    footer: Optional[str] = Field(None, description="页脚附加文字，如 备案号")
    logo: Optional[str] = None
    most_used: list[str] = Field(default_factory=list, description="首页“常用事项”的编码")
    max_item_bytes: int = 256 * 1024
    codes: Codes = Field(default_factory=Codes)
    publish: Publish = Field(default_factory=Publish)


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !ENV or !!python/name: read them as null."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(root: Path, config_file: str = "mkdocs.yml") -> Settings:
    """Settings from the catalogue plugin block of mkdocs.yml (defaults if absent)."""
    path = root / config_file
    if not path.exists():
        return Settings()
    with open(path, encoding="utf-8") as f:
        data = yaml.load(f, Loader=_TolerantLoader) or {}
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and "catalogue" in plugin:
            return Settings(**(plugin["catalogue"] or {}))
    return Settings()
