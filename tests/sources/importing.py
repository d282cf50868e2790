"""Helpers of the importer tests: a fresh copy of the mini catalogue and
spreadsheet rows in the template's shape."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
GXZWFW = FIXTURES / "gxzwfw"


def catalogue(tmp_path: Path) -> Path:
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "catalogue", root)
    return root


def template_row(**values) -> dict:
    row = {"事项名称": "社会团体成立登记", "实施主体": "示范市民政局", "事项类型": "行政许可",
           "受理条件": "1.有50个以上的个人会员；2.有规范的名称", "承诺办结时限": "30个工作日"}
    row.update(values)
    return {k: v for k, v in row.items() if v is not None}
