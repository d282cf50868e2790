"""Item files parsed by a forked process (sources/ahead.py) give the same
catalogue and the same messages, in the same order, as files read one by
one: valid items, a file YAML cannot read, a duplicate key (a problem that
leaves usable data), a file in GBK, an empty file and a model error."""

from __future__ import annotations

import gc
import os
import threading
import time
from pathlib import Path

import pytest

from generator.checks import validate
from generator.config import read_settings
from generator.sources import ahead
from generator.sources.ahead import Ahead
from generator.sources.load import load_file
from mini_catalogue import ITEM, copy_demo, copy_mini


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


def _six(tmp_path) -> list[Path]:
    paths = []
    for n in range(6):
        path = tmp_path / f"{n}.yaml"
        path.write_text(f"name: 事项{n}\n" if n != 3 else "name: [未闭合\n", encoding="utf-8")
        paths.append(path)
    return paths


def _until(condition, seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "the fork did not get there"
        time.sleep(0.01)


def test_ahead_answers_each_file_once_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(ahead, "MIN_FILES", 0)
    paths = _six(tmp_path)
    with Ahead(paths, lambda p: load_file(p, p.name, positions=False)) as parsed:
        _until(lambda: parsed.bounds[0] == 6)  # the fork has taken every file
        assert parsed.get(paths[0]).data == {"name": "事项0"}
        assert parsed.get(paths[5]).data == {"name": "事项5"}  # 1 to 4 not asked for: dropped
        assert parsed.get(paths[1]) is None  # passed already: read here
    with Ahead(paths, lambda p: load_file(p, p.name, positions=False)) as parsed:
        _until(lambda: parsed.bounds[0] == 6)
        assert parsed.get(paths[1]).data == {"name": "事项1"}
        with pytest.raises(validate.ProblemsFound) as found:
            parsed.get(paths[3])
        assert found.value.problems[0].file == "3.yaml" and found.value.problems[0].line == 1
    assert parsed.get(paths[5]) is None  # closed: read here


def test_files_read_backwards_here_while_the_fork_is_busy(tmp_path, monkeypatch):
    """The fork is held on file 1: asked for it, this process reads files 5
    to 2 itself meanwhile, then gets file 1 from the fork; asked for a file
    nobody has taken, it is told to read it itself."""
    monkeypatch.setattr(ahead, "MIN_FILES", 0)
    paths = _six(tmp_path)
    go, here = tmp_path / "go", os.getpid()

    def load(path: Path):
        if path == paths[1] and os.getpid() != here:  # in the fork only
            _until(go.exists)
        return load_file(path, path.name, positions=False)

    with Ahead(paths, load) as parsed:
        _until(lambda: parsed.bounds[0] == 2)  # the fork is reading file 1
        assert parsed.get(paths[0]).data == {"name": "事项0"}
        threading.Timer(1.0, go.touch).start()
        assert parsed.get(paths[1]).data == {"name": "事项1"}
        assert sorted(parsed.backwards) == [2, 3, 4, 5] and parsed.bounds[:] == [2, 2]
        assert parsed.get(paths[2]).data == {"name": "事项2"}
        with pytest.raises(validate.ProblemsFound):
            parsed.get(paths[3])
        assert parsed.get(paths[5]).data == {"name": "事项5"}
    more = _six(tmp_path / "more") if (tmp_path / "more").mkdir() is None else None
    with Ahead(more, load) as parsed:  # nothing held: the fork takes files as they come
        parsed.close()
        assert parsed.get(more[0]) is None


def test_started_early_is_taken_only_for_the_same_files_and_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(ahead, "MIN_FILES", 0)
    paths = _six(tmp_path)

    def read(p):
        return load_file(p, p.name, positions=False)

    ahead.start_early(paths, read, key=("a",))
    assert ahead.take_early(paths, ("b",)) is None  # another reading: ended, not used
    assert ahead.take_early(paths, ("a",)) is None  # taken (and ended) once only
    ahead.start_early(paths, read, key=("a",))
    early = ahead.take_early(paths, ("a",))
    with early:
        _until(lambda: early.bounds[0] == 6)  # it has been reading since start_early
        assert early.get(paths[4]).data == {"name": "事项4"}
        assert early.get(paths[2]) is None  # passed: read here
    ahead.start_early(paths, read, key=("a",))
    ahead.discard_early()
    assert ahead.take_early(paths, ("a",)) is None


@pytest.mark.parametrize("command", ["build", "check"])
def test_build_and_check_take_the_reader_started_first(tmp_path, monkeypatch, command):
    """``build`` starts reading the item files before MkDocs reads its
    configuration, ``check`` before the registries (cli.py), and the
    catalogue is read from that reader."""
    from generator.cli import main

    root = copy_demo(tmp_path)
    monkeypatch.setattr(ahead, "MIN_FILES", 0)
    validate._clean_items.clear()
    taken = []
    take = ahead.take_early
    monkeypatch.setattr(validate, "take_early", lambda paths, key: taken.append(take(paths, key)) or taken[-1])
    assert main(["--root", str(root), command]) == 0
    assert len(taken) == 1 and taken[0] is not None and ahead._early is None
    assert (root / "site" / "index.html").is_file() == (command == "build")


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
