"""The editor schema and the field reference are derived from the model."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel

from generator.checks import model
from generator.checks.schema import SCHEMA_FILE, _models, item_schema, render_field_reference, schema_text
from mini_catalogue import REPO


def test_committed_schema_matches_model():
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "generator/schema/item.schema.json is out of date: run `python -m generator schema` and commit it")


def test_schema_describes_the_item():
    schema = item_schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {k for k, f in model.Item.model_fields.items() if f.is_required()}
    assert schema["properties"]["summary"]["title"] == "主要内容"
    forms = schema["$defs"]["Channels"]["properties"]["forms"]["items"]
    assert forms["enumDescriptions"][0] == "window：窗口办理"
    # Codes must be quoted: a bare number is refused by the editor as well.
    code = schema["properties"]["code"]
    assert "string" in [code.get("type")] + [alt.get("type") for alt in code.get("anyOf", [])]
    assert "integer" not in [code.get("type")] + [alt.get("type") for alt in code.get("anyOf", [])]


def test_vscode_associates_schema_with_items():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./generator/schema/item.schema.json"][0] == "items/**/*.yaml"
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def _all_fields(root: type[BaseModel]):
    for cls in _models(root):
        for name, field in cls.model_fields.items():
            yield cls, name, field


@pytest.mark.parametrize("root", [model.Item, model.Department, model.Office, model.Proof, model.Taxonomies,
                                  model.LifeEvent])
def test_field_reference_lists_every_field(root):
    page = render_field_reference()
    sections = page.split("\n## ")  # each part's heading carries its id: "## 标题 { #id }"
    for cls, name, field in _all_fields(root):
        section = next(s for s in sections if s.split("\n", 1)[0].endswith(f"{{ #{cls.__name__.lower()} }}"))
        row = next((line for line in section.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row, f"{cls.__name__}.{name} missing from the field reference"
        assert f"| {field.title} |" in row
        assert ("| 必填 |" in row) == field.is_required()


def test_field_reference_shows_labels_of_allowed_values():
    page = render_field_reference()
    assert "`original_shown` 原件（核验后退回）" in page
    assert "`immediate` 即办" in page
    assert "[Material](#material)" in page
