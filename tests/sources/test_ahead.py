"""Item files parsed by a forked process (sources/ahead.py) give the same
catalogue and the same messages, in the same order, as files read one by
one: valid items, a file YAML cannot read, a duplicate key (a problem that
leaves usable data), a file in GBK, an empty file and a model error."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from generator.checks import validate
from generator.config import read_settings
from generator.sources import ahead
from generator.sources.ahead import Ahead
from generator.sources.load import load_file
from mini_catalogue import ITEM, copy_mini


def _files(root: Path) -> None:
    folder = (root / ITEM).parent
    text = (root / ITEM).read_text(encoding="utf-8")
    for n in range(2, 9):  # copies: their codes do not match their names (messages to compare too)
        (folder / f"99010100{n}000.yaml").write_text(text.replace("居民身份证首次申领", f"身份证事项{n}", 1),
                                                     encoding="utf-8")
    (folder / "990101009000.yaml").write_text("name: [未闭合\nsummary: x\n", encoding="utf-8")
    (folder / "990101010000.yaml").write_text(text + "name: 重复的名称\n", encoding="utf-8")
    (folder / "990101011000.yaml").write_bytes(text.replace("居民身份证首次申领", "户口事项", 1).encode("gb18030"))
    (folder / "990101012000.yaml").write_text("\n", encoding="utf-8")
    (folder / "990101013000.yaml").write_text(text.replace("\nfees:", "\nfeez:", 1), encoding="utf-8")


def _report(root: Path, minimum: int, monkeypatch):
    monkeypatch.setattr(ahead, "MIN_FILES", minimum)
    validate._clean_items.clear()  # a fresh process: every file is read
    report = validate.build_catalogue(root, read_settings(root))
    problems = [(p.file, p.line, p.column, p.message, p.hint, p.element, p.key, p.severity) for p in report.problems]
    entries = [e.item.model_dump_json() for e in report.catalogue.entries] if report.catalogue else None
    return problems, entries, [h.source for h in report.held_back]


def test_parsed_ahead_gives_the_same_catalogue_and_messages(tmp_path, monkeypatch):
    root = copy_mini(tmp_path)
    _files(root)
    alone = _report(root, 10**9, monkeypatch)
    assert len(alone[0]) >= 8 and alone[2]  # the broken files are reported and held back
    served = []
    get = Ahead.get

    def counted(self, path):
        try:
            doc = get(self, path)
        except validate.ProblemsFound:
            served.append(path)
            raise
        if doc is not None:
            served.append(path)
        return doc

    monkeypatch.setattr(Ahead, "get", counted)
    forked = _report(root, 0, monkeypatch)
    assert len(served) >= 6  # the fork did read every second file
    assert forked == alone


def test_ahead_answers_only_its_own_files_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(ahead, "MIN_FILES", 0)
    paths = []
    for n in range(6):
        path = tmp_path / f"{n}.yaml"
        path.write_text(f"name: 事项{n}\n" if n != 3 else "name: [未闭合\n", encoding="utf-8")
        paths.append(path)
    with Ahead(paths, lambda p: load_file(p, p.name, positions=False)) as parsed:
        assert parsed.get(paths[0]) is None  # every second file is read here
        assert parsed.get(paths[5]).data == {"name": "事项5"}  # 1 and 3 skipped: not asked for
        assert parsed.get(paths[1]) is None  # passed already: read here
    with Ahead(paths, lambda p: load_file(p, p.name, positions=False)) as parsed:
        assert parsed.get(paths[1]).data == {"name": "事项1"}
        try:
            parsed.get(paths[3])
        except validate.ProblemsFound as found:
            assert found.problems[0].file == "3.yaml" and found.problems[0].line == 1
        else:
            raise AssertionError("the unreadable file raised nothing")
    assert parsed.get(paths[5]) is None  # closed: read here


def test_fewer_collections_within_and_restored_after():
    """While the items are read the youngest generation is collected less often
    (validate._load_items); the threshold is the caller's again afterwards,
    also when reading fails."""
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with ahead.fewer_collections():
            assert gc.get_threshold() == (ahead.YOUNG_THRESHOLD, 10, 10)
        assert gc.get_threshold() == (700, 10, 10)
        with pytest.raises(ValueError), ahead.fewer_collections():
            raise ValueError
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(50_000, 5, 5)  # a caller's higher threshold is kept
        with ahead.fewer_collections():
            assert gc.get_threshold() == (50_000, 5, 5)
    finally:
        gc.set_threshold(*before)
