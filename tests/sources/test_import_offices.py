"""Offices met in an export (county trial 1): one office, whichever way the
records write it.  The Guangxi portal writes an office as "name（address）" in
one record and by its name alone in another ("港口交警大队车管所办证大厅"):
both are the same registry entry, in either order, so the office index and
search show one office with its name and address (not a second one whose
address is its name, id ``…-2``)."""

from __future__ import annotations

import yaml

from generator.sources.importers.registry import Registry

from importing import catalogue

HALL, ADDRESS = "城东车管所办证大厅", "示范市建政路11号"


def test_an_office_written_by_its_name_alone_is_the_named_office(tmp_path):
    registry = Registry(catalogue(tmp_path), region="示范市")
    named = registry.office(ADDRESS, HALL)
    assert registry.office(HALL) == named and registry.office(f" {HALL}。") == named
    assert [(e["id"], e.get("name"), e["address"]) for e in registry.new_offices] == [(named, HALL, ADDRESS)]


def test_the_name_alone_first_then_the_name_and_address(tmp_path):
    root = catalogue(tmp_path)
    registry = Registry(root, region="示范市")
    first = registry.office(HALL)
    assert registry.office(ADDRESS, HALL) == first and registry.office(HALL) == first
    registry.write("导入")
    written = [o for o in yaml.safe_load((root / "content/offices.yaml").read_text(encoding="utf-8"))
               if o["id"] == first]
    assert written == [{"id": first, "name": HALL, "address": ADDRESS}]
    assert not first.endswith("-2")


def test_an_office_of_the_registry_is_found_by_its_name(tmp_path):
    root = catalogue(tmp_path)
    offices = yaml.safe_load((root / "content/offices.yaml").read_text(encoding="utf-8"))
    known = next(o for o in offices if o.get("name"))
    registry = Registry(root, region="示范市")
    assert registry.office(known["name"]) == known["id"] and registry.new_offices == []
    # Another office of the same name at another address stays another office (nothing is guessed).
    other = registry.office("示范市某某路1号", known["name"])
    assert other != known["id"] and len(registry.new_offices) == 1
