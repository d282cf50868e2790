"""A catalogue without life events (issue 18, home.life_events: []): the home page
shows no empty 一件事一次办 heading and the life-events page says there are none;
with life events both list them."""

from __future__ import annotations

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.messages import page_texts
from generator.outputs.render import Renderer
from mini_catalogue import add_bundle, add_sub_item, copy_mini


def pages(root):
    settings = read_settings(root)
    report = build_catalogue(root, settings)
    assert report.catalogue is not None, report.problems
    return {p.path: p.body for p in Renderer(report.catalogue, settings, {}).pages()}


def test_no_life_events_no_empty_heading(tmp_path):
    root = copy_mini(tmp_path)
    assert not (root / "content" / "life-events").exists()
    built = pages(root)
    t = page_texts()
    assert 'id="life-events"' not in built["index.md"] and t["life_events"] not in built["index.md"]
    assert t["no_life_events"] in built["life-events/index.md"]
    assert "<li>" not in built["life-events/index.md"]


def test_life_events_are_listed(tmp_path):
    root = copy_mini(tmp_path)
    add_sub_item(root)
    add_bundle(root)
    built = pages(root)
    t = page_texts()
    assert 'id="life-events"' in built["index.md"] and 'href="life-events/' in built["index.md"]
    assert t["no_life_events"] not in built["life-events/index.md"]
    assert 'href="' in built["life-events/index.md"]
