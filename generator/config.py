"""The catalogue's settings: the one block a county edits to make the site its own.

They live in ``mkdocs.yml`` under the ``catalogue`` plugin, so one file holds
every region-specific setting.  The command-line tools read the same block.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phone: Optional[str] = None
    hotline: Optional[str] = Field(None, description="如 12345 政务服务便民热线")
    address: Optional[str] = None
    email: Optional[str] = None


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
