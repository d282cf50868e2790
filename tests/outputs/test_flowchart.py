"""Flowcharts (DOT, batched cached rendering with real Graphviz, alt text) and QR codes."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.outputs.flowchart import (
    FlowchartError,
    FlowchartRenderer,
    FlowchartTimeout,
    FlowLabels,
    GraphvizNotFound,
    flowchart_alt,
    flowchart_dot,
    successors,
    svg_problem,
    wrap_text,
)
from generator.checks.model import Branch, Step

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")

SVG_NS = "{http://www.w3.org/2000/svg}"


def sample_steps() -> list[Step]:
    """The shape of items/public-security/990101001000.yaml plus a terminal outcome."""
    return [
        Step(id="apply", name="申请", actor="申请人"),
        Step(id="accept", name="受理", actor="窗口工作人员", branches=[
            Branch(when="材料不齐全", to="supplement"),
            Branch(when="不符合受理条件", to="reject"),
        ]),
        Step(id="supplement", name="补正材料", next="accept"),
        Step(id="decide", name="审核"),
        Step(id="deliver", name="领取证件"),
        Step(id="reject", name="不予受理", end=True),
    ]


def node_ids(dot: str) -> dict[str, str]:
    """First line of each step node's label -> generated node id."""
    return {m.group(2): m.group(1) for m in re.finditer(r"^  (n\d+) \[(?:group=main, )?label=<([^<>]*?)(?:<BR/>|>)", dot, re.M)}


def svg_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]


# --- DOT --------------------------------------------------------------------

def test_dot_has_all_labels_and_the_flow():
    dot = flowchart_dot(sample_steps())
    for label in ["开始", "办结", "申请", "申请人", "受理", "窗口工作人员", "补正材料", "审核",
                  "领取证件", "不予受理", "材料不齐全", "不符合受理条件"]:
        assert label in dot
    # Node ids are generated, never the author's step ids.
    for step_id in ["apply", "accept", "supplement", "decide", "deliver", "reject"]:
        assert step_id not in dot
    n = node_ids(dot)
    assert n == {"申请": "n0", "受理": "n1", "补正材料": "n2", "审核": "n3", "领取证件": "n4", "不予受理": "n5"}
    edges = re.findall(r"^  (\w+) -> (\w+)( \[.*\])?;$", dot, re.M)
    assert [(a, b) for a, b, _ in edges] == [
        ("start", "n0"), ("n0", "n1"),
        ("n1", "n3"), ("n1", "n2"), ("n1", "n5"),   # default next skips the detours
        ("n2", "n1"),                               # next: accept
        ("n3", "n4"), ("n4", "end"),
    ]
    branch_attrs = {(a, b): attrs for a, b, attrs in edges if attrs}
    assert branch_attrs[("n1", "n2")] == " [label=<材料不齐全>, style=dashed]"
    # The terminal step: its own shape, nothing goes out of it.
    assert re.search(r"^  n5 \[.*shape=box, peripheries=2", dot, re.M)
    assert not re.search(r"^  n5 ->", dot, re.M)
    # Every font is set: no Times anywhere.
    for part in ("graph", "node", "edge"):
        assert re.search(rf'^  {part} \[.*fontname="WenQuanYi Micro Hei"', dot, re.M)
    assert "rankdir=TB" in dot


def test_dot_is_deterministic_and_font_configurable():
    assert flowchart_dot(sample_steps()) == flowchart_dot(sample_steps())
    dot = flowchart_dot(sample_steps(), fontname="Noto Sans CJK SC",
                        labels=FlowLabels(start="Start", end="Done"))
    assert dot.count('fontname="Noto Sans CJK SC"') == 3
    assert "WenQuanYi" not in dot
    assert "label=<Start>" in dot and "label=<Done>" in dot


def test_successors_rule():
    assert successors(sample_steps()) == [1, 3, 1, 4, None, None]
    # A terminal step last in the list is not where the normal flow goes...
    steps = [Step(id="a", name="申请", branches=[Branch(when="不符合", to="no")]),
             Step(id="b", name="决定"), Step(id="no", name="不予许可", end=True)]
    assert successors(steps) == [1, None, None]
    # ...but a final step marked end without any branch to it is.
    steps = [Step(id="a", name="申请"), Step(id="b", name="当场办结", end=True)]
    assert successors(steps) == [1, None]
    dot = flowchart_dot(steps)
    assert "n0 -> n1;" in dot and "-> end" not in dot and "办结" not in dot.replace("当场办结", "")


def test_long_labels_are_wrapped_for_phones():
    lines = wrap_text("申请人通过网上办理平台提交申请材料并上传照片", 10)
    assert lines == ["申请人通过网上办理平", "台提交申请材料并上传", "照片"]
    # Latin words are not cut, and closing punctuation does not start a line.
    assert wrap_text("上传 PDF document 文件", 6) == ["上传 PDF", "document 文", "件"]
    assert wrap_text("一二三四五六七八九十。", 10) == ["一二三四五六七八九十。"]
    dot = flowchart_dot([Step(id="a", name="申请人通过网上办理平台提交申请材料并上传照片")])
    assert "申请人通过网上办理平<BR/>台提交申请材料并上传<BR/>照片" in dot


def test_alt_text():
    assert flowchart_alt(sample_steps()) == (
        "办理流程图：申请 → 受理 → 审核 → 领取证件；"
        "材料不齐全时转到补正材料，不符合受理条件时转到不予受理（流程终止），补正材料后回到受理")
    assert flowchart_alt([Step(id="a", name="申请")]) == "办理流程图：申请"
    # The alt text is also the graph's title.
    assert flowchart_dot(sample_steps()).startswith('digraph "办理流程图：申请 → 受理')


# --- rendering with Graphviz -----------------------------------------------

def many_sources(count: int) -> dict[str, str]:
    sources = {}
    for k in range(count):
        steps = [Step(id=f"s{i}", name=f"环节{k}-{i}") for i in range(3 + k % 5)]
        steps[1] = Step(id="s1", name=f"受理{k}", branches=[Branch(when="材料不齐全", to="fix")])
        steps.append(Step(id="fix", name="补正材料", next="s1"))
        sources[f"item-{k}"] = flowchart_dot(steps)
    return sources


@needs_dot
def test_batch_is_rendered_in_few_processes_and_cached(tmp_path):
    sources = many_sources(50)
    cache, out = tmp_path / "cache", tmp_path / "site" / "flowcharts"
    renderer = FlowchartRenderer(cache, out)
    names = renderer.render(sources)
    assert set(names) == set(sources)
    assert all(re.fullmatch(r"[0-9a-f]{16}\.svg", n) for n in names.values())
    assert len(set(names.values())) == 50
    # The version probe (dot -V) plus one process for the 50 graphs.
    assert renderer.processes_started <= 2
    assert renderer.graphs_rendered == 50 and renderer.cache_hits == 0
    for name in names.values():
        assert (cache / name).is_file() and (out / name).is_file()
    assert not [p for p in cache.iterdir() if p.name.startswith(".tmp-")]

    # A warm build (a new renderer, as in the next `mkdocs build`) starts no process.
    warm = FlowchartRenderer(cache, out)
    assert warm.render(sources) == names
    assert warm.processes_started == 0
    assert warm.graphs_rendered == 0 and warm.cache_hits == 50

    # One changed graph: only that one is rendered.
    changed = dict(sources, **{"item-3": flowchart_dot([Step(id="a", name="新环节")])})
    again = FlowchartRenderer(cache).render(changed)
    assert again["item-3"] != names["item-3"] and again["item-4"] == names["item-4"]


@needs_dot
def test_identical_sources_share_one_file(tmp_path):
    renderer = FlowchartRenderer(tmp_path)
    src = flowchart_dot(sample_steps())
    names = renderer.render({"a": src, "b": src})
    assert names["a"] == names["b"] and renderer.graphs_rendered == 1


@needs_dot
def test_svg_text_font_and_accessibility(tmp_path):
    renderer = FlowchartRenderer(tmp_path)
    name = renderer.render({"x": flowchart_dot(sample_steps())})["x"]
    svg = (tmp_path / name).read_text(encoding="utf-8")
    texts = svg_texts(svg)
    for label in ["开始", "申请", "申请人", "受理", "补正材料", "审核", "领取证件", "不予受理",
                  "材料不齐全", "不符合受理条件", "办结"]:
        assert label in texts
    root = ET.fromstring(svg)
    assert root.get("font-family", "").startswith("'WenQuanYi Micro Hei',")
    assert root.get("font-family", "").endswith("sans-serif")
    assert "Times" not in svg and "serif'" not in svg
    assert root.get("viewBox") and root.get("role") == "img"
    assert root[0].tag == f"{SVG_NS}title"
    assert root[0].text == flowchart_alt(sample_steps())
    assert "<!--" not in svg and "<?xml" not in svg
    # No leftover generated ids as tooltips or element ids.
    assert "<title>n0</title>" not in svg and 'id="node' not in svg


HOSTILE = [
    '"]; x [label="',
    "<script>alert(1)</script>",
    "C:\\N\\G\\l back\\",
    "two\nlines\r\x00and\u2028more",
    "&amp; &lt;b&gt; ]]> --> <!-- '",
    "}\ndigraph evil { a }",
]


@needs_dot
def test_hostile_labels_are_escaped(tmp_path):
    steps = [
        Step.model_construct(id=f"s{i}", name=text, actor=text, time_limit=None, standard=None,
                             result=None, next=None, end=False,
                             branches=[Branch.model_construct(when=text, to="s0")])
        for i, text in enumerate(HOSTILE)
    ]
    # Hostile step ids never reach the DOT either.
    steps.append(Step.model_construct(id='x"];evil', name="结束", actor=None, time_limit=None,
                                      standard=None, result=None, next=None, end=True, branches=[]))
    dot = flowchart_dot(steps)
    assert "evil" not in dot.replace("digraph evil", "")  # only inside labels, escaped
    # The graph name (the title) is a quoted string; every label is escaped HTML.
    body = dot.split("\n", 1)[1]
    assert "<script>" not in body and "\n}\ndigraph" not in dot
    assert dot.count("\n}") == 1
    renderer = FlowchartRenderer(tmp_path)
    name = renderer.render({"hostile": dot})["hostile"]
    svg = (tmp_path / name).read_text(encoding="utf-8")
    root = ET.fromstring(svg)  # well-formed XML
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert "<script" not in svg and "&lt;script&gt;" in svg
    text = "".join(svg_texts(svg))  # wrapped lines joined again
    assert '"]; x [label="' in text
    assert "<script>alert(1)</script>" in text  # shown as text, not markup
    assert "C:\\N\\G\\l" in text                # backslash escapes not expanded
    assert "&amp; &lt;b&gt;" in text
    assert "two lines" in text                  # control characters became spaces
    assert "evil" in text                       # ... as text only
    assert len(root.findall(f"{SVG_NS}g")) == 1  # one graph, nothing injected


@needs_dot
def test_dot_failure_names_the_graph(tmp_path):
    renderer = FlowchartRenderer(tmp_path)
    good = flowchart_dot(sample_steps())
    with pytest.raises(FlowchartError) as info:
        renderer.render({"good": good, "broken-item": "digraph { a -> ; }"})
    assert info.value.key == "broken-item" and "broken-item" in str(info.value)
    # The good graph of the failed batch was kept.
    warm = FlowchartRenderer(tmp_path)
    warm.render({"good": good})
    assert warm.processes_started == 0


def test_missing_dot_says_install_graphviz(tmp_path):
    renderer = FlowchartRenderer(tmp_path, dot="no-such-dot-program")
    with pytest.raises(GraphvizNotFound, match="Graphviz"):
        renderer.render({"x": "digraph { a }"})



@needs_dot
@pytest.mark.parametrize("separate", [True, False], ids=["process", "thread"])
def test_background_drawing_returns_failures_and_publishes_here(tmp_path, separate):
    """make build draws in a forked process (separate), make serve on a thread:
    either way the failed graph comes back named, and this process publishes
    the good ones from the cache the drawing filled."""
    from generator.outputs.flowchart import BackgroundDrawing
    sources = many_sources(5)
    renderer = FlowchartRenderer(tmp_path / "cache")
    drawing = BackgroundDrawing(renderer, separate=separate)
    assert (drawing._process is not None) == separate
    for key, src in sources.items():
        drawing.add(key, src)
    drawing.add("broken-item", "digraph { a -> ; }")
    names = drawing.names()
    failures = drawing.wait()
    assert [(f.key, type(f)) for f in failures] == [("broken-item", FlowchartError)]
    assert renderer.graphs_rendered == 5  # counted where it was drawn, passed back
    good = sorted({names[key] for key in sources})
    renderer.publish(good, tmp_path / "site")
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == good
    assert renderer.processes_started > 0 and not list((tmp_path / "site").glob("*.tmp*"))


def test_background_drawing_in_a_process_says_install_graphviz(tmp_path):
    from generator.outputs.flowchart import BackgroundDrawing
    drawing = BackgroundDrawing(FlowchartRenderer(tmp_path, dot="no-such-dot-program"), separate=True)
    drawing.add("x", "digraph { a }")
    with pytest.raises(GraphvizNotFound, match="Graphviz"):
        drawing.wait()


# (QR codes: tests/outputs/test_qrcode.py)


# --- reproducible, verified, bounded (issue 12) ------------------------------

@needs_dot
def test_a_graph_drawn_alone_and_in_a_batch_gives_the_same_bytes(tmp_path):
    """In a batch Graphviz names every graph after the first ``page0,1_graph0``
    (and the title was then lost): bytes must depend only on the graph."""
    sources = many_sources(6)
    sources["sample"] = flowchart_dot(sample_steps())
    batch = FlowchartRenderer(tmp_path / "batch")
    names = batch.render(sources)
    assert batch.processes_started == 2  # dot -V and one batch: they really were drawn together
    for key, src in sources.items():
        alone = FlowchartRenderer(tmp_path / f"alone-{key}")
        assert alone.render({key: src})[key] == names[key]
        together = (tmp_path / "batch" / names[key]).read_bytes()
        assert (tmp_path / f"alone-{key}" / names[key]).read_bytes() == together, key
        root = ET.fromstring(together)
        assert root[0].tag == f"{SVG_NS}title" and root[0].text.startswith("办理流程图：")
        assert b" id=" not in together


def _corrupt_and_redraw(tmp_path, corrupt) -> None:
    cache = tmp_path / "cache"
    src = flowchart_dot(sample_steps())
    name = FlowchartRenderer(cache).render({"x": src})["x"]
    good = (cache / name).read_bytes()
    corrupt(cache / name, cache)
    again = FlowchartRenderer(cache, tmp_path / "site")
    assert again.render({"x": src}) == {"x": name}
    assert again.graphs_rendered == 1 and again.cache_hits == 0 and again.cache_rejected == 1
    assert (cache / name).read_bytes() == good
    assert (tmp_path / "site" / name).read_bytes() == good


@needs_dot
@pytest.mark.parametrize("how", ["truncated", "replaced", "script", "script-and-index", "empty", "missing-index"])
def test_a_corrupt_cache_entry_is_drawn_again(tmp_path, how):
    import json
    from generator.outputs.flowchart.cache import digest

    other = None

    def corrupt(path: Path, cache: Path) -> None:
        nonlocal other
        data = path.read_bytes()
        if how == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif how == "replaced":  # another valid flowchart under this name
            other_name = FlowchartRenderer(cache).render({"y": flowchart_dot([Step(id="a", name="别的")])})["y"]
            path.write_bytes((cache / other_name).read_bytes())
        elif how.startswith("script"):
            path.write_bytes(data.replace(b"</svg>", b"<script>alert(1)</script></svg>"))
            if how == "script-and-index":  # a forged index too: the content check still refuses it
                index = json.loads((cache / "index.json").read_text())
                index[path.name] = digest(path.read_bytes())
                (cache / "index.json").write_text(json.dumps(index))
        elif how == "empty":
            path.write_bytes(b"")
        elif how == "missing-index":  # e.g. a cache from an older renderer
            (cache / "index.json").unlink()

    _corrupt_and_redraw(tmp_path, corrupt)


@needs_dot
def test_site_flowcharts_are_copies_not_links(tmp_path):
    cache, out = tmp_path / "cache", tmp_path / "site"
    name = FlowchartRenderer(cache, out).render({"x": flowchart_dot(sample_steps())})["x"]
    published = (out / name).read_bytes()
    assert (out / name).stat().st_nlink == 1 and (cache / name).stat().st_ino != (out / name).stat().st_ino
    with open(cache / name, "r+b") as f:  # rewritten in place
        f.write(b"<svg onload=alert(1)")
    assert (out / name).read_bytes() == published


def test_svg_check_refuses_active_content():
    from generator.outputs.flowchart.svg import looks_plain
    head = '<svg width="10pt" height="10pt" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg" role="img">'
    good = f'{head}<title>办理流程图：申请 &lt;script&gt; href url(</title><g class="graph"><text x="1" y="2">a</text></g></svg>\n'
    assert svg_problem(good.encode()) is None
    assert not looks_plain(good.encode())  # the words are only in text: the full check passes it
    bad = {
        "script": f"{head}<script>alert(1)</script></svg>\n",
        "prefixed script": f'{head}<x:script xmlns:x="http://www.w3.org/2000/svg">1</x:script></svg>\n',
        "handler": f'{head}<g onload="alert(1)"></g></svg>\n',
        "link": f'{head}<a href="javascript:alert(1)"><text>x</text></a></svg>\n',
        "xlink": f'{head}<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="https://evil/x.svg#a"/></svg>\n',
        "foreign": f"{head}<foreignObject><p>x</p></foreignObject></svg>\n",
        "url value": f'{head}<path fill="url(https://evil/p.svg#x)" d="M0 0"/></svg>\n',
        "char ref value": f'{head}<path fill="&#117;rl(https://evil/p.svg#x)" d="M0 0"/></svg>\n',
        "style": f'{head}<g style="fill:url(https://evil)"></g></svg>\n',
        "entities": '<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + f"{head}<title>&a;</title></svg>\n",
        "truncated": f'{head}<g class="graph"><text x="1"',
        "not xml": f"{head}<g></svg>\n",
        "id": f'{head}<g id="x"></g></svg>\n',
    }
    for label, text in bad.items():
        assert svg_problem(text.encode()) is not None, label
        # The fast screen of hash-verified files lets nothing active through
        # (malformed or an id is harmless there: the hash says it is ours).
        if label not in ("not xml", "id"):
            assert not looks_plain(text.encode()), label


def _dense(steps: int, branches: int) -> str:
    from devtools.bench_flowchart import dense_flow
    return flowchart_dot(dense_flow(steps, branches))


@needs_dot
def test_dot_is_stopped_after_its_timeout_and_names_the_graph(tmp_path):
    """A graph dot cannot draw in time ends in FlowchartTimeout naming it;
    the other graphs of the batch are drawn; the wait is bounded."""
    import time
    renderer = FlowchartRenderer(tmp_path, graph_timeout=0.5, batch_timeout=1.0, batch_timeout_per_graph=0)
    good = flowchart_dot(sample_steps())
    start = time.monotonic()
    with pytest.raises(FlowchartTimeout) as info:
        renderer.render({"good": good, "tangled-item": _dense(60, 3)})  # ~5-25 s for dot
    assert time.monotonic() - start < 5
    assert info.value.key == "tangled-item" and info.value.failures == [info.value]
    warm = FlowchartRenderer(tmp_path)
    warm.render({"good": good})
    assert warm.processes_started == 0


def test_flow_limits_are_far_below_where_dot_explodes():
    """The check's limits (rules.MAX_FLOW_*) against the measurement in
    devtools/bench_flowchart.py: a flow at the limits is drawn in well under
    a second."""
    import time
    from generator.checks.rules import MAX_FLOW_BRANCHES, MAX_FLOW_STEPS, flow_fits
    from devtools.bench_flowchart import dense_flow
    at_limit = dense_flow(MAX_FLOW_STEPS, MAX_FLOW_BRANCHES // MAX_FLOW_STEPS)
    assert flow_fits(at_limit)
    assert not flow_fits(dense_flow(MAX_FLOW_STEPS + 1, 0))
    assert not flow_fits(dense_flow(MAX_FLOW_STEPS, MAX_FLOW_BRANCHES // MAX_FLOW_STEPS + 1))
    if shutil.which("dot"):
        import subprocess
        start = time.monotonic()
        subprocess.run(["dot", "-Tsvg"], input=flowchart_dot(at_limit).encode(), capture_output=True, check=True)
        assert time.monotonic() - start < 3


@needs_dot
def test_a_rebuild_in_one_process_trusts_only_a_checked_file_left_unchanged(tmp_path, monkeypatch):
    """`make serve`: a cache file checked by an earlier rebuild, and the copy in
    the kept site folder, are not read again while their size, time and inode
    are unchanged (cache.known_good); a file changed since is checked again."""
    cache, site = tmp_path / "cache", tmp_path / "site"
    src = flowchart_dot(sample_steps())
    name = FlowchartRenderer(cache, site).render({"x": src})["x"]  # drawn
    FlowchartRenderer(cache, site).render({"x": src})  # checked, and the site copy compared
    reads = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or read_bytes(self))
    third = FlowchartRenderer(cache, site)
    third.render({"x": src})
    assert third.cache_hits == 1 and third.graphs_rendered == 0 and reads == []
    monkeypatch.undo()
    good = (cache / name).read_bytes()
    (cache / name).write_bytes(good.replace(b"</svg>", b"<script>alert(1)</script></svg>"))  # same inode
    fourth = FlowchartRenderer(cache, site)
    fourth.render({"x": src})
    assert fourth.cache_rejected == 1 and fourth.graphs_rendered == 1
    assert (cache / name).read_bytes() == good == (site / name).read_bytes()
