"""The page of an item that extends a base catalogue (issue 18, item 3): a real
MkDocs build of a county copy of the mini catalogue shows the merged item and
says which parts come from the base."""

from __future__ import annotations

import html
import re

from tests.checks.test_inherit import COUNTY_ITEM, county
from tests.mini_catalogue import mkdocs_build, site_config


def test_page_shows_the_merged_item_and_what_comes_from_the_base(tmp_path):
    root = county(tmp_path, COUNTY_ITEM + "time_limits:\n  promised: {value: 10, unit: working_days}\n")
    site_config(root)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (root / "site" / "items" / "990101001000" / "index.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    # The county's own elements ...
    assert "测试县公安局" in text and "8 号窗口" in text and "0999-22000001" in text
    # ... and the base's, merged into one guide.
    assert "具有本市常住户口" in text and "居民户口簿" in text and "每证 20 元" in text
    # The page says so: the base item, with a link to its page on the base's site, and the elements taken.
    origin = page[page.index("osc-base-origin"):]
    origin = origin[:origin.index("</div>")]
    assert "按基本目录实施" in origin and "居民身份证首次申领" in origin
    assert 'href="https://base.example/items/990101001000/"' in origin
    assert "受理条件" in origin and "申请材料" in origin and "实施主体" not in html.unescape(origin).split("来自基本目录的内容")[1].split("</p>")[0]
    # The county's open data records what the item extends.
    record = (root / "site" / "open-data" / "items" / "990101001000.json").read_text(encoding="utf-8")
    assert '"extends":"990101001000"' in record


def test_the_base_files_texts_and_link_are_inert(tmp_path):
    """The base file is another site's: its title shows as text and a
    javascript: address for its item page is not made a link."""
    import json

    from tests.checks.test_inherit import BASE_FILE
    root = county(tmp_path)
    path = root / BASE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["title"] = '<script>alert("base")</script>示范市'
    for record in data["items"]:
        record["url"] = "javascript:alert(1)"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    site_config(root)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (root / "site" / "items" / "990101001000" / "index.html").read_text(encoding="utf-8")
    origin = page[page.index("osc-base-origin"):]
    origin = origin[:origin.index("</div>")]
    assert '&lt;script&gt;alert(&#34;base&#34;)&lt;/script&gt;示范市' in origin or "&lt;script&gt;" in origin
    assert "<script>" not in origin and "javascript:" not in origin and "<a " not in origin
