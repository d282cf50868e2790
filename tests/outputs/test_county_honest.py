"""County trial 1 (C1–C5, C9, C11–C13, F7, F8): on a catalogue shaped like a
real provincial export (no summaries, no classification, no facilitation,
no online depth, a negative-list item without its reason, an empty proofs
list), the published pages state only what the files state: an unknown is
told as not stated, never printed as None, 0, "no" or a rate.

The mini catalogue (tests/fixtures/mini) is cut down to that shape; pages are
rendered with the real renderer, and the home and 404 pages through a real
MkDocs build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.checks.validate import build_catalogue
from generator.config import read_settings
from generator.outputs.render import Renderer

from mini_catalogue import DEMO, ITEM, ONLINE_ITEM, add_bundle, add_sub_item, check, copy_mini, edit, mkdocs_build, \
    run_cli, site_config

CLASSIFICATIONS = ("audiences", "industries", "service_types", "topics")


def _drop(root: Path, relative: str, *keys: str) -> None:
    """Delete the top-level lines ``key: …`` (one line each) of an item file."""
    path = root / relative
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(tuple(f"{k}:" for k in keys))]
    assert len(lines) - len(kept) >= 1
    path.write_text("".join(kept), encoding="utf-8")


def exported(tmp_path: Path) -> Path:
    """The mini catalogue as an export gives it: no summary, classification
    (but the online item's service type), facilitation or visit reason; the
    online item without its depth (the fixture states none); an empty proofs
    list."""
    root = copy_mini(tmp_path)
    _drop(root, ITEM, "summary", "visit_reason", *CLASSIFICATIONS)
    _drop(root, ONLINE_ITEM, "summary", "audiences", "industries")  # keeps its service type; it has no topic
    (root / "content" / "proofs.yaml").write_text("# 待公布\n[]\n", encoding="utf-8")
    edit(root, ONLINE_ITEM, "    proof: no-criminal-record\n", "")
    return root


def pages(root: Path) -> dict[str, str]:
    """Every page but the item pages, by path (e.g. "negative-list/index.md"), and the item pages."""
    settings = read_settings(root)
    report = build_catalogue(root, settings)
    assert report.catalogue is not None, report.problems
    renderer = Renderer(report.catalogue, settings, {})
    out = {p.path: p.body for p in renderer.pages()}
    out.update({p.path: p.body for p in renderer.item_pages()})
    return out


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    root = exported(tmp_path_factory.mktemp("county"))
    return root, pages(root)


# --- C1: the negative list -------------------------------------------------------------

def test_negative_list_says_a_missing_reason_is_not_stated_and_whom_to_ask(county):
    root, site = county
    page = site["negative-list/index.md"]
    assert "None" not in page
    assert "未注明，请咨询 " in text(page) and 'href="tel:0999-11000001"' in page  # the item's consultation phone
    assert "其中 1 项还没有写明原因" in text(page) and "每项都写明了原因" not in page
    # The gap is listed for the department: check --gaps and the data-quality page.
    assert "需现场办理原因" in text(site["quality/index.md"])
    gaps = run_cli(root, "check", "--gaps")
    assert any("visit_reason" in line for line in gaps.stdout.splitlines()), gaps.stdout


def test_negative_list_with_every_reason_says_so(tmp_path):
    page = pages(copy_mini(tmp_path))["negative-list/index.md"]
    assert "每项都写明了原因" in page and "未注明" not in page and "需本人到场采集人像" in page


# --- C9: the summary's gap in a reader's words ----------------------------------------

def test_missing_summary_is_told_in_a_readers_words_with_whom_to_ask(county):
    _, site = county
    page = text(site["items/990101001000/index.md"])
    assert "这个事项的简介未注明，请咨询 0999-11000001" in page
    assert "主要内容" not in page


# --- C4: statistics and marks over the items that state them ---------------------------

def test_statistics_never_count_an_unknown_as_no(county):
    _, site = county
    page = text(site["statistics/index.md"])
    # Neither item states its facilitation: no "0 个" for any measure.
    for name in ("告知承诺", "一证通办", "一网通办", "智能秒办"):
        assert f"{name}： 未注明（2 个事项都未注明）" in page, page
    # The online item does not state how far online: the rate counts the window item only.
    assert "全程网办率： 0.0%（0 个；只计注明的 1 个事项，另有 1 个事项未注明）" in page, page
    assert "最多跑一次比例（含零跑动）： 50.0%（1 个）" in page, page  # both state their visits (2 and 0)
    marks = text(site["marks/index.md"])
    assert "告知承诺 0 项（2 个事项未注明）" in marks and "全程网办 0 项（1 个事项未注明）" in marks
    assert "另有 2 个事项没有注明这一项" in text(site["marks/commitment/index.md"])


def test_a_stated_measure_is_counted_over_the_items_stating_it(tmp_path):
    root = exported(tmp_path)
    edit(root, ITEM, "visits: 2\n", "visits: 2\nfacilitation: {commitment: true}\n")
    site = pages(root)
    page = text(site["statistics/index.md"])
    assert "告知承诺： 1 个（只计注明的 1 个事项，另有 1 个事项未注明）" in page, page
    assert "一证通办： 0 个（只计注明的 1 个事项，另有 1 个事项未注明）" in page, page
    assert "告知承诺 1 项（1 个事项未注明）" in text(site["marks/index.md"])


# --- C5: no way in that leads to nothing -------------------------------------------------

def test_terms_and_classifications_without_items_are_not_offered(county):
    _, site = county
    home = site["index.md"]
    assert "audiences/" not in home and "按对象查找" not in home  # no item states an audience
    assert 'href="industries/"' not in home and 'href="topics/"' not in home
    assert 'href="service-types/"' in home  # the online item keeps its service type
    assert 'href="marks/commitment/"' not in home and 'href="marks/online/"' not in home  # nothing to list
    assert 'href="marks/zero-trip/"' in home and 'href="marks/one-trip/"' not in home  # visits 0 and 2
    audiences = text(site["audiences/index.md"])
    assert "暂无：还没有事项注明这一分类（2 个事项未注明）" in audiences and "0 项" not in audiences
    types = site["service-types/index.md"]
    assert "证照办理" not in types and "0 项" not in types  # a term without items is left out
    assert '<a href="../service-types/subsidy/">补贴发放</a> <span class="osc-count">1 项' in types, types
    assert "另有 1 个事项没有注明这一项" in text(types)
    # Their own pages stay (links to them keep working), saying there is nothing yet.
    assert "暂无事项" in site["audiences/individual/index.md"]


def test_only_the_audiences_items_name_are_on_the_home_page(tmp_path):
    root = exported(tmp_path)
    edit(root, ITEM, "visits: 2\n", "visits: 2\naudiences: [individual]\n")
    home = pages(root)["index.md"]
    assert "按对象查找" in home and 'href="audiences/individual/"' in home
    assert "audiences/business/" not in home


# --- F8/C3: no proofs list --------------------------------------------------------------

def test_without_a_proofs_list_the_page_says_it_is_not_published(county):
    _, site = county
    page = text(site["proofs/index.md"])
    assert "还没有公布证明材料清单" in page
    assert "没有需要群众提供" not in page and "办事时只会要求提供本清单中的证明材料" not in page


def test_without_a_proofs_list_one_warning_names_the_materials_that_look_like_proofs(county):
    root, _ = county
    told = [p for p in check(root) if "证明" in p.message and not p.is_error]
    assert len(told) == 1, told  # one for the catalogue, not one for each material
    problem = told[0]
    assert (problem.file, problem.line) == ("content/proofs.yaml", 2)  # the list, below its comment
    assert "无犯罪记录证明" in problem.message and "1 个事项" in problem.message


def test_with_a_proofs_list_the_material_is_told_where_it_is(tmp_path):
    root = copy_mini(tmp_path)
    edit(root, ONLINE_ITEM, "    proof: no-criminal-record\n", "")
    edit(root, ONLINE_ITEM, "name: 无犯罪记录证明", "name: 居住证明")
    told = [p for p in check(root) if "证明" in p.message and not p.is_error]
    assert [p.file for p in told] == [ONLINE_ITEM], told


def test_the_demos_proofs_list_left_in_a_county_is_told_once(tmp_path):
    # The demo's list holds no region name, phone or host: leftovers.proofs_left compares entries.
    import shutil
    from generator.checks.leftovers import proofs_left
    top = tmp_path / "repo"
    demo = top / "examples" / "demo-city"
    shutil.copytree(DEMO / "content", demo / "content")
    shutil.copy(DEMO / "mkdocs.yml", demo / "mkdocs.yml")
    root = copy_mini(top)
    edit(root, "mkdocs.yml", "sample_data: true", "sample_data: false")
    shutil.copy(DEMO / "content" / "proofs.yaml", root / "content" / "proofs.yaml")
    told = [line for line in run_cli(root, "check").stdout.splitlines() if "证明材料清单的" in line]
    assert len(told) == 1 and told[0].startswith("content/proofs.yaml:") and "示例目录" in told[0], told
    first = next(n for n, line in enumerate((root / "content/proofs.yaml").read_text(encoding="utf-8").splitlines(), 1)
                 if line.startswith("- id:"))
    assert told[0].startswith(f"content/proofs.yaml:{first}:1:")
    # Two proofs in common with the demo (national ones such as 出生医学证明) are not a leftover list.
    demo_list = (DEMO / "content" / "proofs.yaml").read_text(encoding="utf-8")
    entries = demo_list.split("\n- id: ")
    (root / "content" / "proofs.yaml").write_text("\n- id: ".join(entries[:3]) + "\n", encoding="utf-8")
    assert proofs_left(root, read_settings(root), demo) == []


# --- F7/C2: sample texts of `generator new` hold the item back ---------------------------

def test_a_new_item_with_sample_texts_is_held_back_and_listed(tmp_path):
    root = copy_mini(tmp_path)
    result = run_cli(root, "new", "civil-affairs", "--type", "public_service", "--name", "测试补贴申领")
    assert result.returncode == 0, result.stderr
    path = root / "items/civil-affairs/992002002000.yaml"
    path.write_text(path.read_text(encoding="utf-8")
                    .replace("# channels: {forms: []}", "channels: {forms: [window]}")
                    .replace("# offices: [{office: }]", "offices: [{office: city-service-centre}]"), encoding="utf-8")
    site = pages(root)
    assert "items/992002002000/index.md" not in site
    quality = text(site["quality/index.md"])
    assert "测试补贴申领" in quality and "还是示例内容“（示例）" in quality
    assert "（示例）" not in "".join(body for path, body in site.items() if path.startswith("items/"))


# --- C11: an id the importer made up is not the source's number --------------------------

def test_a_grouping_item_keyed_by_a_slug_shows_no_source_number(tmp_path):
    root = copy_mini(tmp_path)
    (root / "items/civil-affairs/grp-0123456789.yaml").write_text(
        "name: 高龄津贴\nslug: grp-0123456789\ngrouping: true\n", encoding="utf-8")
    edit(root, ONLINE_ITEM, "slug: senior-allowance\n", "slug: senior-allowance\nmain_item: grp-0123456789\n")
    page = pages(root)["items/grp-0123456789/index.md"]
    assert "来源编号" not in page
    footer = text(page.split('<footer class="osc-meta">', 1)[1].split("</footer>")[0])
    assert "grp-0123456789" not in footer
    assert not footer.lstrip().startswith("·"), footer  # no separator before the first fact


# --- C12/C13: the home page's title and the 404 page, through MkDocs -----------------------

def test_home_title_is_the_site_name_and_404_offers_no_empty_life_events(tmp_path):
    root = copy_mini(tmp_path)  # (a strict build: the export's warnings would stop it)
    site_config(root)
    config = root / "mkdocs.yml"
    name = "测试市政务服务事项目录"
    config.write_text(re.sub(r"^site_name: .*$", f"site_name: {name}", config.read_text(encoding="utf-8"),
                             flags=re.M), encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf"<h1[^>]*>{name}</h1>", home), re.findall(r"<h1[^>]*>.*?</h1>", home)
    assert "life-events/" not in ways_in_404(root) and "all/" in ways_in_404(root)

    add_sub_item(root)
    add_bundle(root)
    assert mkdocs_build(root).returncode == 0
    assert "life-events/" in ways_in_404(root)


def ways_in_404(root: Path) -> str:
    """The list of ways in on the built 404 page (theme/404.html), not the menu."""
    page = (root / "site" / "404.html").read_text(encoding="utf-8")
    return page.split('id="page-title"', 1)[1].split('<ul class="osc-groups">', 1)[1].split("</ul>", 1)[0]
