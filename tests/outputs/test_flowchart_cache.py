"""The flowchart cache's writes and checks: ``write_atomic``'s temporary
files, the expat-based ``svg_problem`` against the ElementTree check it
replaced, and the one hash a new SVG gets."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import re
import shutil
import xml.etree.ElementTree as ET
from typing import Optional

import pytest

from generator.checks.model import Branch, Step
from generator.outputs.flowchart import FlowchartRenderer, flowchart_dot, svg_problem
from generator.outputs.flowchart import cache as cache_module
from generator.outputs.flowchart.cache import CacheIndex, write_atomic
from generator.outputs.flowchart.svg import ALLOWED_ATTRIBUTES, ALLOWED_ELEMENTS

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")


def test_write_atomic_gives_0644_and_leaves_no_temporary_file(tmp_path):
    old = os.umask(0o077)
    try:
        write_atomic(tmp_path / "a.svg", b"<svg/>")
        write_atomic(str(tmp_path / "a.svg"), b"<svg>2</svg>")  # replaced, by a str path too
    finally:
        os.umask(old)
    assert (tmp_path / "a.svg").read_bytes() == b"<svg>2</svg>"
    assert (tmp_path / "a.svg").stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["a.svg"]


def test_write_atomic_never_writes_into_a_temporary_file_left_behind(tmp_path, monkeypatch):
    """A killed build may leave ``.tmp-<pid>-<n>-<name>``; a later process
    with the same id writes through another name and leaves that file alone."""
    monkeypatch.setattr(cache_module, "_tmp_count", itertools.count(7))
    left = tmp_path / f".tmp-{os.getpid()}-7-a.svg"
    left.write_bytes(b"left by a killed build")
    write_atomic(tmp_path / "a.svg", b"<svg/>")
    assert (tmp_path / "a.svg").read_bytes() == b"<svg/>"
    assert left.read_bytes() == b"left by a killed build"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([left.name, "a.svg"])


def test_write_atomic_failure_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "a.svg"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.svg"]


_SVG = "{http://www.w3.org/2000/svg}"
_ACTIVE_VALUE = re.compile(r"url\s*\(|javascript\s*:|data\s*:|expression\s*\(", re.I)


def _elementtree_problem(data: bytes) -> Optional[str]:
    """The check before expat (ElementTree, then a walk over the tree): the reference."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    if not text.startswith("<svg ") or not text.endswith("</svg>\n") or "<!" in text or "<?" in text:
        return "shape"
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        return f"not well-formed XML: {exc}"
    if root.tag != _SVG + "svg":
        return "root"
    for element in root.iter():
        if element.tag not in ALLOWED_ELEMENTS or not ALLOWED_ATTRIBUTES.issuperset(element.attrib):
            return "element or attribute"
        if any(_ACTIVE_VALUE.search(v) for v in element.attrib.values()):
            return "value"
    return None


def _steps() -> list[Step]:
    return [
        Step(id="apply", name="申请 url(x) javascript:1", actor="申请人"),
        Step(id="accept", name="受理", actor="窗口工作人员", branches=[
            Branch(when="材料不齐全 <script>", to="fix"), Branch(when="不符合 data:1", to="reject")]),
        Step(id="fix", name="补正材料", next="accept"),
        Step(id="reject", name="不予受理", end=True),
        Step(id="decide", name="审核"),
    ]


@needs_dot
def test_svg_check_refuses_what_the_elementtree_check_refused(tmp_path):
    """40 mutations of each of two real flowcharts (one with alarm words in
    its labels, so attribute values are searched), seeded: the expat check
    passes exactly what the ElementTree walk passed."""
    renderer = FlowchartRenderer(tmp_path)
    sources = {"words": flowchart_dot(_steps(), title="url( data:"), "plain": flowchart_dot(_steps()[1:4])}
    names = renderer.render(sources)
    originals = [(tmp_path / names[k]).read_bytes() for k in sources]
    assert all(svg_problem(d) is None and _elementtree_problem(d) is None for d in originals)
    pieces = [b"<script>", b"</g>", b"<", b">", b'"', b' onload="x"', b' href="x"', b"&#117;", b"url(",
              b"<a>", b"</a>", b"&", b"&amp;", b"<!--", b"\xff", b'<g id="x">', b' style="a"',
              b'<x:g xmlns:x="http://www.w3.org/2000/svg">', b"</x:g>", b' xmlns:q="u" q:fill="1"',
              b"<foreignObject/>", b" fill='data:x'", b"<svg>", b' xmlns="http://e"', b'<g xmlns="http://e">',
              b' fill="url(#a)"', b"<?x y?>", b'<text xml:space="preserve">',
              # whole elements, put between two tags: well-formed, so only the lists refuse them
              b"<script/>", b"<a/>", b'<g onload="x"/>', b'<path fill="url(#a)"/>', b'<g id="x"/>',
              b'<image href="x"/>', b'<g xmlns="http://e"/>', b'<text x="1">&#117;rl(</text>']
    rnd = random.Random(14)
    refused = 0
    for _ in range(40):
        for original in originals:
            data = bytearray(original)
            between = [m.end() for m in re.finditer(rb">\n<", data)]
            for _ in range(rnd.randint(1, 2)):
                at = rnd.randrange(len(data))
                if rnd.random() < 0.5:
                    at = rnd.choice(between) - 1  # just before a tag
                    data[at:at] = rnd.choice(pieces[-8:])
                elif rnd.random() < 0.6:
                    data[at:at] = rnd.choice(pieces)
                else:
                    del data[at:at + rnd.randint(1, 20)]
            data = bytes(data)
            expected = _elementtree_problem(data)
            assert (svg_problem(data) is None) == (expected is None), (data, expected)
            refused += expected is not None
    assert refused > 40  # most mutations make something the check must refuse


@needs_dot
def test_a_new_svg_is_hashed_once_and_its_digest_is_what_the_index_holds(tmp_path, monkeypatch):
    """The digest recorded in the index (and kept as verified) is the SHA-256
    of the bytes on disk, computed once per new SVG."""
    calls = []
    real = cache_module.digest

    def counting(data: bytes) -> str:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(cache_module, "digest", counting)
    import generator.outputs.flowchart.draw as draw
    monkeypatch.setattr(draw, "digest", counting)
    renderer = FlowchartRenderer(tmp_path)
    name = renderer.render({"x": flowchart_dot(_steps())})["x"]
    data = (tmp_path / name).read_bytes()
    assert calls == [len(data)]
    index = json.loads((tmp_path / CacheIndex.FILE).read_text(encoding="utf-8"))
    assert index[name] == hashlib.sha256(data).hexdigest() == renderer._verified[name]


@needs_dot
def test_a_cache_file_changed_while_it_is_read_is_not_used(tmp_path, monkeypatch):
    """``cached`` uses the bytes only when as many were read as the file had
    when it was opened (a file being rewritten in place is drawn again)."""
    renderer = FlowchartRenderer(tmp_path)
    name = renderer.render({"x": flowchart_dot(_steps())})["x"]
    fresh = FlowchartRenderer(tmp_path)
    assert fresh.cached(name) is not None
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real_read(fd, n) + b" ")  # grew while read
    assert FlowchartRenderer(tmp_path).cached(name) is None
