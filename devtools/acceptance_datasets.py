"""The real exports ``make acceptance`` can run on (devtools/acceptance_import.py
``--dataset``), each read from ``../shared/datasets/`` and never copied.

A :class:`Dataset` says what the acceptance needs of an export: the source as
the documented command names it from the catalogue copy, the shipped mapping,
the ``catalogue`` block a county of that region writes (its codes, and for a
list-only export its ``publish.required``), and how to read the export's
records by the key the importer gives each item, independently of the
importer (what the checks compare the item files and pages with).

- ``fangchenggang`` (acceptance_import's own constants): 781 guides of
  防城港市, Guangxi (gxzwfw JSON).
- ``guangan``: the list of 广安区, Sichuan (datasets/zwfw-guangan/README.md):
  1,135 item names, departments, main-item groups and implementation codes in
  a JS data file, no guide elements.  Its items are published as lists are
  (README "Bring your existing catalogue in": ``publish: {required: [name,
  implementing_body]}``): every element then shows 未注明 with the link to the
  official guide, and ``check --gaps`` lists the gaps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Dataset:
    name: str
    folder: str                          # under ../shared/ (datasets/…)
    source: str                          # the command's source, from the catalogue copy (../shared/…)
    mapping: str                         # a shipped mapping's name
    region: dict                         # the catalogue block of the copy (region, codes, publish …)
    records: Callable[[Path], dict]      # export path -> {item key: export record}
    pattern: str                         # the export files, for the figure "(files)"
    min_share: float = 0.95              # share of records that must have a page

    def local(self, shared: Path) -> Path:
        """The export as this machine has it (``shared``: the ../shared folder)."""
        return shared / self.source.removeprefix("../shared/")


# Sichuan's dashed implementation codes as the 1,135 of 广安区 write them (ELEMENTS.md, "Item
# codes"): <basic code>-<region, 12 digits>-<3 digits>-<credit code>-<digit>-<2 digits>, and
# three public-service codes with no region part: <E-000004-001>-<credit code>.  Basic codes of
# 12 to 14 characters (511A0138000000) or the public-service G-000007-001 layout, so
# basic_layout free; where the credit code goes a few records hold an organisation code
# (083372204, 00877868-5: group "other", accepted) or a placeholder (1111111111111111,
# 4444444444: a warning); only 18 characters are checked as a credit code.  Every code of the
# list fits one format (`--dataset guangan`: 0 held back); README "Codes" shows this block
# (tests/sources/test_import_sczwfw.py compares them).
SICHUAN_CODES = {
    "basic_layout": "free",
    "implementation_formats": [
        "national",
        {"name": "四川省实施编码",
         "example": "511A0138000000-511602000000-000-115113010833722043-1-00",
         "pattern": r"(?P<basic>[0-9A-Z]+(?:-[0-9A-Z]+)*?)-[0-9]{12}-[0-9]{3}-"
                    r"(?:(?P<credit>[0-9A-Z]{18})|(?P<other>[0-9A-Za-z]+(?:-[0-9A-Z])?))-[0-9]-[0-9]{2}"},
        {"name": "四川省公共服务事项实施编码（无区划段）",
         "example": "E-000004-001-115113010833722043",
         "pattern": r"(?P<basic>[A-Z]-[0-9]{6}-[0-9]{3})-(?:(?P<credit>[0-9A-Z]{18})|(?P<other>[0-9A-Za-z]+))"},
    ],
}
# A list states no way to apply: without this nothing would be published (README).
LIST_ONLY_PUBLISH = {"required": ["name", "implementing_body"]}


def list_records(path: Path) -> dict[str, dict]:
    """The sub-items of a ``const x = [{department, items: [{main_item,
    sub_items: [...]}]}]`` file by the ``itemCode`` of their link (the key
    the sczwfw mapping gives an item), each with its ``department`` and
    ``main_item``.  Read with json (the array after the first ``=``), not
    with the importer's reader."""
    body = path.read_text(encoding="utf-8").split("=", 1)[1]
    data = json.loads(body[body.index("["):body.rindex("]") + 1])
    records = {}
    for department in data:
        for group in department["items"]:
            for sub in group["sub_items"]:
                code = parse_qs(urlsplit(sub["link"]).query)["itemCode"][0]
                records[code] = {"department": department["department"], "main_item": group["main_item"], **sub}
    return records


GUANGAN = Dataset(
    name="guangan", folder="datasets/zwfw-guangan",
    source="../shared/datasets/zwfw-guangan/bszl-data.js", mapping="sczwfw",
    region={"region": "广安区", "publisher": "广安市广安区人民政府", "province_code": "51", "sample_data": False,
            "contact": {}, "footer": None, "most_used": [], "codes": SICHUAN_CODES, "publish": LIST_ONLY_PUBLISH},
    records=list_records, pattern="bszl-data.js")
