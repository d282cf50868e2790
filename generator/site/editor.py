"""The web editor for clerks: Decap CMS published under ``admin/``.

Written after the build when mkdocs.yml configures ``editor`` (config.Editor):
``admin/index.html``, ``admin/config.js`` (outputs/cms.py, derived from the
model and the registries), ``admin/editor.js`` (starts Decap with it) and
Decap's script files, copied from the copy that setup fetched
from the npm registry (``devtools/bootstrap.py editor``: pinned version,
checked against the registry's sha512) into ``<venv>/share/decap-cms/``.
Nothing is loaded from another host.  Without that copy the build logs why
and publishes no editor page (and item pages keep the ``edit_url`` link).

The configuration's folders are relative to the top of the catalogue's git
repository (``cms.repo_prefix``, asked at each build), as Decap's git
back-ends and the local proxy (rooted at that top) read them.

    write(site, cat, settings, site_name, root, docs_dir) -> bool   # True when admin/ was written
"""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
from pathlib import Path

from generator.messages import ui
from generator.outputs.cms import BUNDLE_DIR, SCRIPT, FOLDER, bundle, editor_data, repo_prefix

log = logging.getLogger("mkdocs.plugins.catalogue")
# The page's own script: builds Decap's configuration from config.js, starts
# Decap and, before each save, drops the fields a clerk emptied.
START = Path(__file__).with_name("editor.js")


def _page(site_name: str) -> str:
    title = html.escape(ui("editor_title").format(site=site_name))
    return (
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        f"<title>{title}</title>\n</head>\n<body>\n"
        # config.js sets CMS_MANUAL_INIT: Decap waits for editor.js to start it.
        f"<script src=\"config.js\"></script>\n<script src=\"{SCRIPT}\"></script>\n"
        f"<script src=\"{START.name}\"></script>\n</body>\n</html>\n")


def write(site: Path, cat, settings, site_name: str, root: Path | None = None,
          docs_dir: Path | None = None) -> bool:
    """Write ``site/admin/`` for ``settings.editor`` (a Settings); nothing when
    the editor is not configured, or when Decap's files are not set up (logged
    with the command that sets them up).  ``root``: the catalogue folder (its
    path in its git repository prefixes the editor's folders; None: taken as
    the top); ``docs_dir``: MkDocs' docs_dir, which holds the uploads (None:
    ``settings.content_dir``)."""
    if settings.editor is None:
        return False
    target = site / FOLDER
    source = bundle()
    if source is None:
        log.warning(ui("editor_missing").format(path=BUNDLE_DIR))
        return False
    target.mkdir(parents=True, exist_ok=True)
    for file in source.iterdir():
        if file.is_file() and file.suffix in (".js", ".wasm", ".txt"):
            copy = target / file.name
            if not copy.exists() or copy.stat().st_size != file.stat().st_size:
                shutil.copyfile(file, copy)
    docs = (Path(os.path.relpath(docs_dir, root)).as_posix() if root is not None and docs_dir is not None
            else str(settings.content_dir))
    data = editor_data(cat, settings.editor, settings.items_dir, settings.language,
                       repo_prefix(root) if root is not None else "", docs)
    # JSON inside a script: "</" written as "<\/" so no text can end the script element.
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":")).replace("</", "<\\/")
    (target / "config.js").write_text(
        f"window.CMS_MANUAL_INIT = true;\nwindow.CATALOGUE_EDITOR = {text};\n", encoding="utf-8")
    shutil.copyfile(START, target / START.name)
    (target / "index.html").write_text(_page(site_name), encoding="utf-8")
    return True
