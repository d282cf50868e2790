"""The web editor's configuration (Decap CMS), derived from the
item model (``checks/model.py``) and the catalogue's registries.

Nothing here is written by hand per field: every field of ``Item`` becomes a
Decap widget with the model's Chinese ``title`` as its label and its
``description`` as the hint; lists of models (materials, steps…) become list
widgets, enumerated values select widgets labelled from the locale file, and
references to a registry (departments, offices, proofs, taxonomies) select
widgets whose options are read from ``content/*.yaml`` at build time.  Each
department is one folder collection (``items/<department>/``), so a clerk
sees their department's items and creates new ones there.

Paths: Decap's git back-ends (github, gitlab, gitea) read and write paths
relative to the repository's top, so every folder of the configuration (the
collections, ``media_folder``) is prefixed with the catalogue folder's path in
its repository (``repo_prefix``: "catalogue/" in a county's fork,
"examples/demo-city/" for the demo, "" at the top).  The local back-end gets
the same configuration (Decap has one), so its proxy is rooted at the
repository's top too (``devtools/decap_proxy.py``, like ``npx decap-server``
started there).  ``public_folder`` stays the site's path of the uploads.

    repo_prefix(folder) -> str            # "catalogue/": the folder's path in its git repository, or ""
    editor_data(cat, editor, ..., prefix) -> dict    # the compact form admin/config.js holds
    editor_config(cat, editor, ..., prefix) -> dict  # the whole Decap configuration editor.js builds from it
    bundle() -> Path | None               # the folder holding decap-cms.js (set up), or None
    entry_link(base, entry) -> str        # "编辑此事项" -> the item's entry in the editor

Decap writes the file back in the order of the fields here, which is the
model's order (the order ``python -m generator new`` writes); codes made of
digits are written quoted, as strings.  Source of the widget names and
options: https://decapcms.org/docs/widgets/ and /docs/configuration-options/.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import sys
import types
import typing
from pathlib import Path
from typing import Any, Callable, Literal
from urllib.parse import quote

from annotated_types import Ge, Le
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.checks import model
from generator.messages import labels, ui
from generator.sources.gitlog import git, repo_prefix  # noqa: F401 (repo_prefix: part of this module's API)

FOLDER = "admin"  # the editor's folder in the site
UPLOADS = "assets/uploads"  # the uploads' folder in docs_dir and so in the site
SCRIPT = "decap-cms.js"
# Where setup (devtools/bootstrap.py editor) puts Decap's files; OSC_DECAP_DIR
# names another folder (an offline mirror).
BUNDLE_DIR = Path(sys.prefix) / "share" / "decap-cms"


def bundle() -> Path | None:
    """The folder holding Decap's ``decap-cms.js`` and its chunks, or None."""
    folder = Path(os.environ.get("OSC_DECAP_DIR") or BUNDLE_DIR)
    return folder if (folder / SCRIPT).is_file() else None


def _in_repo(prefix: str, path: str) -> str:
    """``path`` (relative to the catalogue folder) relative to the repository's top."""
    return posixpath.normpath(posixpath.join(prefix, path))


def entry_link(base: str, entry) -> str:
    """The editor's page of ``entry`` (an Entry: ``department``, ``source``),
    relative to a page's ``base`` (e.g. "../../"); Decap's route
    ``#/collections/<collection>/entries/<slug>``."""
    slug = Path(entry.source).stem
    return f"{base}{FOLDER}/#/collections/{quote(entry.department)}/entries/{quote(slug)}"


# Fields that name an entry of a registry: dotted path in the item -> how to
# read the options (value, label) from the catalogue.
_REGISTRIES: dict[str, Callable[[Any], list[tuple[str, str]]]] = {
    "joint_departments": lambda cat: [(d.id, d.name) for d in cat.departments],
    "offices.office": lambda cat: [(o.id, o.name or o.address) for o in cat.offices],
    "materials.proof": lambda cat: [(p.id, p.name) for p in cat.proofs],
    **{name: (lambda group: lambda cat: [(t.id, t.name) for t in getattr(cat.taxonomies, group)])(group)
       for name, group in (("item_type", "item_types"), ("levels", "levels"), ("audiences", "audiences"),
                           ("industries", "industries"), ("service_types", "service_types"),
                           ("topics", "topics"))},
}
# Patterns Decap can check in the browser before saving (JavaScript regular
# expressions; ``check`` stays the full rule).
# Pattern -> the locale's name of the text it takes (ui: editor_pattern_*).
_PATTERNS = {
    model.ID_PATTERN: "editor_pattern_id",
    model.URL_PATTERN: "editor_pattern_url",
    model.PHONE_PATTERN: "editor_pattern_phone",
    model.ITEM_KEY_PATTERN: "editor_pattern_key",
}
# The field a collapsed list entry is summarised by: the first of these it has.
_SUMMARY = ("name", "law", "question", "office", "when", "id")


def _unwrap(annotation) -> tuple[Any, bool]:
    """(the type inside Optional[...], whether None is allowed)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), len(args) < len(typing.get_args(annotation))
    return annotation, False


def _parts(annotation) -> tuple[Any, list]:
    """(base type, metadata) of ``Annotated[...]`` (nested ones flattened)."""
    meta: list = []
    while typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        annotation, meta = args[0], [*meta, *args[1:]]
    return annotation, meta


def _options(name: str, values) -> list[dict]:
    names = labels(name)
    return [{"label": ui("editor_option").format(label=names[v], value=v) if v in names else str(v), "value": v}
            for v in values]


def _scalar(path: str, name: str, annotation, meta: list, options: dict) -> dict:
    """The widget of one value (no list around it)."""
    annotation, more = _parts(annotation)
    meta = [*meta, *more]
    if path in options:
        return {"widget": "select", "options": [{"label": ui("editor_option").format(label=label, value=value),
                                                 "value": value} for value, label in options[path]]}
    if typing.get_origin(annotation) is Literal:
        values = typing.get_args(annotation)
        if all(isinstance(v, int) for v in values):  # a select would save "3", not 3: a number field
            return {"widget": "number", "value_type": "int", "min": min(values), "max": max(values)}
        return {"widget": "select", "options": _options(name, values)}
    if annotation is bool:
        return {"widget": "boolean"}
    if annotation is int:
        widget: dict = {"widget": "number", "value_type": "int"}
        for m in meta:
            if isinstance(m, Ge):
                widget["min"] = m.ge
            elif isinstance(m, Le):
                widget["max"] = m.le
        return widget
    if annotation is dt.date:
        # A date picker would write a timestamp; the model wants YYYY-MM-DD.
        return {"widget": "string", "pattern": [r"^\d{4}-\d{2}-\d{2}$", ui("editor_pattern_date")]}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"widget": "object", "collapsed": True, "fields": _fields(annotation, path, options)}
    widget = {"widget": "string"}
    for m in meta:
        pattern = getattr(m, "pattern", None)
        if getattr(m, "max_length", None) == 5000:
            widget = {"widget": "text"}
        if pattern in _PATTERNS:
            widget["pattern"] = [pattern, ui(_PATTERNS[pattern])]
    return widget


def _field(name: str, info: FieldInfo, prefix: str, options: dict) -> dict:
    path = f"{prefix}.{name}" if prefix else name
    annotation, optional = _unwrap(info.annotation)
    annotation, meta = _parts(annotation)
    meta = [*meta, *info.metadata]
    required = info.is_required() and not optional
    config: dict = {"name": name, "label": info.title or name}
    if info.description:
        config["hint"] = info.description
    if typing.get_origin(annotation) is list:
        (inner,) = typing.get_args(annotation)
        inner, inner_meta = _parts(inner)
        widget = _scalar(path, name, inner, inner_meta, options)
        if widget["widget"] == "select":
            config.update(widget, multiple=True)
        elif widget["widget"] == "object":
            fields = widget["fields"]
            config.update(widget="list", collapsed=True, fields=fields)
            names = [f["name"] for f in fields]
            summary = next((key for key in _SUMMARY if key in names), None)
            if summary:
                config["summary"] = "{{fields.%s}}" % summary
        else:
            config.update(widget="list", field={"name": name, "label": config["label"], **widget})
    else:
        config.update(_scalar(path, name, annotation, meta, options))
        if config["widget"] == "object":
            # Decap checks the required fields of an object even when the
            # object is left empty, so none is required inside one (every
            # object of an item is optional); `check` reports what is missing.
            for child in config["fields"]:
                child["required"] = False
        if config["widget"] == "number":
            for m in meta:
                if isinstance(m, Ge):
                    config["min"] = m.ge
                elif isinstance(m, Le):
                    config["max"] = m.le
    if not required:
        config["required"] = False
    return config


def _is_mapping(info: FieldInfo) -> bool:
    annotation, _ = _unwrap(info.annotation)
    return typing.get_origin(_parts(annotation)[0]) is dict


def _fields(cls: type[BaseModel], prefix: str, options: dict) -> list[dict]:
    # Decap has no widget for a mapping (en.steps: step id -> texts): such a
    # field is left out of the form, and Decap keeps its value as the file has it.
    return [_field(name, info, prefix, options) for name, info in cls.model_fields.items() if not _is_mapping(info)]


def item_fields(cat=None) -> list[dict]:
    """Decap field configs of an item file, in the model's order; registry
    references are select widgets when ``cat`` (a Catalogue) is given."""
    options = {path: read(cat) for path, read in _REGISTRIES.items()} if cat is not None else {}
    return _fields(model.Item, "", options)


def editor_data(cat, editor, items_dir: str = "items", language: str = "zh", prefix: str = "",
                docs_dir: str = "content") -> dict:
    """The editor's configuration in the compact form the page receives
    (``admin/config.js``; ``admin/editor.js`` expands it): ``config`` (Decap's
    settings without collections), ``collection`` (what every department's
    collection shares), ``fields`` (once: an item's fields), ``folder`` and
    ``departments`` ([{id, name}] in the registry's order).  ``items_dir`` and
    ``docs_dir`` are relative to the catalogue folder, ``prefix`` is its path
    in the repository (``repo_prefix``); ``folder`` and ``media_folder`` are
    written relative to the repository's top (uploads: ``<docs_dir>/assets/uploads``,
    served at ``/assets/uploads``)."""
    backend: dict = {"name": editor.backend, "repo": editor.repo, "branch": editor.branch}
    for key in ("base_url", "api_root", "auth_type", "app_id"):
        if getattr(editor, key, None):
            backend[key] = getattr(editor, key)
    return {
        "config": {
            "backend": backend,
            # Used only when the editor page is opened on this computer
            # (localhost/127.0.0.1) and the local proxy answers.
            "local_backend": {"url": f"http://127.0.0.1:{editor.local_port}/api/v1",
                              "allowed_hosts": ["localhost", "127.0.0.1"]},
            "locale": "zh_Hans" if language.startswith("zh") else "en",
            "media_folder": _in_repo(prefix, f"{docs_dir}/{UPLOADS}"),
            "public_folder": f"/{UPLOADS}",
            "show_preview_links": False,
            "editor": {"preview": False},
            "load_config_file": False,
        },
        "collection": {
            "label_singular": ui("editor_item"),
            "extension": "yaml",
            "format": "yaml",
            "create": True,
            # A new file is named by the item's basic code (one of the names a key may have).
            "slug": "{{fields.code}}",
            "identifier_field": "name",
            "summary": "{{fields.name}}",
            "sortable_fields": ["name", "code"],
        },
        "fields": item_fields(cat),
        "folder": _in_repo(prefix, items_dir),
        "departments": [{"id": d.id, "name": d.name} for d in cat.departments],
    }


def editor_config(cat, editor, items_dir: str = "items", language: str = "zh", prefix: str = "",
                  docs_dir: str = "content") -> dict:
    """The whole Decap configuration (what ``admin/editor.js`` hands to
    ``CMS.init``): backend from ``editor`` (config.Editor), one folder
    collection per department of ``cat`` (a Catalogue), in the registry's
    order; paths as ``editor_data``.  Shape: https://decapcms.org/docs/configuration-options/"""
    data = editor_data(cat, editor, items_dir, language, prefix, docs_dir)
    return {**data["config"], "collections": [
        {**data["collection"], "name": d["id"], "label": d["name"], "folder": f"{data['folder']}/{d['id']}",
         "fields": data["fields"]} for d in data["departments"]]}
