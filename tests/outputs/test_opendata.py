"""Open data (issue 15): the exports of the demo catalogue validate against
the standards they claim (Frictionless, HSDS 3.0 JSON Schemas, CPSV-AP 3.2
SHACL shapes, their own JSON Schema), the item pages carry schema.org
JSON-LD, the JSON export imports back to the same items, and two runs give
the same bytes.  The standards' files are vendored in
tests/fixtures/standards/ (see its README)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.checks.validate import build_catalogue
from generator.config import OpenData, read_settings
from generator.messages import set_language
from generator.outputs import opendata
from generator.outputs.opendata import cpsv, datapackage, hsds, json_export
from generator.sources.importers.pipeline import run_import

REPO = Path(__file__).resolve().parents[2]
STANDARDS = REPO / "tests" / "fixtures" / "standards"
SITE_URL = "https://catalogue.example.gov.cn/"
# The demo's data and settings (its licence, an item without materials) are the
# realistic input here: demo tests, skipped on another catalogue (tests/catalogue.py).
pytestmark = pytest.mark.demo


@pytest.fixture(scope="module")
def settings(catalogue_dir):
    s = read_settings(catalogue_dir)
    set_language(s.language)
    return s


@pytest.fixture(scope="module")
def cat(settings, catalogue_dir):
    report = build_catalogue(catalogue_dir, settings)
    assert report.catalogue is not None
    return report.catalogue


@pytest.fixture(scope="module")
def ctx(cat, settings):
    return opendata.Context(cat, settings, SITE_URL)


@pytest.fixture(scope="module")
def exported(ctx, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("opendata")
    opendata.write_all(ctx, folder)
    return folder


# --- Frictionless data package --------------------------------------------

def test_datapackage_validates_with_frictionless(exported, cat):
    from frictionless import Package, validate

    report = validate(str(exported / "datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors][:10]
    assert report.valid, errors
    package = Package(str(exported / "datapackage.json"))
    items = package.get_resource("items").read_rows()
    assert [r["key"] for r in items] == [e.key for e in cat.entries]
    assert package.licenses[0]["name"] == "CC-BY-4.0"
    field = package.get_resource("items").schema.get_field("name")
    assert field.title == "事项名称" and "name (string)" in field.description


def test_unstated_is_an_empty_cell_not_a_value(exported, cat):
    """materials: [] (none needed) is 0; materials not stated is empty."""
    import csv

    with open(exported / "tables" / "items.csv", encoding="utf-8", newline="") as f:
        rows = {r["key"]: r for r in csv.DictReader(f)}
    for entry in cat.entries:
        stated = entry.item.materials
        assert rows[entry.key]["materials"] == ("" if stated is None else str(len(stated)))
        assert rows[entry.key]["summary"] == (entry.item.summary or "")
    assert any(e.item.materials == [] for e in cat.entries), "the demo should state an item without materials"


def test_workbook_holds_the_csv_cells(exported):
    """Every sheet of catalogue.xlsx (read by openpyxl) has the cells of its
    CSV table: integers as numbers, booleans as the text true/false, JSON
    arrays as text, an empty CSV field as no cell at all."""
    import csv

    from openpyxl import load_workbook

    from generator.outputs.opendata.tables import item_tables

    book = load_workbook(exported / "catalogue.xlsx", read_only=True)
    kinds = set()
    for table in item_tables():
        with open(exported / "tables" / f"{table.name}.csv", encoding="utf-8", newline="") as f:
            lines = list(csv.reader(f))
        sheet = list(book[table.name[:31]].iter_rows(values_only=True))
        assert list(sheet[0]) == [c.title for c in table.columns]
        assert len(sheet) == len(lines)
        for line, cells in zip(lines[1:], sheet[1:]):
            cells = list(cells) + [None] * (len(line) - len(cells))
            for column, text, cell in zip(table.columns, line, cells):
                if text == "":
                    assert cell is None, (table.name, column.name)
                elif column.type == "integer":
                    assert cell == int(text) and not isinstance(cell, str), (table.name, column.name, cell)
                    kinds.add("integer")
                else:
                    assert cell == text, (table.name, column.name)
                    kinds.add(column.type)
    assert {"integer", "boolean", "array", "string", "date"} <= kinds, kinds


@pytest.mark.parametrize("shared_strings", [True, False], ids=["shared-strings", "constant-memory"])
def test_workbook_keeps_text_as_text(ctx, tmp_path, monkeypatch, shared_strings):
    """Text that looks like a formula, a number, a link or a date stays the
    same text in catalogue.xlsx (read by openpyxl), repeated text too (the
    shared-strings table, or row by row in a large workbook); 0 is a number,
    None no cell at all; and two writes of the same rows give the same bytes."""
    from openpyxl import load_workbook

    from generator.outputs.opendata import tables as table_module
    from generator.outputs.opendata.tables import item_tables, write_xlsx

    monkeypatch.setattr(table_module, "SHARED_STRINGS_CELLS", 10**9 if shared_strings else 0)

    texts = ["=1+1", "0012", "https://example.gov.cn/a", "2026-03-01", " 前后空格 ", "true", "1e3", "@SUM(A1)"]
    tables = item_tables()
    width = len(tables[0].columns)
    row = (texts + [0, None] + texts + [None] * width)[:width]
    data = {t.name: [] for t in tables}
    data["items"] = [row, row]
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_xlsx(ctx, first, data)
    write_xlsx(ctx, second, data)
    assert first.read_bytes() == second.read_bytes()
    assert (b"sharedStrings.xml" in first.read_bytes()) == shared_strings
    book = load_workbook(first, read_only=True)
    sheet = list(book["items"].iter_rows(values_only=True))
    assert len(sheet) == 3
    for cells in sheet[1:]:
        cells = list(cells) + [None] * (width - len(cells))
        assert cells == row
        assert [type(c) for c in cells] == [type(v) for v in row]
    assert [len(list(book[t.name[:31]].iter_rows())) for t in tables[1:]] == [1] * (len(tables) - 1)


def test_no_licence_configured_states_none(cat, settings, tmp_path):
    bare = settings.model_copy(update={"open_data": OpenData()})
    ctx = opendata.Context(cat, bare, "")
    assert "licenses" not in datapackage.descriptor(ctx)
    assert json_export.document(ctx)["licence"] is None
    from generator.outputs.render import Renderer
    page = next(p for p in Renderer(cat, bare, {}, "").pages() if p.path == "open-data/index.md")
    assert "未注明（发布机关尚未设置许可协议" in page.body


def test_no_publisher_configured_states_none(cat, settings, tmp_path):
    """No publisher in the block: null in the JSON, left out of the data package
    and the workbook's properties; never the demo's or another invented name."""
    assert settings.publisher, "the demo states its publisher"
    bare = settings.model_copy(update={"publisher": None})
    ctx = opendata.Context(cat, bare, "")
    assert json_export.document(ctx, with_items=False)["publisher"] is None
    assert "publisher" not in datapackage.descriptor(ctx)
    opendata.write_all(ctx, tmp_path)
    found = [p.name for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".xlsx"
             and settings.publisher in p.read_text(encoding="utf-8", errors="replace")]
    assert found == []
    import zipfile
    with zipfile.ZipFile(next(tmp_path.rglob("*.xlsx"))) as book:
        assert settings.publisher not in book.read("docProps/core.xml").decode("utf-8")


# --- JSON and its schema -----------------------------------------------------

def test_json_export_follows_its_published_schema(exported, cat):
    from jsonschema import Draft202012Validator

    schema = json.loads((exported / "catalogue.schema.json").read_text(encoding="utf-8"))
    document = json.loads((exported / "catalogue.json").read_text(encoding="utf-8"))
    errors = [f"{list(e.path)}: {e.message}" for e in Draft202012Validator(schema).iter_errors(document)]
    assert not errors, errors[:5]
    record_schema = json.loads((exported / "record.schema.json").read_text(encoding="utf-8"))
    one = cat.entries[0].key
    record = json.loads((exported / "items" / f"{one}.json").read_text(encoding="utf-8"))
    assert not list(Draft202012Validator(record_schema).iter_errors(record))
    assert record == document["items"][0]
    assert sorted(p.stem for p in (exported / "items").glob("*.json")) == [e.key for e in cat.entries]


def test_round_trip_through_the_importer_gives_the_same_items(exported, cat, tmp_path, catalogue_dir):
    root = tmp_path / "county"
    root.mkdir()
    shutil.copytree(catalogue_dir / "content", root / "content")
    shutil.copy(catalogue_dir / "mkdocs.yml", root / "mkdocs.yml")
    result = run_import(root, [exported / "catalogue.json"], "opendata")
    assert not result.skipped and not result.unmapped and not result.new_departments
    back = build_catalogue(root, read_settings(root))
    assert not back.errors, [p.message for p in back.errors[:3]]
    before = {e.key: (e.department, e.item) for e in cat.entries}
    after = {e.key: (e.department, e.item) for e in back.catalogue.entries}
    assert before.keys() == after.keys()
    assert [k for k in before if before[k] != after[k]] == []


# --- HSDS 3.0 -------------------------------------------------------------------

def test_hsds_export_validates_against_the_hsds_schemas(exported):
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    folder = STANDARDS / "hsds-3.0" / "schema"
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}
    registry = Registry().with_resources(
        (name, Resource.from_contents(s, default_specification=DRAFT202012)) for name, s in schemas.items())
    counts = {}
    for table, schema_name in hsds.SCHEMAS.items():
        rows = json.loads((exported / "hsds" / f"{table}.json").read_text(encoding="utf-8"))
        validator = Draft202012Validator(schemas[f"{schema_name}.json"], registry=registry,
                                         format_checker=FormatChecker())
        for row in rows:
            errors = [e.message for e in validator.iter_errors(row)]
            assert not errors, (table, row.get("id"), errors)
        counts[table] = len(rows)
    assert all(counts[t] > 0 for t in hsds.TABLES), counts
    schedules = json.loads((exported / "hsds" / "schedules.json").read_text(encoding="utf-8"))
    assert any(s.get("freq") == "WEEKLY" and s.get("byday") and s.get("opens_at") for s in schedules)


# --- CPSV-AP 3.2 -----------------------------------------------------------------

def test_cpsv_export_conforms_to_the_shacl_shapes(exported, ctx):
    from pyshacl import validate
    from rdflib import Graph, Namespace, RDF

    data = Graph().parse(exported / "cpsv-ap.jsonld", format="json-ld")
    shapes = Graph().parse(STANDARDS / "cpsv-ap-3.2.0" / "cpsv-ap-SHACL.ttl", format="turtle")
    conforms, _, text = validate(data, shacl_graph=shapes, inference="none")
    assert conforms, text[:3000]
    cv, cpsv_ns = Namespace("http://data.europa.eu/m8g/"), Namespace("http://purl.org/vocab/cpsv#")
    _, left_out = cpsv.document(ctx)
    assert cpsv.left_out(ctx) == left_out  # what the 开放数据 page counts without building the document
    services = set(data.subjects(RDF.type, cpsv_ns.PublicService))
    assert len(services) == len(ctx.cat.entries) - len(left_out) > 0
    for cls in (cv.Evidence, cv.Requirement, cv.Channel, cv.Cost, cv.Output, cpsv_ns.Rule, cv.PublicOrganisation):
        assert set(data.subjects(RDF.type, cls)), cls


def test_cpsv_file_is_written_node_by_node_as_the_whole_document(exported, ctx):
    """write() keeps each node's JSON, not the dicts (memory at 20,000 items);
    the bytes are those of the whole document dumped at once."""
    from generator.outputs.opendata.common import dumps
    doc, _ = cpsv.document(ctx)
    assert len(doc["@graph"]) > len(ctx.cat.entries)  # parts, concepts, departments too
    assert (exported / cpsv.FILE).read_bytes() == dumps(doc).encode("utf-8")

def test_cpsv_shapes_catch_a_service_without_description(exported):
    """The SHACL check can fail: the same export with a description removed does not conform."""
    from pyshacl import validate
    from rdflib import Graph

    doc = json.loads((exported / "cpsv-ap.jsonld").read_text(encoding="utf-8"))
    service = next(n for n in doc["@graph"] if n["@type"] == "cpsv:PublicService")
    del service["dct:description"]
    data = Graph().parse(data=json.dumps(doc), format="json-ld")
    shapes = Graph().parse(STANDARDS / "cpsv-ap-3.2.0" / "cpsv-ap-SHACL.ttl", format="turtle")
    assert not validate(data, shacl_graph=shapes, inference="none")[0]


# --- schema.org JSON-LD in the built item pages -------------------------------

class _JsonLd(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found, self._inside = [], False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._inside:
            self.found.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.found[-1] += data


def test_item_pages_carry_government_service_json_ld(demo_site, site_url):
    key = "990101001000"
    parser = _JsonLd()
    parser.feed((demo_site / "items" / key / "index.html").read_text(encoding="utf-8"))
    services = [json.loads(s) for s in parser.found]
    assert len(services) == 1
    data = services[0]
    assert data["@context"] == "https://schema.org" and data["@type"] == "GovernmentService"
    assert data["url"] == f"{site_url.rstrip('/')}/items/{key}/"
    assert data["provider"]["@type"] == "GovernmentOrganization" and data["provider"]["name"]
    assert data["areaServed"]["name"] == "示范市"
    assert data["audience"] and data["serviceType"]
    places = [c for c in data["availableChannel"] if c.get("serviceLocation")]
    assert places and places[0]["@type"] == "ServiceChannel"
    assert any(p["serviceLocation"].get("openingHoursSpecification") for p in places)
    assert any(c.get("serviceUrl", "").startswith("https://") for c in data["availableChannel"])
    # the build wrote the downloads and their page
    page = (demo_site / "open-data" / "index.html").read_text(encoding="utf-8")
    assert "CC-BY-4.0" in page and 'href="datapackage.json"' in page
    for name in ("catalogue.json", "catalogue.xlsx", "datapackage.json", "cpsv-ap.jsonld", "hsds/services.json",
                 f"items/{key}.json", "tables/item_materials.csv"):
        assert (demo_site / "open-data" / name).is_file(), name


def test_json_ld_cannot_end_its_script():
    from generator.outputs.opendata.jsonld import script

    html = str(script({"name": "</script><script>alert(1)</script>&"}))
    assert html.count("</script>") == 1 and "\\u003c/script\\u003e" in html


# --- reproducible --------------------------------------------------------------

WRITE = ("import sys; from pathlib import Path; from generator.config import read_settings; "
         "from generator.checks.validate import build_catalogue; from generator.messages import set_language; "
         "from generator.outputs import opendata; s = read_settings(Path('.')); set_language(s.language); "
         "c = build_catalogue(Path('.'), s).catalogue; "
         f"opendata.write_all(opendata.Context(c, s, {SITE_URL!r}), Path(sys.argv[1]))")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_runs_give_byte_identical_exports(tmp_path, catalogue_dir):
    """Separate processes (different hash seeds, a second apart) write the same bytes."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(REPO))
        env.pop("SOURCE_DATE_EPOCH", None)
        result = subprocess.run([sys.executable, "-c", WRITE, str(out)], cwd=catalogue_dir, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        outputs.append(_files(out))
    assert outputs[0].keys() == outputs[1].keys() and len(outputs[0]) > 20
    assert [k for k in outputs[0] if outputs[0][k] != outputs[1][k]] == []
