"""Open data (开放数据): the catalogue as files anyone can reuse, in the
standards others read.  One module per format, all derived from the model
(``generator.checks.model``) and written by the build into ``site/open-data/``:

- ``json_export``: ``catalogue.json``, ``items/<key>.json`` and their JSON Schemas;
- ``tables``: ``tables/<table>.csv`` and ``catalogue.xlsx``;
- ``datapackage``: ``datapackage.json`` (Frictionless) describing the CSV tables;
- ``jsonld``: schema.org ``GovernmentService`` JSON-LD inside every item page;
- ``hsds``: ``hsds/<table>.json`` (Open Referral HSDS 3.0);
- ``cpsv``: ``cpsv-ap.jsonld`` (EU CPSV-AP 3.2).

Usage::

    ctx = Context(catalogue, settings, site_url)
    sizes = write_all(ctx, site / FOLDER)   # file -> bytes

Every file is byte-reproducible: no clock, stable order (see ``common``).
"""

from __future__ import annotations

import time
from pathlib import Path

from generator.outputs import marks
from generator.outputs.opendata import cpsv, datapackage, hsds, json_export, tables
from generator.outputs.opendata.common import FOLDER, Context

__all__ = ["Context", "FOLDER", "write_all", "page_context"]


def write_all(ctx: Context, folder: Path, timings: dict | None = None) -> dict[str, int]:
    """Write every download into ``folder``; returns path (relative to
    ``folder``) -> size in bytes.  ``timings``, when given, receives the
    seconds spent per format."""
    sizes: dict[str, int] = {}

    def step(name: str, run) -> None:
        started = time.perf_counter()
        sizes.update(run())
        if timings is not None:
            timings[name] = time.perf_counter() - started

    step("json", lambda: json_export.write(ctx, folder))
    data: dict = {}

    def csv() -> dict:  # the rows are made once, for the CSV files and the workbook
        data.update(tables.rows(ctx))
        return {f"{datapackage.TABLES_FOLDER}/{k}": v
                for k, v in tables.write_csv(ctx, folder / datapackage.TABLES_FOLDER, data).items()}

    step("csv", csv)
    step("xlsx", lambda: {"catalogue.xlsx": tables.write_xlsx(ctx, folder / "catalogue.xlsx", data)})
    step("datapackage", lambda: datapackage.write(ctx, folder))
    step("hsds", lambda: {f"hsds/{k}": v for k, v in hsds.write(ctx, folder / "hsds").items()})
    step("cpsv", lambda: cpsv.write(ctx, folder))
    return sizes


def page_context(ctx: Context) -> dict:
    """What the 开放数据 page shows: licence, update date, the tables with
    their fields, the HSDS tables, the items left out of CPSV-AP, and
    ``counted``: the records and how many of them the other pages count
    (marks.Population)."""
    left_out = cpsv.left_out(ctx)
    return {"licence": ctx.licence, "licence_url": ctx.licence_url, "updated": ctx.updated,
            "tables": tables.item_tables(), "hsds_tables": hsds.TABLES, "cpsv_left_out": left_out,
            "counted": marks.population(ctx.cat)}
