"""``datapackage.json``: the Frictionless Data Package descriptor of the CSV
tables (https://specs.frictionlessdata.io/data-package/), so that anyone can
load and validate them with standard tools (the tests validate it with the
``frictionless`` package).

Fields come from ``tables.item_tables()`` (that is, from the model): name,
type, Chinese title, a description in Chinese (the model's hint) and English
(the field's id and type), enumerations as ``constraints.enum``; keys:
``items.key`` is the primary key, child tables point to it with a foreign
key, ``items.department`` to ``departments.id`` and ``item_offices.office``
to ``offices.id``.  The licence comes from ``open_data`` in mkdocs.yml; when
not set the descriptor states none.
"""

from __future__ import annotations

from pathlib import Path

from generator.outputs.opendata.common import Context, dumps, write_text
from generator.outputs.opendata.tables import Column, Table, item_tables

TABLES_FOLDER = "tables"


def _field(column: Column) -> dict:
    english = f"{column.name} ({column.type})"
    field = {"name": column.name, "type": column.type, "title": column.title,
             "description": f"{column.description}（{english}）" if column.description else english}
    if column.type == "boolean":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    constraints = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum) if column.type == "integer" else [str(v) for v in column.enum]
    if constraints:
        field["constraints"] = constraints
    return field


def _schema(table: Table) -> dict:
    schema = {"fields": [_field(c) for c in table.columns], "missingValues": [""]}
    if table.name == "items":
        schema["primaryKey"] = ["key"]
        schema["foreignKeys"] = [{"fields": ["department"], "reference": {"resource": "departments", "fields": ["id"]}}]
    elif table.name in ("departments", "offices"):
        schema["primaryKey"] = ["id"]
    else:
        schema["primaryKey"] = ["item_key", "position"]
        schema["foreignKeys"] = [{"fields": ["item_key"], "reference": {"resource": "items", "fields": ["key"]}}]
        if table.name == "item_offices":
            schema["foreignKeys"].append({"fields": ["office"], "reference": {"resource": "offices", "fields": ["id"]}})
    return schema


def descriptor(ctx: Context) -> dict:
    """The data package descriptor (a dict, as written to datapackage.json)."""
    settings = ctx.settings
    package = {"name": "service-catalogue", "title": f"{settings.region}公共服务事项目录",
               "description": "公共服务事项目录的全部事项（每个事项一行）及其申请材料、办理流程、收费、办理地点等明细表；"
                              "未注明的要素为空单元格。Public service catalogue: one row per item, with tables "
                              "of materials, steps, fees, offices and more keyed by item; empty cells are not stated."}
    if settings.publisher:  # not set: left out, as the licence is (never a name nobody wrote)
        package["publisher"] = settings.publisher
    if ctx.licence:
        licence = {"name": ctx.licence}
        if ctx.licence_url:
            licence["path"] = ctx.licence_url
        package["licenses"] = [licence]
    if ctx.updated:
        package["version"] = ctx.updated.isoformat()
    if ctx.site_url:
        package["homepage"] = ctx.url("open-data/")
    package["resources"] = [
        {"name": t.name, "title": t.title, "path": f"{TABLES_FOLDER}/{t.name}.csv", "format": "csv",
         "mediatype": "text/csv", "encoding": "utf-8", "profile": "tabular-data-resource", "schema": _schema(t)}
        for t in item_tables()]
    return package


def write(ctx: Context, folder: Path) -> dict[str, int]:
    return {"datapackage.json": write_text(folder / "datapackage.json", dumps(descriptor(ctx), indent=2))}
