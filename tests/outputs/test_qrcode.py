"""QR codes (outputs/qrcode.py): the SVG that qr_svg writes, rasterised (by
the path rules below and by Chromium, from a built item page) and read back
with zxing-cpp's decoder, which knows nothing of how the code was drawn."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

import pytest
import zxingcpp

from browser import page_of
from generator.outputs.qrcode import qr_svg

SVG_NS = "{http://www.w3.org/2000/svg}"

URLS = [
    "https://catalogue.example.gov.cn/items/990101001000/",
    "https://zwfw.example.gov.cn/items/990101001000/?from=print",
    # Percent-encoded Chinese, and the same characters as they are (UTF-8 bytes in the code).
    "https://catalogue.example.gov.cn/items/%E5%B1%85%E6%B0%91%E8%BA%AB%E4%BB%BD%E8%AF%81/",
    "https://示范市.example.gov.cn/事项/居民身份证申领?部门=公安局&渠道=窗口",
    "https://catalogue.example.gov.cn/日本/",  # fits Shift JIS: Kanji mode
    "https://catalogue.example.gov.cn/café/",  # fits ISO 8859-1
    # Long: version 20 and more.
    "https://catalogue.example.gov.cn/items/990101001000/?" + "&".join(f"k{i}=%E4%BA%8B%E9%A1%B9{i}" for i in range(30)),
    "https://catalogue.example.gov.cn/" + "办事指南" * 120,
]


def modules(svg: str) -> tuple[int, set[tuple[int, int]]]:
    """(size, dark modules) of qr_svg's SVG, by SVG's path rules for the
    commands it may use: M x y / m dx dy (move), h dx (a stroke of width 1
    through the middle of a row of modules: y is a whole number and a half)."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    d = re.search(r' d="([^"]+)"', svg).group(1)
    assert re.fullmatch(r"M[\d.]+ [\d.]+(?:m-?\d+ -?\d+|h\d+)*", d), d[:80]
    dark, x, y = set(), 0.0, 0.0
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", d):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            assert y % 1 == 0.5 and x % 1 == 0 and int(a) > 0
            dark.update((int(x) + i, int(y)) for i in range(int(a)))
            x += float(a)
    return size, dark


def decode(size: int, dark: set[tuple[int, int]], scale: int = 3) -> zxingcpp.Barcode:
    """The code read from a bitmap of *dark* (light elsewhere, *scale* pixels a module)."""
    side = size * scale
    bitmap = bytearray(b"\xff" * side * side)
    for x, y in dark:
        for row in range(y * scale, (y + 1) * scale):
            bitmap[row * side + x * scale: row * side + (x + 1) * scale] = b"\x00" * scale
    found = zxingcpp.read_barcode(memoryview(bytes(bitmap)).cast("B", (side, side)),
                                  formats=zxingcpp.BarcodeFormat.QRCode, try_rotate=False, try_invert=False)
    assert found is not None, "no QR code found"
    return found


@pytest.mark.parametrize("url", URLS, ids=lambda url: f"{len(url)}-chars")
def test_qr_svg_decodes_to_the_url(url):
    svg = qr_svg(url, title="居民身份证申领")
    size, dark = modules(svg)
    found = decode(size, dark)
    assert found.text == url
    assert found.ec_level == "M" and found.format == zxingcpp.BarcodeFormat.QRCode
    # The quiet zone: 4 light modules on every side; the code is square, 21 + 4k modules.
    border = 4
    assert min(x for x, _ in dark) == border and max(x for x, _ in dark) == size - border - 1
    assert min(y for _, y in dark) == border and max(y for _, y in dark) == size - border - 1
    assert (size - 2 * border - 21) % 4 == 0


def test_qr_svg_is_one_stable_path_in_an_svg_for_html():
    url = URLS[1]
    svg = qr_svg(url)
    assert svg == qr_svg(url)
    assert svg.startswith("<svg ") and svg.endswith("</svg>") and svg.count("<path") == 1
    root = ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    assert root.get("role") == "img" and root.find(f"{SVG_NS}title").text == url
    assert "width=" not in svg.split(">")[0] and "<?xml" not in svg
    assert qr_svg(url + "x") != svg
    assert "<title>&lt;b&gt;告知单&lt;/b&gt;</title>" in qr_svg(url, title="<b>告知单</b>")
    # Other error levels and quiet zones: still the URL.
    for error, border in (("l", 4), ("h", 4), ("q", 2)):
        size, dark = modules(qr_svg(url, error=error, border=border))
        found = decode(size, dark)
        assert found.text == url and found.ec_level == error.upper()
        assert min(x for x, _ in dark) == border


def test_qr_svg_refuses_what_is_no_code():
    with pytest.raises(ValueError, match="empty URL"):
        qr_svg("")
    with pytest.raises(ValueError, match="too long"):
        qr_svg("https://catalogue.example.gov.cn/" + "x" * 3000)
    with pytest.raises(ValueError, match="error-correction level"):
        qr_svg(URLS[0], error="x")


# Chromium draws the item page's SVG on a canvas (4 pixels a module) and hands back the red channel.
RASTER = """async () => {
  const svg = document.querySelector('.osc-qr svg');
  const size = svg.viewBox.baseVal.width, scale = 4, side = size * scale;
  const text = new XMLSerializer().serializeToString(svg)
    .replace('<svg ', `<svg width="${side}" height="${side}" `);
  const image = new Image();
  image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = side;
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, side, side);
  context.drawImage(image, 0, 0);
  const rgba = context.getImageData(0, 0, side, side).data;
  let red = '';
  for (let i = 0; i < rgba.length; i += 4) red += String.fromCharCode(rgba[i]);
  return [side, btoa(red)];
}"""


def test_the_item_pages_code_as_chromium_draws_it_reads_as_the_pages_address(chromium, rated_site, rated_url,
                                                                            site_url):
    pages = sorted(rated_site.path.glob("items/*/index.html"))
    assert pages
    with page_of(chromium) as (page, errors):
        for html_file in pages[:3]:
            page.goto(f"{rated_url}items/{html_file.parent.name}/")
            side, red = page.evaluate(RASTER)
            pixels = base64.b64decode(red)
            assert len(pixels) == side * side and set(pixels) >= {0, 255}
            found = zxingcpp.read_barcode(memoryview(pixels).cast("B", (side, side)),
                                          formats=zxingcpp.BarcodeFormat.QRCode)
            assert found is not None, html_file
            assert found.text == f"{site_url.rstrip('/')}/items/{html_file.parent.name}/"
        assert errors == []
