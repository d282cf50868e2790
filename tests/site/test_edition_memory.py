"""Memory of a build with editions (docs/performance.md, "Three editions at
20,369 items"): an edition's catalogue is converted only when its pages are
written, and it is let go, with its renderer, before the next edition's is
converted.  A real ``mkdocs build`` of the mini catalogue with ``editions:
[zh, zh-Hant, en]``, in a fresh process whose editions module is watched:
every catalogue an edition's renderer is made from is weakly referenced, and
the references still alive are counted when the next renderer is made.
Built twice: in one process, and with the pages written by forked writers
(then the last one also builds the edition's search index, which must be
the same bytes).  Before the editions are written, the flowcharts' DOT
sources and the bodies of the catalogue's generated pages are let go."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from tests.mini_catalogue import REPO, copy_mini, site_config

_WATCHED_BUILD = r"""
import gc, json, sys, weakref
from mkdocs.__main__ import cli
from generator.site import editions, parallel

parallel.MIN_PER_WORKER = int(sys.argv[2])  # 1: every share of pages by a forked writer, as at 20,000 items
events, made = [], []
real_renderer = editions.Renderer

def renderer(cat, *args, **kwargs):
    gc.collect()
    events.append(["renderer", len(made), sum(r() is not None for r in made)])
    made.append(weakref.ref(cat))
    return real_renderer(cat, *args, **kwargs)

editions.Renderer = renderer
real_write = editions.Editions.write

def write(self, *args, **kwargs):  # what the catalogue's own pages needed, still held when the editions start
    from mkdocs.structure.pages import Page
    from generator.site.plugin import CataloguePlugin
    plugin = next(o for o in gc.get_objects() if isinstance(o, CataloguePlugin))
    generated = {path for path, _ in plugin.generated}
    bodies = sum(1 for o in gc.get_objects() if isinstance(o, Page) and o.file.src_uri in generated and o.content)
    events.append(["editions", len(generated), len(plugin.drawing.sources), len(plugin.bodies), len(plugin.filled),
                   bodies])
    return real_write(self, *args, **kwargs)

editions.Editions.write = write
cli(["build", "-f", sys.argv[1], "--strict"], standalone_mode=False)  # as tests/mini_catalogue.mkdocs_build
gc.collect()
events.append(["after build", sum(r() is not None for r in made)])
print("EVENTS " + json.dumps(events))
"""


def _watched_build(tmp: Path, min_per_worker: int) -> tuple[Path, list]:
    root = copy_mini(tmp)
    site_config(root)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p for p in config["plugins"] if isinstance(p, dict) and "catalogue" in p)["catalogue"]
    options["editions"] = ["zh", "zh-Hant", "en"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8", NO_MKDOCS_2_WARNING="1",
               SOURCE_DATE_EPOCH="1700000000")
    result = subprocess.run([sys.executable, "-c", _WATCHED_BUILD, str(root / "mkdocs.yml"), str(min_per_worker)],
                            capture_output=True, text=True, encoding="utf-8", timeout=300, env=env, cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site", json.loads(result.stdout.rsplit("EVENTS ", 1)[1])


def _files(folder: Path) -> dict[str, bytes]:
    return {str(f.relative_to(folder)): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def test_each_edition_is_let_go_before_the_next_is_converted(tmp_path: Path):
    one, events = _watched_build(tmp_path / "one", 10_000)
    forked, forked_events = _watched_build(tmp_path / "forked", 1)
    for found in (events, forked_events):
        # make build lets go of the flowcharts' DOT sources and of the generated pages' bodies
        # (the plugin's and MkDocs' copies) before the editions are written.
        started = next(e for e in found if e[0] == "editions")
        assert started[1] > 10 and started[2:] == [0, 0, 0, 0], started
        renderers = [e for e in found if e[0] == "renderer"]
        # One renderer per edition beyond the catalogue's own; when the second is
        # made, the first edition's catalogue is no longer referenced anywhere.
        assert renderers == [["renderer", 0, 0], ["renderer", 1, 0]], found
        assert found[-1] == ["after build", 0], found
    for edition in ("zh-hant", "en"):  # the index a forked writer built: the same bytes
        index = _files(forked / edition / "search" / "catalogue")
        assert index and index == _files(one / edition / "search" / "catalogue"), edition
