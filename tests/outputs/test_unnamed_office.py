"""County trial 2 (#2): an office the export names by its address only.

The importer gives it no name (it never invents one), so the site calls it by
its address, and says that address ONCE: the offices page printed it as the
link and again under it, the office page as the heading and again after 地址.
A named office keeps both its name and its address.  (``check`` warns about
the missing name, so the build here is not strict.)
"""

from __future__ import annotations

import re
from html import unescape

from mini_catalogue import copy_mini, edit, mkdocs_build, site_config

UNNAMED = "- id: hexi-road\n  address: 测试市河西路 8 号 3 楼\n"
ADDRESS = "测试市河西路 8 号 3 楼"


def _text(html: str) -> str:
    m = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', html, re.S)
    assert m, "no article in page"
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", m.group(1))))


def test_an_unnamed_office_shows_its_address_once(tmp_path):
    root = copy_mini(tmp_path)
    site_config(root)
    with open(root / "content" / "offices.yaml", "a", encoding="utf-8") as f:
        f.write(UNNAMED)
    edit(root, "items/public-security/990101001000.yaml", "  - office: city-service-centre",
         "  - office: city-service-centre\n  - office: hexi-road")
    result = mkdocs_build(root, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "hexi-road" in result.stdout + result.stderr and "没有名称" in result.stdout + result.stderr
    site = root / "site"
    listing = _text((site / "offices" / "index.html").read_text(encoding="utf-8"))
    assert listing.count(ADDRESS) == 1, listing
    assert "测试市政务服务中心" in listing and "测试市民主路 100 号" in listing   # a named office: both
    office = _text((site / "offices" / "hexi-road" / "index.html").read_text(encoding="utf-8"))
    assert office.count(ADDRESS) == 1 and "地址：" not in office, office
    named = _text((site / "offices" / "city-service-centre" / "index.html").read_text(encoding="utf-8"))
    assert "地址： 测试市民主路 100 号" in named or "地址：测试市民主路 100 号" in named, named
    # The item page's office block: the address as its heading, not again beside the window.
    item = (site / "items" / "990101001000" / "index.html").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r'<div class="osc-office">(.*?)</div>', item, re.S) if "hexi-road" in b)
    assert _text(f'<article class="md-content__inner">{block}</article>').count(ADDRESS) == 1, block
