"""The catalogue as JSON in the item model's own shape.

Files (under ``open-data/``):

- ``catalogue.json``: one document, ``{title, publisher, licence,
  licence_url, updated, departments, offices, proofs, taxonomies,
  life_events, items: [record]}``;
- ``items/<key>.json``: one record per item at a stable address;
- ``catalogue.schema.json`` and ``record.schema.json``: their JSON Schemas,
  generated from the pydantic model (``generator.checks.model``).

A record is ``{key, department: {id, name}, url, item}`` where ``item`` is
the item as the model holds it, with elements not stated left out (never
filled).  The importer reads these records back with the ``opendata``
mapping (``python -m generator import --mapping opendata catalogue.json``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from generator.catalogue import Entry
from generator.checks import model
from generator.outputs.opendata.common import Context, dumps, write_text


class DepartmentRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(title="部门编号", description="items/ 下的文件夹名；content/departments.yaml 中的 id")
    name: Optional[str] = Field(None, title="部门名称")


class Record(BaseModel):
    """One item of the catalogue, as published."""
    model_config = ConfigDict(extra="forbid")
    key: model.ItemKey = Field(title="事项标识", description="文件名和页面地址 items/<key>/")
    department: DepartmentRef = Field(title="部门")
    url: str = Field(title="事项页面")
    item: model.Item = Field(title="事项")


class Document(BaseModel):
    """The whole catalogue."""
    model_config = ConfigDict(extra="forbid")
    title: str = Field(title="目录名称")
    publisher: Optional[str] = Field(None, title="发布机关", description="未设置时为 null（未注明）")
    licence: Optional[str] = Field(None, title="许可协议", description="未设置时为 null（未注明）")
    licence_url: Optional[str] = Field(None, title="许可协议地址")
    updated: Optional[str] = Field(None, title="更新日期", description="事项最近核验日期中最新的一个；null = 未注明")
    departments: list[model.Department] = Field(title="部门")
    offices: list[model.Office] = Field(title="办理地点")
    proofs: list[model.Proof] = Field(title="证明材料")
    taxonomies: model.Taxonomies = Field(title="分类")
    life_events: list[model.LifeEvent] = Field(title="一件事")
    items: list[Record] = Field(title="事项")


SCHEMA_NOTE = "Generated from generator/checks/model.py; elements not stated are left out."


def _schema(cls: type[BaseModel], title: str) -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$comment": SCHEMA_NOTE,
            **cls.model_json_schema(), "title": title}


def schemas() -> dict[str, dict]:
    """File name -> JSON Schema of the catalogue document and of one record."""
    return {"catalogue.schema.json": _schema(Document, "公共服务事项目录（开放数据）"),
            "record.schema.json": _schema(Record, "服务事项（开放数据，一个事项）")}


def _dump(obj: BaseModel) -> dict:
    return obj.model_dump(mode="json", exclude_none=True)


def record(ctx: Context, entry: Entry, with_item: bool = True) -> dict:
    department = ctx.cat.department.get(entry.department)
    ref = {"id": entry.department}
    if department is not None:
        ref["name"] = department.name
    out = {"key": entry.key, "department": ref, "url": ctx.item_url(entry)}
    if with_item:
        out["item"] = _dump(entry.item)
    return out


def document(ctx: Context, with_items: bool = True) -> dict:
    """The catalogue document as a dict (``items`` left out when not
    ``with_items``: :func:`write` streams them)."""
    cat = ctx.cat
    return {
        "title": ctx.settings.region, "publisher": ctx.settings.publisher,
        "licence": ctx.licence, "licence_url": ctx.licence_url,
        "updated": ctx.updated.isoformat() if ctx.updated else None,
        "departments": [_dump(d) for d in cat.departments], "offices": [_dump(o) for o in cat.offices],
        "proofs": [_dump(p) for p in cat.proofs], "taxonomies": _dump(cat.taxonomies),
        "life_events": [_dump(b) for b in cat.life_events],
        **({"items": [record(ctx, e) for e in cat.entries]} if with_items else {}),
    }


def _record_text(ctx: Context, entry: Entry) -> str:
    """``record`` as compact JSON; the item serialised by pydantic (the same
    text as json.dumps of model_dump, without the Python dicts: 20,000 items)."""
    head = record(ctx, entry, with_item=False)
    return dumps(head)[:-2] + ',"item":' + entry.item.model_dump_json(exclude_none=True) + "}"


def write(ctx: Context, folder: Path) -> dict[str, int]:
    """Write the JSON files into ``folder``, streamed; returns file name ->
    size in bytes (the per-item files are summed under ``items/``)."""
    doc = document(ctx, with_items=False)
    items = folder / "items"
    items.mkdir(parents=True, exist_ok=True)
    total = size = 0
    with open(folder / "catalogue.json", "wb") as out:
        size += out.write(dumps(doc)[:-2].encode("utf-8") + b',"items":[')
        for n, entry in enumerate(ctx.cat.entries):
            data = _record_text(ctx, entry).encode("utf-8")
            size += out.write(b"," + data if n else data)
            (items / f"{entry.key}.json").write_bytes(data + b"\n")
            total += len(data) + 1
        size += out.write(b"]}\n")
    sizes = {"catalogue.json": size, "items/": total}
    for name, schema in schemas().items():
        sizes[name] = write_text(folder / name, dumps(schema, indent=2))
    return sizes
