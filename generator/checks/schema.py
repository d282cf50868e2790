"""Editor support derived from the model: the JSON Schema of an item file
(for completion and inline errors in VS Code's YAML extension) and the field
reference page.  Both come from ``generator.checks.model.Item`` only, so they can
not drift from what ``check`` accepts.

    python -m generator schema     # rewrite generator/schema/item.schema.json
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from pathlib import Path
from typing import Any, Literal

from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.checks import model
from generator.config import read_settings
from generator.messages import labels, set_language

SCHEMA_FILE = Path(__file__).parent.parent / "schema" / "item.schema.json"

_PATTERN_NAMES = {
    model.LINE_PATTERN: "一行文字",
    model.TEXT_PATTERN: "一段文字",
    model.ID_PATTERN: "编号（小写英文字母、数字、- 和 _）",
    model.URL_PATTERN: "网址（https:// 或 http:// 开头）",
    model.PHONE_PATTERN: "电话（数字、空格、括号、+ 和 -）",
    model.TIME_PATTERN: "时间（HH:MM，24 小时制）",
    model.CLOSE_PATTERN: "时间（HH:MM，24 小时制；午夜写 24:00）",
    model.MONTH_DAY_PATTERN: "每年的月-日（MM-DD，如 05-01）",
    model.EMAIL_PATTERN: "电子邮箱",
}


# --- JSON Schema ----------------------------------------------------------

def _label_enums(node: Any, key: str | None = None) -> None:
    """Add Chinese labels of enumerated values (from the locale file) to every
    ``enum`` in the schema, as the descriptions VS Code shows in completion."""
    if isinstance(node, dict):
        if "enum" in node and key:
            names = labels(key)
            if names:
                texts = [f"{v}：{names[v]}" if v in names else str(v) for v in node["enum"]]
                node["enumDescriptions"] = texts
                node["markdownEnumDescriptions"] = texts
        for child_key, child in node.items():
            if child_key == "properties":
                for name, prop in child.items():
                    _label_enums(prop, name)
            elif child_key in ("items", "anyOf", "oneOf", "allOf"):
                _label_enums(child, key)
            elif child_key == "$defs":
                for definition in child.values():
                    _label_enums(definition)
    elif isinstance(node, list):
        for child in node:
            _label_enums(child, key)


def item_schema() -> dict:
    schema = model.Item.model_json_schema()
    _label_enums(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Generated from generator/checks/model.py by `python -m generator schema`; do not edit.",
        **schema,
        "title": "服务事项（items/<部门>/<编码>.yaml）",
        "description": "一个公共服务事项的办事指南要素。字段说明见网站“字段参考”页。",
    }


def schema_text() -> str:
    return json.dumps(item_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(root: Path) -> Path:
    """Write generator/schema/item.schema.json (labels in the catalogue's language)."""
    set_language(read_settings(root).language)
    SCHEMA_FILE.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8", newline="\n")
    print(SCHEMA_FILE.relative_to(Path(__file__).parent.parent.parent).as_posix())
    return SCHEMA_FILE


# --- field reference page -------------------------------------------------

def _unwrap(annotation: Any) -> tuple[Any, list]:
    """Strip Optional and Annotated; return the core type and its constraints."""
    metadata: list = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            metadata += extra
        elif origin is typing.Union or origin is types.UnionType:
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation, metadata
        else:
            return annotation, metadata


def _bounds(metadata: list) -> str:
    parts = []
    for m in metadata:
        if isinstance(m, Ge):
            parts.append(f"≥ {m.ge}")
        elif isinstance(m, Le):
            parts.append(f"≤ {m.le}")
        elif isinstance(m, MinLen) and m.min_length > 1:
            parts.append(f"至少 {m.min_length} 条")
        elif isinstance(m, MaxLen):
            parts.append(f"最多 {m.max_length}")
    return f"（{'，'.join(parts)}）" if parts else ""


def _describe(annotation: Any, metadata: list, key: str) -> str:
    """A type in words, with allowed values and their labels."""
    core, inner_meta = _unwrap(annotation)
    metadata = metadata + inner_meta
    origin = typing.get_origin(core)
    if origin is list:
        (item,) = typing.get_args(core)
        return "列表，每项：" + _describe(item, [], key) + _bounds([m for m in metadata if isinstance(m, MinLen)])
    if origin is dict:  # keyed by an id (English texts by step id, ...)
        _, value = typing.get_args(core)
        return "按编号（id）的键值对，每项：" + _describe(value, [], key)
    if origin is Literal:
        names = labels(key)
        return "可选：" + "、".join(f"`{v}` {names[v]}" if v in names else f"`{v}`" for v in typing.get_args(core))
    if isinstance(core, type) and issubclass(core, BaseModel):
        return f"键值对，见 [{core.__name__}](#{core.__name__.lower()})"
    if core is bool:
        return "`true` 或 `false`"
    if core is int:
        return "整数" + _bounds(metadata)
    if core is dt.date:
        return "日期，如 2026-01-31"
    if core is str:
        pattern = next((getattr(m, "pattern", None) for m in metadata if getattr(m, "pattern", None)), None)
        return _PATTERN_NAMES.get(pattern, "文字（用引号括起来）" if pattern else "文字")
    return str(core)


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """``root`` and every model nested in it, in order of first use."""
    found: list[type[BaseModel]] = []

    def visit(cls: type[BaseModel]) -> None:
        if cls in found:
            return
        found.append(cls)
        for field in cls.model_fields.values():
            for inner in _nested(field.annotation):
                visit(inner)
    visit(root)
    return found


def _nested(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _nested(arg)]


def _row(name: str, field: FieldInfo) -> str:
    required = "必填" if field.is_required() else "可选"
    text = _describe(field.annotation, list(field.metadata), name)
    # "{...}" at the end of a cell would be read as attributes (attr_list): escaped.
    description = (field.description or "").replace("|", "\\|").replace("{", "\\{").replace("}", "\\}")
    return f"| `{name}` | {field.title or ''} | {required} | {text.replace('|', '/')} | {description} |"


def field_rows(cls: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    return list(cls.model_fields.items())


def _part_title(cls: type[BaseModel]) -> str:
    """A nested part is named after the first field that holds it."""
    for owner in _all_models():
        for field in owner.model_fields.values():
            if cls in _nested(field.annotation) and field.title:
                return f"{field.title}（{cls.__name__}）"
    return cls.__name__


def _all_models() -> list[type[BaseModel]]:
    return [m for root in (model.Item, model.Department, model.Office, model.Proof, model.Taxonomies,
                           model.LifeEvent) for m in _models(root)]


def render_field_reference() -> str:
    """Markdown for the "字段参考" page: every key of an item file, nested
    parts in their own tables, then the registries under content/."""
    sections = {
        model.Item: "事项文件 items/<部门>/<编码>.yaml",
        model.Department: "部门登记表 content/departments.yaml（列表，每项如下）",
        model.Office: "办理地点登记表 content/offices.yaml（列表，每项如下）",
        model.Proof: "证明材料清单 content/proofs.yaml（列表，每项如下）",
        model.Taxonomies: "分类 content/taxonomies.yaml",
        model.LifeEvent: "一件事 content/life-events/<编号>.yaml",
    }
    out = ["# 字段参考", "",
           "本页由 generator/checks/model.py 自动生成，列出事项文件和登记表中每个键的含义。"
           "“必填”的键不能省略；“可选”的键不需要时可以不写。", ""]
    done: set[type[BaseModel]] = set()
    for root, heading in sections.items():
        for cls in _models(root):
            if cls in done:
                continue
            done.add(cls)
            title = heading if cls is root else _part_title(cls)
            # The id on the heading itself (an extra anchor gave the page two of each id).
            out += [f"## {title} {{ #{cls.__name__.lower()} }}", ""]
            out += ["| 键 | 要素 | 必填 | 类型 / 可选值 | 说明 |", "|---|---|---|---|---|"]
            out += [_row(name, field) for name, field in field_rows(cls)]
            out.append("")
    return "\n".join(out)
